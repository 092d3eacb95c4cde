"""The tracking page keeps every part up to date: the live view carries the steps in the page's words
and a version of each part, equal to the page's until what the part shows changes; the seal step
says it waits for the applicant's 印模确认; the bundle is linked as the ZIP it is."""

import lxml.html
from sqlalchemy import select

from app.applications.tokens import application_token
from app.extensions import db
from app.issuance.operations import confirm_impressions
from app.models import SealVoucher
from tests.factories import ready_application, track_client


def tracked_ready(app, client, **changes) -> tuple[str, int, str]:
    """A ready application opened in the applicant's browser: (number, id, token)."""
    with app.app_context():
        application = ready_application(**changes)
        number, application_id = application.number, application.id
        token = application_token(application, app.config["SECRET_KEY"])
    track_client(client, number, token)
    return number, application_id, token


def page_versions(html: str) -> dict[str, str]:
    tree = lxml.html.fromstring(html)
    return {part.get("data-part"): part.get("data-version") for part in tree.xpath("//*[@data-part]")}


def seal_step(view: dict) -> dict:
    return next(step for step in view["steps"] if step["step"] == "seal_carving")


def test_the_live_view_has_the_pages_part_versions_until_the_impressions_are_confirmed(app, client):
    number, application_id, _ = tracked_ready(app, client)
    html = client.get(f"/track/{number}").get_data(as_text=True)
    shown = page_versions(html)
    assert {"seals", "follow-up", "expect", "delivery", "rating", "report"} <= set(shown)
    live = client.get(f"/track/{number}/progress").get_json()
    assert live["parts"] == shown  # nothing moved: nothing is fetched again

    with app.app_context():
        confirm_impressions(db.session.scalar(select(SealVoucher).where(SealVoucher.application_id == application_id)))
        db.session.commit()
    moved = client.get(f"/track/{number}/progress").get_json()["parts"]
    assert {name for name in shown if shown[name] != moved[name]} == {"seals"}
    # The page fetched again carries the new version and the confirmation.
    html = client.get(f"/track/{number}").get_data(as_text=True)
    assert page_versions(html)["seals"] == moved["seals"]
    assert 'id="seals-confirmed"' in html


def test_the_seal_step_waits_for_the_applicant_until_they_confirm(app, client):
    number, application_id, _ = tracked_ready(app, client)
    step = seal_step(client.get(f"/track/{number}/progress").get_json())
    assert step["status"] == "done"  # the API's word for the order: placed
    assert step["mark"] == "waiting" and step["status_label"] == "等待您确认印模"
    assert "确认后才会刻制" in step["detail"]
    tree = lxml.html.fromstring(client.get(f"/track/{number}").get_data(as_text=True))
    item = tree.xpath("//li[@data-step='seal_carving']")[0]
    assert "step--waiting" in item.get("class") and "等待您确认印模" in item.text_content()

    client.post(f"/track/{number}/impressions/confirm")
    step = seal_step(client.get(f"/track/{number}/progress").get_json())
    assert step["mark"] == "done" and step["status_label"] == "已确认印模"
    assert "等待刻章企业" in step["detail"]


def test_the_api_keeps_its_own_shape(app, client):
    number, _, token = tracked_ready(app, client)
    assert "mark" in seal_step(client.get(f"/track/{number}/progress").get_json())
    api = client.get(f"/api/v1/applications/{number}", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert "mark" not in seal_step(api) and "parts" not in api  # API.md's shape stays as it is


def test_the_bundle_is_linked_as_a_zip_and_the_documents_as_pdf(app, client):
    number, _, _ = tracked_ready(app, client)
    tree = lxml.html.fromstring(client.get(f"/track/{number}").get_data(as_text=True))
    formats = {a.get("data-kind"): a.get("data-format") for a in tree.xpath("//ul[@id='track-documents']//a")}
    assert formats["bundle"] == "zip"
    assert {f for kind, f in formats.items() if kind != "bundle"} == {"pdf"}
    live = client.get(f"/track/{number}/progress").get_json()
    assert {d["kind"]: d["format"] for d in live["documents"]} == formats
    assert client.get(f"/track/{number}/documents/bundle").mimetype == "application/zip"
