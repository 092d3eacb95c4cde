"""Same and near names (企业名称相同相近比对): a proposed name against the names already held.

The law, in the order the checks apply:
- 企业名称登记管理规定 (国务院令第734号, 2020) 第十七条: within one registration authority, a
  name may not take the trade name of another in the same trade (同行业) → `taken` (refused).
- 企业名称相同相近比对规则 (工商企注字〔2017〕133号) 第四条(一): the same trade name with an
  industry phrase worded differently but meaning the same (万青地产 / 万青房地产) is the same
  trade → also `taken`.
- 比对规则 第四条(二): a trade name that sounds the same (字音相同) in the same trade, and, by
  规定 第十一条(八) (可能使公众受骗或者产生误解), one that looks the same (形近) or has the same
  characters in another order (帆云 / 云帆) → `similar_name` (a warning naming the other name).

Everything here is pure: the caller brings the names it holds as `HeldName`s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from pypinyin import Style, pinyin

from app.rules import names
from app.rules.catalogues import name_lists
from app.rules.names import N_, NameProblem

TAKEN = "taken"
SIMILAR = "similar_name"

# Why a held name is near: the basis of a similar_name warning.
HOMOPHONE = "homophone"
NEAR_SHAPE = "near_shape"
REORDERED = "reordered"

_TAKEN_MESSAGE = N_("同一登记机关辖区内同行业已有字号“%(trade_name)s”的企业名称‘%(name)s’，请更换字号")
_SIMILAR_MESSAGES = {
    HOMOPHONE: N_("与已登记的‘%(name)s’读音相同，可能被认定为近似名称"),
    NEAR_SHAPE: N_("与已登记的‘%(name)s’字形相近，可能被认定为近似名称"),
    REORDERED: N_("与已登记的‘%(name)s’字号用字相同、顺序不同，可能被认定为近似名称"),
}
_SIMILAR_UNSAID = N_("与已登记的‘%(name)s’相近，可能被认定为近似名称")  # a registry that gives no basis

# Characters a suggestion adds after the trade name, and other trades it may offer, in order.
SUGGESTION_CHARACTERS = "达创盛启航源泰瑞"
SUGGESTION_INDUSTRIES = ("科技", "商贸", "文化传媒", "咨询", "餐饮管理")
SUGGESTIONS_MAX = 5


@dataclass(frozen=True)
class HeldName:
    """A name the registry holds (registered or reserved): its parts and its full name."""

    area: str  # names.name_key's registration area ("竹溪")
    trade_name: str
    industry: str
    full_name: str


@dataclass(frozen=True)
class Conflict:
    """A held name the proposed one cannot stand beside (TAKEN) or is near to (SIMILAR)."""

    code: str
    basis: str | None  # HOMOPHONE, NEAR_SHAPE or REORDERED for SIMILAR
    held: HeldName

    def problem(self) -> NameProblem:
        """The conflict as a name problem: refused when taken, a warning when similar."""
        if self.code == TAKEN:
            return taken_problem(self.held.trade_name, self.held.full_name)
        return similar_problem(self.basis or HOMOPHONE, self.held.full_name)


def taken_problem(trade_name: str, other: str) -> NameProblem:
    """规定 第十七条: the trade name is held in the same trade by `other` (a full name) — refused."""
    return NameProblem(TAKEN, _TAKEN_MESSAGE, {"trade_name": trade_name, "name": other},
                       level=names.REFUSE, conflicts_with=other)


def similar_problem(basis: str, other: str) -> NameProblem:
    """A near name to `other` (a full name), for the basis given — a warning."""
    return NameProblem(SIMILAR, _SIMILAR_MESSAGES.get(basis, _SIMILAR_UNSAID), {"name": other},
                       level=names.WARN, conflicts_with=other)


def held_name_from_key(name_key: str, full_name: str) -> HeldName:
    """A HeldName from names.name_key's "area|trade name|industry" and the full name."""
    area, trade_name, industry = name_key.split("|")
    return HeldName(area, trade_name, industry, full_name)


@cache
def readings(character: str) -> frozenset[str]:
    """Every pinyin reading of a character, without tones (行 → xing, hang, heng)."""
    return frozenset(pinyin(character, style=Style.NORMAL, heteronym=True)[0])


