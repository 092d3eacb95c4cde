"""Resident identity card number (公民身份号码), GB 11643-1999, and phone helpers."""

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
    if not regions.is_region_code(number[:6]):
        problems.append("region")
    born = birth_date(number)
    if born is None or born < _EARLIEST_BIRTH or born > (today or datetime.date.today()):
        problems.append("birth_date")
    if check_char(number[:17]) != number[17]:
        problems.append("check_char")
    return problems


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
