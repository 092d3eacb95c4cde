"""The texts of signing: the decliner's reason reaches the others, cut short and with no links."""

from app.signing.texts import DECLINE_REASON_IN_SMS, declined_sms


def test_the_reason_is_told_without_links_and_cut_short(app):
    with app.app_context():
        text = declined_sms("N1", "竹溪县甲科技有限公司", "李*", "出资比例3.5成不对，详见 https://evil.example/x 或 t.cn/abc")
        assert "出资比例3.5成不对" in text and "evil" not in text and "t.cn" not in text and "[链接已删除]" in text
        long = declined_sms("N1", "竹溪县甲科技有限公司", "李*", "不" * 500)
        assert long.count("不") == DECLINE_REASON_IN_SMS + long.split("理由：")[0].count("不")
