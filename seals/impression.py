"""Seal impressions (印模) drawn to specification: vector Drawing, SVG and PNG.

The layout is computed once, in millimetres with the origin at the seal's centre and y up,
as a list of primitives; the ReportLab and Pillow renderers only paint those primitives.
ReportLab has no text-on-path, so arc text is placed glyph by glyph, each rotated to the arc.
"""

import html
import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing, Ellipse, Group, Polygon, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from seals.fonts import BROWSER_FAMILIES, font_path, register_fonts
from seals.kinds import SealKind, SealSpec, spec_for

SEAL_RED = "#E0201E"
# Ink extent of a CJK glyph in the font, as a share of the font size above the baseline.
GLYPH_TOP = 0.80
GLYPH_MIDDLE = 0.35
# Seal lettering is condensed; the name is set narrower than the font's square glyphs.
NAME_X_SCALE = 0.78
# Widest sweep of the name: an oval leaves its sides to the taxpayer id.
MAX_NAME_ARC_DEG = {"round": 235.0, "oval": 195.0}
MIN_NAME_ARC_DEG = 170.0


@dataclass(frozen=True)
class Outline:
    shape: str
    width: float
    height: float
    stroke: float


@dataclass(frozen=True)
class Star:
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Glyph:
    """One character: its baseline centre at (x, y), turned angle degrees counter-clockwise."""

    char: str
    x: float
    y: float
    angle: float
    size: float
    x_scale: float


Primitive = Outline | Star | Glyph


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    primitives: tuple[Primitive, ...]


def _advance(char: str, size: float, x_scale: float) -> float:
    return stringWidth(char, register_fonts(), size) * x_scale


def _star(cx: float, cy: float, outer: float) -> Star:
    inner = outer * 0.382  # the inner radius of a regular five-pointed star
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        theta = math.radians(90 + 36 * i)
        points.append((cx + radius * math.cos(theta), cy + radius * math.sin(theta)))
    return Star(tuple(points))


def _straight(text: str, cy: float, size: float, x_scale: float, pitch: float | None = None) -> list[Glyph]:
    """A horizontal line of glyphs centred on the vertical axis, cy being the ink middle."""
    advances = [pitch or _advance(ch, size, x_scale) for ch in text]
    x = -sum(advances) / 2
    glyphs = []
    for ch, adv in zip(text, advances, strict=True):
        glyphs.append(Glyph(ch, x + adv / 2, cy - GLYPH_MIDDLE * size, 0.0, size, x_scale))
        x += adv
    return glyphs


