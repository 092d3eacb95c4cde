"""Seed 100,000 applications and time the clerk queue query; prints JSON p50/p95 in milliseconds.

    python -m bench.clerk_queue [--rows 100000] [--database-url postgresql+psycopg://...] [--reuse]

Without --database-url a fresh SQLite file in a temporary directory is used. The schema comes
from the real migrations; rows go in with SQLAlchemy Core multi-row inserts on SQLite, by COPY on
PostgreSQL. The given PostgreSQL database has its public schema dropped and recreated, unless
--reuse: then the rows seeded by an earlier run are measured again (after any new migration).
"""

import argparse
import itertools
import json
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from flask_migrate import upgrade
from sqlalchemy import insert, literal, select, text

from app.applications.queue import Cursor, QueueFilters, applications, queue_page, steps
from app.extensions import db
from app.factory import create_app
from app.models import ApplicationStatus, Pause
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
STEP_STATUS = {ApplicationStatus.PROCESSING: "running", ApplicationStatus.NEEDS_REVIEW: "needs_review",
               ApplicationStatus.SUBMITTED: "pending", ApplicationStatus.AWAITING_CORRECTION: "needs_review"}
pauses = Pause.__table__


def application_rows(rows: int, rng: random.Random, statuses=STATUSES, days: int = 90) -> Iterator[dict]:
    """The rows, id 1..rows, each with the moments the operations store: accepted at filing, a due time
    8–72 h later with its yellow moment halfway, the issue stage's two for those ready for issue;
    submitted over the last `days` days."""
    drawn = [s for s, weight in statuses for _ in range(weight)]
    now = datetime.now(UTC)
    for row_id in range(1, rows + 1):
        submitted = now - timedelta(minutes=rng.randrange(60 * 24 * days))
        status = rng.choice(drawn)
        trade = "".join(rng.choice(TRADE_CHARACTERS) for _ in range(3)) + f"{row_id:06d}"
        due = submitted + timedelta(hours=rng.randrange(8, 72))
        ready = due - timedelta(hours=4) if status in ApplicationStatus.DONE_APPLYING else None
        yield {
            "id": row_id, "number": submitted.strftime("%Y%m%d") + f"{row_id:010d}", "channel": "online",
            "status": status, "entity_type": rng.choice(ENTITY_TYPES),
            "company_name": f"竹溪县{trade}{rng.choice(INDUSTRIES)}有限公司", "name_key": f"k{row_id}",
            "form": FORM, "uscc": f"91420324{row_id:09d}X", "submitted_at": submitted, "accepted_at": submitted,
            "due_at": due, "yellow_at": submitted + (due - submitted) / 2,
            "ready_at": ready, "issue_due_at": ready and ready + timedelta(hours=24),
            "issue_yellow_at": ready and ready + timedelta(hours=12),
            "light": rng.choices(("green", "yellow", "red"), (70, 20, 10))[0],
            "token_generation": 0, "updated_at": submitted,
        }


def seed(engine, rows: int, rng: random.Random, statuses=STATUSES, days: int = 90) -> None:
    """The applications, their step rows, and an open 补正 pause for each awaiting correction."""
    generated = application_rows(rows, rng, statuses, days)
    if engine.dialect.name == "postgresql":
        _seed_postgres(engine, generated)
    else:
        _seed_in_chunks(engine, generated)
    with engine.begin() as connection:
        connection.execute(insert(pauses).from_select(
            ["application_id", "started_at", "reason"],
            select(applications.c.id, applications.c.yellow_at, literal("补正"))
            .where(applications.c.status == ApplicationStatus.AWAITING_CORRECTION)))
        connection.execute(text("ANALYZE"))


def _step_row(row: dict, position: int, name: str) -> dict:
    done = row["status"] not in STEP_STATUS or position < 2
    return {"application_id": row["id"], "name": name, "position": position,
            "status": "done" if done else STEP_STATUS[row["status"]], "attempts": 1,
            "idempotency_key": f"{row['id']}-{name}", "updated_at": row["updated_at"]}


def _seed_in_chunks(engine, generated: Iterator[dict]) -> None:
    """SQLite: SQLAlchemy Core multi-row inserts, CHUNK applications at a time."""
    with engine.begin() as connection:
        while batch := list(itertools.islice(generated, CHUNK)):
            connection.execute(insert(applications), batch)
            connection.execute(insert(steps), [_step_row(row, position, step.name)
                                               for row in batch for position, step in enumerate(PLAN)])


def _seed_postgres(engine, generated: Iterator[dict]) -> None:
    """PostgreSQL: the applications by COPY, their step rows by one INSERT … SELECT in the server
    (a million applications in about a minute instead of a quarter of an hour)."""
    columns = list(next(application_rows(1, random.Random(0))))
    form = json.dumps(applications.c.form.type.process_bind_param(FORM, engine.dialect), ensure_ascii=False)
    with engine.begin() as connection:
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY applications ({', '.join(columns)}) FROM STDIN") as copy:
            for row in generated:
                copy.write_row([form if name == "form" else row[name] for name in columns])
        plan = ", ".join(f"({position}, '{step.name}')" for position, step in enumerate(PLAN))
        busy = " ".join(f"WHEN '{status}' THEN '{step}'" for status, step in STEP_STATUS.items())
        connection.execute(text(
            "INSERT INTO steps (application_id, name, position, status, attempts, idempotency_key, updated_at) "
            f"SELECT a.id, p.name, p.position, CASE WHEN p.position < 2 THEN 'done' ELSE "
            f"COALESCE(CASE a.status {busy} END, 'done') END, 1, a.id || '-' || p.name, a.updated_at "
            f"FROM applications a CROSS JOIN (VALUES {plan}) AS p(position, name)"))


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
    parser.add_argument("--reuse", action="store_true", help="measure the rows an earlier run seeded (PostgreSQL)")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="clerk-queue-")
    url = args.database_url or f"sqlite:///{workdir}/bench.sqlite"
    reuse = args.reuse and url.startswith("postgresql")
    if url.startswith("postgresql") and not reuse:
        reset_postgres(url)
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=url, INSTANCE_PATH=workdir)
    with app.app_context():
        upgrade(revision="heads")
        engine = db.engine  # the app's engine, with its SQLite pragmas
        began = time.perf_counter()
        if not reuse:
            seed(engine, args.rows, random.Random(210))
        seeded = round(time.perf_counter() - began, 1)
        probe = min(50_000, args.rows)  # a row in the middle of the default run, or the last of a small one
        with engine.connect() as connection:
            some_number = connection.execute(select(applications.c.number).where(applications.c.id == probe)).scalar()
        results = {
            "database": engine.dialect.name, "rows": args.rows, "seed_s": seeded,
            "first_page": measure(engine, QueueFilters()),
            "page_10_keyset": measure(engine, QueueFilters(), pages=10),
            "filtered": measure(engine, QueueFilters(status="processing", light="yellow", entity_type="llc")),
            "light_yellow": measure(engine, QueueFilters(light="yellow")),
            "light_green_page_10": measure(engine, QueueFilters(light="green"), pages=10),
            "search_name": measure(engine, QueueFilters(search="云帆")),
            "search_number": measure(engine, QueueFilters(search=some_number[:14])),
            "search_uscc": measure(engine, QueueFilters(search=f"91420324{probe:09d}X")),
        }
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
