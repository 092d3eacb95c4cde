"""Same and near names: the comparison rules, their symmetry, and the issue's examples by name."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.rules import name_similarity as similarity
from app.rules import names
from app.rules.catalogues import name_lists
from app.rules.name_similarity import HeldName

YUNFAN = HeldName("竹溪", "云帆", "科技", "竹溪县云帆科技有限公司")
# Characters with homophones and look-alikes among them, so that drawn pairs meet often.
ALPHABET = "云芸耘帆凡番繁土士未末己已日曰师帅星兴行杏"
trade_names = st.text(ALPHABET, min_size=2, max_size=4)
industries = st.sampled_from(["科技", "网络科技", "信息技术", "商贸", "贸易", "餐饮", "房地产", "地产", "置业", ""])


def conflict(trade_name: str, industry: str = "科技", held: HeldName = YUNFAN):
    found = similarity.conflicts("竹溪", trade_name, industry, [held])
    return (found[0].code, found[0].basis) if found else None


# --- the issue's examples, each by name

def test_issue_network_technology_beside_yunfan_technology_is_taken():
    assert conflict("云帆", "网络科技") == ("taken", None)


def test_issue_information_technology_beside_yunfan_technology_is_taken():
    assert conflict("云帆", "信息技术") == ("taken", None)


def test_issue_homophone_yunfan_with_fan_of_ordinary_is_similar():
    assert conflict("云凡") == ("similar_name", "homophone")  # 凡 fán: tones aside


def test_issue_homophone_yunfan_with_fan_of_turn_is_similar():
    assert conflict("云番") == ("similar_name", "homophone")


def test_issue_reversed_fanyun_is_similar():
    assert conflict("帆云") == ("similar_name", "reordered")


def test_issue_the_warning_names_the_registered_enterprise():
    [found] = similarity.conflicts("竹溪", "云凡", "科技", [YUNFAN])
    problem = found.problem()
    assert problem.level == names.WARN and problem.conflicts_with == "竹溪县云帆科技有限公司"
    assert problem.message_zh == "与已登记的‘竹溪县云帆科技有限公司’读音相同，可能被认定为近似名称"


def test_issue_taken_is_a_refusal_naming_the_holder():
    [found] = similarity.conflicts("竹溪", "云帆", "网络科技", [YUNFAN])
    problem = found.problem()
    assert problem.level == names.REFUSE and problem.conflicts_with == YUNFAN.full_name
    assert "请更换字号" in problem.message_zh


def test_the_same_trade_name_in_another_trade_is_free():
    assert conflict("云帆", "商贸") is None
    assert conflict("云凡", "餐饮") is None


def test_another_area_is_another_registration_authority():
    assert similarity.conflicts("竹山", "云帆", "科技", [YUNFAN]) == []


def test_look_alikes_are_similar():
    assert conflict("土林", "贸易", HeldName("竹溪", "士林", "贸易", "竹溪县士林贸易有限公司")) == ("similar_name", "near_shape")
    assert conflict("康帅", "餐饮", HeldName("竹溪", "康师", "餐饮", "竹溪县康师餐饮有限公司")) == ("similar_name", "near_shape")


def test_a_mix_of_homophone_and_look_alike_is_near():
    assert conflict("土凡", "科技", HeldName("竹溪", "士帆", "科技", "竹溪县士帆科技有限公司")) == ("similar_name", "near_shape")


def test_taken_comes_before_warnings():
    held = [HeldName("竹溪", "云凡", "科技", "竹溪县云凡科技有限公司"), YUNFAN]
    assert [c.code for c in similarity.conflicts("竹溪", "云帆", "科技", held)] == ["taken", "similar_name"]


def test_the_2017_rules_example_of_one_trade_worded_three_ways():
    # 比对规则 第四条(一): 万青地产有限公司 / 万青房地产有限公司 / 万青置业有限公司.
    assert similarity.same_trade("地产", "房地产") and similarity.same_trade("地产", "置业")
    assert similarity.same_trade("房地产", "置业")
    assert not similarity.same_trade("科技", "商贸")
    assert similarity.same_trade("", "商贸")  # 不使用行业表述: every trade (规定 第十七条)


def test_held_name_from_the_registrys_key():
    key = names.name_key("湖北省十堰市竹溪县", "云帆", "科技")
    assert similarity.held_name_from_key(key, "竹溪县云帆科技有限公司") == YUNFAN


def test_every_industry_group_row_has_a_group_and_every_near_shape_group_two_characters():
    groups = name_lists.industry_groups()
    assert groups["科技"] == groups["信息技术"] and groups["贸易"] == groups["商贸"]
    assert all(len(members) >= 2 for members in name_lists.near_shape_groups().values())


# --- the laws as properties

@given(trade_names, trade_names)
def test_pinyin_equivalence_is_symmetric(first, second):
    assert similarity.same_pronunciation(first, second) == similarity.same_pronunciation(second, first)


@given(trade_names)
def test_pinyin_equivalence_is_reflexive(trade_name):
    assert similarity.same_pronunciation(trade_name, trade_name)


@given(trade_names, trade_names)
def test_near_shape_and_reordering_are_symmetric(first, second):
    assert similarity.near_shape(first, second) == similarity.near_shape(second, first)
    assert similarity.reordered(first, second) == similarity.reordered(second, first)


@given(trade_names, industries, trade_names, industries)
def test_the_comparison_is_the_same_from_either_side(first, first_industry, second, second_industry):
    a = HeldName("竹溪", first, first_industry, "A")
    b = HeldName("竹溪", second, second_industry, "B")
    one, other = similarity.compare(first, first_industry, b), similarity.compare(second, second_industry, a)
    assert (one and (one.code, one.basis)) == (other and (other.code, other.basis))


@given(industries, industries)
def test_same_trade_is_symmetric(first, second):
    assert similarity.same_trade(first, second) == similarity.same_trade(second, first)


@given(trade_names, industries)
def test_a_name_is_taken_by_itself(trade_name, industry):
    assert similarity.compare(trade_name, industry, HeldName("竹溪", trade_name, industry, "X")).code == "taken"


@given(st.lists(st.tuples(trade_names, industries), max_size=6), st.sampled_from(["云帆", "星河", "康师"]))
def test_suggestions_are_names_that_can_be_had(held_parts, trade_name):
    held = [HeldName("竹溪", t, i, f"竹溪县{t}{i}有限公司") for t, i in held_parts]
    offered = similarity.suggestions("竹溪县", trade_name, "科技", "有限公司", "llc", held)
    assert len(offered) <= similarity.SUGGESTIONS_MAX
    for full in offered:
        trade, industry = _parts(full, trade_name)
        assert names.name_problems("竹溪县", trade, industry, "有限公司", "llc") == []
        assert names.name_warnings(trade) == []
        assert similarity.conflicts("竹溪", trade, industry, held) == []


def _parts(full_name: str, trade_name: str) -> tuple[str, str]:
    body = full_name.removeprefix("竹溪县").removesuffix("有限公司")
    for extra in similarity.SUGGESTION_CHARACTERS:
        if body.startswith(trade_name + extra):
            return trade_name + extra, body[len(trade_name) + 1:]
    return trade_name, body[len(trade_name):]


def test_suggestions_when_the_name_is_taken():
    offered = similarity.suggestions("竹溪县", "云帆", "科技", "有限公司", "llc", [YUNFAN])
    assert offered[:3] == ["竹溪县云帆达科技有限公司", "竹溪县云帆创科技有限公司", "竹溪县云帆盛科技有限公司"]
    assert "竹溪县云帆商贸有限公司" in offered and len(offered) == 5


def test_no_suggestion_keeps_a_forbidden_word():
    assert similarity.suggestions("竹溪县", "中国云", "科技", "有限公司", "llc", []) == []


@pytest.mark.parametrize(("character", "readings"), [("行", {"xing", "hang"}), ("帆", {"fan"}), ("凡", {"fan"})])
def test_readings_are_toneless_and_include_every_reading(character, readings):
    assert readings <= similarity.readings(character)
