from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.documents.fonts import font_path, register_fonts


def test_register_fonts_is_idempotent():
    name = register_fonts()
    assert register_fonts() == name
    assert isinstance(pdfmetrics.getFont(name), TTFont)


def test_the_font_is_a_truetype_collection_with_chinese_glyphs():
    assert font_path().suffix == ".ttc"
    assert pdfmetrics.stringWidth("营业执照", register_fonts(), 10) == 40
