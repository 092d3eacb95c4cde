import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric
from stdnum.iso7064 import mod_11_2

from app.rules.id_number import (
    ADULT_AGE,
    birth_date,
    birthday_in,
    check_char,
    id_problems,
    is_adult_on,
    is_mobile_phone,
    is_valid_id,
    mask_id,
    normalise_id,
)

API_EXAMPLES = ("420324199001011235", "420324199202025676", "42032419850315002X")
DIGITS = "0123456789"


def _with_check(first17: str) -> str:
    return first17 + check_char(first17)


@pytest.mark.parametrize("number", API_EXAMPLES)
def test_api_examples_are_valid(number):
    assert id_problems(number) == []
    assert is_valid_id(number)


def test_code_assigned_after_birth_year_is_accepted_unlike_stdnum():
    # stdnum refuses it because 420324 dates from 1994; the ID is real all the same.
    assert not ric.is_valid("420324199001011235")
    assert is_valid_id("420324199001011235")


def test_check_char_values():
    assert check_char("42032419900101123") == "5"
    assert check_char("42032419850315002") == "X"
    assert check_char("11010519491231002") == "X"


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("42032419900101123", "length"),
        ("4203241990010112355", "length"),
        ("", "length"),
        ("42032419900101123A", "format"),
        ("42032419850315002x", "format"),
        ("4203241990010112 5", "format"),
        ("４２０３２４199001011235", "format"),
        ("42032419900101123\n", "format"),
        ("420324199001011236", "check_char"),
    ],
)
def test_single_problem(number, problem):
    assert id_problems(number) == [problem]


def test_unknown_region():
    assert id_problems(_with_check("99999919900101123")) == ["region"]


@pytest.mark.parametrize("born", ["19000229", "19901301", "19900230", "18991231", "00000000"])
def test_birth_date_must_be_real_and_not_before_1900(born):
    assert id_problems(_with_check("420324" + born + "123")) == ["birth_date"]


def test_birth_date_boundaries():
    assert id_problems(_with_check("42032419000101123")) == []
    assert id_problems(_with_check("42032420000229123")) == []


def test_birth_date_in_the_future():
    today = datetime.date(2026, 5, 1)
    assert id_problems(_with_check("42032420260501123"), today=today) == []
    assert id_problems(_with_check("42032420260502123"), today=today) == ["birth_date"]


def test_several_problems_at_once():
    assert id_problems("999999199013011230") == ["region", "birth_date", "check_char"]


def test_birth_date_reads_positions_7_to_14():
    assert birth_date("420324199001011235") == datetime.date(1990, 1, 1)
    assert birth_date("420324199002301235") is None


def test_normalise_id():
    assert normalise_id(" 42032419850315002x ") == "42032419850315002X"
    assert normalise_id("420324 19900101 1235") == "420324199001011235"


def test_check_char_rejects_bad_input():
    for first17 in ("4203241990010112", "42032419900101123X", "４２０３２４19900101123"):
        with pytest.raises(ValueError):
            check_char(first17)


def test_masks():
    assert mask_id("420324199001011235") == "4203**********1235"
    assert mask_id("42032419850315002X") == "4203**********002X"
    assert mask_id("1234") == "****"


def test_masks_hide_birth_date_and_middle_digits():
    assert "19900101" not in mask_id("420324199001011235")


@pytest.mark.parametrize("phone", ["13800000000", "19912345678", "15012345678"])
def test_mobile_phone_accepted(phone):
    assert is_mobile_phone(phone)


@pytest.mark.parametrize(
    "phone", ["12800000000", "1380000000", "138000000000", "23800000000", "1380000000a", "13800000000\n", ""]
)
def test_mobile_phone_refused(phone):
    assert not is_mobile_phone(phone)


first17s = st.tuples(
    st.sampled_from(["420324", "110101", "110103", "440305", "650102"]),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31)),
    st.text(DIGITS, min_size=3, max_size=3),
).map(lambda parts: parts[0] + parts[1].strftime("%Y%m%d") + parts[2])


@given(first17s)
def test_every_number_with_its_check_char_is_valid(first17):
    assert is_valid_id(_with_check(first17))


@given(first17s)
def test_check_char_agrees_with_stdnum(first17):
    assert check_char(first17) == mod_11_2.calc_check_digit(first17)


@given(first17s, st.integers(0, 17), st.sampled_from(DIGITS + "X"))
def test_any_single_substitution_is_caught(first17, position, replacement):
    number = _with_check(first17)
    if position < 17 and replacement == "X":
        replacement = "0"
    if replacement == number[position]:
        replacement = DIGITS[(DIGITS.index(replacement) + 1) % 10] if replacement != "X" else "0"
    changed = number[:position] + replacement + number[position + 1 :]
    assert changed != number
    assert not is_valid_id(changed)


# --- issue 10: people

def test_issue_lower_case_final_x_is_accepted_once_normalised():
    assert normalise_id("42032419850315002x") == "42032419850315002X"
    assert id_problems(normalise_id("42032419850315002x")) == []
    assert is_adult_on("42032419850315002x", datetime.date(2026, 5, 1))


@pytest.mark.parametrize("code", ["810000", "820000", "830000"])
def test_issue_hong_kong_macao_and_taiwan_residence_permits_alike(code):
    assert id_problems(_with_check(code + "19900101123")) == []


def test_issue_a_ten_year_old_is_no_legal_representative():
    assert not is_adult_on(_with_check("42032420160101123"), datetime.date(2026, 5, 1))


def test_issue_a_newborn_is_no_legal_representative():
    assert not is_adult_on(_with_check("42032420260430123"), datetime.date(2026, 5, 1))


def test_an_adult_is():
    assert is_adult_on("420324199001011235", datetime.date(2026, 5, 1))


def test_eighteen_on_the_birthday_not_the_day_before():
    number = _with_check("42032420080501123")
    assert not is_adult_on(number, datetime.date(2026, 4, 30))
    assert is_adult_on(number, datetime.date(2026, 5, 1))


def test_born_on_29_february_is_eighteen_on_28_february():
    number = _with_check("42032420080229123")
    assert not is_adult_on(number, datetime.date(2026, 2, 27))
    assert is_adult_on(number, datetime.date(2026, 2, 28))


def test_no_birth_date_is_no_adult():
    assert not is_adult_on(_with_check("42032419901301123"), datetime.date(2026, 5, 1))


births = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2030, 12, 31))


@given(births)
def test_adult_from_the_eighteenth_birthday_on(born):
    number = _with_check("420324" + born.strftime("%Y%m%d") + "123")
    eighteenth = birthday_in(born, ADULT_AGE)
    assert is_adult_on(number, eighteenth)
    assert not is_adult_on(number, eighteenth - datetime.timedelta(days=1))
    assert is_adult_on(number, eighteenth + datetime.timedelta(days=365))


@given(births, st.integers(0, 120))
def test_birthday_in_is_the_same_day_and_month_or_28_february(born, years):
    day = birthday_in(born, years)
    assert day.year == born.year + years
    assert (day.month, day.day) == (born.month, born.day) or (born.month, born.day, day.month, day.day) == (2, 29, 2, 28)
