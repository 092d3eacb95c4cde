import importlib.resources

import pytest

from app.rules import catalogues
from app.rules.catalogues import name_lists
from app.rules.names import (
    TRADE_NAME_MAX,
    NameProblem,
    full_name,
    name_key,
    name_problems,
    name_warnings,
    traditional_characters,
)


def codes(*args) -> list[str]:
    return [problem.code for problem in name_problems(*args)]


def test_api_example_has_no_problems():
    assert name_problems("竹溪县", "云帆", "科技", "有限公司", "llc") == []
    assert full_name("竹溪县", "云帆", "科技", "有限公司") == "竹溪县云帆科技有限公司"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("竹溪县", "中国云", "科技", "有限公司", "llc"), ["forbidden_word"]),
        (("竹溪县", "云帆", "赌博", "有限公司", "llc"), ["forbidden_word"]),
        (("竹溪县", "美国风", "贸易", "有限公司", "llc"), ["forbidden_word"]),
        (("竹溪县", "解放军", "贸易", "有限公司", "llc"), ["forbidden_word"]),
        (("竹溪县", "云", "科技", "有限公司", "llc"), ["trade_name_too_short"]),
        (("竹溪县", "", "科技", "有限公司", "llc"), ["trade_name_too_short"]),
        (("竹溪县", "云" * (TRADE_NAME_MAX + 1), "科技", "有限公司", "llc"), ["trade_name_too_long"]),
        (("竹溪县", "Yunfan", "科技", "有限公司", "llc"), ["trade_name_not_chinese"]),
        (("竹溪县", "云帆1号", "科技", "有限公司", "llc"), ["trade_name_not_chinese"]),
        (("竹溪县", "云 帆", "科技", "有限公司", "llc"), ["trade_name_not_chinese"]),
        (("竹溪县", "十堰", "科技", "有限公司", "llc"), ["trade_name_is_region"]),
        (("竹溪县", "湖北省", "科技", "有限公司", "llc"), ["trade_name_is_region"]),
        (("竹溪县", "科技", "贸易", "有限公司", "llc"), ["trade_name_is_industry"]),
        (("竹溪县", "商贸", "科技", "有限公司", "llc"), ["trade_name_is_industry"]),
        (("竹溪县", "云帆", "", "有限公司", "llc"), ["industry_missing"]),
        (("火星县", "云帆", "科技", "有限公司", "llc"), ["region_unknown"]),
        (("", "云帆", "科技", "有限公司", "llc"), ["region_unknown"]),
        (("竹溪县", "云帆", "科技", "股份有限公司", "llc"), ["bad_org_form"]),
        (("竹溪县", "云帆", "科技", "公司", "llc"), ["bad_org_form"]),
    ],
)
def test_each_problem(args, expected):
    assert codes(*args) == expected


def test_all_problems_reported_at_once():
    assert codes("火星", "A", "科技", "公司", "sole_proprietorship") == [
        "region_unknown",
        "trade_name_too_short",
        "trade_name_not_chinese",
        "bad_org_form",
    ]


def test_region_may_be_short_or_province_to_county():
    for region in ("竹溪", "十堰市", "湖北省", "湖北省十堰市竹溪县", "北京市"):
        assert codes(region, "云帆", "科技", "有限公司", "llc") == [], region


def test_single_characters_of_forbidden_words_are_allowed():
    # 冠军 contains 军, 党参 contains 党: neither is a forbidden word.
    assert codes("竹溪县", "冠军", "体育", "有限公司", "llc") == []
    assert codes("竹溪县", "党参", "种植", "专业合作社", "cooperative") == []


@pytest.mark.parametrize("word", sorted(catalogues.forbidden_words()))
def test_every_catalogue_word_is_refused(word):
    assert "forbidden_word" in codes("竹溪县", "云" + word, "科技", "有限公司", "llc")


def test_restricted_word_message_says_who_may_approve():
    [problem] = name_problems("竹溪县", "中华云", "科技", "有限公司", "llc")
    assert "国务院" in problem.message_zh and "中华" in problem.message_zh


