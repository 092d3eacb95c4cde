"""What the tracking page tells people to expect: office hours and why a form accepted at 03:53 is
due at 17:30, the likely ready time from the pipeline's measured step times, where to collect and
what to bring, the centre's phone as a tel: link; 容缺 promises with their dates; the header's
links to 查进度 and 核验执照."""

from datetime import datetime, timedelta
from types import SimpleNamespace

import lxml.html

from app.extensions import db
from app.messages.queries import application_by_number
from app.models import ApplicationStatus, DocumentPromise, Step, StepStatus
from app.pipeline.plan import PLAN
from app.review.operations import accept_on_promise
from app.sla.centre import apply_due_at
from app.timefmt import SHANGHAI
from app.web import expectations
from app.web.expectations import MIN_SAMPLES, likely_ready
from tests.factories import create_bare_application, example_payload, file_for_applicant, track_client

NIGHT = datetime(2026, 12, 3, 3, 53, tzinfo=SHANGHAI)  # a Thursday, a working day


def page(client, number: str, token: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(track_client(client, number, token).get(f"/track/{number}").get_data(as_text=True))


def test_a_form_accepted_at_night_says_its_clock_starts_at_the_opening_and_ends_at_1730(app, client):
    with app.app_context():
        due = apply_due_at(NIGHT)
    assert due.astimezone(SHANGHAI) == datetime(2026, 12, 3, 17, 30, tzinfo=SHANGHAI)
    number, token = file_for_applicant(app, accepted_at=NIGHT, due_at=due)
    tree = page(client, number, token)
    hours = tree.get_element_by_id("expect-hours").text_content()
    assert "09:00–12:00、13:30–17:30" in hours
    clock = tree.get_element_by_id("expect-clock").text_content()
    assert "2026-12-03 03:53受理" in clock and "不在办公时间" in clock and "2026-12-03 09:00开始计时" in clock
    assert "1个工作日（7小时办公时间）" in clock
    assert tree.get_element_by_id("track-due").text_content() == "2026-12-03 17:30"


def test_a_form_accepted_in_office_hours_starts_at_once(app, client):
    accepted = datetime(2026, 12, 3, 10, 5, tzinfo=SHANGHAI)
    with app.app_context():
        due = apply_due_at(accepted)
    number, token = file_for_applicant(app, accepted_at=accepted, due_at=due)
    clock = page(client, number, token).get_element_by_id("expect-clock").text_content()
    assert "当即开始计时" in clock and "不在办公时间" not in clock


def test_collecting_at_the_window_says_where_when_and_what_to_bring(app, client):
    window = {"method": "window"}
    number, token = file_for_applicant(app, example_payload(delivery=window))
    tree = page(client, number, token)
    where = tree.get_element_by_id("expect-window").text_content()
    assert app.config["CENTRE_ADDRESS"] in where and app.config["CENTRE_NAME"] in where
    assert "身份证原件" in tree.get_element_by_id("expect-bring").text_content()
    phone = tree.get_element_by_id("expect-phone")
    assert phone.get("href") == f"tel:{app.config['CENTRE_PHONE']}"
    footer_links = tree.xpath("//footer//a[starts-with(@href, 'tel:')]")
    assert [a.text_content() for a in footer_links] == [app.config["CENTRE_PHONE"]]


def test_a_centres_own_list_of_what_to_bring_is_shown(app, client):
    app.config["WINDOW_BRING"] = "法定代表人身份证原件、营业执照领取通知短信"
    number, token = file_for_applicant(app, example_payload(delivery={"method": "window"}))
    assert page(client, number, token).get_element_by_id("expect-bring").text_content() == app.config["WINDOW_BRING"]


def test_a_courier_delivery_needs_no_trip_to_the_window(app, client):
    number, token = file_for_applicant(app)  # the example goes by courier
    tree = page(client, number, token)
    assert "免费邮寄" in tree.get_element_by_id("expect-window").text_content()
    assert not tree.xpath("//*[@id='expect-bring']")


def test_nothing_is_expected_once_handed_over(app, client):
    number, token = file_for_applicant(app, status=ApplicationStatus.ISSUED)
    assert not page(client, number, token).xpath("//*[@id='track-expect']")


# ---------------------------------------------------------------- the likely ready time


def measured(*names: str, minutes: int = 10) -> dict:
    return {name: (timedelta(minutes=minutes), MIN_SAMPLES) for name in names}


def pending_steps() -> dict:
    return {p.name: SimpleNamespace(status=StepStatus.PENDING, started_at=None, finished_at=None) for p in PLAN}


def test_the_likely_ready_time_follows_the_plan_and_waits_for_the_slowest_parallel_step():
    accepted = datetime(2026, 12, 3, 9, 0, tzinfo=SHANGHAI)
    medians = measured(*(p.name for p in PLAN)) | {"bank_account": (timedelta(minutes=30), 8)}
    ready, runs = likely_ready(PLAN, pending_steps(), medians, accepted)
    # name 10 + registration 10 + the slowest of the parallel steps (bank 30) + documents 10
    assert ready == accepted + timedelta(minutes=60) and runs == MIN_SAMPLES
    done = SimpleNamespace(status=StepStatus.DONE, finished_at=accepted + timedelta(minutes=3), started_at=accepted)
    running = SimpleNamespace(status=StepStatus.RUNNING, finished_at=None, started_at=accepted + timedelta(minutes=5))
    steps = pending_steps() | {"name_approval": done, "registration": running}
    ready, _ = likely_ready(PLAN, steps, medians, accepted)
    assert ready == accepted + timedelta(minutes=5 + 10 + 30 + 10)


def test_a_step_the_application_has_no_row_for_takes_no_time():
    accepted = datetime(2026, 12, 3, 9, 0, tzinfo=SHANGHAI)
    medians = measured(*(p.name for p in PLAN)) | {"bank_account": (timedelta(minutes=30), 8)}
    steps = {name: step for name, step in pending_steps().items() if name != "bank_account"}
    ready, _ = likely_ready(PLAN, steps, medians, accepted)
    assert ready == accepted + timedelta(minutes=40)


def test_no_likely_time_without_enough_measurements():
    accepted = datetime(2026, 12, 3, 9, 0, tzinfo=SHANGHAI)
    medians = measured(*(p.name for p in PLAN)) | {"tax_registration": (timedelta(minutes=5), MIN_SAMPLES - 1)}
    assert likely_ready(PLAN, pending_steps(), medians, accepted) is None
    assert likely_ready(PLAN, pending_steps(), {}, accepted) is None


def finished_applications(count: int, minutes: int) -> None:
    """`count` applications that became ready, each step of the plan taking `minutes`."""
    start = datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)
    for n in range(count):
        application = create_bare_application(f"2026120100{n:04d}", start, ready_at=start + timedelta(hours=1))
        for position, plan in enumerate(PLAN):
            db.session.add(Step(application_id=application.id, name=plan.name, position=position,
                                status=StepStatus.DONE, idempotency_key=f"{application.number}-{plan.name}",
                                started_at=start, finished_at=start + timedelta(minutes=minutes)))
    db.session.commit()


