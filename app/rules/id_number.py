"""Resident identity card number (公民身份号码), GB 11643-1999, the age it tells, and phone helpers."""

from __future__ import annotations

import datetime
import re

from app.rules import regions

# ISO 7064 MOD 11-2 weights, 2^(17-i) mod 11.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_FORMAT = re.compile(r"[0-9]{17}[0-9X]")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_EARLIEST_BIRTH = datetime.date(1900, 1, 1)

# 港澳台居民居住证 (《港澳台居民居住证申领发放办法》, 国办发〔2018〕81号): the number has the
# shape of a resident's, with the address code 810000 (香港), 820000 (澳门) or 830000 (台湾).
# 810000 and 820000 are GB/T 2260 codes; 830000 is in no edition of it (台湾省 is 710000).
RESIDENCE_PERMIT_CODES = frozenset({"810000", "820000", "830000"})

# 民法典 第十七条: 十八周岁以上的自然人为成年人; 第十八条: 成年人为完全民事行为能力人.
ADULT_AGE = 18


def check_char(first17: str) -> str:
    """The 18th character for the first 17 digits."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError(f"expected 17 digits: {first17!r}")
    return _CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def normalise_id(number: str) -> str:
    """The number as people type it → canonical form (no spaces, upper-case X)."""
    return "".join(number.split()).upper()


def birth_date(number: str) -> datetime.date | None:
    """The birth date in positions 7–14, or None when it is not a real date."""
    try:
        return datetime.datetime.strptime(number[6:14], "%Y%m%d").date()
    except ValueError:
        return None


def id_problems(number: str, today: datetime.date | None = None) -> list[str]:
    """Problem codes for an 18-character ID number in canonical form; empty when valid.

    Region codes are accepted whatever year they were assigned in: the number keeps the
    code of the place of birth registration, even after the area was renamed or merged.
    """
    if len(number) != 18:
        return ["length"]
    if not _FORMAT.fullmatch(number):
        return ["format"]
    problems = []
    if not (regions.is_region_code(number[:6]) or number[:6] in RESIDENCE_PERMIT_CODES):
        problems.append("region")
    born = birth_date(number)
    if born is None or born < _EARLIEST_BIRTH or born > (today or datetime.date.today()):
        problems.append("birth_date")
    if check_char(number[:17]) != number[17]:
        problems.append("check_char")
    return problems


def birthday_in(born: datetime.date, years: int) -> datetime.date:
    """The day one born on `born` turns `years` old. Born on 29 February: 28 February in a common
    year (民法典 第二百零一条: 没有对应日的，月末日为期间的最后一日)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return datetime.date(born.year + years, 2, 28)


def is_adult_on(number: str, day: datetime.date) -> bool:
    """Whether the holder of the ID number is 18 or over on `day` (民法典 第十七条、第十八条): from the
    18th birthday on. False when the number carries no real birth date. A shareholder may be a
    minor; a legal representative may not (公司法 第十条、第一百七十八条: a person without full
    capacity for civil conduct cannot be one)."""
    born = birth_date(normalise_id(number))
    return born is not None and day >= birthday_in(born, ADULT_AGE)


def is_valid_id(number: str) -> bool:
    """Whether the ID number has no problems."""
    return not id_problems(number)


def mask_id(number: str) -> str:
    """Keep the first and last four characters: "4203**********1235"."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def is_mobile_phone(phone: str) -> bool:
    """Mainland mobile number: 11 digits starting 13–19."""
    return bool(_MOBILE.fullmatch(phone))
