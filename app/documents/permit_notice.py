"""经营许可告知书: which 许可项目 of the licensed scope need a permit, from whom, by which route.

Given with the licence (证照分离, 国发〔2021〕7号): the licence lets the company exist; each item
below may be traded only once its permit is granted. One A4 page in the embedded Chinese font.
"""

from dataclasses import dataclass
from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from app.documents.licence import licence_date
from app.documents.prose import content_width, render, styles, table, text

# What the applicant does next, by the 改革方式 of the 证照分离 list (国发〔2021〕7号).
NEXT_STEP = {
    "告知承诺": "告知承诺：向审批部门提交申请并书面承诺已符合许可条件，材料齐全的当场或当日作出许可决定；"
                "承诺不实的，许可依法撤销并记入信用记录。",
    "审批": "审批：向审批部门提交申请材料，经审查（必要时现场核查）作出许可决定，取得许可证后方可开展该项经营。",
}
# 《无证无照经营查处办法》第二条、第五条、第十二条: trading a licensed item without the permit is 无证经营.
UNLAWFUL = ("依据《国务院关于深化“证照分离”改革进一步激发市场主体发展活力的通知》（国发〔2021〕7号），"
            "上列项目须依法取得许可后方可开展经营活动。未取得许可即从事上列经营活动的，属于无证经营，"
            "由审批部门依照《无证无照经营查处办法》查处。")


@dataclass(frozen=True)
class PermitNotice:
    company_name: str
    uscc: str
    number: str  # the application number
    authority: str  # the registration authority that gives the notice with the licence
    issued_on: date
    permits: list[dict[str, str]]  # permits_needed: scope, permit, authority, route
    centre: str  # where to ask: the centre's name and telephone


def permit_rows(permits: list[dict[str, str]]) -> list[list[str]]:
    rows = [["序号", "经营范围（许可项目）", "所需许可", "审批部门", "办理方式"]]
    return rows + [[str(n), p["scope"], p["permit"], p["authority"], p["route"]]
                   for n, p in enumerate(permits, start=1)]


def notice_styles(count: int) -> dict[str, ParagraphStyle]:
    """The prose styles, made smaller as the list of permits grows: the notice stays on one page up to
    the form's 30 items."""
    style = styles()
    if count <= 6:
        return style | {"row": style["cell"]}
    scale = 0.85 if count <= 14 else 0.72 if count <= 22 else 0.6
    return {name: ParagraphStyle(f"{name}-compact", parent=base, fontSize=base.fontSize * scale,
                                 leading=base.leading * scale, spaceBefore=base.spaceBefore * scale,
                                 spaceAfter=base.spaceAfter * scale)
            for name, base in (style | {"row": style["cell"]}).items()}


def permit_table(permits: list[dict[str, str]], row: ParagraphStyle, width: float) -> Table:
    grid = table(permit_rows(permits), [11 * mm, 46 * mm, 46 * mm, width - 121 * mm, 18 * mm], row, header=True)
    padding = 4 if len(permits) <= 6 else 1.5
    grid.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), padding),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), padding)]))
    return grid


def render_permit_notice(notice: PermitNotice) -> bytes:
    """告知书: the company, each permit with its authority and route, what to do next, the law."""
    style = notice_styles(len(notice.permits))
    width = content_width()
    routes = list(dict.fromkeys(p["route"] for p in notice.permits))
    story = [
        text("经营许可告知书", style["title"]),
        text(f"（“证照分离”改革）申请编号 {notice.number}", style["subtitle"]),
        text(f"{notice.company_name}（统一社会信用代码：{notice.uscc}）：", style["cell"]),
        Spacer(1, 2 * mm),
        text("贵单位已依法登记。经营范围中的下列项目属于许可项目，须取得相应许可后方可开展经营活动：",
             style["body"]),
        permit_table(notice.permits, style["row"], width),
        text("下一步怎么办", style["chapter"]),
        *[text(NEXT_STEP[route], style["body"]) for route in routes],
        text("可通过当地政务服务网或政务服务中心窗口向上列审批部门申请；取得许可后，许可信息将归集到"
             "国家企业信用信息公示系统。" f"咨询：{notice.centre}", style["body"]),
        text("特别提示", style["chapter"]),
        text(UNLAWFUL, style["body"]),
        Spacer(1, 4 * mm),
        text(f"告知单位：{notice.authority}　　告知日期：{licence_date(notice.issued_on)}", style["cell"]),
    ]
    return render("经营许可告知书", f"{notice.company_name} · 经营许可告知书 · 国发〔2021〕7号", story)
