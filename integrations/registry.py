"""The agency clients of the running Flask app: built once from its settings, shared by its threads."""

from flask import current_app

from integrations import Agencies, clients_from_config


def agencies() -> Agencies:
    """One set of clients per Flask app (they share a pooled HTTP session)."""
    if "agencies" not in current_app.extensions:
        current_app.extensions["agencies"] = clients_from_config(current_app.config)
    return current_app.extensions["agencies"]
