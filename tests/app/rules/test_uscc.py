import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from app.rules.uscc import (
    AUTHORITY_KINDS,
    CHARSET,
    ORGANISATION_BODY_SPACE,
    is_issuable_region,
    is_office_code,
    is_valid_uscc,
    make_uscc,
    normalise_uscc,
    organisation_body_for,
    organisation_check_digit,
    uscc_check_char,
    uscc_prefix_for,
    validate_uscc,
)

# Published codes of well-known enterprises; each also passes stdnum's check.
REAL_CODES = (
    "911000001000013428",  # 中国银行股份有限公司 (registered nationally: region 100000)
    "914403001922038216",  # 华为技术有限公司
    "9144030071526726XG",  # 腾讯科技（深圳）有限公司
    "91330100716105852F",  # 阿里巴巴（中国）有限公司
    "91110000802100433B",  # example code from the task brief
    "91110000600037341L",  # python-stdnum's documentation example
)
GB11714 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
REGIONS = ("420324", "110101", "440300", "650102", "100000")
ENTITY_TYPES = ("llc", "sole_proprietorship", "partnership", "individual_business", "cooperative")


def test_charset_leaves_out_confusable_letters():
    assert CHARSET == "0123456789ABCDEFGHJKLMNPQRTUWXY"
    assert len(CHARSET) == 31
    assert not set("IOSVZ") & set(CHARSET)


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(code):
    assert stdnum_uscc.is_valid(code)
    assert validate_uscc(code) == []
    assert is_valid_uscc(code)


def test_organisation_check_digit_examples():
    assert organisation_check_digit("80210043") == "3"
    assert organisation_check_digit("19220382") == "1"
    assert organisation_check_digit("71526726") == "X"
    assert organisation_check_digit("10000134") == "2"
    # Σ ≡ 0 (mod 11) → c = 11 → "0".
    assert organisation_check_digit("00000000") == "0"


def test_organisation_check_digit_values_letters_by_full_alphabet():
    # "A" is 10 in GB 11714 (its index in CHARSET is also 10, but "J" is 19 there, 18 in CHARSET).
    assert organisation_check_digit("J0000000") == str(11 - (19 * 3) % 11)
    assert organisation_check_digit("A0000000") == str(11 - (10 * 3) % 11)


@pytest.mark.parametrize("body", ["8021004", "802100433", "8021004a", "802100-4"])
def test_organisation_check_digit_refuses_bad_body(body):
    with pytest.raises(ValueError):
        organisation_check_digit(body)


def test_uscc_check_char_refuses_bad_input():
    for first17 in ("9111000080210043", "9111000080210043I", "91110000802100433B"):
        with pytest.raises(ValueError):
            uscc_check_char(first17)


def test_uscc_prefix_for_entity_types():
    assert uscc_prefix_for("llc") == ("9", "1")
    assert uscc_prefix_for("sole_proprietorship") == ("9", "1")
    assert uscc_prefix_for("partnership") == ("9", "1")
    assert uscc_prefix_for("individual_business") == ("9", "2")
    assert uscc_prefix_for("cooperative") == ("9", "3")
    with pytest.raises(KeyError):
        uscc_prefix_for("joint_stock")


def test_make_uscc_layout():
    code = make_uscc("9", "1", "420324", "MA4F0001")
    assert code.startswith("91420324MA4F0001")
    assert code[16] == organisation_check_digit("MA4F0001")
    assert code[17] == uscc_check_char(code[:17])
    assert validate_uscc(code) == []


@pytest.mark.parametrize(
    ("authority", "kind", "region", "body"),
    [
        ("9", "4", "420324", "MA4F0001"),
        ("B", "1", "420324", "MA4F0001"),
        ("9", "1", "999999", "MA4F0001"),
        ("9", "1", "420324", "MA4F000"),
        ("9", "1", "420324", "MA4F000I"),
    ],
)
def test_make_uscc_refuses_bad_parts(authority, kind, region, body):
    with pytest.raises(ValueError):
        make_uscc(authority, kind, region, body)


@pytest.mark.parametrize(
    ("code", "problems"),
    [
        ("91110000802100433", ["length"]),
        ("91110000802100433BB", ["length"]),
        ("", ["length"]),
        ("91110000802100433b", ["charset"]),
        ("9111000080210O433B", ["charset"]),
        ("91110000802100433Z", ["charset"]),
    ],
)
def test_validate_uscc_shape(code, problems):
    assert validate_uscc(code) == problems
    assert not is_valid_uscc(code)


def _code(first16: str) -> str:
    first17 = first16 + organisation_check_digit(first16[8:])
    return first17 + uscc_check_char(first17)


def test_validate_uscc_authority():
    assert validate_uscc(_code("94420324MA4F0001")) == ["authority"]
    assert validate_uscc(_code("B1420324MA4F0001")) == ["authority"]
    assert validate_uscc(_code("Y1420324MA4F0001")) == []
    assert validate_uscc(_code("51420324MA4F0001")) == []


def test_validate_uscc_region():
    assert validate_uscc(_code("91999999MA4F0001")) == ["region"]
    # Codes carry the region of the registering office, old codes included.
    assert validate_uscc(_code("91110103MA4F0001")) == []


def test_validate_uscc_organisation_check():
    first17 = "91420324MA4F0001" + ("0" if organisation_check_digit("MA4F0001") != "0" else "1")
    assert validate_uscc(first17 + uscc_check_char(first17)) == ["organisation_check"]


