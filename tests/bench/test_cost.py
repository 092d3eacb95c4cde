"""bench.cost reads the OS's accounting right; bench.floor runs the pipeline's executors without a database."""

import subprocess
import sys
import time

import pytest

from bench import cost, floor
from bench.pipeline import floor_ratios

BUSY = "import time\nt=time.process_time()\nwhile time.process_time()-t<{s}: pass\n"


def test_cpu_of_a_tree_counts_live_and_reaped_descendants():
    # The child burns 0.3 s, then starts a grandchild that burns 0.3 s and is reaped, then sleeps.
    script = (BUSY.format(s=0.3) + "import subprocess,sys\n"
              f"subprocess.run([sys.executable,'-c',{BUSY.format(s=0.3)!r}])\ntime.sleep(30)\n")
    child = subprocess.Popen([sys.executable, "-c", script])
    try:
        roles = {"worker": [child.pid]}
        before = cost.snapshot(roles)
        time.sleep(2.5)
        after = cost.snapshot(roles)
        spent = cost.cpu_delta(before, after)["worker"]
        assert 0.5 <= spent <= 2.0, spent
        assert list(after["worker"]["processes"]) == [child.pid]  # the grandchild is gone, its time kept
    finally:
        child.kill()
        child.wait()


def test_peak_rss_is_the_high_water_mark():
    child = subprocess.Popen([sys.executable, "-c", "b = bytearray(80 * 2**20)\ndel b\nimport time\ntime.sleep(30)"])
    try:
        time.sleep(1.5)
        peaks = cost.peak_rss(cost.snapshot({"web": [child.pid]}))["web"]
        assert peaks and peaks[0] >= 80, peaks
    finally:
        child.kill()
        child.wait()


def test_counters_per_application_and_embedded_nulls():
    assert cost.database_counters("sqlite:///x.sqlite") == {"commits": None, "statements": None}
    assert cost.broker_counters("sqla+sqlite:///b.sqlite") == {"commands": None, "pushes": None}
    before, after = {"commits": 100, "statements": None}, {"commits": 160, "statements": None}
    assert cost.per_application(before, after, 20) == {"commits": 3.0, "statements": None}


def test_ratios_against_the_floor():
    result = {"our_cpu_ms_per_application": 300.0, "submit_to_ready_ms_p50": 900.0,
              "probe_submit_to_ready_ms_p50": 660.0}
    measured = {"serial": {"cpu_ms_per_application": 100.0, "latency_ms_p50": 700.0},
                "fan_out": {"cpu_ms_per_application": 110.0, "latency_ms_p50": 600.0}}
    assert floor_ratios(result, measured) | {"floor": None} == {
        "floor": None, "cpu_ratio_to_floor": 3.0, "latency_ratio_to_floor": 1.1}


@pytest.mark.slow
def test_floor_runs_every_step_and_document_without_a_database(sandbox, tmp_path):
    measured = floor.floor(sandbox.url, 2, str(tmp_path))  # a query would fail: the database has no tables
    for mode in ("serial", "fan_out"):
        assert measured[mode]["cpu_ms_per_application"] > 0
        assert measured[mode]["latency_ms_p50"] > 0
    assert floor.DOCUMENTS == {}  # every application's documents were checked against its bundle and let go
