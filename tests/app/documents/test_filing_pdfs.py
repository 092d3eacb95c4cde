"""The 申请书 and the 章程: every filed fact, each party, the Company Law's defaults, the embedded font."""

from dataclasses import replace
from datetime import date

import pytest

from app.documents.application_form import render_application_form
from app.documents.articles import chinese_ordinal, has_articles, render_articles
from app.documents.model import FilingFacts, Party

ZHANG = Party("张三", ("法定代表人", "股东"), "4203**********1235", 600_000)
LI = Party("李四", ("股东",), "4203**********5676", 400_000)


def filing(**changes) -> FilingFacts:
    facts = FilingFacts(
        number="202612020000000001", company_name="竹溪县云帆科技有限公司", entity_type="llc",
        entity_type_label="有限责任公司", address="湖北省十堰市竹溪县城关镇人民路1号", registered_capital_yuan=1_000_000,
        business_scope=["软件开发", "信息技术咨询服务"], legal_representative="张三", parties=[ZHANG, LI],
        shareholders=[ZHANG, LI], submitted_on=date(2026, 12, 2),
        other_facts=[("纳税人类型", "小规模纳税人"), ("刻制印章", "公章、财务专用章、发票专用章"), ("领取方式", "邮寄")])
    return replace(facts, **changes)


def flat(text: str) -> str:
    """pdftotext breaks lines inside sentences: compare without the breaks."""
    return "".join(text.split())


def test_the_application_form_carries_every_fact_and_each_party_masked(probe, fonts_embedded):
    pdf = render_application_form(filing())
    text = flat(probe.text(pdf))
    for expected in ("有限责任公司登记（设立）申请书", "202612020000000001", "竹溪县云帆科技有限公司",
                     "湖北省十堰市竹溪县城关镇人民路1号", "壹佰万元整（1,000,000元）", "软件开发；信息技术咨询服务。",
                     "小规模纳税人", "公章、财务专用章、发票专用章", "法定代表人、股东", "4203**********1235",
                     "600,000元", "李四", "4203**********5676", "冒用他人身份信息登记的，依法撤销登记"):
        assert expected in text, expected
    assert "420324199001011235" not in text  # the parties read each other's documents
    fonts_embedded(probe.fonts(pdf))


def test_the_articles_of_a_company_with_two_shareholders(probe, fonts_embedded):
    pdf = render_articles(filing())
    text = flat(probe.text(pdf))
    for expected in ("竹溪县云帆科技有限公司章程", "第一章总则", "公司住所：湖北省十堰市竹溪县城关镇人民路1号",
                     "人民币壹佰万元整（1,000,000元）", "自公司成立之日起五年内缴足", "60.00%", "40.00%",
                     "股东会会议由股东按照出资比例行使表决权", "三分之二以上表决权", "设董事一名，由张三担任",
                     "公司不设监事", "优先购买权", "全体股东（电子签名）：张三、李四"):
        assert expected in text, expected
    assert "第二十二条" in text and "第二十三条" not in text  # numbered through, in Chinese numerals
    fonts_embedded(probe.fonts(pdf))


def test_a_one_shareholder_company_has_no_shareholders_meeting(probe):
    text = flat(probe.text(render_articles(filing(parties=[ZHANG], shareholders=[replace(ZHANG, contribution_yuan=1_000_000)]))))
    assert "不设股东会" in text and "采用书面形式" in text and "100.00%" in text
    assert "股东会会议由股东按照出资比例" not in text and "优先购买权" not in text


def test_only_companies_have_articles():
    assert has_articles("llc")
    for entity_type in ("sole_proprietorship", "partnership", "individual_business", "cooperative"):
        assert not has_articles(entity_type)
        with pytest.raises(ValueError):
            render_articles(filing(entity_type=entity_type))


def test_what_the_applicant_typed_is_never_read_as_markup(probe):
    text = flat(probe.text(render_application_form(filing(address="人民路1号<b>&amp;</b>"))))
    assert "人民路1号<b>&amp;</b>" in text


def test_the_pages_render_with_ink(probe):
    for pdf in (render_application_form(filing()), render_articles(filing())):
        for page in probe.pages(pdf, dpi=40):
            assert page.convert("L").getextrema()[0] < 100  # something dark was drawn


@pytest.mark.parametrize(("number", "words"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"),
                                               (24, "二十四"), (99, "九十九")])
def test_chinese_ordinals(number, words):
    assert chinese_ordinal(number) == words


def test_the_backup_names_the_parties_sign_for_are_in_both_documents(probe):
    """The parties sign before name approval: what they sign names the backups approval may choose."""
    backups = ["竹溪县云舟科技有限公司", "竹溪县帆远科技有限公司"]
    form_text = flat(probe.text(render_application_form(filing(backup_names=backups))))
    assert "备选名称1.竹溪县云舟科技有限公司；2.竹溪县帆远科技有限公司" in form_text
    articles = flat(probe.text(render_articles(filing(backup_names=backups))))
    assert "以登记机关依次核准的备选名称（竹溪县云舟科技有限公司、竹溪县帆远科技有限公司）为公司名称" in articles
    assert "备选名称" not in flat(probe.text(render_application_form(filing())))
