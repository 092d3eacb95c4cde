"""电子档案 kept at the hand-over: made once in the hand-over's transaction, with the hand-over in its
audit trail, and served as kept afterwards — later events do not change it."""

import json
import zipfile
from io import BytesIO

from sqlalchemy import func, select

from app.archive import verify_archive
from app.archive.package import digest
from app.audit.operations import record_event
from app.extensions import db
from app.models import Application, Archive
from tests.factories import ready_application, ready_parcels


def kept(number: str) -> Archive | None:
    return db.session.scalar(select(Archive).join(Application, Archive.application_id == Application.id)
                             .where(Application.number == number))


def audit_actions(content: bytes) -> list[str]:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return [event["action"] for event in json.loads(archive.read("audit.json"))]


def test_the_window_hand_over_keeps_the_archive_with_the_hand_over_in_it(app, clerk_client, supervisor_client):
    with app.app_context():
        number = ready_application(delivery={"method": "window"}).number
        db.session.commit()
        assert kept(number) is None
    assert clerk_client.post(f"/clerk/applications/{number}/hand-over", data={"note": "本人领取"}).status_code == 303
    with app.app_context():
        archive = kept(number)
        assert archive is not None and archive.sha256 == digest(archive.content)
        assert verify_archive(archive.content).valid
        assert audit_actions(archive.content)[-1] == "handed_over"
        content = archive.content
        # What happens after the hand-over is not in the archive: the download serves what was kept.
        application = db.session.scalar(select(Application).where(Application.number == number))
        record_event("rated", "applicant", application)
        db.session.commit()
    downloaded = supervisor_client.get(f"/clerk/applications/{number}/archive.zip")
    assert downloaded.status_code == 200 and downloaded.data == content
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Archive)) == 1


def test_the_courier_pick_up_keeps_the_archive(app, courier_client):
    with app.app_context():
        shipment, = ready_parcels(1)
        waybill, number = shipment.waybill_number, shipment.application.number
    page = courier_client.post("/courier/scan", data={"waybill": waybill, "mode": "pick_up"}, follow_redirects=True)
    assert f"{waybill} 已揽收" in page.get_data(as_text=True)
    with app.app_context():
        archive = kept(number)
        assert archive is not None and verify_archive(archive.content).valid
        assert audit_actions(archive.content)[-1] == "picked_up"


def test_a_refused_hand_over_keeps_no_archive(app, clerk_client):
    with app.app_context():
        number = ready_application().number  # the example asks for courier delivery
        db.session.commit()
    assert clerk_client.post(f"/clerk/applications/{number}/hand-over", data={"note": "领取"}).status_code == 422
    with app.app_context():
        assert kept(number) is None
