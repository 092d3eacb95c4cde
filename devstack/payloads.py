"""The example application (API.md's), with a fresh trade name each time so filings never collide, and
signing it as each party would (the SMS link and code from the sandbox's inbox)."""

import copy
import random
import re
import time

import requests

from app.rules import names as name_rules

EXAMPLE = {
    "name": {"region": "竹溪县", "trade_name": "云帆", "industry": "科技", "org_form": "有限公司"},
    "entity_type": "llc",
    "registered_capital_yuan": 1000000,
    "address": "湖北省十堰市竹溪县城关镇人民路1号",
    "business_scope": ["软件开发", "信息技术咨询服务"],
    "legal_representative": {"name": "张三", "id_number": "420324199001011235", "phone": "13800000000"},
    "shareholders": [
        {"name": "张三", "id_number": "420324199001011235", "contribution_yuan": 600000},
        {"name": "李四", "id_number": "420324199202025676", "contribution_yuan": 400000, "phone": "13900000000"},
    ],
    "tax": {"taxpayer_type": "small_scale", "invoice_types": ["vat_ordinary"], "monthly_invoice_quota": 25},
    "seals": ["official", "finance", "invoice"],
    "bank": {"bank": "中国农业银行"},
    "delivery": {"method": "courier", "recipient": "张三", "phone": "13800000000",
                 "address": "湖北省十堰市竹溪县城关镇人民路1号"},
    "contact": {"name": "张三", "phone": "13800000000", "email": "zhangsan@example.com"},
}
TRADE_CHARACTERS = "云帆星锦瑞鼎恒嘉诚润博启睿晟昊煜璟翊弘毅骏铭澜沐"

RANDOM = random.SystemRandom()


def unique_trade_name() -> str:
    """A trade name no other filing uses and that the name rules accept."""
    while True:
        trade = "".join(RANDOM.choice(TRADE_CHARACTERS) for _ in range(6))
        if not name_rules.name_problems("竹溪县", trade, "科技", "有限公司", "llc"):
            return trade


def example_payload(**changes) -> dict:
    """A deep copy of EXAMPLE under a unique trade name, with top-level sections replaced by `changes`."""
    payload = copy.deepcopy(EXAMPLE)
    payload["name"]["trade_name"] = unique_trade_name()
    payload.update(changes)
    return payload


# ---------------------------------------------------------------- signing, as a party would

LINK = r"申请{number}.*?/sign/([A-Za-z0-9_\-]+)"  # the signing link's text names the application
CODE = r"验证码\D{0,8}(\d{6})"


def with_own_phones(payload: dict) -> dict:
    """The payload with a fresh mobile number for each party (the legal representative and every other
    shareholder), so that each one's sandbox inbox holds only this application's texts."""
    def fresh() -> str:
        return f"13{RANDOM.randrange(5, 8)}{RANDOM.randrange(10**8):08d}"

    payload = copy.deepcopy(payload)
    representative = payload["legal_representative"]
    representative["phone"] = fresh()
    for holder in payload.get("shareholders") or []:
        if holder["id_number"] != representative["id_number"]:
            holder["phone"] = fresh()
    return payload


def parties(payload: dict) -> list[tuple[str, str]]:
    """(phone, ID number) of everyone who signs, a person named twice once, in signing order."""
    representative = payload["legal_representative"]
    found = {representative["id_number"]: representative["phone"]}
    for holder in payload.get("shareholders") or []:
        found.setdefault(holder["id_number"], holder.get("phone", ""))
    return [(phone, id_number) for id_number, phone in found.items()]


def sandbox_text(sandbox_url: str, phone: str, pattern: str, wait: float = 30, skip: str | None = None) -> str:
    """The first group of `pattern` in the newest text to `phone` that matches (not `skip`), waiting
    for the worker to send it."""
    end = time.monotonic() + wait
    while True:
        answer = requests.get(sandbox_url + "/_sandbox/sms", params={"phone": phone}, timeout=10)
        for message in answer.json().get("messages", []) if answer.status_code == 200 else []:
            found = re.search(pattern, message["text"])
            if found and found.group(1) != skip:
                return found.group(1)
        if time.monotonic() > end:
            raise AssertionError(f"no text to {phone} matching {pattern!r} within {wait} s")
        time.sleep(0.1)


def sign_over_http(api: str, sandbox_url: str, number: str, signers: list[tuple[str, str]],
                   session: requests.Session | None = None) -> None:
    """Every party signs as a person would: the link from their SMS, their ID number, the code from
    their next SMS (`api` is the service's /api/v1 address; the sandbox's inbox is read over HTTP)."""
    http = session or requests.Session()
    for phone, id_number in signers:
        token = sandbox_text(sandbox_url, phone, LINK.format(number=number))
        before = _newest(sandbox_url, phone, CODE)
        verified = http.post(f"{api}/signing/{token}/verify", json={"id_number": id_number}, timeout=60)
        assert verified.status_code == 200, verified.text[:300]
        code = sandbox_text(sandbox_url, phone, CODE, skip=before)
        signed = http.post(f"{api}/signing/{token}/sign", json={
            "verification": verified.json()["verification"], "sms_code": code, "decision": "sign"}, timeout=60)
        assert signed.status_code == 200, signed.text[:300]


def _newest(sandbox_url: str, phone: str, pattern: str) -> str | None:
    try:
        return sandbox_text(sandbox_url, phone, pattern, wait=0)
    except AssertionError:
        return None
