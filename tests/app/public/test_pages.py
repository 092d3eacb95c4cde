"""The applicant's pages as HTML: the one form, its errors, the tracking page, the language switch."""

import re
import time

import lxml.html
import pytest

from app.applications.tokens import application_token
from app.extensions import db
from app.models import Application, AuditEvent, Document
from tests.factories import as_form


def page(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def submit(client, payload):
    return client.post("/", data=as_form(payload))


def tracked(client, payload):
    response = submit(client, payload)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def test_the_form_has_an_action_a_csrf_field_and_a_label_for_every_input(client):
    response = client.get("/")
    assert response.status_code == 200
    html = page(response)
    form = html.get_element_by_id("main").xpath(".//form")[0]
    assert form.get("action") == "/" and form.get("method") == "post"
    assert form.xpath(".//input[@type='hidden'][@name='csrf_token']")
    labelled = set(html.xpath("//label/@for"))
    fields = html.xpath("//input[not(@type='hidden')] | //select | //textarea")
    assert len(fields) > 300  # the business-scope catalogue is all there without JavaScript
    unlabelled = [f.get("name") or f.get("id") for f in fields if f.get("id") not in labelled]
    assert unlabelled == []
    names = set(html.xpath("//form//*[@name]/@name"))
    for name in ("name.trade_name", "legal_representative.id_number", "shareholders.0.contribution_yuan",
                 "business_scope", "seals", "tax.invoice_types", "delivery.method", "contact.email"):
        assert name in names


def test_the_free_seals_are_marked_and_checked_at_first(app, client):
    html = page(client.get("/"))
    free = html.xpath("//input[@name='seals'][following-sibling::label/span[contains(@class,'tag--free')]]/@value")
    assert free == ["official", "finance", "invoice"] == html.xpath("//input[@name='seals'][@checked]/@value")
    assert app.config["FREE_SEALS"] == 3


def test_a_fresh_form_offers_the_seals_the_free_seals_setting_grants(app, client):
    app.config["FREE_SEALS"] = 4  # a centre that also pays for the 法人名章
    html = page(client.get("/"))
    assert html.xpath("//input[@name='seals'][@checked]/@value") == ["official", "finance", "invoice", "legal_rep"]


def test_errors_re_render_with_a_summary_linking_to_each_field_and_keep_what_was_typed(client, payload):
    payload["legal_representative"]["id_number"] = "420324199001011234"
    payload["registered_capital_yuan"] = "一百万"
    payload["business_scope"] = ["软件开发"]
    del payload["bank"]
    response = submit(client, payload)
    assert response.status_code == 200
    html = page(response)
    summary = html.get_element_by_id("error-summary")
    links = summary.xpath(".//a")
    texts = [link.text_content() for link in links]
    assert "法定代表人身份证号码：身份证号码最后一位校验不正确，请核对" in texts
    assert any(text.startswith("基本存款账户开户银行：必填项") for text in texts)
    for link in links:
        assert html.get_element_by_id(link.get("href").lstrip("#")) is not None
    id_input = html.get_element_by_id("legal_representative-id_number")
    assert id_input.get("value") == "420324199001011234" and id_input.get("aria-invalid") == "true"
    assert "身份证号码最后一位校验不正确" in html.get_element_by_id("legal_representative-id_number-error").text_content()
    assert html.get_element_by_id("registered_capital_yuan").get("value") == "一百万"
    assert html.get_element_by_id("name-trade_name").get("value") == payload["name"]["trade_name"]
    assert html.xpath("//input[@name='business_scope'][@checked]/@value") == ["软件开发"]
    assert html.get_element_by_id("shareholders-1-name").get("value") == "李四"
    assert html.xpath("//input[@name='seals'][@checked]/@value") == payload["seals"]


def test_adding_a_shareholder_without_javascript_keeps_the_form_and_adds_a_row(client, payload):
    form = as_form(payload)
    form["add_shareholder"] = "1"
    response = client.post("/", data=form)
    html = page(response)
    assert response.status_code == 200 and not html.xpath("//*[@id='error-summary']")
    assert html.get_element_by_id("shareholders-2-name").get("value") == ""
    assert html.get_element_by_id("shareholders-1-name").get("value") == "李四"


def test_a_valid_form_is_submitted_and_leads_to_its_tracking_page(app, client, payload):
    response = submit(client, payload)
    # The clean address: the token rides in the application's own HttpOnly cookie, never in the URL.
    number = re.fullmatch(r"/track/(\d+)", response.headers["Location"]).group(1)
    cookie = client.get_cookie(f"kaiban_track_{number}", path=f"/track/{number}")
    assert cookie.http_only and cookie.same_site == "Lax" and not cookie.secure
    assert f"Path=/track/{number}" in response.headers["Set-Cookie"]
    with app.app_context():
        application = db.session.query(Application).filter_by(number=number).one()
        assert cookie.value == application_token(application, app.config["SECRET_KEY"])
        assert application.channel == "online" and application.form == payload
        # Filed, not yet accepted: every party signs first, and only then is anything sent to the pipeline.
        assert application.status == "awaiting_signatures"
        assert all(step.queued_at is None for step in application.steps)
    assert client.get(f"/track/{number}").status_code == 200


def test_the_tracking_page_shows_number_status_steps_and_a_qr_code_but_no_id_numbers(client, payload):
    response = client.get(tracked(client, payload))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    html = page(response)
    number = html.get_element_by_id("track-number").text_content()
    assert number.isdigit() and len(number) == 18
    assert html.get_element_by_id("track-status").text_content() == "待签名"
    assert html.xpath("//svg[contains(@class,'qr')]//path")
    steps = html.xpath("//ol[@id='track-steps']/li/@data-step")
    assert steps == ["name_approval", "registration", "seal_carving", "tax_registration", "bank_account",
        "social_insurance", "housing_fund"]
    # Before it is done, only the 申请书 and 章程 the parties sign are there to download.
    kinds = html.xpath("//ul[@id='track-documents']//a/@data-kind")
    assert "名称自主申报" in text and kinds == ["application_form", "articles"]
    for person in [payload["legal_representative"], *payload["shareholders"]]:
        assert person["id_number"] not in text


def test_the_tracking_page_links_the_documents_under_its_own_address_for_the_cookie(app, client, payload):
    location = tracked(client, payload)
    number = re.fullmatch(r"/track/(\d+)", location).group(1)
    with app.app_context():
        application = db.session.query(Application).filter_by(number=number).one()
        application_id = application.id
        db.session.add(Document(application_id=application_id, kind="business_license", content=b"%PDF-1.7"))
        db.session.commit()
    html = page(client.get(location))
    link = html.xpath("//a[@data-kind='business_license']")[0]
    assert link.text_content() == "电子营业执照"
    assert link.get("href") == f"/track/{number}/documents/business_license"
    download = client.get(link.get("href"))
    assert download.data == b"%PDF-1.7" and download.headers["Cache-Control"] == "private, no-store"
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(application_id=application_id,
                                                       action="document_downloaded").one()
        assert (event.actor, event.actor_user_id, event.note) == ("applicant", None, "business_license")
    # Without the cookie the same address opens nothing.
    assert app.test_client().get(link.get("href")).status_code == 401


@pytest.mark.parametrize("token", ["0" * 32, ""])
def test_a_wrong_token_finds_nothing_and_sets_no_cookie(app, client, payload, token):
    number = re.fullmatch(r"/track/(\d+)", tracked(client, payload)).group(1)
    stranger = app.test_client()
    response = stranger.get(f"/track/{number}?t={token}")
    unknown = stranger.get(f"/track/{'9' * 18}?t={token}")
    assert response.status_code == unknown.status_code == 404  # the same answer as an unknown number
    assert "云帆" not in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers and stranger.get_cookie(f"kaiban_track_{number}") is None
    assert stranger.get(f"/track/{number}").status_code == 401


def test_english_is_chosen_with_lang_and_remembered_in_a_cookie(client):
    response = client.get("/?lang=en")
    assert response.status_code == 200
    html = page(response)
    assert html.get("lang") == "en"
    assert "Apply to open a business" in html.xpath("//h1")[0].text_content()
    assert "lang=en" in response.headers["Set-Cookie"]
    again = page(client.get("/"))
    assert again.get("lang") == "en"
    assert "Company name" in again.text_content()
    assert page(client.get("/?lang=zh")).get("lang") == "zh-CN"


def test_english_error_messages_on_the_form(client, payload):
    client.get("/?lang=en")
    del payload["bank"]
    html = page(submit(client, payload))
    assert "Bank for the basic account: This field is required" in html.get_element_by_id("error-summary").text_content()


def test_a_huge_shareholder_index_or_number_does_not_stall_or_break_the_form(client):
    started = time.monotonic()
    response = client.post("/", data={"shareholders.10000000.name": "x", "registered_capital_yuan": "9" * 5000})
    assert response.status_code == 200
    assert time.monotonic() - started < 5
    assert len(response.data) < 2_000_000


def test_odd_query_arguments_do_not_break_the_language_links(client):
    for query in ("_method=x", "endpoint=x", "lang=en&lang=zh", "_external=1"):
        assert client.get("/?" + query).status_code == 200
