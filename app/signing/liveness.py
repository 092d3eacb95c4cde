"""The handle of an open liveness check (活体检测), for centres with SIGNING_LIVENESS on.

Between a passed identity check and the code, the party is at the identity provider's page. What
we need when they come back — which provider session, for which party and which check — travels
in a handle signed under SECRET_KEY (itsdangerous), not on the signature row: the page keeps it in
its session, an app gets it in the verify answer. It names the signature and its `verifications`
count at the check, so it is stale as soon as another check starts or the code has been sent, and
it lasts LIVENESS_MINUTES. The result itself is always asked of the provider, never of the party.
"""

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadData, URLSafeTimedSerializer
from marshmallow import RAISE, Schema, fields, validate

from app.models import Signature

LIVENESS_MINUTES = 15
HANDLE_MAX = 300
_SALT = "signing-liveness"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def handle_for(signature: Signature, session: str) -> str:
    """The handle of the provider's `session`, for this signature's current check."""
    return _serializer().dumps({"s": signature.id, "n": signature.verifications or 0, "l": session})


def session_of(handle: str, signature: Signature) -> str | None:
    """The provider's session a handle names, or None: forged, run out, another party's, or stale."""
    try:
        held = _serializer().loads(handle or "", max_age=LIVENESS_MINUTES * 60)
    except BadData:
        return None
    if not isinstance(held, dict) or held.get("s") != signature.id or held.get("n") != (signature.verifications or 0):
        return None
    session = held.get("l")
    return session if isinstance(session, str) and session else None


class LivenessSchema(Schema):
    """After the provider's page: the handle the verify answer gave."""

    class Meta:
        unknown = RAISE

    liveness = fields.String(required=True, error_messages={
        "required": _l("必填项，请填写"), "null": _l("必填项，请填写"), "invalid": _l("请填写文字")},
        validate=validate.Length(1, HANDLE_MAX, error=_l("活体检测已失效，请重新核验身份")))
