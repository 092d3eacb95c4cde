"""What the applicant can expect, said on the tracking page: the office hours and why the due time
is what it is, when the documents are likely to be ready, and what to bring to the window.

The likely ready time is read off the pipeline's own measurements: for each step, the median of
how long it took (started → finished) on the most recent applications that finished, followed
along the plan (the parallel steps wait for the slowest). With too few finished applications to
measure, nothing is promised beyond the commitment.
"""

import statistics
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import Application, ApplicationStatus, Step, StepStatus
from app.models.types import utcnow
from app.pipeline.plan import PLAN, StepPlan
from app.sla import centre
from app.sla.clock import clock_start
from app.timefmt import SHANGHAI

READY_STEP = "documents"  # the step that marks the application ready for issue (app.pipeline.plan)
SAMPLE_PER_STEP = 50  # the most recent finished runs of each step that are measured
MIN_SAMPLES = 5  # fewer finished runs than this and no estimate is shown
MEDIANS_TTL_SECONDS = 300.0  # the medians move slowly: every poll of every page need not ask again
ESTIMATED = (ApplicationStatus.SUBMITTED, ApplicationStatus.PROCESSING)  # the pipeline runs by itself


@dataclass(frozen=True)
class Clock:
    """Why the due time is what it is: when the application was accepted and when its clock started."""

    accepted: str
    started: str
    started_later: bool  # accepted outside office hours: the clock waits for the next opening
    working_days: float
    working_hours: float


@dataclass(frozen=True)
class Estimate:
    """The likely ready time, and how many finished applications it was measured on."""

    ready_at: str
    measured_on: int
    overdue: bool  # the likely time has passed (a step is slower than usual)


@dataclass(frozen=True)
class Expectations:
    ahead: bool  # anything still to expect: not once handed over, rejected or withdrawn
    office_hours: str
    clock: Clock | None
    estimate: Estimate | None
    window: bool  # licence and seals collected at the window (else sent by courier)
    bring: str
    centre_name: str
    centre_address: str
    centre_phone: str


def local_words(moment: datetime) -> str:
    return f"{moment.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"


def office_hours_words() -> str:
    """"09:00–12:00、13:30–17:30" from OFFICE_HOURS."""
    return _("、").join(f"{start:%H:%M}–{end:%H:%M}" for start, end in centre.office_hours().periods)


def clock_of(application: Application) -> Clock | None:
    """The clock's start for an accepted application (受理 at 03:53 starts it at 09:00)."""
    if application.accepted_at is None:
        return None
    hours = centre.office_hours()
    started = clock_start(application.accepted_at, centre.calendar(), hours)
    days = centre.commitment("apply").working_days
    return Clock(local_words(application.accepted_at), local_words(started), started > application.accepted_at,
                 days, days * hours.day_length.total_seconds() / 3600)


def step_medians() -> dict[str, tuple[timedelta, int]]:
    """Per step name, (median time from start to finish, how many runs measured), from the most recent
    SAMPLE_PER_STEP finished runs on applications that became ready; cached per process."""
    cached = current_app.extensions.get("step_medians")
    if cached and time.monotonic() - cached[0] < MEDIANS_TTL_SECONDS:
        return cached[1]
    medians = {}
    for plan in PLAN:
        spans = db.session.execute(
            select(Step.started_at, Step.finished_at).join(Application, Application.id == Step.application_id)
            .where(Step.name == plan.name, Step.status == StepStatus.DONE, Step.started_at.is_not(None),
                   Step.finished_at.is_not(None), Application.ready_at.is_not(None))
            .order_by(Step.finished_at.desc()).limit(SAMPLE_PER_STEP)).all()
        if spans:
            medians[plan.name] = (statistics.median(finished - started for started, finished in spans), len(spans))
    current_app.extensions["step_medians"] = (time.monotonic(), medians)
    return medians


def forget_step_medians() -> None:
    """The next estimate measures afresh (after a batch of applications finished, in tests and the CLI)."""
    current_app.extensions.pop("step_medians", None)


def likely_ready(plan: tuple[StepPlan, ...], steps: dict[str, Step], medians: dict[str, tuple[timedelta, int]],
                 accepted_at: datetime) -> tuple[datetime, int] | None:
    """When READY_STEP is likely to finish: each step finishes when it did, or its median after it
    started (or after the steps it needs finished); a step the application has no row for does not
    apply to it and takes no time. None when a step left has too few measurements. Also returns the
    fewest runs any estimated step was measured on."""
    finish: dict[str, datetime] = {}
    measured_on = None
    for step_plan in plan:
        step = steps.get(step_plan.name)
        ready_from = max((finish[need] for need in step_plan.needs), default=accepted_at)
        if step is None:
            finish[step_plan.name] = ready_from
        elif step.status == StepStatus.DONE and step.finished_at is not None:
            finish[step_plan.name] = step.finished_at
        else:
            median, runs = medians.get(step_plan.name, (None, 0))
            if median is None or runs < MIN_SAMPLES:
                return None
            started = max(step.started_at, ready_from) if step.started_at else ready_from
            finish[step_plan.name] = started + median
            measured_on = runs if measured_on is None else min(measured_on, runs)
        if step_plan.name == READY_STEP:
            return finish[READY_STEP], measured_on or 0
    return None


def estimate_of(application: Application, now: datetime | None = None) -> Estimate | None:
    """The likely ready time while the pipeline runs by itself; None while a person must act, or unmeasured."""
    if application.status not in ESTIMATED or application.accepted_at is None:
        return None
    found = likely_ready(PLAN, {s.name: s for s in application.steps}, step_medians(), application.accepted_at)
    if found is None:
        return None
    ready_at, measured_on = found
    return Estimate(local_words(ready_at), measured_on, ready_at < (now or utcnow()))


def bring_words() -> str:
    """What to bring to the window: the centre's WINDOW_BRING where it is set, else what every centre asks for."""
    return current_app.config.get("WINDOW_BRING") or _(
        "法定代表人本人身份证原件；委托他人领取的，请带受托人身份证原件和法定代表人签字的授权委托书")


def expectations_of(application: Application) -> Expectations:
    config = current_app.config
    window = (application.form.get("delivery") or {}).get("method") != "courier"
    ahead = application.status not in (*ApplicationStatus.HANDED_OVER, *ApplicationStatus.STOPPED)
    return Expectations(ahead, office_hours_words(), clock_of(application), estimate_of(application), window,
                        bring_words(), config["CENTRE_NAME"], config["CENTRE_ADDRESS"], config["CENTRE_PHONE"])
