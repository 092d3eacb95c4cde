"""The shape of the pipeline: which steps exist and what each waits for.

    name_approval ─► registration ─┬─► seal_carving ─────┐
                                   ├─► tax_registration ─┤
                                   ├─► bank_account ─────┤
                                   ├─► social_insurance ─┼─► documents ─► shipment
                                   ├─► housing_fund ─────┤
                                   └─► licence ──────────┘

Each agency step also makes its own document (voucher, tax notice, bank notice, the employer
notices) and `licence` renders and signs the licence, all while the slowest agency is still
answering; `documents` only packs the bundle and marks the application ready, so little is added to
the critical path.

Two things make the plan differ between applications, so callers ask for it rather than read one
constant: a centre whose housing fund opens a unit account only with the basic deposit account
(HOUSING_FUND_NEEDS_BANK_ACCOUNT: `housing_fund` then waits for `bank_account`) — `for_config`;
and an entity type that does not register a step (app.rules.employer) — `steps_for`, which files
no row for it. A step an application has no row for (that, or an application filed before the step
existed) is not applicable: it counts as settled for the steps that wait on it (`settled`).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from app.rules.employer import EMPLOYER_STEPS, HOUSING_FUND, SOCIAL_INSURANCE, employer_steps


@dataclass(frozen=True)
class StepPlan:
    name: str
    needs: tuple[str, ...]
    public: bool = True  # shown in the API's `steps`; the document steps are internal


def _plan(housing_fund_needs_bank_account: bool) -> tuple[StepPlan, ...]:
    return (
        StepPlan("name_approval", ()),
        StepPlan("registration", ("name_approval",)),
        StepPlan("seal_carving", ("registration",)),
        StepPlan("tax_registration", ("registration",)),
        StepPlan("bank_account", ("registration",)),
        StepPlan(SOCIAL_INSURANCE, ("registration",)),
        StepPlan(HOUSING_FUND, ("registration", "bank_account") if housing_fund_needs_bank_account
                 else ("registration",)),
        StepPlan("licence", ("registration",), public=False),
        StepPlan("documents", ("seal_carving", "tax_registration", "bank_account", SOCIAL_INSURANCE, HOUSING_FUND,
                               "licence"), public=False),
        StepPlan("shipment", ("documents",), public=False),  # 证照邮寄: books the waybill once ready_for_issue
    )


PLAN: tuple[StepPlan, ...] = _plan(housing_fund_needs_bank_account=False)  # every step, the default shape
PLAN_WITH_BANK_ACCOUNT_FIRST: tuple[StepPlan, ...] = _plan(housing_fund_needs_bank_account=True)
PUBLIC_STEPS = tuple(p.name for p in PLAN if p.public)
READY_STEP = "documents"  # its end is the application's ready_for_issue


def for_config(config: Mapping) -> tuple[StepPlan, ...]:
    """The plan under a centre's settings (a Flask config or any mapping)."""
    return PLAN_WITH_BANK_ACCOUNT_FIRST if config.get("HOUSING_FUND_NEEDS_BANK_ACCOUNT") else PLAN


def steps_for(entity_type: str, config: Mapping) -> tuple[StepPlan, ...]:
    """The steps an application of this entity type is filed with: the plan without the employer
    registrations its type does not make."""
    left_out = set(EMPLOYER_STEPS) - set(employer_steps(entity_type))
    return tuple(p for p in for_config(config) if p.name not in left_out)


def settled(done: set[str], present: set[str], steps: tuple[StepPlan, ...] = PLAN) -> set[str]:
    """The steps a waiting step may count as behind it: those done, and those the application has no
    row for (not applicable to it)."""
    return done | ({p.name for p in steps} - present)


def runnable(done: set[str], waiting: set[str], steps: tuple[StepPlan, ...] = PLAN) -> list[str]:
    """Steps among `waiting` whose prerequisites are all in `done` (or `settled`), in plan order."""
    return [p.name for p in steps if p.name in waiting and set(p.needs) <= done]


def critical_path_ms(agency_ms: Mapping[str, float], steps: tuple[StepPlan, ...] = PLAN,
                     until: str = READY_STEP) -> float:
    """The least time from the first step to the end of `until` if every step took its `agency_ms`
    (0 where absent): the longest chain of needs — name, registration, then the slowest of all the
    parallel agencies (with the bank before the housing fund where the centre says so)."""
    finish: dict[str, float] = {}
    for step in steps:
        finish[step.name] = max((finish.get(need, 0.0) for need in step.needs), default=0.0) + agency_ms.get(
            step.name, 0.0)
        if step.name == until:
            break
    return finish[until]


def backoff_seconds(attempt: int, base: float, cap: float, jitter: float, at_least: float | None = None) -> float:
    """Exponential backoff with full jitter (`jitter` in [0, 1)), never sooner than `at_least`
    (the agency's Retry-After) and never later than `cap`."""
    ceiling = min(cap, base * (2 ** max(0, attempt - 1)))
    return min(cap, max(at_least or 0.0, ceiling / 2 + ceiling / 2 * jitter))
