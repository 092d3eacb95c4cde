"""Shared fixtures: a sandbox on a real port, apps on a fresh database, running stacks."""

import copy
import os
import random

import pytest
from flask_migrate import upgrade
from hypothesis import settings

from app.factory import create_app
from app.rules import names as name_rules
from config import Testing
from integrations.sandbox.server import sandbox_in_thread
from tests.support.stack import Stack, services_urls

# CI explores the same examples every run, so a red build always points at a change, never at
# a lucky draw; at a desk, hypothesis explores afresh each time.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("desk", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "desk")

EXAMPLE = {
    "name": {"region": "竹溪县", "trade_name": "云帆", "industry": "科技", "org_form": "有限公司"},
    "entity_type": "llc",
    "registered_capital_yuan": 1000000,
    "address": "湖北省十堰市竹溪县城关镇人民路1号",
    "business_scope": ["软件开发", "信息技术咨询服务"],
    "legal_representative": {"name": "张三", "id_number": "420324199001011235", "phone": "13800000000"},
    "shareholders": [
        {"name": "张三", "id_number": "420324199001011235", "contribution_yuan": 600000},
        {"name": "李四", "id_number": "420324199202025676", "contribution_yuan": 400000},
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
    """A trade name no other test uses and that the name rules accept."""
    while True:
        trade = "".join(RANDOM.choice(TRADE_CHARACTERS) for _ in range(6))
        if not name_rules.name_problems("竹溪县", trade, "科技", "有限公司", "llc"):
            return trade


def example_payload(**changes) -> dict:
    payload = copy.deepcopy(EXAMPLE)
    payload["name"]["trade_name"] = unique_trade_name()
    payload.update(changes)
    return payload


@pytest.fixture
def payload() -> dict:
    return example_payload()


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory):
    with sandbox_in_thread({"SANDBOX_DB": str(tmp_path_factory.mktemp("sandbox") / "sandbox.sqlite")}) as running:
        yield running


@pytest.fixture
def app(tmp_path, sandbox):
    """A Flask app on a fresh SQLite database built by the real migrations; no worker."""
    url = sandbox.url
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'test.sqlite'}",
                     INSTANCE_PATH=str(tmp_path), WTF_CSRF_ENABLED=False,
                     NAME_APPROVAL_URL=url + "/name-approval", REGISTRATION_URL=url + "/registration",
                     SEAL_CARVING_URL=url + "/seal-carving", TAX_URL=url + "/tax", BANK_URL=url + "/bank",
                     COURIER_URL=url + "/courier")
    with app.app_context():
        upgrade(revision="heads")
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def _stack(backend: str, tmp_path_factory, sandbox):
    if backend == "services" and not services_urls():
        pytest.skip("TEST_DATABASE_URL / TEST_REDIS_URL not set (.ci/run sets them)")
    stack = Stack(backend, tmp_path_factory.mktemp(f"stack-{backend}"), sandbox.url)
    stack.app = stack.make_app()
    stack.start_worker()
    yield stack
    stack.stop()


@pytest.fixture(scope="session", params=["embedded", "services"])
def stack(request, tmp_path_factory, sandbox):
    """A running stack (one worker with beat) on each backend in turn."""
    yield from _stack(request.param, tmp_path_factory, sandbox)
