"""What the audit trail records, naming staff by user id: decisions, answers, supervisors' views of
full ID numbers, prints, calendar edits (web and command line) and a revocation from the command line."""

import lxml.html
from sqlalchemy import select

from app.audit.operations import cli_actor
from app.desk.operations import report_cannot_get_done
from app.extensions import db
from app.models import Application, ApplicationStatus, AuditEvent, CannotGetDoneReport, Role, User
from app.sla import centre as sla
from devstack.payloads import EXAMPLE
from tests.factories import create_application, create_user, sign_in

FULL_ID = EXAMPLE["legal_representative"]["id_number"]  # "420324199001011235"
MASKED_ID = "4203**********1235"


def user_id(username: str) -> int:
    return db.session.scalar(select(User.id).where(User.username == username))


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def audit_rows(html: str) -> list[tuple[str, str]]:
    """(who, action) of each line of the application page's audit table."""
    rows = lxml.html.fromstring(html).xpath("//table[@id='audit']/tbody/tr")
    return [(row.xpath("td[2]")[0].text_content(), row.get("data-action")) for row in rows]


def test_a_decision_names_the_clerk_by_id_not_by_a_name_two_clerks_share(app, clerk_client):
    with app.app_context():
        create_user("clerk2", Role.CLERK, "王窗口")  # same display name as clerk1
        number = create_application(ApplicationStatus.NEEDS_REVIEW).number
    other = sign_in(app.test_client(), "clerk2")
    response = other.post(f"/clerk/applications/{number}/reject", data={"note": "经营范围属于禁止类"})
    assert response.status_code == 303
    with app.app_context():
        rejected, = events("rejected")
        assert (rejected.actor_user_id, rejected.actor) == (user_id("clerk2"), "clerk2")
        assert rejected.actor_user_id != user_id("clerk1")
    # The page shows the display name looked up by the id.
    assert ("王窗口", "rejected") in audit_rows(clerk_client.get(f"/clerk/applications/{number}").text)


def test_the_page_shows_the_stored_name_when_no_user_is_known(app, clerk_client):
    with app.app_context():
        application = create_application(ApplicationStatus.PROCESSING)
        # A row from before staff were named by id (or whose user is gone): the stored name is all there is.
        db.session.add(AuditEvent(application_id=application.id, actor="old.clerk", action="step_retried"))
        db.session.commit()
        number = application.number
    rows = audit_rows(clerk_client.get(f"/clerk/applications/{number}").text)
    assert ("old.clerk", "step_retried") in rows and ("申请人", "submitted") in rows  # "applicant" in words


def test_a_supervisors_answer_is_in_the_trail_under_the_supervisors_id(app, supervisor_client):
    with app.app_context():
        report = report_cannot_get_done(create_application(ApplicationStatus.PROCESSING), "税务登记一直没有进展")
        db.session.commit()
        report_id = report.id
    response = supervisor_client.post(f"/clerk/reports/{report_id}/answer", data={"answer": "已联系税务部门"})
    assert response.status_code == 303
    with app.app_context():
        answered, = events("cannot_get_done_answered")
        assert (answered.actor_user_id, answered.actor, answered.note) == (user_id("boss"), "boss", "已联系税务部门")
        assert db.session.get(CannotGetDoneReport, report_id).answered_by == "李主管"  # what the applicant reads


def test_every_supervisor_view_of_full_id_numbers_is_recorded(app, supervisor_client, clerk_client):
    with app.app_context():
        number = create_application(ApplicationStatus.NEEDS_REVIEW).number
    page = f"/clerk/applications/{number}"
    masked = clerk_client.get(page).text
    assert FULL_ID not in masked and MASKED_ID in masked
    with app.app_context():
        assert events("viewed_full_id") == []  # a masked page is not a view of a full number
    assert FULL_ID in supervisor_client.get(page).text
    assert FULL_ID in supervisor_client.get(page).text
    # A refused decision shows the page again, full numbers and all: that view is recorded too.
    refused = supervisor_client.post(f"{page}/reject", data={"note": " "})
    assert refused.status_code == 422 and FULL_ID in refused.text
    with app.app_context():
        viewed = events("viewed_full_id")
        assert [(e.actor_user_id, e.actor) for e in viewed] == [(user_id("boss"), "boss")] * 3
        assert db.session.scalar(select(Application.status).where(Application.number == number)) == \
            ApplicationStatus.NEEDS_REVIEW  # the refused decision itself left nothing


def test_a_print_is_recorded_with_who_printed(app, client, finished, staff):
    sign_in(client, "courier1")
    assert client.get(f"/clerk/applications/{finished}/print.pdf").status_code == 403
    sign_in(client, "clerk1")
    response = client.get(f"/clerk/applications/{finished}/print.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    with app.app_context():
        printed, = events("printed")  # the courier's refused try printed nothing and left no event
        assert (printed.actor_user_id, printed.note, printed.application_id) == (
            user_id("clerk1"), "print_job", application_of(finished).id)
        uscc = application_of(finished).uscc
    # And a revocation from the command line names the operator's login.
    result = app.test_cli_runner().invoke(args=["licence", "revoke", uscc, "--reason", "住所无法联系"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        revoked, = events("licence_revoked")
        assert (revoked.actor, revoked.actor_user_id) == (cli_actor(), None) and revoked.actor.startswith("cli:")


def application_of(number: str) -> Application:
    return db.session.scalar(select(Application).where(Application.number == number))


def test_calendar_edits_on_the_page_record_the_supervisor_and_the_old_value(app, supervisor_client, clerk_client):
    with app.app_context():
        assert sla.calendar().source_for_year(2031) == "statutory"  # neither entered nor in the package
    first = {"year": "2031", "holidays": "2031-01-01", "workdays": ""}
    assert supervisor_client.post("/clerk/calendar", data=first).status_code == 303
    second = {"year": "2031", "holidays": "2031-01-01\n2031-10-01..2031-10-03", "workdays": "2031-09-27"}
    assert supervisor_client.post("/clerk/calendar", data=second).status_code == 303
    # A clerk may not edit the calendar, and the refused try is no edit.
    assert clerk_client.post("/clerk/calendar", data={"year": "2031", "holidays": "", "workdays": ""}).status_code == 403
    with app.app_context():
        edits = events("calendar_edited")
        assert [(e.actor_user_id, e.application_id) for e in edits] == [(user_id("boss"), None)] * 2
        assert edits[0].note == "2031: (statutory) → holidays [2031-01-01] workdays []"  # the clock's source before
        assert edits[1].note == ("2031: holidays [2031-01-01] workdays [] → "
                                 "holidays [2031-01-01 2031-10-01 2031-10-02 2031-10-03] workdays [2031-09-27]")


def test_a_calendar_edit_from_the_command_line_records_the_operators_login(app):
    result = app.test_cli_runner().invoke(args=["calendar", "set-year", "2031", "--holidays", "2031-01-01"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        edit, = events("calendar_edited")
        assert (edit.actor, edit.actor_user_id, edit.note) == (
            cli_actor(), None, "2031: (statutory) → holidays [2031-01-01] workdays []")
    # No option left to put someone else's name on the record.
    result = app.test_cli_runner().invoke(args=["calendar", "set-year", "2031", "--by", "李主管"])
    assert result.exit_code != 0
    with app.app_context():
        assert len(events("calendar_edited")) == 1
