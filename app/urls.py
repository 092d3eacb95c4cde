"""Absolute links to our own pages, for what is read away from the site: QR codes, labels, documents."""

from flask import current_app


def public_url(path: str) -> str:
    """PUBLIC_BASE_URL joined with a path that starts with "/" (the request's host may be internal)."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path
