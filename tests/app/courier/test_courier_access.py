"""Only couriers reach /courier; couriers reach nothing of the clerk's window."""

import pytest

from app.models import Role
from tests.factories import PASSWORD, create_user, sign_in

COURIER_PAGES = [("get", "/courier/"), ("get", "/courier/labels.pdf"), ("get", "/courier/manifest.pdf"),
                 ("post", "/courier/scan")]


def plain_pages(app, blueprint: str) -> list[str]:
    """Every argument-free GET page of a blueprint, so a page added later is checked too."""
    return sorted(rule.rule for rule in app.url_map.iter_rules()
                  if rule.endpoint.startswith(blueprint + ".") and "GET" in rule.methods and not rule.arguments)


@pytest.mark.parametrize("method,path", COURIER_PAGES)
def test_anonymous_people_are_sent_to_sign_in(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR])
def test_window_staff_get_403(app, ctx, role):
    create_user("window", role, "窗口")
    client = sign_in(app.test_client(), "window")
    for method, path in COURIER_PAGES:
        assert getattr(client, method)(path).status_code == 403, path


def test_a_courier_gets_403_at_the_clerks_window(app, courier_client):
    pages = plain_pages(app, "clerk")
    assert pages, "the clerk blueprint has no pages to check"
    for path in pages:
        assert courier_client.get(path).status_code == 403, path
    assert courier_client.get("/courier/").status_code == 200


def test_a_courier_signs_in_to_the_pickups(app, courier):
    response = app.test_client().post("/login", data={"username": courier.username, "password": PASSWORD})
    assert response.headers["Location"] == "/courier/"
