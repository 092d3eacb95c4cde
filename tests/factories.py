"""Test data, built the way the service builds it (Notify's tests/app/db.py habit): plain functions.

Functions that touch the database need an app context and commit what they make, so a test
client sees it; the others (payloads, document facts) are plain values. Fixtures live in the
conftest files and are built from these.
"""

import itertools
import re
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import requests
from flask import current_app
from werkzeug.datastructures import MultiDict

from app.applications.tokens import application_token
from app.documents.model import BankNotice, LicenceFacts, Parcel, SealGrant, TaxNotice, VoucherFacts
from app.extensions import db
from app.issuance.operations import add_shop
from app.messages.sending import send_one
from app.models import (
    Application,
    ApplicationStatus,
    AuditEvent,
    Channel,
    OutboxMessage,
    Rating,
    Shipment,
    Signature,
    SignatureStatus,
    StepStatus,
    User,
)
from app.pipeline import operations
from app.pipeline.runner import mark_queued, run_step
from app.privacy import decrypt_value
from app.signing import operations as signing
from app.signing.delivery import code_key, link_key
from app.signing.parties import signers_of
from app.signing.queries import signature_for_token, signatures_of
from app.timefmt import SHANGHAI
from devstack.payloads import (
    EXAMPLE,
    example_payload,
    parties,
    sign_over_http,
    unique_trade_name,
    with_own_phones,
)
from forms.schema import validate_application
from integrations import Agencies, agency_urls, clients_from_config

__all__ = [
    "EXAMPLE", "PASSWORD", "RECIPIENTS", "STATISTICS_NOW", "agency_clients", "as_form", "bank_notice",
    "create_application", "create_bare_application", "create_seal_shop", "create_statistics_dataset",
    "create_user", "deliver_outbox", "ensure_user", "example_payload", "filed_application", "licence_facts",
    "file_for_applicant", "new_application_number", "parcel_facts", "ready_application", "ready_parcels",
    "registration_body", "run_pipeline", "sandbox_sms", "sign_every_party", "sign_through_api", "sign_with_client", "sign_in", "sign_in_new_user", "signing_code",
    "signing_token", "tax_notice", "track_client",
    "unique_trade_name", "voucher_facts", "with_own_phones",
]

PASSWORD = "correct horse 210"  # every account a test makes has it

# ---------------------------------------------------------------- forms


def as_form(payload: dict, prefix: str = "") -> MultiDict:
    """What a browser posts for a payload: dotted names, lists repeated, numbers as text."""
    form = MultiDict()
    for key, value in payload.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            form.update(as_form(value, path + "."))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, row in enumerate(value):
                form.update(as_form(row, f"{path}.{index}."))
        elif isinstance(value, list):
            for item in value:
                form.add(path, item)
        else:
            form.add(path, str(value))
    return form


# ---------------------------------------------------------------- staff


def create_user(username: str, role: str, display_name: str | None = None) -> User:
    """A staff account with PASSWORD."""
    user = User(username=username, role=role, display_name=display_name or username)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


def ensure_user(username: str, role: str, display_name: str | None = None) -> User:
    """The account if a test on the same (shared) database already made it, else a new one."""
    existing = db.session.scalar(db.select(User).where(User.username == username))
    return existing or create_user(username, role, display_name)


def sign_in(client, username: str, password: str = PASSWORD):
    """Sign the test client in through the login form; returns the client."""
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def sign_in_new_user(client, app, role: str, username: str | None = None, display_name: str | None = None):
    """Make an account for `role` (named after it unless told) and sign the client in; returns the client."""
    username = username or role
    with app.app_context():
        create_user(username, role, display_name)
    return sign_in(client, username)


# ---------------------------------------------------------------- applications


def filed_application(payload: dict | None = None, channel: str = Channel.ONLINE, signed: bool = True,
                      **columns) -> Application:
    """File a payload (the example unless given) with its step rows, nothing queued; every party signs
    (through the signing operations, the identity check at the sandbox) unless `signed` is False, which
    leaves it awaiting signatures; then set columns."""
    application = operations.file_with_steps(payload or example_payload(), channel=channel).application
    db.session.commit()
    if signed:
        sign_every_party(application)
    for name, value in columns.items():
        setattr(application, name, value)
    db.session.commit()
    return application


# ---------------------------------------------------------------- signing


