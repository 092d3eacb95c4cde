"""The tracking page, gathered once: the API's view of the application in words, and each part
below the steps (容缺 follow-ups, what to expect, pause, 补正, 印模确认, 电子印章, 证照邮寄, 办不成事,
好差评).
Its templates only show what they are given; none of them reads the database, so the page is the
same whether it is asked for or shown again after a refused report or rating.

The page keeps itself up to date (static/track.js): the live view it polls carries the steps in the
page's words and a version of each part; a part whose version moved is fetched again and swapped
in, so nothing on the page waits for a manual reload. A version is a keyed digest of what the part
shows (it tells nothing about the application to whoever reads it).
"""

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from app.desk.queries import Aftercare, aftercare_of
from app.extensions import db
from app.models import Application, ApplicationStatus, Document, StepStatus
from app.public.eseal_list import EsealRow, eseal_rows
from app.public.seals import SealPreviews, seal_previews
from app.review.follow_ups import FollowUp, follow_ups_of
from app.review.queries import correction_for
from app.shipping.queries import Delivery, delivery_for
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
from app.web.expectations import Expectations, expectations_of
from app.web.serialize import application_json

SEAL_STEP = "seal_carving"
WAITING = "waiting"  # the page's mark for a step done on the agencies' side that waits for the applicant


@dataclass(frozen=True)
class Problem:
    """A refused report or rating: the form it came from ("report" or "rating"), why, and what was
    typed (shown again in that form)."""

    form: str
    message: str
    typed: Mapping[str, str]


@dataclass(frozen=True)
class Parts:
    """What the parts of the page below the steps show."""

    correction: list[dict] | None
    aftercare: Aftercare
    seal_previews: SealPreviews | None
    eseals: list[EsealRow]  # 电子印章: [] until the seal step issues them
    delivery: Delivery | None
    follow_ups: list[FollowUp]
    expect: Expectations


def parts_of(application: Application) -> Parts:
    waiting_for_correction = application.status == ApplicationStatus.AWAITING_CORRECTION
    return Parts(correction_for(application) if waiting_for_correction else None, aftercare_of(application),
                 seal_previews(application), eseal_rows(application), delivery_for(application),
                 follow_ups_of(application), expectations_of(application))


def tracking_page(application: Application, problem: Problem | None = None, clear_draft: bool = False) -> str:
    """The tracking page of application; `problem` is shown beside the form it came from.

    It carries no token: every link and form on it stays under /track/<number>, where the cookie goes.
    """
    view = application_json(application)
    link = tracking.tracking_url(application.number)
    parts = parts_of(application)
    return render_template(
        "public/track.html", application=application, view=view, clear_draft=clear_draft,
        status_label=STATUS_LABELS.get(view["status"], view["status"]),
        steps=page_steps(view, parts.seal_previews),
        documents=page_documents(application, view), link=link,
        qr=tracking.qr_svg(link, application.company_name), words=tracking.page_words(),
        short_time=tracking.short_time,
        labels={"step": STEP_LABELS, "step_status": STEP_STATUS_LABELS, "light": LIGHT_LABELS, "stage": STAGE_LABELS},
        correction=parts.correction, aftercare=parts.aftercare, seal_previews=parts.seal_previews,
        eseals=parts.eseals, delivery=parts.delivery, follow_ups=parts.follow_ups, expect=parts.expect,
        versions=part_versions(application, view, parts),
        problems={problem.form: problem} if problem else {},
        signing=signing_view(application, view),
    )


def live_page(application: Application) -> dict:
    """What track.js polls: the live view, its steps and documents as the page shows them, and each part's version."""
    view = tracking.live_view(application)
    parts = parts_of(application)
    return view | {"steps": page_steps(view, parts.seal_previews),
                   "documents": [{"kind": d["kind"], "url": d["url"], "format": d["format"]}
                                 for d in page_documents(application, view)],
                   "parts": part_versions(application, view, parts)}


# ---------------------------------------------------------------- the steps


def seal_words(previews: SealPreviews) -> tuple[str, str | None]:
    """(status words, detail) of the seal step once the order is placed: carving waits for the
    applicant's 印模确认 (app.issuance.operations.mark_carved refuses before it)."""
    if previews.confirmed_at is None:
        return _("等待您确认印模"), _("印章已下单。请在下方“印模确认”中核对印模并确认，刻章企业在您确认后才会刻制。")
    if previews.carved_at is not None:
        return _("印章已刻制"), None
    if previews.redeemed_at is not None:
        return _("正在刻制"), _("您已确认印模，刻章企业已接单，正在刻制。")
    return _("已确认印模"), _("您已确认印模，等待刻章企业接单刻制。")


def page_steps(view: dict, previews: SealPreviews | None) -> list[dict]:
    """The API's steps with the words the page shows (`label`, `status_label`, `mark`, `time`); the seal
    step, its order placed, says where carving stands, and waits for the applicant until they confirm."""
    steps = []
    for step in view["steps"]:
        words = {"label": str(STEP_LABELS.get(step["step"], step["step"])),
                 "status_label": str(STEP_STATUS_LABELS.get(step["status"], step["status"])),
                 "mark": step["status"], "time": tracking.step_time(step)}
        if step["step"] == SEAL_STEP and step["status"] == StepStatus.DONE and previews is not None:
            words["status_label"], detail = seal_words(previews)
            words["detail"] = detail or step["detail"]
            words["mark"] = WAITING if previews.confirmed_at is None else StepStatus.DONE
        steps.append(step | words)
    return steps


# ---------------------------------------------------------------- the documents


def page_documents(application: Application, view: dict) -> list[dict]:
    """The documents as the page links them, each with its file format (the bundle is a ZIP)."""
    content_types = dict(db.session.execute(select(Document.kind, Document.content_type)
                                            .where(Document.application_id == application.id)).all())
    return [document | {"format": "zip" if content_types.get(document["kind"]) == "application/zip" else "pdf"}
            for document in tracking.documents(view)]


# ---------------------------------------------------------------- each part's version


def part_states(application: Application, view: dict, parts: Parts) -> dict[str, object]:
    """What each live part of the page shows, as plain values (their repr is stable between requests)."""
    name_step = next((s for s in application.steps if s.name == "name_approval"), None)
    previews = parts.seal_previews
    rating = parts.aftercare.rating
    return {
        "follow-up": parts.follow_ups,
        "expect": parts.expect,
        "name": (name_step.status, name_step.result) if name_step else None,
        "pause": (view["sla"]["paused"], view["sla"]["pause_reason"]),
        "correction": parts.correction,
        "seals": (previews.voucher_code, [s.kind for s in previews.seals], previews.confirmed_at,
                  previews.redeemed_at, previews.carved_at) if previews else None,
        "eseals": parts.eseals,
        "delivery": parts.delivery,
        "rating": ((rating.score, rating.comment) if rating else None, parts.aftercare.can_rate),
        "report": [(r.id, r.answered_at, r.answer) for r in parts.aftercare.reports],
    }


def part_versions(application: Application, view: dict, parts: Parts) -> dict[str, str]:
    key = current_app.config["SECRET_KEY"].encode()
    return {part: hmac.new(key, repr(state).encode(), hashlib.sha256).hexdigest()[:16]
            for part, state in part_states(application, view, parts).items()}


# ---------------------------------------------------------------- signatures


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
