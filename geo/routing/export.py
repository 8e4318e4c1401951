"""A team's route for phones and GIS (GPX 1.1, KML 2.2) and the stop lists as Excel.

Coordinates go out in WGS84 by default; `system="gcj02"` shifts them (geo.crs) for apps that expect
GCJ-02 (AMap/Gaode, Tencent). Stops are written in visiting order as waypoints and as a route (GPX
`rte`, KML `LineString` from base through every stop back to base).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd

from geo import crs

SYSTEMS = {"wgs84": "WGS84（GPS、奥维、GIS）", "gcj02": "GCJ-02（高德、腾讯地图）"}
GPX_NS = "http://www.topografix.com/GPX/1/1"
KML_NS = "http://www.opengis.net/kml/2.2"


def _coords(lon, lat, system: str) -> tuple[np.ndarray, np.ndarray]:
    if system not in SYSTEMS:
        raise ValueError(f"坐标系“{system}”不支持；可选：{'、'.join(SYSTEMS)}")
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    return crs.wgs84_to_gcj02(lon, lat) if system == "gcj02" else (lon, lat)


def stop_label(row) -> str:
    return f"{int(row['seq']):02d} {row['name']}"


def gpx(stops: pd.DataFrame, path, team: str, system: str = "wgs84") -> str:
    """One team's stops (rows of Plan.stops, in order) and its path (LineString, WGS84) as GPX 1.1 text."""
    stops = stops.sort_values("seq")
    lon, lat = _coords(stops["lon"], stops["lat"], system)
    ET.register_namespace("", GPX_NS)
    root = ET.Element(f"{{{GPX_NS}}}gpx", {"version": "1.1", "creator": "环境执法一张图"})
    meta = ET.SubElement(root, f"{{{GPX_NS}}}metadata")
    ET.SubElement(meta, f"{{{GPX_NS}}}name").text = f"{team} 巡查路线"
    ET.SubElement(meta, f"{{{GPX_NS}}}desc").text = f"坐标系 {system.upper()}"
    for (_, row), x, y in zip(stops.iterrows(), lon, lat):
        _gpx_point(root, "wpt", x, y, row)
    rte = ET.SubElement(root, f"{{{GPX_NS}}}rte")
    ET.SubElement(rte, f"{{{GPX_NS}}}name").text = team
    for (_, row), x, y in zip(stops.iterrows(), lon, lat):
        _gpx_point(rte, "rtept", x, y, row)
    if path is not None:
        px, py = _coords(*np.asarray(path.coords).T, system)
        seg = ET.SubElement(ET.SubElement(root, f"{{{GPX_NS}}}trk"), f"{{{GPX_NS}}}trkseg")
        for x, y in zip(px, py):
            ET.SubElement(seg, f"{{{GPX_NS}}}trkpt", {"lat": f"{y:.7f}", "lon": f"{x:.7f}"})
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _gpx_point(parent, tag, x, y, row) -> None:
    point = ET.SubElement(parent, f"{{{GPX_NS}}}{tag}", {"lat": f"{y:.7f}", "lon": f"{x:.7f}"})
    ET.SubElement(point, f"{{{GPX_NS}}}name").text = stop_label(row)
    ET.SubElement(point, f"{{{GPX_NS}}}desc").text = (
        f"到达 {row['arrive']}，{row['reasons']}；联系：{row['contact']}")
    ET.SubElement(point, f"{{{GPX_NS}}}type").text = str(row["kind"])


def kml(stops: pd.DataFrame, path, team: str, system: str = "wgs84") -> str:
    """The same as `gpx`, as KML 2.2: one Placemark per stop, in order, and the path as a LineString."""
    stops = stops.sort_values("seq")
    lon, lat = _coords(stops["lon"], stops["lat"], system)
    ET.register_namespace("", KML_NS)
    root = ET.Element(f"{{{KML_NS}}}kml")
    doc = ET.SubElement(root, f"{{{KML_NS}}}Document")
    ET.SubElement(doc, f"{{{KML_NS}}}name").text = f"{team} 巡查路线（{system.upper()}）"
    for (_, row), x, y in zip(stops.iterrows(), lon, lat):
        mark = ET.SubElement(doc, f"{{{KML_NS}}}Placemark")
        ET.SubElement(mark, f"{{{KML_NS}}}name").text = stop_label(row)
        ET.SubElement(mark, f"{{{KML_NS}}}description").text = (
            f"到达 {row['arrive']}，{row['reasons']}；联系：{row['contact']}")
        point = ET.SubElement(mark, f"{{{KML_NS}}}Point")
        ET.SubElement(point, f"{{{KML_NS}}}coordinates").text = f"{x:.7f},{y:.7f}"
    if path is not None:
        mark = ET.SubElement(doc, f"{{{KML_NS}}}Placemark")
        ET.SubElement(mark, f"{{{KML_NS}}}name").text = f"{team} 路线"
        px, py = _coords(*np.asarray(path.coords).T, system)
        line = ET.SubElement(mark, f"{{{KML_NS}}}LineString")
        ET.SubElement(line, f"{{{KML_NS}}}coordinates").text = " ".join(f"{x:.7f},{y:.7f}" for x, y in zip(px, py))
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


STOP_COLUMNS = {
    "team": "小组", "seq": "序号", "name": "点位", "kind": "类别", "reasons": "检查理由", "priority": "优先级",
    "arrive": "预计到达", "start": "开始检查", "depart": "离开", "leg_km": "上一段里程(km)", "district": "行政区",
    "contact": "联系方式", "lon": "经度", "lat": "纬度",
}


def stop_table(stops: pd.DataFrame, system: str = "wgs84") -> pd.DataFrame:
    """The stop list with Chinese headings, coordinates in `system`."""
    out = stops[list(STOP_COLUMNS)].copy()
    out["lon"], out["lat"] = _coords(out["lon"], out["lat"], system)
    out["leg_km"] = out["leg_km"].round(1)
    return out.rename(columns=STOP_COLUMNS)


def excel(plan, system: str = "wgs84") -> bytes:
    """Every team's stop list (one sheet each, plus 汇总 and 未安排) as an .xlsx file."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        summary = plan.routes.drop(columns="geometry").rename(columns={
            "id": "小组编号", "team": "小组", "stops": "点位数", "priority": "优先级合计", "distance_km": "里程(km)",
            "hours": "用时(小时)", "leave": "出发", "back": "返回"})
        summary.to_excel(writer, sheet_name="汇总", index=False)
        for team_id, stops in plan.stops.groupby("team_id", sort=False):
            stop_table(stops, system).to_excel(writer, sheet_name=_sheet(team_id), index=False)
        plan.left_out.rename(columns={"place_id": "编号", "name": "点位", "kind": "类别", "priority": "优先级",
                                      "district": "行政区", "why": "未安排原因"}).to_excel(
            writer, sheet_name="未安排", index=False)
    return buffer.getvalue()


def _sheet(name: str) -> str:
    return "".join(ch for ch in str(name) if ch not in "[]:*?/\\")[:31] or "小组"
