"""The web access log never carries a secret.

Tokens should not be in addresses at all any more (the tracking link's `?t=` is exchanged for a
cookie at once), but the one exchange request, an old bookmarked link, a client that sends a key
as a query parameter, the signing links `/sign/<token>` and `/api/v1/signing/<token>/…`, and an
access-log format that prints headers would all still write one. This filter rewrites each such
secret to "…" in every record of the web servers' loggers — werkzeug (`flask run`), gunicorn's
access and error logs (`make run`, production) — and the app's own, before any handler sees it.
"""

import logging
import re

from flask import Flask

REDACTED = "…"

# Query parameters that carry a credential (the tracking token, whatever a client calls its key) or
# personal data (the clerk queue's search `q`: an ID number or a phone).
_QUERY_SECRET = re.compile(r"([?&;](?:t|token|access_token|key|api_key|apikey|q)=)[^&#\s\"'\\]+", re.IGNORECASE)
# The tracking exchange's whole query (its parameter names may come percent-encoded: ?%74=<token>).
_TRACK_QUERY = re.compile(r"(/track/[^?\s\"']*\?)[^#\s\"'\\]+")
# The path segment after /sign/ and /api/v1/signing/ is a one-time signing token.
_SIGNING_PATH = re.compile(r"(/(?:api/v1/signing|sign)/)[^/?#\s\"'\\]+")
# A credential after its scheme, wherever a header value is printed ("Bearer abc", "Basic …").
_AUTH_SCHEME = re.compile(r"\b(Bearer|Basic|Token)(\s+)[^\s\"',;\\]+", re.IGNORECASE)
# An Authorization header printed as name and value, whatever its scheme.
_AUTH_HEADER = re.compile(r"(\bauthorization[\"']?\s*[:=]\s*[\"']?)(?!(?:Bearer|Basic|Token)\s)[^\s\"',;\\]+",
                          re.IGNORECASE)
# Cookies that hold a credential: the applicant's tracking cookie and the staff session.
_COOKIE_SECRET = re.compile(r"(\b(?:kaiban_track_\w+|session|remember_token)=)[^;\s\"',\\]+")

# The loggers whose records reach an access or error log of the web app.
WEB_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


def redact(text: str) -> str:
    """`text` with every secret it carries rewritten to "…"."""
    text = _TRACK_QUERY.sub(rf"\g<1>{REDACTED}", text)
    text = _QUERY_SECRET.sub(rf"\g<1>{REDACTED}", text)
    text = _SIGNING_PATH.sub(rf"\g<1>{REDACTED}", text)
    text = _AUTH_SCHEME.sub(rf"\g<1>\g<2>{REDACTED}", text)
    text = _AUTH_HEADER.sub(rf"\g<1>{REDACTED}", text)
    return _COOKIE_SECRET.sub(rf"\g<1>{REDACTED}", text)


class RedactSecrets(logging.Filter):
    """Rewrites the secrets out of a record's message (its format and arguments merged first, as
    werkzeug and gunicorn pass the request line and headers as arguments)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: leave it to the handler's own error path
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install(app: Flask) -> None:
    """Filter the web servers' loggers and the app's; once per logger, however many apps are made."""
    for logger in (*map(logging.getLogger, WEB_LOGGERS), app.logger):
        if not any(isinstance(existing, RedactSecrets) for existing in logger.filters):
            logger.addFilter(RedactSecrets())
