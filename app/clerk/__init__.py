"""The startup-zone clerk's window (企业开办专区窗口): queue, one application, actions, statistics."""

from flask import Blueprint

bp = Blueprint("clerk", __name__, url_prefix="/clerk")

from app.clerk import (  # noqa: E402,F401  (routes attach to bp)
    actions,
    archive,
    assisted,
    audit,
    banner,
    calendar,
    detail,
    eseals,
    layout,
    queue,
    refusals,
    reports,
    staff,
    stats_views,
    token_reissue,
    witness,
)
from app.clerk import print as print_job  # noqa: E402,F401  (the window's print job)
