"""备选字号 (name.backup_trade_names): up to four, each judged by the trade-name rules, none repeated;
the same in the API, the HTML form, its payload conversion and the published OpenAPI schema."""

import copy

import pytest
from werkzeug.datastructures import MultiDict

from forms.html import form_to_payload
from forms.schema import validate_application
from tests.factories import EXAMPLE, as_form, example_payload


def with_backups(backups) -> dict:
    payload = example_payload()
    payload["name"]["backup_trade_names"] = backups
    return payload


def errors_of(app, payload: dict, language: str = "") -> dict:
    with app.test_request_context("/" + (f"?lang={language}" if language else "")):
        return validate_application(payload)[1]


def test_up_to_four_backups_are_taken_in_order(app):
    payload = with_backups(["云舟", "帆远", "舟行", "远帆"])
    with app.test_request_context("/"):
        form, errors = validate_application(payload)
    assert errors == {} and form["name"]["backup_trade_names"] == ["云舟", "帆远", "舟行", "远帆"]


def test_none_or_an_empty_list_is_no_backup(app):
    assert errors_of(app, example_payload()) == {}
    assert errors_of(app, with_backups([])) == {}


def test_a_fifth_backup_is_refused(app):
    assert errors_of(app, with_backups(["云舟", "帆远", "舟行", "远帆", "行远"])) == {
        "name.backup_trade_names": ["备选字号最多填写4个"]}


def test_backups_must_be_a_list_of_text(app):
    assert errors_of(app, with_backups("云舟")) == {"name.backup_trade_names": ["备选字号应为列表"]}
    assert errors_of(app, with_backups([1])) == {"name.backup_trade_names.0": ["请填写文字"]}


@pytest.mark.parametrize(("backup", "words"), [
    ("十堰", "行政区划名称"),  # 规定 第八条第二款: a region's name is no trade name
    ("科技", "行业用语"),  # 规定 第八条: nor is an industry term
    ("帆", "至少需要2个汉字"),  # 规定 第八条: two characters or more
    ("雲舟", "规范汉字"),  # 规定 第五条: 规范汉字
    ("中华云", "国务院批准"),  # 规定 第十二条: words the State Council approves
    ("赌神", "不能使用"),  # 规定 第十一条: gambling
    ("Cloud", "只能使用汉字"),  # the field's character class
])
def test_each_backup_is_judged_by_the_trade_name_rules_at_its_own_path(app, backup, words):
    errors = errors_of(app, with_backups(["云舟", backup]))
    assert list(errors) == ["name.backup_trade_names.1"], errors
    [message] = errors["name.backup_trade_names.1"]
    assert message.startswith(f"备选字号“{backup}”：") and words in message


def test_a_backup_refused_by_its_field_keeps_its_place(app):
    errors = errors_of(app, with_backups(["A1", "十堰"]))
    assert "只能使用汉字" in errors["name.backup_trade_names.0"][0]
    assert "行政区划名称" in errors["name.backup_trade_names.1"][0]


def test_the_industry_and_region_are_judged_once_on_the_first_name(app):
    payload = with_backups(["云舟"])
    payload["name"]["industry"] = "赌博"
    errors = errors_of(app, payload)
    assert "name.trade_name" in errors and not any(path.startswith("name.backup") for path in errors)


def test_a_backup_may_repeat_neither_the_trade_name_nor_another_backup(app):
    payload = with_backups(["云舟", "云舟"])
    payload["name"]["backup_trade_names"].insert(0, payload["name"]["trade_name"])
    errors = errors_of(app, payload)
    assert list(errors) == ["name.backup_trade_names.0", "name.backup_trade_names.2"]
    assert all("重复" in messages[0] for messages in errors.values())


def test_messages_in_english_when_asked(app):
    errors = errors_of(app, with_backups(["十堰", "十堰"]), "en")
    assert errors["name.backup_trade_names.0"][0].startswith("Backup trade name “十堰”: ")
    assert "place name" in errors["name.backup_trade_names.0"][0]
    assert "repeats" in errors["name.backup_trade_names.1"][0]


def test_the_html_form_posts_its_numbered_backups_in_order_and_drops_empty_ones():
    form = as_form(EXAMPLE)
    form.add("name.backup_trade_names.0", " 云舟 ")
    form.add("name.backup_trade_names.1", "")
    form.add("name.backup_trade_names.3", "帆远")
    payload = form_to_payload(form)
    expected = copy.deepcopy(EXAMPLE)
    expected["name"]["backup_trade_names"] = ["云舟", "帆远"]
    assert payload == expected


def test_a_form_posting_the_list_as_repeated_names_is_the_api_payload():
    payload = copy.deepcopy(EXAMPLE)
    payload["name"]["backup_trade_names"] = ["云舟", "帆远"]
    assert form_to_payload(as_form(payload)) == payload


def test_no_backup_typed_is_no_backup_key():
    form = as_form(EXAMPLE)
    for index in range(4):
        form.add(f"name.backup_trade_names.{index}", "  ")
    assert "backup_trade_names" not in form_to_payload(form)["name"]


def test_the_form_page_has_four_optional_backup_inputs_under_the_trade_name(client):
    page = client.get("/").text
    assert "备选字号（可选，按顺序）" in page
    assert page.index('name="name.trade_name"') < page.index('name="name.backup_trade_names.0"')
    for index in range(4):
        assert f'id="name-backup_trade_names-{index}" name="name.backup_trade_names.{index}"' in page
    assert 'name="name.backup_trade_names.4"' not in page


def test_a_refused_backup_is_shown_beside_its_input_and_in_the_summary(client):
    form = as_form(example_payload())
    form.add("name.backup_trade_names.0", "云舟")
    form.add("name.backup_trade_names.1", "十堰")
    answer = client.post("/", data=MultiDict(form))
    assert answer.status_code == 200
    page = answer.text
    assert 'href="#name-backup_trade_names-1"' in page and "备选字号“十堰”：“十堰”是行政区划名称" in page
    assert 'id="name-backup_trade_names-1-error"' in page and 'value="十堰"' in page and 'value="云舟"' in page


def test_the_api_takes_backups_and_refuses_a_repeated_one(client):
    created = client.post("/api/v1/applications", json=with_backups(["云舟", "帆远"]))
    assert created.status_code == 201, created.get_json()
    refused = client.post("/api/v1/applications", json=with_backups(["云舟", "云舟"]))
    assert refused.status_code == 422
    assert list(refused.get_json()["errors"]) == ["name.backup_trade_names.1"]


def test_openapi_publishes_the_backups_with_the_trade_name_constraints(client):
    name = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["Name"]
    backups, trade_name = name["properties"]["backup_trade_names"], name["properties"]["trade_name"]
    assert "backup_trade_names" not in name.get("required", [])
    assert backups["type"] == "array" and backups["maxItems"] == 4 and backups["uniqueItems"] is True
    for key in ("minLength", "maxLength", "pattern", "allOf"):
        assert backups["items"][key] == trade_name[key], key
