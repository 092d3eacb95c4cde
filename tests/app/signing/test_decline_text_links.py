"""The decliner's reason, texted to the other parties, carries no address in any spelling."""

import pytest

from app.signing.texts import declined_sms


@pytest.mark.parametrize("reason", [
    "请先到 47.96.10.10/pay 缴纳服务费",  # an IP address (phones linkify it)
    "详情见 http://47.96.10.10",  # the scheme form is caught; kept here as the control
    "改到 竹溪政务.中国 重新办理",  # an internationalised domain name
    "请访问 ｅｘａｍｐｌｅ．ｃｏｍ",  # full-width letters and dot (NFKC: example.com)
])
def test_the_decline_text_carries_no_address(app, reason):
    with app.app_context():
        text = declined_sms("A1", "某某有限公司", "张*", reason)
    assert "47.96" not in text and ".中国" not in text and "ｅｘａｍｐｌｅ" not in text, text
