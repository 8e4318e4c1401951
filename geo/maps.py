"""folium map builders. Each returns a `folium.Map` or `folium.FeatureGroup`; none needs the network.

Layers are drawn from frames in WGS84. Before drawing, every frame passes `_for_drawing`, which shifts
it to GCJ-02 when the base map is AMap (its tiles are GCJ-02), rounds coordinates to 5 decimals (~1 m;
halves what the browser receives) and HTML-escapes text, so that user text in tooltips and popups is
shown, never run. The dynamic layers (district shading, points) are separate feature groups so the page
can hand them to st_folium's `feature_group_to_add` and keep the map, its zoom and pan, across reruns.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement, Template

from geo import assets, crs

SUZHOU_CENTER = (31.41, 120.70)  # (lat, lon); at zoom 9.1 the whole city fits a 640-px-high map

BASEMAP_LABELS = {
    "none": "本地底图（离线）",
    "tianditu": "天地图",
    "amap": "高德地图",
    "osm": "OpenStreetMap",
    "custom": "自定义瓦片（内网）",
}

KIND_COLORS = {"日常": "#2b6cb0", "夜查": "#6b46c1", "节假日": "#dd6b20", "四不两直": "#c53030"}
COVERAGE_COLORS = ("#f7fcf5", "#c7e9c0", "#74c476", "#31a354", "#006d2c")
NO_DATA_COLOR = "#d9d9d9"


class BasemapError(ValueError):
    """A tile base map cannot be used as configured (e.g. Tianditu without a key)."""


@dataclass(frozen=True)
class Basemap:
    """Which tiles to draw under the layers. "none" draws only the bundled context layers."""

    kind: str = "none"
    key: str = ""  # Tianditu key (tk)
    url: str = ""  # custom tile URL template, e.g. an intranet tile server
    coords: str = "wgs84"  # coordinate system of custom tiles: wgs84 or gcj02
    attribution: str = ""

    def __post_init__(self):
        if self.kind not in BASEMAP_LABELS:
            raise BasemapError(f"底图“{self.kind}”未定义，可选：{'、'.join(BASEMAP_LABELS)}")
        if self.kind == "tianditu" and not self.key:
            raise BasemapError("天地图需要密钥：请在配置 EMAP_TIANDITU_KEY 中填写天地图 tk")
        if self.kind == "custom" and not ("{z}" in self.url and "{x}" in self.url and "{y}" in self.url):
            raise BasemapError(f"自定义瓦片地址“{self.url}”应包含 {{z}}、{{x}}、{{y}}")
        if self.coords not in ("wgs84", "gcj02"):
            raise BasemapError(f"瓦片坐标系“{self.coords}”未定义，可选：wgs84、gcj02")

    @property
    def system(self) -> str:
        """The coordinate system layers must be in to sit on these tiles."""
        if self.kind == "amap" or (self.kind == "custom" and self.coords == "gcj02"):
            return "gcj02"
        return "wgs84"


def base_map(context: dict[str, gpd.GeoDataFrame], basemap: Basemap = Basemap()) -> folium.Map:
    """A map of Suzhou with the tile layer chosen and the context layers (lakes, rivers, district outlines).

    `context` may hold "districts", "lakes", "rivers"; missing ones are skipped."""
    m = folium.Map(
        location=SUZHOU_CENTER, zoom_start=9.1, tiles=None, prefer_canvas=True, control_scale=True,
        min_zoom=7, max_zoom=18,
    )
    # With tiles=None folium gives the map no zoom limits, and marker clusters then refuse to draw.
    m.options["minZoom"], m.options["maxZoom"] = 7, 18
    m.options["zoomSnap"] = 0.25  # lets fit_bounds fill the frame instead of jumping a whole zoom level
    _add_tiles(m, basemap)
    if "lakes" in context:
        _lakes(context["lakes"], basemap).add_to(m)
    if "rivers" in context:
        _rivers(context["rivers"], basemap).add_to(m)
    if "districts" in context:
        _outlines(context["districts"], basemap).add_to(m)
    return m


def district_layer(
    districts: gpd.GeoDataFrame, values: pd.DataFrame, basemap: Basemap = Basemap(), selected: tuple[str, ...] = (),
    water: gpd.GeoDataFrame | None = None,
) -> folium.FeatureGroup:
    """Districts shaded by `values.share` (0..1, NaN = no data), with `values.label` in the tooltip.

    `values` has columns district, share, label. Clicking a district reports its `district` property.
    District outlines include their share of 太湖; `water` (lakes) is cut out so the shading stays on land."""
    frame = districts[["name", "geometry"]].rename(columns={"name": "district"})
    if water is not None and len(water):
        frame = frame.assign(geometry=frame.geometry.difference(water.geometry.union_all()))
    frame = frame.merge(values[["district", "share", "label"]], on="district", how="left")
    frame["color"] = [coverage_color(v) for v in frame["share"]]
    frame["selected"] = frame["district"].isin(selected)
    frame["layer"] = "district"
    frame = frame.drop(columns="share")
    group = folium.FeatureGroup(name="行政区覆盖率", control=False)
    folium.GeoJson(
        _geojson(_for_drawing(frame, basemap)),
        name="行政区",
        style_function=_district_style,
        highlight_function=lambda _: {"weight": 3, "color": "#1a202c"},
        tooltip=folium.GeoJsonTooltip(fields=["district", "label"], aliases=["行政区", ""], labels=True),
    ).add_to(group)
    return group


def point_layer(points: gpd.GeoDataFrame, basemap: Basemap = Basemap(), name: str = "检查点位") -> folium.FeatureGroup:
    """Inspection points as small canvas circles coloured by kind; tooltip: place, time, kind, team.

    Canvas circles from one GeoJSON draw 10,000 points in about 2 s where one marker per point takes 6 s
    (see MAPS.md), so this is the one way points are drawn here."""
    frame = points[["place", "started_at", "kind", "team_id", "geometry"]].copy()
    frame["when"] = frame.pop("started_at").dt.strftime("%m-%d %H:%M")
    group = folium.FeatureGroup(name=name, control=False)
    folium.GeoJson(
        _geojson(_for_drawing(frame, basemap)),
        name=name,
        marker=folium.CircleMarker(radius=2.5, weight=0.5, fill=True, fill_opacity=0.85),
        style_function=lambda f: {"color": KIND_COLORS.get(f["properties"]["kind"], "#4a5568"),
                                  "fillColor": KIND_COLORS.get(f["properties"]["kind"], "#4a5568")},
        tooltip=folium.GeoJsonTooltip(
            fields=["place", "when", "kind", "team_id"], aliases=["点位", "时间", "方式", "小组"]
        ),
    ).add_to(group)
    return group


def legend(sections: list[tuple[str, list[tuple[str, str]], str]]) -> MacroElement:
    """A fixed legend in the map's corner (no d3 needed, unlike branca's colour maps).

    sections: (title, [(colour, label), ...], "square" | "circle")."""
    body = "".join(_legend_section(title, items, shape) for title, items, shape in sections)
    box = (
        '<div class="emap-legend" style="background:rgba(255,255,255,.92);padding:6px 10px;border-radius:4px;'
        'font-size:12px;line-height:18px;white-space:nowrap;box-shadow:0 1px 4px rgba(0,0,0,.3)">'
        f"{body}</div>"
    )
    element = MacroElement()
    element._template = Template(
        "{% macro script(this, kwargs) %}"
        "(function(){var c=L.control({position:'bottomright'});c.onAdd=function(){var d=L.DomUtil.create('div');"
        f"d.innerHTML={_js_string(box)};return d;}};c.addTo({{{{ this._parent.get_name() }}}});}})();"
        "{% endmacro %}"
    )
    return element


def _legend_section(title: str, items: list[tuple[str, str]], shape: str) -> str:
    radius = "50%" if shape == "circle" else "2px"
    rows = "".join(
        f'<div><span style="display:inline-block;width:11px;height:11px;margin-right:6px;vertical-align:-1px;'
        f'background:{html.escape(colour)};border-radius:{radius};border:1px solid #718096"></span>'
        f"{html.escape(label)}</div>"
        for colour, label in items
    )
    return f'<div style="margin-bottom:4px"><b>{html.escape(title)}</b>{rows}</div>'


def kind_legend_items() -> list[tuple[str, str]]:
    return [(colour, kind) for kind, colour in KIND_COLORS.items()]


def coverage_color(share: float | None) -> str:
    """Colour for an inspection-coverage share 0..1 in five equal classes; grey for no data."""
    if share is None or pd.isna(share):
        return NO_DATA_COLOR
    index = min(int(float(share) * len(COVERAGE_COLORS)), len(COVERAGE_COLORS) - 1)
    return COVERAGE_COLORS[max(index, 0)]


def coverage_legend_items() -> list[tuple[str, str]]:
    step = 100 // len(COVERAGE_COLORS)
    items = [(c, f"{i * step}–{(i + 1) * step}%") for i, c in enumerate(COVERAGE_COLORS)]
    return items + [(NO_DATA_COLOR, "无企业数据")]


# ---- helpers -------------------------------------------------------------------------------------


def _add_tiles(m: folium.Map, basemap: Basemap) -> None:
    if basemap.kind == "none":
        return
    if basemap.kind == "tianditu":
        for layer, name in (("vec", "天地图矢量"), ("cva", "天地图注记")):
            folium.TileLayer(
                tiles=(
                    f"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
                    f"&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}"
                    f"&TILECOL={{x}}&tk={basemap.key}"
                ),
                attr="天地图", name=name, subdomains="01234567", max_zoom=18, control=False,
            ).add_to(m)
    elif basemap.kind == "amap":
        folium.TileLayer(
            tiles="https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
            attr="高德地图", name="高德地图", subdomains="1234", max_zoom=18, control=False,
        ).add_to(m)
    elif basemap.kind == "osm":
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", control=False, max_zoom=18).add_to(m)
    else:
        folium.TileLayer(tiles=basemap.url, attr=basemap.attribution or "自定义瓦片", name="自定义瓦片",
                         max_zoom=18, control=False).add_to(m)


def _lakes(lakes: gpd.GeoDataFrame, basemap: Basemap) -> folium.GeoJson:
    frame = lakes[["name", "geometry"]]
    return folium.GeoJson(
        _geojson(_for_drawing(frame, basemap)), name="湖泊", interactive=False,
        style_function=lambda _: {"color": "#63b3ed", "weight": 1, "fillColor": "#bee3f8", "fillOpacity": 0.9},
    )


def _rivers(rivers: gpd.GeoDataFrame, basemap: Basemap) -> folium.GeoJson:
    frame = rivers[["name", "kind", "geometry"]]
    return folium.GeoJson(
        _geojson(_for_drawing(frame, basemap)), name="河道",
        style_function=lambda f: {"color": "#3182ce", "weight": 3 if f["properties"]["kind"] == "干流" else 1.5,
                                  "opacity": 0.8},
        tooltip=folium.GeoJsonTooltip(fields=["name", "kind"], aliases=["河道", "类别"]),
    )


def _outlines(districts: gpd.GeoDataFrame, basemap: Basemap) -> folium.GeoJson:
    frame = districts[["name", "geometry"]]
    return folium.GeoJson(
        _geojson(_for_drawing(frame, basemap)), name="行政区界", interactive=False,
        style_function=lambda _: {"color": "#4a5568", "weight": 1.2, "fill": False, "dashArray": "4 3"},
    )


def _district_style(feature: dict) -> dict:
    props = feature["properties"]
    return {
        "fillColor": props["color"], "fillOpacity": 0.45, "color": "#1a202c" if props["selected"] else "#4a5568",
        "weight": 3 if props["selected"] else 1,
    }


def _for_drawing(frame: gpd.GeoDataFrame, basemap: Basemap) -> gpd.GeoDataFrame:
    """Copy of `frame` in the base map's coordinates, rounded to ~1 m, with text escaped."""
    out = crs.shift_frame(frame, to=basemap.system) if basemap.system != "wgs84" else frame.copy()
    out["geometry"] = shapely.set_precision(out.geometry.values, 1e-5)
    for column in out.columns:
        if column != "geometry" and (out[column].dtype == object or pd.api.types.is_string_dtype(out[column])):
            out[column] = out[column].map(lambda v: html.escape(v) if isinstance(v, str) else v)
    return out


def _geojson(frame: gpd.GeoDataFrame) -> dict:
    """GeoJSON dict with NaN turned into null (folium's json would write NaN, which browsers reject)."""
    clean = frame.copy()
    for column in clean.columns:
        if column != "geometry" and clean[column].dtype.kind == "f":
            clean[column] = clean[column].astype(object).where(clean[column].notna(), None)
    return clean.__geo_interface__


def _js_string(text: str) -> str:
    return json.dumps(text).replace("</", "<\\/")


def bounds_of(frame: gpd.GeoDataFrame) -> list[list[float]] | None:
    """[[south, west], [north, east]] of a frame, for `fit_bounds`; None when empty."""
    if frame.empty:
        return None
    minx, miny, maxx, maxy = frame.total_bounds
    if not np.all(np.isfinite([minx, miny, maxx, maxy])):
        return None
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]
