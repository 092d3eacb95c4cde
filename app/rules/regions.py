"""GB/T 2260 administrative division codes and names (行政区划代码).

The data is python-stdnum's ``stdnum/cn/loc.dat`` (compiled from the published code lists),
so nobody types region names by hand. Its lines look like::

    42 province="湖北省"
      0300 county="十堰市"
      0324 county="[1994-]竹溪县"
      0110 county="[-1991]东郊区,[1992-]东丽区"

A code may carry several names over time; ``[start-end]`` gives the years of each, and an
open end (or no range) means the name is current.
"""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass
from functools import cache

# Positions 3–8 of a credit code registered by the State Administration for Market
# Regulation itself: a national code, not a GB/T 2260 division, but real and valid.
NATIONAL_CODE = "100000"

# Filler rows of the code list ("市辖区" under a city, "县" under a municipality, ...): they
# group counties but are no part of anyone's address.
_PLACEHOLDERS = frozenset({
    "市辖区", "县", "郊区", "省直辖县级行政单位", "省直辖行政单位", "自治区直辖县级行政单位",
    "省直辖县级行政区划", "自治区直辖县级行政区划",
})

# Longest first, so that "自治县" is stripped before "县".
_SUFFIXES = (
    "特别行政区", "特別行政區", "自治区", "自治州", "自治县", "自治旗", "地区",
    "特区", "新区", "省", "市", "县", "区", "盟", "旗",
)

# Ethnic groups named in autonomous areas ("恩施土家族苗族自治州" → "恩施"); stems without 族
# also occur ("新疆维吾尔自治区").
_ETHNIC_GROUPS = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家",
    "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇",
    "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
    "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
    "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各",
)
_ETHNIC_SUFFIX = re.compile("(?:" + "|".join(sorted(_ETHNIC_GROUPS, key=len, reverse=True)) + ")族?$")

_RANGE = re.compile(r"^\[(\d*)-(\d*)\](.*)$")
_LINE = re.compile(r'^(\s*)(\d+) (province|county)="([^"]*)"')


@dataclass(frozen=True)
class RegionName:
    """One name a code carried, with the years it was in use (None = open)."""

    name: str
    since: int | None
    until: int | None

    @property
    def current(self) -> bool:
        return self.until is None


def _parse_names(field: str) -> tuple[RegionName, ...]:
    names = []
    for part in field.split(","):
        match = _RANGE.match(part)
        if match:
            since, until, name = match.groups()
            names.append(RegionName(name, int(since) if since else None, int(until) if until else None))
        else:
            names.append(RegionName(part, None, None))
    return tuple(names)


@cache
def _table() -> dict[str, tuple[RegionName, ...]]:
    """Every 6-digit code in the data file with the names it has carried."""
    table: dict[str, tuple[RegionName, ...]] = {}
    province = ""
    text = importlib.resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    for line in text.splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        indent, digits, kind, field = match.groups()
        if kind == "province" and not indent:
            province = digits
            table.setdefault(province + "0000", _parse_names(field))
        elif kind == "county" and len(digits) == 4:
            code = province + digits
            table[code] = table.get(code, ()) + _parse_names(field)
    return table


def _preferred(code: str) -> str | None:
    names = _table().get(code)
    if not names:
        return None
    current = [n for n in names if n.current]
    return (current or list(names))[-1].name


def is_region_code(code: str) -> bool:
    """Whether the 6-digit code exists in GB/T 2260 in any year (old IDs keep old codes)."""
    return len(code) == 6 and code.isascii() and code.isdigit() and code in _table()


def is_current_region_code(code: str) -> bool:
    """Whether the code stands for a place in GB/T 2260 today: it has a name in current use that is
    not a filler row ("市辖区"). An abolished code (110103, 崇文区 until 2010) is not current."""
    return is_region_code(code) and any(n.current and n.name not in _PLACEHOLDERS for n in _table()[code])


def is_province_code(digits: str) -> bool:
    """Whether two digits are a province-level division of GB/T 2260 (11 北京 … 82 澳门)."""
    return len(digits) == 2 and is_region_code(digits + "0000")


def county_name(code: str) -> str | None:
    """The name the code itself stands for ("420324" → "竹溪县"), current name preferred."""
    if not is_region_code(code):
        return None
    return _preferred(code)


def region_name(code: str) -> str | None:
    """Full name from province down ("420324" → "湖北省十堰市竹溪县")."""
    if not is_region_code(code):
        return None
    parts = [_preferred(code[:2] + "0000")]
    if code[2:] != "0000":
        city = _preferred(code[:4] + "00")
        if city and city not in _PLACEHOLDERS and city not in parts:
            parts.append(city)
        if code[4:] != "00":
            parts.append(_preferred(code))
    return "".join(p for p in parts if p)


def short_name(name: str) -> str:
    """A region name without its level ("竹溪县" → "竹溪", "广西壮族自治区" → "广西")."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                # Strip the groups one by one ("土家族苗族"), but never down to one character.
                while (match := _ETHNIC_SUFFIX.search(stem)) and match.start() >= 2:
                    stem = stem[: match.start()]
            return stem
    return name


@cache
def region_names() -> frozenset[str]:
    """Current names of provinces, cities and counties, in full and short form."""
    names: set[str] = set()
    for entries in _table().values():
        for entry in entries:
            if entry.current and entry.name not in _PLACEHOLDERS:
                names.add(entry.name)
                short = short_name(entry.name)
                if len(short) >= 2:
                    names.add(short)
    return frozenset(names)


def is_region_name(name: str) -> bool:
    """Whether a name (full, short or province-to-county) is a known region."""
    return name in region_names() or name in _code_by_full_name()


@cache
def _code_by_full_name() -> dict[str, str]:
    by_name: dict[str, str] = {}
    for code in sorted(_table()):
        full = region_name(code)
        if full:
            by_name.setdefault(full, code)
    return by_name


def registration_area(name: str) -> str:
    """The area a region name stands for, in short form ("湖北省十堰市竹溪县", "竹溪县" → "竹溪")."""
    code = _code_by_full_name().get(name)
    lowest = county_name(code) if code else name
    return short_name(lowest or name)
