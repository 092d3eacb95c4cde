"""The two employer-facing agencies (社保 with 医保, 住房公积金) under the sandbox's faults and settings,
and wired like every other agency: URL settings, effect counters, the Idempotency-Key rule."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from integrations import SANDBOX_PATHS, Agencies, Refused, Retryable, clients_from_config
from integrations.sandbox.magic import AGENCY_WORDS
from integrations.sandbox.server import RunningSandbox
from integrations.sandbox.settings import SettingsError, initial_settings
from integrations.sandbox.units import housing_fund_centre
from tests.factories import housing_fund_body, social_insurance_body

ROOT = Path(__file__).resolve().parents[3]
# agency → (path filed to, body builder, client method)
FILE: dict[str, tuple[str, Callable[[dict], dict[str, Any]], str]] = {
    "social_insurance": ("/registrations", social_insurance_body, "register"),
    "housing_fund": ("/accounts", housing_fund_body, "open_account"),
}
EMPLOYER_AGENCIES = tuple(FILE)


def _file(agencies: Agencies, agency: str, company: dict, key: str) -> dict[str, Any]:
    """File the company with one employer agency through its client."""
    _path, body, method = FILE[agency]
    return getattr(getattr(agencies, agency), method)(body(company), key)


@pytest.mark.parametrize("agency, code, number", [
    ("social_insurance", "already_registered", "social_insurance_number"),
    ("housing_fund", "already_opened", "unit_account_number"),
])
def test_a_unit_is_filed_once_and_a_second_key_is_told_the_number(agencies: Agencies, register_company, stats,
                                                                  agency, code, number):
    company = register_company()
    first = _file(agencies, agency, company, "key-a")
    with pytest.raises(Refused) as caught:
        _file(agencies, agency, company, "key-b")
    assert (caught.value.status, caught.value.code) == (422, code)
    assert caught.value.details[number] == first[number] and first[number] in caught.value.reason
    assert stats()[agency]["effects"] == 1


@pytest.mark.parametrize("agency, office", [
    ("social_insurance", "竹溪县人力资源和社会保障局"), ("housing_fund", "十堰市住房公积金中心竹溪县管理部"),
])
@pytest.mark.parametrize("changes, code, reason", [
    ({"uscc": "91420324MA4F000000"}, "unknown_uscc", "统一社会信用代码“91420324MA4F000000”未经登记，请先完成设立登记"),
    ({"full_name": "竹溪县别名有限公司"}, "name_mismatch", "单位名称“竹溪县别名有限公司”与登记的名称“竹溪县云帆科技有限公司”不一致，请核对"),
    ({"region_code": "420322"}, "wrong_region", "该单位登记于竹溪县，请向{office}申请办理"),  # 属地管理
])
def test_only_the_registered_unit_under_its_name_and_at_its_place(agencies: Agencies, register_company, stats,
                                                                 agency, office, changes, code, reason):
    _path, body, method = FILE[agency]
    with pytest.raises(Refused) as caught:
        getattr(getattr(agencies, agency), method)(body(register_company()) | changes, "k")
    assert (caught.value.status, caught.value.code, caught.value.reason) == (422, code, reason.format(office=office))
    assert stats()[agency]["effects"] == 0


@pytest.mark.parametrize("agency", EMPLOYER_AGENCIES)
def test_an_injected_error_is_retryable_and_changes_nothing(agencies: Agencies, register_company, configure, stats,
                                                            agency):
    company = register_company()
    configure(SANDBOX_ERROR_RATE=1.0)
    with pytest.raises(Retryable) as caught:
        _file(agencies, agency, company, "k")
    assert caught.value.status == 503
    configure(SANDBOX_ERROR_RATE=0.0)
    assert _file(agencies, agency, company, "k")["reference"]  # the same key, once the agency is back
    assert stats()[agency] == {"effects": 1, "replays": 0, "duplicates_per_application": 0}


@pytest.mark.parametrize("agency", EMPLOYER_AGENCIES)
def test_throttling_says_when_to_come_back(agencies: Agencies, register_company, configure, agency):
    company = register_company()
    configure(SANDBOX_THROTTLE_RATE=1.0, SANDBOX_RETRY_AFTER_SECONDS=4)
    with pytest.raises(Retryable) as caught:
        _file(agencies, agency, company, "k")
    assert (caught.value.status, caught.value.retry_after) == (429, 4)


@pytest.mark.parametrize("agency", EMPLOYER_AGENCIES)
@pytest.mark.parametrize("cause", ["injected", "magic word"])
def test_a_timeout_outlasts_the_client_and_the_retry_finds_the_one_answer(
        impatient_agencies: Agencies, register_company, configure, stats, agency, cause):
    if cause == "injected":
        company = register_company()
        configure(SANDBOX_TIMEOUT_RATE=1.0, SANDBOX_TIMEOUT_SECONDS=1)
    else:
        company = register_company("云帆" + AGENCY_WORDS[agency] + "超时")
    with pytest.raises(Retryable, match="timed out"):
        _file(impatient_agencies, agency, company, "k")
    configure(SANDBOX_TIMEOUT_RATE=0.0)
    answer = _file(impatient_agencies, agency, company, "k")
    # The first call finishes its work after the client gave up: it finds the answer given and changes nothing.
    deadline = time.monotonic() + 5
    while stats()[agency]["replays"] < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stats()[agency] == {"effects": 1, "replays": 1, "duplicates_per_application": 0}
    assert _file(impatient_agencies, agency, company, "k") == answer


@pytest.mark.parametrize("agency, reason", [
    ("social_insurance", "社会保险经办机构退回："), ("housing_fund", "住房公积金管理中心退回："),
])
def test_the_magic_return_refuses_in_chinese_every_time_and_only_there(agencies: Agencies, register_company, stats,
                                                                        agency, reason):
    company = register_company("云帆" + AGENCY_WORDS[agency] + "退回")
    for _ in range(2):
        with pytest.raises(Refused) as caught:
            _file(agencies, agency, company, "returned-key")
        assert caught.value.code == "returned"
        assert caught.value.reason.startswith(reason)
    assert stats()[agency] == {"effects": 0, "replays": 1, "duplicates_per_application": 0}
    other = next(name for name in EMPLOYER_AGENCIES if name != agency)
    assert _file(agencies, other, company, "other-key")["reference"]  # the word is for one agency


@pytest.mark.parametrize("agency", EMPLOYER_AGENCIES)
def test_latency_of_its_own(agencies: Agencies, register_company, configure, agency):
    company = register_company()
    configure(**{f"SANDBOX_LATENCY_MS_{agency.upper()}": 700})
    started = time.monotonic()
    _file(agencies, agency, company, "k")
    assert time.monotonic() - started >= 0.7
    started = time.monotonic()
    agencies.name_approval.check("竹溪县", "星辰", "科技", "有限公司", "llc")  # another agency: no delay
    assert time.monotonic() - started < 0.7


@pytest.mark.parametrize("agency", EMPLOYER_AGENCIES)
def test_the_slow_word_slows_it(agencies: Agencies, register_company, configure, agency):
    configure(SANDBOX_MAGIC_SLOW_MS=600)
    company = register_company("云帆慢速")
    started = time.monotonic()
    _file(agencies, agency, company, "k")
    assert time.monotonic() - started >= 0.6


@pytest.mark.parametrize("agency", EMPLOYER_AGENCIES)
def test_a_post_needs_an_idempotency_key_and_a_replay_is_marked(sandbox: RunningSandbox, register_company, agency):
    path, body, _method = FILE[agency]
    url = sandbox.url + SANDBOX_PATHS[agency] + path
    payload = body(register_company())
    without = requests.post(url, json=payload, timeout=5)
    assert without.status_code == 400 and "Idempotency-Key" in without.json()["reason"]
    first = requests.post(url, json=payload, headers={"Idempotency-Key": "k"}, timeout=5)
    again = requests.post(url, json=payload, headers={"Idempotency-Key": "k"}, timeout=5)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"


def test_their_effects_are_counted_with_the_others(agencies: Agencies, register_company, stats):
    assert {"social_insurance", "housing_fund"} <= set(stats())
    company = register_company()
    for agency in EMPLOYER_AGENCIES:
        _file(agencies, agency, company, f"{agency}-a")
        _file(agencies, agency, company, f"{agency}-a")
    counted = stats()
    for agency in EMPLOYER_AGENCIES:
        assert counted[agency] == {"effects": 1, "replays": 1, "duplicates_per_application": 0}, agency


def test_the_bank_account_flag_reads_words_not_truthiness(monkeypatch, configure):
    monkeypatch.setenv("SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT", "false")
    assert initial_settings()["SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT"] is False
    monkeypatch.setenv("SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT", "true")
    assert initial_settings()["SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT"] is True
    monkeypatch.setenv("SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT", "perhaps")
    with pytest.raises(SettingsError):
        initial_settings()
    assert configure(SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT="1")["SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT"] is True
    assert configure(SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT=False)["SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT"] is False


def test_their_urls_are_settings_that_default_to_the_sandbox():
    agencies = clients_from_config({"HOUSING_FUND_URL": "https://gjj.example/api/", "AGENCY_READ_TIMEOUT": "4"})
    assert agencies.housing_fund.base_url == "https://gjj.example/api"
    assert agencies.social_insurance.base_url == "http://127.0.0.1:5001/social-insurance"
    assert agencies.social_insurance.timeout == (3.05, 4.0)
    script = "import config; print(config.Default.SOCIAL_INSURANCE_URL, config.Default.HOUSING_FUND_URL)"
    environment = {"PATH": "/usr/bin:/bin", "SANDBOX_PORT": "5721", "SOCIAL_INSURANCE_URL": "https://si.example"}
    printed = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True,
                             text=True, check=True).stdout.split()
    assert printed == ["https://si.example", "http://127.0.0.1:5721/housing-fund"]


@pytest.mark.parametrize("region_code, centre", [
    ("420324", "十堰市住房公积金中心竹溪县管理部"),
    ("420300", "十堰市住房公积金中心"),  # the city's own code: the centre itself
    ("110105", "北京市住房公积金中心朝阳区管理部"),  # a municipality's district (its 1101xx row is "市辖区")
])
def test_the_housing_fund_centre_is_the_citys(region_code, centre):
    assert housing_fund_centre(region_code) == centre
