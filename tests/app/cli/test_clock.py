"""`flask calendar` and `flask sla`: entering a year the package does not know, showing it, refusing bad input."""

from app.sla import centre as sla

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
