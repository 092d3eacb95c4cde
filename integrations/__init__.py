"""Clients for the agencies an application fans out to, built from settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from integrations.bank import BankClient
from integrations.base import DEFAULT_TIMEOUT, AgencyClient, AgencyError, Refused, Retryable
from integrations.courier import CourierClient
from integrations.housing_fund import HousingFundClient
from integrations.identity import IdentityClient
from integrations.mail import MailClient, mail_client_from_config, sandbox_smtp
from integrations.name_approval import NameApprovalClient
from integrations.registration import RegistrationClient
from integrations.seal_carving import SealCarvingClient
from integrations.sms import SmsGatewayClient
from integrations.social_insurance import SocialInsuranceClient
from integrations.tax import TaxClient

__all__ = [
    "AgencyClient", "AgencyError", "Agencies", "BankClient", "CourierClient", "HousingFundClient", "IdentityClient",
    "NameApprovalClient", "Refused", "RegistrationClient", "Retryable", "SANDBOX_PATHS", "SANDBOX_URL",
    "SealCarvingClient", "SocialInsuranceClient", "TaxClient", "agency_urls", "clients_from_config",
    "MailClient", "SmsGatewayClient", "mail_client_from_config", "sms_gateway_from_config",
]

SANDBOX_URL = "http://127.0.0.1:5001"

# agency → where the sandbox serves it (the sandbox's blueprints mount themselves here)
SANDBOX_PATHS: dict[str, str] = {
    "name_approval": "/name-approval",
    "registration": "/registration",
    "seal_carving": "/seal-carving",
    "tax": "/tax",
    "bank": "/bank",
    "social_insurance": "/social-insurance",  # 社保登记, with 医保
    "housing_fund": "/housing-fund",  # 住房公积金单位开户
    "courier": "/courier",
    "identity": "/identity",  # 实名核验: name, ID number and phone belong together
    "sms": "/sms",  # the SMS gateway (短信网关); e-mail goes to the sandbox's SMTP receiver
}

# setting → (client class, agency)
_AGENCY_SETTINGS: dict[str, tuple[type[AgencyClient], str]] = {
    "NAME_APPROVAL_URL": (NameApprovalClient, "name_approval"),
    "REGISTRATION_URL": (RegistrationClient, "registration"),
    "SEAL_CARVING_URL": (SealCarvingClient, "seal_carving"),
    "TAX_URL": (TaxClient, "tax"),
    "BANK_URL": (BankClient, "bank"),
    "SOCIAL_INSURANCE_URL": (SocialInsuranceClient, "social_insurance"),
    "HOUSING_FUND_URL": (HousingFundClient, "housing_fund"),
    "COURIER_URL": (CourierClient, "courier"),
    "IDENTITY_URL": (IdentityClient, "identity"),
    "SMS_GATEWAY_URL": (SmsGatewayClient, "sms"),
}


def agency_urls(sandbox_url: str = SANDBOX_URL) -> dict[str, Any]:
    """Every agency's URL setting pointed at a sandbox: {"NAME_APPROVAL_URL": "<sandbox>/name-approval", ...},
    and SMTP_HOST / SMTP_PORT at its SMTP receiver."""
    base = sandbox_url.rstrip("/")
    smtp_host, smtp_port = sandbox_smtp(base)
    urls: dict[str, Any] = {setting: base + SANDBOX_PATHS[agency] for setting, (_client, agency) in _AGENCY_SETTINGS.items()}
    return urls | {"SMTP_HOST": smtp_host, "SMTP_PORT": smtp_port}


@dataclass(frozen=True)
class Agencies:
    """One client for each agency."""

    name_approval: NameApprovalClient
    registration: RegistrationClient
    seal_carving: SealCarvingClient
    tax: TaxClient
    bank: BankClient
    social_insurance: SocialInsuranceClient  # 社会保险登记 with 医保, once the credit code is issued
    housing_fund: HousingFundClient  # 住房公积金单位开户, once the credit code (and where required the account) exists
    courier: CourierClient
    identity: IdentityClient  # the identity provider (实名核验), asked before a party signs


def clients_from_config(config: Mapping[str, Any]) -> Agencies:
    """Build every client from settings (*_URL, AGENCY_CONNECT_TIMEOUT, AGENCY_READ_TIMEOUT); unset URLs point at the sandbox."""
    timeout = (
        float(config.get("AGENCY_CONNECT_TIMEOUT") or DEFAULT_TIMEOUT[0]),
        float(config.get("AGENCY_READ_TIMEOUT") or DEFAULT_TIMEOUT[1]),
    )

    sandbox = agency_urls()

    def build(setting: str) -> Any:
        client_class, _agency = _AGENCY_SETTINGS[setting]
        return client_class(config.get(setting) or sandbox[setting], timeout=timeout)

    return Agencies(
        name_approval=build("NAME_APPROVAL_URL"),
        registration=build("REGISTRATION_URL"),
        seal_carving=build("SEAL_CARVING_URL"),
        tax=build("TAX_URL"),
        bank=build("BANK_URL"),
        social_insurance=build("SOCIAL_INSURANCE_URL"),
        housing_fund=build("HOUSING_FUND_URL"),
        courier=build("COURIER_URL"),
        identity=build("IDENTITY_URL"),
    )


def sms_gateway_from_config(config: Mapping[str, Any]) -> SmsGatewayClient:
    """The SMS gateway client from SMS_GATEWAY_URL and the agency timeouts (unset: the sandbox's)."""
    timeout = (
        float(config.get("AGENCY_CONNECT_TIMEOUT") or DEFAULT_TIMEOUT[0]),
        float(config.get("AGENCY_READ_TIMEOUT") or DEFAULT_TIMEOUT[1]),
    )
    return SmsGatewayClient(config.get("SMS_GATEWAY_URL") or agency_urls()["SMS_GATEWAY_URL"], timeout=timeout)
