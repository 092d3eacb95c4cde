"""Schemathesis against the WSGI app (no server): every operation of /api/v1/openapi.json, every check.

A schema-driven client must never send a request the schema allows and the server refuses, nor
be answered anything the schema does not declare. So every built-in check runs — no server
error, status codes, content types, response schemas and headers, negative data rejected,
positive data accepted, undeclared methods answered 405 with `Allow`, missing required headers,
ignored auth — on every operation, in the examples, coverage and fuzzing phases, with a fixed
seed so a red run always points at a change. It runs through Schemathesis's engine, as its
command line does, inside this one test: the pytest plugin's fixture loader reads a node
attribute pytest 9 no longer has.

The app is a real one: CSRF on (the upload box's token and cookie come from GET /verify/, as a
browser gets them), a seal shop with its key, and an application run through the sandbox
agencies, so the follow, document, voucher and impression operations answer 200 to the right
credentials and 401/403/404 to others.

Where the configuration departs from the defaults, it says why:

- The schema's string formats are drawn from what they name, as a client reading the schema would
  build them: `cn-resident-id` (GB 11643-1999: region code, birth date, check character),
  `cn-region-name` (GB/T 2260), and the names and addresses of forms.characters, drawn from the
  same ranges as their patterns (which still filter every value; Hypothesis would otherwise build
  a strategy for those patterns code point by code point, some 100 000 of them, seconds each).
- POST /api/v1/applications may answer 422 to a body the schema allows: three rules no JSON Schema
  can state (the contributions add up to the registered capital, no investor twice, no region's
  name as trade name), which the schema's description and its 422 declare. Positive data
  acceptance therefore also takes 422 there, and `refusals_only_beyond_json_schema` below holds
  such an answer to those three rules: any other field named in it fails the run.
- ignored_auth is off for the two operations of the applicant's token: there a wrong token is
  answered 404 on purpose (see the configuration).
"""

import datetime
import re

import pytest
import schemathesis
from flask_migrate import upgrade
from hypothesis import strategies as st
from schemathesis.engine import events, from_schema
from schemathesis.engine.statistic import Statistic
from schemathesis.transport.wsgi import WSGITransport
from sqlalchemy import select

from app.applications.tokens import application_token
from app.extensions import db
from app.factory import create_app
from app.models import SealVoucher
from app.rules import id_number as id_rules
from app.rules import names as name_rules
from app.rules import regions
from config import Testing
from forms import characters
from integrations import agency_urls
from tests.factories import create_seal_shop, ready_application

MAX_EXAMPLES = 40  # per operation and phase: the whole file stays well under a minute on two cores
SEED = 210


def resident_ids() -> st.SearchStrategy[str]:
    """Valid resident ID numbers of adults: a real region code, a birth date 18 to 100 years ago."""
    codes = [code for code in map("{:06d}".format, range(110000, 660000))
             if code[2:] != "0000" and regions.is_region_code(code)]
    today = datetime.date.today()
    births = st.dates(min_value=today - datetime.timedelta(days=100 * 365),
                      max_value=today - datetime.timedelta(days=19 * 366))
    return st.builds(lambda code, born, serial: _with_check(f"{code}{born:%Y%m%d}{serial:03d}"),
                     st.sampled_from(codes), births, st.integers(0, 999))


def _with_check(first17: str) -> str:
    return first17 + id_rules.check_char(first17)


def ideographs() -> st.SearchStrategy[str]:
    """Any ideograph the name and address classes admit, rare planes included (生僻字)."""
    return st.one_of([st.characters(min_codepoint=low, max_codepoint=high) for low, high in characters.IDEOGRAPH_RANGES])


def person_names() -> st.SearchStrategy[str]:
    return st.lists(st.text(ideographs(), min_size=1, max_size=6), min_size=1, max_size=3).map(characters.MIDDLE_DOT.join)


