"""What a step's executor hands the runner: the agency's answer, and what it means for the application.

Its own module so that every module of executors (app.pipeline.executors, app.pipeline.employer_steps)
builds on it, and the registry in executors can list them all without an import cycle.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from app.models import Application


@dataclass
class Answer:
    reference: str | None
    result: dict
    apply: Callable[[Application], None] | None = None
    agency_ms: int | None = None  # how long the agency took to answer


def timed(call: Callable[[], dict]) -> tuple[dict, int]:
    """The agency's answer and how many milliseconds it took."""
    started = time.perf_counter()
    answer = call()
    return answer, round((time.perf_counter() - started) * 1000)
