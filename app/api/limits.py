"""Rate limits of the seal-voucher endpoints: one budget for the three, per address and per shop key."""

import hashlib

from flask import current_app
from flask_limiter.util import get_remote_address

from app.extensions import limiter
from app.web.access import presented_token


def voucher_limit() -> str:
    return current_app.config["RATELIMIT_VOUCHER"]


def voucher_shop_limit() -> str:
    return current_app.config["RATELIMIT_VOUCHER_SHOP"]


def shop_key_bucket() -> str:
    """The bucket of the shop key presented, by digest (the limiter's store never holds a key);
    a request with no key counts against its address."""
    key = presented_token()
    if key is None:
        return "address:" + get_remote_address()
    return "shop:" + hashlib.sha256(key.encode()).hexdigest()


per_address = limiter.shared_limit(voucher_limit, scope="seal-vouchers")
per_shop_key = limiter.shared_limit(voucher_shop_limit, scope="seal-vouchers-shop", key_func=shop_key_bucket)