def test_validate_uscc_check_char():
    code = make_uscc("9", "1", "420324", "MA4F0001")
    wrong = CHARSET[(CHARSET.index(code[17]) + 1) % 31]
    assert validate_uscc(code[:17] + wrong) == ["check_char"]


def test_normalise_uscc():
    assert normalise_uscc(" 9144 0300-7152 6726xg ") == "9144030071526726XG"


def test_organisation_body_for_first_and_last():
    assert organisation_body_for(0) == "00000000"
    assert organisation_body_for(1) == "00000001"
    assert organisation_body_for(31) == "00000010"
    assert organisation_body_for(ORGANISATION_BODY_SPACE - 1) == "YYYYYYYY"
    for serial in (-1, ORGANISATION_BODY_SPACE):
        with pytest.raises(ValueError):
            organisation_body_for(serial)


def test_organisation_body_for_is_injective_over_a_range():
    bodies = [organisation_body_for(n) for n in range(100_000)]
    assert len(set(bodies)) == len(bodies)


@given(st.integers(0, ORGANISATION_BODY_SPACE - 1), st.integers(0, ORGANISATION_BODY_SPACE - 1))
def test_organisation_body_for_is_injective(first, second):
    if first != second:
        assert organisation_body_for(first) != organisation_body_for(second)
    else:
        assert organisation_body_for(first) == organisation_body_for(second)


@given(st.integers(0, ORGANISATION_BODY_SPACE - 1))
def test_organisation_body_for_stays_in_charset(serial):
    body = organisation_body_for(serial)
    assert len(body) == 8
    assert set(body) <= set(CHARSET)


@given(st.integers(0, ORGANISATION_BODY_SPACE - 1), st.sampled_from(ENTITY_TYPES), st.sampled_from(REGIONS))
def test_every_issued_code_validates(serial, entity_type, region):
    code = make_uscc(*uscc_prefix_for(entity_type), region, organisation_body_for(serial))
    assert validate_uscc(code) == []
    assert stdnum_uscc.is_valid(code)


@given(st.text(GB11714, min_size=8, max_size=8))
def test_organisation_check_digit_satisfies_gb11714_equation(body):
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    digit = organisation_check_digit(body)
    value = 10 if digit == "X" else int(digit)
    assert (sum(GB11714.index(c) * w for c, w in zip(body, weights, strict=True)) + value) % 11 == 0


@given(st.text(CHARSET, min_size=17, max_size=17))
def test_check_char_agrees_with_stdnum(first17):
    assert uscc_check_char(first17) == stdnum_uscc.calc_check_digit(first17)


issued_codes = st.builds(
    lambda serial, entity_type, region: make_uscc(*uscc_prefix_for(entity_type), region, organisation_body_for(serial)),
    st.integers(0, ORGANISATION_BODY_SPACE - 1),
    st.sampled_from(ENTITY_TYPES),
    st.sampled_from(REGIONS),
)


@given(issued_codes, st.integers(0, 17), st.sampled_from(CHARSET))
def test_any_single_substitution_is_caught(code, position, replacement):
    if replacement == code[position]:
        replacement = CHARSET[(CHARSET.index(replacement) + 1) % 31]
    changed = code[:position] + replacement + code[position + 1 :]
    assert validate_uscc(changed) != []


def test_authority_table_covers_market_regulation_kinds():
    assert AUTHORITY_KINDS["9"] == frozenset("123")


# --- issue 10: codes registered by development-zone offices

@pytest.mark.parametrize("code", [
    "911103027404017237",  # 中芯国际 (issue 10), office 110302 北京经济技术开发区
    "91110302562134916R",  # 京东 (issue 10), office 110302 北京经济技术开发区
])
def test_issue_development_zone_codes_validate(code):
    assert stdnum_uscc.is_valid(code)
    assert validate_uscc(code) == []


@pytest.mark.parametrize("office", ["110302", "320594", "610131", "210231", "320192", "133100"])
def test_issue_any_well_formed_office_code_validates(office):
    assert is_office_code(office)
    assert validate_uscc(_code("91" + office + "MA4F0001")) == []


@pytest.mark.parametrize("office", ["999999", "000000", "990101", "10000A", "11030"])
def test_office_code_under_no_province_is_refused(office):
    assert not is_office_code(office)


offices = st.builds(lambda province, rest: province + rest,
                    st.sampled_from(["11", "13", "21", "32", "42", "44", "61", "65", "81", "82"]),
                    st.text("0123456789", min_size=4, max_size=4))


@given(offices, st.text(CHARSET, min_size=8, max_size=8), st.integers(0, 17), st.sampled_from(CHARSET))
def test_check_characters_stay_strict_whatever_the_office(office, body, position, replacement):
    code = _code("91" + office + body)
    assert validate_uscc(code) == []
    if replacement == code[position]:
        replacement = CHARSET[(CHARSET.index(replacement) + 1) % 31]
    changed = code[:position] + replacement + code[position + 1:]
    assert validate_uscc(changed) != []


@pytest.mark.parametrize("region", ["110103", "110302", "420301", "830000"])
def test_issue_codes_are_issued_only_under_regions_in_use(region):
    # 110103 崇文区 was abolished in 2010; 110302 is an office code, no GB/T 2260 region;
    # 420301 is the filler row 市辖区; 830000 is no GB/T 2260 code.
    assert not is_issuable_region(region)
    with pytest.raises(ValueError):
        make_uscc("9", "1", region, "MA4F0001")


def test_the_national_code_and_current_counties_are_issuable():
    assert is_issuable_region("100000") and is_issuable_region("420324") and is_issuable_region("110105")
