"""The sandbox's own controls under /_sandbox: settings and effect statistics, for tests."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from integrations.sandbox import store
from integrations.sandbox.exchange import sandbox
from integrations.sandbox.settings import SettingsError

blueprint = Blueprint("sandbox_control", __name__, url_prefix="/_sandbox")


@blueprint.get("/config")
def read_config() -> Response:
    """The latency and fault settings in force."""
    return jsonify(sandbox().settings.snapshot())


@blueprint.post("/config")
def change_config() -> Response:
    """Change some settings (JSON of SANDBOX_* keys); all or none are applied."""
    changes = request.get_json(silent=True)
    if not isinstance(changes, dict):
        return jsonify({"error": "expected a JSON object of settings"}), 400
    try:
        return jsonify(sandbox().settings.update(changes))
    except SettingsError as exc:
        return jsonify({"error": str(exc)}), 400


@blueprint.post("/reset")
def reset_config() -> Response:
    """Settings back to what the sandbox started with; the agencies' state stays."""
    return jsonify(sandbox().settings.reset())


@blueprint.get("/stats")
def stats() -> Response:
    """Per agency: {effects, replays, duplicates_per_application}."""
    return jsonify(store.stats(sandbox().db_path))
