from app.documents.notices import render_bank_notice, render_tax_notice


def test_tax_notice_shows_taxpayer_and_invoices(probe, tax_notice, fonts_embedded):
    pdf = render_tax_notice(tax_notice)
    text = probe.text(pdf)
    for expected in ("税务事项通知书", tax_notice.company_name, tax_notice.uscc, "国家税务总局竹溪县税务局",
                     "小规模纳税人", "100,000元", "50份"):
        assert expected in text, expected
    fonts_embedded(probe.fonts(pdf))


def test_bank_notice_shows_the_basic_account(probe, bank_notice, fonts_embedded):
    pdf = render_bank_notice(bank_notice)
    text = probe.text(pdf)
    for expected in ("银行开户通知书", bank_notice.company_name, bank_notice.uscc, "基本存款账户",
                     bank_notice.account_number, "中国农业银行股份有限公司竹溪县支行"):
        assert expected in text, expected
    fonts_embedded(probe.fonts(pdf))
