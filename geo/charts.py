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
