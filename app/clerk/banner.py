"""The warning on every clerk page when a year the clock needs has no official schedule."""

from app.clerk import bp
from app.sla.years import missing_years


@bp.app_template_global()
def calendar_missing_years() -> list[int]:
    """Years counted Monday–Friday for want of an entered schedule (cheap: the calendar is cached)."""
    return missing_years()
