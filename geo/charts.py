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
SAMPLE = "#1a202c"  # measured values on the water chart


@dataclass(frozen=True)
class Axis:
    title: str
    top: float  # value at the top of the plot

    def y(self, value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value / self.top if self.top else 0))


DAYS_PER_BAR_LIMIT = 180  # a longer range is drawn by week: 1,500 daily bars are thinner than a pixel


def daily_chart(days: pd.DataFrame) -> str:
    """Inspections per day as bars (left axis), problems found per day as a line (right axis); hovering a day
    shows all of its figures. `days` is `Selection.by_day()`: day, inspections, person_times, teams, problems.
    Over `DAYS_PER_BAR_LIMIT` days, one bar a week (weeks from Monday; teams: the most on one day)."""
    weekly = len(days) > DAYS_PER_BAR_LIMIT
    if weekly:
        days = days.resample("W-MON", on="day", label="left", closed="left").agg(
            {"inspections": "sum", "person_times": "sum", "teams": "max", "problems": "sum"}).reset_index()
    unit = "每周" if weekly else "每日"
    n = max(len(days), 1)
    step = (WIDTH - LEFT - RIGHT) / n
    bars = Axis(f"检查次数（{unit}）", nice_top(days["inspections"].max()))
    line = Axis(f"发现问题（{unit}）", nice_top(days["problems"].max()))
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
        when, teams = (f"{row.day:%Y-%m-%d} 起一周", f"单日最多 {row.teams:,} 个小组") if weekly else \
            (f"{row.day:%Y-%m-%d}", f"执法小组 {row.teams:,} 个")
        tip = f"{when}：检查 {row.inspections:,} 次，出动 {row.person_times:,} 人次，{teams}，发现问题 {row.problems:,} 个"
        parts.append(f'<rect x="{LEFT + i * step:.2f}" y="{TOP}" width="{step:.2f}" height="{HEIGHT - TOP - BOTTOM}" '
                     f'fill="transparent"><title>{html.escape(tip)}</title></rect>')
    parts.append(_legend([(BAR, "检查次数（左轴）", "square"), (LINE, "发现问题（右轴）", "line")]))
    return _svg(parts, f"{unit}检查次数与发现问题")