def contact_names() -> st.SearchStrategy[str]:
    words = st.from_regex(r"[A-Za-z]{1,8}\.?", fullmatch=True)
    latin = st.tuples(words, st.lists(st.tuples(st.sampled_from(" -"), words), max_size=3)).map(
        lambda parts: parts[0] + "".join(separator + word for separator, word in parts[1]))
    return st.one_of(person_names(), latin)


def addresses() -> st.SearchStrategy[str]:
    signs = st.sampled_from("0123456789ABCxyz－-#()（）,，、.·/〇 ")
    return st.text(st.one_of(ideographs(), signs), min_size=5, max_size=60).map(str.strip).filter(lambda a: len(a) >= 5)


# The schema's formats, drawn from what they name (the schema's patterns still filter every value).
FORMATS = {
    "cn-resident-id": resident_ids(),
    "cn-region-name": st.sampled_from(sorted(n for n in regions.region_names() if len(n) <= 20)),
    "cn-person-name": person_names(),
    "cn-contact-name": contact_names(),
    "cn-address": addresses(),
}
for name, strategy in FORMATS.items():
    schemathesis.openapi.format(name, strategy)


def _is_positive(case) -> bool:
    return case.meta is not None and case.meta.generation.mode.is_positive


def _allowed_refusals(body: dict) -> set[str]:
    """The field paths the rules beyond JSON Schema would name for this body."""
    allowed: set[str] = set()
    holders = body.get("shareholders") or []
    if holders and sum(h["contribution_yuan"] for h in holders) != body["registered_capital_yuan"]:
        allowed.add("registered_capital_yuan")
    seen: set[str] = set()
    for index, holder in enumerate(holders):
        if holder["id_number"] in seen:
            allowed.add(f"shareholders.{index}.id_number")
        seen.add(holder["id_number"])
        if holder["id_number"].upper() != body["legal_representative"]["id_number"].upper() and not holder.get("phone"):
            allowed.add(f"shareholders.{index}.phone")  # required of every party but the legal representative
        legal = body["legal_representative"]
        if holder["id_number"].upper() == legal["id_number"].upper() and holder["name"] != legal["name"]:
            allowed.add(f"shareholders.{index}.name")  # one ID number is one person, with one name
    if not id_rules.is_adult_on(body["legal_representative"]["id_number"], datetime.date.today()):
        allowed.add("legal_representative.id_number")  # 18 on the day of submission (民法典 17–18)
    if name_rules.is_region_as_trade_name(body["name"]["trade_name"]):
        allowed.add("name.trade_name")
    for index, backup in enumerate(body["name"].get("backup_trade_names") or []):
        # A backup is checked as the trade name is, and may not repeat it (the schema says uniqueItems only).
        if name_rules.is_region_as_trade_name(backup) or backup == body["name"]["trade_name"]:
            allowed.add(f"name.backup_trade_names.{index}")
    return allowed


@schemathesis.check
def refusals_only_beyond_json_schema(ctx, response, case):
    """A schema-valid application refused with 422 names only fields of the three undeclarable rules."""
    if case.operation.label != "POST /api/v1/applications" or response.status_code != 422 or not _is_positive(case):
        return None
    if not isinstance(case.body, dict):
        return None
    named = set(response.json()["errors"])
    unexplained = named - _allowed_refusals(case.body)
    if unexplained:
        raise AssertionError(f"a body the schema allows was refused for {sorted(unexplained)}: {response.text[:800]}")
    return None


