"""A real sandbox on a free port, the real clients pointed at it, and small builders."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from integrations import Agencies, clients_from_config
from integrations.sandbox.server import RunningSandbox, sandbox_in_thread

AGENCY_SETTINGS = {
    "NAME_APPROVAL_URL": "name-approval",
    "REGISTRATION_URL": "registration",
    "SEAL_CARVING_URL": "seal-carving",
    "TAX_URL": "tax",
    "BANK_URL": "bank",
    "COURIER_URL": "courier",
}

# Magic timeouts sleep this long; the clients below give up after READ_TIMEOUT.
SANDBOX_TIMEOUT_SECONDS = 1.5
READ_TIMEOUT = 0.5

_numbers = itertools.count(1)


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[RunningSandbox]:
    overrides = {"SANDBOX_DB": str(tmp_path / "sandbox.sqlite"), "SANDBOX_TIMEOUT_SECONDS": SANDBOX_TIMEOUT_SECONDS}
    with sandbox_in_thread(overrides) as running:
        yield running


def agencies_for(sandbox: RunningSandbox, read_timeout: float = 10.0) -> Agencies:
    config: dict[str, Any] = {setting: f"{sandbox.url}/{prefix}" for setting, prefix in AGENCY_SETTINGS.items()}
    config.update(AGENCY_CONNECT_TIMEOUT=2, AGENCY_READ_TIMEOUT=read_timeout)
    return clients_from_config(config)


@pytest.fixture
def agencies(sandbox: RunningSandbox) -> Agencies:
    return agencies_for(sandbox)


@pytest.fixture
def impatient_agencies(sandbox: RunningSandbox) -> Agencies:
    """Clients whose read timeout is shorter than the sandbox's magic timeouts."""
    return agencies_for(sandbox, read_timeout=READ_TIMEOUT)


@pytest.fixture
def stats(sandbox: RunningSandbox) -> Callable[[], dict[str, dict[str, int]]]:
    return lambda: requests.get(f"{sandbox.url}/_sandbox/stats", timeout=5).json()


@pytest.fixture
def configure(sandbox: RunningSandbox) -> Callable[..., dict[str, Any]]:
    def change(**settings: Any) -> dict[str, Any]:
        response = requests.post(f"{sandbox.url}/_sandbox/config", json=settings, timeout=5)
        response.raise_for_status()
        return response.json()

    return change


def new_application_number() -> str:
    return f"KB{next(_numbers):08d}"


@pytest.fixture
def reserve_name(agencies: Agencies) -> Callable[..., dict[str, Any]]:
    """reserve_name(trade_name=...) → {application_number, reference, full_name}."""

    def reserve(trade_name: str = "云帆", application_number: str | None = None, entity_type: str = "llc",
                org_form: str = "有限公司", industry: str = "科技") -> dict[str, Any]:
        number = application_number or new_application_number()
        answer = agencies.name_approval.reserve(number, "竹溪县", trade_name, industry, org_form, entity_type, f"name-{number}")
        return {"application_number": number, **answer}

    return reserve


def _registration_body(reservation: dict[str, Any], entity_type: str = "llc",
                       address: str = "湖北省十堰市竹溪县城关镇人民路1号") -> dict[str, Any]:
    return {
        "application_number": reservation["application_number"],
        "name_reference": reservation["reference"],
        "full_name": reservation["full_name"],
        "entity_type": entity_type,
        "region_code": "420324",
        "registered_capital_yuan": 1_000_000,
        "legal_representative": {"name": "张三", "id_number": "420324199001011235"},
        "address": address,
        "business_scope": ["软件开发", "信息技术咨询服务"],
        "shareholders": [{"name": "张三", "id_number": "420324199001011235", "contribution_yuan": 1_000_000}],
    }


@pytest.fixture
def registration_body() -> Callable[..., dict[str, Any]]:
    """registration_body(reservation, entity_type="llc", address=...) → the body registration expects."""
    return _registration_body


@pytest.fixture
def register_company(agencies: Agencies, reserve_name: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """register_company(trade_name=..., address=...) → {application_number, full_name, uscc, ...}."""

    def register(trade_name: str = "云帆", address: str = "湖北省十堰市竹溪县城关镇人民路1号",
                 entity_type: str = "llc") -> dict[str, Any]:
        org_form = "店" if entity_type == "individual_business" else "有限公司"
        reservation = reserve_name(trade_name, entity_type=entity_type, org_form=org_form)
        body = _registration_body(reservation, entity_type, address)
        answer = agencies.registration.register(body, f"registration-{reservation['application_number']}")
        return {**reservation, **answer}

    return register
