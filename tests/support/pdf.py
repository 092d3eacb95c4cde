"""Reading a PDF the way a person and a scanner would: poppler's text and fonts, pages at 150 dpi, barcodes."""

import subprocess
import uuid
from pathlib import Path

import zxingcpp
from PIL import Image


def _saved(pdf: bytes, workdir: Path, stem: str) -> Path:
    path = Path(workdir) / f"{stem}-{uuid.uuid4().hex[:8]}.pdf"
    path.write_bytes(pdf)
    return path


def pdf_text(pdf: bytes, workdir: Path) -> str:
    """What a reader extracts from the PDF (pdftotext)."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(_saved(pdf, workdir, "text")), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_fonts(pdf: bytes, workdir: Path) -> list[list[str]]:
    """pdffonts rows after the header, split into columns."""
    out = subprocess.run(["pdffonts", str(_saved(pdf, workdir, "fonts"))], check=True, capture_output=True,
                         text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def pdf_pages(pdf: bytes, workdir: Path, dpi: int = 150) -> list[Image.Image]:
    """Every page rendered to PNG the way a scanner would see a print (pdftoppm)."""
    path = _saved(pdf, workdir, "page")
    prefix = path.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(path), str(prefix)], check=True)
    return [Image.open(png) for png in sorted(path.parent.glob(f"{prefix.name}-*.png"))]


def barcodes(image: Image.Image) -> dict[str, str]:
    """Decoded symbols on one page image, keyed by format name (QRCode, Code128, …)."""
    return {result.format.name: result.text for result in zxingcpp.read_barcodes(image)}


def qr_texts(page: Image.Image) -> list[str]:
    """The decoded text of every QR code on a page image."""
    return [r.text for r in zxingcpp.read_barcodes(page) if r.format.name == "QRCode"]


def tamper(pdf: bytes) -> bytes:
    """The PDF with one byte changed inside the signed range (the page dictionary)."""
    changed = bytearray(pdf)
    changed[changed.index(b"/MediaBox") + 2] ^= 0x01
    return bytes(changed)


def assert_fonts_embedded(rows: list[list[str]]) -> None:
    """Every font embedded (emb = yes), and never the unembedded STSong-Light."""
    assert rows, "the PDF uses no font at all"
    for row in rows:
        name, embedded = row[0], row[-5]
        assert "STSong" not in name
        assert embedded == "yes", f"font {name} is not embedded"


class PdfProbe:
    """The functions above bound to one directory, for the renderers' tests."""

    def __init__(self, directory: Path):
        self.directory = directory

    def text(self, pdf: bytes) -> str:
        return pdf_text(pdf, self.directory)

    def fonts(self, pdf: bytes) -> list[list[str]]:
        return pdf_fonts(pdf, self.directory)

    def pages(self, pdf: bytes, dpi: int = 150) -> list[Image.Image]:
        return pdf_pages(pdf, self.directory, dpi)

    def barcodes(self, image: Image.Image) -> dict[str, str]:
        return barcodes(image)
