"""Writing the audit trail. Adds to the session; the caller's transaction commits it with the change.

Rows are never changed or removed once written: migration 0011 puts a trigger on `audit_events`
that refuses UPDATE and DELETE on PostgreSQL and SQLite.
"""

import getpass
import os

from app.extensions import db
from app.models import Application, AuditEvent, User

# Who acted: a signed-in staff member, or one of the named others ("applicant", "pipeline", "cli:<login>").
Actor = User | str


def actor_columns(actor: Actor) -> dict:
    if isinstance(actor, User):
        return {"actor": actor.username, "actor_user_id": actor.id}
    return {"actor": actor, "actor_user_id": None}


def actor_name(actor: Actor) -> str:
    """The name a person reads in a free-text "by" column (答复人, 经办人): a staff member's display name."""
    return actor.display_name if isinstance(actor, User) else actor


def cli_actor() -> str:
    """`cli:<login>` for what an operator does from the command line."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no login name in the environment and none in the password database
        login = f"uid{os.getuid()}"
    return f"cli:{login}"


def record_event(action: str, actor: Actor, application: Application | None = None, note: str | None = None,
                 from_status: str | None = None, to_status: str | None = None) -> AuditEvent:
    """One audit event; `application` is None for what concerns no application (sign-ins, calendar edits)."""
    event = AuditEvent(application_id=application.id if application is not None else None, action=action,
                       note=note, from_status=from_status, to_status=to_status, **actor_columns(actor))
    db.session.add(event)
    return event
