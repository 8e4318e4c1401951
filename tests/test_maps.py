"""Map builders, checked on the HTML they render (as folium's own tests do)."""

from __future__ import annotations

import re

import folium
import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, Polygon

from geo import assets, maps
from geo.maps import Basemap

SQUARE = Polygon([(120.9, 31.3), (121.0, 31.3), (121.0, 31.4), (120.9, 31.4)])


@pytest.fixture(scope="module")
def context():
    districts = gpd.GeoDataFrame({"name": ["昆山市", "<b>坏名字</b>"]},
                                 geometry=[SQUARE, SQUARE.buffer(-0.01)], crs=4326)
    lakes = gpd.GeoDataFrame({"name": ["阳澄湖"]}, geometry=[SQUARE.buffer(-0.04)], crs=4326)
    rivers = gpd.GeoDataFrame({"name": ["吴淞江"], "kind": ["干流"]},
                              geometry=[LineString([(120.9, 31.31), (121.0, 31.32)])], crs=4326)
    return {"districts": districts, "lakes": lakes, "rivers": rivers}


@pytest.fixture(scope="module")
def points():
    return gpd.GeoDataFrame(
        {"place": ["<script>alert(1)</script>", "华林热镀锌"], "kind": ["夜查", "日常"], "team_id": ["T1", "T2"],
         "started_at": pd.to_datetime(["2020-10-18 21:30", "2020-10-19 09:00"])},
        geometry=[Point(120.95123456, 31.35), Point(120.96, 31.36)], crs=4326,
    )


def render(m: folium.Map) -> str:
    """The map's HTML with JSON's \\uXXXX escapes decoded, so text can be looked for as a reader sees it."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda g: chr(int(g.group(1), 16)), m.get_root().render())


def test_base_map_draws_context_without_tiles_or_cdn(context):
    m = assets.localize(maps.base_map(context))
    out = render(m)
    assert "L.tileLayer" not in out
    assert '"maxZoom": 18' in out and '"minZoom": 7' in out  # marker clusters need zoom limits
    assert "阳澄湖" in out
    assert not re.findall(r"""(?:src|href)=["']https?://""", out), "a script or style still comes from the network"
    assert "/app/static/node_modules/leaflet/dist/leaflet.js" in out
    assert out.index("leaflet/dist/leaflet.js") < out.index("app/leaflet-offline.js")
    assert "jquery" not in out and "bootstrap" not in out  # only maps with Icon markers need them


def test_icon_markers_bring_their_scripts_along(context):
    m = maps.base_map(context)
    folium.Marker((31.3, 120.9), icon=folium.Icon(icon="flag", prefix="fa")).add_to(m)
    out = render(assets.localize(m))
    for needed in ("jquery.min.js", "bootstrap.bundle.min.js", "leaflet.awesome-markers.js",
                   "fontawesome-free/css/all.min.css"):
        assert needed in out
    assert out.index("leaflet-offline.js") < out.index("jquery.min.js")


def test_localize_honours_base_url_path(context):
    out = render(assets.localize(maps.base_map(context), "/emap/"))
    assert '"/emap/app/static/node_modules/leaflet/dist/leaflet.css"' in out or \
        "/emap/app/static/node_modules/leaflet/dist/leaflet.css" in out


def test_unknown_plugin_asset_is_an_error_not_a_cdn_fallback(context):
    from folium.plugins import MiniMap

    m = maps.base_map(context)
    MiniMap().add_to(m)
    with pytest.raises(assets.MissingAsset, match="MiniMap"):
        assets.localize(m)


def test_installed_assets_are_all_present():
    assert assets.missing_files() == [], "run `make setup` (npm ci in static/)"


def test_points_escape_user_text_and_round_coordinates(points):
    group = maps.point_layer(maps.inspection_marks(points))
    m = maps.base_map({})
    group.add_to(m)
    out = render(m)
    assert "<script>alert(1)</script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "120.95123" in out and "120.951234" not in out


def test_land_cuts_lakes_out_of_districts(context):
    cut = maps.land(context["districts"], context["lakes"])
    assert cut.geometry.iloc[0].area == pytest.approx(SQUARE.area - SQUARE.buffer(-0.04).area)
    assert context["districts"].geometry.iloc[0].equals(SQUARE)  # input untouched


def test_marks_keep_the_index_so_filters_can_select_them(points):
    marks = maps.inspection_marks(points.set_index(pd.Index([7, 9])))
    assert marks.index.tolist() == [7, 9]
    assert marks.loc[9, "tip"] == "华林热镀锌<br>10-19 09:00 · 日常 · T2"
    assert marks.loc[7, "colour"] == maps.KIND_COLORS["夜查"]


def test_district_layer_shades_by_share_and_marks_selection(context):
    values = pd.DataFrame({"district": ["昆山市"], "share": [0.9], "label": ["覆盖 90%"]})
    group = maps.district_layer(context["districts"], values, selected=("昆山市",))
    m = maps.base_map({})
    group.add_to(m)
    out = render(m)
    assert maps.COVERAGE_COLORS[-1] in out  # 90% is in the top class
    assert maps.NO_DATA_COLOR in out  # the district without a value
    assert "&lt;b&gt;" in out and "<b>坏名字</b>" not in out
    assert '"layer": "district"' in out


@pytest.mark.parametrize(
    "share, colour",
    [(0.0, maps.COVERAGE_COLORS[0]), (0.19, maps.COVERAGE_COLORS[0]), (0.2, maps.COVERAGE_COLORS[1]),
     (0.99, maps.COVERAGE_COLORS[4]), (1.0, maps.COVERAGE_COLORS[4]), (None, maps.NO_DATA_COLOR),
     (float("nan"), maps.NO_DATA_COLOR)],
)
def test_coverage_colour_classes(share, colour):
    assert maps.coverage_color(share) == colour


def test_amap_basemap_shifts_layers_to_gcj02(points):
    wgs = render(_with_points(points, Basemap()))
    gcj = render(_with_points(points, Basemap("amap")))
    assert '"lon": [120.95123, 120.96]' in wgs
    assert '"lon": [120.95123' not in gcj and '"lon": [120.95' in gcj  # ~500 m east, same degree
    assert "autonavi" in gcj and "autonavi" not in wgs


def _with_points(points, basemap):
    m = maps.base_map({}, basemap)
    maps.point_layer(maps.inspection_marks(points, basemap.system)).add_to(m)
    return m


@pytest.mark.parametrize(
    "kwargs, message",
    [({"kind": "tianditu"}, "天地图需要密钥"), ({"kind": "custom", "url": "http://tiles/x.png"}, "{z}"),
     ({"kind": "bing"}, "可选"), ({"kind": "custom", "url": "http://t/{z}/{x}/{y}.png", "coords": "bd09"}, "wgs84")],
)
def test_basemap_misconfiguration_is_explained(kwargs, message):
    with pytest.raises(maps.BasemapError, match=re.escape(message)):
        Basemap(**kwargs)


def test_tianditu_uses_the_key():
    out = render(maps.base_map({}, Basemap("tianditu", key="abc123")))
    assert "tk=abc123" in out and "vec_w" in out and "cva_w" in out


def test_legend_has_no_d3_and_escapes():
    m = maps.base_map({})
    maps.legend([("覆盖率<x>", [("#fff", "0–20%")], "square"), ("方式", maps.kind_legend_items(), "circle")]).add_to(m)
    out = render(m)
    assert "d3.min.js" not in out and "d3.v4" not in out
    assert "覆盖率&lt;x&gt;" in out
    assert all(kind in out for kind in maps.KIND_COLORS)
