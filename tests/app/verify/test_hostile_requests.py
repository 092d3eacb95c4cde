"""What a schema-driven fuzzer found on the public verify pages: bad input is answered, never a 500."""

import re

from flask_migrate import upgrade

from app.factory import create_app
from config import Testing
from tests.factories import ready_application

# A multipart body whose parts carry no name: Werkzeug files them under the key None.
NAMELESS = (b"--b\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n"
            b'--b\r\nContent-Disposition: form-data; filename="x.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
            b"%PDF-1.7\r\n--b--\r\n")


def post_nameless(client, **kwargs):
    return client.post("/verify/upload", data=NAMELESS, content_type="multipart/form-data; boundary=b", **kwargs)


def test_parts_without_a_name_meet_the_csrf_check_not_a_500(tmp_path):
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'verify.sqlite'}",
                     INSTANCE_PATH=str(tmp_path))  # CSRF on, as in production
    with app.app_context():
        upgrade(revision="heads")
    client = app.test_client()
    refused = post_nameless(client, headers={"Accept": "application/json"})
    assert refused.status_code == 400 and refused.get_json()["error"]
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/verify/").get_data(as_text=True)).group(1)
    answered = post_nameless(client, headers={"Accept": "application/json", "X-CSRFToken": token})
    assert answered.status_code == 400  # the nameless file is no "licence" field: no file chosen
    assert answered.get_json() == {"error": "请选择要核验的营业执照PDF文件"}


def test_a_signature_in_other_characters_is_simply_invalid(app, client):
    with app.app_context():
        uscc = ready_application().uscc
    for signature in ("é", "签名", "\u00a0abc"):
        response = client.get(f"/verify/{uscc}?s={signature}", headers={"Accept": "application/json"})
        assert response.status_code == 200 and response.get_json()["qr_signature"] == "invalid"
