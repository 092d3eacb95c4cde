"""The company's electronic seals on the tracking page: the list and each seal's impression image.

The list shows what a seal is, never what would let anyone use it: the impression, the seal's name,
its certificate serial (as /verify lists it, so a partner can compare), when it was issued and
whether it is in force (app.eseals.standing: a seal falls with its licence, and holds only once the
application is done). The impression is served to the same people who may open the tracking page
(the applicant's cookie or token, or a clerk), privately cached: it changes only if the seal does.
"""

import hashlib
from dataclasses import dataclass

from flask import Response, abort, request
from flask_babel import gettext as _
from sqlalchemy.orm import load_only

from app.eseals.appearance import impression_of
from app.eseals.standing import Standing, standing
from app.extensions import db
from app.models import Application
from app.models.eseals import ElectronicSeal
from app.public import bp
from app.timefmt import local
from app.vocabulary import SEAL_LABELS
from app.web.access import application_for_request

# An impression is drawn once with its seal; the browser may keep it a day (revalidated by its ETag).
IMPRESSION_MAX_AGE = 24 * 3600
LISTED_COLUMNS = (ElectronicSeal.kind, ElectronicSeal.serial, ElectronicSeal.issued_at, ElectronicSeal.revoked_at,
                  ElectronicSeal.revoked_reason)


@dataclass(frozen=True)
class EsealRow:
    """One electronic seal as the tracking page lists it (plain values: the part's version is its repr)."""

    kind: str
    label: str  # 公章, 财务专用章, …
    serial: str  # the certificate's serial, upper-case hex
    issued_on: str  # Shanghai date, 2026-12-04
    standing: str  # app.eseals.standing.Standing: valid, revoked, not_in_force
    revoked_on: str | None  # the seal's revocation, or its licence's; None unless revoked
    revoked_reason: str | None

    @property
    def valid(self) -> bool:
        return self.standing == Standing.VALID


def eseal_row(seal: ElectronicSeal, application: Application) -> EsealRow:
    """A seal in the page's words; one revoked with its licence gives the licence's revocation as its reason."""
    state = standing(seal, application)
    revoked_at, reason = None, None
    if state == Standing.REVOKED:
        revoked_at = seal.revoked_at or application.revoked_at
        reason = seal.revoked_reason if seal.is_revoked else _("营业执照已吊销")
    return EsealRow(kind=seal.kind, label=str(SEAL_LABELS.get(seal.kind, seal.kind)), serial=seal.serial.upper(),
                    issued_on=local(seal.issued_at, "%Y-%m-%d"), standing=state,
                    revoked_on=local(revoked_at, "%Y-%m-%d") if revoked_at else None, revoked_reason=reason)


def eseal_rows(application: Application) -> list[EsealRow]:
    """The application's electronic seals in issue order, as _track_eseals.html shows them ([] before issue).

    Only the listed columns are loaded: the live view asks for this every few seconds, and each seal's
    impression and key would be a few hundred kilobytes read for nothing.
    """
    seals = db.session.scalars(
        db.select(ElectronicSeal).options(load_only(*LISTED_COLUMNS))
        .where(ElectronicSeal.application_id == application.id).order_by(ElectronicSeal.id))
    return [eseal_row(seal, application) for seal in seals]


def impression_png(application: Application, kind: str) -> bytes | None:
    """The PNG impression of the application's electronic seal of this kind (drawn and kept on the
    first ask: app.eseals.appearance); None when it has none."""
    seal = db.session.scalar(db.select(ElectronicSeal)
                             .where(ElectronicSeal.application_id == application.id, ElectronicSeal.kind == kind))
    if seal is None:
        return None
    drawn = seal.impression is None
    impression = impression_of(seal)
    if drawn:
        db.session.commit()
    return impression


@bp.get("/track/<number>/eseals/<kind>.png")
def eseal_impression(number: str, kind: str):
    """The impression of the application's electronic seal of this kind (PNG); 404 for a kind it has not."""
    impression = impression_png(application_for_request(number), kind)
    if impression is None:
        abort(404)
    response = Response(impression, mimetype="image/png")
    response.cache_control.private = True
    response.cache_control.max_age = IMPRESSION_MAX_AGE
    response.set_etag(hashlib.sha256(impression).hexdigest())
    return response.make_conditional(request)
