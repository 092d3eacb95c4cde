"""Seed 100,000 applications and time the clerk queue query; prints JSON p50/p95 in milliseconds.

    python -m bench.clerk_queue [--rows 100000] [--database-url postgresql+psycopg://...]

Without --database-url a fresh SQLite file in a temporary directory is used. The schema comes
from the real migrations; rows go in with SQLAlchemy Core bulk inserts. The given PostgreSQL
database has its public schema dropped and recreated.
"""

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta

from flask_migrate import upgrade
from sqlalchemy import insert, select, text

from app.applications.queue import Cursor, QueueFilters, applications, queue_page, steps
from app.extensions import db
from app.factory import create_app
from app.models import ApplicationStatus
from app.pipeline.plan import PLAN
from config import Testing
from devstack.payloads import TRADE_CHARACTERS
from devstack.stack import reset_postgres

RUNS = 60
CHUNK = 5000
INDUSTRIES = ("科技", "商贸", "餐饮", "建材", "农业", "物流")
ENTITY_TYPES = ("llc", "llc", "llc", "individual_business", "sole_proprietorship", "partnership", "cooperative")
# Half the rows are still open: a worst case for a county centre, whose queue is usually short.
STATUSES = ((ApplicationStatus.PROCESSING, 25), (ApplicationStatus.NEEDS_REVIEW, 5),
            (ApplicationStatus.AWAITING_CORRECTION, 3), (ApplicationStatus.READY_FOR_ISSUE, 15),
            (ApplicationStatus.SUBMITTED, 2), (ApplicationStatus.ISSUED, 25), (ApplicationStatus.DELIVERED, 20),
            (ApplicationStatus.REJECTED, 5))
FORM = {"address": "湖北省十堰市竹溪县城关镇人民路1号", "delivery": {"method": "window"}}


def seed(engine, rows: int, rng: random.Random) -> None:
    statuses = [s for s, weight in STATUSES for _ in range(weight)]
    now = datetime.now(UTC)
    step_status = {ApplicationStatus.PROCESSING: "running", ApplicationStatus.NEEDS_REVIEW: "needs_review",
                   ApplicationStatus.SUBMITTED: "pending", ApplicationStatus.AWAITING_CORRECTION: "needs_review"}
    with engine.begin() as connection:
        for first in range(1, rows + 1, CHUNK):
            batch, step_rows = [], []
            for row_id in range(first, min(first + CHUNK, rows + 1)):
                submitted = now - timedelta(minutes=rng.randrange(60 * 24 * 90))
                status = rng.choice(statuses)
                trade = "".join(rng.choice(TRADE_CHARACTERS) for _ in range(3)) + f"{row_id:06d}"
                batch.append({
                    "id": row_id, "number": submitted.strftime("%Y%m%d") + f"{row_id:010d}", "channel": "online",
                    "status": status, "entity_type": rng.choice(ENTITY_TYPES),
                    "company_name": f"竹溪县{trade}{rng.choice(INDUSTRIES)}有限公司", "name_key": f"k{row_id}",
                    "form": FORM, "uscc": f"91420324{row_id:09d}X", "submitted_at": submitted,
                    "due_at": submitted + timedelta(hours=rng.randrange(8, 72)),
                    "light": rng.choices(("green", "yellow", "red"), (70, 20, 10))[0],
                    "updated_at": submitted,
                })
                for position, step in enumerate(PLAN):
                    done = status not in step_status or position < 2
                    step_rows.append({"application_id": row_id, "name": step.name, "position": position,
                                      "status": "done" if done else step_status[status], "attempts": 1,
                                      "idempotency_key": f"{row_id}-{step.name}", "updated_at": submitted})
            connection.execute(insert(applications), batch)
            connection.execute(insert(steps), step_rows)
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))


def percentiles(timings: list[float]) -> dict:
    cuts = statistics.quantiles(timings, n=100)
    return {"p50_ms": round(cuts[49], 2), "p95_ms": round(cuts[94], 2)}


def measure(engine, filters: QueueFilters, pages: int = 1) -> dict:
    timings = []
    with engine.connect() as connection:
        for _ in range(RUNS):
            began = time.perf_counter()
            cursor = None
            for _ in range(pages):
                page = queue_page(connection, filters, Cursor.decode(cursor))
                cursor = page.next_cursor
            timings.append((time.perf_counter() - began) * 1000 / pages)
    return percentiles(timings) | {"rows": len(page.rows)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="clerk-queue-")
    url = args.database_url or f"sqlite:///{workdir}/bench.sqlite"
    if url.startswith("postgresql"):
        reset_postgres(url)
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=url, INSTANCE_PATH=workdir)
    with app.app_context():
        upgrade(revision="heads")
        engine = db.engine  # the app's engine, with its SQLite pragmas
        began = time.perf_counter()
        seed(engine, args.rows, random.Random(210))
        seeded = round(time.perf_counter() - began, 1)
        with engine.connect() as connection:
            some_number = connection.execute(select(applications.c.number).where(applications.c.id == 50_000)).scalar()
        results = {
            "database": engine.dialect.name, "rows": args.rows, "seed_s": seeded,
            "first_page": measure(engine, QueueFilters()),
            "page_10_keyset": measure(engine, QueueFilters(), pages=10),
            "filtered": measure(engine, QueueFilters(status="processing", light="yellow", entity_type="llc")),
            "search_name": measure(engine, QueueFilters(search="云帆")),
            "search_number": measure(engine, QueueFilters(search=some_number[:14])),
            "search_uscc": measure(engine, QueueFilters(search=f"91420324{50_000:09d}X")),
        }
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
