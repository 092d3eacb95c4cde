"""The shape of the pipeline: which steps exist and what each waits for.

    name_approval ─► registration ─┬─► seal_carving ─────┐
                                   ├─► tax_registration ─┤
                                   ├─► bank_account ─────┼─► documents ─► shipment
                                   └─► licence ──────────┘

Each agency step also makes its own document (voucher, tax notice, bank notice) and `licence`
renders and signs the licence, all while the slowest agency is still answering; `documents`
only packs the bundle and marks the application ready, so little is added to the critical path.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class StepPlan:
    name: str
    needs: tuple[str, ...]
    public: bool = True  # shown in the API's `steps`; the document steps are internal


PLAN: tuple[StepPlan, ...] = (
    StepPlan("name_approval", ()),
    StepPlan("registration", ("name_approval",)),
    StepPlan("seal_carving", ("registration",)),
    StepPlan("tax_registration", ("registration",)),
    StepPlan("bank_account", ("registration",)),
    StepPlan("licence", ("registration",), public=False),
    StepPlan("documents", ("seal_carving", "tax_registration", "bank_account", "licence"), public=False),
    StepPlan("shipment", ("documents",), public=False),  # 证照邮寄: books the waybill once ready_for_issue
)
PUBLIC_STEPS = tuple(p.name for p in PLAN if p.public)


def runnable(done: set[str], waiting: set[str]) -> list[str]:
    """Steps among `waiting` whose prerequisites are all in `done`, in plan order."""
    return [p.name for p in PLAN if p.name in waiting and set(p.needs) <= done]


def backoff_seconds(attempt: int, base: float, cap: float, jitter: float, at_least: float | None = None) -> float:
    """Exponential backoff with full jitter (`jitter` in [0, 1)), never sooner than `at_least`
    (the agency's Retry-After) and never later than `cap`."""
    ceiling = min(cap, base * (2 ** max(0, attempt - 1)))
    return min(cap, max(at_least or 0.0, ceiling / 2 + ceiling / 2 * jitter))
