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
from branca.element import Element, MacroElement, Template

from geo import crs

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


def land(districts: gpd.GeoDataFrame, lakes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Districts with the lakes cut out: their outlines include their share of 太湖, and shading drawn over
    the lake would read as land. For drawing only; statistics use the real outlines."""
    if lakes.empty:
        return districts.copy()
    return districts.assign(geometry=districts.geometry.difference(lakes.geometry.union_all()))


def district_layer(
    districts: gpd.GeoDataFrame, values: pd.DataFrame, basemap: Basemap = Basemap(), selected: tuple[str, ...] = (),
) -> folium.FeatureGroup:
    """Districts shaded by `values.share` (0..1, NaN = no data), with `values.label` in the tooltip.

    `values` has columns district, share, label. Clicking a district reports its `district` property."""
    frame = districts[["name", "geometry"]].rename(columns={"name": "district"})
    frame = frame.merge(values[["district", "share", "label"]], on="district", how="left")
    frame["layer"] = "district"
    selected_mask = frame["district"].isin(selected)
    styles = [
        {"fillColor": coverage_color(share), "fillOpacity": 0.45, "color": "#1a202c" if chosen else "#4a5568",
         "weight": 3 if chosen else 1}
        for share, chosen in zip(frame["share"], selected_mask)
    ]
    frame = _for_drawing(frame[["district", "layer", "label", "geometry"]], basemap.system)
    group = folium.FeatureGroup(name="行政区覆盖率", control=False)
    vector_layer(frame[["district", "layer", "geometry"]], styles=styles,
                 tooltips="<b>" + frame["district"] + "</b><br>" + frame["label"].fillna(""),
                 hover={"weight": 3, "color": "#1a202c"}).add_to(group)
    return group


def inspection_marks(inspections: gpd.GeoDataFrame, system: str = "wgs84") -> pd.DataFrame:
    """What each inspection's point needs on the map: lat, lon (5 decimals, in `system`, the base map's
    coordinate system), colour by kind and an HTML-safe tooltip (place, time, kind, team).

    Same index as `inspections`, so a filtered selection is `marks.loc[selected.index]`; the pages compute
    this once per data version, as it is the slow part of drawing 9,000 points."""
    frame = inspections[["place", "started_at", "kind", "team_id", "geometry"]].copy()
    frame["when"] = frame.pop("started_at").dt.strftime("%m-%d %H:%M")
    frame = _for_drawing(frame, system)
    return pd.DataFrame(
        {
            "lat": np.round(frame.geometry.y.to_numpy(), 5),
            "lon": np.round(frame.geometry.x.to_numpy(), 5),
            "colour": frame["kind"].map(KIND_COLORS).fillna("#4a5568"),
            "tip": (frame["place"] + "<br>" + frame["when"] + " · " + frame["kind"] + " · " + frame["team_id"])
            .fillna(""),
        },
        index=inspections.index,
    )


def point_layer(marks: pd.DataFrame, name: str = "检查点位", radius: float = 2.5) -> folium.FeatureGroup:
    """Many points, fast: `marks` (lat, lon, colour, HTML-safe tip; see `inspection_marks`) sent as compact
    arrays and drawn as canvas circles by one loop in the browser, with one tooltip shared by the group.

    folium's GeoJson with a style function took 1.5 s in Python and 3 MB of script for 9,000 points;
    this takes a tenth of both."""
    palette = list(dict.fromkeys(marks["colour"]))
    data = {
        "lat": marks["lat"].tolist(),
        "lon": marks["lon"].tolist(),
        "c": marks["colour"].map({c: i for i, c in enumerate(palette)}).tolist(),
        "palette": palette,
        "tip": marks["tip"].tolist(),
    }
    group = folium.FeatureGroup(name=name, control=False)
    _CanvasPoints(data, radius).add_to(group)
    return group


class _Script(MacroElement):
    """A MacroElement whose rendered script is added to the page as it is. branca wraps a rendered script
    in a new Element, i.e. compiles it again as a Jinja template: for a layer carrying 600 kB of data that
    cost 0.2 s on every rerun (st_folium renders each feature group)."""

    def render(self, **kwargs):
        self.get_root().script.add_child(_Raw(self._template.module.script(self, kwargs)), name=self.get_name())


class _Raw(Element):
    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class _CanvasPoints(_Script):
    _template = Template(
        """{% macro script(this, kwargs) %}
