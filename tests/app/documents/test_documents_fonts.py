from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from app.documents.fonts import font_path, register_fonts


def test_register_fonts_is_idempotent():
    name = register_fonts()
    assert register_fonts() == name
    assert isinstance(pdfmetrics.getFont(name), TTFont)


def test_the_font_is_the_repositorys_truetype_file_with_chinese_glyphs():
    assert font_path().suffix == ".ttf" and font_path().stat().st_size > 5_000_000
    assert (font_path().parent / "OFL.txt").is_file()  # kept with its licence
    assert pdfmetrics.stringWidth("营业执照", register_fonts(), 10) == 40


def test_the_font_tables_are_read_out_of_the_file_once():
    face = pdfmetrics.getFont(register_fonts()).face
    glyphs = face.get_table("glyf")
    assert face.get_table("glyf") is glyphs  # kept, not copied again for every document's subset
    assert len(glyphs) > 5_000_000


def test_keeping_the_tables_changes_no_subset():
    face = pdfmetrics.getFont(register_fonts()).face
    fresh = TTFontFace(str(font_path()))
    subset = [ord(character) for character in "营业执照统一社会信用代码ABC123"]
    assert face.makeSubset(subset) == fresh.makeSubset(subset)
