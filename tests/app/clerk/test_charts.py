"""The statistics charts: plain SVG, numbers in the tooltips, round axis maxima."""

import lxml.html
import pytest

from app.clerk.charts import Series, bar_chart, line_chart, nice_max


def test_charts_are_svg_with_their_numbers_in_tooltips():
    chart = bar_chart("每日申请量", ["11-18", "11-19"], [Series("网上", [1, 0], "#1d70b8"), Series("窗口", [1, 2], "#f47738")])
    tree = lxml.html.fromstring(str(chart))
    assert tree.tag == "svg" and tree.get("aria-label") == "每日申请量"
    assert [t.text_content() for t in tree.xpath("//rect/title")] == ["11-18 网上: 1", "11-18 窗口: 1", "11-19 窗口: 2"]
    heights = [float(r.get("height")) for r in tree.xpath("//rect")]
    assert heights[0] == heights[1] and heights[2] == pytest.approx(2 * heights[0])
    line = lxml.html.fromstring(str(line_chart("网办率", ["a", "b", "c"], [0.5, None, 1.0])))
    assert len(line.xpath("//circle")) == 2 and line.xpath("//polyline") == []  # a gap, not a line through it
    # Four grid steps of 1, 2 or 5 × 10ⁿ: whole numbers on a count axis.
    assert [nice_max(v) for v in (0, 0.3, 1, 4, 5, 7, 9, 20, 21, 230)] == [4, 4, 4, 4, 8, 8, 20, 20, 40, 400]
