"""Shared canvas helpers: a canvas with the CJK font, QR codes, wrapped text, borders."""

from io import BytesIO

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from app.documents.fonts import register_fonts

LICENCE_RED = Color(0.78, 0.12, 0.12)
BORDER_RED = Color(0.88, 0.45, 0.42)
INK = Color(0.1, 0.1, 0.1)
GREY = Color(0.4, 0.4, 0.4)
QR_MASK_PATTERN = 2


def new_canvas(buffer: BytesIO, pagesize: tuple[float, float], title: str) -> Canvas:
    """A canvas whose text uses the embedded CJK font."""
    # The initial font too, or ReportLab adds an unembedded Helvetica to every page.
    canvas = Canvas(buffer, pagesize=pagesize, pageCompression=1, initialFontName=register_fonts(),
                    initialFontSize=12)
    canvas.setTitle(title)
    canvas.setAuthor("企业开办210")
    return canvas


def qr_modules(url: str) -> list[list[bool]]:
    """The QR code of url as rows of dark (True) modules, without the quiet zone."""
    # A fixed mask: choosing the "best" of eight costs ~18 ms per code and every mask scans.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=QR_MASK_PATTERN)
    code.add_data(url)
    code.make(fit=True)
    return code.get_matrix()


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """A vector QR code of url filling size points square (quiet zone included), lower-left at (x, y)."""
    modules = qr_modules(url)
    quiet = 4  # modules of white margin the standard asks for
    module = size / (len(modules) + 2 * quiet)
    path = canvas.beginPath()
    for row_index, row in enumerate(modules):
        top = y + size - (quiet + row_index) * module
        column = 0
        # One rectangle per run of dark modules keeps the page small.
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            path.rect(x + (quiet + start) * module, top - module, (column - start) * module, module)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


# (size, leading, colour) → the paragraph style and the parser's fragment of one plain word in it.
_PLAIN_TEMPLATES: dict[tuple, tuple[ParagraphStyle, object]] = {}


def _plain_template(size: float, leading: float, color: Color) -> tuple[ParagraphStyle, object]:
    key = (size, leading, color.rgba())
    template = _PLAIN_TEMPLATES.get(key)
    if template is None:
        style = ParagraphStyle("wrapped", fontName=register_fonts(), fontSize=size, leading=leading,
                               wordWrap="CJK", textColor=color)
        (fragment,) = Paragraph("x", style).frags
        template = _PLAIN_TEMPLATES[key] = (style, fragment)
    return template


def _paragraph(text: str, size: float, leading: float, color: Color) -> Paragraph:
    """text as a paragraph in the embedded font, never read as markup.

    ReportLab runs an HTML parser over every paragraph; for text with nothing the parser would split
    at (& and <) or clean (runs of spaces, line breaks, spaces at the ends) — most of a notice — the
    one fragment it would make is its fragment of a plain word holding this text: made here by
    copying, for a fifth of a notice's time."""
    style, fragment = _plain_template(size, leading, color)
    if text and "&" not in text and "<" not in text and " ".join(text.split()) == text:
        return Paragraph(text, style, frags=[fragment.clone(text=text)])
    return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;"), style)


def wrapped(text: str, width: float, size: float, leading: float | None = None,
            color: Color = INK) -> tuple[Paragraph, float]:
    """text wrapped CJK-style within width: the paragraph, ready to draw, and its height.

    For a page that measures a text before drawing it: one paragraph serves both (parsing and
    wrapping it is most of what a notice's table costs)."""
    paragraph = _paragraph(text, size, leading or size * 1.45, color)
    _, height = paragraph.wrap(width, 10_000)
    return paragraph, height


def draw_wrapped(canvas: Canvas, text: str, x: float, top: float, width: float, size: float,
                 leading: float | None = None, color: Color = INK) -> float:
    """Draw text wrapped CJK-style within width from top down; return the height used."""
    paragraph, height = wrapped(text, width, size, leading, color)
    paragraph.drawOn(canvas, x, top - height)
    return height


def wrapped_height(text: str, width: float, size: float, leading: float | None = None) -> float:
    """The height draw_wrapped would use."""
    return wrapped(text, width, size, leading)[1]


def draw_spaced(canvas: Canvas, text: str, x: float, y: float, width: float) -> None:
    """Draw a short label spread evenly over width, as licences set 名    称."""
    if len(text) < 2:
        canvas.drawString(x, y, text)
        return
    natural = canvas.stringWidth(text)
    canvas.drawString(x, y, text, charSpace=(width - natural) / (len(text) - 1))


def draw_frame(canvas: Canvas, x: float, y: float, width: float, height: float,
               color: Color = BORDER_RED) -> None:
    """A double rule with corner squares, the decorative border of certificates."""
    canvas.saveState()
    canvas.setStrokeColor(color)
    canvas.setLineWidth(2.2)
    canvas.rect(x, y, width, height)
    canvas.setLineWidth(0.6)
    inset = 5
    canvas.rect(x + inset, y + inset, width - 2 * inset, height - 2 * inset)
    canvas.setFillColor(color)
    corner = 9
    for cx, cy in ((x, y), (x + width, y), (x, y + height), (x + width, y + height)):
        canvas.rect(cx - corner / 2, cy - corner / 2, corner, corner, stroke=0, fill=1)
    canvas.restoreState()
