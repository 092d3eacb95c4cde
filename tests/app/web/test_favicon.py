"""Every page names its icon, and the icon is served (no 404 in every browser's first request)."""


def test_every_page_links_an_icon_that_is_served(client):
    html = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">' in html
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert b"<svg" in icon.data
