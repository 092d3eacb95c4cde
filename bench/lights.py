"""Time refresh_lights (亮灯督办, Celery beat every minute) over 100,000 open applications; prints JSON.

    python -m bench.lights [--rows 100000] [--database-url postgresql+psycopg://...]

Every row is open (accepted over the last three days, with its due time and yellow moment; those
ready for issue with the issue stage's, those awaiting correction with an open pause), seeded as
bench.clerk_queue seeds. The first refresh corrects the seeded random lights (many rows change);
the steady runs that follow, a minute apart as the beat runs them, change only the rows whose
moment came. Each refresh is checked to be one statement. Without --database-url a fresh SQLite
file is used; the given PostgreSQL database has its public schema dropped and recreated.
"""

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import timedelta

from flask_migrate import upgrade
from sqlalchemy import event, func, select

from app.extensions import db
from app.factory import create_app
from app.models import Application, ApplicationStatus
from app.models.types import utcnow
from app.sla.lights import refresh_lights
from bench.clerk_queue import seed
from config import Testing
from devstack.stack import reset_postgres

STEADY_RUNS = 10
OPEN_STATUSES = ((ApplicationStatus.PROCESSING, 50), (ApplicationStatus.NEEDS_REVIEW, 10),
                 (ApplicationStatus.AWAITING_CORRECTION, 6), (ApplicationStatus.READY_FOR_ISSUE, 30),
                 (ApplicationStatus.SUBMITTED, 4))


def timed_refresh(now) -> dict:
    """One refresh at `now`: milliseconds, rows changed, statements sent."""
    statements = []

    def count(*_args) -> None:
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        began = time.perf_counter()
        changed = refresh_lights(now)
        elapsed = (time.perf_counter() - began) * 1000
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return {"ms": round(elapsed, 1), "changed": changed, "statements": len(statements)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="lights-")
    url = args.database_url or f"sqlite:///{workdir}/bench.sqlite"
    if url.startswith("postgresql"):
        reset_postgres(url)
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=url, INSTANCE_PATH=workdir)
    with app.app_context():
        upgrade(revision="heads")
        began = time.perf_counter()
        seed(db.engine, args.rows, random.Random(210), OPEN_STATUSES, days=3)
        seeded = round(time.perf_counter() - began, 1)
        now = utcnow()
        first = timed_refresh(now)
        steady = [timed_refresh(now + timedelta(minutes=minute)) for minute in range(1, STEADY_RUNS + 1)]
        lights = dict(db.session.execute(select(Application.light, func.count()).group_by(Application.light)).all())
        timings = [run["ms"] for run in steady]
        results = {
            "database": db.engine.dialect.name, "open_rows": args.rows, "seed_s": seeded,
            "first": first,
            "steady_ms_p50": round(statistics.median(timings), 1), "steady_ms_max": max(timings),
            "steady_changed": [run["changed"] for run in steady],
            "statements_per_refresh": sorted({run["statements"] for run in [first, *steady]}),
            "lights": lights,
        }
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