class _EllipseArc:
    """Arc length along an ellipse around a centre angle, to space glyphs evenly."""

    def __init__(self, a: float, b: float, centre_deg: float):
        self.a, self.b = a, b
        steps = 360
        start = math.radians(centre_deg) - math.pi
        self.ts = [start + 2 * math.pi * i / steps for i in range(steps + 1)]
        self.lengths = [0.0]
        for t0, t1 in zip(self.ts, self.ts[1:], strict=False):
            self.lengths.append(self.lengths[-1] + math.dist(self.point(t0), self.point(t1)))
        self.centre_length = self.lengths[steps // 2]

    def point(self, t: float) -> tuple[float, float]:
        return self.a * math.cos(t), self.b * math.sin(t)

    def t_at(self, length: float) -> float:
        i = min(max(bisect_left(self.lengths, length), 1), len(self.lengths) - 1)
        l0, l1 = self.lengths[i - 1], self.lengths[i]
        share = 0.0 if l1 == l0 else (length - l0) / (l1 - l0)
        return self.ts[i - 1] + share * (self.ts[i] - self.ts[i - 1])

    def normal_deg(self, t: float) -> float:
        return math.degrees(math.atan2(math.sin(t) / self.b, math.cos(t) / self.a))


def _turn(degrees: float) -> float:
    """An angle in (-180, 180]."""
    return 180.0 - (180.0 - degrees) % 360.0


@lru_cache(maxsize=64)
def _ellipse_arc(a: float, b: float, centre_deg: float) -> _EllipseArc:
    """Arc tables depend only on a seal kind's geometry, so they are worth keeping."""
    return _EllipseArc(a, b, centre_deg)


def _upper_arc(text: str, a: float, b: float, size: float, max_arc_deg: float) -> list[Glyph]:
    """Text along the top, read left to right, glyph feet towards the centre."""
    arc = _ellipse_arc(a, b, 90.0)
    mean_radius = (a + b) / 2
    x_scale = NAME_X_SCALE
    pitch = size * x_scale * 1.12
    count = len(text)
    # Long names are condensed to stay within the arc; short ones are spread out.
    longest = math.radians(max_arc_deg) * mean_radius
    shortest = math.radians(MIN_NAME_ARC_DEG) * mean_radius
    if count > 1 and pitch * count > longest:
        pitch = longest / count
        x_scale = max(0.4, pitch / size / 1.05)
    elif count > 1 and pitch * count < shortest:
        pitch = min(shortest / count, size * 1.6)
    span = pitch * (count - 1)
    glyphs = []
    for i, ch in enumerate(text):
        t = arc.t_at(arc.centre_length + span / 2 - i * pitch)
        x, y = arc.point(t)
        glyphs.append(Glyph(ch, x, y, _turn(arc.normal_deg(t) - 90.0), size, x_scale))
    return glyphs


def _lower_arc(text: str, a: float, b: float, size: float, x_scale: float) -> list[Glyph]:
    """Text along the bottom, read left to right, glyph tops towards the centre."""
    arc = _ellipse_arc(a, b, 270.0)
    pitch = _advance("0", size, x_scale) * 1.15
    span = pitch * (len(text) - 1)
    glyphs = []
    for i, ch in enumerate(text):
        t = arc.t_at(arc.centre_length - span / 2 + i * pitch)
        x, y = arc.point(t)
        glyphs.append(Glyph(ch, x, y, _turn(arc.normal_deg(t) + 90.0), size, x_scale))
    return glyphs


def _name_block(name: str, spec: SealSpec) -> list[Glyph]:
    """法人名章: the name in columns read top to bottom, right to left; 印 completes 3 characters."""
    chars = name + "之印" if len(name) == 2 else name + "印" if len(name) == 3 else name
    columns = max(1, math.ceil(len(chars) / 2))
    inner = spec.width_mm - 2 * spec.border_mm - 2.4
    cell_w, cell_h = inner / columns, inner / 2
    size = cell_h * 0.94
    x_scale = min(1.0, cell_w / size * 0.94)
    glyphs = []
    for i, ch in enumerate(chars):
        column, row = divmod(i, 2)
        cx = inner / 2 - cell_w * (column + 0.5)
        cy = inner / 2 - cell_h * (row + 0.5)
        glyphs.append(Glyph(ch, cx, cy - GLYPH_MIDDLE * size, 0.0, size, x_scale))
    return glyphs


def seal_layout(
    kind: SealKind | str,
    company_name: str,
    code: str,
    person_name: str | None = None,
    taxpayer_id: str | None = None,
    joint_stock: bool = False,
) -> Layout:
    """Place every stroke and glyph of one seal, in millimetres."""
    spec = spec_for(kind, joint_stock)
    w, h, border = spec.width_mm, spec.height_mm, spec.border_mm
    prims: list[Primitive] = [Outline(spec.shape, w, h, border)]
    if spec.centre == "person_name":
        if not person_name:
            raise ValueError("法人名章 needs the legal representative's name")
        prims += _name_block(person_name, spec)
        return Layout(w, h, tuple(prims))
    a, b = w / 2, h / 2
    gap = 0.7
    if spec.name_on_upper_arc:
        size = min(w, h) * (0.15 if spec.shape == "round" else 0.14)
        inset = border + gap + GLYPH_TOP * size
        prims += _upper_arc(company_name, a - inset, b - inset, size, MAX_NAME_ARC_DEG[spec.shape])
    if spec.star:
        star_y = w * 0.02 if spec.caption else 0.0
        prims.append(_star(0.0, star_y, w * 0.19))
    if spec.centre == "taxpayer_id":
        if not taxpayer_id:
            raise ValueError("发票专用章 needs the taxpayer id")
        size = h * 0.11
        pitch = w * 0.64 / len(taxpayer_id)
        prims += _straight(taxpayer_id, -h * 0.06, size, min(1.0, pitch / _advance("W", size, 1.0)), pitch)
    if spec.caption:
        size = min(w, h) * 0.11
        cy = -h * 0.30 if spec.shape == "oval" else -w * 0.23
        prims += _straight(spec.caption, cy, size, 0.85)
    if spec.code_on_bottom_arc and code:
        size = w * 0.065
        inset = border + gap
        prims += _lower_arc(code, a - inset, b - inset, size, 0.9)
    return Layout(w, h, tuple(prims))


def layout_drawing(layout: Layout, color: str = SEAL_RED) -> Drawing:
    """Paint a layout as ReportLab vector graphics, 1:1 in millimetres."""
    font = register_fonts()
    ink = HexColor(color)
    drawing = Drawing(layout.width * mm, layout.height * mm)
    # All coordinates below are millimetres about the centre.
    seal = Group(transform=(mm, 0, 0, mm, layout.width * mm / 2, layout.height * mm / 2))
    for prim in layout.primitives:
        if isinstance(prim, Outline):
            rx, ry = (prim.width - prim.stroke) / 2, (prim.height - prim.stroke) / 2
            shape = (Rect(-rx, -ry, 2 * rx, 2 * ry) if prim.shape == "square" else Ellipse(0, 0, rx, ry))
            shape.fillColor, shape.strokeColor, shape.strokeWidth = None, ink, prim.stroke
            seal.add(shape)
        elif isinstance(prim, Star):
            seal.add(Polygon([c for p in prim.points for c in p], fillColor=ink, strokeColor=None))
        else:
            theta = math.radians(prim.angle)
            cos, sin = math.cos(theta), math.sin(theta)
            glyph = String(0, 0, prim.char, fontName=font, fontSize=prim.size, fillColor=ink,
                           textAnchor="middle")
            seal.add(Group(glyph, transform=(cos * prim.x_scale, sin * prim.x_scale, -sin, cos,
                                             prim.x, prim.y)))
    drawing.add(seal)
    return drawing


def paint_impression(canvas: Canvas, layout: Layout, x: float, y: float, color: str = SEAL_RED) -> None:
    """Paint a layout straight onto a PDF canvas, lower-left at (x, y) points.

    The same picture as layout_drawing, several times faster: one text object for all glyphs
    instead of a node per glyph.
    """
    font = register_fonts()
    ink = HexColor(color)
    canvas.saveState()
    canvas.translate(x + layout.width * mm / 2, y + layout.height * mm / 2)
    canvas.scale(mm, mm)
    canvas.setStrokeColor(ink)
    canvas.setFillColor(ink)
    text = canvas.beginText()
    for prim in layout.primitives:
        if isinstance(prim, Outline):
            rx, ry = (prim.width - prim.stroke) / 2, (prim.height - prim.stroke) / 2
            canvas.setLineWidth(prim.stroke)
            if prim.shape == "square":
                canvas.rect(-rx, -ry, 2 * rx, 2 * ry, stroke=1, fill=0)
            else:
                canvas.ellipse(-rx, -ry, rx, ry, stroke=1, fill=0)
        elif isinstance(prim, Star):
            path = canvas.beginPath()
            path.moveTo(*prim.points[0])
            for point in prim.points[1:]:
                path.lineTo(*point)
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)
        else:
            theta = math.radians(prim.angle)
            cos, sin = math.cos(theta), math.sin(theta)
            half = stringWidth(prim.char, font, prim.size) * prim.x_scale / 2
            text.setFont(font, prim.size)
            # The text matrix maps the glyph's origin; shift it back by half its width.
            text.setTextTransform(cos * prim.x_scale, sin * prim.x_scale, -sin, cos,
                                  prim.x - cos * half, prim.y - sin * half)
            text.textOut(prim.char)
    canvas.drawText(text)
    canvas.restoreState()