def _outbox_text(key: str) -> str:
    message = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.idempotency_key == key))
    assert message is not None, f"no message {key} in the outbox"
    return decrypt_value(message.body)


def signing_token(application: Application, position: int) -> str:
    """The token of the position-th party's link, read from the SMS the service queued for them."""
    signature = db.session.scalar(db.select(Signature).where(Signature.application_id == application.id,
                                                             Signature.position == position))
    text = _outbox_text(link_key(application.number, position, signature.signing_round))  # this round's link
    return re.search(r"/sign/([A-Za-z0-9_\-]+)", text).group(1)


def signing_code(application: Application, signature: Signature) -> str:
    """The code of the party's latest identity check, read from the SMS the service queued for them."""
    text = _outbox_text(code_key(application.number, signature.position, signature.verifications,
                                 signature.signing_round))
    return re.search(r"验证码\D{0,8}(\d{6})", text).group(1)


def deliver_outbox(app) -> int:
    """Send every pending outbox message now, as the worker would (the tests' broker has no consumer)."""
    with app.app_context():
        ids = list(db.session.scalars(db.select(OutboxMessage.id).where(OutboxMessage.status == "pending")
                                      .order_by(OutboxMessage.id)))
        db.session.commit()
        return sum(send_one(message_id).sent for message_id in ids)


def sandbox_sms(sandbox_url: str, phone: str, pattern: str) -> str:
    """The first group of `pattern` in the newest text to `phone` that matches, from the sandbox's inbox."""
    answer = requests.get(sandbox_url + "/_sandbox/sms", params={"phone": phone}, timeout=10)
    assert answer.status_code == 200, answer.text
    for message in answer.json()["messages"]:
        found = re.search(pattern, message["text"])
        if found:
            return found.group(1)
    raise AssertionError(f"no text to {phone} matches {pattern!r}")


class _ClientAsSession:
    """A Flask test client where devstack's helpers expect a requests session (post → status_code, json(), text)."""

    def __init__(self, client):
        self.client = client

    def post(self, url: str, json: dict, timeout: float | None = None) -> SimpleNamespace:
        response = self.client.post(url, json=json)
        return SimpleNamespace(status_code=response.status_code, json=response.get_json,
                               text=response.get_data(as_text=True))


def sign_through_api(client, sandbox_url: str, created: dict, payload: dict) -> None:
    """Every party of an application submitted through `client` signs through the JSON API as a person
    would, reading the link and the code from the sandbox's inbox (a running worker sends them)."""
    sign_over_http("/api/v1", sandbox_url, created["number"], parties(payload), _ClientAsSession(client))


def sign_with_client(client, app, number: str) -> tuple[Any, float]:
    """Every party of application `number` signs through the JSON API with `client`, the link and the
    code read from the texts the service queued (no worker needed). The last answer and its seconds."""
    with app.app_context():
        application = db.session.scalar(db.select(Application).where(Application.number == number))
        people = signers_of(application.form)
        for signature in signatures_of(application):
            token = signing_token(application, signature.position)
            verified = client.post(f"/api/v1/signing/{token}/verify",
                                   json={"id_number": people[signature.position - 1].id_number})
            assert verified.status_code == 200, verified.get_json()
            db.session.expire_all()
            code = signing_code(application, db.session.get(Signature, signature.id))
            started = time.monotonic()
            signed = client.post(f"/api/v1/signing/{token}/sign", json={
                "verification": verified.get_json()["verification"], "sms_code": code, "decision": "sign"})
            took = time.monotonic() - started
            assert signed.status_code == 200, signed.get_json()
    return signed, took


def sign_every_party(application: Application, decision: str = "sign") -> Application:
    """Every party who has not answered signs the real way: the link's token from their SMS, their ID
    number (the identity check at the sandbox), the code from their SMS. Committed; the last signature
    accepts the application (受理) but queues nothing (run_pipeline drives the steps)."""
    people = signers_of(application.form)
    for signature in signatures_of(application):
        if signature.status != SignatureStatus.PENDING:
            continue
        own = signature_for_token(signing_token(application, signature.position))
        verified = signing.verify_party(own, people[signature.position - 1].id_number)
        db.session.commit()
        signing.decide(own, verified.verification, signing_code(application, own), decision)
        db.session.commit()
    db.session.refresh(application)
    return application


