"""Seal shops redeem the free-seal voucher once: 200, then 409; 404 unknown; 401 without a good key."""

import os
import threading
from collections import Counter
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.applications.tokens import application_token
from app.extensions import db
from app.issuance.operations import confirm_impressions
from app.models import Application, SealVoucher
from tests.factories import create_seal_shop, ready_application
from tests.support.postgres import postgres_app

RACERS = 20


def issued_voucher(app) -> str:
    with app.app_context():
        application = ready_application()
        return db.session.scalar(select(SealVoucher.code).where(SealVoucher.application_id == application.id))


def new_shop(app, name: str) -> str:
    with app.app_context():
        return create_seal_shop(name)


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_redeem_once_then_409(app, client):
    code, key = issued_voucher(app), new_shop(app, "甲刻章店")
    first = client.post(f"/api/v1/seal-vouchers/{code}/redeem", headers=bearer(key))
    assert first.status_code == 200, first.get_json()
    body = first.get_json()
    assert body["code"] == code and body["uscc"] and body["company_name"].endswith("有限公司")
    assert [s["kind"] for s in body["seals"]] == ["official", "finance", "invoice"]
    assert all(s["free"] and len(s["code"]) == 13 for s in body["seals"])
    assert body["redeemed_at"]
    again = client.post(f"/api/v1/seal-vouchers/{code}/redeem", headers=bearer(key))
    assert again.status_code == 409 and "error" in again.get_json()


def test_a_loosely_typed_code_finds_the_voucher(app, client):
    code, key = issued_voucher(app), new_shop(app, "乙刻章店")
    loose = code.replace("-", "").lower()
    assert client.post(f"/api/v1/seal-vouchers/{loose}/redeem", headers=bearer(key)).status_code == 200


def test_unknown_code_404_and_bad_keys_401(app, client):
    code, key = issued_voucher(app), new_shop(app, "丙刻章店")
    unknown = client.post("/api/v1/seal-vouchers/2222-2222-2222-2222/redeem", headers=bearer(key))
    assert unknown.status_code == 404 and "error" in unknown.get_json()
    for headers in ({}, bearer("ssk_not-a-key"), {"Authorization": "Basic abc"}):
        response = client.post(f"/api/v1/seal-vouchers/{code}/redeem", headers=headers)
        assert response.status_code == 401 and "error" in response.get_json()
    assert client.post(f"/api/v1/seal-vouchers/{code}/redeem", headers=bearer(key)).status_code == 200


def test_the_application_json_shows_the_voucher_redeemed(app, client):
    code, key = issued_voucher(app), new_shop(app, "丁刻章店")
    client.post(f"/api/v1/seal-vouchers/{code}/redeem", headers=bearer(key))
    with app.app_context():
        voucher = db.session.scalar(select(SealVoucher).where(SealVoucher.code == code))
        application = db.session.get(Application, voucher.application_id)
        number, token = application.number, application_token(application, app.config["SECRET_KEY"])
    view = client.get(f"/api/v1/applications/{number}", headers=bearer(token)).get_json()["seal_voucher"]
    assert view["code"] == code and view["redeemed_at"] is not None
    assert view["seals"] == ["official", "finance", "invoice"]


def test_impressions_pdf_for_the_redeeming_shop_only_and_carved_after_confirmation(app, client):
    code, key, other = issued_voucher(app), new_shop(app, "戊刻章店"), new_shop(app, "己刻章店")
    url = client.post(f"/api/v1/seal-vouchers/{code}/redeem", headers=bearer(key)).get_json()["seals"][0][
        "impression_pdf_url"]
    proof = client.get(url, headers=bearer(key))
    assert proof.status_code == 200 and proof.mimetype == "application/pdf"
    width = float(PdfReader(BytesIO(proof.data)).pages[0].mediabox.width)
    assert abs(width - 40 / 25.4 * 72) < 0.5  # a 公章 at its real 40 mm
    assert client.get(url, headers=bearer(other)).status_code == 403
    assert client.get(url).status_code == 401

    not_confirmed = client.post(f"/api/v1/seal-vouchers/{code}/carved", headers=bearer(key))
    assert not_confirmed.status_code == 409 and "确认印模" in not_confirmed.get_json()["error"]
    with app.app_context():
        confirm_impressions(db.session.scalar(select(SealVoucher).where(SealVoucher.code == code)))
        db.session.commit()
    assert client.post(f"/api/v1/seal-vouchers/{code}/carved", headers=bearer(other)).status_code == 403
    carved = client.post(f"/api/v1/seal-vouchers/{code}/carved", headers=bearer(key))
    assert carved.status_code == 200 and carved.get_json()["carved_at"]
    again = client.post(f"/api/v1/seal-vouchers/{code}/carved", headers=bearer(key)).get_json()
    assert again["carved_at"] == carved.get_json()["carved_at"]


def race(app, code: str, keys: list[str]) -> Counter:
    """RACERS requests at once, alternating between the shops' keys; returns the status counts."""
    start = threading.Barrier(RACERS)
    statuses: list[int] = []

    def attempt(index: int) -> None:
        client = app.test_client()
        start.wait()
        response = client.post(f"/api/v1/seal-vouchers/{code}/redeem", headers=bearer(keys[index % len(keys)]))
        statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return Counter(statuses)


def assert_one_winner(app, code: str, keys: list[str]) -> None:
    assert race(app, code, keys) == Counter({200: 1, 409: RACERS - 1})
    with app.app_context():
        voucher = db.session.scalar(select(SealVoucher).where(SealVoucher.code == code))
        assert voucher.redeemed_at is not None and voucher.redeemed_by_shop_id is not None


def test_two_shops_racing_on_sqlite_exactly_one_wins(app):
    code = issued_voucher(app)
    assert_one_winner(app, code, [new_shop(app, "庚刻章店"), new_shop(app, "辛刻章店")])


@pytest.mark.services
def test_two_shops_racing_on_postgresql_exactly_one_wins(sandbox, tmp_path):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("TEST_DATABASE_URL not set (.ci/run sets it)")
    with postgres_app(sandbox.url, str(tmp_path)) as app:
        code = issued_voucher(app)
        assert_one_winner(app, code, [new_shop(app, "壬刻章店"), new_shop(app, "癸刻章店")])


def test_a_shop_key_in_the_address_is_refused(app, client):
    """Keys only in the Authorization header: a key as ?t= (or ?key=) would land in the access log."""
    code, key = issued_voucher(app), new_shop(app, "庚刻章店")
    for query in (f"t={key}", f"key={key}"):
        response = client.post(f"/api/v1/seal-vouchers/{code}/redeem?{query}")
        assert response.status_code == 401 and "error" in response.get_json(), query
        assert client.post(f"/api/v1/seal-vouchers/{code}/carved?{query}").status_code == 401
        assert client.get(f"/api/v1/seal-vouchers/{code}/impressions/official.pdf?{query}").status_code == 401
    with app.app_context():
        assert db.session.scalar(select(SealVoucher.redeemed_at).where(SealVoucher.code == code)) is None
