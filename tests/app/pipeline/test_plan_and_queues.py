"""The pipeline's shape, its backoff, and that every queue has a consumer."""

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.pipeline import plan, tasks
from config import ROOT

PARALLEL = ["seal_carving", "tax_registration", "bank_account", "social_insurance", "housing_fund", "licence"]


def test_registration_waits_for_the_name_and_the_agencies_run_in_parallel():
    assert plan.runnable(set(), {"name_approval", "registration"}) == ["name_approval"]
    after_registration = plan.runnable({"name_approval", "registration"}, {*PARALLEL, "documents"})
    assert after_registration == PARALLEL
    assert plan.runnable({"name_approval", "registration", "seal_carving", "tax_registration", "licence"},
                         {"bank_account", "documents"}) == ["bank_account"]
    assert plan.runnable({"seal_carving", "tax_registration", "bank_account", "licence"}, {"documents"}) == []
    assert plan.runnable(set(PARALLEL) - {"housing_fund"}, {"documents"}) == []
    assert plan.runnable(set(PARALLEL), {"documents"}) == ["documents"]


def test_where_the_centre_says_so_the_housing_fund_waits_for_the_bank_account():
    """HOUSING_FUND_NEEDS_BANK_ACCOUNT: the two shapes of the plan."""
    registered = {"name_approval", "registration"}
    assert "housing_fund" in plan.runnable(registered, {"housing_fund"}, plan.for_config({}))
    with_bank = plan.for_config({"HOUSING_FUND_NEEDS_BANK_ACCOUNT": True})
    assert plan.runnable(registered, {"bank_account", "housing_fund"}, with_bank) == ["bank_account"]
    assert plan.runnable(registered | {"bank_account"}, {"housing_fund"}, with_bank) == ["housing_fund"]
    assert [p.name for p in with_bank] == [p.name for p in plan.PLAN]


def test_a_step_without_a_row_is_not_waited_for():
    """An individual business, or an application filed before the employer steps existed, has no rows
    for them: documents runs once the steps it does have are done."""
    old_rows = set(PARALLEL) - {"social_insurance", "housing_fund"} | {"name_approval", "registration", "documents"}
    done = old_rows - {"documents"}
    settled = plan.settled(done, old_rows)
    assert plan.runnable(settled, {"documents"}) == ["documents"]
    assert plan.runnable(plan.settled(done - {"bank_account"}, old_rows), {"documents"}) == []


def test_an_individual_business_is_filed_without_the_employer_steps():
    names = {entity: [p.name for p in plan.steps_for(entity, {})] for entity in
             ("llc", "sole_proprietorship", "partnership", "cooperative", "individual_business")}
    assert names["individual_business"] == [n for n in names["llc"] if n not in ("social_insurance", "housing_fund")]
    assert all(names[entity] == [p.name for p in plan.PLAN] for entity in names if entity != "individual_business")
    bank_first = plan.steps_for("llc", {"HOUSING_FUND_NEEDS_BANK_ACCOUNT": True})
    assert dict((p.name, p.needs) for p in bank_first)["housing_fund"] == ("registration", "bank_account")


def test_the_critical_path_is_name_registration_and_the_slowest_parallel_agency():
    each = {name: 100.0 for name in ("name_approval", "registration", "seal_carving", "tax_registration",
                                     "bank_account", "social_insurance", "housing_fund")}
    assert plan.critical_path_ms(each) == 300.0
    assert plan.critical_path_ms(each | {"housing_fund": 250.0}) == 450.0
    bank_first = plan.for_config({"HOUSING_FUND_NEEDS_BANK_ACCOUNT": True})
    assert plan.critical_path_ms(each, bank_first) == 400.0  # the bank, then the housing fund
    assert plan.critical_path_ms(each | {"seal_carving": 500.0}, bank_first) == 700.0


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
