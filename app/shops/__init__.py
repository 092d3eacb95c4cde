"""The seal shop's pages (刻章店, /shop): sign in with the shop's key, scan or type a voucher, see the
impressions to carve, redeem once, mark carved. The JSON interface for shops' own systems stays
/api/v1/seal-vouchers (app/api/vouchers.py); both call app.issuance's operations."""

from flask import Blueprint

bp = Blueprint("shops", __name__, url_prefix="/shop")

from app.shops import views  # noqa: E402,F401  (routes attach to bp)
