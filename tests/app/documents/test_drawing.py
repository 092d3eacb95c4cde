"""Wrapped text drawn without ReportLab's markup parser where it is plain: the same fragments, the
same page."""

from io import BytesIO

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from app.documents.drawing import INK, draw_wrapped, new_canvas, wrapped
from app.documents.fonts import register_fonts


def parsed(text: str, size: float) -> Paragraph:
    """The paragraph as ReportLab's parser makes it."""
    style = ParagraphStyle("wrapped", fontName=register_fonts(), fontSize=size, leading=size * 1.45,
                           wordWrap="CJK", textColor=INK)
    return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;"), style)


@pytest.mark.parametrize("text", ["竹溪县云帆科技有限公司", "91420324MA4F00001X", "中国农业银行 1712340104001234567",
                                  "25份", "1 > 0，（含）"])
def test_plain_text_gets_the_parsers_fragments_and_lines(text):
    fast, height = wrapped(text, 120, 11.5)
    slow = parsed(text, 11.5)
    assert height == slow.wrap(120, 10_000)[1]
    assert [vars(fragment) for fragment in fast.frags] == [vars(fragment) for fragment in slow.frags]
    assert fast.blPara.lines == slow.blPara.lines


@pytest.mark.parametrize("text", ["  leading spaces", "two  spaces", "a\nnew line", "no\u00a0break",
                                  "A&B <b>不是标记</b>"])
def test_text_the_parser_would_clean_goes_through_the_parser(text):
    fast, _ = wrapped(text, 300, 10)
    slow = parsed(text, 10)
    slow.wrap(300, 10_000)
    assert [vars(fragment) for fragment in fast.frags] == [vars(fragment) for fragment in slow.frags]


def test_markup_characters_are_drawn_as_typed(probe):
    buffer = BytesIO()
    canvas = new_canvas(buffer, (300, 200), "t")
    draw_wrapped(canvas, "甲&乙 <b>丙</b>", 10, 190, 280, 12)
    canvas.showPage()
    canvas.save()
    assert "甲&乙 <b>丙</b>" in probe.text(buffer.getvalue())
