"""Time due_at over 10,000 random submissions in 2026; prints JSON percentiles in microseconds."""

import json
import random
import statistics
import time
from datetime import datetime, timedelta

from app.sla.calendar import WorkCalendar
from app.sla.clock import SHANGHAI, Commitment, OfficeHours, due_at

SUBMISSIONS = 10_000
YEAR_SECONDS = 365 * 24 * 3600


def main() -> None:
    rng = random.Random(210)
    start_of_year = datetime(2026, 1, 1, tzinfo=SHANGHAI)
    submissions = [start_of_year + timedelta(seconds=rng.randrange(YEAR_SECONDS)) for _ in range(SUBMISSIONS)]
    calendar, hours, commitment = WorkCalendar(), OfficeHours(), Commitment()
    due_at(submissions[0], calendar, hours, commitment)  # build the 2026 calendar once, as a running worker has
    timings_us = []
    for submitted in submissions:
        began = time.perf_counter_ns()
        due_at(submitted, calendar, hours, commitment)
        timings_us.append((time.perf_counter_ns() - began) / 1000)
    cuts = statistics.quantiles(timings_us, n=100)
    print(json.dumps({"due_at_us_p50": round(cuts[49], 1), "due_at_us_p95": round(cuts[94], 1)}))


if __name__ == "__main__":
    main()
