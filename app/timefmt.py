"""Times as people and partners read them: Asia/Shanghai, ISO 8601 with offset."""

from datetime import datetime
from zoneinfo import ZoneInfo

# The one place the zone is named: Celery, Babel and the clock all read these.
TIMEZONE = "Asia/Shanghai"
SHANGHAI = ZoneInfo(TIMEZONE)


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(SHANGHAI).isoformat() if moment else None


def local(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return moment.astimezone(SHANGHAI).strftime(fmt) if moment else ""
