"""亮灯督办: the stored light follows the clock (periodic refresh) and every status change."""

from datetime import datetime, timedelta

from app.applications.operations import change_status
from app.extensions import db
from app.models import Application, ApplicationStatus, Pause
from app.models.types import utcnow
from app.sla.lights import current_light, refresh_lights, stamp_apply_clock, stamp_issue_clock
from app.timefmt import SHANGHAI
from tests.factories import create_application, create_bare_application

# Monday 2026-11-16, Shanghai: a plain working week (09:00-12:00, 13:30-17:30; 7 h a day).
MONDAY_9 = datetime(2026, 11, 16, 9, 0, tzinfo=SHANGHAI)


def accepted(number: str, at: datetime, status: str = ApplicationStatus.PROCESSING) -> Application:
    """A bare application accepted at `at`, its due time and yellow moment stored as `accept` stores them."""
    application = create_bare_application(number, at, status=status)
    stamp_apply_clock(application, at)
    db.session.commit()
    return application


def stored_light(application: Application) -> str:
    db.session.refresh(application)
    return application.light


def test_refresh_turns_an_overdue_application_red_and_leaves_closed_ones(app):
    with app.app_context():
        overdue = create_application(ApplicationStatus.PROCESSING)
        closed = create_application(ApplicationStatus.ISSUED)
        for application in (overdue, closed):
            application.accepted_at = utcnow() - timedelta(days=30)  # the clock runs from acceptance (受理)
            stamp_apply_clock(application, application.accepted_at)
        db.session.commit()
        assert overdue.light == "green"
        assert refresh_lights() == 1
        db.session.expire_all()
        assert overdue.light == "red" and closed.light == "green"
        assert refresh_lights() == 0


def test_a_status_change_recomputes_the_light(app):
    with app.app_context():
        application = create_application(ApplicationStatus.PROCESSING)
        application.accepted_at = utcnow() - timedelta(days=30)  # the clock runs from acceptance (受理)
        change_status(application, ApplicationStatus.NEEDS_REVIEW, "system", "agency_refused")
        assert application.light == "red"


def test_the_light_turns_yellow_at_half_the_day_and_red_just_after_the_due_time(ctx):
    application = accepted("L1", MONDAY_9)
    # Half of 7 working hours is 3 h 30 min: the morning's three hours and half an hour after lunch.
    assert application.yellow_at == datetime(2026, 11, 16, 14, 0, tzinfo=SHANGHAI)
    assert application.due_at == datetime(2026, 11, 16, 17, 30, tzinfo=SHANGHAI)
    microsecond = timedelta(microseconds=1)
    for moment, light in ((application.yellow_at - microsecond, "green"), (application.yellow_at, "yellow"),
                          (application.due_at, "yellow"), (application.due_at + microsecond, "red")):
        refresh_lights(moment)
        assert stored_light(application) == light == current_light(application, moment), moment


def test_an_open_pause_keeps_the_light_it_had_when_it_began(ctx):
    application = accepted("L2", MONDAY_9, ApplicationStatus.AWAITING_CORRECTION)
    db.session.add(Pause(application_id=application.id, reason="补正", started_at=MONDAY_9 + timedelta(hours=1)))
    db.session.commit()
    days_later = MONDAY_9 + timedelta(days=3)
    refresh_lights(days_later)
    assert stored_light(application) == "green" == current_light(application, days_later)


def test_a_closed_pause_pushes_both_moments_back(ctx):
    application = accepted("L3", MONDAY_9)
    pause = Pause(application_id=application.id, reason="补正", started_at=MONDAY_9 + timedelta(hours=1),
                  ended_at=MONDAY_9 + timedelta(days=1, hours=1))  # Tuesday 10:00: a whole working day paused
    db.session.add(pause)
    stamp_apply_clock(application, MONDAY_9, [(pause.started_at, pause.ended_at)])
    db.session.commit()
    assert application.yellow_at == datetime(2026, 11, 17, 14, 0, tzinfo=SHANGHAI)
    assert application.due_at == datetime(2026, 11, 17, 17, 30, tzinfo=SHANGHAI)
    tuesday_16 = datetime(2026, 11, 17, 16, 0, tzinfo=SHANGHAI)
    refresh_lights(tuesday_16)
    assert stored_light(application) == "yellow" == current_light(application, tuesday_16)


def test_the_issue_stage_runs_from_ready_and_stops_at_the_hand_over(ctx):
    application = accepted("L4", MONDAY_9 - timedelta(days=7), ApplicationStatus.READY_FOR_ISSUE)
    application.ready_at = MONDAY_9
    stamp_issue_clock(application, MONDAY_9)
    db.session.commit()
    tuesday = MONDAY_9 + timedelta(days=1)
    refresh_lights(tuesday)
    assert stored_light(application) == "red" == current_light(application, tuesday)  # apply stage long due: ignored
    application.light, application.handed_over_at = "green", MONDAY_9 + timedelta(hours=4)  # 13:00: still green
    db.session.commit()
    refresh_lights(tuesday)
    assert stored_light(application) == "green" == current_light(application, tuesday)


def test_not_accepted_settled_and_unstamped_applications_keep_their_light(ctx):
    waiting = create_bare_application("L5", MONDAY_9, status=ApplicationStatus.AWAITING_SIGNATURES, accepted_at=None,
                                      due_at=None)
    withdrawn = accepted("L6", MONDAY_9, ApplicationStatus.WITHDRAWN)
    unstamped = create_bare_application("L7", MONDAY_9)  # a due time with no yellow moment beside it
    db.session.commit()
    assert refresh_lights(MONDAY_9 + timedelta(days=30)) == 0
    assert [stored_light(a) for a in (waiting, withdrawn, unstamped)] == ["green"] * 3


def test_the_pipeline_stamps_the_issue_clock_and_the_refresh_follows_it(app):
    """The documents step (ready for issue) stores the issue stage's moments, so the one UPDATE turns
    an uncollected licence red a week on, as current_light says."""
    from tests.factories import ready_application

    with app.app_context():
        application = ready_application()
        assert application.issue_yellow_at is not None and application.issue_due_at is not None
        later = application.ready_at + timedelta(days=7)
        refresh_lights(later)
        db.session.expire_all()
        application = db.session.get(Application, application.id)
        assert application.light == "red" == current_light(application, later)
