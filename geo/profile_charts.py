"""Charts of the profile pages (Altair; Vega ships inside Streamlit, so they draw offline)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from geo import water


def timeline(inspections: pd.DataFrame, problems: pd.DataFrame) -> alt.LayerChart:
    """Every inspection as a dot on a time line (coloured by kind) and every problem found as a red tick."""
    insp = pd.DataFrame({"when": inspections["started_at"], "what": "检查",
                         "text": inspections["kind"] + " · " + inspections["topic"] + " · " + inspections["team"]})
    found = pd.DataFrame({"when": problems["found_on"], "what": "发现问题",
                          "text": problems["description"] + "（" + problems["status_now"] + "）"})
    rows = pd.concat([insp, found], ignore_index=True)
    base = alt.Chart(rows).encode(
        x=alt.X("when:T", title="日期", axis=alt.Axis(format="%Y-%m-%d", labelAngle=0)),
        y=alt.Y("what:N", title=None, sort=["检查", "发现问题"]),
        tooltip=[alt.Tooltip("when:T", title="时间", format="%Y-%m-%d %H:%M"), alt.Tooltip("text:N", title="内容")],
    )
    dots = base.transform_filter(alt.datum.what == "检查").mark_circle(size=90, color="#2b6cb0", opacity=0.8)
    ticks = base.transform_filter(alt.datum.what == "发现问题").mark_tick(color="#e53e3e", thickness=3, size=22)
    return alt.layer(dots, ticks).properties(height=120)


def class_over_time(samples: pd.DataFrame, target_class: int) -> alt.LayerChart:
    """A section's class per sample (I at the top, 劣V at the bottom) with its target class as a dashed line."""
    rows = samples.dropna(subset=["water_class"]).assign(
        code=lambda f: f["water_class"].astype("int64"), label=lambda f: f["class_label"])
    scale = alt.Scale(domain=[0.5, 6.5], reverse=True)
    axis = alt.Axis(values=list(water.CLASS_LABELS), labelExpr=_label_expr())
    points = alt.Chart(rows).mark_line(point=True, color="#2b6cb0").encode(
        x=alt.X("sampled_at:T", title="采样时间"),
        y=alt.Y("code:Q", title="水质类别", scale=scale, axis=axis),
        tooltip=[alt.Tooltip("sampled_at:T", title="采样时间", format="%Y-%m-%d %H:%M"),
                 alt.Tooltip("label:N", title="类别"), alt.Tooltip("worst_items:N", title="定类项目")],
    )
    target = alt.Chart(pd.DataFrame({"code": [target_class]})).mark_rule(color="#e53e3e", strokeDash=[6, 4]).encode(
        y="code:Q")
    return alt.layer(points, target).properties(height=240)


def _label_expr() -> str:
    cases = " : ".join(f"datum.value == {code} ? '{label}'" for code, label in water.CLASS_LABELS.items())
    return f"{cases} : ''"