def same_pronunciation(first: str, second: str) -> bool:
    """比对规则 第四条(二) 字音相同: character by character, some reading in common (tones aside)."""
    return len(first) == len(second) and all(readings(a) & readings(b) for a, b in zip(first, second, strict=True))


def _looks_alike(first: str, second: str) -> bool:
    return first == second or second in name_lists.near_shape_groups().get(first, frozenset())


def near_shape(first: str, second: str) -> bool:
    """Different trade names whose characters differ only by look-alikes (土/士, 师/帅) — 形近."""
    return (first != second and len(first) == len(second)
            and all(_looks_alike(a, b) for a, b in zip(first, second, strict=True)))


def reordered(first: str, second: str) -> bool:
    """The same characters in another order (帆云 / 云帆)."""
    return first != second and sorted(first) == sorted(second)


def same_trade(first: str, second: str) -> bool:
    """Whether two industry phrases are one trade (同行业): equal, of one group in industry_groups.txt,
    or one ending with the other (网络科技 / 科技, 房地产 / 地产). An empty phrase (不使用行业表述)
    is every trade (规定 第十七条)."""
    first, second = first.strip(), second.strip()
    if not first or not second or first == second:
        return True
    groups = name_lists.industry_groups()
    if first in groups and groups.get(first) == groups.get(second):
        return True
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) >= 2 and longer.endswith(shorter)


def compare(trade_name: str, industry: str, held: HeldName) -> Conflict | None:
    """How the proposed trade name and industry stand to one held name of the same area."""
    if not same_trade(industry, held.industry):
        return None
    other = held.trade_name
    if trade_name == other:
        return Conflict(TAKEN, None, held)
    if same_pronunciation(trade_name, other):
        return Conflict(SIMILAR, HOMOPHONE, held)
    if near_shape(trade_name, other):
        return Conflict(SIMILAR, NEAR_SHAPE, held)
    if reordered(trade_name, other):
        return Conflict(SIMILAR, REORDERED, held)
    # Position by position, a mix of homophones and look-alikes is near too (士凡 / 土帆).
    if len(trade_name) == len(other) and all(readings(a) & readings(b) or _looks_alike(a, b)
                                             for a, b in zip(trade_name, other, strict=True)):
        return Conflict(SIMILAR, NEAR_SHAPE, held)
    return None


def conflicts(area: str, trade_name: str, industry: str, held: Iterable[HeldName]) -> list[Conflict]:
    """Every held name of the same area the proposed one is taken by or near to: taken first."""
    trade_name, industry = trade_name.strip(), industry.strip()
    found = [c for h in held if h.area == area and (c := compare(trade_name, industry, h)) is not None]
    return sorted(found, key=lambda c: (c.code != TAKEN, c.held.full_name))


def suggestion_candidates(trade_name: str, industry: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(trade name, industry) variants to offer when a name cannot be had: the trade name with a
    character added, and the trade name in other trades. The caller keeps those that pass every
    rule and meet no held name."""
    trade_name, industry = trade_name.strip(), industry.strip()
    longer = [(trade_name + c, industry) for c in SUGGESTION_CHARACTERS if c not in trade_name]
    other_trades = [(trade_name, other) for other in SUGGESTION_INDUSTRIES if not same_trade(other, industry)]
    return longer, other_trades


def suggestions(region: str, trade_name: str, industry: str, org_form: str, entity_type: str,
                held: Iterable[HeldName]) -> list[str]:
    """Up to SUGGESTIONS_MAX full names that break no rule, draw no warning and meet no held name of
    the area: the trade name lengthened first, then (at most two) the trade name in another trade."""
    held = list(held)
    area = names.registration_area_of(region)

    def usable(variants: list[tuple[str, str]], wanted: int) -> list[str]:
        found: list[str] = []
        for candidate_trade, candidate_industry in variants:
            if len(found) == wanted:
                break
            if (names.name_problems(region, candidate_trade, candidate_industry, org_form, entity_type)
                    or names.name_warnings(candidate_trade)
                    or conflicts(area, candidate_trade, candidate_industry, held)):
                continue
            found.append(names.full_name(region, candidate_trade, candidate_industry, org_form))
        return found

    longer, other_trades = suggestion_candidates(trade_name, industry)
    offered = usable(other_trades, 2)
    return usable(longer, SUGGESTIONS_MAX - len(offered)) + offered