def test_the_page_shows_the_likely_time_measured_on_finished_applications(app, client):
    accepted = datetime.now(SHANGHAI).replace(second=0, microsecond=0)
    number, token = file_for_applicant(app, accepted_at=accepted, status=ApplicationStatus.PROCESSING)
    with app.app_context():
        finished_applications(MIN_SAMPLES, minutes=4)
        expectations.forget_step_medians()
    estimate = page(client, number, token).get_element_by_id("expect-estimate").text_content()
    # four steps on the critical path (name, registration, the parallel ones, documents), 4 minutes each
    likely = accepted + timedelta(minutes=16)
    assert f"约{likely:%Y-%m-%d %H:%M}" in estimate and f"近{MIN_SAMPLES}件已办结申请" in estimate


def test_a_likely_time_gone_by_says_it_is_taking_longer(app, client):
    accepted = datetime.now(SHANGHAI) - timedelta(hours=1)
    number, token = file_for_applicant(app, accepted_at=accepted, status=ApplicationStatus.PROCESSING)
    with app.app_context():
        finished_applications(MIN_SAMPLES, minutes=4)
        expectations.forget_step_medians()
    assert "比通常用时稍长" in page(client, number, token).get_element_by_id("expect-estimate").text_content()


def test_no_likely_time_while_a_person_must_act(app, client):
    number, token = file_for_applicant(app, accepted_at=NIGHT, status=ApplicationStatus.NEEDS_REVIEW)
    with app.app_context():
        finished_applications(MIN_SAMPLES, minutes=4)
        expectations.forget_step_medians()
    assert not page(client, number, token).xpath("//*[@id='expect-estimate']")


