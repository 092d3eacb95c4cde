"""The application page as a clerk reads it: everything in words (no step, status, action or actor code),
the print job linked, 不予受理 only before the licence is made and with a confirmation box, and no
courier booking on a window pickup."""

import re

import lxml.html
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Application, ApplicationStatus, StepStatus
from app.pipeline.runner import flag_for_review
from tests.factories import create_application

CODE = re.compile(r"[a-z][a-z_]*(?::\d+)?")  # what a code looks like: lower-case ASCII, maybe "party:2"


def visible_text(html: str) -> str:
    main = lxml.html.fromstring(html).xpath("//main")[0]
    for hidden in main.xpath(".//script|.//style|.//template"):
        hidden.drop_tree()
    return main.text_content()


def codes_in(html: str, application: Application) -> set[str]:
    """Lower-case ASCII words a person would read; the contact e-mail address is the applicant's own words."""
    text = visible_text(html).replace(application.form["contact"].get("email", ""), "")
    return set(CODE.findall(text))


def page_of(clerk_client, number: str) -> str:
    response = clerk_client.get(f"/clerk/applications/{number}")
    assert response.status_code == 200
    return response.text


def by_id(html: str, element_id: str):
    found = lxml.html.fromstring(html).xpath(f"//*[@id='{element_id}']")
    return found[0] if found else None


def test_a_finished_application_reads_in_words_and_links_the_print_job(app, clerk_client, finished):
    html = page_of(clerk_client, finished)
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == finished))
        assert codes_in(html, application) == set()
    link = by_id(html, "print-job")
    assert link is not None and link.get("href") == f"/clerk/applications/{finished}/print.pdf"
    assert clerk_client.get(link.get("href")).mimetype == "application/pdf"
    audit = visible_text(html).split("审计记录", 1)[1]
    for words in ("提交申请", "网上申请", "签署人", "全部签署，申请受理", "开始办理", "证照生成，待发放", "系统自动"):
        assert words in audit, words


def test_an_agency_refusal_reads_with_the_step_in_words(app, clerk_client):
    with app.app_context():
        application = create_application(ApplicationStatus.PROCESSING,
                                          stuck={"tax_registration": (StepStatus.NEEDS_REVIEW, "税务机关退回：地址无法核实")})
        for step in application.steps:  # agencies' reference numbers as they issue them (the factory's name the step)
            step.reference = step.reference and f"SW{step.id:012d}"
        db.session.commit()
        flag_for_review(application, "agency_refused", "tax_registration: 税务机关退回：地址无法核实")
        db.session.commit()
        number = application.number
        html = page_of(clerk_client, number)
        assert codes_in(html, application) == set()
    assert by_id(html, "app-status-note").text_content() == "税务登记与发票申领：税务机关退回：地址无法核实"
    assert "部门退回，转窗口审核" in by_id(html, "audit").text_content()
    assert by_id(html, "print-job") is None  # nothing built yet: nothing to print


@pytest.mark.parametrize("status", [ApplicationStatus.PROCESSING, ApplicationStatus.NEEDS_REVIEW,
                                    ApplicationStatus.AWAITING_CORRECTION])
def test_reject_is_offered_before_the_licence_is_made_with_a_box_to_tick(app, clerk_client, status):
    with app.app_context():
        number = create_application(status).number
    form = by_id(page_of(clerk_client, number), "reject-form")
    assert form is not None
    box = form.xpath(".//input[@type='checkbox'][@name='confirm']")
    assert box and box[0].get("required") is not None and "确认不予受理" in form.text_content()


def test_reject_is_neither_offered_nor_accepted_once_ready_for_issue(app, clerk_client, finished):
    assert by_id(page_of(clerk_client, finished), "reject-form") is None
    refused = clerk_client.post(f"/clerk/applications/{finished}/reject", data={"note": "经营范围属于禁止类", "confirm": "y"})
    assert refused.status_code == 422 and "不能再不予受理" in refused.text
    with app.app_context():
        assert db.session.scalar(select(Application.status).where(Application.number == finished)) == \
            ApplicationStatus.READY_FOR_ISSUE


def test_a_window_pickup_lists_no_courier_booking(app, clerk_client):
    with app.app_context():
        window = create_application(ApplicationStatus.READY_FOR_ISSUE, delivery={"method": "window"}).number
        courier = create_application(ApplicationStatus.READY_FOR_ISSUE).number  # the example asks for courier
    steps_of = {number: [row.get("data-step") for row in by_id(page_of(clerk_client, number), "steps").xpath(".//tbody/tr")]
                for number in (window, courier)}
    assert "shipment" not in steps_of[window] and "registration" in steps_of[window]
    assert "shipment" in steps_of[courier]
    assert "证照邮寄下单" not in visible_text(page_of(clerk_client, window))
