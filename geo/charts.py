"""Altair chart specs (rendered by pages with st.altair_chart; Vega ships inside Streamlit, so offline)."""

from __future__ import annotations

import altair as alt
import pandas as pd


def daily_chart(days: pd.DataFrame) -> alt.LayerChart:
    """Inspections per day as bars, problems found per day as a line on a second axis."""
    base = alt.Chart(days).encode(x=alt.X("day:T", title="日期", axis=alt.Axis(format="%m-%d")))
    bars = base.mark_bar(color="#4299e1", opacity=0.75).encode(
        y=alt.Y("inspections:Q", title="检查次数"),
        tooltip=[alt.Tooltip("day:T", title="日期", format="%Y-%m-%d"),
                 alt.Tooltip("inspections:Q", title="检查次数"),
                 alt.Tooltip("person_times:Q", title="出动人次"),
                 alt.Tooltip("teams:Q", title="执法小组"),
                 alt.Tooltip("problems:Q", title="发现问题")],
    )
    line = base.mark_line(color="#e53e3e", point=alt.OverlayMarkDef(color="#e53e3e", size=18)).encode(
        y=alt.Y("problems:Q", title="发现问题", axis=alt.Axis(titleColor="#e53e3e"))
    )
    return alt.layer(bars, line).resolve_scale(y="independent").properties(height=260)


def water_chart(long: pd.DataFrame, items: list[str], target: int, colors: dict[int, str]) -> alt.VConcatChart:
    """A section's values over time, one panel per item (`long`: sampled_at, item, name, value, from
    geo.rivers.section_series), over GB 3838 class bands (`colors`: class code -> colour) with the target
    class's limit as a dashed red line."""
    from geo import water

    panels = []
    for item in items:
        values = long[long["item"] == item]
        top = float(max(values["value"].max() if len(values) else 0, water.LIMITS["river"][item][4]) * 1.15)
        bands = pd.DataFrame(_class_bands(item, top))
        bands["color"] = bands["code"].map(colors)
        y = alt.Y("lo:Q", title=f"{water.ITEM_NAMES[item]}（mg/L）", scale=alt.Scale(domain=[0, top], nice=False))
        band = alt.Chart(bands).mark_rect(opacity=0.18).encode(
            y=y, y2="hi:Q", color=alt.Color("color:N", scale=None),
            tooltip=[alt.Tooltip("label:N", title="类别"), alt.Tooltip("lo:Q", title="下限"),
                     alt.Tooltip("hi:Q", title="上限")])
        limit = water.LIMITS["river"][item][target - 1]
        rule = alt.Chart(pd.DataFrame({"limit": [limit], "text": [f"目标 {water.class_label(target)} 类限值 {limit:g}"]}))
        target_line = rule.mark_rule(color="#c53030", strokeDash=[6, 3], size=1.5).encode(y="limit:Q", tooltip="text:N")
        line = alt.Chart(values).mark_line(color="#1a202c", point=alt.OverlayMarkDef(color="#1a202c", size=30)).encode(
            x=alt.X("sampled_at:T", title="采样时间", axis=alt.Axis(format="%Y-%m-%d")),
            y=alt.Y("value:Q", scale=alt.Scale(domain=[0, top], nice=False)),
            tooltip=[alt.Tooltip("sampled_at:T", title="采样时间", format="%Y-%m-%d %H:%M"),
                     alt.Tooltip("name:N", title="项目"), alt.Tooltip("value:Q", title="浓度（mg/L）")])
        panels.append(alt.layer(band, target_line, line).properties(height=180, title=water.ITEM_NAMES[item]))
    return alt.vconcat(*panels)


def _class_bands(item: str, top: float) -> list[dict]:
    """[lo, hi] of each class for one item (classes sharing a limit get no band of their own)."""
    from geo import water

    limits = water.LIMITS["river"][item]
    if item in water.HIGHER_IS_BETTER:  # DO: class 1 is the highest band
        edges = [top, *limits, 0.0]
        spans = [(edges[k + 1], edges[k]) for k in range(6)]
    else:
        edges = [0.0, *limits, top]
        spans = [(edges[k], edges[k + 1]) for k in range(6)]
    return [{"code": code, "label": water.class_label(code), "lo": lo, "hi": hi}
            for code, (lo, hi) in enumerate(spans, start=1) if hi > lo]