# ---------------------------------------------------------------- 容缺受理 promises


def test_a_promise_shows_the_document_and_its_date_and_where_to_bring_it(app, client):
    number, token = file_for_applicant(app, status=ApplicationStatus.PROCESSING)
    promised_by = datetime.now(SHANGHAI).date() + timedelta(days=3)
    with app.app_context():
        accept_on_promise(application_by_number(number), "房屋租赁合同原件", promised_by, "clerk1", "先行受理")
        db.session.commit()
    tree = page(client, number, token)
    part = tree.get_element_by_id("track-follow-up")
    text = part.text_content()
    assert "房屋租赁合同原件" in text and f"承诺{promised_by.isoformat()}前补交" in text and "待补交" in text
    assert app.config["CENTRE_ADDRESS"] in text
    assert part.xpath(".//a[starts-with(@href, 'tel:')]")


def test_an_overdue_promise_says_so_and_a_fulfilled_one_too(app, client):
    number, token = file_for_applicant(app, status=ApplicationStatus.PROCESSING)
    today = datetime.now(SHANGHAI).date()
    with app.app_context():
        application = application_by_number(number)
        db.session.add_all([
            DocumentPromise(application_id=application.id, promised_document="股东会决议", promised_by=today - timedelta(days=1),
                            accepted_by="clerk1"),
            DocumentPromise(application_id=application.id, promised_document="场地证明", promised_by=today,
                            accepted_by="clerk1", fulfilled_at=datetime.now(SHANGHAI)),
        ])
        db.session.commit()
    items = page(client, number, token).xpath("//li[contains(@class, 'follow-up__item')]")
    assert "已过承诺日期" in items[0].text_content() and "follow-up__item--overdue" in items[0].get("class")
    assert "已补交" in items[1].text_content()


def test_no_promise_no_follow_up_part(app, client):
    number, token = file_for_applicant(app)
    assert not page(client, number, token).xpath("//*[@id='track-follow-up']")


def test_someone_without_the_cookie_sees_no_promise(app, client):
    number, _ = file_for_applicant(app, status=ApplicationStatus.PROCESSING)
    assert client.get(f"/track/{number}").status_code == 401
    assert client.get(f"/track/{number}/progress").status_code == 401


# ---------------------------------------------------------------- the header


def test_every_public_page_links_to_the_lookup_and_the_verification(client):
    for path in ("/", "/track", "/verify/"):
        tree = lxml.html.fromstring(client.get(path).get_data(as_text=True))
        nav = tree.xpath("//header//nav[contains(@class, 'masthead__nav')]")[0]
        assert [(a.get("href"), a.text_content()) for a in nav.xpath(".//a")] == [("/track", "查进度"), ("/verify/", "核验执照")]
    current = lxml.html.fromstring(client.get("/track").get_data(as_text=True)).xpath(
        "//nav[contains(@class, 'masthead__nav')]//a[@aria-current='page']")
    assert [a.text_content() for a in current] == ["查进度"]


def test_the_lookup_answer_gives_the_centres_phone_as_a_tel_link(app, client):
    number, _ = file_for_applicant(app)
    answer = client.post("/track", data={"number": number, "phone": "13800000000"})
    assert answer.status_code == 200
    phone = lxml.html.fromstring(answer.get_data(as_text=True)).get_element_by_id("lookup-phone")
    assert phone.get("href") == f"tel:{app.config['CENTRE_PHONE']}" and phone.text_content() == app.config["CENTRE_PHONE"]