def test_forbidden_words_are_looked_for_in_each_part():
    assert codes("竹溪县", "华中", "国风文化", "有限公司", "llc") == []
    assert codes("竹溪县", "云帆", "中华贸易", "有限公司", "llc") == ["forbidden_word"]
    assert codes("竹溪县", "云帆", "中国风", "有限公司", "llc") == ["forbidden_word"]


@pytest.mark.parametrize(
    ("entity_type", "org_form"),
    [
        ("llc", "有限公司"),
        ("llc", "有限责任公司"),
        ("sole_proprietorship", "厂"),
        ("sole_proprietorship", "商行"),
        ("sole_proprietorship", "工作室"),
        ("sole_proprietorship", "中心"),
        ("partnership", "中心（有限合伙）"),
        ("partnership", "中心(有限合伙)"),
        ("partnership", "合伙企业（普通合伙）"),
        ("partnership", "事务所（特殊普通合伙）"),
        ("partnership", "（普通合伙）"),
        ("individual_business", "店"),
        ("individual_business", "馆"),
        ("individual_business", "经营部"),
        ("individual_business", "坊"),
        ("cooperative", "专业合作社"),
        ("cooperative", "专业合作社联合社"),
    ],
)
def test_org_form_fits_entity_type(entity_type, org_form):
    assert codes("竹溪县", "云帆", "茶叶", org_form, entity_type) == []


@pytest.mark.parametrize(
    ("entity_type", "org_form"),
    [
        ("llc", "店"),
        ("llc", "有限合伙"),
        ("sole_proprietorship", "有限公司"),
        ("sole_proprietorship", "公司"),
        ("partnership", "中心"),
        ("partnership", "有限公司（有限合伙）"),
        ("partnership", "中心（合伙）"),
        ("individual_business", "有限公司"),
        ("individual_business", "企业"),
        ("cooperative", "合作社"),
        ("cooperative", "有限公司"),
        ("joint_stock", "股份有限公司"),
    ],
)
def test_org_form_does_not_fit(entity_type, org_form):
    assert codes("竹溪县", "云帆", "茶叶", org_form, entity_type) == ["bad_org_form"]


def test_surrounding_spaces_are_ignored():
    assert name_problems(" 竹溪县", "云帆 ", " 科技", "有限公司 ", "llc") == []


def test_messages_say_how_to_fix():
    problems = name_problems("火星", "A", "", "公司", "individual_business")
    problems += name_problems("竹溪县", "中国", "科技", "有限公司", "llc")
    problems += name_problems("竹溪县", "十堰", "科技", "有限公司", "llc")
    problems += name_problems("竹溪县", "科技", "科技", "有限公司", "llc")
    problems += name_problems("竹溪县", "云" * 11, "科技", "有限公司", "llc")
    assert {p.code for p in problems} >= {
        "region_unknown", "trade_name_too_short", "trade_name_not_chinese", "industry_missing",
        "bad_org_form", "forbidden_word", "trade_name_is_region", "trade_name_is_industry",
        "trade_name_too_long",
    }
    for problem in problems:
        assert "请" in problem.message_zh and "%(" not in problem.message_zh


def test_a_message_is_its_source_text_with_the_names_filled_in():
    """The source text is what the translation layer looks up, so it never has the values in it."""
    [problem] = name_problems("竹溪县", "十堰", "科技", "有限公司", "llc")
    assert problem.message == "“%(trade_name)s”是行政区划名称，不能作为字号，请换一个字号"
    assert problem.params == {"trade_name": "十堰"}
    assert problem.message_zh == "“十堰”是行政区划名称，不能作为字号，请换一个字号"


def test_name_problem_is_frozen():
    problem = NameProblem("taken", "名称已被占用")
    with pytest.raises(AttributeError):
        problem.code = "other"  # type: ignore[misc]


def test_full_name_makes_brackets_full_width():
    assert full_name("竹溪县", "云帆", "投资", "中心(有限合伙)") == "竹溪县云帆投资中心（有限合伙）"


