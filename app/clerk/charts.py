"""Tiny SVG charts (bars and a line) as inline markup: no browser, no JavaScript, prints as drawn."""

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 40  # room for the axis labels


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]
    colour: str


def nice_max(value: float, ticks: int = 4) -> int:
    """A round top for a count axis at or above `value`, so that each of the `ticks` steps is 1, 2 or 5 × 10ⁿ."""
    step = 1
    while step * ticks < value:
        for factor in (2, 2.5, 2):  # 1 → 2 → 5 → 10 → 20 → 50 …
            step = int(step * factor)
            if step * ticks >= value:
                break
    return step * ticks


def _frame(title: str, body: list[str], labels: Sequence[str], top: float, fmt: str, every: int) -> Markup:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" xmlns="http://www.w3.org/2000/svg" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for tick in range(5):  # horizontal grid lines with their values
        y = TOP + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#dddddd"/>'
                     f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{escape(fmt.format(top * tick / 4))}</text>')
    slot = plot_w / max(len(labels), 1)
    for index, label in enumerate(labels):
        if index % every == 0:
            x = LEFT + slot * (index + 0.5)
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle">{escape(label)}</text>')
    parts.extend(body)
    parts.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#0b0c0c"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(title: str, labels: Sequence[str], series: Sequence[Series], fmt: str = "{:.0f}",
              label_every: int = 1) -> Markup:
    """Stacked bars, one per label; each bar carries a tooltip with its numbers."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top = nice_max(max(totals, default=0))
    slot = plot_w / max(len(labels), 1)
    bar_w = max(slot * 0.7, 1)
    body = []
    for index, label in enumerate(labels):
        base = TOP + plot_h
        x = LEFT + slot * index + (slot - bar_w) / 2
        for s in series:
            value = s.values[index]
            if not value:
                continue
            h = plot_h * value / top
            base -= h
            body.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{s.colour}">'
                        f'<title>{escape(label)} {escape(s.label)}: {escape(fmt.format(value))}</title></rect>')
    return _frame(title, body, labels, top, fmt, label_every)


def line_chart(title: str, labels: Sequence[str], values: Sequence[float | None], top: float = 1.0,
               fmt: str = "{:.0%}", colour: str = "#1d70b8", label_every: int = 1) -> Markup:
    """A line through the known points (None leaves a gap), with a dot on each."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(labels), 1)
    body, run = [], []
    points = []
    for index, value in enumerate(values):
        if value is None:
            points.append(None)
            continue
        points.append((LEFT + slot * (index + 0.5), TOP + plot_h - plot_h * min(value, top) / top, value))
    for point in [*points, None]:
        if point is None:
            if len(run) > 1:
                body.append('<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>'.format(
                    colour, " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in run)))
            run = []
        else:
            run.append(point)
    for index, point in enumerate(points):
        if point:
            x, y, value = point
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                        f'<title>{escape(labels[index])}: {escape(fmt.format(value))}</title></circle>')
    return _frame(title, body, labels, top, fmt, label_every)
