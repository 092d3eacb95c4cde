"""/sign/<token>: the page a party opens from the SMS link — mobile first, plain HTML forms.

The same operations and schemas as the JSON API (app/api/signing.py, API.md Signing): step 1 the
ID number (实名核验, then a 6-digit code by SMS), step 2 the code and 签署 or 拒绝签署. The handle
of a passed check is kept in the session, bound to this link, never in an address (it is useless
without the code). A refusal that counted a failure is committed before the page answers, so the
lock after SIGNING_MAX_FAILURES holds; the last signature commits and queues the pipeline
(`commit_and_queue`), as the API does. Each POST that succeeds redirects back to the page (303).

With SIGNING_LIVENESS a passed identity check leads to a link to the identity provider's liveness
page (活体检测), the check's handle held in the session; the provider sends it back to
/sign/<token>/liveness, which asks the provider for the result (a query parameter proves nothing)
and only then texts the code.
"""


from flask import current_app, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from app.extensions import db
from app.messages.resend import parse
from app.models import Application, Signature
from app.pipeline.operations import commit_and_queue
from app.public import bp
from app.signing import codes, operations
from app.signing.attempts import limit_signing
from app.signing.delivery import commit_and_deliver
from app.signing.documents import role_words
from app.signing.parties import mask_name
from app.signing.queries import answer_state, code_usable, filing_kinds, signature_for_token, signatures_of
from app.signing.schemas import DecideSchema, VerifySchema
from app.timefmt import local
from app.urls import public_url
from app.vocabulary import DOCUMENT_LABELS, PARTY_ROLE_LABELS, SIGNATURE_STATUS_LABELS, STATUS_LABELS

CHECK = "signing_check"  # the session's passed identity check: {"link", "verification", "sent_to"}
LIVENESS = "signing_liveness"  # the session's open liveness check: {"link", "handle", "url"}


def _link_key(token: str) -> str:
    """Which link a check in the session belongs to (a prefix of the token's digest, not the token)."""
    return codes.digest(token)[:16]


def held_check(token: str, signature: Signature) -> dict | None:
    """The passed identity check this browser holds for this link, while its code can still be used."""
    held = session.get(CHECK)
    if not isinstance(held, dict) or held.get("link") != _link_key(token):
        return None
    return held if code_usable(signature, str(held.get("verification", ""))) else None


def held_liveness(token: str) -> dict | None:
    """The liveness check this browser has open for this link (its handle is checked when used)."""
    held = session.get(LIVENESS)
    return held if isinstance(held, dict) and held.get("link") == _link_key(token) else None


def _party(application: Application, signature: Signature) -> dict:
    roles = role_words(application.entity_type, tuple(signature.roles))
    return {"name": signature.name, "roles": _("、").join(str(PARTY_ROLE_LABELS.get(role, role)) for role in roles)}


def _others(application: Application, signature: Signature) -> list[dict]:
    """The other parties, names masked (张*), and their answers."""
    return [{"name": mask_name(other.name), "status": other.status,
             "status_label": str(SIGNATURE_STATUS_LABELS.get(other.status, other.status))}
            for other in signatures_of(application) if other.id != signature.id]


def _page(token: str, signature: Signature, errors: dict | None = None, notice: str | None = None,
          values: dict | None = None, status: int = 200, retry_after: int | None = None):
    application = db.session.get(Application, signature.application_id)
    state, lock_minutes = answer_state(signature, application)
    check = held_check(token, signature) if state == "open" else None
    open_liveness = held_liveness(token) if state == "open" and check is None else None
    documents = [{"kind": kind, "label": DOCUMENT_LABELS.get(kind, kind),
                  "url": url_for("api.signing_document", token=token, kind=kind)}
                 for kind in filing_kinds(application.id)]
    response = make_response(render_template(
        "public/sign.html", token=token, application=application, signature=signature, state=state,
        lock_minutes=lock_minutes, check=check, party=_party(application, signature), documents=documents,
        others=_others(application, signature), status_label=STATUS_LABELS.get(application.status, application.status),
        expires=local(signature.expires_at), answered=local(signature.signed_at), errors=errors or {},
        notice=notice, values=values or {}, liveness_url=(open_liveness or {}).get("url"),
        liveness_on=current_app.config["SIGNING_LIVENESS"]), status)
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _missing():
    """An unknown, malformed or expired link: a page that says what to do, 404."""
    return render_template("public/sign_missing.html"), 404


def _refused(token: str, signature: Signature, refusal: operations.SigningRefused, field: str, values: dict):
    """The refusal beside its field when that field is still on the page, else above the form."""
    db.session.commit()  # a failure it counted (and any lock) must outlive this answer
    shown = "sms_code" if held_check(token, signature) is not None else "id_number"
    if refusal.status == 422 and field == shown:
        return _page(token, signature, errors={field: [refusal.message]}, values=values, status=422)
    return _page(token, signature, notice=refusal.message, values=values, status=refusal.status,
                 retry_after=refusal.retry_after)


