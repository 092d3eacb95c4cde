"""The startup-zone clerk's window (企业开办专区窗口): queue, one application, actions, statistics."""

from flask import Blueprint

bp = Blueprint("clerk", __name__, url_prefix="/clerk")

from app.clerk import assisted, layout, reports, stats_views  # noqa: E402,F401  (帮代办, 办不成事, statistics)
from app.clerk import print as print_job  # noqa: E402,F401  (the window's print job)
