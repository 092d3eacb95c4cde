"""Build and sign one application's whole bundle N times, through the documents step's own code.

Each run takes a fresh application whose agencies have answered (stored on a temporary SQLite
database), then times `build_documents` and the commit: render the licence, sign it (PAdES,
demo ECDSA key, signer cached per process), the voucher with its impressions, the tax, bank and
employer notices (社会保险, 住房公积金), the 告知书 when the scope needs permits (this form's does
not), the ZIP bundle, the voucher row and the Document rows.

Then, on the same N applications, each document on its own through the function the pipeline
calls for it (licence = render + sign; `licence_render` and `licence_sign` split it; bundle = the
ZIP of the stored documents; `party_signature` = one party's PAdES signature on the 申请书, as
each signer adds it), so a slower bundle can be traced to the document that got slower.

Prints one JSON object, in milliseconds: wall-clock p50 and p95 of the whole bundle, its CPU time
p50 (this process only — steadier than wall time on a shared machine), and per document the wall
and CPU p50.

Run: .venv/bin/python -m bench.bundle [N]   (default 50)
"""

import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime

from flask_migrate import upgrade

from app.documents.application_form import render_application_form
from app.documents.employer_notices import EMPLOYER_NOTICES, render_employer_notice
from app.documents.licence import render_licence
from app.documents.signatures import PartyIdentity, party_field_name, sign_as_party
from app.documents.signing import sign_pdf
from app.extensions import db
from app.factory import create_app
from app.issuance import build, build_documents
from app.issuance.facts import licence_facts, step_answer
from app.issuance.queries import voucher_of
from app.issuance.signer import current_signer
from app.models import ApplicationStatus
from app.pipeline import operations
from app.signing.documents import filing_facts, the_party_ca
from config import Testing
from devstack.payloads import TRADE_CHARACTERS
from forms.schema import validate_application

DEFAULT_RUNS = 50
FORM = {
    "name": {"region": "竹溪县", "trade_name": "", "industry": "科技", "org_form": "有限公司"},
    "entity_type": "llc", "registered_capital_yuan": 1_000_000,
    "address": "湖北省十堰市竹溪县城关镇人民路88号2栋3层301室",
    "business_scope": ["软件开发", "信息技术咨询服务", "互联网销售（除销售需要许可的商品）"],
    "legal_representative": {"name": "张三", "id_number": "420324199001011235", "phone": "13800000000"},
    "shareholders": [{"name": "张三", "id_number": "420324199001011235", "contribution_yuan": 1_000_000}],
    "tax": {"taxpayer_type": "small_scale", "invoice_types": ["vat_ordinary"], "monthly_invoice_quota": 25},
    "seals": ["official", "finance", "invoice"], "bank": {"bank": "中国农业银行"},
    "delivery": {"method": "window"}, "contact": {"name": "张三", "phone": "13800000000"},
}
ANSWERS = {
    "seal_carving": {"seal_codes": {"official": "4203240012345", "finance": "4203240012346",
                                    "invoice": "4203240012347"}},
    "tax_registration": {"taxpayer_id": "", "tax_office": "国家税务总局竹溪县税务局",
                         "taxpayer_type": "small_scale", "invoice_types": ["vat_ordinary"],
                         "monthly_invoice_quota": 25},
    "bank_account": {"bank": "中国农业银行", "branch": "中国农业银行竹溪县支行", "account_number": "1712340104001234567"},
    "social_insurance": {"social_insurance_number": "4203240000000017", "medical_insurance_number": "4203240000000042",
                         "authority": "竹溪县人力资源和社会保障局", "medical_insurance_authority": "竹溪县医疗保障局",
                         "filed": {"employees_at_start": 0, "first_payroll_month": "2026-12"}},
    "housing_fund": {"unit_account_number": "420324000000017", "authority": "十堰市住房公积金中心竹溪县管理部",
                     "filed": {"employees_at_start": 0, "contribution_rate_percent": 5}},
}


