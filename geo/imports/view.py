"""What the import page shows, built without streamlit: the preview map of the rows about to be written,
the summary line, and the export choices. Text from the file is escaped before it reaches the map."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo import campaign, maps, schema
from geo.imports.plan import Plan

NEW, UPDATE, SAME = "#2f855a", "#dd6b20", "#718096"
PREVIEW = "import_preview"


def preview_map(plan: Plan, context: dict | None = None, basemap: maps.Basemap = maps.Basemap()):
    """(map, update): the accepted rows as a persistent point layer "import_preview" in the base map's system,
    and the per-rerun update colouring them green (new), orange (update) or grey (unchanged). Hover labels are
    plain text (escaped in the browser)."""
    m = maps.base_map(context or {}, basemap)
    points = plan.preview
    maps.PointLayer(PREVIEW, points[["id", "geometry"]], [NEW, UPDATE, SAME], PREVIEW, names=["新增", "更新", "已有，未变"],
                    labels=points["label"], radius=5, system=basemap.system).add_to(m)
    if len(points):
        bounds = points.total_bounds
        m.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]], max_zoom=14)
    maps.legend([("导入预览", [(NEW, "新增"), (UPDATE, "更新"), (SAME, "已有，未变")], "circle")]).add_to(m)
    return m, maps.point_update(PREVIEW, preview_classes(plan))


def preview_classes(plan: Plan) -> np.ndarray:
    """1 new, 2 update, 3 unchanged, for each preview point."""
    change = plan.changes.get(plan.target)
    if change is None:
        return np.full(len(plan.preview), 3, dtype="u1")
    key = schema.LAYERS[plan.target].key
    added, updated = set(change.added[key].astype(str)), set(change.updated[key].astype(str))
    ids = plan.preview["id"]
    return np.where(ids.isin(added), 1, np.where(ids.isin(updated), 2, 3)).astype("u1")


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


def filtered(name: str, frame: pd.DataFrame, f: campaign.Filters,
             inspections: pd.DataFrame | None = None) -> pd.DataFrame:
    """Layer `name` as the sidebar filters it on screen: inspections and problems by date, district, campaign
    and kind (geo.campaign); any other layer with a district column by district; the rest whole."""
    if name == "inspections":
        return campaign.filter_inspections(frame, f)
    if name == "problems":
        return campaign.filter_problems(frame, f, inspections)
    if f.districts and "district" in frame.columns:
        return frame[frame["district"].isin(f.districts)]
    return frame
