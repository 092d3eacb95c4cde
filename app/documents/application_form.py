"""The registration application (登记申请书) that every party signs before anything is filed.

It carries every fact of the one form and each party with their roles; the parties' PAdES
signatures are added to it afterwards, one incremental update each (app/documents/signing.py).
"""

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from app.documents.capital import yuan_in_words
from app.documents.licence import licence_date
from app.documents.model import FilingFacts
from app.documents.prose import content_width, render, styles, table, text

# 《市场主体登记管理条例》第十七条: the applicant answers for the truth of what it files.
DECLARATION = ("本申请人及全体签署人承诺：所提交的申请材料和所填写的信息真实、合法、有效，"
               "本人已阅读并同意所附公司章程（如适用），自愿通过电子签名签署本申请书；"
               "如有虚假，依法承担相应法律责任。冒用他人身份信息登记的，依法撤销登记。")


def facts_rows(facts: FilingFacts) -> list[list[str]]:
    rows = [
        ["申请编号", facts.number],
        ["名称", facts.company_name],
        *([["备选名称", "；".join(f"{n}. {name}" for n, name in enumerate(facts.backup_names, start=1))]]
          if facts.backup_names else []),
        ["类型", facts.entity_type_label],
        ["住所", facts.address],
        ["法定代表人", facts.legal_representative],
        ["注册资本", f"{yuan_in_words(facts.registered_capital_yuan)}（{facts.registered_capital_yuan:,}元）"],
        ["经营范围", "；".join(facts.business_scope) + "。"],
    ]
    return rows + [[label, value] for label, value in facts.other_facts]


def party_rows(facts: FilingFacts) -> list[list[str]]:
    rows = [["姓名", "身份", "身份证件号码", "认缴出资"]]
    for party in facts.parties:
        contribution = f"{party.contribution_yuan:,}元" if party.contribution_yuan is not None else "—"
        rows.append([party.name, "、".join(party.roles), party.id_number_masked, contribution])
    return rows


def render_application_form(facts: FilingFacts) -> bytes:
    """申请书: the filed facts, the parties, the declaration, and a place for each signature."""
    style = styles()
    width = content_width()
    story = [
        text(f"{facts.entity_type_label}登记（设立）申请书", style["title"]),
        text(f"申请编号 {facts.number} · 提交日期 {licence_date(facts.submitted_on)}", style["subtitle"]),
        text("一、登记事项", style["chapter"]),
        table(facts_rows(facts), [32 * mm, width - 32 * mm], style["cell"]),
        text("二、签署人", style["chapter"]),
        table(party_rows(facts), [28 * mm, 40 * mm, 50 * mm, width - 118 * mm], style["cell"], header=True),
        text("三、承诺", style["chapter"]),
        text(DECLARATION, style["body"]),
        Spacer(1, 6 * mm),
        text("签署人的电子签名附于本文件之后，每一签名在签署时经实名核验（姓名、身份证件号码、手机号码）"
             "并以短信验证码确认。任何改动都会使签名失效。", style["small"]),
    ]
    return render(f"申请书 {facts.company_name}", f"{facts.company_name} · 申请编号 {facts.number}", story)