def answered_application(run: int):
    """A submitted application as the agencies leave it just before the documents step."""
    form = dict(FORM, name=dict(FORM["name"], trade_name=TRADE_CHARACTERS[run % 24] + TRADE_CHARACTERS[run // 24 % 24]
                                + "云帆"))
    valid, errors = validate_application(form)
    assert not errors, errors
    application = operations.file_with_steps(valid).application
    db.session.commit()
    application.uscc = f"91420324MA4F{run:05d}X"[:18]
    application.registered_at = datetime.now(UTC)
    application.authority = "竹溪县市场监督管理局"
    application.status = ApplicationStatus.PROCESSING
    for name, answer in ANSWERS.items():
        step = application.step(name)
        step.result = answer | ({"taxpayer_id": application.uscc} if name == "tax_registration" else {})
        step.finished_at = datetime.now(UTC)
    db.session.commit()
    return application


def document_makers() -> dict:
    """Kind → prepare(application) → the work that makes that document the way the pipeline does, so
    the work alone is timed (the licence's signature on an already rendered licence)."""
    signer = current_signer()

    def signing(application):
        rendered = render_licence(licence_facts(application))
        return lambda: sign_pdf(rendered, signer)

    def party_signature(application):
        form = render_application_form(filing_facts(application))
        party = PartyIdentity("张三", "0" * 64, application.number)
        return lambda: sign_as_party(form, party, the_party_ca(), "签署申请书", "竹溪县政务服务中心",
                                     party_field_name(1, "张三"))

    def voucher(application):
        seal_voucher = voucher_of(application)
        return lambda: build.voucher_pdf(application, seal_voucher)

    makers = {
        "business_license": lambda application: lambda: build.licence_pdf(application),
        "licence_render": lambda application: lambda: render_licence(licence_facts(application)),
        "licence_sign": signing,
        "permit_notice": lambda application: lambda: build.permit_notice_pdf(application),
        "seal_voucher": voucher,
        "party_signature": party_signature,
        "tax_notice": lambda application: lambda: build.tax_notice_pdf(application),
        "bank_notice": lambda application: lambda: build.bank_notice_pdf(application),
        build.BUNDLE: lambda application: lambda: build.bundle(application),
    }
    for notice in EMPLOYER_NOTICES:
        makers[notice.kind] = lambda application, step=notice.step: lambda: render_employer_notice(
            step, application.company_name, application.uscc, step_answer(application, step))
    return makers


def timed(work) -> tuple[float, float]:
    """Wall and CPU milliseconds of work()."""
    began, began_cpu = time.perf_counter(), time.process_time()
    work()
    return (time.perf_counter() - began) * 1000, (time.process_time() - began_cpu) * 1000


def per_document(applications: list) -> tuple[dict[str, float], dict[str, float]]:
    """Wall and CPU p50 of each document on its own, over the applications given."""
    makers = document_makers()
    wall: dict[str, list[float]] = {kind: [] for kind in makers}
    cpu: dict[str, list[float]] = {kind: [] for kind in makers}
    for application in applications:
        for kind, prepare in makers.items():
            wall_ms, cpu_ms = timed(prepare(application))
            wall[kind].append(wall_ms)
            cpu[kind].append(cpu_ms)
    return ({kind: round(statistics.median(times), 1) for kind, times in wall.items()},
            {kind: round(statistics.median(times), 1) for kind, times in cpu.items()})


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_RUNS
    with tempfile.TemporaryDirectory() as instance_dir:
        app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance_dir}/bench.sqlite",
                         INSTANCE_PATH=instance_dir)
        with app.app_context():
            upgrade(revision="heads")
            build_documents(answered_application(runs))  # fonts, key and code warm, as in a running worker
            db.session.commit()
            timings_ms, cpu_ms, applications = [], [], []
            for run in range(runs):
                application = answered_application(run)
                wall, cpu = timed(lambda application=application: (build_documents(application),
                                                                   db.session.commit()))
                timings_ms.append(wall)
                cpu_ms.append(cpu)
                applications.append(application)
            document_wall, document_cpu = per_document(applications)
    cuts = statistics.quantiles(timings_ms, n=100)
    print(json.dumps({"ms_per_bundle_p50": round(statistics.median(timings_ms), 1),
                      "ms_per_bundle_p95": round(cuts[94], 1),
                      "cpu_ms_per_bundle_p50": round(statistics.median(cpu_ms), 1), "n": runs,
                      "ms_per_document_p50": document_wall, "cpu_ms_per_document_p50": document_cpu},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
