"""The pages that may use the phone's camera to read a barcode (the courier's scan box, the seal
shop's voucher scanner). Every other answer keeps `camera=()` from app.web.headers."""

from collections.abc import Callable

from app.web.headers import PERMISSIONS_POLICY

CAMERA_POLICY = {**PERMISSIONS_POLICY, "camera": "(self)"}


def allow_camera(view: Callable) -> Callable:
    """Let this page (our own origin only, never a frame from elsewhere) ask for the camera.

    Flask-Talisman reads per-view options from the view function; decorators that `functools.wraps`
    it carry the attribute outward."""
    options = getattr(view, "talisman_view_options", {})
    view.talisman_view_options = {**options, "permissions_policy": CAMERA_POLICY}
    return view
