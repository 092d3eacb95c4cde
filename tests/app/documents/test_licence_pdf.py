from dataclasses import replace

from app.documents.licence import licence_date, render_licence


def test_licence_text_is_extractable(probe, licence_facts):
    text = probe.text(render_licence(licence_facts))
    for expected in ("营业执照", licence_facts.name, licence_facts.uscc, "统一社会信用代码", "法定代表人",
                     "张三丰", "壹佰万元整", "2026年05月12日", "竹溪县市场监督管理局", "货物进出口"):
        assert expected in text.replace(" ", "").replace("\n", ""), expected


def test_licence_embeds_its_only_font(probe, licence_facts, fonts_embedded):
    rows = probe.fonts(render_licence(licence_facts))
    fonts_embedded(rows)
    assert all("NotoSansSC" in row[0] for row in rows)


def test_licence_qr_decodes_to_the_verification_page(probe, licence_facts):
    (page,) = probe.pages(render_licence(licence_facts))
    assert probe.barcodes(page)["QRCode"] == licence_facts.verify_url


def test_a_long_business_scope_is_shown_whole(probe, licence_facts):
    scope = [f"经营项目第{i}项（不含许可类业务）" for i in range(1, 41)]
    text = probe.text(render_licence(replace(licence_facts, business_scope=scope))).replace("\n", "")
    assert "经营项目第1项" in text and "经营项目第40项" in text


def test_licence_date_has_two_digit_month_and_day(licence_facts):
    assert licence_date(licence_facts.issued_on) == "2026年05月12日"
