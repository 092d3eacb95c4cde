"""The example application (API.md's), with a fresh trade name each time so filings never collide."""

import copy
import random

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