def file_for_applicant(app, payload: dict | None = None, channel: str = Channel.ONLINE, **columns) -> tuple[str, str]:
    """filed_application in an app context of its own; returns what the applicant holds: (number, token)."""
    with app.app_context():
        application = filed_application(payload, channel, **columns)
        return application.number, application_token(application, app.config["SECRET_KEY"])


def track_client(client, number: str, token: str):
    """The applicant's browser after opening their link: GET /track/<number>?t=… exchanged the token
    for the application's cookie (asserted: a 303 to the clean address). Returns the client."""
    response = client.get(f"/track/{number}?t={token}")
    assert response.status_code == 303 and response.headers["Location"] == f"/track/{number}", response.status
    return client


def create_application(status: str = ApplicationStatus.PROCESSING, stuck: dict | None = None, **changes):
    """The example payload (with `changes`) filed and put in `status`, name and registration done.

    `stuck` names steps and what they are stuck with: {"tax_registration": (StepStatus.FAILED, "503 busy")}.
    """
    application = filed_application(example_payload(**changes))
    application.status = status
    for step in application.steps:
        if step.name in ("name_approval", "registration"):
            step.status, step.attempts, step.reference = StepStatus.DONE, 1, f"REF-{step.name}"
    for name, (step_status, error) in (stuck or {}).items():
        step = application.step(name)
        step.status, step.error, step.attempts = step_status, error, 3
    db.session.commit()
    return application


def create_bare_application(number: str, submitted_at: datetime, channel: str = Channel.ONLINE,
                            **columns) -> Application:
    """An application row inserted as it is, with known times (no steps, no pipeline); flushed, not committed."""
    application = Application(number=number, channel=channel, entity_type="llc", company_name=f"竹溪县{number}科技有限公司",
                              name_key=number, form={}, submitted_at=submitted_at,
                              accepted_at=columns.pop("accepted_at", submitted_at),
                              due_at=columns.pop("due_at", submitted_at), **columns)
    db.session.add(application)
    db.session.flush()
    return application


def run_pipeline(application: Application) -> Application:
    """Every step of the application, one wave after another, against the sandbox (no worker).

    In a thread of its own: when browser tests share the session, Playwright keeps an asyncio loop
    running in the main thread, and the licence signing (pyHanko) cannot start its loop there.
    """
    app = current_app._get_current_object()

    def drive(application_id: int) -> None:
        with app.app_context():
            step_ids = mark_queued(db.session.get(Application, application_id))
            while step_ids:
                next_ids = []
                for step_id in step_ids:
                    outcome = run_step(step_id)
                    assert outcome.claimed and outcome.retry_in is None, outcome
                    next_ids += outcome.next_step_ids
                step_ids = next_ids

    with ThreadPoolExecutor(1) as pool:
        pool.submit(drive, application.id).result()
    db.session.expire_all()
    return application


def ready_application(**changes) -> Application:
    """The example form (with `changes`), validated, filed and run through every agency to ready_for_issue.

    Its documents are built, and a courier delivery has its waybill booked.
    """
    form, errors = validate_application(example_payload(**changes))
    assert not errors, errors
    application = run_pipeline(filed_application(form))
    assert application.status == ApplicationStatus.READY_FOR_ISSUE, application.status_note
    return application


# Phones and addresses distinct per parcel, so a test can tell which one leaked onto a label.
RECIPIENTS = [
    {"recipient": "张三", "phone": "13812345678", "address": "湖北省十堰市竹溪县城关镇人民路1号"},
    {"recipient": "李四", "phone": "13987654321", "address": "湖北省十堰市竹溪县水坪镇解放街18号"},
    {"recipient": "王五", "phone": "15011112222", "address": "湖北省十堰市竹溪县蒋家堰镇新街6号3单元"},
]


def ready_parcels(count: int) -> list[Shipment]:
    """`count` courier applications, ready for issue, each with its booked waybill."""
    applications = [ready_application(delivery={"method": "courier", **RECIPIENTS[i % len(RECIPIENTS)]})
                    for i in range(count)]
    return [db.session.query(Shipment).filter_by(application_id=a.id).one() for a in applications]


def create_seal_shop(name: str) -> str:
    """A seal shop that may redeem vouchers; returns its API key (only the hash is stored)."""
    _, key = add_shop(name)
    db.session.commit()
    return key


# ---------------------------------------------------------------- statistics

STATISTICS_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=SHANGHAI)  # the end of the dataset's 30 days


