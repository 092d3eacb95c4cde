"""The seal-voucher endpoints share one budget per address and one per shop key; over it, a JSON 429."""

import pytest
from flask_migrate import upgrade

from app.api.limits import shop_key_bucket
from app.extensions import limiter
from app.factory import create_app
from config import Testing
from integrations import agency_urls
from tests.factories import create_seal_shop


@pytest.fixture
def limited(tmp_path, sandbox):
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'limits.sqlite'}",
                     INSTANCE_PATH=str(tmp_path), RATELIMIT_ENABLED=True, RATELIMIT_VOUCHER="4 per minute",
                     RATELIMIT_VOUCHER_SHOP="3 per minute", **agency_urls(sandbox.url))
    with app.app_context():
        upgrade(revision="heads")
        app.shop_key = create_seal_shop("竹溪县诚信刻章店")
    return app


def call(client, n: int, key: str | None, address: str, fresh_keys: bool = False):
    """n requests spread over the three endpoints, for an unknown voucher (404 while within the limits);
    `fresh_keys`: each with another made-up key, as someone guessing keys sends them."""
    paths = ["/api/v1/seal-vouchers/ZZZZ/redeem", "/api/v1/seal-vouchers/ZZZZ/carved",
             "/api/v1/seal-vouchers/ZZZZ/impressions/official.pdf"]
    responses = []
    for i in range(n):
        path = paths[i % 3]
        method = client.get if path.endswith(".pdf") else client.post
        headers = {"Authorization": f"Bearer {key}{i if fresh_keys else ''}"} if key else {}
        responses.append(method(path, headers=headers, environ_base={"REMOTE_ADDR": address}))
    return responses


def test_a_guessing_address_is_cut_off_with_a_json_429(limited):
    client = limited.test_client()
    responses = call(client, 5, "ssk_guess", "198.51.100.1", fresh_keys=True)
    assert [r.status_code for r in responses] == [401, 401, 401, 401, 429]
    assert responses[-1].get_json() == {"error": "请求过于频繁，请稍后再试"}
    assert int(responses[-1].headers["Retry-After"]) > 0


def test_one_shop_key_from_many_addresses_is_cut_off(limited):
    client = limited.test_client()
    statuses = [call(client, 1, limited.shop_key, f"198.51.100.{20 + i}")[0].status_code for i in range(4)]
    assert statuses == [404, 404, 404, 429]
    other = call(client, 1, "ssk_another-key", "198.51.100.40")[0]
    assert other.status_code == 401  # another key has a budget of its own


def test_the_limiter_keeps_a_digest_never_the_key(limited):
    with limited.test_request_context(headers={"Authorization": f"Bearer {limited.shop_key}"}):
        bucket = shop_key_bucket()
    assert limited.shop_key not in bucket and bucket.startswith("shop:") and len(bucket) == len("shop:") + 64
    call(limited.test_client(), 2, limited.shop_key, "198.51.100.50")
    stored = " ".join(map(str, getattr(limiter.storage, "storage", {}).keys()))
    assert stored and limited.shop_key not in stored
