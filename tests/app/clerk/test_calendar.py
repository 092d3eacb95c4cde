"""The supervisor's calendar page, and the warning on every clerk page while next year is not entered."""

from datetime import datetime

from app.models import Role
from app.sla import centre as sla
from app.sla.years import missing_years
from app.timefmt import SHANGHAI
from tests.factories import create_user, sign_in


def test_a_missing_next_year_warns_on_every_clerk_page(app):
    next_year = datetime.now(SHANGHAI).year + 1
    warning = f"{next_year}年节假日安排尚未录入"  # then how the clock counts it meanwhile
    with app.app_context():
        create_user("boss", Role.SUPERVISOR)
        known = sla.calendar().is_official(next_year)
        assert (next_year in missing_years()) is not known
    client = sign_in(app.test_client(), "boss")
    for page in ("/clerk/", "/clerk/calendar"):
        assert (warning in client.get(page).text) is not known, page
    response = client.post("/clerk/calendar", data={
        "year": str(next_year), "holidays": f"{next_year}-01-01\n{next_year}-10-01..{next_year}-10-07",
        "workdays": ""})
    assert response.status_code == 303
    page = client.get("/clerk/").text
    assert warning not in page
    assert f"{next_year}-10-03" in client.get("/clerk/calendar").text


def test_the_calendar_page_says_what_is_wrong(app):
    with app.app_context():
        create_user("boss", Role.SUPERVISOR)
    client = sign_in(app.test_client(), "boss")
    response = client.post("/clerk/calendar", data={"year": "2027", "holidays": "2027-13-01", "workdays": ""})
    assert response.status_code == 422 and "不是有效日期" in response.text
    response = client.post("/clerk/calendar", data={"year": "二〇二七", "holidays": "", "workdays": ""})
    assert response.status_code == 422 and "年份请填写数字" in response.text
