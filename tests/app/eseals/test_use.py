"""Using an electronic seal: the applicant uploads a PDF, the legal representative confirms with the SMS
code, the signed copy is downloaded and checks on /verify/upload; wrong, expired and locked codes, revoked
seals, other applications and bad uploads are refused in plain Chinese."""

import re
from datetime import timedelta
from io import BytesIO
from urllib.parse import quote

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from app.applications.tokens import application_token
from app.eseals.authority import seal_ca
from app.eseals.checks import seal_signatures
from app.eseals.issue import seals_of
from app.eseals.revocation import revoke_seal
from app.eseals.use import (
    MAX_FAILURES,
    clean_filename,
    code_key,
    confirm_use,
    place,
    resend_code,
    signed_filename,
    start_use,
    usable_seals,
    use_code_digest,
)
from app.extensions import db
from app.models import Application, ApplicationStatus, AuditEvent, OutboxMessage, Role
from app.models.eseals import SealUse
from app.models.types import utcnow
from app.privacy.values import decrypt_value
from app.refusal import Refusal
from tests.app.eseals.sealed_pdfs import contract_pdf
from tests.app.eseals.test_issue import issued
from tests.app.eseals.test_verify_eseals import signatures, upload
from tests.factories import create_user, sandbox_sms, track_client
from tests.support.pdf import tamper

CODE = re.compile(r"验证码为：(\d{6})")


def sent_code(use: SealUse, number: int = 1) -> str:
    """The code of the use's number-th text, read from the outbox."""
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == code_key(use, number)))
    return CODE.search(decrypt_value(message.body)).group(1)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def seal_of(application: Application, kind: str = "official"):
    return next(seal for seal in seals_of(application) if seal.kind == kind)


def tracked(app, client) -> dict:
    """An issued application with its seals, opened in the applicant's browser."""
    with app.app_context():
        application = issued(app)
        facts = {"number": application.number, "company": application.company_name, "uscc": application.uscc,
                 "phone": decrypt_value(application.form["legal_representative"]["phone"]),
                 "serial": seal_of(application).serial,
                 "token": application_token(application, app.config["SECRET_KEY"])}
    track_client(client, facts["number"], facts["token"])
    return facts


def post_use(client, number: str, pdf: bytes | None = None, filename: str = "合同 2026.pdf", **fields):
    data = {"kind": "official", "page": "1", "position": "bottom-right"} | fields
    if pdf is not False:
        data["pdf"] = (BytesIO(contract_pdf() if pdf is None else pdf), filename)
    return client.post(f"/track/{number}/eseals/use", data=data, content_type="multipart/form-data")


def started(app, client, **fields) -> tuple[dict, int]:
    facts = tracked(app, client)
    response = post_use(client, facts["number"], **fields)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    use_id = int(response.location.rsplit("/", 1)[-1])
    return facts, use_id


def code_of(app, use_id: int, number: int = 1) -> str:
    with app.app_context():
        return sent_code(db.session.get(SealUse, use_id), number)


