"""Security headers on every answer (Flask-Talisman), and no caching of anything personal.

Scripts come only from our own files (static/*.js): no inline script, no `eval`, no handler
attributes. Styles come from our files too; only `style="…"` attributes are allowed, because the
seal impressions drawn as SVG (the tracking page) carry their strokes and fonts in them.
"""

from flask import Flask, Response, request
from flask_talisman import Talisman

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    # CSP 3 browsers: <style> and stylesheets from our files only, style attributes allowed;
    # older browsers fall back to style-src and allow inline styles (never scripts).
    "style-src": "'self' 'unsafe-inline'",
    "style-src-elem": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS_POLICY = {"browsing-topics": "()", "camera": "()", "microphone": "()", "geolocation": "()",
                      "payment": "()"}
# What may be kept by a browser or a proxy: our static files, the public interface's description, the
# seal CA's revocation list (public) and a seal's impression (private: behind the tracking page's access).
# Everything else (pages with an application, documents, the clerk and courier areas, API answers,
# and the form, which carries the visitor's CSRF token) is sent with no-store.
CACHEABLE_ENDPOINTS = frozenset({"static", "api.openapi", "verify.eseal_crl", "public.eseal_impression"})
# A load balancer's health check speaks plain HTTP to the web process, even in production.
PLAIN_HTTP_ENDPOINTS = ("public.healthz",)


def no_store(response: Response) -> Response:
    if request.endpoint not in CACHEABLE_ENDPOINTS and "no-store" not in response.headers.get("Cache-Control", ""):
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Headers for this app: HSTS and the HTTPS redirect in production only (the tests speak HTTP)."""
    production = not app.config["DEMONSTRATION"]
    # One Talisman per app: it keeps its options (and the app) on itself.
    app.extensions["talisman"] = Talisman(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=production,
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        permissions_policy=PERMISSIONS_POLICY,
        referrer_policy="strict-origin-when-cross-origin",
        x_content_type_options=True,
        # The session cookie's flags stay the settings' (SESSION_COOKIE_SECURE in production).
        session_cookie_secure=False,
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
    )
    for endpoint in PLAIN_HTTP_ENDPOINTS:
        view = app.view_functions[endpoint]
        view.talisman_view_options = {**getattr(view, "talisman_view_options", {}), "force_https": False}
    app.after_request(no_store)
