"""The applicant's token never travels in an address: ?t= is exchanged once for a cookie scoped to
that application, and every other route reads only the cookie or the Authorization header."""

import re
from pathlib import Path

import pytest

from app.applications.tokens import access_token, application_token
from app.extensions import db
from app.models import Application, ApplicationStatus, CannotGetDoneReport, Rating
from config import Production
from tests.factories import file_for_applicant, ready_application, track_client

NUMBER = "202611230000000001"


def test_generation_zero_is_exactly_the_token_applications_already_hold():
    # Computed by the token function as it was before generations existed: old links keep working.
    assert access_token(NUMBER, "testing", 0) == "b5cfba981cc6056846e1a5604edafc76"
    assert access_token(NUMBER, "another-secret", 0) == "1fef05ab4971a8d5d77bdc89e44392c6"
    assert access_token(NUMBER, "testing", 1) not in ("b5cfba981cc6056846e1a5604edafc76", "")
    assert access_token(NUMBER, "testing", 1) != access_token(NUMBER, "testing", 2)


def test_an_existing_application_is_generation_zero(app):
    with app.app_context():
        application = ready_application()
        assert application.token_generation == 0
        assert application_token(application, "testing") == access_token(application.number, "testing", 0)


def test_the_exchange_sets_an_httponly_lax_cookie_for_that_application_only_and_redirects(app, client):
    number, token = file_for_applicant(app)
    response = client.get(f"/track/{number}?t={token}")
    assert response.status_code == 303 and response.headers["Location"] == f"/track/{number}"
    set_cookie = response.headers["Set-Cookie"]
    assert set_cookie.startswith(f"kaiban_track_{number}={token};")
    for attribute in ("HttpOnly", "SameSite=Lax", f"Path=/track/{number}", "Max-Age="):
        assert attribute in set_cookie
    assert "Secure" not in set_cookie  # the embedded default is served over plain http
    assert client.get(f"/track/{number}").status_code == 200
    # Scoped to its application: not sent to another one's pages, nor to the API.
    other, _other_token = file_for_applicant(app, status=ApplicationStatus.PROCESSING)
    assert client.get(f"/track/{other}").status_code == 401
    assert client.get(f"/api/v1/applications/{number}").status_code == 401


def test_two_applications_keep_two_cookies(app, client):
    first, second = file_for_applicant(app), file_for_applicant(app)
    track_client(client, *first)
    track_client(client, *second)
    assert client.get(f"/track/{first[0]}").status_code == 200
    assert client.get(f"/track/{second[0]}").status_code == 200


def test_the_cookie_is_secure_where_the_session_cookie_is(app, client):
    assert Production.SESSION_COOKIE_SECURE is True
    app.config["SESSION_COOKIE_SECURE"] = True
    number, token = file_for_applicant(app)
    assert "Secure" in client.get(f"/track/{number}?t={token}").headers["Set-Cookie"]


def sub_routes(number: str) -> list[tuple[str, str, dict]]:
    return [("GET", f"/track/{number}/progress", {}), ("GET", f"/track/{number}/documents/business_license", {}),
            ("GET", f"/track/{number}/correction", {}), ("POST", f"/track/{number}/correction", {"address": "x"}),
            ("POST", f"/track/{number}/rating", {"score": "5"}), ("POST", f"/track/{number}/report", {"body": "x"}),
            ("POST", f"/track/{number}/impressions/confirm", {}),
            ("GET", f"/api/v1/applications/{number}", {}),
            ("GET", f"/api/v1/applications/{number}/documents/business_license", {})]


def test_a_right_token_in_the_address_opens_nothing_but_the_exchange(app, client):
    with app.app_context():
        application = ready_application()
        application.status = ApplicationStatus.ISSUED
        db.session.commit()
        number, token = application.number, application_token(application, app.config["SECRET_KEY"])
    for method, path, data in sub_routes(number):
        response = client.open(f"{path}?t={token}", method=method, data=data)
        assert response.status_code == 401, (method, path)
    with app.app_context():
        assert db.session.query(Rating).count() == db.session.query(CannotGetDoneReport).count() == 0
    # The same requests with the cookie (or, for the API, the header) are answered.
    track_client(client, number, token)
    assert client.get(f"/track/{number}/progress").status_code == 200
    assert client.get(f"/track/{number}/documents/business_license").status_code == 200
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/applications/{number}/documents/business_license", headers=bearer).status_code == 200


