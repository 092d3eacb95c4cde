"""The agency clients of the running Flask app: built once from its settings, shared by its threads."""

from flask import current_app

from integrations import (
    Agencies,
    MailClient,
    SmsGatewayClient,
    clients_from_config,
    mail_client_from_config,
    sms_gateway_from_config,
)


def agencies() -> Agencies:
    """One set of clients per Flask app (they share a pooled HTTP session)."""
    if "agencies" not in current_app.extensions:
        current_app.extensions["agencies"] = clients_from_config(current_app.config)
    return current_app.extensions["agencies"]


def sms_gateway() -> SmsGatewayClient:
    """The SMS gateway client of this Flask app."""
    if "sms_gateway" not in current_app.extensions:
        current_app.extensions["sms_gateway"] = sms_gateway_from_config(current_app.config)
    return current_app.extensions["sms_gateway"]


def mail_client() -> MailClient:
    """The SMTP client of this Flask app."""
    if "mail_client" not in current_app.extensions:
        current_app.extensions["mail_client"] = mail_client_from_config(current_app.config)
    return current_app.extensions["mail_client"]
