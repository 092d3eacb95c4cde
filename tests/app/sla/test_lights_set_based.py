"""refresh_lights is one set-based UPDATE, and the light it stores is the clock's (current_light).

Random cases around working-day edges, lunch, National Day and its make-up Saturday, the Spring
Festival and the year with no official schedule (2027): both stages, closed and open 补正 pauses.
"""

import random
from datetime import date, datetime, time, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, update

from app.extensions import db
from app.models import Application, ApplicationStatus, Pause
from app.sla import centre
from app.sla.calendar import WorkCalendar
from app.sla.clock import Commitment, OfficeHours, due_at, light
from app.sla.lights import current_light, refresh_lights, stamp_apply_clock, stamp_issue_clock
from app.sla.turns import light_at, yellow_at
from app.timefmt import SHANGHAI
from tests.factories import create_bare_application

EDGES = (time(0, 0), time(9, 0), time(12, 0), time(13, 30), time(17, 30))
JITTER = (timedelta(0), timedelta(microseconds=1), -timedelta(microseconds=1), timedelta(minutes=1),
          -timedelta(minutes=1))
# (first, last) days around which "now" falls: the calendar's awkward stretches.
STRETCHES = ((date(2026, 9, 29), date(2026, 10, 13)), (date(2026, 2, 12), date(2026, 3, 2)),
             (date(2026, 12, 29), date(2027, 1, 8)), (date(2026, 11, 13), date(2026, 11, 18)))
RUNNING = (ApplicationStatus.SUBMITTED, ApplicationStatus.PROCESSING, ApplicationStatus.NEEDS_REVIEW)
ROUNDS, PER_ROUND = 8, 40


def edgy_moment(rng: random.Random, low: datetime, high: datetime) -> datetime:
    """A moment in [low, high], usually on or next to an office-hours edge."""
    for _ in range(50):
        day = low.astimezone(SHANGHAI).date() + timedelta(days=rng.randrange((high - low).days + 2))
        if rng.random() < 0.7:
            moment = datetime.combine(day, rng.choice(EDGES), tzinfo=SHANGHAI) + rng.choice(JITTER)
        else:
            moment = datetime.combine(day, time(0), tzinfo=SHANGHAI) + timedelta(minutes=rng.randrange(24 * 60))
        if low <= moment <= high:
            return moment
    return low + (high - low) * rng.random()


def random_case(rng: random.Random, number: str, now: datetime) -> Application:
    """One open, accepted application as the operations leave it at `now`: moments stamped, pauses stored."""
    accepted_at = edgy_moment(rng, now - timedelta(days=rng.choice((1, 3, 8))), now)
    application = create_bare_application(number, accepted_at, status=rng.choice(RUNNING),
                                          light=rng.choice(("green", "yellow", "red")))
    closed, cursor = [], accepted_at
    for _ in range(rng.choice((0, 0, 1, 2))):
        started = edgy_moment(rng, cursor, now)
        ended = edgy_moment(rng, started, now)
        closed.append((started, ended))
        cursor = ended
    for started, ended in closed:
        db.session.add(Pause(application_id=application.id, reason="补正", started_at=started, ended_at=ended))
    stamp_apply_clock(application, accepted_at, closed)
    stage = rng.random()
    if stage < 0.25:  # 补正 under way: an open pause
        application.status = ApplicationStatus.AWAITING_CORRECTION
        db.session.add(Pause(application_id=application.id, reason="补正", started_at=edgy_moment(rng, cursor, now)))
        db.session.flush()
        application.light = current_light(application)  # as change_status stores it when the pause opens
    elif stage < 0.55:  # ready for issue: the issue stage's clock
        application.status = ApplicationStatus.READY_FOR_ISSUE
        application.ready_at = edgy_moment(rng, cursor, now)
        stamp_issue_clock(application, application.ready_at)
        if rng.random() < 0.15:
            application.handed_over_at = edgy_moment(rng, application.ready_at, now)
    return application


def test_refresh_is_one_update(ctx):
    rng = random.Random(13)
    now = datetime(2026, 10, 9, 15, 0, tzinfo=SHANGHAI)
    for index in range(30):
        random_case(rng, f"S{index}", now)
    db.session.commit()
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        changed = refresh_lights(now)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("UPDATE"), statements
    assert changed > 0


