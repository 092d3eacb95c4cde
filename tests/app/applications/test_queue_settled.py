"""Past the open queue: a search, or a settled state chosen, finds issued, shipped, delivered, rejected
and withdrawn applications, newest first, keyset-paged on the id; the open queue keeps its index."""

import pytest
from sqlalchemy import text

from app.applications.queue import (
    SETTLED,
    Cursor,
    QueueFilters,
    queue_page,
    queue_statement,
    reaches_past_open,
)
from app.extensions import db
from app.models import ApplicationStatus
from tests.factories import create_application, example_payload, filed_application


def ids_of(filters: QueueFilters, limit: int = 50) -> list[int]:
    """Every id the filters list, page after page (each page's cursor taken as the clerk's link would)."""
    seen, cursor = [], None
    while True:
        page = queue_page(db.session.connection(), filters, Cursor.decode(cursor), limit=limit)
        seen += [row["id"] for row in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            return seen


def plan(filters: QueueFilters) -> str:
    sql = queue_statement(filters).compile(db.engine, compile_kwargs={"literal_binds": True})
    return " | ".join(row[-1] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))


@pytest.mark.parametrize("status", SETTLED)
def test_a_settled_state_lists_its_applications_newest_first_over_pages(ctx, status):
    made = [create_application(status).id for _ in range(5)]
    create_application(ApplicationStatus.PROCESSING)
    assert ids_of(QueueFilters(status=status), limit=2) == sorted(made, reverse=True)


def test_the_open_queue_still_leaves_settled_applications_out(ctx):
    open_id = create_application(ApplicationStatus.PROCESSING).id
    for status in SETTLED:
        create_application(status)
    assert ids_of(QueueFilters()) == [open_id]


def test_a_search_without_a_state_finds_every_state(ctx):
    by_status = {status: create_application(status) for status in (ApplicationStatus.ISSUED, ApplicationStatus.SHIPPED,
                                                                    ApplicationStatus.DELIVERED, ApplicationStatus.PROCESSING)}
    for status, application in by_status.items():
        assert ids_of(QueueFilters(search=application.number)) == [application.id], status
        assert ids_of(QueueFilters(search=application.company_name[3:6])) == [application.id], status
    delivered = by_status[ApplicationStatus.DELIVERED]
    assert ids_of(QueueFilters(search=delivered.number, status=ApplicationStatus.PROCESSING)) == []
    assert ids_of(QueueFilters(search=delivered.number, status=ApplicationStatus.DELIVERED)) == [delivered.id]


def test_a_party_is_found_by_their_exact_name_in_any_state(ctx):
    payload = example_payload()
    payload["legal_representative"]["name"] = payload["shareholders"][0]["name"] = "欧阳明远"
    wanted = filed_application(payload, status=ApplicationStatus.DELIVERED)
    other = filed_application(example_payload())
    assert ids_of(QueueFilters(search="欧阳明远")) == [wanted.id]
    assert ids_of(QueueFilters(search="欧阳明")) == []  # a part of a name is not a name
    partner = payload["shareholders"][1]["name"]
    assert wanted.id in ids_of(QueueFilters(search=partner)) and other.id in ids_of(QueueFilters(search=partner))


def test_which_searches_reach_past_the_open_queue():
    assert not reaches_past_open(QueueFilters())
    assert not reaches_past_open(QueueFilters(status=ApplicationStatus.NEEDS_REVIEW, search="云帆"))
    assert reaches_past_open(QueueFilters(search="云帆"))
    assert all(reaches_past_open(QueueFilters(status=status)) for status in SETTLED)


def test_the_queue_keeps_its_indexes(ctx):
    """The open queue walks its partial index in order, also now that other states are searchable; a
    number prefix is a range on the number's index. (A settled state's plan depends on how many rows
    it has: bench/clerk_queue.py times it on 100,000.)"""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the plan's wording is SQLite's")
    for status in (*ApplicationStatus.OPEN, *SETTLED):
        create_application(status)
    db.session.execute(text("ANALYZE"))  # the planner's statistics, as a centre's database has them
    assert "ix_applications_open_queue" in plan(QueueFilters())
    assert "number>? AND number<?" in plan(QueueFilters(search="20261203"))
