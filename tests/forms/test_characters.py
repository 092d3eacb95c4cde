"""Names, addresses and the name's parts take what a Chinese name or address needs, and nothing else.

Markup, quotes, emoji and control characters in a name would reach the signed licence, the seal's
impression and the verify JSON; each field is tried with what an attacker sends (through the API
and the HTML form alike) and with real lawful values.
"""

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms import characters
from forms.html import form_to_payload
from forms.schema import validate_application
from tests.factories import as_form, example_payload

# Every field of the form with a character class, as the payload path the 422 names.
FIELDS = {
    "legal_representative.name": characters.PERSON_NAME,
    "shareholders.1.name": characters.PERSON_NAME,
    "contact.name": characters.CONTACT_NAME,
    "delivery.recipient": characters.CONTACT_NAME,
    "address": characters.ADDRESS,
    "delivery.address": characters.ADDRESS,
    "name.trade_name": characters.ENTERPRISE_NAME_PART,
    "name.industry": characters.ENTERPRISE_NAME_PART,
}
ATTACKS = [
    "<script>alert(1)</script>", "张<b>三</b>", '张"三', "张'三", "张&三", "{{7*7}}", "张`三`",
    "张三😀", "张\u202e三", "张\u200b三", "张\x07三", " 张三", "张三 ", "张\u3000三",
]
LAWFUL_NAMES = ["张三", "阿依古丽·买买提", "欧阳娜娜", "李𠀾", "王䶮", "爱新觉罗·溥仪"]
LAWFUL_ADDRESSES = [
    "湖北省十堰市竹溪县城关镇人民路1号（东门）3-201室",
    "湖北省十堰市竹溪县水坪镇解放街18号",
    "北京市朝阳区建国路88号SOHO现代城B座 1508室",
    "上海市浦东新区世纪大道100号#2-3/F",
    "竹溪县蒋家堰镇新街6号3单元、4单元，二〇一室.",
]


def put(payload: dict, path: str, value: str) -> dict:
    body = copy.deepcopy(payload)
    *parents, last = path.split(".")
    target = body
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    target[last] = value
    return body


def errors_for(app, payload: dict) -> dict:
    with app.test_request_context("/"):
        return validate_application(payload)[1]


@pytest.mark.parametrize("path", FIELDS)
def test_markup_quotes_emoji_and_invisible_characters_are_field_errors(app, path):
    for attack in ATTACKS:
        errors = errors_for(app, put(example_payload(), path, attack))
        assert path in errors, (attack, errors)
        assert any("只能使用" in message or "控制字符" in message for message in errors[path]), (attack, errors)


@pytest.mark.parametrize("path", ["legal_representative.name", "shareholders.1.name", "contact.name",
                                  "delivery.recipient"])
def test_chinese_names_rare_characters_and_minority_names_with_the_middle_dot_are_accepted(app, path):
    for name in LAWFUL_NAMES:
        payload = put(example_payload(), path, name)
        if path == "legal_representative.name":  # the same person (one ID number) is shareholder 0
            payload = put(payload, "shareholders.0.name", name)
        assert errors_for(app, payload) == {}, name


@pytest.mark.parametrize("path", ["address", "delivery.address"])
def test_addresses_with_digits_letters_and_the_punctuation_of_room_numbers_are_accepted(app, path):
    for address in LAWFUL_ADDRESSES:
        assert errors_for(app, put(example_payload(), path, address)) == {}, address


@pytest.mark.parametrize("path", ["legal_representative.name", "shareholders.1.name"])
def test_people_named_by_their_id_card_are_named_in_chinese_characters(app, path):
    for name in ["Zhang San", "ZHANG·San", "张3", "·张三", "张三·", "张··三", "张 三"]:
        assert path in errors_for(app, put(example_payload(), path, name)), name


def test_the_contact_and_the_recipient_may_be_named_in_latin_letters(app):
    for name in ["John Smith", "Mary-Jane O", "John F. Kennedy"]:
        payload = put(put(example_payload(), "contact.name", name), "delivery.recipient", name)
        assert errors_for(app, payload) == {}, name


def test_trade_name_and_industry_are_chinese_characters_only(app):
    for value in ["云帆1", "Yunfan", "云 帆", "云·帆", "云-帆"]:
        for path in ("name.trade_name", "name.industry"):
            errors = errors_for(app, put(example_payload(), path, value))
            assert "只能使用汉字，不能含有字母、数字、空格或符号" in errors[path], (path, value)


def test_the_english_message_when_asked(app):
    with app.test_request_context("/?lang=en"):
        errors = validate_application(put(example_payload(), "address", "<script>"))[1]
    assert "An address may use Chinese characters" in errors["address"][0]


def test_the_html_form_refuses_what_the_api_refuses(app, client):
    payload = put(put(example_payload(), "legal_representative.name", "<script>x</script>"), "address", "人民路1号<b>")
    page = client.post("/", data=as_form(payload)).get_data(as_text=True)
    assert "姓名只能使用汉字" in page and "地址只能使用汉字" in page
    assert "<script>x</script>" not in page  # shown back escaped, never as markup
    with app.test_request_context("/"):
        assert set(validate_application(form_to_payload(as_form(payload)))[1]) == {"legal_representative.name", "address"}


def test_the_api_answers_422_with_the_field_paths(client):
    body = put(put(example_payload(), "contact.name", 'x" onmouseover="alert(1)'), "name.industry", "科技<img>")
    response = client.post("/api/v1/applications", json=body)
    assert response.status_code == 422
    assert {"contact.name", "name.industry"} <= set(response.get_json()["errors"])


@given(st.text(min_size=1, max_size=12))
def test_no_class_admits_a_character_the_issue_names(text):
    dangerous = set("<>\"'&{}`") | {chr(c) for c in range(32)} | {"\x7f"}
    for pattern in set(FIELDS.values()):
        if characters.allowed(pattern, text):
            assert not dangerous & set(text), (pattern, text)


@given(st.lists(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=8),
       st.sampled_from(characters.IDEOGRAPH_RANGES))
def test_every_ideograph_plane_is_a_name(ideographs, plane):
    rare = chr(plane[1])
    assert characters.allowed(characters.PERSON_NAME, "".join(ideographs) + rare)
    assert characters.allowed(characters.PERSON_NAME, "".join(ideographs) + characters.MIDDLE_DOT + rare)
