"""Which of the requested seals are free: the centre grants the first FREE_SEALS kinds of a fixed order."""

from dataclasses import dataclass

from seals.kinds import SealKind

# 公章, 财务专用章, 发票专用章 are the 210 standard's free set; centres that give a fourth add 法人名章.
GRANT_ORDER: tuple[SealKind, ...] = (SealKind.OFFICIAL, SealKind.FINANCE, SealKind.INVOICE,
                                      SealKind.LEGAL_REP, SealKind.CONTRACT)


@dataclass(frozen=True)
class SealGrant:
    """One seal to carve: its kind, its police-filed code and whether the centre pays for it."""

    kind: str
    code: str
    free: bool


def free_kinds(free_count: int) -> tuple[str, ...]:
    """The kinds a centre granting free_count seals pays for."""
    return tuple(kind.value for kind in GRANT_ORDER[:max(0, free_count)])


def grant_seals(requested: list[str], seal_codes: dict[str, str], free_count: int) -> list[SealGrant]:
    """The requested seals in grant order, each with its code (if the seal agency gave one) and price."""
    free = free_kinds(free_count)
    ordered = [kind.value for kind in GRANT_ORDER if kind.value in set(requested)]
    return [SealGrant(kind, seal_codes.get(kind, ""), kind in free) for kind in ordered]
