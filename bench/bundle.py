"""Build and sign one application's whole bundle N times; prints JSON percentiles in milliseconds.

Run: .venv/bin/python -m bench.bundle [N]   (default 50)
"""

import json
import statistics
import sys
import tempfile
import time
from datetime import date

from app.documents.bundle import bundle_zip
from app.documents.licence import render_licence
from app.documents.model import BankNotice, LicenceFacts, SealGrant, TaxNotice, VoucherFacts
from app.documents.notices import render_bank_notice, render_tax_notice
from app.documents.signing import demo_signer, sign_pdf
from app.documents.voucher import render_voucher

DEFAULT_RUNS = 50
NAME = "竹溪县青山茶叶贸易有限公司"
USCC = "91420324MA4F0KXQ3N"
DAY = date(2026, 5, 12)


def application_documents(run: int) -> tuple[LicenceFacts, VoucherFacts, TaxNotice, BankNotice]:
    """One application's facts; the URLs and voucher code change per run, as they do per application."""
    licence = LicenceFacts(
        uscc=USCC, name=NAME, entity_type_label="有限责任公司（自然人投资或控股）",
        legal_representative="张三丰", registered_capital_yuan=1_000_000, established_on=DAY,
        address="湖北省十堰市竹溪县城关镇人民路88号2栋3层301室",
        business_scope=["茶叶种植", "初级农产品收购", "食品销售（仅销售预包装食品）", "农副产品销售",
                        "互联网销售（除销售需要许可的商品）", "货物进出口"],
        authority="竹溪县市场监督管理局", issued_on=DAY,
        verify_url=f"https://kaiban.example.cn/verify/{USCC}?n={run}",
    )
    voucher = VoucherFacts(
        company_name=NAME, uscc=USCC,
        seals=[SealGrant("official", "4203240012345", True), SealGrant("finance", "4203240012346", True),
               SealGrant("invoice", "4203240012347", True)],
        voucher_code="GBER-MS2Z-KDS3-UTMT", verify_url=f"https://kaiban.example.cn/seal-vouchers/{run:016d}",
        valid_until=date(2026, 6, 11),
    )
    tax = TaxNotice(NAME, USCC, "国家税务总局竹溪县税务局", "小规模纳税人", ["数电发票（普通发票）"],
                    100_000, 50, DAY)
    bank = BankNotice(NAME, USCC, "中国农业银行", "中国农业银行股份有限公司竹溪县支行",
                      "17123401040012345", DAY)
    return licence, voucher, tax, bank


def build_bundle(run: int, signer) -> bytes:
    licence, voucher, tax, bank = application_documents(run)
    return bundle_zip({
        "营业执照.pdf": sign_pdf(render_licence(licence), signer),
        "免费刻章凭证.pdf": render_voucher(voucher),
        "税务事项通知书.pdf": render_tax_notice(tax),
        "银行开户通知书.pdf": render_bank_notice(bank),
    })


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_RUNS
    with tempfile.TemporaryDirectory() as instance_dir:
        signer = demo_signer(instance_dir)  # made once at start-up in a running service
        build_bundle(-1, signer)  # font and code warm-up, as in a long-running worker
        timings_ms = []
        for run in range(runs):
            began = time.perf_counter()
            build_bundle(run, signer)
            timings_ms.append((time.perf_counter() - began) * 1000)
    cuts = statistics.quantiles(timings_ms, n=100)
    print(json.dumps({"ms_per_bundle_p50": round(statistics.median(timings_ms), 1),
                      "ms_per_bundle_p95": round(cuts[94], 1), "n": runs}))


if __name__ == "__main__":
    main()
