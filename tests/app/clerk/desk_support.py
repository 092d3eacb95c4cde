"""Helpers for the 帮代办, 办不成事 and statistics tests: staff sign-in and applications made directly."""

from datetime import datetime

from app.applications.tokens import access_token
from app.extensions import db
from app.models import Application, Channel, User
from app.pipeline import operations

PASSWORD = "correct horse battery"


def staff(app, username: str, role: str, display_name: str | None = None) -> User:
    with app.app_context():
        user = User(username=username, role=role, display_name=display_name or username)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user


def sign_in(client, app, role: str, username: str | None = None, display_name: str | None = None) -> None:
    username = username or role
    staff(app, username, role, display_name)
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def filed(app, payload: dict, channel: str = Channel.ONLINE, **columns) -> tuple[str, str]:
    """Submit through the real operation, then set columns (status, times) as a test needs; (number, token)."""
    with app.app_context():
        application = operations.file_with_steps(payload, channel=channel).application
        db.session.commit()
        for name, value in columns.items():
            setattr(application, name, value)
        db.session.commit()
        return application.number, access_token(application.number, app.config["SECRET_KEY"])


def seeded(number: str, submitted_at: datetime, channel: str = Channel.ONLINE, **columns) -> Application:
    """An application row inserted as it is, with known times (no steps, no pipeline)."""
    application = Application(number=number, channel=channel, entity_type="llc", company_name=f"竹溪县{number}科技有限公司",
                              name_key=number, form={}, submitted_at=submitted_at,
                              due_at=columns.pop("due_at", submitted_at), **columns)
    db.session.add(application)
    db.session.flush()
    return application
