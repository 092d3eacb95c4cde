"""/verify/<uscc> also says that every party signed (实名签署) and when — a count and a time, never a name."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import Signature
from app.timefmt import local
from tests.factories import ready_application

JSON = {"Accept": "application/json"}


def test_the_page_and_the_json_say_all_parties_signed_and_when(app, client):
    with app.app_context():
        application = ready_application()
        uscc = application.uscc
        times = db.session.scalars(select(Signature.signed_at).where(Signature.application_id == application.id)).all()
        last = max(times)
        representative = application.form["legal_representative"]["name"]
        names = [holder["name"] for holder in application.form["shareholders"] if holder["name"] != representative]
    assert len(times) == 2
    html = client.get(f"/verify/{uscc}").get_data(as_text=True)
    assert f"全体签署人（2人）已于 {local(last)} 完成实名签署" in html
    # No shareholder's name; the legal representative's is a public registered item (企业信息公示暂行条例 第六条).
    assert not any(name in html for name in names)
    body = client.get(f"/verify/{uscc}", headers=JSON).get_json()
    assert {"uscc", "name", "status", "registered_at", "authority"} <= set(body)
    assert body["signed"]["parties"] == 2
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*\+08:00", body["signed"]["completed_at"])
    assert body["signed"]["completed_at"][:16].replace("T", " ") == local(last)
    assert not any(name in str(body) for name in names)


def test_a_company_filed_before_the_parties_signed_says_nothing_of_signatures(app, client):
    with app.app_context():
        application = ready_application()
        db.session.execute(db.delete(Signature).where(Signature.application_id == application.id))
        db.session.commit()
        uscc = application.uscc
    assert "实名签署" not in client.get(f"/verify/{uscc}").get_data(as_text=True)
    assert client.get(f"/verify/{uscc}", headers=JSON).get_json()["signed"] is None
