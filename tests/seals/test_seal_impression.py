import math
from io import BytesIO

import pytest
from PIL import Image
from reportlab.lib.units import mm

from seals.impression import Glyph, Star, draw_impression, impression_png, impression_svg, seal_layout

NAME = "竹溪县青山茶叶贸易有限公司"
CODE = "4203240012345"
USCC = "91420324MA4F0KXQ3N"


def glyphs(layout) -> list[Glyph]:
    return [p for p in layout.primitives if isinstance(p, Glyph)]


def test_official_seal_puts_the_name_over_the_top_and_the_code_along_the_bottom():
    layout = seal_layout("official", NAME, CODE)
    letters = glyphs(layout)
    name, code = letters[:len(NAME)], letters[len(NAME):]
    assert "".join(g.char for g in name) == NAME
    assert "".join(g.char for g in code) == CODE
    # Read left to right, clockwise over the top: the polar angle falls from glyph to glyph.
    polar = [math.degrees(math.atan2(g.y, g.x)) % 360 for g in name]
    polar = [p - 360 if p > 270 else p for p in polar]
    assert polar == sorted(polar, reverse=True)
    assert polar[0] > 180 and polar[-1] < 0
    assert max(name, key=lambda g: g.y) in name[len(NAME) // 2 - 1:len(NAME) // 2 + 2]
    assert all(g.y < -10 for g in code) and [g.x for g in code] == sorted(g.x for g in code)
    # Every glyph sits inside the 1 mm border.
    assert all(g.x ** 2 + g.y ** 2 < 19 ** 2 for g in letters)
    assert sum(isinstance(p, Star) for p in layout.primitives) == 1


def test_arc_glyphs_turn_with_the_arc():
    name = glyphs(seal_layout("official", NAME, CODE))[:len(NAME)]
    assert name[0].angle > 60 and name[-1].angle < -60
    assert abs(name[len(NAME) // 2].angle) < 15


def test_invoice_seal_sets_the_taxpayer_id_straight_across_the_middle():
    letters = glyphs(seal_layout("invoice", NAME, CODE, taxpayer_id=USCC))
    middle = [g for g in letters if g.angle == 0 and abs(g.y) < 4]
    assert "".join(g.char for g in middle) == USCC
    assert "".join(g.char for g in letters).endswith("发票专用章")
    assert all(abs(g.x) < 20 for g in middle)


def test_legal_rep_seal_reads_in_columns_from_the_right():
    letters = glyphs(seal_layout("legal_rep", NAME, CODE, person_name="张三丰"))
    assert [g.char for g in letters] == ["张", "三", "丰", "印"]
    assert letters[0].x > 0 and letters[2].x < 0 and letters[0].y > letters[1].y


def test_seals_that_need_a_person_or_taxpayer_id_say_so():
    with pytest.raises(ValueError):
        seal_layout("legal_rep", NAME, CODE)
    with pytest.raises(ValueError):
        seal_layout("invoice", NAME, CODE)


@pytest.mark.parametrize(("kind", "size_mm"), [("official", 40), ("finance", 38), ("contract", 40)])
def test_drawing_has_the_real_size(kind, size_mm):
    drawing = draw_impression(kind, NAME, CODE)
    assert drawing.width == pytest.approx(size_mm * mm)


@pytest.mark.parametrize("kind", ["official", "finance", "invoice", "legal_rep", "contract"])
def test_png_impressions_are_mostly_red(kind):
    png = impression_png(kind, NAME, CODE, person_name="张三丰", taxpayer_id=USCC, dpi=150)
    image = Image.open(BytesIO(png)).convert("RGBA")
    inked = [(r, g, b) for r, g, b, a in image.getdata() if a > 128]
    assert len(inked) > 0.05 * image.width * image.height
    red = sum(1 for r, g, b in inked if r > 170 and g < 90 and b < 90)
    assert red > 0.9 * len(inked)


def test_svg_names_a_font_browsers_know():
    svg = impression_svg("official", NAME, CODE)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "'Noto Sans SC'" in svg
    assert ">竹</text>" in svg and "rgb(87%,12%,11%)" in svg  # SEAL_RED #E0201E