def big_pdf(kilobytes: int) -> bytes:
    """An uncompressed PDF of about `kilobytes` (text lines), to pass the app-wide upload limit."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=0)
    line = "0123456789 " * 9
    for row in range(kilobytes * 1024 // (len(line) + 20)):
        canvas.drawString(20, 20 + row % 780, line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# ---- the whole flow through the pages ----

def test_the_legal_representative_stamps_a_pdf_and_anyone_verifies_it(app, client, sandbox):
    facts = tracked(app, client)
    number = facts["number"]
    form = client.get(f"/track/{number}/eseals/use?kind=finance")
    page = form.get_data(as_text=True)
    assert form.status_code == 200
    assert all(f'id="kind-{kind}"' in page for kind in ("official", "finance", "invoice"))
    assert re.search(r'id="kind-finance"[^>]*checked', page)
    assert re.search(r'id="position-bottom-right"[^>]*checked', page) and page.count('name="position"') == 9
    masked = f"{facts['phone'][:3]}****{facts['phone'][-4:]}"
    assert masked in page and facts["phone"] not in page

    response = post_use(client, number)
    assert response.status_code == 303
    code_page = client.get(response.location).get_data(as_text=True)
    assert f"验证码已发送至法定代表人手机 {masked}" in code_page and facts["phone"] not in code_page
    assert "重新发送" in code_page
    code = sandbox_sms(sandbox.url, facts["phone"], rf"{facts['company']}.*?验证码为：(\d{{6}})")  # sent at once

    confirmed = client.post(response.location + "/confirm", data={"code": code})
    assert confirmed.status_code == 303
    done = client.get(confirmed.location).get_data(as_text=True)
    assert "已加盖电子印章" in done and 'href="/verify/"' in done
    download = re.search(r'href="([^"]+/signed\.pdf)"', done).group(1)
    signed = client.get(download)
    assert signed.status_code == 200 and signed.mimetype == "application/pdf"
    disposition = signed.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and f"filename*=UTF-8''{quote('合同 2026-已盖章.pdf')}" in disposition

    with app.app_context():
        [check] = seal_signatures(signed.data, seal_ca().certificate)
        assert check.valid and check.serial == facts["serial"]
    [shown] = signatures(upload(client, signed.data))
    assert shown["state"] == "valid" and shown["serial"] == facts["serial"]
    assert facts["company"] in shown["text"] and facts["uscc"] in shown["text"] and "公章" in shown["text"]
    [tampered] = signatures(upload(client, tamper(signed.data)))
    assert tampered["state"] == "invalid"


def test_a_stamped_use_keeps_only_the_signed_copy_and_is_audited(app, client):
    facts, use_id = started(app, client)
    code = code_of(app, use_id)
    assert client.post(f"/track/{facts['number']}/eseals/uses/{use_id}/confirm", data={"code": code}).status_code == 303
    with app.app_context():
        use = db.session.get(SealUse, use_id)
        assert use.uploaded is None and use.code_digest is None and use.signed_at is not None
        assert use.signed_sha256 and len(use.signed_sha256) == 64
        [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.application_id == use.application_id,
                                                              AuditEvent.action == "eseal_used"))
        assert event.actor == "applicant"
        assert "official" in event.note and use.uploaded_sha256 in event.note and use.signed_sha256 in event.note
    # the same code again stamps nothing more
    again = client.post(f"/track/{facts['number']}/eseals/uses/{use_id}/confirm", data={"code": code})
    assert again.status_code == 409 and "已加盖电子印章" in again.get_data(as_text=True)  # the download again
    with app.app_context():
        assert len(list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "eseal_used")))) == 1


def test_only_the_codes_digest_is_stored(app, client):
    facts, use_id = started(app, client)
    with app.app_context():
        use = db.session.get(SealUse, use_id)
        code = sent_code(use)
        assert use.code_digest == use_code_digest(use, code) and code not in use.code_digest
        assert use.uploaded is not None and use.signed is None and use.page == 1
        assert (use.x_mm, use.y_mm) == pytest.approx((175, 35), abs=0.1)  # bottom right of A4, 15 mm in


# ---- codes ----

def test_a_wrong_code_counts_and_the_fifth_locks_the_use(app, client):
    facts, use_id = started(app, client)
    confirm = f"/track/{facts['number']}/eseals/uses/{use_id}/confirm"
    code = code_of(app, use_id)
    for left in range(MAX_FAILURES - 1, 0, -1):
        response = client.post(confirm, data={"code": wrong(code)})
        assert response.status_code == 422 and f"还可尝试{left}次" in response.get_data(as_text=True)
    locked = client.post(confirm, data={"code": wrong(code)})
    assert locked.status_code == 429 and "已锁定" in locked.get_data(as_text=True)
    right_too_late = client.post(confirm, data={"code": code})
    assert right_too_late.status_code == 429 and "重新上传文件" in right_too_late.get_data(as_text=True)
    with app.app_context():
        use = db.session.get(SealUse, use_id)
        assert use.signed is None and use.uploaded is None and use.failures == MAX_FAILURES
    assert client.post(confirm.replace("/confirm", "/resend")).status_code == 429


def test_a_malformed_code_is_refused_without_counting(app, client):
    facts, use_id = started(app, client)
    response = client.post(f"/track/{facts['number']}/eseals/uses/{use_id}/confirm", data={"code": "12ab"})
    assert response.status_code == 422 and "6位数字" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(SealUse, use_id).failures == 0


def test_an_expired_code_is_refused_and_a_new_one_works(app, client):
    facts, use_id = started(app, client)
    base = f"/track/{facts['number']}/eseals/uses/{use_id}"
    old = code_of(app, use_id)
    with app.app_context():
        use = db.session.get(SealUse, use_id)
        use.code_expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    expired = client.post(base + "/confirm", data={"code": old})
    assert expired.status_code == 422 and "已过期" in expired.get_data(as_text=True)
    resent = client.post(base + "/resend")
    assert resent.status_code == 303 and "已重新发送" in client.get(resent.location).get_data(as_text=True)
    new = code_of(app, use_id, 2)
    if new != old:
        assert client.post(base + "/confirm", data={"code": old}).status_code == 422
    assert client.post(base + "/confirm", data={"code": new}).status_code == 303


def test_a_code_is_not_resent_within_a_minute(app, client):
    facts, use_id = started(app, client)
    response = client.post(f"/track/{facts['number']}/eseals/uses/{use_id}/resend")
    assert response.status_code == 429 and "秒后" in response.get_data(as_text=True)
    with app.app_context():
        keys = list(db.session.scalars(select(OutboxMessage.idempotency_key)
                                       .where(OutboxMessage.idempotency_key.like(f"eseal-code:{use_id}:%"))))
        assert keys == [f"eseal-code:{use_id}:1"]


def test_resending_is_bounded_per_use(app):
    with app.app_context():
        application = issued(app)
        use = start_use(application, seal_of(application), "a.pdf", contract_pdf(), 1, 100, 100)
        for _number in range(4):
            use.code_expires_at -= timedelta(minutes=2)
            resend_code(use)
        use.code_expires_at -= timedelta(minutes=2)
        with pytest.raises(Refusal) as refused:
            resend_code(use)
        assert refused.value.status == 429 and "次数过多" in refused.value.message


# ---- who and what may be used ----

def test_a_seal_revoked_after_the_upload_does_not_stamp(app, client):
    facts, use_id = started(app, client)
    with app.app_context():
        use = db.session.get(SealUse, use_id)
        code = sent_code(use)
        revoke_seal(seal_of(db.session.get(Application, use.application_id)), create_user("clerk-use", Role.CLERK),
                    "公章密钥泄露")
        db.session.commit()
    response = client.post(f"/track/{facts['number']}/eseals/uses/{use_id}/confirm", data={"code": code})
    assert response.status_code == 409 and "已吊销" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(SealUse, use_id).signed is None
    form = client.get(f"/track/{facts['number']}/eseals/use").get_data(as_text=True)
    assert 'id="kind-official"' not in form and 'id="kind-finance"' in form
    refused = post_use(client, facts["number"])
    assert refused.status_code == 409 and "该电子印章已吊销，不能再使用" in refused.get_data(as_text=True)


def test_another_applications_cookie_opens_nothing(app, client):
    facts, use_id = started(app, client)
    other = app.test_client()
    stranger = tracked(app, other)
    use_page = f"/track/{facts['number']}/eseals/uses/{use_id}"
    # the stranger's own number with the first application's use: not theirs
    assert other.get(f"/track/{stranger['number']}/eseals/uses/{use_id}").status_code == 404
    assert other.post(f"/track/{stranger['number']}/eseals/uses/{use_id}/confirm", data={"code": "123456"}).status_code == 404
    # the stranger's token under the first application's address
    other.set_cookie(f"kaiban_track_{facts['number']}", stranger["token"], path=f"/track/{facts['number']}")
    assert other.get(use_page).status_code == 404
    assert other.get(f"/track/{facts['number']}/eseals/use").status_code == 404
    assert post_use(other, facts["number"]).status_code == 404
    # no cookie at all
    anonymous = app.test_client()
    assert anonymous.get(use_page).status_code == 401
    assert anonymous.get(use_page + "/signed.pdf").status_code == 401


def test_the_signed_file_is_not_there_before_the_code(app, client):
    facts, use_id = started(app, client)
    assert client.get(f"/track/{facts['number']}/eseals/uses/{use_id}/signed.pdf").status_code == 404


def test_only_an_issued_application_uses_its_own_seals(app):
    with app.app_context():
        application, other = issued(app), issued(app)
        with pytest.raises(Refusal) as refused:
            start_use(application, seal_of(other), "a.pdf", contract_pdf(), 1, 100, 100)
        assert refused.value.status == 404
        application.status = ApplicationStatus.PROCESSING
        with pytest.raises(Refusal) as refused:
            start_use(application, seal_of(application), "a.pdf", contract_pdf(), 1, 100, 100)
        assert refused.value.status == 409 and "营业执照发放后" in refused.value.message
        application.status = ApplicationStatus.DELIVERED
        use = start_use(application, seal_of(application), "a.pdf", contract_pdf(), 1, 100, 100)
        assert confirm_use(use, sent_code(use)).signed is not None
        assert usable_seals(application) == seals_of(application)


# ---- the form's errors ----

@pytest.mark.parametrize("fields, status, words", [
    ({"pdf": False}, 422, "请选择要盖章的PDF文件"),
    ({"pdf": b""}, 422, "所选文件是空的"),
    ({"pdf": b"GIF89a not a pdf", "filename": "photo.pdf"}, 422, "不是PDF文件"),
    ({"pdf": b"%PDF-1.4 broken beyond reading"}, 422, "无法读取"),
    ({"page": "2"}, 422, "页码超出范围：该文件共1页"),
    ({"page": "abc"}, 422, "请填写页码"),
    ({"kind": ""}, 422, "请选择要使用的电子印章"),
    ({"position": "somewhere"}, 422, "请选择盖章位置"),
])
def test_a_bad_upload_is_refused_at_its_field(app, client, fields, status, words):
    facts = tracked(app, client)
    response = post_use(client, facts["number"], **fields)
    page = response.get_data(as_text=True)
    assert response.status_code == status and words in page and 'class="error-summary"' in page
    with app.app_context():
        assert db.session.scalar(select(SealUse.id)) is None


def test_a_file_over_ten_megabytes_is_refused_and_one_over_the_app_wide_limit_is_not(app, client):
    facts = tracked(app, client)
    for size in (10 * 1024 * 1024 + 1, 11 * 1024 * 1024):  # the file over the limit; the request over it
        too_large = post_use(client, facts["number"], pdf=b"%PDF-1.4\n" + b"0" * size)
        assert too_large.status_code == 413 and "文件过大" in too_large.get_data(as_text=True)
    pdf = big_pdf(400)
    assert len(pdf) > app.config["MAX_CONTENT_LENGTH"]
    assert post_use(client, facts["number"], pdf=pdf).status_code == 303


def test_the_upload_checks_its_csrf_token_after_raising_the_limit(app, client):
    facts = tracked(app, client)
    app.config["WTF_CSRF_ENABLED"] = True
    assert post_use(client, facts["number"]).status_code == 400
    form = client.get(f"/track/{facts['number']}/eseals/use").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = post_use(client, facts["number"], pdf=big_pdf(400), csrf_token=token)
    assert response.status_code == 303
    code_page = client.get(response.location).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', code_page).group(1)
    assert client.post(response.location + "/confirm", data={"code": "000000"}).status_code == 400
    assert client.post(response.location + "/confirm", data={"code": "000000", "csrf_token": token}).status_code in (
        303, 422)


def test_places_on_the_page(app):
    with app.app_context():
        application = issued(app)
        official, invoice = seal_of(application, "official"), seal_of(application, "invoice")
        pdf = contract_pdf()
        assert place(pdf, 1, "bottom-right", official) == pytest.approx((175, 35), abs=0.1)
        assert place(pdf, 1, "top-left", official) == pytest.approx((35, 297 - 35), abs=0.1)
        assert place(pdf, 1, "middle-centre", invoice) == pytest.approx((105, 148.5), abs=0.1)
        assert place(pdf, 1, "bottom-centre", invoice) == pytest.approx((105, 30), abs=0.1)


def test_the_form_offers_no_seal_before_the_licence_is_issued(app, client):
    facts = tracked(app, client)
    with app.app_context():
        application = db.session.scalar(select(Application).filter_by(number=facts["number"]))
        application.status = ApplicationStatus.PROCESSING
        db.session.commit()
    page = client.get(f"/track/{facts['number']}/eseals/use").get_data(as_text=True)
    assert 'id="no-seals"' in page and 'name="pdf"' not in page
    refused = post_use(client, facts["number"])
    assert refused.status_code == 409 and "营业执照发放后才能使用电子印章" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(SealUse.id)) is None


def test_the_uploaded_name_is_kept_without_folders_or_control_characters():
    assert clean_filename("C:\\文件\\采购合同\x07.PDF") == "采购合同.pdf"
    assert clean_filename("../../etc/passwd") == "passwd.pdf"
    assert clean_filename("  ") == "文件.pdf" and clean_filename(None) == "文件.pdf"
    assert len(clean_filename("长" * 500 + ".pdf")) == 124
    assert signed_filename(SealUse(filename="采购合同.pdf")) == "采购合同-已盖章.pdf"
