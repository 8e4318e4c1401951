"""What the import page shows, built without streamlit: the preview map of the rows about to be written,
the summary line, and the export choices. Text from the file is escaped before it reaches the map."""

from __future__ import annotations

import html

import folium
import pandas as pd

from geo import campaign, maps, schema
from geo.imports.plan import Plan

NEW, UPDATE, SAME = "#2f855a", "#dd6b20", "#718096"


def preview_map(plan: Plan, context: dict | None = None, basemap: maps.Basemap = maps.Basemap()) -> folium.Map:
    """The accepted rows as points (green new, orange update, grey unchanged), in the base map's system."""
    m = maps.base_map(context or {}, basemap)
    points = plan.preview
    if len(points):
        change = plan.changes.get(plan.target)
        updated = set() if change is None else set(change.updated[schema.LAYERS[plan.target].key].astype(str))
        added = set() if change is None else set(change.added[schema.LAYERS[plan.target].key].astype(str))
        colour = points["id"].map(lambda i: NEW if i in added else UPDATE if i in updated else SAME)
        shown = maps._for_drawing(points[["geometry"]], basemap.system) if basemap.system != "wgs84" else points
        marks = pd.DataFrame({
            "lat": shown.geometry.y.round(6).to_numpy(), "lon": shown.geometry.x.round(6).to_numpy(),
            "colour": colour.to_numpy(), "tip": points["label"].map(html.escape).to_numpy(),
        })
        maps.point_layer(marks, name="导入预览", radius=5).add_to(m)
        bounds = points.total_bounds
        m.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]], max_zoom=14)
    maps.legend([("导入预览", [(NEW, "新增"), (UPDATE, "更新"), (SAME, "已有，未变")], "circle")]).add_to(m)
    return m


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$:"})


def plain(text: str) -> str:
    """Text from a file (names, values, file names) made safe for Streamlit's Markdown elements (st.info,
    st.error, st.caption): every Markdown and HTML mark escaped, so it shows as typed and never becomes a link,
    an image or markup."""
    return str(text).translate(_MARKDOWN)


def summary(plan: Plan) -> str:
    """One Chinese sentence: what was read, accepted, rejected, and what a commit would do."""
    target = schema.LAYERS[plan.target].title
    parts = [f"{schema.LAYERS[n].title}新增 {len(c.added)}、更新 {len(c.updated)}"
             + (f"、未变 {c.unchanged}" if c.unchanged else "") + (f"、已导入过 {c.skipped}" if c.skipped else "")
             for n, c in plan.changes.items() if len(c.added) or len(c.updated) or c.unchanged or c.skipped]
    return (f"“{plan.file_name}” → {target}：读取 {plan.rows_read} {plan.line_word}，可导入 {plan.rows_accepted}，"
            f"拒收 {plan.rejected_lines}。提交后：{'；'.join(parts) or '没有变化'}。")


def filtered(name: str, frame: pd.DataFrame, f: campaign.Filters, inspections: pd.DataFrame | None = None) -> pd.DataFrame:
    """Layer `name` as the sidebar filters it on screen: inspections and problems by date, district, campaign
    and kind (geo.campaign); any other layer with a district column by district; the rest whole."""
    if name == "inspections":
        return campaign.filter_inspections(frame, f)
    if name == "problems":
        return campaign.filter_problems(frame, f, inspections)
    if f.districts and "district" in frame.columns:
        return frame[frame["district"].isin(f.districts)]
    return frame
