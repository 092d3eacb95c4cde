"""GET /verify/eseals.crl: the seal CA's revocation list, for any validator (app/eseals/crl.py)."""

from flask import Response

from app.eseals.crl import crl_der
from app.verify import bp


@bp.get("/eseals.crl")
def eseal_crl():
    response = Response(crl_der(), mimetype="application/pkix-crl")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
