"""`flask sla` (the due time of a submission) and `flask calendar` (enter a year's holidays and
make-up working days, and show what the clock uses)."""

from datetime import date, datetime, timedelta

import click
from flask.cli import AppGroup

from app.audit.operations import cli_actor
from app.extensions import db
from app.sla import centre
from app.sla.clock import due_at
from app.sla.years import set_year
from app.timefmt import SHANGHAI, iso

sla_cli = AppGroup("sla", help="The one-working-day clock.")
calendar_cli = AppGroup("calendar", help="The working-day calendar (节假日安排).")
SOURCE_WORDS = {"entered": "entered (录入)", "package": "package (chinesecalendar)",
                "statutory": "statutory (未录入，暂按法定节假日和周末，未含调休；预计)",
                "weekdays": "weekdays (未录入，按周一至周五)"}
PROVISIONAL_NOTE = "provisional: 预计，以当年国务院放假安排为准"


@calendar_cli.command("set-year")
@click.argument("year", type=int)
@click.option("--holidays", multiple=True, help="A date or a range YYYY-MM-DD..YYYY-MM-DD; repeat the option.")
@click.option("--workdays", multiple=True, help="A make-up working day (调休上班, a Saturday or Sunday); repeat.")
def set_year_command(year: int, holidays: tuple[str, ...], workdays: tuple[str, ...]) -> None:
    """Store YEAR's official schedule (replacing an earlier entry); the audit trail names `cli:<login>`."""
    try:
        row = set_year(year, list(holidays), list(workdays), cli_actor())
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    centre.forget_calendar()
    click.echo(f"{year}: {len(row.holidays)} holiday(s), {len(row.workdays)} make-up working day(s) stored")


@calendar_cli.command("show")
@click.argument("year", type=int)
def show_command(year: int) -> None:
    """Print where YEAR's working days come from, its rest days on weekdays and its weekend working days."""
    calendar = centre.calendar()
    click.echo(f"{year}: {SOURCE_WORDS[calendar.source_for_year(year)]}")
    day, rest, work = date(year, 1, 1), [], []
    while day.year == year:
        if day.weekday() < 5 and not calendar.is_workday(day):
            rest.append(day.isoformat())
        elif day.weekday() >= 5 and calendar.is_workday(day):
            work.append(day.isoformat())
        day += timedelta(days=1)
    click.echo("holidays: " + (" ".join(rest) or "-"))
    click.echo("workdays: " + (" ".join(work) or "-"))


@sla_cli.command("due-at")
@click.argument("submitted")
@click.option("--hours", type=float, default=None, help="Override the commitment, in working hours.")
def due_at_command(submitted: str, hours: float | None) -> None:
    """Print the due time for a submission at SUBMITTED (ISO 8601; no offset means Asia/Shanghai).

    The first line is the due time alone; a second line `provisional: ...` follows when the time is
    counted over a year whose official schedule is not known (neither entered nor in the package)."""
    try:
        moment = datetime.fromisoformat(submitted)
    except ValueError:
        raise click.ClickException(f"时间“{submitted}”格式不对，请写成 2026-12-31T10:00:00+08:00") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    calendar = centre.calendar()
    due = due_at(moment, calendar, centre.office_hours(), centre.commitment("apply", hours))
    click.echo(iso(due))
    if calendar.is_provisional(moment.astimezone(SHANGHAI).date(), due.astimezone(SHANGHAI).date()):
        click.echo(PROVISIONAL_NOTE)
