"""Signing in: where the login form sends staff afterwards, and where it never does."""

import pytest

from tests.factories import PASSWORD


@pytest.mark.parametrize("target", ["//evil.com", "/\t/evil.com", "/\\evil.com", "http://evil.com/", "/\n/evil.com"])
def test_login_never_redirects_off_the_site(app, staff, target):
    client = app.test_client()
    response = client.post("/login", query_string={"next": target},
                           data={"username": "clerk1", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/clerk/"


def test_login_follows_a_path_on_the_site(app, staff):
    response = app.test_client().post("/login", query_string={"next": "/clerk/stats"},
                                      data={"username": "clerk1", "password": PASSWORD})
    assert response.headers["Location"] == "/clerk/stats"
