"""印模确认 on the tracking page: the applicant sees the seal impressions and confirms them before carving."""

from dataclasses import dataclass
from datetime import datetime

from flask import redirect
from flask_babel import gettext as _
from markupsafe import Markup

from app.extensions import db, limiter
from app.issuance.operations import confirm_impressions
from app.issuance.queries import voucher_of
from app.models import Application
from app.public import bp
from app.vocabulary import SEAL_LABELS
from app.web.access import application_for_request, clean_track_url
from seals.impression import impression_svg, inline_impression


@dataclass(frozen=True)
class SealPreview:
    kind: str
    label: str
    code: str
    free: bool
    svg: Markup


@dataclass(frozen=True)
class SealPreviews:
    """What the tracking page's 印模确认 section shows."""

    seals: list[SealPreview]
    confirmed_at: datetime | None
    redeemed_at: datetime | None
    carved_at: datetime | None
    voucher_code: str


def seal_previews(application: Application) -> SealPreviews | None:
    """The impressions of the application's voucher, or None before the voucher is issued."""
    voucher = voucher_of(application)
    if voucher is None:
        return None
    person = application.form["legal_representative"]["name"]
    previews = []
    for seal in voucher.seals:
        label = str(SEAL_LABELS.get(seal["kind"], seal["kind"]))
        svg = impression_svg(seal["kind"], application.company_name, seal["code"], person_name=person,
                             taxpayer_id=application.uscc)
        previews.append(SealPreview(seal["kind"], label, seal["code"], seal["free"],
                                    Markup(inline_impression(svg, seal["kind"], _("%(seal)s：%(company)s", seal=label,
                                                                                   company=application.company_name)))))
    return SealPreviews(previews, voucher.impressions_confirmed_at, voucher.redeemed_at, voucher.carved_at,
                        voucher.code)


@bp.post("/track/<number>/impressions/confirm")
@limiter.limit("30 per hour")
def confirm_seal_impressions(number: str):
    application = application_for_request(number, applicant_only=True)
    voucher = voucher_of(application)
    if voucher is not None:
        confirm_impressions(voucher)
        db.session.commit()
    return redirect(clean_track_url(number, "seals"), code=303)