def create_statistics_dataset(days_later: int = 0) -> None:
    """Five applications in the 30 days ending 2026-11-20 (Shanghai), one just before them.

    hours submit → handed over: A 8, B 48, D 12, F 26 → average 23.5; p90 = 26 + 0.7 × (48 − 26) = 41.4.
    Per day: 10-22 one (window), 11-18 two (one each), 11-20 two (online); apply on time 3 of 4, issue
    on time 3 of 4; reviews: tax 2, registration 1, bank 1; ratings in the period 5, 3, 4.
    `days_later` moves the whole dataset (for pages that count back from today).
    """
    def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
        return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI) + timedelta(days=days_later)

    bare = create_bare_application
    a = bare("A", at(11, 18, 9), Channel.ONLINE, due_at=at(11, 19, 9), ready_at=at(11, 18, 15),
             issue_due_at=at(11, 19, 15), handed_over_at=at(11, 18, 17))          # both stages on time
    b = bare("B", at(11, 18, 10), Channel.WINDOW, due_at=at(11, 19, 10), ready_at=at(11, 19, 12),
             issue_due_at=at(11, 20, 12), handed_over_at=at(11, 20, 10))          # apply late, issue on time
    bare("C", at(11, 20, 7), Channel.ONLINE, due_at=at(11, 20, 17))                # 11-19 23:00 UTC: a Shanghai 11-20
    d = bare("D", at(11, 20, 1), Channel.ONLINE, due_at=at(11, 20, 17), ready_at=at(11, 20, 9),
             issue_due_at=at(11, 20, 12), handed_over_at=at(11, 20, 13))          # apply on time, issue late
    e = bare("E", at(10, 21, 23, 30), Channel.ONLINE, due_at=at(10, 22, 17))      # the day before the period
    bare("F", at(10, 22, 0, 30), Channel.WINDOW, due_at=at(10, 23, 0, 30), ready_at=at(10, 22, 10),
         issue_due_at=at(10, 23, 10), handed_over_at=at(10, 23, 2, 30))           # 10-21 16:30 UTC: in the period
    refused = [(a, "tax_registration: 税务退回", at(11, 18, 11)), (b, "tax_registration: 税务退回", at(11, 18, 12)),
               (b, "bank_account: 银行退回", at(11, 19, 9)), (d, "name_approval: 名称退回", at(10, 1, 9))]
    for application, note, when in refused:
        db.session.add(AuditEvent(application_id=application.id, actor="system", action="agency_refused",
                                  note=note, at=when))
    db.session.add(AuditEvent(application_id=d.id, actor="system", action="step_failed",
                              note="registration: 多次超时", at=at(11, 20, 3)))
    db.session.add(AuditEvent(application_id=a.id, actor="system", action="submitted", note="registration: x",
                              at=at(11, 18, 9)))  # not a review
    for application, score, when in ((a, 5, at(11, 18, 18)), (b, 3, at(11, 20, 11)), (d, 4, at(11, 20, 11, 30)),
                                     (e, 1, at(10, 21, 23, 59))):
        db.session.add(Rating(application_id=application.id, score=score, created_at=when))
    db.session.commit()


# ---------------------------------------------------------------- agencies (the clients' tests)

_application_numbers = itertools.count(1)


def new_application_number() -> str:
    """A number the sandbox has not seen from this test run."""
    return f"KB{next(_application_numbers):08d}"


def agency_clients(sandbox_url: str, read_timeout: float = 10.0) -> Agencies:
    """The real clients, every one pointed at the sandbox."""
    config: dict[str, Any] = agency_urls(sandbox_url)
    config.update(AGENCY_CONNECT_TIMEOUT=2, AGENCY_READ_TIMEOUT=read_timeout)
    return clients_from_config(config)


def registration_body(reservation: dict[str, Any], entity_type: str = "llc",
                      address: str = "湖北省十堰市竹溪县城关镇人民路1号") -> dict[str, Any]:
    """The body registration expects, for a reservation {application_number, reference, full_name}."""
    return {
        "application_number": reservation["application_number"],
        "name_reference": reservation["reference"],
        "full_name": reservation["full_name"],
        "entity_type": entity_type,
        "region_code": "420324",
        "registered_capital_yuan": 1_000_000,
        "legal_representative": {"name": "张三", "id_number": "420324199001011235"},
        "address": address,
        "business_scope": ["软件开发", "信息技术咨询服务"],
        "shareholders": [{"name": "张三", "id_number": "420324199001011235", "contribution_yuan": 1_000_000}],
        "signatories": [{"name": "张三", "roles": ["legal_representative", "shareholder"],
                         "signed_at": "2026-05-12T09:30:00+08:00"}],
        "application_form_sha256": "0" * 64,
    }


