"""帮代办: a clerk fills the one form for a walk-in applicant, who leaves with a printed slip."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from app.clerk import bp
from app.clerk.detail import application_or_404
from app.documents.labels import mask_phone
from app.models import Channel, Role
from app.pipeline import operations
from app.sla.lights import sla_view
from app.urls import public_url
from app.web import tracking
from app.web.form_page import FormState, choices
from app.web.guards import role_required
from forms.html import form_to_payload
from forms.schema import validate_application

# Its own draft slot: a walk-in's half-typed form must never prefill an online applicant's, nor theirs this one.
ASSISTED_DRAFT_KEY = "kaiban-assisted-draft"


def render_assisted_form(state: FormState):
    return render_template(
        "public/form.html", form=state, choices=choices(), form_action=url_for("clerk.assisted"),
        form_heading=_("帮代办：代申请人填写一表申请"), form_caption=_("窗口帮代办"),
        form_lead=_("请按申请人提供的材料逐项填写，提交后打印回执交给申请人；查询链接以短信发送至申请人联系电话。"),
        submit_label=_("提交并打印回执"), draft_key=ASSISTED_DRAFT_KEY)


@bp.get("/assisted")
@role_required(*Role.WINDOW)
def assisted():
    return render_assisted_form(FormState(MultiDict(), fresh=True))


@bp.post("/assisted")
@role_required(*Role.WINDOW)
def assisted_submit():
    values = request.form
    if "add_shareholder" in values:
        return render_assisted_form(FormState(values, extra_rows=1))
    form, errors = validate_application(form_to_payload(values))
    if errors:
        return render_assisted_form(FormState(values, errors))
    # Filed by the clerk on the applicant's behalf: the audit trail names the clerk (the User), not "applicant".
    application = operations.submit(form, channel=Channel.WINDOW, actor=current_user._get_current_object()).application
    return redirect(url_for("clerk.assisted_slip", number=application.number), code=303)


@bp.get("/assisted/<number>/slip")
@role_required(*Role.WINDOW)
def assisted_slip(number: str):
    """The printable slip: number, due time, and the applicant's own way back — never their token.

    The tracking link goes by SMS to the contact phone (shown masked); the QR code and the printed
    address lead to /track, where the applicant asks for it again with the number and that phone.
    """
    application = application_or_404(number)
    lookup = public_url(url_for("public.track_lookup"))  # "查进度": number + phone → the link again, by SMS
    return render_template("clerk/assisted_slip.html", application=application, lookup=lookup,
                           phone=mask_phone(application.form["contact"]["phone"]),
                           qr=tracking.qr_svg(lookup, _("扫码重新获取查询链接")), sla=sla_view(application),
                           short_time=tracking.short_time, draft_key=ASSISTED_DRAFT_KEY)
