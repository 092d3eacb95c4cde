"""Catalogues the one form draws on: business scope, forbidden words, industry terms.

Each is a UTF-8 text file next to this module; lines starting with # are comments.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class ScopeItem:
    """One standard business-scope phrase (经营范围规范表述)."""

    category: str
    phrase: str
    licensed: bool  # 许可项目: needs an approval before operating; else 一般项目


def _rows(filename: str) -> list[list[str]]:
    text = importlib.resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def scope_items() -> tuple[ScopeItem, ...]:
    """Every business-scope phrase with its category and whether it needs a permit."""
    return tuple(ScopeItem(category, phrase, licensed == "yes") for category, phrase, licensed in _rows("business_scope.txt"))


def business_scope() -> list[tuple[str, str]]:
    """(category, phrase) pairs in catalogue order (a fresh list; the file is read once)."""
    return [(item.category, item.phrase) for item in scope_items()]


@cache
def _scope_by_phrase() -> dict[str, ScopeItem]:
    return {item.phrase: item for item in scope_items()}


def is_business_scope(phrase: str) -> bool:
    """Whether the phrase is in the catalogue, exactly as written there."""
    return phrase in _scope_by_phrase()


def is_licensed_scope(phrase: str) -> bool:
    """Whether a catalogue phrase is a 许可项目; KeyError for a phrase not in the catalogue."""
    return _scope_by_phrase()[phrase].licensed


@cache
def forbidden_words() -> dict[str, str]:
    """Word → category (restricted, party_government, foreign_state, …) for enterprise names."""
    return {word: category for word, category in _rows("forbidden_words.txt")}


@cache
def industry_terms() -> frozenset[str]:
    """Industry terms that cannot serve as a trade name on their own."""
    return frozenset(row[0].strip() for row in _rows("industry_terms.txt"))
