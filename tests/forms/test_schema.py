"""Name-rule messages reach the applicant through the translation layer, in the request's language."""

import pytest

from app.rules.names import name_problems
from forms.schema import problem_message

# One problem of every wording the rules have (a restricted and a forbidden word, each org form).
NAMES = [
    ("火星县", "A", "", "公司", "sole_proprietorship"),
    ("竹溪县", "中华云", "科技", "有限公司", "llc"),
    ("竹溪县", "云帆", "赌博", "有限公司", "llc"),
    ("竹溪县", "十堰", "科技", "店", "llc"),
    ("竹溪县", "科技", "贸易", "中心", "partnership"),
    ("竹溪县", "云" * 11, "科技", "企业", "individual_business"),
    ("竹溪县", "云帆", "茶叶", "合作社", "cooperative"),
    ("竹溪县", "云帆", "茶叶", "股份有限公司", "joint_stock"),
]


def problems():
    return [problem for name in NAMES for problem in name_problems(*name)]


def test_in_chinese_by_default(app):
    with app.test_request_context("/"):
        assert [problem_message(p) for p in problems()] == [p.message_zh for p in problems()]


def test_in_english_when_asked(app):
    with app.test_request_context("/?lang=en"):
        messages = {p.code: problem_message(p) for p in problems()}
        every = [problem_message(p) for p in problems()]
    assert all(message != p.message_zh for message, p in zip(every, problems(), strict=True))
    assert "十堰" in messages["trade_name_is_region"] and "place name" in messages["trade_name_is_region"]
    assert any("State Council" in message for message in every)


@pytest.mark.parametrize("entity_type", ["llc", "sole_proprietorship", "partnership", "individual_business",
                                         "cooperative", "joint_stock"])
def test_a_bad_org_form_says_what_fits_the_entity_type(app, entity_type):
    [problem] = name_problems("竹溪县", "云帆", "茶叶", "某某", entity_type)
    with app.test_request_context("/?lang=en"):
        assert "某某" in problem_message(problem) and "does not fit" in problem_message(problem)