def test_name_key_same_area_and_industry():
    key = name_key("竹溪县", "云帆", "科技")
    assert name_key("竹溪", "云帆", "科技") == key
    assert name_key("湖北省十堰市竹溪县", "云帆", "科技") == key
    assert name_key(" 竹溪县 ", " 云帆", "科技 ") == key


def test_name_key_differs_by_area_trade_name_or_industry():
    key = name_key("竹溪县", "云帆", "科技")
    assert name_key("竹山县", "云帆", "科技") != key
    assert name_key("十堰市", "云帆", "科技") != key
    assert name_key("竹溪县", "云航", "科技") != key
    assert name_key("竹溪县", "云帆", "餐饮") != key


# --- issue 10: the rules as an examiner has them

def test_issue_international_trade_and_logistics_are_lawful():
    # 规定 (2020) 第十二条 restricts 中国, 中华, 中央, 全国, 国家 only.
    assert codes("竹溪县", "云帆", "国际贸易", "有限公司", "llc") == []
    assert codes("竹溪县", "云帆", "国际物流", "有限公司", "llc") == []


@pytest.mark.parametrize("trade_name", ["东方", "光明", "新华", "长安", "和平"])
def test_issue_region_names_with_another_meaning_are_trade_names(trade_name):
    # 规定 第八条第二款: 另有含义的除外.
    assert codes("竹溪县", trade_name, "科技", "有限公司", "llc") == []


def test_region_names_without_another_meaning_stay_refused():
    assert codes("竹溪县", "竹溪", "科技", "有限公司", "llc") == ["trade_name_is_region"]
    assert codes("竹溪县", "长春", "科技", "有限公司", "llc") == ["trade_name_is_region"]


@pytest.mark.parametrize("trade_name", ["法兰西", "中共", "海军", "陆军", "空军", "火箭军", "武警", "赌神"])
def test_issue_unlawful_words_are_refused(trade_name):
    assert codes("竹溪县", trade_name + "云", "科技", "有限公司", "llc") == ["forbidden_word"]


def test_issue_traditional_characters_are_refused_with_the_simplified_form():
    [problem] = name_problems("竹溪县", "雲帆", "科技", "有限公司", "llc")
    assert problem.code == "traditional_characters"
    assert problem.params == {"characters": "雲", "simplified": "云"}


def test_traditional_forms_of_forbidden_words_are_forbidden_too():
    assert codes("竹溪县", "中華", "科技", "有限公司", "llc") == ["traditional_characters", "forbidden_word"]


def test_standard_characters_that_a_conversion_would_change_are_kept():
    assert traditional_characters("乾坤") == []
    assert traditional_characters("哪吒") == []
    assert traditional_characters("後來") == [("後", "后"), ("來", "来")]


def test_issue_well_known_trade_name_is_a_warning_not_a_refusal():
    assert name_problems("竹溪县", "华为", "通信", "有限公司", "llc") == []
    [warning] = name_warnings("华为")
    assert (warning.code, warning.level, warning.conflicts_with) == ("well_known_name", "warn", "华为技术有限公司")
    assert name_warnings("云帆") == []


def test_every_foreign_state_is_refused_and_none_is_ours():
    states = name_lists.foreign_states()
    assert {"法兰西", "法国", "法兰西共和国", "美利坚", "德意志", "英吉利", "大不列颠", "俄罗斯"} <= states
    assert not states & {"中国", "台湾", "香港", "蒙古", "冰岛"}
    for state in sorted(states):
        assert "forbidden_word" in codes("竹溪县", "云帆", state, "有限公司", "llc"), state


def test_problems_carry_a_level():
    assert all(p.level == "refuse" and p.conflicts_with is None
               for p in name_problems("火星", "A", "", "公司", "individual_business"))


@pytest.mark.parametrize("filename", ["foreign_states.txt", "region_words_with_other_meaning.txt",
                                      "well_known_trade_names.txt", "industry_groups.txt", "near_shapes.txt"])
def test_every_list_says_its_source_and_its_law(filename):
    text = importlib.resources.files("app.rules.catalogues").joinpath(filename).read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "Source" in header
    assert "第" in header and "条" in header
