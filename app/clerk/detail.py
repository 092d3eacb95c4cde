"""One application as the clerk sees it: the form, each step, the clock, the audit trail, the documents."""

from flask import abort, render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.audit.operations import record_event
from app.audit.queries import events_of
from app.clerk import bp
from app.clerk.follow_ups import overdue_promise_ids
from app.clerk.forms import CorrectionForm, NoteForm, PromiseForm
from app.clerk.words import audit_rows, note_in_words
from app.eseals.issue import seals_of
from app.extensions import db
from app.issuance.build import FILE_NAMES
from app.models import Application, ApplicationStatus, Role, StepStatus
from app.review.queries import correctable_fields, name_refused, open_correction, promises_of
from app.rules.id_number import mask_id
from app.signing.documents import role_words
from app.signing.queries import signatures_of
from app.sla.lights import pauses_of, sla_view
from app.timefmt import local
from app.vocabulary import (
    AGENCIES,
    CHOICE_LABELS,
    DOCUMENT_LABELS,
    ENTITY_TYPE_LABELS,
    LIGHT_LABELS,
    SEAL_LABELS,
    SIGNATURE_STATUS_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    STEP_LABELS,
    STEP_STATUS_LABELS,
)
from app.web.form_page import field_label
from app.web.guards import role_required
from app.web.serialize import document_kinds


def application_or_404(number: str) -> Application:
    application = db.session.scalar(select(Application).where(Application.number == number))
    if application is None:
        abort(404)
    return application


def in_words(path: str, value) -> str:
    """A coded answer in words ("llc" → 有限责任公司); other values as typed."""
    labels = CHOICE_LABELS.get(path, {})
    return str(labels.get(value, value))


def form_rows(form: dict, reveal_ids: bool, prefix: str = "") -> list[tuple[str, str]]:
    """The applicant's form as (path, value) lines; ID numbers masked unless `reveal_ids`."""
    rows: list[tuple[str, str]] = []
    for key, value in form.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            rows += form_rows(value, reveal_ids, path + ".")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, item in enumerate(value):
                rows += form_rows(item, reveal_ids, f"{path}.{index}.")
        elif isinstance(value, list):
            rows.append((path, _("、").join(in_words(path, v) for v in value)))
        elif key == "id_number" and not reveal_ids:
            rows.append((path, mask_id(str(value))))
        else:
            rows.append((path, in_words(path, value)))
    return rows


def party_rows(application: Application) -> list[dict]:
    """Each party's signature as the clerk sees it: name, roles in the 申请书's words, state, when, witness."""
    return [{"position": signature.position, "name": signature.name,
             # The words are msgids of the signing page (法定代表人, 股东, …): the same in English.
             "roles": _("、").join(_(word) for word in role_words(application.entity_type, tuple(signature.roles))),
             "status": signature.status, "status_label": SIGNATURE_STATUS_LABELS.get(signature.status, signature.status),
             "at": local(signature.signed_at), "witnessed_by": signature.witnessed_by if signature.witnessed_at else None,
             "reason": signature.decline_reason}
            for signature in signatures_of(application)]


# The application page's forms, by name; each decision posts one of them.
PAGE_FORMS = {"note": NoteForm, "promise": PromiseForm, "correction": CorrectionForm}
# Steps a person reads about only when they concern this application (证照邮寄 for a courier delivery).
COURIER_ONLY_STEPS = ("shipment",)


def shown_steps(application: Application) -> list:
    """The steps the page lists: a window pickup has no courier booking to show."""
    courier = application.form.get("delivery", {}).get("method") == "courier"
    return [step for step in application.steps if courier or step.name not in COURIER_ONLY_STEPS]


def render_application(application: Application, problem: str | None = None, status: int = 200,
                       forms: dict | None = None):
    supervisor = current_user.has_role(Role.SUPERVISOR)
    form_lines = form_rows(application.form, supervisor)
    if supervisor and any(path.rsplit(".", 1)[-1] == "id_number" for path, _value in form_lines):
        # Every page a supervisor sees full ID numbers on is audited, also when it is shown again
        # after a refused decision (whose writes the refusal handler rolled back before this).
        record_event("viewed_full_id", current_user, application)
        db.session.commit()
    parties = party_rows(application)
    audit = audit_rows(events_of(application), {party["position"]: party["name"] for party in parties})
    forms = {key: form_class() for key, form_class in PAGE_FORMS.items()} | (forms or {})
    kinds = document_kinds(application)
    return render_template(
        "clerk/application.html", application=application, form_lines=form_lines,
        sla=sla_view(application), pauses=pauses_of(application), audit=audit,
        status_note=note_in_words(application.status_note), steps=shown_steps(application),
        documents=[(kind, DOCUMENT_LABELS.get(kind, kind)) for kind in kinds],
        printable=any(kind in FILE_NAMES for kind in kinds), overdue=overdue_promise_ids(application),
        may_reject=application.status in ApplicationStatus.REJECTABLE,
        correction=open_correction(application),
        promises=promises_of(application), correctable=correctable_fields(), name_refused=name_refused(application), forms=forms, problem=problem,
        parties=parties, eseals=seals_of(application), may_witness=application.status == ApplicationStatus.AWAITING_SIGNATURES,
        stuck=StepStatus.STUCK, may_decide=application.status in ApplicationStatus.OPEN,
        before_ready=application.status in ApplicationStatus.BEFORE_READY, local=local, field_label=field_label,
        labels={"status": STATUS_LABELS, "step": STEP_LABELS, "step_status": STEP_STATUS_LABELS, "agency": AGENCIES,
                "light": LIGHT_LABELS, "stage": STAGE_LABELS, "entity": ENTITY_TYPE_LABELS,
                "seal": SEAL_LABELS},
    ), status


@bp.get("/applications/<number>")
@role_required(*Role.WINDOW)
def application(number: str):
    return render_application(application_or_404(number))
