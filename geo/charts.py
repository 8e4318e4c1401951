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


def water_chart(long: pd.DataFrame, items: list[str], target: int, colors: dict[int, str]) -> alt.FacetChart:
    """A section's values over time, one row per item (`long`: sampled_at, item, name, value, from
    geo.rivers.section_series), over GB 3838 class bands (`colors`: class code -> colour) with the target
    class's limit as a dashed red line. One faceted chart of three layers over one table (`part` says which
    layer a row belongs to): building nine separate charts cost 0.5 s of Altair validation per rerun."""
    from geo import water

    rows = [long.assign(part="value")]
    for item in items:
        name = water.ITEM_NAMES[item]
        values = long.loc[long["item"] == item, "value"]
        top = float(max(values.max() if len(values) else 0, water.LIMITS["river"][item][4]) * 1.15)
        bands = pd.DataFrame(_class_bands(item, top)).assign(part="band", name=name)
        bands["color"] = bands["code"].map(colors)
        limit = water.LIMITS["river"][item][target - 1]
        rule = pd.DataFrame({"part": ["target"], "name": [name], "lo": [limit],
                             "label": [f"目标 {water.class_label(target)} 类限值 {limit:g}"]})
        rows += [bands, rule]
    data = pd.concat(rows, ignore_index=True)
    base = alt.Chart().encode(y=alt.Y("lo:Q", title="mg/L"))
    band = base.transform_filter(alt.datum.part == "band").mark_rect(opacity=0.18).encode(
        y2="hi:Q", color=alt.Color("color:N", scale=None),
        tooltip=[alt.Tooltip("label:N", title="类别"), alt.Tooltip("lo:Q", title="下限"),
                 alt.Tooltip("hi:Q", title="上限")])
    rule = base.transform_filter(alt.datum.part == "target").mark_rule(
        color="#c53030", strokeDash=[6, 3], size=1.5).encode(tooltip=alt.Tooltip("label:N", title="考核目标"))
    line = alt.Chart().transform_filter(alt.datum.part == "value").mark_line(
        color="#1a202c", point=alt.OverlayMarkDef(color="#1a202c", size=30)).encode(
        x=alt.X("sampled_at:T", title="采样时间", axis=alt.Axis(format="%Y-%m-%d")), y="value:Q",
        tooltip=[alt.Tooltip("sampled_at:T", title="采样时间", format="%Y-%m-%d %H:%M"),
                 alt.Tooltip("name:N", title="项目"), alt.Tooltip("value:Q", title="浓度（mg/L）")])
    order = [water.ITEM_NAMES[item] for item in items]
    header = alt.Header(labelOrient="top", labelAnchor="start", labelAngle=0, labelFontWeight="bold", labelFontSize=13)
    return alt.layer(band, rule, line, data=data).properties(height=170, width=640).facet(
        row=alt.Row("name:N", title=None, sort=order, header=header)
    ).resolve_scale(y="independent")


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
