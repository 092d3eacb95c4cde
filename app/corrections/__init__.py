"""补正 for the applicant: the page that shows the named fields and takes the corrected values."""

from flask import Blueprint

bp = Blueprint("corrections", __name__)

from app.corrections import views  # noqa: E402,F401  (routes attach to bp)
