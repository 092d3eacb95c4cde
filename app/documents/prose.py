"""Flowing, multi-page documents (申请书, 章程): A4 portrait, the embedded CJK font, numbered pages."""

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from app.documents.drawing import GREY, INK
from app.documents.fonts import register_fonts

MARGIN = 22 * mm


def styles() -> dict[str, ParagraphStyle]:
    font = register_fonts()
    base = ParagraphStyle("body", fontName=font, fontSize=11, leading=18, wordWrap="CJK", textColor=INK)
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=28, alignment=1, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, alignment=1, textColor=GREY,
                                   spaceAfter=14),
        "chapter": ParagraphStyle("chapter", parent=base, fontSize=13, leading=22, alignment=1,
                                  spaceBefore=10, spaceAfter=4),
        "body": ParagraphStyle("body", parent=base, firstLineIndent=22, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=15),
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=14, textColor=GREY),
    }


def text(value: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: whatever the applicant typed is never read as markup."""
    return Paragraph(escape(value), style)


def table(rows: list[list[str]], widths: list[float], style: ParagraphStyle, header: bool = False) -> Table:
    cells = [[text(value, style) for value in row] for row in rows]
    grid = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    # FONTNAME too: a table sets its cells' font even when they hold paragraphs (else Helvetica).
    commands = [("FONTNAME", (0, 0), (-1, -1), register_fonts()), ("GRID", (0, 0), (-1, -1), 0.5, GREY), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), (0.94, 0.94, 0.94)))
    else:
        commands.append(("BACKGROUND", (0, 0), (0, -1), (0.95, 0.95, 0.95)))
    grid.setStyle(TableStyle(commands))
    return grid


def content_width() -> float:
    return A4[0] - 2 * MARGIN


def render(title: str, footer: str, story: list) -> bytes:
    """The story laid out on A4 pages, each with `footer` and its page number at the foot."""
    buffer = BytesIO()
    font = register_fonts()

    def on_page(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, 12 * mm, footer)
        canvas.drawRightString(A4[0] - MARGIN, 12 * mm, f"第 {document.page} 页")
        canvas.restoreState()

    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                                 topMargin=20 * mm, bottomMargin=22 * mm, title=title, author="企业开办210",
                                 # The canvas starts in the embedded font, or ReportLab adds an unembedded Helvetica.
                                 initialFontName=font, initialFontSize=11)
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