@bp.get("/sign/<token>")
def sign_page(token: str):
    signature = signature_for_token(token)
    return _missing() if signature is None else _page(token, signature)


@bp.get("/sign/<token>/verify")
@bp.get("/sign/<token>/decide")
@bp.get("/sign/<token>/again")
def sign_step_again(token: str):
    """A step's address opened by itself (the language switch on an answer to a POST): the page."""
    lang = request.args.get("lang")
    return redirect(url_for("public.sign_page", token=token, **({"lang": lang} if lang else {})), code=303)


@bp.post("/sign/<token>/verify")
@limit_signing
def sign_verify(token: str):
    """Step 1: the ID number; on a passed check the code is texted and the page asks for it."""
    signature = signature_for_token(token)
    if signature is None:
        return _missing()
    typed = {"id_number": request.form.get("id_number", "")}
    values, errors = parse(typed, VerifySchema(), strip=True)
    if errors:
        return _page(token, signature, errors=errors, values=typed, status=422)
    back = public_url(url_for("public.sign_liveness", token=token))
    try:
        verified = operations.verify_party(signature, values["id_number"], return_url=back)
    except operations.SigningRefused as refusal:
        return _refused(token, signature, refusal, "id_number", typed)
    if isinstance(verified, operations.LivenessNeeded):  # the provider's page first; it sends them back
        db.session.commit()
        session.pop(CHECK, None)
        session[LIVENESS] = {"link": _link_key(token), "handle": verified.handle, "url": verified.url}
        # Our page links on to the provider's: a form's redirect off the site is refused by CSP form-action.
        return redirect(url_for("public.sign_page", token=token), code=303)
    return _code_sent(token, verified)


def _code_sent(token: str, verified: operations.Verified):
    commit_and_deliver([verified.message_key])  # the code's SMS on the phone before the page says it was sent
    session.pop(LIVENESS, None)  # a liveness check, if one led here, is spent once this is stored
    session[CHECK] = {"link": _link_key(token), "verification": verified.verification,
                      "sent_to": verified.sms_sent_to}
    return redirect(url_for("public.sign_page", token=token), code=303)  # autofocus: the code field


@bp.get("/sign/<token>/liveness")
def sign_liveness(token: str):
    """Back from the provider's liveness page: its result, asked of the provider, then the code."""
    signature = signature_for_token(token)
    if signature is None:
        return _missing()
    if held_check(token, signature) is not None:  # the code was sent already (a reload): step 2
        return redirect(url_for("public.sign_page", token=token), code=303)
    held = held_liveness(token)
    if held is None:
        state, _minutes = answer_state(signature, db.session.get(Application, signature.application_id))
        if state != "open":
            return _page(token, signature)
        return _page(token, signature, notice=_("活体检测已失效，请重新核验身份"), status=422)
    try:
        verified = operations.confirm_liveness(signature, str(held.get("handle", "")))
    except operations.SigningRefused as refusal:
        if refusal.status != 409 or signature.verification_digest is not None:
            session.pop(LIVENESS, None)  # spent; a check not yet finished stays open, with its link
        return _refused(token, signature, refusal, "liveness", {})
    return _code_sent(token, verified)


@bp.post("/sign/<token>/again")
@limit_signing
def sign_restart(token: str):
    """Step 2 → step 1: forget this browser's check (the code did not come); the ID number again sends a new one."""
    held = session.get(CHECK)
    if isinstance(held, dict) and held.get("link") == _link_key(token):
        session.pop(CHECK, None)
    if held_liveness(token) is not None:
        session.pop(LIVENESS, None)
    return redirect(url_for("public.sign_page", token=token), code=303)


@bp.post("/sign/<token>/decide")
@limit_signing
def sign_decide(token: str):
    """Step 2: the code, and 签署 or 拒绝签署 (with a reason); then the page says how it stands."""
    signature = signature_for_token(token)
    if signature is None:
        return _missing()
    typed = {field: request.form.get(field, "") for field in ("sms_code", "decision", "reason")}
    held = held_check(token, signature)
    if held is None:  # no check passed in this browser, or its code has run out: nothing to try
        state, _minutes = answer_state(signature, db.session.get(Application, signature.application_id))
        return _page(token, signature, notice=_("验证码已失效，请重新核验身份获取新的验证码"),
                     status={"open": 422, "locked": 429}.get(state, 409))
    values, errors = parse({**typed, "verification": held["verification"]}, DecideSchema(), strip=True)
    if errors:
        return _page(token, signature, errors=errors, values=typed, status=422)
    try:
        decided = operations.decide(signature, values["verification"], values["sms_code"], values["decision"],
                                    values["reason"])
    except operations.SigningRefused as refusal:
        return _refused(token, signature, refusal, "sms_code", typed)
    application = db.session.get(Application, signature.application_id)
    if decided.accepted:
        commit_and_queue(application)  # the last signature (受理): commit, then queue the pipeline
    else:
        db.session.commit()
    session.pop(CHECK, None)
    return redirect(url_for("public.sign_page", token=token), code=303)
