"""Seal kinds and their specifications (印章规格), as data."""

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Literal


class SealKind(StrEnum):
    """The seals an enterprise gets at opening; values are the codes used everywhere."""

    OFFICIAL = "official"  # 公章
    FINANCE = "finance"  # 财务专用章
    INVOICE = "invoice"  # 发票专用章
    LEGAL_REP = "legal_rep"  # 法人名章
    CONTRACT = "contract"  # 合同专用章


Shape = Literal["round", "oval", "square"]
# What sits in the middle of the impression.
Centre = Literal["star", "taxpayer_id", "person_name"]


@dataclass(frozen=True)
class SealSpec:
    """How one kind of seal looks: outline, size and where each text goes."""

    kind: SealKind
    label: str
    shape: Shape
    width_mm: float
    height_mm: float
    border_mm: float
    star: bool
    centre: Centre
    # The company name runs along the upper arc of round and oval seals.
    name_on_upper_arc: bool
    # Fixed words set straight under the centre, e.g. "发票专用章".
    caption: str | None
    # The police-filed seal code (印章编码) runs along the bottom arc.
    code_on_bottom_arc: bool


# 股份有限公司 (joint-stock companies) use a 42 mm 公章.
JOINT_STOCK_OFFICIAL_MM = 42.0

SPECS: dict[SealKind, SealSpec] = {
    SealKind.OFFICIAL: SealSpec(
        kind=SealKind.OFFICIAL, label="公章", shape="round", width_mm=40, height_mm=40,
        border_mm=1.0, star=True, centre="star", name_on_upper_arc=True, caption=None,
        code_on_bottom_arc=True,
    ),
    # Round 38 mm rather than the older 22 mm square: it is the form most provincial seal
    # rules and carving shops show today, and it has room for the seal code like the 公章.
    SealKind.FINANCE: SealSpec(
        kind=SealKind.FINANCE, label="财务专用章", shape="round", width_mm=38, height_mm=38,
        border_mm=1.0, star=True, centre="star", name_on_upper_arc=True, caption="财务专用章",
        code_on_bottom_arc=True,
    ),
    SealKind.INVOICE: SealSpec(
        kind=SealKind.INVOICE, label="发票专用章", shape="oval", width_mm=40, height_mm=30,
        border_mm=1.0, star=False, centre="taxpayer_id", name_on_upper_arc=True,
        caption="发票专用章", code_on_bottom_arc=False,
    ),
    SealKind.LEGAL_REP: SealSpec(
        kind=SealKind.LEGAL_REP, label="法人名章", shape="square", width_mm=20, height_mm=20,
        border_mm=1.0, star=False, centre="person_name", name_on_upper_arc=False, caption=None,
        code_on_bottom_arc=False,
    ),
    SealKind.CONTRACT: SealSpec(
        kind=SealKind.CONTRACT, label="合同专用章", shape="round", width_mm=40, height_mm=40,
        border_mm=1.0, star=True, centre="star", name_on_upper_arc=True, caption="合同专用章",
        code_on_bottom_arc=True,
    ),
}

def spec_for(kind: SealKind | str, joint_stock: bool = False) -> SealSpec:
    """The specification of a seal kind; a joint-stock company's 公章 is 42 mm."""
    spec = SPECS[SealKind(kind)]
    if joint_stock and spec.kind is SealKind.OFFICIAL:
        return replace(spec, width_mm=JOINT_STOCK_OFFICIAL_MM, height_mm=JOINT_STOCK_OFFICIAL_MM)
    return spec
