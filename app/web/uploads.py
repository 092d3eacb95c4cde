"""A request that takes a file larger than the app-wide MAX_CONTENT_LENGTH (a PDF to stamp or to verify).

Flask reads MAX_CONTENT_LENGTH when the body is first parsed, and Flask-WTF's CSRF check parses it
before any view runs — so such a route is exempted from the automatic check (`@csrf.exempt`) and
calls `accept_upload` first: the limit raised for this request alone, then the same CSRF check.
A body over the raised limit still raises RequestEntityTooLarge (413), from here.
"""

from flask import current_app, request

from app.extensions import csrf


def accept_upload(limit_bytes: int) -> None:
    request.max_content_length = limit_bytes
    if current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()
