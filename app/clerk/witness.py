"""现场核验并签署 (帮代办): the clerk witnesses a party who is present at the window.

Step 1, the clerk: ticks that the ID card original was checked in person and types the number as
read from the card; the identity check runs as through the link (operations.verify_party) and a
code goes to the party's phone. Step 2, the party, on the window's screen: types the code and
confirms 签署. The passed check is held in the clerk's session, bound to that signature and clerk,
never in an address. A refusal that counted a failure is committed before the page answers (the
lock after SIGNING_MAX_FAILURES holds, as on the link); the last signature commits and queues the
pipeline (`commit_and_queue`). Only the window's roles; CSRF on every POST (Flask-WTF).
"""


from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from app.clerk import bp
from app.clerk.detail import application_or_404, party_rows
from app.extensions import db
from app.models import Application, Role, Signature
from app.pipeline.operations import commit_and_queue
from app.privacy import decrypt_value
from app.signing import operations
from app.signing.delivery import commit_and_deliver
from app.signing.parties import mask_phone
from app.signing.queries import answer_state, code_usable, filing_kinds
from app.vocabulary import DOCUMENT_LABELS
from app.web.guards import role_required

CHECK = "witness_check"  # the clerk's session: {"signature", "clerk", "verification", "sent_to"}
RULE = "/applications/<number>/parties/<int:position>/witness"


class WitnessVerifyForm(FlaskForm):
    id_card_checked = BooleanField(_l("已现场核验签署人本人的居民身份证原件，人证一致"), validators=[
        DataRequired(_l("请先现场核验签署人的身份证原件，并勾选确认"))])
    id_number = StringField(_l("身份证件号码（按证件原件录入）"), validators=[
        DataRequired(_l("请按身份证原件填写签署人的身份证件号码")), Length(max=32)])


class WitnessSignForm(FlaskForm):
    sms_code = StringField(_l("短信验证码"), validators=[
        DataRequired(_l("请签署人填写手机收到的6位验证码")),
        Regexp(r"^\s*\d{6}\s*$", message=_l("验证码为6位数字，请核对短信"))])


def _signature(application: Application, position: int) -> Signature:
    signature = db.session.scalar(select(Signature).where(Signature.application_id == application.id,
                                                          Signature.position == position))
    if signature is None:
        abort(404)
    return signature


def held_check(signature: Signature) -> dict | None:
    """The passed check this clerk holds for this signature, while its code can still be used."""
    held = session.get(CHECK)
    if not isinstance(held, dict) or held.get("signature") != signature.id or held.get("clerk") != current_user.id:
        return None
    return held if code_usable(signature, str(held.get("verification", ""))) else None


def _page(application: Application, signature: Signature, status: int = 200, notice: str | None = None,
          verify_form: WitnessVerifyForm | None = None, sign_form: WitnessSignForm | None = None):
    state, lock_minutes = answer_state(signature, application)
    party = next(row for row in party_rows(application) if row["position"] == signature.position)
    verify_form, sign_form = verify_form or WitnessVerifyForm(formdata=None), sign_form or WitnessSignForm(formdata=None)
    errors = {name: messages for form in (verify_form, sign_form) for name, messages in form.errors.items()}
    return render_template(
        "clerk/witness.html", application=application, signature=signature, party=party, state=state,
        lock_minutes=lock_minutes, check=held_check(signature) if state == "open" else None, notice=notice,
        verify_form=verify_form, sign_form=sign_form, errors=errors,
        phone=mask_phone(decrypt_value(signature.phone)),
        documents=[(kind, DOCUMENT_LABELS.get(kind, kind)) for kind in filing_kinds(application.id)]), status


def _refused(application: Application, signature: Signature, refusal: operations.SigningRefused, field: str,
             form: FlaskForm):
    """The refusal beside its field (422), or above the form (a lock, a closed application, a service down)."""
    db.session.commit()  # a failure it counted (and any lock) must outlive this answer
    if refusal.status == 422 and field in form:
        form[field].errors = [refusal.message]
        response = _page(application, signature, 422, **{_form_name(form): form})
    else:
        response = _page(application, signature, refusal.status, notice=refusal.message)
    if refusal.retry_after is not None:
        page, status = response
        return page, status, {"Retry-After": str(refusal.retry_after)}
    return response


def _form_name(form: FlaskForm) -> str:
    return "verify_form" if isinstance(form, WitnessVerifyForm) else "sign_form"


@bp.get(RULE)
@role_required(*Role.WINDOW)
def witness(number: str, position: int):
    application = application_or_404(number)
    return _page(application, _signature(application, position))


@bp.post(RULE + "/verify")
@role_required(*Role.WINDOW)
def witness_verify(number: str, position: int):
    """Step 1: the ID card checked in person, its number typed; on a passed check a code is texted."""
    application = application_or_404(number)
    signature = _signature(application, position)
    form = WitnessVerifyForm()
    if not form.validate_on_submit():
        return _page(application, signature, 422, verify_form=form)
    try:
        verified = operations.verify_party(signature, form.id_number.data.strip(),
                                           witness=current_user._get_current_object())
    except operations.SigningRefused as refusal:
        return _refused(application, signature, refusal, "id_number", form)
    commit_and_deliver([verified.message_key])  # the check, the witness and the code's SMS, sent from here
    session[CHECK] = {"signature": signature.id, "clerk": current_user.id, "verification": verified.verification,
                      "sent_to": verified.sms_sent_to}
    return redirect(url_for("clerk.witness", number=number, position=position), code=303)


@bp.post(RULE + "/again")
@role_required(*Role.WINDOW)
def witness_restart(number: str, position: int):
    """Back to step 1 (the code did not come): the card is checked and a new code sent again."""
    session.pop(CHECK, None)
    return redirect(url_for("clerk.witness", number=number, position=position), code=303)


@bp.post(RULE + "/sign")
@role_required(*Role.WINDOW)
def witness_sign(number: str, position: int):
    """Step 2: the party's code, and 签署; then back to the application, which says how it stands."""
    application = application_or_404(number)
    signature = _signature(application, position)
    form = WitnessSignForm()
    held = held_check(signature)
    if held is None:
        state, _minutes = answer_state(signature, application)
        return _page(application, signature, {"open": 422, "locked": 429}.get(state, 409),
                     notice=_("验证码已失效，请重新现场核验身份证并获取新的验证码"))
    if not form.validate_on_submit():
        return _page(application, signature, 422, sign_form=form)
    try:
        decided = operations.decide(signature, held["verification"], form.sms_code.data.strip(), operations.SIGN,
                                    witness=current_user._get_current_object())
    except operations.SigningRefused as refusal:
        return _refused(application, signature, refusal, "sms_code", form)
    if decided.accepted:
        commit_and_queue(application)  # the last signature (受理): commit, then queue the pipeline
    else:
        db.session.commit()
    session.pop(CHECK, None)
    flash(_("%(name)s已在窗口现场签署", name=signature.name))
    if decided.accepted:
        flash(_("全部签署人已签署，申请已受理，开始办理"))
    return redirect(url_for("clerk.application", number=number), code=303)
