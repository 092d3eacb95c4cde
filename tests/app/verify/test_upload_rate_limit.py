"""POST /verify/upload parses an untrusted PDF (pyHanko): a flood from one address is cut off with 429."""

from io import BytesIO

import pytest

from app.factory import create_app
from config import Testing

JSON = {"Accept": "application/json"}


@pytest.fixture
def limited(tmp_path):
    """Rate limits on (the Testing config turns them off), two uploads a minute per address."""
    return create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'limits.sqlite'}",
                      INSTANCE_PATH=str(tmp_path), WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=True,
                      RATELIMIT_VERIFY_UPLOAD="2 per minute")


def upload(client, address: str, **kwargs):
    return client.post("/verify/upload", data={"licence": (BytesIO(b"%PDF-1.7 not a licence"), "licence.pdf")},
                       content_type="multipart/form-data", environ_base={"REMOTE_ADDR": address}, **kwargs)


def test_the_third_upload_in_a_minute_gets_the_error_page_and_retry_after(limited):
    client = limited.test_client()
    assert [upload(client, "203.0.113.7").status_code for _ in range(2)] == [200, 200]
    refused = upload(client, "203.0.113.7")
    assert refused.status_code == 429 and refused.mimetype == "text/html"
    assert "请求过于频繁，请稍后再试" in refused.get_data(as_text=True)
    assert int(refused.headers["Retry-After"]) > 0


def test_asking_for_json_gets_a_json_error(limited):
    client = limited.test_client()
    for _ in range(2):
        upload(client, "203.0.113.8", headers=JSON)
    refused = upload(client, "203.0.113.8", headers=JSON)
    assert refused.status_code == 429 and refused.get_json() == {"error": "请求过于频繁，请稍后再试"}


def test_the_limit_is_per_address(limited):
    client = limited.test_client()
    for _ in range(3):
        upload(client, "203.0.113.9")
    assert upload(client, "203.0.113.10").status_code == 200


def test_the_default_is_twenty_a_minute():
    assert Testing.RATELIMIT_VERIFY_UPLOAD == "20 per minute"
