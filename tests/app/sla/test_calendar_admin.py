"""Entering a year the package does not know: CLI, the supervisor's page, and the clerk's warning."""

from datetime import datetime

from app.extensions import db
from app.models import Role
from app.sla import centre as sla
from app.sla.years import missing_years
from app.timefmt import SHANGHAI
from tests.app.clerk.conftest import create_application, create_user, sign_in

SPRING_2027 = ["--holidays", "2027-01-01", "--holidays", "2027-02-05..2027-02-11", "--workdays", "2027-02-13"]


def due(app, moment: str) -> str:
    result = app.test_cli_runner().invoke(args=["sla", "due-at", moment])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_set_year_moves_a_2027_due_time(app):
    # Thursday 2027-02-04 16:00: Monday–Friday says Friday; the entered Spring Festival says the 12th.
    assert due(app, "2027-02-04T16:00:00+08:00") == "2027-02-05T16:00:00+08:00"
    result = app.test_cli_runner().invoke(args=["calendar", "set-year", "2027", *SPRING_2027])
    assert result.exit_code == 0, result.output
    assert due(app, "2027-02-04T16:00:00+08:00") == "2027-02-12T16:00:00+08:00"
    # The make-up Saturday counts: Friday 16:00 is due Saturday 16:00.
    assert due(app, "2027-02-12T16:00:00+08:00") == "2027-02-13T16:00:00+08:00"


def test_show_prints_the_source_and_days(app):
    runner = app.test_cli_runner()
    assert "weekdays" in runner.invoke(args=["calendar", "show", "2027"]).output
    runner.invoke(args=["calendar", "set-year", "2027", *SPRING_2027])
    shown = runner.invoke(args=["calendar", "show", "2027"]).output
    assert "entered" in shown and "2027-02-08" in shown and "workdays: 2027-02-13" in shown
    assert "package" in runner.invoke(args=["calendar", "show", "2026"]).output


def test_set_year_refuses_bad_input_in_plain_chinese(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["calendar", "set-year", "2027", "--workdays", "2027-02-12"])
    assert result.exit_code != 0 and "调休上班日应为周六或周日" in result.output
    result = runner.invoke(args=["calendar", "set-year", "2027", "--holidays", "2028-01-01"])
    assert result.exit_code != 0 and "不在2027年内" in result.output
    with app.app_context():
        assert sla.calendar().source_for_year(2027) == "weekdays"


def test_a_missing_next_year_warns_on_every_clerk_page(app):
    next_year = datetime.now(SHANGHAI).year + 1
    warning = f"{next_year}年节假日安排尚未录入，按周一至周五计算工作日"
    with app.app_context():
        create_user("boss", Role.SUPERVISOR)
        known = sla.calendar().source_for_year(next_year) != "weekdays"
        assert (next_year in missing_years()) is not known
    client = sign_in(app.test_client(), "boss")
    for page in ("/clerk/", "/clerk/calendar"):
        assert (warning in client.get(page).text) is not known, page
    response = client.post("/clerk/calendar", data={
        "year": str(next_year), "holidays": f"{next_year}-01-01\n{next_year}-10-01..{next_year}-10-07",
        "workdays": ""})
    assert response.status_code == 303
    page = client.get("/clerk/").text
    assert warning not in page
    assert f"{next_year}-10-03" in client.get("/clerk/calendar").text


def test_a_due_time_in_an_unknown_year_is_warned_about(app):
    with app.app_context():
        assert 2031 not in missing_years()  # nothing open is due then
        application = create_application()
        application.due_at = datetime(2031, 3, 3, 17, 30, tzinfo=SHANGHAI)
        db.session.commit()
        assert 2031 in missing_years() and 2030 in missing_years()


def test_the_calendar_page_says_what_is_wrong(app):
    with app.app_context():
        create_user("boss", Role.SUPERVISOR)
    client = sign_in(app.test_client(), "boss")
    response = client.post("/clerk/calendar", data={"year": "2027", "holidays": "2027-13-01", "workdays": ""})
    assert response.status_code == 422 and "不是有效日期" in response.text
    response = client.post("/clerk/calendar", data={"year": "二〇二七", "holidays": "", "workdays": ""})
    assert response.status_code == 422 and "年份请填写数字" in response.text
