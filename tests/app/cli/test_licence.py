"""`flask licence verify` on a licence we signed and on a tampered copy; `flask seal-shops add|revoke`."""

from sqlalchemy import select

from app.extensions import db
from app.models import Application, Document, SealShop, SealVoucher
from seals.shops import hash_shop_key
from tests.factories import create_seal_shop
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


def test_a_revoked_seal_shop_key_gets_401(app, finished):
    """`flask seal-shops revoke`: the shop's key stops working for every voucher endpoint."""
    with app.app_context():
        key = create_seal_shop("竹溪县老街刻章店")
        code = db.session.scalar(select(SealVoucher.code))
    client, headers = app.test_client(), {"Authorization": f"Bearer {key}"}
    assert client.post("/api/v1/seal-vouchers/2222-2222-2222-2222/redeem", headers=headers).status_code == 404
    result = app.test_cli_runner().invoke(args=["seal-shops", "revoke", "竹溪县老街刻章店"])
    assert result.exit_code == 0, result.output
    for send in (lambda: client.post(f"/api/v1/seal-vouchers/{code}/redeem", headers=headers),
                 lambda: client.post(f"/api/v1/seal-vouchers/{code}/carved", headers=headers),
                 lambda: client.get(f"/api/v1/seal-vouchers/{code}/impressions/official.pdf", headers=headers)):
        response = send()
        assert response.status_code == 401 and "error" in response.get_json()
    with app.app_context():
        assert db.session.scalar(select(SealVoucher.redeemed_at).where(SealVoucher.code == code)) is None
        assert db.session.scalar(select(SealShop.revoked_at).where(SealShop.name == "竹溪县老街刻章店")) is not None


def test_revoke_asks_which_shop_when_names_repeat(app):
    runner = app.test_cli_runner()
    for _ in range(2):
        runner.invoke(args=["seal-shops", "add", "同名刻章店"])
    result = runner.invoke(args=["seal-shops", "revoke", "同名刻章店"])
    assert result.exit_code == 1 and "--id" in result.output
    with app.app_context():
        first = db.session.scalar(select(SealShop.id).where(SealShop.name == "同名刻章店").order_by(SealShop.id))
    assert runner.invoke(args=["seal-shops", "revoke", "同名刻章店", "--id", str(first)]).exit_code == 0
    assert runner.invoke(args=["seal-shops", "revoke", "没有这家店"]).exit_code == 1
