from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.documents.fonts import font_path, register_fonts


def test_register_fonts_is_idempotent():
    name = register_fonts()
    assert register_fonts() == name
    assert isinstance(pdfmetrics.getFont(name), TTFont)


def test_the_font_is_the_repositorys_truetype_file_with_chinese_glyphs():
    assert font_path().suffix == ".ttf" and font_path().stat().st_size > 5_000_000
    assert (font_path().parent / "OFL.txt").is_file()  # kept with its licence
    assert pdfmetrics.stringWidth("营业执照", register_fonts(), 10) == 40
