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


def render_group(group) -> str:
    m = maps.base_map({})
    group.add_to(m)
    return render(m)


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


def test_land_cuts_lakes_out_of_districts(context):
    cut = maps.land(context["districts"], context["lakes"])
    assert cut.geometry.iloc[0].area == pytest.approx(SQUARE.area - SQUARE.buffer(-0.04).area)
    assert context["districts"].geometry.iloc[0].equals(SQUARE)  # input untouched


def test_district_shading_colours_by_share_marks_selection_and_escapes(context):
    m = maps.base_map({})
    maps.district_shapes(context["districts"]).add_to(m)
    values = pd.DataFrame({"district": ["昆山市", "<b>坏名字</b>"], "share": [0.9, None],
                           "label": ["覆盖 90%", "<i>x</i>"]})
    update = maps.district_shading(values, selected=("昆山市",))
    out = render(m) + render_group(update)
    assert maps.COVERAGE_COLORS[-1] in out  # 90% is in the top class
    assert maps.NO_DATA_COLOR in out  # the district without a value
    assert "<b>坏名字</b>" not in out.replace('"id":"<b>坏名字</b>"', "").replace('"<b>坏名字</b>":', "")
    assert "&lt;b&gt;坏名字&lt;/b&gt;" in out and "&lt;i&gt;x&lt;/i&gt;" in out
    assert '"layer":"district"' in out


@pytest.mark.parametrize(
    "share, colour",
    [(0.0, maps.COVERAGE_COLORS[0]), (0.19, maps.COVERAGE_COLORS[0]), (0.2, maps.COVERAGE_COLORS[1]),
     (0.99, maps.COVERAGE_COLORS[4]), (1.0, maps.COVERAGE_COLORS[4]), (None, maps.NO_DATA_COLOR),
     (float("nan"), maps.NO_DATA_COLOR)],
)
def test_coverage_colour_classes(share, colour):
    assert maps.coverage_color(share) == colour


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


def test_attribution_is_chinese_and_drops_leaflets_prefix(context):
    out = render(maps.base_map(context, Basemap("osm")))
    assert '"attributionControl": false' in out
    assert "L.control.attribution({prefix: false})" in out
    assert "OpenStreetMap 贡献者" in out and "GSHHG" in out and "行政区界" in out


@pytest.mark.parametrize("kind, credit", [("tianditu", "天地图"), ("amap", "高德地图"), ("none", "GSHHG")])
def test_every_basemap_kind_carries_its_credit(context, kind, credit):
    out = render(maps.base_map(context, Basemap(kind, key="k")))
    assert credit in out.split("L.control.attribution", 1)[1]


def test_clickable_layers_are_declared_once():
    with pytest.raises(ValueError, match="未在 geo.maps.layers.CLICKABLE 中声明"):
        maps.PointLayer("x", _frame(2), ["#000"], layer="no-such-layer")
    assert set(maps.CLICKABLE) >= {"district", "inspection_site"}


def test_app_elements_load_their_scripts_from_the_app_not_a_cdn(context):
    m = maps.base_map(context)
    maps.PointLayer("p", _frame(3), ["#000"], "inspection_site").add_to(m)
    maps.ShapeLayer("s", context["districts"].assign(id=["a", "b"]), {"color": "#000"}).add_to(m)
    out = render(assets.localize(m, "/emap/"))
    for script in ("emap.js", "points.js", "shapes.js"):
        assert f"/emap/app/static/app/{script}" in out
    assert out.index("app/emap.js") < out.index("app/points.js")
    assert re.search(r'"url":"/emap/app/static/cache/p-wgs84-[0-9a-f]{20}\.bin"', out)


def _frame(n: int, lon0: float = 120.5) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": [f"S{i}" for i in range(n)]},
                            geometry=[Point(lon0 + i * 0.01, 31.2 + i * 0.005) for i in range(n)], crs=4326)


def _positions(packed) -> tuple:
    import numpy as np

    raw = np.frombuffer((assets.STATIC_DIR / packed.positions).read_bytes(), dtype="<u2")
    x0, y0, x1, y1 = packed.bbox
    qx, qy = raw[: packed.n], raw[packed.n:]
    return x0 + qx / 65535 * (x1 - x0), y0 + qy / 65535 * (y1 - y0)


