"""`flask calendar` and `flask sla`: entering a year the package does not know, showing it, refusing bad input."""

from app.sla import centre as sla

SPRING_2027 = ["--holidays", "2027-01-01", "--holidays", "2027-02-05..2027-02-11", "--workdays", "2027-02-13"]


PROVISIONAL = "provisional: 预计，以当年国务院放假安排为准"


def due_lines(app, moment: str) -> list[str]:
    result = app.test_cli_runner().invoke(args=["sla", "due-at", moment])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def due(app, moment: str) -> str:
    """The first line: the due time alone (what a script reads)."""
    return due_lines(app, moment)[0]


def test_set_year_moves_a_2027_due_time(app):
    # Thursday 2027-02-04 16:00: the law's 春节 (除夕 Friday to 初三 Monday, 初一 and 初二 on the weekend
    # made up on the 9th and 10th, 第六条) says Thursday the 11th, provisionally; the entered one says the 12th.
    assert due_lines(app, "2027-02-04T16:00:00+08:00") == ["2027-02-11T16:00:00+08:00", PROVISIONAL]
    result = app.test_cli_runner().invoke(args=["calendar", "set-year", "2027", *SPRING_2027])
    assert result.exit_code == 0, result.output
    assert due_lines(app, "2027-02-04T16:00:00+08:00") == ["2027-02-12T16:00:00+08:00"]
    # The make-up Saturday counts: Friday 16:00 is due Saturday 16:00.
    assert due(app, "2027-02-12T16:00:00+08:00") == "2027-02-13T16:00:00+08:00"


def test_due_at_new_years_eve_2026_skips_new_years_day_and_says_provisional(app):
    assert due_lines(app, "2026-12-31T10:00") == ["2027-01-04T10:00:00+08:00", PROVISIONAL]
    assert due_lines(app, "2026-06-01T10:00") == ["2026-06-02T10:00:00+08:00"]  # 2026 is official


def test_due_at_refuses_a_malformed_time_in_plain_chinese(app):
    result = app.test_cli_runner().invoke(args=["sla", "due-at", "明天上午"])
    assert result.exit_code != 0 and "格式不对" in result.output


def test_show_prints_the_source_and_days(app):
    runner = app.test_cli_runner()
    shown = runner.invoke(args=["calendar", "show", "2027"]).output
    assert "statutory" in shown and "holidays: 2027-01-01 2027-02-05 2027-02-08 2027-02-09 2027-02-10 2027-04-05" in shown
    assert "workdays: -" in shown  # no 调休 is known without the notice
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
        assert sla.calendar().source_for_year(2027) == "statutory"