# ---------------------------------------------------------------- document facts (the renderers' tests)

COMPANY = "竹溪县青山茶叶贸易有限公司"
USCC = "91420324MA4F0KXQ3N"
DAY = date(2026, 5, 12)


def licence_facts() -> LicenceFacts:
    return LicenceFacts(
        uscc=USCC, name=COMPANY, entity_type_label="有限责任公司（自然人投资或控股）",
        legal_representative="张三丰", registered_capital_yuan=1_000_000, established_on=DAY,
        address="湖北省十堰市竹溪县城关镇人民路88号2栋3层301室",
        business_scope=["茶叶种植", "初级农产品收购", "食品销售（仅销售预包装食品）", "农副产品销售",
                        "互联网销售（除销售需要许可的商品）", "技术服务、技术开发、技术咨询", "货物进出口"],
        authority="竹溪县市场监督管理局", issued_on=DAY,
        verify_url=f"https://kaiban.example.cn/verify/{USCC}?t=Zq3",
    )


def voucher_facts() -> VoucherFacts:
    return VoucherFacts(
        company_name=COMPANY, uscc=USCC,
        seals=[SealGrant("official", "4203240012345", True), SealGrant("finance", "4203240012346", True),
               SealGrant("invoice", "4203240012347", True), SealGrant("legal_rep", "4203240012348", True),
               SealGrant("contract", "4203240012349", False)],
        voucher_code="GBER-MS2Z-KDS3-UTMT", verify_url="https://kaiban.example.cn/seal-vouchers/GBERMS2ZKDS3UTMT",
        valid_until=date(2026, 6, 11), legal_representative="张三丰",
    )


def tax_notice() -> TaxNotice:
    return TaxNotice(COMPANY, USCC, "国家税务总局竹溪县税务局", "小规模纳税人", ["数电发票（普通发票）"],
                     100_000, 50, DAY)


def bank_notice() -> BankNotice:
    return BankNotice(COMPANY, USCC, "中国农业银行", "中国农业银行股份有限公司竹溪县支行",
                      "17123401040012345", DAY)


def parcel_facts(number: int, **changes) -> Parcel:
    """Parcel number `number`, with any field changed."""
    fields = dict(
        waybill_number=f"EK{123456780 + number}CN", sender_name="竹溪县政务服务中心企业开办专区",
        sender_phone="0719-5212345", sender_address="湖北省十堰市竹溪县城关镇府前路1号",
        recipient_name="张三丰", recipient_phone="138 1234 0000",
        recipient_address="湖北省十堰市竹溪县城关镇人民路88号2栋3层301室",
        contents=["营业执照副本", "公章", "财务专用章", "发票专用章"],
        tracking_url=f"https://kaiban.example.cn/track/EK{123456780 + number}CN",
    )
    fields.update(changes)
    return Parcel(**fields)


# ---------------------------------------------------------------- employer agencies (社保 with 医保, 住房公积金)

COMPANY_ADDRESS = "湖北省十堰市竹溪县城关镇人民路1号"  # registration_body's default address


def _unit_body(company: dict[str, Any], address: str) -> dict[str, Any]:
    """What both employer agencies ask of a registered company {application_number, uscc, full_name}."""
    return {
        "application_number": company["application_number"],
        "uscc": company["uscc"],
        "full_name": company["full_name"],
        "region_code": "420324",
        "legal_representative": {"name": "张三", "id_number": "420324199001011235"},
        "address": address,
        "employees_at_start": 0,  # a founder who hires nobody yet
    }


def social_insurance_body(company: dict[str, Any], address: str = COMPANY_ADDRESS, **changes) -> dict[str, Any]:
    """The body social insurance expects for a company registered this month, with any field changed."""
    first_payroll_month = datetime.now(SHANGHAI).strftime("%Y-%m")
    return _unit_body(company, address) | {"first_payroll_month": first_payroll_month} | changes


def housing_fund_body(company: dict[str, Any], address: str = COMPANY_ADDRESS, **changes) -> dict[str, Any]:
    """The body the housing fund centre expects (rate 12 %, no bank account), with any field changed."""
    return _unit_body(company, address) | {"contribution_rate_percent": 12} | changes
