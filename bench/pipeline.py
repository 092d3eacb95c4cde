"""Push N applications through the whole pipeline against the sandbox; print one JSON object.

    python -m bench.pipeline [-n 300] [--backend embedded|services] [--agency-latency-ms 200]

Starts its own sandbox, web app (gunicorn) and Celery workers as subprocesses on a fresh
database: SQLite + the SQLite broker (`embedded`, what `make run` uses) or PostgreSQL + Redis
from TEST_DATABASE_URL / TEST_REDIS_URL (`services`). Submits over HTTP from several threads, each
party of each application signing as a person would (the SMS link and code from the sandbox's
inbox), waits until every application is ready_for_issue, then reports:

- applications_per_second: N / (first submit → last ready), signing included;
- submit_to_ready_ms p50 / p95 from the rows' own timestamps, counted as before from acceptance
  (受理: the last signature, `accepted_at`) to ready (PostgreSQL: database kaiban_bench, made beside the test one);
- with --agency-latency-ms L: critical_path_ms = 3 L (name, registration, then the slowest of all
  the parallel agencies — seal, tax, bank, social insurance, housing fund; 4 L where the housing
  fund waits for the bank, HOUSING_FUND_NEEDS_BANK_ACCOUNT: app.pipeline.plan.critical_path_ms)
  and critical_path_ratio = p50 / critical path, measured on a separate run
  of --probe applications one at a time, so that queueing under load does not count; and
  critical_path_ratio_measured_agency_time, the same against what the agencies really took
  (L plus the sandbox's own work, recorded per step in steps.agency_ms).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import requests
from sqlalchemy import bindparam, create_engine, text

from app.pipeline import plan
from bench import cost
from config import ROOT, env_bool
from devstack.payloads import example_payload, parties, sign_over_http, with_own_phones
from devstack.stack import Stack, free_port, free_sandbox_port, wait_until
from integrations.mail import SANDBOX_SMTP_OFFSET


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
                            start_new_session=True)


def wait_http(url: str, timeout: float = 30) -> None:
    def answers():
        try:
            return requests.get(url, timeout=1).status_code == 200
        except requests.RequestException:
            return False
    wait_until(answers, timeout, 0.2, message=url)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def ready_times(database_url: str, numbers: list[str]) -> list[float] | None:
    """acceptance→ready in ms for every number, or None while some are not ready yet."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT status, accepted_at, ready_at FROM applications WHERE number IN :numbers"
        ).bindparams(bindparam("numbers", expanding=True)), {"numbers": numbers}).all()
    engine.dispose()
    stuck = [r for r in rows if r.status in ("needs_review", "rejected")]
    if stuck:
        raise SystemExit(f"{len(stuck)} application(s) need review; the sandbox refused something")
    if len(rows) < len(numbers) or any(r.ready_at is None for r in rows):
        return None
    return [(as_dt(r.ready_at) - as_dt(r.accepted_at)).total_seconds() * 1000 for r in rows]


