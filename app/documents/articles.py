"""The articles of association (公司章程) of a limited liability company, filled from the form.

Governance follows the usual defaults of the Company Law (中华人民共和国公司法, 2023 revision,
in force 2024-07-01); the form asks nothing about governance, so a founder changes none of it
here. Only companies have articles: the other entity types file none (a partnership's
合伙协议 and a cooperative's 章程 are not made by this service).
"""

from reportlab.lib.units import mm

from app.documents.capital import yuan_in_words
from app.documents.model import FilingFacts
from app.documents.prose import content_width, render, styles, table, text

ENTITY_TYPES_WITH_ARTICLES = ("llc",)


NUMERALS = "零一二三四五六七八九"


def chinese_ordinal(number: int) -> str:
    """1 → 一, 10 → 十, 24 → 二十四, as articles and chapters are numbered (1–99)."""
    if not 0 < number < 100:
        raise ValueError(f"article number out of range: {number}")
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens] + "十")
    return head + (NUMERALS[units] if units else "")


def has_articles(entity_type: str) -> bool:
    return entity_type in ENTITY_TYPES_WITH_ARTICLES


def _general(facts: FilingFacts) -> list[str]:
    return [
        "为规范公司的组织和行为，保护公司、股东和债权人的合法权益，根据《中华人民共和国公司法》"
        "（以下简称《公司法》）和有关法律、行政法规的规定，制定本章程。",
        f"公司名称：{facts.company_name}。" + (
            # The parties sign before name approval: the approved one of the names they applied for is the name.
            f"如该名称未获核准，以登记机关依次核准的备选名称（{'、'.join(facts.backup_names)}）为公司名称。"
            if facts.backup_names else ""),
        f"公司住所：{facts.address}。",
        "公司为有限责任公司，股东以其认缴的出资额为限对公司承担责任，公司以其全部财产对公司的债务承担责任。",
        "公司营业期限为长期，自营业执照签发之日起计算。",
        f"公司的法定代表人由代表公司执行公司事务的董事担任，即{facts.legal_representative}"
        "（《公司法》第十条）。",
    ]


def _capital(facts: FilingFacts) -> list[str]:
    return [
        f"公司注册资本为人民币{yuan_in_words(facts.registered_capital_yuan)}"
        f"（{facts.registered_capital_yuan:,}元），为在公司登记机关登记的全体股东认缴的出资额。",
        "股东以货币出资，认缴的出资额由股东按照本章程的规定自公司成立之日起五年内缴足"
        "（《公司法》第四十七条）。股东的出资额和出资比例见下表。",
    ]


def _organs(facts: FilingFacts) -> list[str]:
    if len(facts.shareholders) == 1:
        meeting = [
            "公司只有一名股东，不设股东会。股东行使《公司法》第五十九条第一款规定的职权，"
            "作出决定时应当采用书面形式，并由股东签名后置备于公司（《公司法》第六十条）。",
        ]
    else:
        meeting = [
            "公司股东会由全体股东组成，是公司的权力机构，行使《公司法》第五十九条规定的职权。",
            "股东会会议由股东按照出资比例行使表决权（《公司法》第六十五条）。",
            "股东会作出决议，应当经代表过半数表决权的股东通过；作出修改公司章程、增加或者减少注册资本的决议，"
            "以及公司合并、分立、解散或者变更公司形式的决议，应当经代表三分之二以上表决权的股东通过"
            "（《公司法》第六十六条）。",
            "召开股东会会议，应当于会议召开十五日前通知全体股东。",
        ]
    return meeting + [
        f"公司规模较小，不设董事会，设董事一名，由{facts.legal_representative}担任，"
        "行使《公司法》规定的董事会职权，并兼任公司经理（《公司法》第七十五条）。董事任期三年，任期届满，连选可以连任。",
        "经全体股东一致同意，公司不设监事（《公司法》第八十三条）。",
    ]


def _transfer_and_accounts(facts: FilingFacts) -> list[str]:
    transfer = ["股东之间可以相互转让其全部或者部分股权。"]
    if len(facts.shareholders) > 1:
        transfer.append("股东向股东以外的人转让股权的，应当将股权转让的数量、价格、支付方式和期限等事项书面通知其他股东，"
                        "其他股东在同等条件下有优先购买权；其他股东自接到书面通知之日起三十日内未答复的，视为放弃优先购买权"
                        "（《公司法》第八十四条）。")
    else:
        transfer.append("股东向他人转让股权的，应当依法办理变更登记。")
    return transfer + [
        "公司依照法律、行政法规和国务院财政部门的规定建立财务、会计制度。",
        "公司分配当年税后利润时，应当提取利润的百分之十列入公司法定公积金；法定公积金累计额为公司注册资本的百分之五十以上的，"
        "可以不再提取。公司弥补亏损和提取公积金后所余税后利润，按照股东实缴的出资比例分配（《公司法》第二百一十条）。",
    ]


def _end() -> list[str]:
    return [
        "公司因《公司法》第二百二十九条规定的事由解散的，依法成立清算组进行清算。",
        "本章程与法律、行政法规的规定不一致的，以法律、行政法规的规定为准。",
        "本章程经全体股东以电子签名签署，自公司成立之日起生效。",
    ]


def shareholder_rows(facts: FilingFacts) -> list[list[str]]:
    total = sum(party.contribution_yuan or 0 for party in facts.shareholders) or 1
    rows = [["股东姓名", "认缴出资额", "出资方式", "出资比例"]]
    for party in facts.shareholders:
        amount = party.contribution_yuan or 0
        rows.append([party.name, f"{amount:,}元", "货币", f"{amount * 100 / total:.2f}%"])
    return rows


def render_articles(facts: FilingFacts) -> bytes:
    """公司章程 of an LLC, chapter by chapter, its articles numbered through."""
    if not has_articles(facts.entity_type):
        raise ValueError(f"no articles of association for entity type {facts.entity_type}")
    style = styles()
    width = content_width()
    story = [text(f"{facts.company_name}章程", style["title"]),
             text("（根据《中华人民共和国公司法》制定）", style["subtitle"])]
    chapters = [("总则", _general(facts)), ("经营范围", ["公司经营范围：" + "；".join(facts.business_scope) + "。"]),
                ("注册资本和股东出资", _capital(facts)), ("组织机构", _organs(facts)),
                ("股权转让和财务会计", _transfer_and_accounts(facts)), ("解散清算和附则", _end())]
    number = 0
    for index, (title, articles) in enumerate(chapters, start=1):
        story.append(text(f"第{chinese_ordinal(index)}章　{title}", style["chapter"]))
        for article in articles:
            number += 1
            story.append(text(f"第{chinese_ordinal(number)}条　{article}", style["body"]))
        if title == "注册资本和股东出资":
            story.append(table(shareholder_rows(facts), [40 * mm, 45 * mm, 30 * mm, width - 115 * mm],
                               style["cell"], header=True))
    names = "、".join(party.name for party in facts.shareholders)
    story.append(text(f"全体股东（电子签名）：{names}", style["chapter"]))
    return render(f"章程 {facts.company_name}", f"{facts.company_name}章程", story)
