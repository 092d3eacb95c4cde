"""An agency that answers 429 with Retry-After is not asked again sooner — nor later than the cap."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.extensions import db
from app.models import StepStatus
from app.models.types import utcnow
from app.pipeline import plan, runner
from forms.schema import validate_application
from integrations import agency_urls
from integrations.sandbox.server import sandbox_in_thread
from tests.factories import example_payload, filed_application

RETRY_AFTER_SECONDS = 120


@pytest.fixture
def throttled(tmp_path):
    """A sandbox of its own that answers every call 429 with Retry-After (the shared one stays calm)."""
    overrides = {"SANDBOX_DB": str(tmp_path / "throttled.sqlite"), "SANDBOX_THROTTLE_RATE": 1.0,
                 "SANDBOX_RETRY_AFTER_SECONDS": RETRY_AFTER_SECONDS}
    with sandbox_in_thread(overrides) as running:
        yield running


def first_step_throttled(app, throttled):
    """Run the first step once against the throttling sandbox: (outcome, step). The parties sign
    first, their identity checked at the shared sandbox; then the agencies are the throttling one."""
    with app.test_request_context():
        form, errors = validate_application(example_payload())
        assert not errors
        step = filed_application(form).step("name_approval")
    app.config.update(agency_urls(throttled.url))
    app.extensions.pop("agencies", None)  # the clients are built from the settings once per app
    return runner.run_step(step.id), step


@given(attempt=st.integers(1, 50), jitter=st.floats(0, 0.999), retry_after=st.floats(0, 1000))
def test_backoff_waits_at_least_the_retry_after_and_at_most_the_cap(attempt, jitter, retry_after):
    delay = plan.backoff_seconds(attempt, base=1.0, cap=300.0, jitter=jitter, at_least=retry_after)
    assert min(retry_after, 300.0) <= delay <= 300.0
    assert delay >= plan.backoff_seconds(attempt, base=1.0, cap=300.0, jitter=jitter)


def test_a_step_throttled_with_retry_after_waits_that_long(app, throttled):
    app.config.update(RETRY_BASE_SECONDS=1.0, RETRY_MAX_SECONDS=300.0)
    with app.app_context():
        before = utcnow()
        outcome, step = first_step_throttled(app, throttled)
        db.session.refresh(step)
        assert outcome.retry_in >= RETRY_AFTER_SECONDS  # the backoff alone would be about a second
        assert step.status == StepStatus.RETRYING and "429" in step.error
        assert step.next_attempt_at >= before + timedelta(seconds=RETRY_AFTER_SECONDS)
        assert runner.claim(step.id, utcnow(), lease_seconds=60) is None  # not due yet


def test_a_retry_after_longer_than_the_cap_waits_only_the_cap(app, throttled):
    app.config.update(RETRY_BASE_SECONDS=1.0, RETRY_MAX_SECONDS=30.0)
    with app.app_context():
        outcome, _step = first_step_throttled(app, throttled)
        assert outcome.retry_in == 30.0
