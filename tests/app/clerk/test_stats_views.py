"""The statistics page and its CSV show the hand-computed numbers of the seeded dataset; window staff only."""

import csv
import io
from datetime import datetime

import lxml.html

from app.models import Role
from app.timefmt import SHANGHAI
from tests.factories import STATISTICS_NOW as NOW
from tests.factories import create_statistics_dataset, sign_in_new_user


def test_the_page_and_the_csv_show_the_same_numbers(app, client):
    today = datetime.now(SHANGHAI)
    with app.app_context():
        create_statistics_dataset(days_later=(today.date() - NOW.date()).days)  # the page counts back from today
    sign_in_new_user(client, app, Role.CLERK)
    html = lxml.html.fromstring(client.get("/clerk/stats?days=30").get_data(as_text=True))
    assert html.get_element_by_id("stat-applications").text_content() == "5"
    assert html.get_element_by_id("stat-online-share").text_content() == "60.0%"
    assert html.get_element_by_id("stat-apply-on-time").text_content() == "75.0%"
    assert html.get_element_by_id("stat-hours-avg").text_content() == "23.5小时"
    assert html.get_element_by_id("stat-hours-p90").text_content() == "41.4小时"
    assert len(html.xpath("//svg[contains(@class,'chart')]")) == 4

    response = client.get("/clerk/stats.csv?days=30")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert len(rows) == 30
    assert rows[-1]["date"] == today.date().isoformat()
    busy = [(r["applications"], r["online"], r["window"], r["online_share"]) for r in rows if r["applications"] != "0"]
    assert busy == [("1", "0", "1", "0.0000"), ("2", "1", "1", "0.5000"), ("2", "2", "0", "1.0000")]
    assert sum(int(r["apply_on_time"]) for r in rows) == 3 and sum(int(r["issue_done"]) for r in rows) == 4


def test_statistics_are_for_window_staff_only(app, client):
    assert client.get("/clerk/stats").status_code == 302
    sign_in_new_user(client, app, Role.COURIER)
    assert client.get("/clerk/stats").status_code == 403
    assert client.get("/clerk/stats.csv").status_code == 403
