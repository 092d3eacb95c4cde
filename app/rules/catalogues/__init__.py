"""Catalogues the one form draws on: business scope, forbidden words, industry terms.

Each is a UTF-8 text file next to this module; lines starting with # are comments. The business
scope may instead come from a centre's own fuller copy (`flask catalogue load`, app/cli/catalogue.py):
`use_scope_catalogue` names that file, and every read checks whether it has changed, so a copy
loaded while the web and worker processes run is used by them at once, with no restart.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SCOPE_FILE = "business_scope.txt"
# 改革方式 of the 证照分离 list (国发〔2021〕7号): "实行告知承诺" → 告知承诺, "优化审批服务" → 审批.
ROUTES = ("告知承诺", "审批")
LICENSED_FLAGS = {"yes": True, "no": False}


def N_(message: str) -> str:
    """Marks a message for extraction and returns it as it is: the layer that shows it translates."""
    return message


@dataclass(frozen=True)
class ScopeItem:
    """One standard business-scope phrase (经营范围规范表述), and for a 许可项目 the permit it needs."""

    category: str
    phrase: str
    licensed: bool  # 许可项目: needs a permit before operating; else 一般项目
    permit: str | None = None  # e.g. 食品经营许可证
    authority: str | None = None  # who grants it, e.g. 县级市场监督管理部门
    route: str | None = None  # 告知承诺 or 审批


class CatalogueError(ValueError):
    """A scope catalogue that cannot be used: each problem as (line number, message, params)."""

    def __init__(self, problems: list[tuple[int, str, dict]]):
        super().__init__("; ".join(f"{line}: {message % params}" for line, message, params in problems))
        self.problems = problems


def _line_problems(fields: list[str], seen: set[str]) -> list[tuple[str, dict]]:
    """What is wrong with one catalogue row (empty when it is a good row)."""
    if len(fields) not in (3, 6):
        return [(N_("应为3列（类别、表述、是否许可）或6列（另加许可证、审批部门、办理方式），实为%(n)d列"),
                 {"n": len(fields)})]
    category, phrase, licensed, *permit = fields
    problems: list[tuple[str, dict]] = []
    if not category.strip() or not phrase.strip() or phrase != phrase.strip():
        problems.append((N_("类别和表述不能为空，表述前后不能有空格"), {}))
    if phrase in seen:
        problems.append((N_("表述“%(phrase)s”重复"), {"phrase": phrase}))
    if licensed not in LICENSED_FLAGS:
        problems.append((N_("是否许可应为 yes 或 no，实为“%(value)s”"), {"value": licensed}))
    elif LICENSED_FLAGS[licensed] and not (permit and all(value.strip() for value in permit)):
        problems.append((N_("许可项目“%(phrase)s”须写明许可证、审批部门和办理方式"), {"phrase": phrase}))
    elif not LICENSED_FLAGS[licensed] and any(value.strip() for value in permit):
        problems.append((N_("一般项目“%(phrase)s”不应写许可证"), {"phrase": phrase}))
    if permit and permit[2].strip() and permit[2] not in ROUTES:
        problems.append((N_("办理方式应为“告知承诺”或“审批”，实为“%(value)s”"), {"value": permit[2]}))
    return problems


def parse_scope_catalogue(text: str) -> tuple[ScopeItem, ...]:
    """Every row of a scope catalogue, or CatalogueError naming each bad line (numbered from 1)."""
    items: list[ScopeItem] = []
    seen: set[str] = set()
    problems: list[tuple[int, str, dict]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        found = _line_problems(fields, seen)
        problems.extend((number, message, params) for message, params in found)
        if found:
            continue
        category, phrase, licensed, *permit = fields
        seen.add(phrase)
        permit_fields = permit if LICENSED_FLAGS[licensed] else [None, None, None]
        items.append(ScopeItem(category, phrase, LICENSED_FLAGS[licensed], *permit_fields))
    if not items and not problems:
        problems.append((0, N_("目录中没有任何经营范围表述"), {}))
    if problems:
        raise CatalogueError(problems)
    return tuple(items)


_centre_copy: Path | None = None  # a centre's own catalogue, if it has loaded one (used once it exists)
_loaded: dict[tuple, tuple[tuple[ScopeItem, ...], dict[str, ScopeItem]]] = {}


def use_scope_catalogue(path: str | Path | None) -> None:
    """Read the business scope from this file whenever it exists (else the catalogue shipped here)."""
    global _centre_copy
    _centre_copy = Path(path) if path else None


def _scope_source() -> tuple[tuple, str | None]:
    """A key that changes when the catalogue in use changes, and the centre copy's path if it is in use."""
    if _centre_copy is not None:
        try:
            stat = _centre_copy.stat()
        except FileNotFoundError:
            return ("packaged",), None
        return (str(_centre_copy), stat.st_ino, stat.st_mtime_ns, stat.st_size), str(_centre_copy)
    return ("packaged",), None


def _rows(filename: str) -> list[list[str]]:
    text = importlib.resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def packaged_scope_text() -> str:
    """The catalogue shipped with the code, as text."""
    return importlib.resources.files(__package__).joinpath(SCOPE_FILE).read_text(encoding="utf-8")


def _scope_catalogue() -> tuple[tuple[ScopeItem, ...], dict[str, ScopeItem]]:
    """The catalogue in use and its phrase index, read once per version of the file."""
    key, centre_path = _scope_source()
    if key not in _loaded:
        text = Path(centre_path).read_text(encoding="utf-8") if centre_path else packaged_scope_text()
        items = parse_scope_catalogue(text)
        _loaded.clear()
        _loaded[key] = items, {item.phrase: item for item in items}
    return _loaded[key]


def scope_items() -> tuple[ScopeItem, ...]:
    """Every business-scope phrase with its category and, for a 许可项目, its permit."""
    return _scope_catalogue()[0]


def business_scope() -> list[tuple[str, str]]:
    """(category, phrase) pairs in catalogue order (a fresh list; the file is read once)."""
    return [(item.category, item.phrase) for item in scope_items()]


def scope_item(phrase: str) -> ScopeItem | None:
    """The catalogue's entry for a phrase exactly as written there, or None."""
    return _scope_catalogue()[1].get(phrase)


def is_business_scope(phrase: str) -> bool:
    """Whether the phrase is in the catalogue, exactly as written there."""
    return scope_item(phrase) is not None


def is_licensed_scope(phrase: str) -> bool:
    """Whether a catalogue phrase is a 许可项目; KeyError for a phrase not in the catalogue."""
    item = scope_item(phrase)
    if item is None:
        raise KeyError(phrase)
    return item.licensed


@cache
def forbidden_words() -> dict[str, str]:
    """Word → category (restricted, party_government, foreign_state, …) for enterprise names."""
    return {word: category for word, category in _rows("forbidden_words.txt")}


@cache
def industry_terms() -> frozenset[str]:
    """Industry terms that cannot serve as a trade name on their own."""
    return frozenset(row[0].strip() for row in _rows("industry_terms.txt"))
