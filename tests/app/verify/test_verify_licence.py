"""/verify/<uscc>: facts, status, the QR's short signature; /verify/upload: anyone checks a licence PDF."""

import re
from io import BytesIO

from sqlalchemy import select

from app.extensions import db
from app.issuance.links import qr_signature
from app.models import Application

JSON = {"Accept": "application/json"}


def test_the_page_shows_the_facts_and_that_the_licence_is_valid(client, issued):
    page = client.get(f"/verify/{issued['uscc']}").get_data(as_text=True)
    assert issued["name"] in page and issued["uscc"] in page
    assert 'data-status="valid"' in page and "竹溪县市场监督管理局" in page
    assert 'name="licence"' in page and 'name="csrf_token"' in page  # the upload box


def test_a_qr_we_printed_is_said_to_be_ours(app, client, issued):
    signature = qr_signature(issued["uscc"], app.config["SECRET_KEY"])
    page = client.get(f"/verify/{issued['uscc']}?s={signature}").get_data(as_text=True)
    assert "二维码签名有效" in page and "伪造" not in page


def test_a_qr_with_a_wrong_signature_is_flagged_as_possibly_forged(client, issued):
    page = client.get(f"/verify/{issued['uscc']}?s=abcdefghij").get_data(as_text=True)
    assert "二维码签名不符，可能是伪造的二维码" in page and "二维码签名有效" not in page
    assert 'data-status="valid"' in page  # the register's facts are still shown


def test_a_typed_address_without_signature_says_nothing_about_the_qr(client, issued):
    page = client.get(f"/verify/{issued['uscc']}").get_data(as_text=True)
    assert "二维码签名" not in page


def test_json_keeps_the_documented_fields(app, client, issued):
    signature = qr_signature(issued["uscc"], app.config["SECRET_KEY"])
    body = client.get(f"/verify/{issued['uscc']}?s={signature}", headers=JSON).get_json()
    assert {"uscc", "name", "status", "registered_at", "authority"} <= set(body)
    assert body["uscc"] == issued["uscc"] and body["name"] == issued["name"] and body["status"] == "valid"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*\+08:00", body["registered_at"])
    assert body["qr_signature"] == "valid" and body["revoked_at"] is None
    assert client.get(f"/verify/{issued['uscc']}?s=x", headers=JSON).get_json()["qr_signature"] == "invalid"


def test_an_unknown_code_is_404(client):
    response = client.get("/verify/91420324MA4F0KXQ3N", headers=JSON)
    assert response.status_code == 404 and "error" in response.get_json()


def test_a_revoked_licence_shows_revoked_with_the_date(app, client, issued):
    result = app.test_cli_runner().invoke(args=["licence", "revoke", issued["uscc"], "--reason", "通过登记的住所无法联系"])
    assert result.exit_code == 0, result.output
    body = client.get(f"/verify/{issued['uscc']}", headers=JSON).get_json()
    assert body["status"] == "revoked" and body["revoked_reason"] == "通过登记的住所无法联系"
    page = client.get(f"/verify/{issued['uscc']}").get_data(as_text=True)
    assert 'data-status="revoked"' in page and "已吊销" in page and body["revoked_at"][:10] in page
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.uscc == issued["uscc"]))
        assert application.revoked_at is not None
    unknown = app.test_cli_runner().invoke(args=["licence", "revoke", "91420324MA4F0KXQ3N", "--reason", "x"])
    assert unknown.exit_code != 0


def upload(client, content: bytes, filename: str = "licence.pdf", **kwargs):
    return client.post("/verify/upload", data={"licence": (BytesIO(content), filename)},
                       content_type="multipart/form-data", **kwargs)


def test_uploading_the_issued_licence_says_intact_valid_and_who_signed(client, issued):
    response = upload(client, issued["licence"])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-valid="true"' in page and 'data-intact="true"' in page
    assert "签章有效，文件未被改动" in page and "竹溪县市场监督管理局（演示密钥，非正式）" in page
    assert "演示密钥" in page and 'id="demo-key"' in page
    body = upload(client, issued["licence"], headers=JSON).get_json()
    assert body["valid"] and body["intact"] and body["demo"] and body["signed_at"]


def test_uploading_a_licence_with_one_changed_byte_fails(client, issued):
    changed = bytearray(issued["licence"])
    changed[changed.index(b"/MediaBox") + 2] ^= 0x01
    page = upload(client, bytes(changed)).get_data(as_text=True)
    assert 'data-valid="false"' in page and 'data-intact="false"' in page and "签章无效" in page
    assert upload(client, bytes(changed), headers=JSON).get_json()["valid"] is False


def test_uploading_something_else_is_not_valid_and_never_an_error_page(client):
    page = upload(client, b"%PDF-1.4 not really").get_data(as_text=True)
    assert 'data-valid="false"' in page
    missing = client.post("/verify/upload", data={}, content_type="multipart/form-data")
    assert missing.status_code == 400 and "请选择要核验的营业执照PDF文件" in missing.get_data(as_text=True)


def test_uploads_are_size_limited(app, client):
    too_big = b"%PDF-" + b"0" * app.config["VERIFY_UPLOAD_MAX_BYTES"]
    assert upload(client, too_big).status_code == 413


def test_the_upload_box_needs_the_csrf_token(app, client, issued):
    app.config["WTF_CSRF_ENABLED"] = True
    assert upload(client, issued["licence"]).status_code == 400
    page = client.get("/verify/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/verify/upload", data={"licence": (BytesIO(issued["licence"]), "l.pdf"),
                                                   "csrf_token": token}, content_type="multipart/form-data")
    assert response.status_code == 200 and 'data-valid="true"' in response.get_data(as_text=True)
