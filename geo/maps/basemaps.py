"""The base map: the tiles chosen (or none, offline), the bundled context layers, and the credits both need.

Base-map kinds are declared once in `BASEMAPS`: what a user picks in the sidebar, the coordinate system
layers must be in to sit on those tiles, and the attribution the tiles' terms ask for, in Chinese."""

from __future__ import annotations

from dataclasses import dataclass

import folium
import geopandas as gpd
from branca.element import Template

from geo.maps.drawing import for_drawing
from geo.maps.element import Script, js_string
from geo.maps.vector import vector_layer

SUZHOU_CENTER = (31.41, 120.70)  # (lat, lon); at zoom 9.1 the whole city fits a 640-px-high map


@dataclass(frozen=True)
class Kind:
    label: str
    system: str  # the coordinate system of the tiles: layers are shifted into it before drawing
    attribution: str


BASEMAPS = {
    "none": Kind("本地底图（离线）", "wgs84", ""),
    "tianditu": Kind("天地图", "wgs84", "底图 © 天地图（国家地理信息公共服务平台）"),
    "amap": Kind("高德地图", "gcj02", "底图 © 高德地图"),
    "osm": Kind("OpenStreetMap", "wgs84", "底图 © OpenStreetMap 贡献者"),
    "custom": Kind("自定义瓦片（内网）", "wgs84", "底图：自定义瓦片"),
}
BASEMAP_LABELS = {kind: spec.label for kind, spec in BASEMAPS.items()}

# Credits for the bundled context layers (data/README.md has their provenance).
CONTEXT_CREDITS = {
    "lakes": "湖泊 © GSHHG（LGPL）",
    "districts": "行政区界：ChinaAdminDivisonSHP（MIT）",
    "rivers": "河道：示例数据",
}


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
        if self.kind not in BASEMAPS:
            raise BasemapError(f"底图“{self.kind}”未定义，可选：{'、'.join(BASEMAPS)}")
        if self.kind == "tianditu" and not self.key:
            raise BasemapError("天地图需要密钥：请在配置 EMAP_TIANDITU_KEY 中填写天地图 tk")
        if self.kind == "custom" and not ("{z}" in self.url and "{x}" in self.url and "{y}" in self.url):
            raise BasemapError(f"自定义瓦片地址“{self.url}”应包含 {{z}}、{{x}}、{{y}}")
        if self.coords not in ("wgs84", "gcj02"):
            raise BasemapError(f"瓦片坐标系“{self.coords}”未定义，可选：wgs84、gcj02")

    @property
    def system(self) -> str:
        """The coordinate system layers must be in to sit on these tiles."""
        if self.kind == "custom":
            return self.coords
        return BASEMAPS[self.kind].system

    @property
    def credit(self) -> str:
        return self.attribution or BASEMAPS[self.kind].attribution


class Attribution(Script):
    """Leaflet's attribution box with our credits and without its "Leaflet" prefix."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.attribution({prefix: false}).addAttribution({{ this.text }}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self, credits: list[str]):
        super().__init__()
        self._name = "Attribution"
        self.text = js_string(" | ".join(c for c in credits if c))


def base_map(context: dict[str, gpd.GeoDataFrame], basemap: Basemap = Basemap()) -> folium.Map:
    """A map of Suzhou with the tile layer chosen and the context layers (lakes, rivers, district outlines).

    `context` may hold "districts", "lakes", "rivers"; missing ones are skipped."""
    m = folium.Map(
        location=SUZHOU_CENTER, zoom_start=9.1, tiles=None, prefer_canvas=True, control_scale=True,
        min_zoom=7, max_zoom=18, attribution_control=False,
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
    Attribution([basemap.credit, *(CONTEXT_CREDITS[name] for name in ("lakes", "districts", "rivers")
                                   if name in context)]).add_to(m)
    return m


def land(districts: gpd.GeoDataFrame, lakes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Districts with the lakes cut out: their outlines include their share of 太湖, and shading drawn over
    the lake would read as land. For drawing only; statistics use the real outlines."""
    if lakes.empty:
        return districts.copy()
    return districts.assign(geometry=districts.geometry.difference(lakes.geometry.union_all()))


def _add_tiles(m: folium.Map, basemap: Basemap) -> None:
    credit = basemap.credit
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
                attr=credit, name=name, subdomains="01234567", max_zoom=18, control=False,
            ).add_to(m)
    elif basemap.kind == "amap":
        folium.TileLayer(
            tiles="https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
            attr=credit, name="高德地图", subdomains="1234", max_zoom=18, control=False,
        ).add_to(m)
    elif basemap.kind == "osm":
        folium.TileLayer(tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png", attr=credit,
                         name="OpenStreetMap", control=False, max_zoom=18).add_to(m)
    else:
        folium.TileLayer(tiles=basemap.url, attr=credit, name="自定义瓦片", max_zoom=18, control=False).add_to(m)


def _lakes(lakes: gpd.GeoDataFrame, basemap: Basemap):
    frame = for_drawing(lakes[["name", "geometry"]], basemap.system)
    return vector_layer(frame[["geometry"]], style={"color": "#63b3ed", "weight": 1, "fillColor": "#bee3f8",
                                                    "fillOpacity": 0.9}, tooltips=frame["name"])


def _rivers(rivers: gpd.GeoDataFrame, basemap: Basemap):
    frame = for_drawing(rivers[["name", "kind", "geometry"]], basemap.system)
    styles = [{"color": "#3182ce", "weight": 3 if kind == "干流" else 1.5, "opacity": 0.8} for kind in frame["kind"]]
    return vector_layer(frame[["geometry"]], styles=styles, tooltips=frame["name"] + "（" + frame["kind"] + "）")


def _outlines(districts: gpd.GeoDataFrame, basemap: Basemap):
    frame = for_drawing(districts[["name", "geometry"]], basemap.system)
    return vector_layer(frame[["geometry"]], style={"color": "#4a5568", "weight": 1.2, "fill": False,
                                                    "dashArray": "4 3"}, interactive=False)
