"""Charts as plain SVG text, shown by pages with `st.markdown(svg, unsafe_allow_html=True)` (st.html drops SVG).

Streamlit 1.67's Vega charts (st.altair_chart and the st.*_chart family) keep about 0.3–0.5 MB of browser
memory for every change of their data (measured on the overview: 27 -> 40 MB over 30 filter changes; the same
page without the chart grew 0.06 MB per change after its first few). A leader filters all day, so the pages
draw their charts as SVG, which the browser replaces whole and frees. Hover text is each element's <title>.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import pandas as pd

WIDTH, HEIGHT = 1000, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 52, 26, 30
BAR, LINE, GRID, TEXT = "#4299e1", "#e53e3e", "#e2e8f0", "#4a5568"


@dataclass(frozen=True)
class Axis:
    title: str
    top: float  # value at the top of the plot

    def y(self, value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value / self.top if self.top else 0))


def daily_chart(days: pd.DataFrame) -> str:
    """Inspections per day as bars (left axis), problems found per day as a line (right axis); hovering a day
    shows all of its figures. `days` is `Selection.by_day()`: day, inspections, person_times, teams, problems."""
    n = max(len(days), 1)
    step = (WIDTH - LEFT - RIGHT) / n
    bars, line = Axis("检查次数", nice_top(days["inspections"].max())), Axis("发现问题", nice_top(days["problems"].max()))
    parts = [_grid(bars), _axis_labels(bars, LEFT - 6, "end", TEXT), _axis_labels(line, WIDTH - RIGHT + 6, "start", LINE)]
    parts += [_x_ticks(days["day"], step)]
    width = max(step * 0.8, 0.6)
    for i, row in enumerate(days.itertuples(index=False)):
        x = LEFT + i * step
        y = bars.y(row.inspections)
        parts.append(f'<rect x="{x + (step - width) / 2:.2f}" y="{y:.2f}" width="{width:.2f}" '
                     f'height="{HEIGHT - BOTTOM - y:.2f}" fill="{BAR}" fill-opacity="0.75"/>')
    points = " ".join(f"{LEFT + (i + 0.5) * step:.2f},{line.y(v):.2f}" for i, v in enumerate(days["problems"]))
    parts.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="1.6"/>')
    for i, row in enumerate(days.itertuples(index=False)):  # hover targets last, on top
        tip = (f"{row.day:%Y-%m-%d}：检查 {row.inspections:,} 次，出动 {row.person_times:,} 人次，"
               f"执法小组 {row.teams:,} 个，发现问题 {row.problems:,} 个")
        parts.append(f'<rect x="{LEFT + i * step:.2f}" y="{TOP}" width="{step:.2f}" height="{HEIGHT - TOP - BOTTOM}" '
                     f'fill="transparent"><title>{html.escape(tip)}</title></rect>')
    parts.append(_legend([(BAR, "检查次数（左轴）", "square"), (LINE, "发现问题（右轴）", "line")]))
    return _svg(parts, "每日检查次数与发现问题")


def nice_top(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k at or above `value` (at least 1), for an axis top."""
    value = float(value) if value and not math.isnan(value) else 0.0
    if value <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value)


def _svg(parts: list[str], title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
            f'aria-label="{html.escape(title)}" style="font:12px sans-serif;max-height:320px">'
            + "".join(parts) + "</svg>")


def _grid(axis: Axis) -> str:
    lines = [f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{axis.y(axis.top * k / 4):.2f}" '
             f'y2="{axis.y(axis.top * k / 4):.2f}" stroke="{GRID}"/>' for k in range(5)]
    return "".join(lines)


def _axis_labels(axis: Axis, x: float, anchor: str, colour: str) -> str:
    labels = [f'<text x="{x}" y="{axis.y(axis.top * k / 4) + 4:.2f}" text-anchor="{anchor}" fill="{colour}">'
              f"{_number(axis.top * k / 4)}</text>" for k in range(5)]
    title_x = LEFT if anchor == "end" else WIDTH - RIGHT
    return "".join(labels) + (f'<text x="{title_x}" y="{TOP - 10}" text-anchor="{"start" if anchor == "end" else "end"}" '
                              f'fill="{colour}">{html.escape(axis.title)}</text>')


def _x_ticks(days: pd.Series, step: float) -> str:
    """Labels at month starts (or every week for a short range), never closer than 60 px."""
    if days.empty:
        return ""
    long = (days.iloc[-1] - days.iloc[0]).days > 120
    marks, last = [], -1e9
    for i, day in enumerate(days):
        due = day.day == 1 if long else day.weekday() == 0
        x = LEFT + (i + 0.5) * step
        if (due or i == 0) and x - last >= 60:
            text = f"{day:%Y-%m}" if long else f"{day:%m-%d}"
            marks.append(f'<text x="{x:.2f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" fill="{TEXT}">{text}</text>')
            last = x
    return "".join(marks)


def _legend(items: list[tuple[str, str, str]]) -> str:
    out, x = [], LEFT + 70
    for colour, label, shape in items:
        mark = (f'<rect x="{x}" y="6" width="10" height="10" fill="{colour}" fill-opacity="0.75"/>' if shape == "square"
                else f'<line x1="{x}" x2="{x + 12}" y1="11" y2="11" stroke="{colour}" stroke-width="2"/>')
        out.append(mark + f'<text x="{x + 16}" y="15" fill="{TEXT}">{html.escape(label)}</text>')
        x += 16 + 13 * len(label) + 16
    return "".join(out)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