def as_dt(value):
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def measured_critical_path(database_url: str, numbers: list[str]) -> list[float]:
    """Per application: acceptance→ready divided by what the agencies themselves took on the
    critical path (name + registration + the slowest of all parallel agencies, from steps.agency_ms)."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT a.number, a.accepted_at, a.ready_at, s.name, s.agency_ms FROM applications a "
            "JOIN steps s ON s.application_id = a.id WHERE a.number IN :numbers"
        ).bindparams(bindparam("numbers", expanding=True)), {"numbers": numbers}).all()
    engine.dispose()
    by_number: dict[str, dict] = {}
    for row in rows:
        entry = by_number.setdefault(row.number, {"total": (as_dt(row.ready_at) - as_dt(row.accepted_at))
                                                  .total_seconds() * 1000})
        entry[row.name] = row.agency_ms or 0
    shape = pipeline_shape()
    return [e["total"] / plan.critical_path_ms(e, shape) for e in by_number.values()]


def pipeline_shape() -> tuple[plan.StepPlan, ...]:
    """The plan the stack runs under (the same environment variable as config.Default's)."""
    return plan.for_config({"HOUSING_FUND_NEEDS_BANK_ACCOUNT": env_bool("HOUSING_FUND_NEEDS_BANK_ACCOUNT", False)})


def submit_all(base: str, sandbox_url: str, count: int, threads: int) -> tuple[list[str], float]:
    session = requests.Session()

    def submit(_):
        payload = with_own_phones(example_payload())
        response = session.post(base + "/api/v1/applications", json=payload, timeout=60)
        response.raise_for_status()
        number = response.json()["number"]
        sign_over_http(base + "/api/v1", sandbox_url, number, parties(payload), session)
        return number

    started = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        numbers = list(pool.map(submit, range(count)))
    return numbers, started


def measure_floor(env: dict, sandbox_url: str, workdir: Path, count: int) -> dict:
    """bench.floor in its own process on the same sandbox (idle by now), at the same agency latency."""
    done = subprocess.run([sys.executable, "-m", "bench.floor", "--sandbox", sandbox_url, "-n", str(count),
                           "--instance", str(workdir)], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True, timeout=600)
    return json.loads(done.stdout.strip().splitlines()[-1])


def floor_ratios(result: dict, floor: dict) -> dict:
    """Our CPU (web + worker) against the serial floor's; acceptance→ready p50 (the one-at-a-time probe's
    when there is one, else the loaded run's) against the fanned-out floor's latency."""
    latency = result.get("probe_submit_to_ready_ms_p50", result["submit_to_ready_ms_p50"])
    return {"floor": floor,
            "cpu_ratio_to_floor": round(result["our_cpu_ms_per_application"] / floor["serial"]["cpu_ms_per_application"], 2),
            "latency_ratio_to_floor": round(latency / floor["fan_out"]["latency_ms_p50"], 2)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=300, help="applications in the throughput run")
    parser.add_argument("--backend", choices=("embedded", "services"), default="embedded")
    parser.add_argument("--agency-latency-ms", type=int, default=0)
    parser.add_argument("--probe", type=int, default=10, help="one-at-a-time applications for the critical-path ratio")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--concurrency", type=int, default=32, help="threads per worker")
    parser.add_argument("--submitters", type=int, default=8)
    parser.add_argument("--floor", type=int, default=20, help="applications for the floor (bench.floor), 0: none")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="kaiban-bench-"))
    sandbox_port = free_sandbox_port()
    web_port = free_port(avoid=(sandbox_port, sandbox_port + SANDBOX_SMTP_OFFSET))
    sandbox_url = f"http://127.0.0.1:{sandbox_port}"
    stack = Stack(args.backend, workdir, sandbox_url, database_name="kaiban_bench")
    processes = []
    try:
        settings = {"RETRY_BASE_SECONDS": "0.5", "REQUEUE_AFTER_SECONDS": "30", "STEP_LEASE_SECONDS": "60",
                    "AGENCY_READ_TIMEOUT": "10"}
        env = stack.env(**settings)
        processes.append(start([sys.executable, "-m", "integrations.sandbox", "--port", str(sandbox_port),
                                "--db", str(workdir / "sandbox.sqlite")], env, workdir / "sandbox.log"))
        wait_http(sandbox_url + "/_sandbox/config")
        stack.make_app()  # migrations
        processes.append(start([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{web_port}",
                                "--workers", "2", "--threads", "8", "wsgi:app"], env, workdir / "web.log"))
        base = f"http://127.0.0.1:{web_port}"
        wait_http(base + "/healthz")
        for index in range(args.workers):
            stack.start_worker(args.concurrency, beat=index == 0, name=f"bench{index}@%h", **settings)
        stack.sandbox("/_sandbox/config", SANDBOX_LATENCY_MS=args.agency_latency_ms)
        # Warm up: one application through every process.
        warm, _ = submit_all(base, sandbox_url, 2, 2)
        wait_until(lambda: ready_times(stack.database_url, warm), 60, 0.2, message="warm-up")

        result: dict = {"backend": args.backend, "n": args.n, "agency_latency_ms": args.agency_latency_ms,
                        "workers": args.workers, "concurrency": args.concurrency, "cpus": os.cpu_count()}
        if args.agency_latency_ms and args.probe:
            probe, probed = [], []
            for _ in range(args.probe):
                numbers, _ = submit_all(base, sandbox_url, 1, 1)
                probe += wait_until(lambda n=numbers: ready_times(stack.database_url, n), 60, 0.02, message="probe")
                probed += numbers
            critical = plan.critical_path_ms(dict.fromkeys(plan.PUBLIC_STEPS, args.agency_latency_ms), pipeline_shape())
            result |= {"critical_path_ms": critical, "probe_submit_to_ready_ms_p50": round(statistics.median(probe), 1),
                       "critical_path_ratio": round(statistics.median(probe) / critical, 3),
                       "critical_path_ratio_measured_agency_time": round(statistics.median(
                           measured_critical_path(stack.database_url, probed)), 3)}

        roles = {"web": [processes[1].pid], "worker": [w.pid for w in stack.workers], "sandbox": [processes[0].pid]}
        counters = lambda: cost.database_counters(stack.database_url) | cost.broker_counters(stack.broker_url)  # noqa: E731
        time.sleep(1)  # let PostgreSQL flush the warm-up's statistics
        cpu_before, counted_before = cost.snapshot(roles), counters()
        numbers, started = submit_all(base, sandbox_url, args.n, args.submitters)
        submitted = time.monotonic()
        times = wait_until(lambda: ready_times(stack.database_url, numbers), 600, 0.2, message="all ready")
        finished = time.monotonic()
        cpu_after = cost.snapshot(roles)
        time.sleep(1)
        counted_after = counters()
        cpu = cost.cpu_delta(cpu_before, cpu_after)
        result |= {
            "submit_seconds": round(submitted - started, 2),
            "total_seconds": round(finished - started, 2),
            "applications_per_second": round(args.n / (finished - started), 2),
            "submit_to_ready_ms_p50": round(percentile(times, 0.5), 1),
            "submit_to_ready_ms_p95": round(percentile(times, 0.95), 1),
            "sandbox_duplicates": sum(a["duplicates_per_application"] for a in stack.sandbox("/_sandbox/stats").values()),
            "cpu_ms_per_application": {role: round(1000 * seconds / args.n, 1) for role, seconds in cpu.items()},
            "our_cpu_ms_per_application": round(1000 * (cpu["web"] + cpu["worker"]) / args.n, 1),
            "per_application": cost.per_application(counted_before, counted_after, args.n),
            "peak_rss_mib": cost.peak_rss(cpu_after),
        }
        if args.floor:
            result |= floor_ratios(result, measure_floor(env, sandbox_url, workdir, args.floor))
        print(json.dumps(result))
        return result
    finally:
        stack.stop()
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(10)


if __name__ == "__main__":
    main()
