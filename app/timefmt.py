"""Times as people and partners read them: Asia/Shanghai, ISO 8601 with offset."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# The one place the zone is named: Celery, Babel and the clock all read these.
TIMEZONE = "Asia/Shanghai"
SHANGHAI = ZoneInfo(TIMEZONE)


def today_in_shanghai(now: datetime | None = None) -> date:
    """The centre's calendar day (at `now`, else now): a promise "by 3 December" is overdue from
    4 December in Shanghai, whatever the server's zone."""
    return (now or datetime.now(UTC)).astimezone(SHANGHAI).date()


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(SHANGHAI).isoformat() if moment else None


def local(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return moment.astimezone(SHANGHAI).strftime(fmt) if moment else ""
