"""Sample facts and poppler/zxing helpers for the document tests."""

import subprocess
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from app.documents.model import BankNotice, LicenceFacts, Parcel, SealGrant, TaxNotice, VoucherFacts

NAME = "竹溪县青山茶叶贸易有限公司"
USCC = "91420324MA4F0KXQ3N"
DAY = date(2026, 5, 12)


class PdfProbe:
    """Looks at a PDF the way a reader and a scanner would: text, fonts, and barcodes at 150 dpi."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.count = 0

    def save(self, pdf: bytes) -> Path:
        self.count += 1
        path = self.directory / f"doc{self.count}.pdf"
        path.write_bytes(pdf)
        return path

    def text(self, pdf: bytes) -> str:
        return subprocess.run(["pdftotext", "-enc", "UTF-8", str(self.save(pdf)), "-"],
                              check=True, capture_output=True, text=True).stdout

    def fonts(self, pdf: bytes) -> list[list[str]]:
        """pdffonts rows after the header, split into columns."""
        out = subprocess.run(["pdffonts", str(self.save(pdf))], check=True, capture_output=True,
                             text=True).stdout
        return [line.split() for line in out.splitlines()[2:] if line.strip()]

    def pages(self, pdf: bytes, dpi: int = 150) -> list[Image.Image]:
        path = self.save(pdf)
        prefix = path.with_suffix("")
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(path), str(prefix)], check=True)
        return [Image.open(png) for png in sorted(path.parent.glob(f"{prefix.name}-*.png"))]

    def barcodes(self, image: Image.Image) -> dict[str, str]:
        """Decoded symbols on one page image, keyed by format name (QRCode, Code128, …)."""
        return {result.format.name: result.text for result in zxingcpp.read_barcodes(image)}


@pytest.fixture
def probe(tmp_path) -> PdfProbe:
    return PdfProbe(tmp_path)


def assert_fonts_embedded(rows: list[list[str]]) -> None:
    """Every font embedded (emb = yes), and never the unembedded STSong-Light."""
    assert rows, "the PDF uses no font at all"
    for row in rows:
        name, embedded = row[0], row[-5]
        assert "STSong" not in name
        assert embedded == "yes", f"font {name} is not embedded"


@pytest.fixture
def licence_facts() -> LicenceFacts:
    return LicenceFacts(
        uscc=USCC, name=NAME, entity_type_label="有限责任公司（自然人投资或控股）",
        legal_representative="张三丰", registered_capital_yuan=1_000_000, established_on=DAY,
        address="湖北省十堰市竹溪县城关镇人民路88号2栋3层301室",
        business_scope=["茶叶种植", "初级农产品收购", "食品销售（仅销售预包装食品）", "农副产品销售",
                        "互联网销售（除销售需要许可的商品）", "技术服务、技术开发、技术咨询", "货物进出口"],
        authority="竹溪县市场监督管理局", issued_on=DAY,
        verify_url=f"https://kaiban.example.cn/verify/{USCC}?t=Zq3",
    )


@pytest.fixture
def voucher_facts() -> VoucherFacts:
    return VoucherFacts(
        company_name=NAME, uscc=USCC,
        seals=[SealGrant("official", "4203240012345", True), SealGrant("finance", "4203240012346", True),
               SealGrant("invoice", "4203240012347", True), SealGrant("legal_rep", "4203240012348", True),
               SealGrant("contract", "4203240012349", False)],
        voucher_code="GBER-MS2Z-KDS3-UTMT", verify_url="https://kaiban.example.cn/seal-vouchers/GBERMS2ZKDS3UTMT",
        valid_until=date(2026, 6, 11), legal_representative="张三丰",
    )


@pytest.fixture
def tax_notice() -> TaxNotice:
    return TaxNotice(NAME, USCC, "国家税务总局竹溪县税务局", "小规模纳税人", ["数电发票（普通发票）"],
                     100_000, 50, DAY)


@pytest.fixture
def bank_notice() -> BankNotice:
    return BankNotice(NAME, USCC, "中国农业银行", "中国农业银行股份有限公司竹溪县支行",
                      "17123401040012345", DAY)


def make_parcel(number: int, **changes) -> Parcel:
    fields = dict(
        waybill_number=f"EK{123456780 + number}CN", sender_name="竹溪县政务服务中心企业开办专区",
        sender_phone="0719-5212345", sender_address="湖北省十堰市竹溪县城关镇府前路1号",
        recipient_name="张三丰", recipient_phone="138 1234 0000",
        recipient_address="湖北省十堰市竹溪县城关镇人民路88号2栋3层301室",
        contents=["营业执照副本", "公章", "财务专用章", "发票专用章"],
        tracking_url=f"https://kaiban.example.cn/track/EK{123456780 + number}CN",
    )
    fields.update(changes)
    return Parcel(**fields)


@pytest.fixture
def parcel():
    """Builds a parcel numbered n, with any field changed."""
    return make_parcel


@pytest.fixture
def fonts_embedded():
    return assert_fonts_embedded
