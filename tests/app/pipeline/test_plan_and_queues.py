"""The pipeline's shape, its backoff, and that every queue has a consumer."""

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.pipeline import plan, tasks
from config import ROOT


def test_registration_waits_for_the_name_and_the_three_run_in_parallel():
    assert plan.runnable(set(), {"name_approval", "registration"}) == ["name_approval"]
    after_registration = plan.runnable({"name_approval", "registration"},
                                       {"seal_carving", "tax_registration", "bank_account", "licence", "documents"})
    assert after_registration == ["seal_carving", "tax_registration", "bank_account", "licence"]
    assert plan.runnable({"name_approval", "registration", "seal_carving", "tax_registration", "licence"},
                         {"bank_account", "documents"}) == ["bank_account"]
    assert plan.runnable({"seal_carving", "tax_registration", "bank_account"}, {"documents"}) == []
    assert plan.runnable({"seal_carving", "tax_registration", "bank_account", "licence"}, {"documents"}) == [
        "documents"]


def test_every_step_needs_only_steps_that_come_before_it():
    seen: set[str] = set()
    for step in plan.PLAN:
        assert set(step.needs) <= seen, step.name
        seen.add(step.name)


@given(attempt=st.integers(1, 50), jitter=st.floats(0, 0.999))
def test_backoff_grows_and_stays_under_the_cap(attempt, jitter):
    delay = plan.backoff_seconds(attempt, base=1.0, cap=300.0, jitter=jitter)
    ceiling = min(300.0, 2 ** (attempt - 1))
    assert ceiling / 2 <= delay <= ceiling


def test_every_queue_has_a_consumer():
    procfile = (Path(ROOT) / "Procfile").read_text()
    consumed = set(re.search(r"--queues (\S+)", procfile).group(1).split(","))
    assert set(tasks.QUEUES) <= consumed
    assert tasks.run_step.name == "pipeline.run_step" and tasks.sweep.name == "pipeline.sweep"


def test_healthz_answers_when_database_and_queue_answer(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
