"""The tracking page is gathered once in its view: no template reads the database, every part is
included plainly (a renamed part fails loudly), and a refused report or rating shows the page again
with the problem beside its form and what was typed kept."""

import re
from pathlib import Path

import lxml.html

from app.extensions import db
from app.models import ApplicationStatus, Rating
from tests.factories import file_for_applicant, track_client

TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "public"


def test_every_part_of_the_tracking_page_is_included_plainly():
    source = (TEMPLATES / "track.html").read_text(encoding="utf-8")
    assert "ignore missing" not in source
    included = re.findall(r'{% include "public/(_track_\w+\.html)" %}', source)
    assert sorted(included) == sorted(path.name for path in TEMPLATES.glob("_track_*.html"))


def test_no_tracking_template_reaches_for_the_database_or_g(app):
    assert not {"aftercare_for", "seal_previews_for", "correction_for"} & set(app.jinja_env.globals)
    for path in [TEMPLATES / "track.html", *TEMPLATES.glob("_track_*.html")]:
        assert not re.search(r"\bg\.", path.read_text(encoding="utf-8")), path.name


def test_a_refused_rating_keeps_what_was_typed_beside_the_rating_form(app, client):
    number, token = file_for_applicant(app, status=ApplicationStatus.ISSUED)
    response = track_client(client, number, token).post(f"/track/{number}/rating",
                                                        data={"score": "0", "comment": "窗口很耐心"})
    assert response.status_code == 422
    html = lxml.html.fromstring(response.get_data(as_text=True))
    rating = html.get_element_by_id("desk-rating")
    assert "请选择1到5分" in rating.get_element_by_id("desk-score-error").text_content()
    assert rating.get_element_by_id("desk-comment").text_content() == "窗口很耐心"
    # Only the form it came from shows it; the report form stays closed and clean.
    assert not html.get_element_by_id("desk-report").xpath(".//details[@open] | .//p[@class='error-message']")
    with app.app_context():
        assert db.session.query(Rating).count() == 0


def test_a_refused_report_keeps_the_rest_of_the_page(app, client):
    number, token = file_for_applicant(app)
    response = track_client(client, number, token).post(f"/track/{number}/report", data={"body": "长" * 1001})
    assert response.status_code == 422
    html = lxml.html.fromstring(response.get_data(as_text=True))
    assert html.get_element_by_id("track-number").text_content() == number
    assert html.xpath("//ol[@id='track-steps']/li")
    assert html.get_element_by_id("desk-report-body").text_content() == "长" * 1001
