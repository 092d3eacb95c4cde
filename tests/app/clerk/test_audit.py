"""The staff audit page (/clerk/audit): supervisors read what concerns no application, newest first,
paged; clerks, couriers and strangers cannot."""

from datetime import UTC, datetime, timedelta

import lxml.html
import pytest

from app.audit.queries import STAFF_PAGE_SIZE
from app.extensions import db
from app.models import ApplicationStatus, AuditEvent
from tests.factories import create_application, sign_in


def lines(response) -> list[tuple[str, str, str]]:
    """(who, action, note) of each line of the staff audit table: the action's code from the row's data
    attribute (the page says it in words)."""
    rows = lxml.html.fromstring(response.text).xpath("//table[@id='staff-audit']/tbody/tr[@data-action]")
    return [(row.xpath("td[2]")[0].text_content(), row.get("data-action"), row.xpath("td[4]")[0].text_content())
            for row in rows]


def add_events(count: int, start: datetime) -> None:
    for n in range(count):
        db.session.add(AuditEvent(action="calendar_edited", actor="cli:ops", note=f"try {n}",
                                  at=start + timedelta(minutes=n)))
    db.session.commit()


@pytest.mark.parametrize("username", ["clerk1", "courier1"])
def test_only_a_supervisor_reads_the_staff_audit(app, staff, username):
    client = sign_in(app.test_client(), username)
    assert client.get("/clerk/audit").status_code == 403
    assert client.get("/clerk/audit?page=2").status_code == 403
    anonymous = app.test_client().get("/clerk/audit")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_the_supervisor_sees_staff_events_newest_first_and_no_application_events(app, supervisor_client):
    with app.app_context():
        application = create_application(ApplicationStatus.NEEDS_REVIEW)
        db.session.add(AuditEvent(application_id=application.id, action="rejected", actor="clerk1", note="申请里的事"))
        db.session.commit()
    supervisor_client.post("/clerk/calendar", data={"year": "2031", "holidays": "2031-01-01", "workdays": ""})
    supervisor_client.post("/clerk/calendar", data={"year": "2032", "holidays": "2032-01-01", "workdays": ""})
    response = supervisor_client.get("/clerk/audit")
    assert response.status_code == 200
    shown = [line for line in lines(response) if line[1] == "calendar_edited"]
    assert [(who, note[:4]) for who, _action, note in shown] == [("李主管", "2032"), ("李主管", "2031")]
    assert all(action not in ("rejected", "submitted") for _who, action, _note in lines(response))
    assert "申请里的事" not in response.text


def test_the_staff_audit_is_paged(app, supervisor_client):
    with app.app_context():
        add_events(STAFF_PAGE_SIZE + 5, datetime(2030, 1, 1, tzinfo=UTC))
    first = supervisor_client.get("/clerk/audit")
    page_one = [line for line in lines(first) if line[0] == "管理员（命令行） ops"]  # cli:ops in words
    assert len(page_one) <= STAFF_PAGE_SIZE and page_one[0][2] == f"try {STAFF_PAGE_SIZE + 4}"
    html = lxml.html.fromstring(first.text)
    assert html.xpath("//a[@rel='next']/@href") == ["/clerk/audit?page=2"] and html.xpath("//a[@rel='prev']") == []
    second = supervisor_client.get("/clerk/audit?page=2")
    page_two = [line for line in lines(second) if line[0] == "管理员（命令行） ops"]
    everything = page_one + page_two
    assert [note for _who, _action, note in everything] == [f"try {n}" for n in reversed(range(STAFF_PAGE_SIZE + 5))]
    assert lxml.html.fromstring(second.text).xpath("//a[@rel='prev']/@href") == ["/clerk/audit?page=1"]
    # A page number that is no page number is the first page; a page past the end is empty, not an error.
    for odd in ("abc", "0", "-3"):
        assert lines(supervisor_client.get(f"/clerk/audit?page={odd}")) == lines(first), odd
    far = supervisor_client.get("/clerk/audit?page=999999999999")
    assert far.status_code == 200 and lines(far) == []
