"""The warning on every clerk page when a year the clock needs has no official schedule, and the
"provisional" mark beside due times counted over such a year (app-wide template globals)."""

from datetime import datetime

from flask_babel import gettext as _

from app.clerk import bp
from app.sla import centre
from app.sla.lights import is_provisional
from app.sla.years import missing_years


@bp.app_template_global()
def calendar_missing_years() -> list[int]:
    """Years with no official schedule, counted by the law's holidays or Monday–Friday (cheap: the
    calendar is cached)."""
    return missing_years()


@bp.app_template_global()
def calendar_missing_notice(year: int) -> str:
    """The banner's words for one missing year, saying how the clock counts it meanwhile."""
    if centre.calendar().source_for_year(year) == "statutory":
        return _("%(year)d年节假日安排尚未录入，暂按法定节假日和周末计算工作日（未含调休），相关时限为预计", year=year)
    return _("%(year)d年节假日安排尚未录入，按周一至周五计算工作日", year=year)


@bp.app_template_global()
def due_is_provisional(start: datetime | None, due: datetime | None) -> bool:
    """For pages that hold the columns rather than the `sla` object (the queue)."""
    return is_provisional(start, due)
