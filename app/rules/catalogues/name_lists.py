"""The word lists the name rules draw on beside forbidden_words.txt and industry_terms.txt.

Each is a UTF-8 text file next to this module, its source said in its header (lines starting
with #): foreign_states.txt, region_words_with_other_meaning.txt, well_known_trade_names.txt,
industry_groups.txt, near_shapes.txt.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from functools import cache

from app.rules import catalogues


def _rows(filename: str) -> list[list[str]]:
    text = importlib.resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def foreign_states() -> frozenset[str]:
    """Chinese names of foreign states and regions, full and short (法兰西共和国, 法兰西, 法国)."""
    return frozenset(row[0] for row in _rows("foreign_states.txt"))


@cache
def forbidden_words() -> dict[str, str]:
    """Every word a name may not contain → its category: forbidden_words.txt and the foreign states."""
    words = dict(catalogues.forbidden_words())
    for name in sorted(foreign_states()):
        words.setdefault(name, "foreign_state")
    return words


@cache
def region_words_with_other_meaning() -> frozenset[str]:
    """Region names that may stand as a trade name because they are also ordinary words (另有含义)."""
    return frozenset(row[0] for row in _rows("region_words_with_other_meaning.txt"))


@dataclass(frozen=True)
class WellKnownName:
    """A trade name that stands for one enterprise in the public's mind."""

    trade_name: str
    enterprise: str
    basis: str


@cache
def well_known_trade_names() -> tuple[WellKnownName, ...]:
    return tuple(WellKnownName(*row) for row in _rows("well_known_trade_names.txt"))


@cache
def industry_groups() -> dict[str, str]:
    """Industry phrase → the group of phrases that mean the same trade."""
    return {phrase: group for phrase, group in _rows("industry_groups.txt")}


@cache
def near_shape_groups() -> dict[str, frozenset[str]]:
    """Character → the characters that look like it (itself included), from near_shapes.txt."""
    groups: dict[str, frozenset[str]] = {}
    for (line,) in _rows("near_shapes.txt"):
        members = frozenset(line.strip())
        for character in members:
            groups[character] = groups.get(character, frozenset()) | members
    return groups
