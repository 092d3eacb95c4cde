"""The clerk queue's query: keyset pages that cover every row once, and a cursor that shrugs off garbage."""

from app.applications.queue import Cursor, QueueFilters, queue_page
from app.extensions import db
from app.models import ApplicationStatus
from tests.factories import create_application


def test_keyset_pages_cover_every_row_once(app):
    with app.app_context():
        made = {create_application(ApplicationStatus.PROCESSING).id for _ in range(7)}
        seen, cursor = [], None
        while True:
            page = queue_page(db.session.connection(), QueueFilters(), Cursor.decode(cursor), limit=3)
            seen += [row["id"] for row in page.rows]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert sorted(seen) == sorted(made) and len(seen) == 7


def test_a_garbled_cursor_decodes_to_none():
    assert Cursor.decode("x.y.z") is None
