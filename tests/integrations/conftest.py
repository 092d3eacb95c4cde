"""A real sandbox on a free port, the real clients pointed at it, and small builders over them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from integrations import Agencies
from integrations.sandbox.server import RunningSandbox, sandbox_in_thread
from tests.factories import agency_clients, new_application_number, registration_body

# Magic timeouts sleep this long; the impatient clients give up after READ_TIMEOUT.
SANDBOX_TIMEOUT_SECONDS = 1.5
READ_TIMEOUT = 0.5


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[RunningSandbox]:
    overrides = {"SANDBOX_DB": str(tmp_path / "sandbox.sqlite"), "SANDBOX_TIMEOUT_SECONDS": SANDBOX_TIMEOUT_SECONDS}
    with sandbox_in_thread(overrides) as running:
        yield running


@pytest.fixture
def agencies(sandbox: RunningSandbox) -> Agencies:
    return agency_clients(sandbox.url)


@pytest.fixture
def impatient_agencies(sandbox: RunningSandbox) -> Agencies:
    """Clients whose read timeout is shorter than the sandbox's magic timeouts."""
    return agency_clients(sandbox.url, read_timeout=READ_TIMEOUT)


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


@pytest.fixture
def reserve_name(agencies: Agencies) -> Callable[..., dict[str, Any]]:
    """reserve_name(trade_name=...) → {application_number, reference, full_name}."""

    def reserve(trade_name: str = "云帆", application_number: str | None = None, entity_type: str = "llc",
                org_form: str = "有限公司", industry: str = "科技") -> dict[str, Any]:
        number = application_number or new_application_number()
        answer = agencies.name_approval.reserve(number, "竹溪县", trade_name, industry, org_form, entity_type, f"name-{number}")
        return {"application_number": number, **answer}

    return reserve


@pytest.fixture
def register_company(agencies: Agencies, reserve_name: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """register_company(trade_name=..., address=...) → {application_number, full_name, uscc, ...}."""

    def register(trade_name: str = "云帆", address: str = "湖北省十堰市竹溪县城关镇人民路1号",
                 entity_type: str = "llc") -> dict[str, Any]:
        org_form = "店" if entity_type == "individual_business" else "有限公司"
        reservation = reserve_name(trade_name, entity_type=entity_type, org_form=org_form)
        body = registration_body(reservation, entity_type, address)
        answer = agencies.registration.register(body, f"registration-{reservation['application_number']}")
        return {**reservation, **answer}

    return register
