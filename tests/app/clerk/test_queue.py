"""The clerk's queue page: open applications only, red first then by due time, filters, search, paging, garbled input."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import ApplicationStatus, StepStatus
from tests.factories import create_application


def numbers_in(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('data-number="')[1:]]


def test_red_first_then_by_due_time_and_only_open(app, clerk_client):
    with app.app_context():
        late = create_application(ApplicationStatus.PROCESSING)
        soon = create_application(ApplicationStatus.PROCESSING)
        red = create_application(ApplicationStatus.NEEDS_REVIEW)
        done = create_application(ApplicationStatus.ISSUED)
        soon.due_at = late.due_at - timedelta(hours=2)
        red.due_at = late.due_at + timedelta(hours=5)
        db.session.commit()
        db.session.execute(db.text("UPDATE applications SET light = 'red' WHERE id = :id"), {"id": red.id})
        db.session.commit()
        expected = [red.number, soon.number, late.number]
        closed = done.number
    html = clerk_client.get("/clerk/").text
    assert numbers_in(html) == expected and closed not in html


def test_filters_and_search(app, clerk_client):
    with app.app_context():
        review = create_application(ApplicationStatus.NEEDS_REVIEW,
                                    stuck={"tax_registration": (StepStatus.NEEDS_REVIEW, "退回")})
        solo = create_application(ApplicationStatus.PROCESSING, entity_type="individual_business", shareholders=None)
        other = create_application(ApplicationStatus.PROCESSING)
        other.uscc = "91420324MA4XXXXX1X"
        db.session.commit()
        review_number, solo_number, other_number = review.number, solo.number, other.number
        trade = solo.company_name
    assert numbers_in(clerk_client.get("/clerk/?status=needs_review").text) == [review_number]
    assert numbers_in(clerk_client.get("/clerk/?entity_type=individual_business").text) == [solo_number]
    assert numbers_in(clerk_client.get(f"/clerk/?q={review_number}").text) == [review_number]
    assert numbers_in(clerk_client.get(f"/clerk/?q={review_number[:12]}").text) == [review_number]
    assert numbers_in(clerk_client.get("/clerk/?q=91420324ma4xxxxx1x").text) == [other_number]
    assert numbers_in(clerk_client.get(f"/clerk/?q={trade[3:7]}").text) == [solo_number]
    assert numbers_in(clerk_client.get("/clerk/?light=red").text) == []
    assert numbers_in(clerk_client.get("/clerk/?from=2000-01-01&to=2000-01-02").text) == []
    assert len(numbers_in(clerk_client.get("/clerk/?status=bogus&light=nope").text)) == 3


def test_the_chips_show_each_step_state(app, clerk_client):
    with app.app_context():
        create_application(ApplicationStatus.NEEDS_REVIEW, stuck={"tax_registration": (StepStatus.NEEDS_REVIEW, "x")})
    html = clerk_client.get("/clerk/").text
    assert html.count("step-chip--done") == 2 and html.count("step-chip--needs_review") == 1
    assert html.count("step-chip--pending") == 4  # seal, bank, 社保, 公积金


def test_next_page_link_follows_the_cursor(app, clerk_client):
    with app.app_context():
        for _ in range(52):
            create_application(ApplicationStatus.PROCESSING)
    first = clerk_client.get("/clerk/?status=processing").text
    assert len(numbers_in(first)) == 50 and 'rel="next"' in first
    link = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = clerk_client.get(link).text
    assert len(numbers_in(second)) == 2 and not set(numbers_in(second)) & set(numbers_in(first))


def test_a_garbled_cursor_starts_from_the_top(app, clerk_client):
    assert clerk_client.get("/clerk/?after=1.2").status_code == 200


@pytest.mark.parametrize("query", ["after=9" * 60, "after=1.99999999999999999999.1", "to=9999-12-31",
                                   "from=0001-01-01", "from=nonsense"])
def test_the_queue_shrugs_off_garbled_filters(clerk_client, query):
    assert clerk_client.get("/clerk/?" + query).status_code == 200