def config(number: str, token: str, shop_key: str, voucher: str, csrf: str, session: str) -> schemathesis.Config:
    return schemathesis.Config.from_dict({
        "seed": SEED,
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True},
        "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True},
                   "stateful": {"enabled": False}},
        "auth": {"openapi": {"applicant": {"bearer": token}, "seal_shop": {"bearer": shop_key}}, "auto-signup": False},
        "parameters": {"path.number": number, "path.code": voucher, "header.X-CSRFToken": csrf,
                       "cookie.session": session},
        "operations": [{
            "include-name": "POST /api/v1/applications",
            # Schemathesis's own list (409 among them: an Idempotency-Key drawn twice with other bodies),
            # and 422: a body the schema allows may break one of three rules it cannot state (see the
            # module's docstring); refusals_only_beyond_json_schema checks that a 422 names nothing else.
            "checks": {"positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx", "422"]}},
        }, {
            "include-name": ["GET /api/v1/applications/{number}", "GET /api/v1/applications/{number}/documents/{kind}"],
            # No token is a 401, but a wrong one is the 404 of an unknown number (API.md: no oracle of
            # which numbers exist), where this check wants 401/403. tests/app/api/test_applications.py
            # holds both answers.
            "checks": {"ignored_auth": {"enabled": False}},
        }],
    })


@pytest.fixture(scope="module")
def api_app(tmp_path_factory, sandbox):
    """A real app: CSRF on, rate limits off (Testing), a finished application, a seal shop."""
    folder = tmp_path_factory.mktemp("schemathesis")
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'api.sqlite'}",
                     INSTANCE_PATH=str(folder), **agency_urls(sandbox.url))
    with app.app_context():
        upgrade(revision="heads")
        application = ready_application()
        app.facts = {"number": application.number,
                     "token": application_token(application, app.config["SECRET_KEY"]),
                     "voucher": db.session.scalar(select(SealVoucher.code).where(
                         SealVoucher.application_id == application.id)),
                     "shop_key": create_seal_shop("竹溪县诚信刻章店")}
    return app


def upload_credentials(app) -> tuple[str, str]:
    """What a browser holds after GET /verify/: the page's CSRF token and its session cookie."""
    client = app.test_client()
    page = client.get("/verify/").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return csrf, client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def run(app) -> Statistic:
    """Every phase over every operation; the statistic the command line would print."""
    csrf, session = upload_credentials(app)
    facts = app.facts
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config(
        facts["number"], facts["token"], facts["shop_key"], facts["voucher"], csrf, session))
    statistic, errors = Statistic(), []
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            statistic.on_scenario_finished(event.recorder)
        elif isinstance(event, events.NonFatalError | events.FatalError):
            errors.append(event)
    assert not errors, [(e.label, repr(e.value)) if isinstance(e, events.NonFatalError) else repr(e.exception)
                        for e in errors]
    return statistic


def describe(statistic: Statistic) -> str:
    lines = [f"{statistic.total_cases} cases generated, {len(statistic.unique_failures_map)} unique failures"]
    for label, grouped in statistic.failures.items():
        for group in grouped.values():
            status = group.response.status_code if group.response is not None else None
            lines += [f"{label}: {failure.title} ({status}) — {failure.message[:300]}" for failure in group.failures]
    return "\n".join(lines)


@pytest.fixture
def probes_in_process(monkeypatch):
    """Schemathesis 4.32 sends its ignored-auth probes without the run's session, and its WSGI transport
    then hands the socket-level settings to Werkzeug, which has none (a TypeError, not a finding): drop
    them there as the transport does for every other request."""
    send = WSGITransport.send

    def send_in_process(self, case, *, session=None, **kwargs):
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        return send(self, case, session=session, **kwargs)

    monkeypatch.setattr(WSGITransport, "send", send_in_process)


def test_every_operation_conforms_to_the_published_schema(api_app, probes_in_process):
    statistic = run(api_app)
    print(describe(statistic))
    paths = api_app.test_client().get("/api/v1/openapi.json").get_json()["paths"]
    operations = {f"{method.upper()} {path}" for path, methods in paths.items() for method in methods}
    # Schemathesis leaves out the operation that serves the document it runs from.
    assert operations - statistic.tested_operations == {"GET /api/v1/openapi.json"}
    assert statistic.total_cases > 20 * len(operations)  # each operation really was exercised
    assert statistic.unique_failures_map == {}, describe(statistic)
