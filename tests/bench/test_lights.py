"""bench.lights seeds open applications, refreshes their lights and reports one statement per refresh."""

import json
import sys

from bench import lights


def test_the_lights_bench_reports_one_statement_per_refresh(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["bench.lights", "--rows", "400"])
    lights.main()
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["database"] == "sqlite" and report["open_rows"] == 400
    assert report["statements_per_refresh"] == [1]
    assert report["first"]["changed"] > 0 and sum(report["lights"].values()) == 400
    assert len(report["steady_changed"]) == lights.STEADY_RUNS
