"""Public licence verification (no login): the licence's QR code points here; anyone may upload a PDF."""

from flask import Blueprint

bp = Blueprint("verify", __name__, url_prefix="/verify")

from app.verify import crl, views  # noqa: E402,F401  (routes attach to bp)
