"""容缺受理 past its date: flagged on the queue row and on the application page until the document comes in."""

from datetime import date, timedelta

import lxml.html
from sqlalchemy import select

from app.applications.queue import QueueFilters, queue_page
from app.clerk.follow_ups import overdue_promise_ids
from app.extensions import db
from app.models import ApplicationStatus, DocumentPromise
from app.models.types import utcnow
from app.timefmt import today_in_shanghai
from tests.factories import create_application


def promise(application, promised_by: date) -> DocumentPromise:
    made = DocumentPromise(application_id=application.id, promised_document="房屋租赁合同", promised_by=promised_by,
                           accepted_by="王窗口", note="非关键材料")
    db.session.add(made)
    db.session.commit()
    return made


def flagged_rows(html: str) -> list[str]:
    rows = lxml.html.fromstring(html).xpath("//tr[contains(@class, 'queue__row')][.//*[contains(@class, 'promise-flag')]]")
    return [row.get("data-number") for row in rows]


def test_a_promise_is_overdue_from_the_day_after_its_date_until_it_comes_in(ctx):
    application = create_application(ApplicationStatus.PROCESSING)
    made = promise(application, date(2026, 12, 3))
    assert overdue_promise_ids(application, date(2026, 12, 3)) == set()  # the promised day itself is still in time
    assert overdue_promise_ids(application, date(2026, 12, 4)) == {made.id}
    overdue = {row["id"]: row["promise_overdue"] for row in
               queue_page(db.session.connection(), QueueFilters(), today=date(2026, 12, 4)).rows}
    assert overdue[application.id]
    made.fulfilled_at = utcnow()
    db.session.commit()
    assert overdue_promise_ids(application, date(2026, 12, 4)) == set()
    assert not queue_page(db.session.connection(), QueueFilters(), today=date(2026, 12, 4)).rows[0]["promise_overdue"]


def test_the_clerk_sees_the_overdue_promise_on_the_queue_and_the_page(app, clerk_client):
    with app.app_context():
        late = create_application(ApplicationStatus.PROCESSING)
        in_time = create_application(ApplicationStatus.PROCESSING)
        promise(late, today_in_shanghai() - timedelta(days=1))
        promise(in_time, today_in_shanghai())
        late_number, in_time_number = late.number, in_time.number
    assert flagged_rows(clerk_client.get("/clerk/").text) == [late_number]
    page = clerk_client.get(f"/clerk/applications/{late_number}").text
    assert "容缺受理承诺的补交日期已过" in page and "已逾期未补交" in page
    other = clerk_client.get(f"/clerk/applications/{in_time_number}").text
    assert "已逾期未补交" not in other and 'id="promise-overdue"' not in other


def test_a_settled_application_found_by_search_still_says_its_promise_is_overdue(app, clerk_client):
    with app.app_context():
        issued = create_application(ApplicationStatus.ISSUED)
        promise(issued, today_in_shanghai() - timedelta(days=3))
        number = issued.number
        assert db.session.scalar(select(DocumentPromise.fulfilled_at)) is None
    assert flagged_rows(clerk_client.get(f"/clerk/?q={number}").text) == [number]