@lru_cache(maxsize=16)
def _pil_font(size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path()), size_px)


def layout_image(layout: Layout, dpi: int = 300, color: str = SEAL_RED) -> Image.Image:
    """Paint a layout with Pillow on a transparent background."""
    supersample = 2  # Pillow does not antialias outlines; draw large, then shrink
    scale = dpi / 25.4 * supersample
    width, height = round(layout.width * scale), round(layout.height * scale)
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ink = HexColor(color).rgb()
    rgba = tuple(round(c * 255) for c in ink) + (255,)

    def to_px(x: float, y: float) -> tuple[float, float]:
        return (x + layout.width / 2) * scale, (layout.height / 2 - y) * scale

    for prim in layout.primitives:
        if isinstance(prim, Outline):
            box = [0, 0, width - 1, height - 1]
            stroke = max(1, round(prim.stroke * scale))
            if prim.shape == "square":
                draw.rectangle(box, outline=rgba, width=stroke)
            else:
                draw.ellipse(box, outline=rgba, width=stroke)
        elif isinstance(prim, Star):
            draw.polygon([to_px(x, y) for x, y in prim.points], fill=rgba)
        else:
            _paste_glyph(image, prim, to_px(prim.x, prim.y), scale, rgba)
    return image.resize((width // supersample, height // supersample), Image.Resampling.LANCZOS)


def _paste_glyph(image: Image.Image, glyph: Glyph, anchor: tuple[float, float], scale: float,
                 rgba: tuple[int, ...]) -> None:
    size_px = max(4, round(glyph.size * scale))
    box = round(size_px * 2.6)
    mask = Image.new("L", (box, box), 0)
    ImageDraw.Draw(mask).text((box / 2, box / 2), glyph.char, font=_pil_font(size_px), fill=255,
                              anchor="ms")
    if glyph.x_scale != 1.0:
        mask = mask.resize((max(1, round(box * glyph.x_scale)), box), Image.Resampling.BICUBIC)
    centre = (mask.width / 2, box / 2)
    mask = mask.rotate(glyph.angle, resample=Image.Resampling.BICUBIC, center=centre)
    left, top = round(anchor[0] - centre[0]), round(anchor[1] - centre[1])
    image.paste(rgba, (left, top, left + mask.width, top + mask.height), mask)


def draw_impression(
    kind: SealKind | str,
    company_name: str,
    code: str,
    person_name: str | None = None,
    taxpayer_id: str | None = None,
    joint_stock: bool = False,
) -> Drawing:
    """The seal's impression as red vector graphics, at its real size."""
    return layout_drawing(seal_layout(kind, company_name, code, person_name, taxpayer_id, joint_stock))


def accessible_name(kind: SealKind | str, company_name: str, person_name: str | None = None) -> str:
    """What a screen reader says for an impression: its kind and whose seal it is — "公章：竹溪县云帆科技有限公司",
    "法人名章：张三（竹溪县云帆科技有限公司）" — instead of the characters along its arc one by one."""
    label = spec_for(kind).label
    if spec_for(kind).centre == "person_name" and person_name:
        return f"{label}：{person_name}（{company_name}）"
    return f"{label}：{company_name}"


def impression_svg(
    kind: SealKind | str,
    company_name: str,
    code: str,
    person_name: str | None = None,
    taxpayer_id: str | None = None,
    joint_stock: bool = False,
) -> str:
    """The impression as an SVG document, for the web page, named for assistive technology
    (role="img", aria-label and <title>: accessible_name)."""
    drawing = draw_impression(kind, company_name, code, person_name, taxpayer_id, joint_stock)
    svg = renderSVG.drawToString(drawing)
    # The browser knows the font by its family name, not by ReportLab's registration name.
    svg = re.sub(
        rf"font-family:\s*{register_fonts()};",
        f"font-family: {BROWSER_FAMILIES};",
        svg,
    )
    return named_svg(svg, accessible_name(kind, company_name, person_name))


def impression_png(
    kind: SealKind | str,
    company_name: str,
    code: str,
    person_name: str | None = None,
    taxpayer_id: str | None = None,
    joint_stock: bool = False,
    dpi: int = 300,
) -> bytes:
    """The impression as a transparent PNG."""
    layout = seal_layout(kind, company_name, code, person_name, taxpayer_id, joint_stock)
    out = BytesIO()
    layout_image(layout, dpi).save(out, format="PNG")
    return out.getvalue()


_SVG_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.S)
_SVG_SIZE = re.compile(r'\swidth="[^"]*" height="[^"]*"')
_SVG_ROOT = re.compile(r"<svg\b[^>]*>")
_SVG_NAME = re.compile(r'\s(?:role|aria-label)="[^"]*"')
# ReportLab writes <title>...</title><desc>...</desc> as placeholders; a named SVG has its own <title>.
_SVG_TITLE = re.compile(r"\s*<title>[^<]*</title>(?:\s*<desc>\.\.\.</desc>)?")


def named_svg(svg: str, name: str) -> str:
    """The SVG with one accessible name: role="img" and aria-label on its root, and <title> as its first
    child (for tools that read titles). With role="img" the glyphs inside are presentational, so the
    seal is announced once by name, not read one character of its arc at a time. `name` is plain text."""
    escaped = html.escape(name, quote=True)
    root = _SVG_ROOT.search(svg)
    if root is None:
        raise ValueError("not an SVG document")
    opening = _SVG_NAME.sub("", root.group(0))[:-1] + f' role="img" aria-label="{escaped}">'
    rest = _SVG_TITLE.sub("", svg[root.end():], count=1)
    return svg[:root.start()] + opening + f"\n\t<title>{escaped}</title>" + rest


def inline_impression(svg: str, suffix: str, label: str | None = None) -> str:
    """An impression's SVG document made fit to sit in an HTML page beside others.

    No XML prolog; its ids (#clip, #group) made unique with `suffix`, so that one seal never clips
    by another's path; sized by CSS. It keeps the accessible name impression_svg gave it (kind and
    company, accessible_name); `label`, plain text, replaces that name — a page in another language
    passes the same facts in its own words, e.g. "Official seal: 竹溪县云帆科技有限公司".
    """
    body = _SVG_PROLOG.sub("", svg, count=1)
    body = body.replace('id="clip"', f'id="seal-clip-{suffix}"').replace("url(#clip)", f"url(#seal-clip-{suffix})")
    body = body.replace('id="group"', f'id="seal-group-{suffix}"')
    if label is not None:
        body = named_svg(body, label)
    return _SVG_SIZE.sub(' class="seal-impression"', body, count=1)
