"""`flask licence verify` on a licence we signed and on a tampered copy; `flask seal-shops add`."""

from sqlalchemy import select

from app.extensions import db
from app.models import Application, Document, SealShop
from seals.shops import hash_shop_key
from tests.support.pdf import tamper


def test_flask_licence_verify_reports_valid_then_tampered(app, finished, tmp_path):
    with app.app_context():
        licence = db.session.scalar(select(Document.content).join(Application, Document.application_id == Application.id)
                                    .where(Application.number == finished, Document.kind == "business_license"))
    good, bad = tmp_path / "licence.pdf", tmp_path / "tampered.pdf"
    good.write_bytes(licence)
    bad.write_bytes(tamper(licence))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["licence", "verify", str(good)])
    assert result.exit_code == 0, result.output
    assert "有效 valid" in result.output and "完整性 intact: 是" in result.output
    assert "竹溪县市场监督管理局" in result.output and "演示密钥" in result.output
    result = runner.invoke(args=["licence", "verify", str(bad)])
    assert result.exit_code == 1
    assert "无效 not valid" in result.output and "完整性 intact: 否" in result.output


def test_seal_shops_add_prints_a_key_and_stores_only_its_hash(app):
    result = app.test_cli_runner().invoke(args=["seal-shops", "add", "竹溪县诚信刻章店"])
    assert result.exit_code == 0, result.output
    key = result.output.strip().rsplit(" ", 1)[-1]
    with app.app_context():
        shop = db.session.scalar(select(SealShop).where(SealShop.name == "竹溪县诚信刻章店"))
        assert shop.key_hash == hash_shop_key(key) and key not in shop.key_hash