(function () {
  var d = {{ this.json }}, g = {{ this._parent.get_name() }};
  for (var i = 0; i < d.lat.length; i++) {
    var c = d.palette[d.c[i]];
    g.addLayer(L.circleMarker([d.lat[i], d.lon[i]], {radius: {{ this.radius }}, weight: 0.5, color: c,
      fillColor: c, fillOpacity: 0.85, emap: "point", tip: d.tip[i]}));
  }
  g.bindTooltip(function (layer) { return layer.options.tip; }, {sticky: true});
})();
{% endmacro %}"""
    )

    def __init__(self, data: dict, radius: float):
        super().__init__()
        self._name = "CanvasPoints"
        self.json = _js_string(data)
        self.radius = float(radius)


def legend(sections: list[tuple[str, list[tuple[str, str]], str]]) -> MacroElement:
    """A fixed legend in the map's corner (no d3 needed, unlike branca's colour maps).

    sections: (title, [(colour, label), ...], "square" | "circle")."""
    body = "".join(_legend_section(title, items, shape) for title, items, shape in sections)
    box = (
        '<div class="emap-legend" style="background:rgba(255,255,255,.92);padding:6px 10px;border-radius:4px;'
        'font-size:12px;line-height:18px;white-space:nowrap;box-shadow:0 1px 4px rgba(0,0,0,.3)">'
        f"{body}</div>"
    )
    element = _Script()
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


def _lakes(lakes: gpd.GeoDataFrame, basemap: Basemap) -> MacroElement:
    frame = _for_drawing(lakes[["name", "geometry"]], basemap.system)
    return vector_layer(frame[["geometry"]], style={"color": "#63b3ed", "weight": 1, "fillColor": "#bee3f8",
                                                    "fillOpacity": 0.9}, tooltips=frame["name"])


def _rivers(rivers: gpd.GeoDataFrame, basemap: Basemap) -> MacroElement:
    frame = _for_drawing(rivers[["name", "kind", "geometry"]], basemap.system)
    styles = [{"color": "#3182ce", "weight": 3 if kind == "干流" else 1.5, "opacity": 0.8} for kind in frame["kind"]]
    return vector_layer(frame[["geometry"]], styles=styles, tooltips=frame["name"] + "（" + frame["kind"] + "）")


def _outlines(districts: gpd.GeoDataFrame, basemap: Basemap) -> MacroElement:
    frame = _for_drawing(districts[["name", "geometry"]], basemap.system)
    return vector_layer(frame[["geometry"]], style={"color": "#4a5568", "weight": 1.2, "fill": False,
                                                    "dashArray": "4 3"}, interactive=False)


def vector_layer(frame: gpd.GeoDataFrame, style: dict | None = None, styles: list[dict] | None = None,
                 tooltips: pd.Series | None = None, hover: dict | None = None,
                 interactive: bool = True) -> MacroElement:
    """Lines or polygons as one L.geoJSON layer, with a style for all (`style`) or one per feature (`styles`),
    an HTML-safe tooltip per feature, and an optional hover style.

    Written instead of folium.GeoJson because that builds several Jinja templates per layer on every
    rerun (0.2 s a page) and embeds a style table; this element compiles its one template once."""
    if styles is not None and len(styles) != len(frame):
        raise ValueError(f"styles has {len(styles)} entries for {len(frame)} features")
    data = _geojson(frame)
    for i, feature in enumerate(data["features"]):
        if styles is not None:
            feature["properties"]["_s"] = styles[i]
        if tooltips is not None and isinstance(tooltips.iloc[i], str):
            feature["properties"]["_t"] = tooltips.iloc[i]
    return _Vector(data, style or {}, hover, interactive)


class _Vector(_Script):
    _template = Template(
        """{% macro script(this, kwargs) %}
(function () {
  var base = {{ this.style }}, hover = {{ this.hover }};
  var layer = L.geoJSON({{ this.data }}, {
    interactive: {{ this.interactive }},
    style: function (f) { return Object.assign({}, base, f.properties._s || {}); },
    onEachFeature: function (f, l) {
      if (f.properties._t) l.bindTooltip(f.properties._t, {sticky: true});
      if (hover) {
        l.on("mouseover", function () { l.setStyle(hover); });
        l.on("mouseout", function () { layer.resetStyle(l); });
      }
    }
  });
  layer.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}"""
    )

    def __init__(self, data: dict, style: dict, hover: dict | None, interactive: bool):
        super().__init__()
        self._name = "Vector"
        self.data = _js_string(data)
        self.style = _js_string(style)
        self.hover = _js_string(hover)
        self.interactive = "true" if interactive else "false"


def _for_drawing(frame: gpd.GeoDataFrame, system: str) -> gpd.GeoDataFrame:
    """Copy of `frame` in coordinate system `system`, rounded to 5 decimals (~1 m), with text escaped."""
    out = crs.shift_frame(frame, to=system) if system != "wgs84" else frame.copy()
    if not (out.geom_type == "Point").all():  # points are rounded as their coordinate arrays are built
        out["geometry"] = shapely.transform(out.geometry.values, lambda xy: np.round(xy, 5))
    for column in out.columns:
        if column != "geometry" and (out[column].dtype == object or pd.api.types.is_string_dtype(out[column])):
            out[column] = _escape(out[column])
    return out


def _escape(values: pd.Series) -> pd.Series:
    """html.escape over a column of text, vectorised (missing values stay missing)."""
    text = values.astype("str")
    for raw, safe in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        text = text.str.replace(raw, safe, regex=False)
    return text.where(values.notna(), None)


def _geojson(frame: gpd.GeoDataFrame) -> dict:
    """GeoJSON dict with NaN turned into null (folium's json would write NaN, which browsers reject)."""
    clean = frame.copy()
    for column in clean.columns:
        if column != "geometry" and clean[column].dtype.kind == "f":
            clean[column] = clean[column].astype(object).where(clean[column].notna(), None)
    return clean.__geo_interface__


def _js_string(value) -> str:
    """`value` as a JavaScript literal that is safe inside a <script> element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