def nice_top(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k at or above `value` (at least 1), for an axis top."""
    value = float(value) if value and not math.isnan(value) else 0.0
    if value <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value)


def _svg(parts: list[str], title: str, height: float = HEIGHT) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
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


def _legend_places(labels: list[str], x0: float, y0: float) -> list[tuple[float, float]]:
    """Where each legend entry goes: in a row from (x0, y0), wrapping to a new row at the right margin."""
    places, x, y = [], x0, y0
    for label in labels:
        width = 16 + 13 * len(label) + 16
        if x + width > WIDTH - RIGHT and x > x0:
            x, y = x0, y + 18
        places.append((x, y))
        x += width
    return places


def _legend(items: list[tuple[str, str, str]], x0: float = LEFT + 70, y0: float = 6) -> str:
    out = []
    for (colour, label, shape), (x, y) in zip(items, _legend_places([label for _, label, _ in items], x0, y0)):
        mark = (f'<rect x="{x}" y="{y}" width="10" height="10" fill="{colour}" fill-opacity="0.75"/>'
                if shape == "square" else
                f'<line x1="{x}" x2="{x + 12}" y1="{y + 5}" y2="{y + 5}" stroke="{colour}" stroke-width="2"/>')
        out.append(mark + f'<text x="{x + 16}" y="{y + 9}" fill="{TEXT}">{html.escape(label)}</text>')
    return "".join(out)


# Ten distinguishable colours (Tableau 10), for series such as districts.
SERIES = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
          "#bab0ac")


def stacked_daily(frame: pd.DataFrame, day: str, value: str, group: str, title: str) -> str:
    """`value` per day stacked by `group` (e.g. fire events per day by district), one bar a calendar day from the
    first to the last day in `frame`; hovering a bar's part shows its day, group and value."""
    if frame.empty:
        return _svg([f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" fill="{TEXT}">无数据</text>'], title)
    table = frame.pivot_table(index=day, columns=group, values=value, aggfunc="sum", fill_value=0)
    table = table.reindex(pd.date_range(table.index.min(), table.index.max(), freq="D"), fill_value=0)
    groups = list(table.columns)
    colours = {g: SERIES[i % len(SERIES)] for i, g in enumerate(groups)}
    shift = _legend_places([str(g) for g in groups], LEFT + 60, 6)[-1][1] - 6 if groups else 0
    axis = Axis(title, nice_top(table.sum(axis=1).max()))
    step = (WIDTH - LEFT - RIGHT) / len(table)
    width = max(step * 0.8, 0.6)
    parts = [_grid(axis), _axis_labels(axis, LEFT - 6, "end", TEXT), _x_ticks(pd.Series(table.index), step)]
    for i, (when, row) in enumerate(table.iterrows()):
        base = 0.0
        for g in groups:
            if not row[g]:
                continue
            y1, y0 = axis.y(base + row[g]), axis.y(base)
            tip = html.escape(f"{when:%Y-%m-%d} {g}：{title} {_number(row[g])}")
            parts.append(f'<rect x="{LEFT + i * step + (step - width) / 2:.2f}" y="{y1:.2f}" width="{width:.2f}" '
                         f'height="{y0 - y1:.2f}" fill="{colours[g]}"><title>{tip}</title></rect>')
            base += row[g]
    plot = f'<g transform="translate(0,{shift})">' + "".join(parts) + "</g>"
    legend = _legend([(colours[g], str(g), "square") for g in groups], x0=LEFT + 60)
    return _svg([legend, plot], title, HEIGHT + shift)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def water_chart(long: pd.DataFrame, items: list[str], target: int, colors: dict[int, str]) -> str:
    """A section's values over time, one panel per item (`long`: sampled_at, item, name, value, from
    geo.rivers.section_series), over the GB 3838 class bands (`colors`: class code -> colour), with the target
    class's limit as a dashed red line; hovering a band, the line or a sample says what it is."""
    from geo import water

    if long.empty:
        return ""
    start, end = long["sampled_at"].min(), long["sampled_at"].max()
    span = max((end - start).total_seconds(), 1.0)

    def x_of(when) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * ((when - start).total_seconds() / span if end > start else 0.5)

    panels = []
    for item in items:
        values = long[long["item"] == item].sort_values("sampled_at")
        name, limits = water.ITEM_NAMES[item], water.LIMITS["river"][item]
        axis = Axis("mg/L", _nice_small(max(values["value"].max() if len(values) else 0, limits[4] * 1.1)))
        parts = []
        for band in _class_bands(item, axis.top):
            y_top, y_low = axis.y(band["hi"]), axis.y(band["lo"])
            tip = f"{band['label']} 类：{_number(band['lo'])}–{_number(band['hi'])} mg/L"
            parts.append(f'<rect x="{LEFT}" y="{y_top:.2f}" width="{WIDTH - LEFT - RIGHT}" '
                         f'height="{y_low - y_top:.2f}" fill="{colors[band["code"]]}" fill-opacity="0.16">'
                         f"<title>{html.escape(tip)}</title></rect>")
        parts += [_grid(axis), _concentrations(axis), _month_ticks(start, end, x_of)]
        limit = limits[target - 1]
        rule = f"目标 {water.class_label(target)} 类限值 {limit:g} mg/L"
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{axis.y(limit):.2f}" y2="{axis.y(limit):.2f}" '
                     f'stroke="{LINE}" stroke-width="1.6" stroke-dasharray="6 4">'
                     f"<title>{html.escape(rule)}</title></line>")
        xy = [(x_of(t), axis.y(v)) for t, v in zip(values["sampled_at"], values["value"])]
        parts.append(f'<polyline points="{" ".join(f"{x:.2f},{y:.2f}" for x, y in xy)}" fill="none" '
                     f'stroke="{SAMPLE}" stroke-width="1.6"/>')
        for (x, y), t, v in zip(xy, values["sampled_at"], values["value"]):
            tip = f"{t:%Y-%m-%d %H:%M} {name} {v:g} mg/L"
            parts.append(f'<circle cx="{x:.2f}" cy="{y:.2f}" r="4" fill="{SAMPLE}">'
                         f"<title>{html.escape(tip)}</title></circle>")
        parts.append(_legend([(SAMPLE, f"{name}监测值", "line"), (LINE, rule, "line")]))
        panels.append(_svg(parts, f"{name}监测值与水质类别"))
    return "".join(panels)


def _class_bands(item: str, top: float) -> list[dict]:
    """[lo, hi] of each class for one item up to `top` (classes sharing a limit get no band of their own)."""
    from geo import water

    limits = water.LIMITS["river"][item]
    if item in water.HIGHER_IS_BETTER:  # DO: class 1 is the highest band
        edges = [max(top, limits[0]), *limits, 0.0]
        spans = [(edges[k + 1], edges[k]) for k in range(6)]
    else:
        edges = [0.0, *limits, max(top, limits[4])]
        spans = [(edges[k], min(edges[k + 1], top)) for k in range(6)]
    return [{"code": code, "label": water.class_label(code), "lo": lo, "hi": min(hi, top)}
            for code, (lo, hi) in enumerate(spans, start=1) if min(hi, top) > lo]


def _concentrations(axis: Axis) -> str:
    """Left-axis labels at quarters of the top, with as many decimals as they need (0.125, not 0.1)."""
    labels = [f'<text x="{LEFT - 6}" y="{axis.y(axis.top * k / 4) + 4:.2f}" text-anchor="end" fill="{TEXT}">'
              f"{axis.top * k / 4:.4g}</text>" for k in range(5)]
    return "".join(labels) + f'<text x="{LEFT}" y="{TOP - 10}" fill="{TEXT}">{html.escape(axis.title)}</text>'


def _nice_small(value: float) -> float:
    """`nice_top` for values below 1 too (total phosphorus is measured in tenths of a mg/L)."""
    if 0 < value < 1:
        scale = 10.0 ** -math.floor(math.log10(value))
        return nice_top(value * scale) / scale
    return nice_top(value)


def _month_ticks(start: pd.Timestamp, end: pd.Timestamp, x_of) -> str:
    months = pd.date_range(start.to_period("M").to_timestamp(), end, freq="MS")
    return "".join(f'<text x="{x_of(m):.2f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                   f'fill="{TEXT}">{m:%Y-%m}</text>' for m in months if m >= start)
