"""The tracking page, gathered once: the API's view of the application in words, and each part
below the steps (pause, 补正, 印模确认, 办不成事, 好差评). Its templates only show what they are given;
none of them reads the database, so the page is the same whether it is asked for or shown again
after a refused report or rating.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from flask import render_template
from flask_babel import gettext as _

from app.desk.queries import aftercare_of
from app.models import Application, ApplicationStatus
from app.public.seals import seal_previews
from app.review.queries import correction_for
from app.shipping.queries import delivery_for
from app.signing.documents import role_words
from app.signing.lifecycle import deadline_words
from app.signing.queries import signatures_of
from app.signing.reasons import REASONED
from app.vocabulary import (
    LIGHT_LABELS,
    PARTY_ROLE_LABELS,
    SIGNATURE_STATUS_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    STEP_LABELS,
    STEP_STATUS_LABELS,
)
from app.web import tracking
from app.web.serialize import application_json


@dataclass(frozen=True)
class Problem:
    """A refused report or rating: the form it came from ("report" or "rating"), why, and what was
    typed (shown again in that form)."""

    form: str
    message: str
    typed: Mapping[str, str]


def tracking_page(application: Application, problem: Problem | None = None, clear_draft: bool = False) -> str:
    """The tracking page of application; `problem` is shown beside the form it came from.

    It carries no token: every link and form on it stays under /track/<number>, where the cookie goes.
    """
    view = application_json(application)
    link = tracking.tracking_url(application.number)
    waiting_for_correction = application.status == ApplicationStatus.AWAITING_CORRECTION
    return render_template(
        "public/track.html", application=application, view=view, clear_draft=clear_draft,
        status_label=STATUS_LABELS.get(view["status"], view["status"]),
        documents=tracking.documents(view), link=link,
        qr=tracking.qr_svg(link, application.company_name), words=tracking.page_words(),
        short_time=tracking.short_time, step_time=tracking.step_time,
        labels={"step": STEP_LABELS, "step_status": STEP_STATUS_LABELS, "light": LIGHT_LABELS, "stage": STAGE_LABELS},
        correction=correction_for(application) if waiting_for_correction else None,
        aftercare=aftercare_of(application), seal_previews=seal_previews(application),
        problems={problem.form: problem} if problem else {},
        signing=signing_view(application, view), delivery=delivery_for(application),
    )


def signing_view(application: Application, view: dict) -> dict:
    """_track_signatures.html: while it awaits signatures, each party (name masked, roles, signed when)
    and the deadline; for needs_review, awaiting_correction, rejected and withdrawn, the reason."""
    awaiting = view["status"] == ApplicationStatus.AWAITING_SIGNATURES
    parties = []
    for shown in view["signatures"]:  # API.md `signatures`: names already masked
        roles = role_words(application.entity_type, tuple(shown["party"]))
        parties.append({"name": shown["name"], "status": shown["status"],
                        "status_label": str(SIGNATURE_STATUS_LABELS.get(shown["status"], shown["status"])),
                        "roles": _("、").join(str(PARTY_ROLE_LABELS.get(role, role)) for role in roles),
                        "signed_at": tracking.short_time(shown["signed_at"])})
    deadlines = [s.expires_at for s in signatures_of(application)] if awaiting else []
    return {"awaiting": awaiting and bool(parties), "parties": parties,
            "deadline": deadline_words(min(deadlines)) if deadlines else "",
            "reason": view.get("status_reason") if view["status"] in REASONED else None,
            "labels": {key: str(label) for key, label in SIGNATURE_STATUS_LABELS.items()}}
