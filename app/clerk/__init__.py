"""The startup-zone clerk's window (企业开办专区窗口): queue, one application, actions, statistics."""

from flask import Blueprint

bp = Blueprint("clerk", __name__, url_prefix="/clerk")
