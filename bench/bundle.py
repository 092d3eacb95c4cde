"""Build and sign one application's whole bundle N times, through the documents step's own code.

Each run takes a fresh application whose agencies have answered (stored on a temporary SQLite
database), then times `build_documents` and the commit: render the licence, sign it (PAdES,
demo ECDSA key, signer cached per process), the voucher with its impressions, the tax, bank and
employer notices, the ZIP bundle, the voucher row and the Document rows. Prints JSON in milliseconds.

Run: .venv/bin/python -m bench.bundle [N]   (default 50)
"""

import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime

from flask_migrate import upgrade

from app.extensions import db
from app.factory import create_app
from app.issuance import build_documents
from app.models import ApplicationStatus
from app.pipeline import operations
from config import Testing
from devstack.payloads import TRADE_CHARACTERS
from forms.schema import validate_application

DEFAULT_RUNS = 50
FORM = {
    "name": {"region": "竹溪县", "trade_name": "", "industry": "科技", "org_form": "有限公司"},
    "entity_type": "llc", "registered_capital_yuan": 1_000_000,
    "address": "湖北省十堰市竹溪县城关镇人民路88号2栋3层301室",
    "business_scope": ["软件开发", "信息技术咨询服务", "互联网销售（除销售需要许可的商品）"],
    "legal_representative": {"name": "张三", "id_number": "420324199001011235", "phone": "13800000000"},
    "shareholders": [{"name": "张三", "id_number": "420324199001011235", "contribution_yuan": 1_000_000}],
    "tax": {"taxpayer_type": "small_scale", "invoice_types": ["vat_ordinary"], "monthly_invoice_quota": 25},
    "seals": ["official", "finance", "invoice"], "bank": {"bank": "中国农业银行"},
    "delivery": {"method": "window"}, "contact": {"name": "张三", "phone": "13800000000"},
}
ANSWERS = {
    "seal_carving": {"seal_codes": {"official": "4203240012345", "finance": "4203240012346",
                                    "invoice": "4203240012347"}},
    "tax_registration": {"taxpayer_id": "", "tax_office": "国家税务总局竹溪县税务局",
                         "taxpayer_type": "small_scale", "invoice_types": ["vat_ordinary"],
                         "monthly_invoice_quota": 25},
    "bank_account": {"bank": "中国农业银行", "branch": "中国农业银行竹溪县支行", "account_number": "1712340104001234567"},
    "social_insurance": {"social_insurance_number": "4203240000000017", "medical_insurance_number": "4203240000000042",
                         "authority": "竹溪县人力资源和社会保障局", "medical_insurance_authority": "竹溪县医疗保障局",
                         "filed": {"employees_at_start": 0, "first_payroll_month": "2026-12"}},
    "housing_fund": {"unit_account_number": "420324000000017", "authority": "十堰市住房公积金中心竹溪县管理部",
                     "filed": {"employees_at_start": 0, "contribution_rate_percent": 5}},
}


def answered_application(run: int):
    """A submitted application as the agencies leave it just before the documents step."""
    form = dict(FORM, name=dict(FORM["name"], trade_name=TRADE_CHARACTERS[run % 24] + TRADE_CHARACTERS[run // 24 % 24]
                                + "云帆"))
    valid, errors = validate_application(form)
    assert not errors, errors
    application = operations.file_with_steps(valid).application
    db.session.commit()
    application.uscc = f"91420324MA4F{run:05d}X"[:18]
    application.registered_at = datetime.now(UTC)
    application.authority = "竹溪县市场监督管理局"
    application.status = ApplicationStatus.PROCESSING
    for name, answer in ANSWERS.items():
        step = application.step(name)
        step.result = answer | ({"taxpayer_id": application.uscc} if name == "tax_registration" else {})
        step.finished_at = datetime.now(UTC)
    db.session.commit()
    return application


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_RUNS
    with tempfile.TemporaryDirectory() as instance_dir:
        app = create_app(Testing, SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance_dir}/bench.sqlite",
                         INSTANCE_PATH=instance_dir)
        with app.app_context():
            upgrade(revision="heads")
            build_documents(answered_application(runs))  # fonts, key and code warm, as in a running worker
            db.session.commit()
            timings_ms = []
            for run in range(runs):
                application = answered_application(run)
                began = time.perf_counter()
                build_documents(application)
                db.session.commit()
                timings_ms.append((time.perf_counter() - began) * 1000)
    cuts = statistics.quantiles(timings_ms, n=100)
    print(json.dumps({"ms_per_bundle_p50": round(statistics.median(timings_ms), 1),
                      "ms_per_bundle_p95": round(cuts[94], 1), "n": runs}))


if __name__ == "__main__":
    main()
