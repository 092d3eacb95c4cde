"""The seal shop's pages: sign in with the shop key, open a voucher (typed, scanned, or from its QR
address in a phone's browser), redeem it once, see the impressions, mark carved; revocation ends the session."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from flask_migrate import upgrade
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.factory import create_app
from app.issuance.operations import confirm_impressions
from app.models import AuditEvent, SealShop, SealVoucher
from app.shops.pages import code_from_scan
from app.shops.session import SESSION_KEY
from config import Testing
from integrations import agency_urls
from tests.factories import create_seal_shop, ready_application


@pytest.fixture
def voucher_code(app) -> str:
    with app.app_context():
        application = ready_application()
        return db.session.scalar(select(SealVoucher.code).where(SealVoucher.application_id == application.id))


def new_shop(app, name: str) -> str:
    with app.app_context():
        return create_seal_shop(name)


def signed_in(app, key: str):
    client = app.test_client()
    response = client.post("/shop/sign-in", data={"key": key})
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


def text(response) -> str:
    return response.get_data(as_text=True)


def test_sign_in_with_the_shop_key(app):
    key = new_shop(app, "竹溪县诚信刻章店")
    client = app.test_client()
    assert client.get("/shop/").headers["Location"].startswith("/shop/sign-in")

    wrong = client.post("/shop/sign-in", data={"key": "ssk_not-this-one"})
    assert wrong.status_code == 422 and "店铺密钥不正确或已停用" in text(wrong)
    empty = client.post("/shop/sign-in", data={"key": ""})
    assert empty.status_code == 422 and "请填写店铺密钥" in text(empty)

    right = client.post("/shop/sign-in", data={"key": f"  {key} "})
    assert right.status_code == 303 and right.headers["Location"] == "/shop/"
    page = client.get("/shop/")
    assert page.status_code == 200 and "竹溪县诚信刻章店" in text(page)
    assert 'data-scanner' in text(page) and "zxing-browser.min.js" in text(page)
    # The scan page (only) may use the camera; every other page keeps camera=().
    assert "camera=(self)" in page.headers["Permissions-Policy"]
    assert "camera=()" in app.test_client().get("/shop/sign-in").headers["Permissions-Policy"]
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.note).where(AuditEvent.action == "seal_shop_signed_in")) \
            == "竹溪县诚信刻章店"

    cookie = right.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and key not in cookie

    signed_out = client.post("/shop/sign-out")
    assert signed_out.status_code == 303
    assert client.get("/shop/").headers["Location"].startswith("/shop/sign-in")


def test_the_qr_address_opened_by_a_phone_leads_to_the_voucher_page(app, voucher_code):
    key = new_shop(app, "甲刻章店")
    qr_address = f"/api/v1/seal-vouchers/{voucher_code}/redeem"
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    client = app.test_client()

    opened = client.get(qr_address, headers=browser)
    assert opened.status_code == 303 and opened.headers["Location"] == f"/shop/vouchers/{voucher_code}"
    to_sign_in = client.get(opened.headers["Location"], headers=browser)
    assert to_sign_in.status_code == 303
    assert to_sign_in.headers["Location"] == f"/shop/sign-in?code={voucher_code}"
    form = client.get(to_sign_in.headers["Location"])
    assert f"登录后将打开凭证 {voucher_code}" in text(form)
    after = client.post(to_sign_in.headers["Location"], data={"key": key})
    assert after.headers["Location"] == f"/shop/vouchers/{voucher_code}"
    page = client.get(after.headers["Location"])
    assert page.status_code == 200 and 'id="redeem"' in text(page) and "有限公司" in text(page)

    # A client of the API (asking for JSON, or for anything) still gets the API's 405.
    for accept in ("application/json", "*/*"):
        refused = app.test_client().get(qr_address, headers={"Accept": accept})
        assert refused.status_code == 405 and refused.get_json() == {"error": "不支持此请求方法"}
        assert refused.headers["Allow"].replace(" ", "").split(",").count("POST") == 1


def test_typed_or_scanned_codes_open_the_voucher(app, voucher_code):
    client = signed_in(app, new_shop(app, "乙刻章店"))
    loose = voucher_code.replace("-", " ").lower()
    for typed in (loose, f"http://127.0.0.1:5000/api/v1/seal-vouchers/{voucher_code}/redeem"):
        found = client.get("/shop/lookup", query_string={"code": typed})
        assert found.status_code == 303 and found.headers["Location"] == f"/shop/vouchers/{voucher_code}"
    bad = client.get("/shop/lookup", query_string={"code": "K7QM-3XTR"})
    assert bad.status_code == 422 and "凭证码应为16位" in text(bad)
    assert "请扫描凭证二维码或输入凭证码" in text(client.get("/shop/lookup", query_string={"code": " "}))
    unknown = client.get("/shop/lookup", query_string={"code": "2222-2222-2222-2222"})
    assert unknown.status_code == 404 and "2222-2222-2222-2222 不存在" in text(unknown)
    assert client.get("/shop/vouchers/2222-2222-2222-2222").status_code == 404


def test_code_from_scan():
    assert code_from_scan("https://kaiban.example.gov.cn/api/v1/seal-vouchers/2222-2222-2222-2222/redeem") == \
        "2222-2222-2222-2222"
    assert code_from_scan("/shop/vouchers/2222222222222222") == "2222-2222-2222-2222"
    assert code_from_scan("2222-2222-2222-2223") is None  # a wrong check symbol
    assert code_from_scan("") is None


def test_redeem_once_then_impressions_then_carved(app, voucher_code):
    first, second = signed_in(app, new_shop(app, "丙刻章店")), signed_in(app, new_shop(app, "丁刻章店"))
    before = text(first.get(f"/shop/vouchers/{voucher_code}"))
    assert "未核销" in before and 'role="img"' not in before  # impressions only to the shop that redeemed

    done = first.post(f"/shop/vouchers/{voucher_code}/redeem", follow_redirects=True)
    page = text(done)
    assert "核销成功" in page and "本店已核销，待刻制" in page
    labels = re.findall(r'<svg[^>]*role="img" aria-label="([^"]+)"', page)
    assert len(labels) == 3 and labels[0].startswith("公章：") and labels[0].endswith("有限公司")
    assert {label.split("：")[0] for label in labels} == {"公章", "财务专用章", "发票专用章"}
    assert "<title>...</title>" not in page and len(set(re.findall(r'id="(seal-clip-[^"]+)"', page))) == 3
    assert "申请人尚未确认印模" in page and 'id="mark-carved"' not in page

    proof = first.get(f"/shop/vouchers/{voucher_code}/impressions/official.pdf")
    assert proof.status_code == 200 and proof.mimetype == "application/pdf"
    assert abs(float(PdfReader(BytesIO(proof.data)).pages[0].mediabox.width) - 40 / 25.4 * 72) < 0.5
    assert second.get(f"/shop/vouchers/{voucher_code}/impressions/official.pdf").status_code == 403

    # The second shop is told when and by whom; nothing changes.
    other = text(second.get(f"/shop/vouchers/{voucher_code}"))
    assert re.search(r"该凭证已于 \d{4}-\d\d-\d\d \d\d:\d\d 由 丙刻章店 核销，不能重复使用", other)
    assert 'id="redeem"' not in other and 'role="img"' not in other
    again = text(second.post(f"/shop/vouchers/{voucher_code}/redeem", follow_redirects=True))
    assert "由 丙刻章店 核销" in again
    assert "由 丙刻章店 核销" in text(first.post(f"/shop/vouchers/{voucher_code}/redeem", follow_redirects=True))

    refused = text(first.post(f"/shop/vouchers/{voucher_code}/carved", follow_redirects=True))
    assert "申请人尚未确认印模" in refused
    with app.app_context():
        confirm_impressions(db.session.scalar(select(SealVoucher).where(SealVoucher.code == voucher_code)))
        db.session.commit()
    assert 'id="mark-carved"' in text(first.get(f"/shop/vouchers/{voucher_code}"))
    assert "该凭证由其他刻章企业核销" in text(second.post(f"/shop/vouchers/{voucher_code}/carved", follow_redirects=True))
    carved = text(first.post(f"/shop/vouchers/{voucher_code}/carved", follow_redirects=True))
    assert "已标记刻制完成" in carved and "本店已刻制完成" in carved
    with app.app_context():
        voucher = db.session.scalar(select(SealVoucher).where(SealVoucher.code == voucher_code))
        shop_name = db.session.get(SealShop, voucher.redeemed_by_shop_id).name
        assert voucher.carved_at is not None and shop_name == "丙刻章店"


def test_the_api_says_when_and_by_which_shop_in_readable_utf8(app, voucher_code):
    client = app.test_client()
    key, other = new_shop(app, "戊刻章店"), new_shop(app, "己刻章店")
    assert client.post(f"/api/v1/seal-vouchers/{voucher_code}/redeem",
                       headers={"Authorization": f"Bearer {key}"}).status_code == 200
    again = client.post(f"/api/v1/seal-vouchers/{voucher_code}/redeem", headers={"Authorization": f"Bearer {other}"})
    assert again.status_code == 409 and again.mimetype == "application/json"
    assert "由 戊刻章店 核销".encode() in again.data and b"\\u" not in again.data
    assert re.fullmatch(r"该凭证已于 .+ 由 戊刻章店 核销，不能重复使用", again.get_json()["error"])
    unauthorised = client.post(f"/api/v1/seal-vouchers/{voucher_code}/redeem")
    assert "需要登录或提供访问令牌".encode() in unauthorised.data and b"\\u" not in unauthorised.data


def test_readable_utf8_on_a_429_too(tmp_path, sandbox):
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'limits.sqlite'}",
                     INSTANCE_PATH=str(tmp_path), RATELIMIT_ENABLED=True, RATELIMIT_VOUCHER="1 per minute",
                     RATELIMIT_SHOP_SIGN_IN="2 per minute", WTF_CSRF_ENABLED=False, **agency_urls(sandbox.url))
    with app.app_context():
        upgrade(revision="heads")
    client = app.test_client()
    client.post("/api/v1/seal-vouchers/ZZZZ/redeem")
    limited = client.post("/api/v1/seal-vouchers/ZZZZ/redeem")
    assert limited.status_code == 429 and "请求过于频繁".encode() in limited.data and b"\\u" not in limited.data

    # Guessing shop keys on the sign-in page is cut off per address too.
    tries = [client.post("/shop/sign-in", data={"key": f"ssk_guess{i}"}).status_code for i in range(3)]
    assert tries == [422, 422, 429]


def test_revoking_the_shop_ends_its_open_session(app, voucher_code):
    key = new_shop(app, "庚刻章店")
    client = signed_in(app, key)
    assert client.get(f"/shop/vouchers/{voucher_code}").status_code == 200
    result = app.test_cli_runner().invoke(args=["seal-shops", "revoke", "庚刻章店"])
    assert result.exit_code == 0, result.output
    gone = client.get(f"/shop/vouchers/{voucher_code}")
    assert gone.status_code == 303 and gone.headers["Location"] == f"/shop/sign-in?code={voucher_code}"
    assert "登录已失效" in text(client.get(gone.headers["Location"]))
    assert client.post(f"/shop/vouchers/{voucher_code}/redeem").status_code == 303  # to sign-in, nothing redeemed
    with app.app_context():
        assert db.session.scalar(select(SealVoucher.redeemed_at).where(SealVoucher.code == voucher_code)) is None
    assert client.post("/shop/sign-in", data={"key": key}).status_code == 422  # the key is refused too


def test_a_session_older_than_the_limit_ends(app):
    client = signed_in(app, new_shop(app, "辛刻章店"))
    assert client.get("/shop/").status_code == 200
    with client.session_transaction() as session:
        held = session[SESSION_KEY]
        held["since"] -= int(timedelta(hours=app.config["SHOP_SESSION_HOURS"], minutes=1).total_seconds())
        session[SESSION_KEY] = held
    assert client.get("/shop/").status_code == 303
    with client.session_transaction() as session:
        assert SESSION_KEY not in session
    # A cookie made up without the secret key signs no one in.
    forged = app.test_client()
    forged.set_cookie("session", "eyJzZWFsX3Nob3AiOnsiaWQiOjEsInNpbmNlIjo5OTk5OTk5OTk5fX0.x.y")
    assert forged.get("/shop/").status_code == 303
