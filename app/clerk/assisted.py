"""帮代办: a clerk fills the one form for a walk-in applicant, who leaves with a printed slip."""

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from app.applications.tokens import access_token
from app.clerk import bp
from app.clerk.detail import application_or_404
from app.models import Channel, Role
from app.pipeline import operations
from app.sla.lights import sla_view
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
        form_lead=_("请按申请人提供的材料逐项填写，提交后打印回执交给申请人，申请人凭回执上的二维码查询进度。"),
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
    application = operations.submit(form, channel=Channel.WINDOW, actor=current_user.display_name).application
    return redirect(url_for("clerk.assisted_slip", number=application.number), code=303)


@bp.get("/assisted/<number>/slip")
@role_required(*Role.WINDOW)
def assisted_slip(number: str):
    """The printable slip: number, access token, tracking link and its QR code, due time."""
    application = application_or_404(number)
    token = access_token(application.number, current_app.config["SECRET_KEY"])
    link = tracking.tracking_url(application.number, token)
    return render_template("clerk/assisted_slip.html", application=application, token=token, link=link,
                           qr=tracking.qr_svg(link, _("扫码查看办理进度")), sla=sla_view(application),
                           short_time=tracking.short_time, draft_key=ASSISTED_DRAFT_KEY)
