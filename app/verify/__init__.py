"""Public licence verification (no login): the licence's QR code points here."""

from flask import Blueprint, abort, jsonify, render_template, request
from sqlalchemy import select

from app.extensions import db
from app.models import Application
from app.timefmt import iso

bp = Blueprint("verify", __name__, url_prefix="/verify")


def licence_facts(uscc: str) -> dict:
    application = db.session.scalar(select(Application).where(Application.uscc == uscc.upper()))
    if application is None or application.registered_at is None:
        abort(404)
    return {"uscc": application.uscc, "name": application.company_name, "status": "valid",
            "registered_at": iso(application.registered_at), "authority": application.authority,
            "entity_type": application.entity_type}


@bp.get("/<uscc>")
def verify(uscc: str):
    facts = licence_facts(uscc)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(facts)
    return render_template("verify/licence.html", facts=facts)