def test_packed_points_come_back_within_a_few_metres():
    frame = _frame(50)
    lon, lat = _positions(maps.pack(frame, prefix="t"))
    assert abs(lon - frame.geometry.x.to_numpy()).max() < 3e-5  # < 3 m
    assert abs(lat - frame.geometry.y.to_numpy()).max() < 3e-5


def test_points_are_shifted_for_gcj02_tiles():
    from geo import crs

    frame = _frame(5)
    lon, lat = _positions(maps.pack(frame, prefix="t", system="gcj02"))
    dist = crs.distance_m(frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy(), lon, lat)
    assert (dist > 400).all() and (dist < 600).all()  # GCJ-02 moves Suzhou 460–520 m


def test_hover_text_and_ids_are_not_in_the_map_html_but_in_a_compressed_file():
    import gzip
    import json

    frame = _frame(2)
    labels = pd.Series(["<img src=x onerror=alert(1)>", "华林热镀锌"])
    m = maps.base_map({})
    layer = maps.PointLayer("p", maps.pack(frame, labels, prefix="t"), ["#000"], "inspection_site")
    layer.add_to(m)
    out = render(m)
    assert "华林热镀锌" not in out and "onerror" not in out
    details = json.loads(gzip.decompress((assets.STATIC_DIR / layer.packed.details).read_bytes()))
    assert details == {"ids": ["S0", "S1"], "labels": ["<img src=x onerror=alert(1)>", "华林热镀锌"]}
    assert "emap.escape(this._labels.labels[i])" in (assets.STATIC_DIR / "app/points.js").read_text()


def test_the_same_points_give_the_same_file_and_the_same_map():
    from streamlit_folium import generate_leaflet_string

    def build():
        m = maps.base_map({})
        maps.PointLayer("p", _frame(20), ["#000"], "inspection_site").add_to(m)
        return generate_leaflet_string(m)

    assert build() == build()  # st_folium keeps a map mounted while its script is unchanged
    assert maps.pack(_frame(20), prefix="t") == maps.pack(_frame(20), prefix="t")
    assert maps.pack(_frame(20), prefix="t").positions != maps.pack(_frame(21), prefix="t").positions


def test_point_update_is_tiny_and_decodes_to_the_classes():
    import base64
    import json
    import zlib

    import numpy as np

    rng = np.random.default_rng(1)
    classes = np.where(rng.random(50_000) < 0.2, rng.integers(1, 5, 50_000), 0).astype("uint8")
    counts = rng.integers(0, 40, 50_000)
    group = maps.point_update("fires", classes, counts)
    assert [type(c).__name__ for c in group._children.values()] == ["Update"]  # no layer kept per rerun
    out = render_group(group)
    payload = json.loads(out.split('window.emap.update("fires",', 1)[1].split(");", 1)[0])
    assert (np.frombuffer(zlib.decompress(base64.b64decode(payload["cls"])), "u1") == classes).all()
    assert (np.frombuffer(zlib.decompress(base64.b64decode(payload["counts"])), "<u2") == counts).all()
    assert len(payload["cls"]) < 40_000  # a fifth of 50,000 points shown: well under a byte a point


@pytest.mark.parametrize("classes, counts, message", [
    ([[1, 2]], None, "一维"), ([300], None, "0–255"), ([1, 2], [1], "counts 有 1 个值"),
])
def test_point_update_rejects_malformed_arrays(classes, counts, message):
    import numpy as np

    with pytest.raises(ValueError, match=message):
        maps.point_update("x", np.array(classes), None if counts is None else np.array(counts))


def test_shape_layer_keeps_ids_as_keys_and_updates_only_styles(context):
    frame = context["districts"].assign(id=["昆山市", "<b>坏名字</b>"])
    m = maps.base_map({})
    maps.ShapeLayer("d", frame, {"color": "#000"}, layer="district").add_to(m)
    out = render(m)
    assert 'L.emapShapes("d",' in out and '"id":"<b>坏名字<\\/b>"' in out  # a key, never shown as HTML
    update = render_group(maps.shape_update("d", {"昆山市": {"color": "#f00"}}, front=True))
    assert '"styles":{"昆山市":{"color":"#f00"}}' in update and '"coordinates"' not in update.split("emap.update")[1]
