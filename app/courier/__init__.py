"""Courier pickup staff (邮寄揽收): today's pickups, labels and manifest, scan to pick up and deliver."""

from flask import Blueprint

bp = Blueprint("courier", __name__, url_prefix="/courier")

from app.courier import views  # noqa: E402,F401  (routes attach to bp)
