"""The shared client over real HTTP: error split, timeouts, idempotency header, settings."""

from __future__ import annotations

import socket
import time

import pytest
import requests

from integrations import Agencies, AgencyClient, Refused, Retryable, clients_from_config
from integrations.base import POOL_MAXSIZE, shared_session
from integrations.sandbox.server import RunningSandbox


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_connection_refused_is_retryable():
    client = AgencyClient(f"http://127.0.0.1:{_closed_port()}/tax", timeout=(0.5, 0.5))
    with pytest.raises(Retryable) as caught:
        client.post("/registrations", {"application_number": "X"}, "key-1")
    assert caught.value.status is None


def test_error_rate_one_answers_503_retryable(agencies: Agencies, configure, register_company):
    company = register_company()
    configure(SANDBOX_ERROR_RATE=1.0)
    with pytest.raises(Retryable) as caught:
        agencies.bank.open_account({"application_number": company["application_number"], "uscc": company["uscc"],
                                    "company_name": company["full_name"], "bank": "中国银行",
                                    "legal_representative": {"name": "张三"}}, "bank-1")
    assert caught.value.status == 503
    with pytest.raises(Retryable):
        agencies.name_approval.check("竹溪县", "星河", "科技", "有限公司", "llc")


def test_throttle_answers_429_with_retry_after(agencies: Agencies, configure):
    configure(SANDBOX_THROTTLE_RATE=1.0, SANDBOX_RETRY_AFTER_SECONDS=7)
    with pytest.raises(Retryable) as caught:
        agencies.name_approval.check("竹溪县", "星河", "科技", "有限公司", "llc")
    assert caught.value.status == 429
    assert caught.value.retry_after == 7


def test_read_timeout_is_retryable(impatient_agencies: Agencies, configure):
    configure(SANDBOX_TIMEOUT_RATE=1.0, SANDBOX_TIMEOUT_SECONDS=1)
    started = time.monotonic()
    with pytest.raises(Retryable, match="timed out"):
        impatient_agencies.name_approval.check("竹溪县", "星河", "科技", "有限公司", "llc")
    assert time.monotonic() - started < 1  # the client's read timeout, not the agency's sleep


def test_refusal_carries_code_reason_and_status(agencies: Agencies):
    with pytest.raises(Refused) as caught:
        agencies.tax.register({"application_number": "KB1", "uscc": "91420324MA4F000000", "company_name": "某公司",
                               "taxpayer_type": "small_scale", "invoice_types": [], "monthly_invoice_quota": 0}, "tax-1")
    refusal = caught.value
    assert (refusal.code, refusal.status) == ("unknown_uscc", 422)
    assert "未经登记" in refusal.reason
    assert refusal.details["code"] == "unknown_uscc"


def test_malformed_request_is_refused_as_bad_request(agencies: Agencies):
    with pytest.raises(Refused) as caught:
        agencies.courier.book({"application_number": "KB1"}, "courier-1")
    assert (caught.value.code, caught.value.status) == ("bad_request", 400)
    assert "sender" in caught.value.reason


def test_post_without_idempotency_key_is_400(sandbox: RunningSandbox):
    response = requests.post(f"{sandbox.url}/courier/waybills", json={"application_number": "KB1"}, timeout=5)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["reason"]


def test_client_refuses_to_post_without_a_key(agencies: Agencies):
    with pytest.raises(ValueError):
        agencies.courier.book({"application_number": "KB1"}, "")


def test_unknown_path_is_a_json_404_refusal(sandbox: RunningSandbox):
    client = AgencyClient(f"{sandbox.url}/nowhere")
    with pytest.raises(Refused) as caught:
        client.get("/at-all")
    assert caught.value.status == 404


def test_one_pooled_session_per_process():
    session = shared_session()
    assert shared_session() is session
    assert session.get_adapter("http://127.0.0.1/")._pool_maxsize == POOL_MAXSIZE


def test_clients_from_config_defaults_to_the_sandbox_port():
    agencies = clients_from_config({"TAX_URL": "https://tax.example/api/", "AGENCY_READ_TIMEOUT": "4.5"})
    assert agencies.tax.base_url == "https://tax.example/api"
    assert agencies.registration.base_url == "http://127.0.0.1:5001/registration"
    assert agencies.courier.base_url == "http://127.0.0.1:5001/courier"
    assert agencies.bank.timeout == (3.05, 4.5)
