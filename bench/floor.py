"""The floor: what the pipeline's work costs one plain process with no database and no queue.

    python -m bench.floor --sandbox URL [-n 20]      (prints one JSON object)

Each application is the devstack payload `bench.pipeline` submits, as a transient Application (never
added to a session) with its planned Step rows. First what filing and signing do before acceptance
(its CPU counts, its time does not: the pipeline's latency runs from acceptance): the 申请书 and 章程
rendered from the form, each party's identity check at the provider and signature on both, and the
same texts and e-mails (the signing links and codes, and each status change's text and e-mail)
handed to the same SMS gateway and SMTP receiver. Then every step runs through the pipeline's own executor
(app.pipeline.executors.EXECUTORS: the same integrations clients, request bodies and idempotency
keys, the same document renderers and signer); only the database reads and writes around them are
adapted here: signatures come from the payload's parties, the filed 申请书 from the filing above,
documents are kept in a dict and the bundle zipped from it. The app is on an empty in-memory SQLite database, so a stray query fails loudly.

Run twice per application: serially, and with each wave of the plan (the steps whose needs are
done) fanned out in threads. Reports this process's own CPU (getrusage: user+sys, all threads) and
wall time per application, the sandbox's CPU not included.
"""

import argparse
import itertools
import json
import resource
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime
from types import SimpleNamespace
from unittest import mock

from app.applications.tokens import new_number
from app.documents.application_form import render_application_form
from app.documents.articles import has_articles, render_articles
from app.documents.bundle import bundle_zip
from app.documents.signatures import PartyIdentity, party_field_name, sign_as_party
from app.factory import create_app
from app.issuance.build import bundled_files
from app.messages.texts import status_email, status_sms
from app.models import Application, ApplicationStatus, SignatureStatus, Step
from app.models.step import StepStatus
from app.pipeline import plan
from app.pipeline.executors import EXECUTORS
from app.privacy.values import ID_NUMBER
from app.privacy.values import digest as keyed_digest
from app.rules.id_number import normalise_id
from app.rules.names import full_name
from app.signing.documents import APPLICATION_FORM, ARTICLES, REASONS, filing_facts, the_party_ca
from app.signing.parties import signers_of
from app.signing.texts import code_sms, link_sms
from config import Default
from devstack.payloads import example_payload, with_own_phones
from devstack.stack import agency_urls
from forms.schema import validate_application
from integrations.registry import agencies, mail_client, sms_gateway

DOCUMENTS: dict[str, dict[str, bytes]] = {}  # application number -> kind -> content
FILED: dict[int, dict[str, bytes]] = {}  # application id -> the signed 申请书 and 章程
IDS = itertools.count(1)  # transient ids, for the executors' lookups by id
STATUS_CHANGES = ("awaiting_signatures", "submitted", "processing", "ready_for_issue")  # each a text and an e-mail


def transient_application(payload: dict, config) -> Application:
    form, errors = validate_application(payload)
    assert not errors, errors
    number = new_number(datetime.now(UTC))
    name = form["name"]
    application = Application(id=next(IDS), number=number, form=form, entity_type=form["entity_type"],
                              status=ApplicationStatus.PROCESSING, accepted_at=datetime.now(UTC),
                              submitted_at=datetime.now(UTC), company_name=full_name(
                                  name["region"], name["trade_name"], name["industry"], name["org_form"]))
    application.steps = [Step(name=s.name, position=i, idempotency_key=f"{number}-{s.name}")
                         for i, s in enumerate(plan.steps_for(application.entity_type, config))]
    DOCUMENTS[number] = {}
    return application


def signatures(application: Application) -> list[SimpleNamespace]:
    """Every party signed, as the registration body names them."""
    form = application.form
    roles: dict[str, list[str]] = {form["legal_representative"]["name"]: ["legal_representative"]}
    for holder in form.get("shareholders") or []:
        roles.setdefault(holder["name"], []).append("shareholder")
    return [SimpleNamespace(status=SignatureStatus.SIGNED, name=name, roles=r, signed_at=datetime.now(UTC),
                            witnessed_by=None, witnessed_at=None) for name, r in roles.items()]


def file_and_sign(flask_app, application: Application) -> None:
    """What submission and signing do before acceptance, with no database: the filing documents
    rendered, then for each party the identity check, the link and code texts and the signatures."""
    with flask_app.app_context():
        config = flask_app.config
        sms, mail = sms_gateway(), mail_client()
        facts = filing_facts(application)
        made = {APPLICATION_FORM: render_application_form(facts)}
        if has_articles(application.entity_type):
            made[ARTICLES] = render_articles(facts)
        ca, number = the_party_ca(), application.number
        contact = application.form["contact"]
        for position, signer in enumerate(signers_of(application.form), start=1):
            sms.send(signer.phone, link_sms(number, application.company_name, 5, f"/sign/{number}-{position}"),
                     f"floor-link:{number}:{position}")
            agencies().identity.verify(signer.name, normalise_id(signer.id_number), signer.phone,
                                       f"floor-identity:{number}:{position}")
            sms.send(signer.phone, code_sms("123456", 10), f"floor-code:{number}:{position}")
            identity = PartyIdentity(signer.name, keyed_digest(ID_NUMBER, signer.id_number, b"floor"), number)
            for kind in made:
                made[kind] = sign_as_party(made[kind], identity, ca, REASONS[kind], config["CENTRE_NAME"],
                                           party_field_name(position, signer.name))
        for status in STATUS_CHANGES:
            sms.send(contact["phone"], status_sms(status, number, "/track"), f"floor-status:{number}:{status}")
            if contact.get("email"):
                subject, body = status_email(status, number, application.company_name, "/track")
                mail.send(contact["email"], subject, body, f"floor-status:{number}:{status}:email")
        FILED[application.id] = made


