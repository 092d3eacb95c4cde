"""The public interface, /api/v1 (see shared/API.md): fields may be added, never renamed."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from app.api import openapi, resend, signing, views, vouchers  # noqa: E402,F401  (routes attach to bp)
