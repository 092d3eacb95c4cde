"""日历: a supervisor enters or replaces a year's holidays and make-up working days."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.clerk import bp
from app.clerk.forms import CalendarForm
from app.extensions import db
from app.models import Role
from app.sla import centre as sla
from app.sla.years import entered_years, set_year
from app.web.guards import role_required


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@bp.route("/calendar", methods=["GET", "POST"])
@role_required(Role.SUPERVISOR)
def calendar():
    form = CalendarForm()
    problem = None
    if form.validate_on_submit():
        year_text = form.year.data.strip()
        try:
            if not year_text.isdigit():
                raise ValueError(_("年份请填写数字，如 2027"))
            year = int(year_text)
            set_year(year, _lines(form.holidays.data), _lines(form.workdays.data), current_user)
        except ValueError as error:  # parse_year_schedule says what is wrong, in Chinese
            db.session.rollback()
            problem = str(error)
        else:
            db.session.commit()
            sla.forget_calendar()
            flash(_("%(year)d年节假日安排已保存，此后的时限按此计算", year=year))
            return redirect(url_for("clerk.calendar"), code=303)
    elif form.errors:
        problem = next(m for messages in form.errors.values() for m in messages)
    work_calendar = sla.calendar()
    years = [(row, work_calendar.source_for_year(row.year)) for row in entered_years()]
    return render_template("clerk/calendar.html", form=form, years=years, problem=problem), 422 if problem else 200
