"""The upload box says what went wrong in plain Chinese — no file, an empty file, a file that is no PDF,
a file over the limit (a page or JSON, never the bare 413) — and a verified licence names its company
and the register's status of it now."""

import pytest

from app.factory import create_app
from app.verify.upload import UploadProblem, printed_credit_code, upload_problem
from config import Testing
from tests.app.verify.test_verify_licence import upload

JSON = {"Accept": "application/json"}
DOCUMENTED = {"intact", "valid", "signer", "signed_at", "coverage", "demo"}  # app/api/openapi.py, LicenceCheck


@pytest.mark.parametrize(("content", "problem"), [
    (b"", UploadProblem.EMPTY), (b"\x89PNG\r\n\x1a\n" + bytes(64), UploadProblem.NOT_PDF),
    (b"PK\x03\x04 word/document.xml", UploadProblem.NOT_PDF), (b"%PDF-1.7\n", None),
    (b"\xef\xbb\xbf\n" + b"%PDF-1.4\n", None), (bytes(1100) + b"%PDF-1.4", UploadProblem.NOT_PDF),
])
def test_a_pdf_is_known_by_its_header(content, problem):
    assert upload_problem(content) == problem


def test_a_file_that_is_no_pdf_is_told_so_at_the_field(client):
    response = upload(client, b"\xff\xd8\xff\xe0 a photo of the licence", "执照照片.jpg")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="error-summary"' in page and 'href="#licence-file"' in page and 'aria-invalid="true"' in page
    assert "所选文件不是PDF文件" in page and 'id="upload-result"' not in page and "签章无效" not in page
    body = upload(client, b"\xff\xd8\xff\xe0", "执照照片.jpg", headers=JSON).get_json()
    assert DOCUMENTED <= set(body) and body["valid"] is False and body["intact"] is False
    assert body["problem"] == "not_pdf" and "不是PDF" in body["message"] and body["company"] is None


def test_an_empty_file_is_told_so(client):
    page = upload(client, b"", "licence.pdf").get_data(as_text=True)
    assert "所选文件是空的" in page
    assert upload(client, b"", headers=JSON).get_json()["problem"] == "empty"


def test_no_file_chosen_is_a_chinese_message_at_the_field(client):
    response = client.post("/verify/upload", data={}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="error-summary"' in page and 'id="licence-file-error"' in page and "请选择要核验的营业执照PDF文件" in page
    assert " novalidate" in page  # the browser's own bubble (in its own language) does not stand in the way


def test_a_file_over_the_limit_gets_the_page_or_json_not_a_bare_413(tmp_path):
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'big.sqlite'}",
                     INSTANCE_PATH=str(tmp_path), WTF_CSRF_ENABLED=False, VERIFY_UPLOAD_MAX_BYTES=64 * 1024)
    client = app.test_client()
    big = b"%PDF-1.7\n" + bytes(80 * 1024)
    response = upload(client, big)
    page = response.get_data(as_text=True)
    assert response.status_code == 413 and response.mimetype == "text/html"
    assert "文件超过 64 KB，无法核验" in page and 'id="error-summary"' in page and 'name="licence"' in page
    refused = upload(client, big, headers=JSON)
    assert refused.status_code == 413 and refused.get_json() == {
        "error": "文件超过 64 KB，无法核验。电子营业执照PDF通常不到 100 KB，请确认选择的是营业执照PDF文件"}


def test_the_limit_leaves_room_for_our_licences(issued, app):
    assert len(issued["licence"]) < app.config["VERIFY_UPLOAD_MAX_BYTES"] / 2


def test_a_verified_licence_names_its_company_and_its_status_now(app, client, issued):
    page = upload(client, issued["licence"]).get_data(as_text=True)
    assert f'data-uscc="{issued["uscc"]}"' in page and 'data-registry-status="active"' in page
    assert f"这是 {issued['name']} 的电子营业执照" in page and "存续（在营、开业、在册）" in page
    assert f'href="/verify/{issued["uscc"]}"' in page
    body = upload(client, issued["licence"], headers=JSON).get_json()
    assert body["company"] == {"uscc": issued["uscc"], "name": issued["name"], "status": "valid",
                               "registry_status": "active", "revoked_at": None}
    assert body["problem"] is None and body["message"] is None

    app.test_cli_runner().invoke(args=["licence", "revoke", issued["uscc"], "--reason", "通过登记的住所无法联系"])
    page = upload(client, issued["licence"]).get_data(as_text=True)
    assert 'data-registry-status="revoked"' in page and "吊销，未注销" in page and "签章有效" in page
    assert upload(client, issued["licence"], headers=JSON).get_json()["company"]["status"] == "revoked"


def test_a_changed_licence_names_nobody(client, issued):
    changed = bytearray(issued["licence"])
    changed[changed.index(b"/MediaBox") + 2] ^= 0x01
    page = upload(client, bytes(changed)).get_data(as_text=True)
    assert 'data-valid="false"' in page and 'id="upload-company"' not in page and issued["name"] not in page
    assert upload(client, bytes(changed), headers=JSON).get_json()["company"] is None


def test_the_credit_code_is_read_from_the_printed_licence(issued):
    assert printed_credit_code(issued["licence"]) == issued["uscc"]
    assert printed_credit_code(b"%PDF-1.4 not really") is None
