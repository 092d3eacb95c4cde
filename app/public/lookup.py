"""/track: 查进度 without the link — the application number and the contact phone, and the link
is sent again by SMS to that phone (the same as POST /api/v1/applications/<number>/resend-link);
a party who has not signed yet who types their own phone gets a fresh signing link, as there.

The answer is the same page whether or not anything was sent (no oracle); only a number or a
phone that cannot be one is pointed out.
"""

from flask import current_app, render_template, request

from app.applications.tokens import tracking_link
from app.extensions import db, limiter
from app.messages import resend
from app.messages.operations import send_tracking_link
from app.public import bp
from app.signing.lifecycle import resend_signing_link


@bp.get("/track")
def track_lookup():
    return render_template("public/lookup.html", values={}, errors={}, sent=False)


@bp.post("/track")
@limiter.shared_limit(resend.per_address_limit, scope="resend-link")
@limiter.shared_limit(resend.per_number_limit, scope="resend-link-number", key_func=resend.number_key)
def track_lookup_send():
    typed = {field: request.form.get(field, "") for field in ("number", "phone")}
    values, errors = resend.parse(typed, resend.TrackLookupSchema(), strip=True)
    if errors:
        return render_template("public/lookup.html", values=typed, errors=errors, sent=False), 422
    secret = current_app.config["SECRET_KEY"]
    with resend.answered_no_sooner_than():
        send_tracking_link(values["number"], values["phone"], lambda application: tracking_link(application, secret))
        resend_signing_link(values["number"], values["phone"])
        db.session.commit()
    return render_template("public/lookup.html", values=values, errors={}, sent=True,
                           message=resend.accepted_message())