def store(application: Application, kind: str, content: bytes, content_type: str = "application/pdf") -> None:
    DOCUMENTS[application.number][kind] = content


def store_licence_documents(application: Application, licence: bytes, permit_notice: bytes | None) -> None:
    store(application, "business_license", licence)
    if permit_notice is not None:
        store(application, "permit_notice", permit_notice)


def bundle(application: Application) -> bytes:
    files = bundled_files(application)
    return bundle_zip({files[kind]: DOCUMENTS[application.number][kind] for kind in files})


def adapters() -> ExitStack:
    """The executors' database reads and writes replaced by the in-memory ones above."""
    stack = ExitStack()
    for target, value in {
        "app.pipeline.executors.signatures_of": signatures,
        "app.pipeline.executors.filing_document":
            lambda application_id, kind: SimpleNamespace(content=FILED[application_id][kind]),
        "app.issuance.operations.voucher_of": lambda application: None,
        "app.pipeline.executors.seals_of": lambda application: [],
        "app.pipeline.executors.db": SimpleNamespace(session=SimpleNamespace(add=lambda row: None)),
        "app.pipeline.executors.store": store,
        "app.pipeline.executors.store_licence_documents": store_licence_documents,
        "app.pipeline.employer_steps.store": store,
        "app.pipeline.executors.bundle": bundle,
    }.items():
        stack.enter_context(mock.patch(target, value))
    return stack


def run_step(flask_app, application: Application, name: str) -> None:
    with flask_app.app_context():
        step = application.step(name)
        answer = EXECUTORS[name](step, application)
        step.result, step.reference, step.finished_at = answer.result, answer.reference, datetime.now(UTC)
        if name not in ("documents", "shipment"):  # their effects are rows: the ready state, the waybill
            answer.apply(application)
        step.status = StepStatus.DONE


def waves(application: Application, config) -> list[list[str]]:
    """The plan's steps in waves: each wave's needs are all in earlier waves."""
    steps = plan.steps_for(application.entity_type, config)
    done: set[str] = set()
    result = []
    while len(done) < len(steps):
        wave = [s.name for s in steps if s.name not in done and set(s.needs) <= done]
        result.append(wave)
        done |= set(wave)
    return result


def one_application(flask_app, fan_out: ThreadPoolExecutor | None) -> float:
    """File and sign one application, then run its steps; the wall time from acceptance to ready
    (the documents step's end) in ms."""
    application = transient_application(with_own_phones(example_payload()), flask_app.config)
    file_and_sign(flask_app, application)
    began = time.perf_counter()
    for wave in waves(application, flask_app.config):
        if fan_out is None or len(wave) == 1:
            for name in wave:
                run_step(flask_app, application, name)
        else:
            list(fan_out.map(lambda name: run_step(flask_app, application, name), wave))
        if plan.READY_STEP in wave:
            elapsed = (time.perf_counter() - began) * 1000
    assert set(bundled_files(application)) <= set(DOCUMENTS.pop(application.number))
    FILED.pop(application.id)
    return elapsed


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(flask_app, n: int, fan_out: ThreadPoolExecutor | None) -> dict:
    cpu = cpu_seconds()
    latencies = [one_application(flask_app, fan_out) for _ in range(n)]
    return {"cpu_ms_per_application": round((cpu_seconds() - cpu) * 1000 / n, 1),
            "latency_ms_p50": round(statistics.median(latencies), 1)}


def floor(sandbox_url: str, n: int, instance_path: str | None = None) -> dict:
    flask_app = create_app(Default, SQLALCHEMY_DATABASE_URI="sqlite://", SECRET_KEY="floor", TESTING=True,
                           **agency_urls(sandbox_url), **({"INSTANCE_PATH": instance_path} if instance_path else {}))
    with adapters(), ThreadPoolExecutor(8) as pool:
        one_application(flask_app, None)  # warm: fonts, key, HTTP pool, code
        one_application(flask_app, pool)
        serial = measure(flask_app, n, None)
        parallel = measure(flask_app, n, pool)
    return {"n": n, "serial": serial, "fan_out": parallel}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sandbox", required=True, help="the sandbox's base URL")
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("--instance", help="instance folder (the signing key), as the stack's")
    args = parser.parse_args(argv)
    result = floor(args.sandbox, args.n, args.instance)
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
