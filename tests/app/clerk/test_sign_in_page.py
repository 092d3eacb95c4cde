"""The sign-in page: full-size labelled inputs, and "请先登录" said there — never after signing in."""

import lxml.html

from tests.factories import PASSWORD


def test_the_reason_for_signing_in_is_said_on_the_sign_in_page_only(client, staff):
    sent = client.get("/clerk/")
    assert sent.status_code == 302 and "/login" in sent.headers["Location"]
    page = client.get(sent.headers["Location"]).text
    assert page.count("请先登录") == 1
    signed_in = client.post("/login?next=%2Fclerk%2F", data={"username": "clerk1", "password": PASSWORD})
    assert signed_in.status_code == 302
    queue = client.get(signed_in.headers["Location"])
    assert queue.status_code == 200 and 'id="queue"' in queue.text and "请先登录" not in queue.text
    assert "请先登录" not in client.get("/clerk/").text


def test_the_sign_in_inputs_are_styled_and_labelled(client):
    form = lxml.html.fromstring(client.get("/login").text).xpath("//form[.//input[@name='password']]")[0]
    for name, autocomplete in (("username", "username"), ("password", "current-password")):
        field = form.xpath(f".//input[@name='{name}']")[0]
        assert "input" in field.get("class").split() and field.get("autocomplete") == autocomplete
        assert form.xpath(f".//label[@for='{field.get('id')}']")
    stylesheets = lxml.html.fromstring(client.get("/login").text).xpath("//link[@rel='stylesheet']/@href")
    assert any(href.startswith("/static/clerk.css") for href in stylesheets)


def test_a_refused_sign_in_marks_the_fields(client, staff):
    page = client.post("/login", data={"username": "", "password": ""}).text
    field = lxml.html.fromstring(page).xpath("//input[@name='username']")[0]
    assert "input--error" in field.get("class") and field.get("aria-describedby") == "username-error"
    assert "请填写用户名" in page