def test_the_stored_light_is_current_light_over_random_cases(ctx):
    rng = random.Random(210)
    seen, paused_seen, issue_seen = set(), 0, 0
    calendar, hours = centre.calendar(), centre.office_hours()
    for round_ in range(ROUNDS):
        first, last = rng.choice(STRETCHES)
        now = edgy_moment(rng, datetime.combine(first, time(0), tzinfo=SHANGHAI),
                          datetime.combine(last, time(0), tzinfo=SHANGHAI))
        cases = [random_case(rng, f"R{round_}-{index}", now) for index in range(PER_ROUND)]
        db.session.commit()
        refresh_lights(now)
        db.session.expire_all()
        for application in cases:
            expected = current_light(application, now)
            assert application.light == expected, (application.number, now, application.accepted_at)
            seen.add(expected)
            if application.ready_at is not None:
                issue_seen += 1
                end = application.handed_over_at or now
                assert expected == light(application.ready_at, end, calendar, hours, centre.commitment("issue"))
            elif application.status == ApplicationStatus.AWAITING_CORRECTION:
                paused_seen += 1
            else:  # no open pause: current_light is the clock's light at now, pauses and all
                spans = [(p.started_at, p.ended_at) for p in db.session.scalars(
                    db.select(Pause).where(Pause.application_id == application.id))]
                assert expected == light(application.accepted_at, now, calendar, hours,
                                         centre.commitment("apply"), spans)
        # The next round's "now" may lie before this one's: these leave the clock.
        db.session.execute(update(Application).where(Application.id.in_([a.id for a in cases]))
                           .values(status=ApplicationStatus.WITHDRAWN))
        db.session.commit()
    assert seen == {"green", "yellow", "red"} and paused_seen and issue_seen


HOURS, CALENDAR = OfficeHours(), WorkCalendar()
minutes = st.integers(min_value=0, max_value=400 * 24 * 60)
commitments = st.sampled_from([Commitment(0.5), Commitment(1.0), Commitment(1.5), Commitment(1 / 7)])


# 7 h × this is 12,600,000,001 µs: half of it is not a whole microsecond.
ODD = Commitment(0.5 + 1 / 25_200_000_000)


@settings(max_examples=400, deadline=None)
@given(start=minutes, gaps=st.lists(st.integers(0, 3 * 24 * 60), min_size=1, max_size=6),
       commitment=st.one_of(commitments, st.just(ODD)), odd=st.integers(0, 59),
       snap=st.sampled_from([None, "yellow", "due"]), nudge=st.integers(-1, 1))
def test_the_stored_moments_give_the_clocks_light(start, gaps, commitment, odd, snap, nudge):
    """After the closed pauses, and at the start of an open one, light_at(yellow_at, due_at) is clock.light."""
    origin = datetime(2025, 12, 1, tzinfo=SHANGHAI) + timedelta(minutes=start, seconds=odd)
    points = [origin]
    for gap in gaps:
        points.append(points[-1] + timedelta(minutes=gap))
    *pause_points, moment = points
    closed = list(zip(pause_points[1::2], pause_points[2::2], strict=False))
    yellow = yellow_at(origin, CALENDAR, HOURS, commitment, closed)
    due = due_at(origin, CALENDAR, HOURS, commitment, closed)
    if snap:  # exactly on (or a microsecond either side of) a turning moment
        moment = (yellow if snap == "yellow" else due) + timedelta(microseconds=nudge)
        assume(moment >= points[-2])
    assert light_at(moment, yellow, due) == light(origin, moment, CALENDAR, HOURS, commitment, closed)
    # An open pause from `moment` on: the clock stopped there, whatever time it is now.
    assert light_at(moment, yellow, due) == light(origin, moment, CALENDAR, HOURS, commitment,
                                                  [*closed, (moment, None)])


def test_half_an_odd_commitment_is_rounded_up():
    assert ODD.duration(HOURS) // timedelta(microseconds=1) % 2 == 1
    monday = datetime(2026, 11, 16, 9, 0, tzinfo=SHANGHAI)
    yellow = yellow_at(monday, CALENDAR, HOURS, ODD)
    before = yellow - timedelta(microseconds=1)
    assert light(monday, before, CALENDAR, HOURS, ODD) == "green" == light_at(before, yellow, yellow)
    assert light(monday, yellow, CALENDAR, HOURS, ODD) == "yellow"
