"""A stand-in for every agency, over HTTP and with state, for development and tests.

    python -m integrations.sandbox --port 5001

See README.md for the endpoints, settings and magic inputs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from integrations.sandbox import (
    bank,
    control,
    courier,
    housing_fund,
    identity,
    mail,
    name_approval,
    registration,
    seal_carving,
    sms,
    social_insurance,
    store,
    tax,
)
from integrations.sandbox.exchange import Sandbox
from integrations.sandbox.settings import SandboxSettings, initial_settings

_BLUEPRINTS = (
    name_approval.blueprint, registration.blueprint, seal_carving.blueprint,
    tax.blueprint, bank.blueprint, social_insurance.blueprint, housing_fund.blueprint, courier.blueprint,
    identity.blueprint, control.blueprint,
    sms.blueprint, sms.inbox, mail.inbox,
)


def _json_error(error: Exception) -> tuple[Response, int]:
    # Agencies answer JSON even when something breaks, so clients can tell retryable from refused.
    status = error.code if isinstance(error, HTTPException) and error.code else 500
    message = error.description if isinstance(error, HTTPException) else "internal error"
    return jsonify({"error": message}), status


def create_sandbox_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """The sandbox app; settings come from SANDBOX_* environment variables, then overrides."""
    app = Flask(__name__)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    overrides = dict(overrides or {})
    db_path = overrides.get("SANDBOX_DB") or os.environ.get("SANDBOX_DB") or os.path.join(app.instance_path, "sandbox.sqlite")
    app.config["SANDBOX_DB"] = db_path
    store.initialise(db_path)
    sms.initialise(db_path)
    mail.initialise(db_path)
    app.extensions["sandbox"] = Sandbox(db_path, SandboxSettings(initial_settings(overrides)))
    for blueprint in _BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.register_error_handler(Exception, _json_error)
    return app