def test_the_header_opens_the_tracking_routes_for_api_clients(app, client):
    number, token = file_for_applicant(app)
    assert client.get(f"/track/{number}/progress", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert client.get(f"/track/{number}/progress", headers={"Authorization": "Bearer wrong"}).status_code == 404


def test_posts_redirect_to_the_clean_address(app, client):
    number, token = file_for_applicant(app, status=ApplicationStatus.ISSUED)
    track_client(client, number, token)
    for path, data, anchor in ((f"/track/{number}/rating", {"score": "5"}, "#desk-rating"),
                               (f"/track/{number}/report", {"body": "公章还没刻好"}, "#desk-report")):
        response = client.post(path, data=data)
        assert response.status_code == 303 and response.headers["Location"] == f"/track/{number}{anchor}"


TOKEN_IN_ADDRESS = re.compile(r"[?&;]t=")


def assert_no_token(text: str, token: str, where: str) -> None:
    assert token not in text, where
    assert not TOKEN_IN_ADDRESS.search(text.replace("&amp;", "&")), where


@pytest.mark.parametrize("status", [ApplicationStatus.ISSUED, ApplicationStatus.AWAITING_CORRECTION])
def test_no_page_or_sub_page_carries_the_token(app, client, clerk_client, status):
    with app.app_context():
        application = ready_application()
        application.status = status
        db.session.commit()
        number, token = application.number, application_token(application, app.config["SECRET_KEY"])
        application_id = application.id
    if status == ApplicationStatus.AWAITING_CORRECTION:
        with app.app_context():
            db.session.get(Application, application_id).status = ApplicationStatus.NEEDS_REVIEW
            db.session.commit()
        asked = clerk_client.post(f"/clerk/applications/{number}/correction", data={
            "note": "证件号码有误", "field": ["legal_representative.id_number", "address"],
            "reason-legal_representative.id_number": "与证件不符", "reason-address": "请写到门牌号"})
        assert asked.status_code == 303
    track_client(client, number, token)
    page = client.get(f"/track/{number}")
    assert page.status_code == 200
    shown = [("track page", page.get_data(as_text=True)),
             ("live view", client.get(f"/track/{number}/progress").get_data(as_text=True))]
    if status == ApplicationStatus.ISSUED:
        assert "desk-rating" in shown[0][1] and "seals-confirm" in shown[0][1] and "/documents/" in shown[0][1]
        refused = client.post(f"/track/{number}/rating", data={"score": "0"})
        refused_report = client.post(f"/track/{number}/report", data={"body": " "})
        assert refused.status_code == refused_report.status_code == 422
        shown += [("refused rating", refused.get_data(as_text=True)),
                  ("refused report", refused_report.get_data(as_text=True))]
    else:
        correction = client.get(f"/track/{number}/correction")
        refused = client.post(f"/track/{number}/correction", data={"address": "短"})
        assert correction.status_code == 200 and refused.status_code == 422
        shown += [("correction page", correction.get_data(as_text=True)),
                  ("refused correction", refused.get_data(as_text=True))]
    shown.append(("clerk page", clerk_client.get(f"/clerk/applications/{number}").get_data(as_text=True)))
    for where, text in shown:
        assert_no_token(text, token, where)


ROOT = Path(__file__).resolve().parents[3]
# Where a token may be written into an address: the API's submit answer (links.track, API.md), the
# link texted to the applicant, and the log filter that recognises one.
MAY_WRITE_A_TOKEN_LINK = {"app/web/serialize.py", "app/applications/tokens.py", "app/web/logs.py"}


def test_no_template_script_or_view_writes_a_token_into_an_address():
    pattern = re.compile(r"[?&]t=[A-Za-z_{(\"'+]|\bt=[A-Za-z_{(]")  # not "?t=…" in prose
    sources = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("static/**/*.js"), *ROOT.glob("app/**/*.py")]
    found = [f"{path.relative_to(ROOT)}:{number}" for path in sources
             if not {"migrations", "vendor"} & set(path.parts)  # vendor: third-party code, minified
             and str(path.relative_to(ROOT)) not in MAY_WRITE_A_TOKEN_LINK
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert found == []
