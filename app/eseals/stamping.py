"""Stamping a PDF with an electronic seal (电子印章盖章): a PAdES signature whose visible appearance is the
seal's impression, at the place the legal representative chose.

The signature goes in a new field of its own ("电子印章 公章 1", …) in an incremental update, so a
file stamped before — by another seal, or the same one — keeps every earlier signature valid. It is
made with the seal's key (opened in memory only, app/eseals/keys.py) and carries a time-stamp of
the seal CA's time-stamping authority (PAdES B-T). The impression is drawn at the seal's real size:
its PNG is painted at IMPRESSION_DPI from the seal's specification (seals/kinds.py), so its pixels
give the millimetres (40 mm 公章, 42 mm for a joint-stock company, 40×30 mm 发票专用章, …).

Places are in millimetres from the lower-left corner of the page as shown (its crop box), the
stamp's centre; the whole stamp must lie on the page.
"""

from dataclasses import dataclass
from io import BytesIO

from flask_babel import gettext as _
from PIL import Image
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.stamp import StaticStampStyle
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from app.documents.signing import outside_event_loop
from app.eseals.appearance import impression_of
from app.eseals.authority import seal_ca
from app.eseals.keys import seal_certificate, seal_signer
from app.models.eseals import ElectronicSeal
from app.refusal import Refusal
from seals.kinds import spec_for

POINTS_PER_MM = 72 / 25.4
IMPRESSION_DPI = 300  # seals.impression.impression_png's default, as the seal step draws it
FIELD_PREFIX = "电子印章"
PDF_HEADER = b"%PDF-"
HEADER_WINDOW = 1024  # readers accept the header anywhere in the first kilobyte


class PlaceRefused(Refusal):
    """Refused for the page or the place chosen, not the file: `field` is "page" or "position"."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message, 422)
        self.field = field


@dataclass(frozen=True)
class PageBox:
    """One page as shown: its crop box in points (the origin may be anywhere) and its rotation."""

    left: float
    bottom: float
    width: float
    height: float
    rotation: int

    @property
    def width_mm(self) -> float:
        return self.width / POINTS_PER_MM

    @property
    def height_mm(self) -> float:
        return self.height / POINTS_PER_MM


def page_boxes(pdf: bytes) -> list[PageBox]:
    """Every page of pdf; Refusal for what is no PDF, is encrypted, cannot be read or has no page."""
    if PDF_HEADER not in pdf[:HEADER_WINDOW]:
        raise Refusal(_("所选文件不是PDF文件，请上传PDF格式的文件"), 422)
    try:
        reader = PdfReader(BytesIO(pdf), strict=False)
        if reader.is_encrypted:
            raise Refusal(_("该PDF文件已加密或设置了密码，请上传未加密的PDF文件"), 422)
        boxes = [_box(page) for page in reader.pages]
    except Refusal:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        raise Refusal(_("无法读取该PDF文件，文件可能已损坏，请重新导出后上传"), 422) from None
    if not boxes:
        raise Refusal(_("该PDF文件没有页面"), 422)
    return boxes


def _box(page) -> PageBox:
    box = page.cropbox
    return PageBox(float(min(box.left, box.right)), float(min(box.bottom, box.top)), abs(float(box.width)),
                   abs(float(box.height)), int(page.get("/Rotate", 0) or 0) % 360)


def seal_size_mm(seal: ElectronicSeal) -> tuple[float, float]:
    """The impression's width and height in millimetres, as drawn from the seal's specification."""
    with Image.open(BytesIO(impression_of(seal))) as image:
        width, height = image.size
    return width * 25.4 / IMPRESSION_DPI, height * 25.4 / IMPRESSION_DPI


def seal_label(seal: ElectronicSeal) -> str:
    """公章, 发票专用章, … (the specification's own Chinese name, also in the field name)."""
    return spec_for(seal.kind).label


def page_out_of_range(count: int) -> PlaceRefused:
    return PlaceRefused(_("页码超出范围：该文件共%(count)d页，请填写1到%(count)d之间的页码", count=count), "page")


def check_place(boxes: list[PageBox], page: int, x_mm: float, y_mm: float,
                size_mm: tuple[float, float]) -> PageBox:
    """The page (1-based) if a stamp of size_mm centred at (x_mm, y_mm) lies wholly on it; else Refusal."""
    if not 1 <= page <= len(boxes):
        raise page_out_of_range(len(boxes))
    box = boxes[page - 1]
    if box.rotation:
        raise PlaceRefused(_("第%(page)d页设置了页面旋转，暂不能在该页盖章，请将文件按正常方向重新导出后上传",
                             page=page), "page")
    width, height = size_mm
    if not (width / 2 <= x_mm <= box.width_mm - width / 2 and height / 2 <= y_mm <= box.height_mm - height / 2):
        raise PlaceRefused(_("盖章位置超出页面范围，印章须完整落在第%(page)d页上，请另选位置", page=page), "position")
    return box


def stamp_box(box: PageBox, x_mm: float, y_mm: float, size_mm: tuple[float, float]) -> tuple[float, ...]:
    """The signature field's rectangle in the page's points."""
    half_width, half_height = size_mm[0] * POINTS_PER_MM / 2, size_mm[1] * POINTS_PER_MM / 2
    x, y = box.left + x_mm * POINTS_PER_MM, box.bottom + y_mm * POINTS_PER_MM
    return (x - half_width, y - half_height, x + half_width, y + half_height)


def new_field_name(pdf: bytes, seal: ElectronicSeal) -> str:
    """"电子印章 公章 n", n one more than the fields of that name the file has already."""
    prefix = f"{FIELD_PREFIX} {seal_label(seal)} "
    try:
        taken = {name for name, _value, _ref in fields.enumerate_sig_fields(PdfFileReader(BytesIO(pdf), strict=False))}
    except (PdfError, ValueError):  # pyHanko refuses what pypdf read: the signer below says so
        taken = set()
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def stamp(pdf: bytes, seal: ElectronicSeal, page: int, x_mm: float, y_mm: float) -> bytes:
    """pdf with the seal's PAdES signature, its impression centred at (x_mm, y_mm) on page (1-based)."""
    if seal.is_revoked:
        raise Refusal(_("该电子印章已吊销，不能再使用"), 409)
    size = seal_size_mm(seal)
    box = check_place(page_boxes(pdf), page, x_mm, y_mm, size)
    field_name = new_field_name(pdf, seal)
    ca = seal_ca()
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        name=seal_certificate(seal).subject.native.get("common_name"), reason=_stamp_reason(seal))
    style = StaticStampStyle(background=PdfImage(Image.open(BytesIO(impression_of(seal)))), border_width=0,
                             background_opacity=1.0, background_layout=layout.SimpleBoxLayoutRule(
                                 x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                                 margins=layout.Margins.uniform(0)))
    pdf_signer = signers.PdfSigner(
        metadata, signer=seal_signer(seal), timestamper=ca.timestamper, stamp_style=style,
        new_field_spec=fields.SigFieldSpec(field_name, box=stamp_box(box, x_mm, y_mm, size), on_page=page - 1))
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        return outside_event_loop(lambda: pdf_signer.sign_pdf(writer, bytes_reserved=ca.bytes_reserved).getvalue())
    except (PdfError, SigningError):  # pyHanko could not write into this file (a broken cross-reference, a strange form)
        raise Refusal(_("无法在该PDF文件上盖章，文件结构可能有误，请重新导出后上传"), 422) from None


def _stamp_reason(seal: ElectronicSeal) -> str:
    return f"电子印章签章（{seal_label(seal)}）"
