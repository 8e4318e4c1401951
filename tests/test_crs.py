"""geo.crs: round trips, published pairs, frames, folium order and spreadsheet coordinate text."""

from __future__ import annotations

import time

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon

from geo import crs

SUZHOU = (120.62, 31.22)  # 瓜泾口, WGS84

# Longitudes and latitudes inside the out_of_china box, where GCJ-02 applies.
china_lon = st.floats(73.5, 134.8)
china_lat = st.floats(18.0, 53.0)
suzhou_lon = st.floats(119.9, 121.4)
suzhou_lat = st.floats(30.7, 32.1)
china_points = st.lists(st.tuples(china_lon, china_lat), min_size=1, max_size=50)


# --- round trips --------------------------------------------------------------------------------


@settings(deadline=None)
@given(china_lon, china_lat)
def test_gcj_round_trip_is_centimetre_exact(lon, lat):
    back = crs.gcj02_to_wgs84(*crs.wgs84_to_gcj02(lon, lat))
    assert crs.distance_m(*back, lon, lat) < 0.01


@settings(deadline=None)
@given(china_lon, china_lat)
def test_bd_round_trip_is_centimetre_exact(lon, lat):
    back = crs.bd09_to_wgs84(*crs.wgs84_to_bd09(lon, lat))
    assert crs.distance_m(*back, lon, lat) < 0.01


@settings(deadline=None)
@given(suzhou_lon, suzhou_lat)
def test_one_step_inverse_within_2_5_m_around_suzhou(lon, lat):
    # Measured worst case on a dense grid over Suzhou: 2.31 m.
    back = crs.gcj02_to_wgs84_fast(*crs.wgs84_to_gcj02(lon, lat))
    assert crs.distance_m(*back, lon, lat) < 2.5


@settings(deadline=None)
@given(china_lon, china_lat)
def test_one_step_inverse_within_5_m_anywhere_in_china(lon, lat):
    # Measured worst case over the box: 4.85 m (north-east); the "1–2 m" often quoted is typical, not worst.
    back = crs.gcj02_to_wgs84_fast(*crs.wgs84_to_gcj02(lon, lat))
    assert crs.distance_m(*back, lon, lat) < 5.0


@settings(deadline=None, max_examples=50)
@given(china_points)
@pytest.mark.parametrize(
    "fn",
    [crs.wgs84_to_gcj02, crs.gcj02_to_wgs84, crs.gcj02_to_wgs84_fast, crs.gcj02_to_bd09,
     crs.bd09_to_gcj02, crs.wgs84_to_bd09, crs.bd09_to_wgs84],
)
def test_arrays_give_the_same_answers_as_scalars(fn, points):
    lon, lat = np.array(points).T
    x, y = fn(lon, lat)
    assert isinstance(x, np.ndarray) and x.shape == lon.shape
    expected = np.array([fn(a, b) for a, b in points])
    np.testing.assert_allclose(np.column_stack([x, y]), expected, rtol=0, atol=1e-9)


# --- sizes and published values ----------------------------------------------------------------


@pytest.mark.parametrize(
    "fn, low, high",
    [(crs.wgs84_to_gcj02, 400, 600), (crs.wgs84_to_bd09, 1000, 1300)],
)
def test_shift_around_suzhou(fn, low, high):
    assert low < crs.distance_m(*fn(*SUZHOU), *SUZHOU) < high


@pytest.mark.parametrize(
    "wgs, gcj",
    [  # googollee/eviltransform test table (lon, lat)
        ((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),  # Shanghai
        ((113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),  # Shenzhen
        ((116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),  # Beijing
        # wandergis/coordtransform README
        ((116.404, 39.915), (116.41024449916938, 39.91640428150164)),
    ],
)
def test_published_wgs84_to_gcj02_pairs(wgs, gcj):
    assert crs.wgs84_to_gcj02(*wgs) == pytest.approx(gcj, abs=1e-9)
    assert crs.distance_m(*crs.gcj02_to_wgs84(*gcj), *wgs) < 0.01


@pytest.mark.parametrize(
    "fn, given_, expected, tol",
    [  # wandergis/coordtransform README, input (116.404, 39.915)
        (crs.gcj02_to_bd09, (116.404, 39.915), (116.41036949371029, 39.92133699351021), 1e-9),
        (crs.gcj02_to_wgs84_fast, (116.404, 39.915), (116.39775550083061, 39.91359571849836), 1e-9),
        # coordtransform uses the one-step BD inverse; ours is refined, which moves it by about 5 cm.
        (crs.bd09_to_gcj02, (116.404, 39.915), (116.39762729119315, 39.90865673957631), 1e-6),
    ],
)
def test_published_coordtransform_values(fn, given_, expected, tol):
    assert fn(*given_) == pytest.approx(expected, abs=tol)


@pytest.mark.parametrize("point", [(2.35, 48.85), (151.21, -33.87), (139.69, 35.69), (-74.0, 40.7)])
@pytest.mark.parametrize("fn", [crs.wgs84_to_gcj02, crs.gcj02_to_wgs84, crs.gcj02_to_wgs84_fast])
def test_gcj_leaves_points_outside_china_unchanged(fn, point):
    assert fn(*point) == point


def test_scalars_come_back_as_floats():
    lon, lat = crs.wgs84_to_bd09(*SUZHOU)
    assert type(lon) is float and type(lat) is float


# --- frames -------------------------------------------------------------------------------------


@pytest.fixture
def frame() -> gpd.GeoDataFrame:
    ring = [(120.60, 31.20), (120.64, 31.20), (120.64, 31.24), (120.60, 31.20)]
    geoms = [
        Point(SUZHOU),
        LineString([(120.60, 31.20), (120.62, 31.22), (120.65, 31.25)]),
        Polygon(ring, [[(120.62, 31.205), (120.63, 31.205), (120.63, 31.21), (120.62, 31.205)]]),
        MultiPoint([(120.6, 31.2), (120.7, 31.3)]),
        MultiLineString([[(120.6, 31.2), (120.7, 31.3)], [(120.8, 31.4), (120.9, 31.5)]]),
        MultiPolygon([Polygon(ring)]),
    ]
    return gpd.GeoDataFrame({"name": list("abcdef")}, geometry=geoms, crs=crs.WGS84, index=list(range(10, 16)))


@pytest.mark.parametrize(
    "to, point_fn", [("gcj02", crs.wgs84_to_gcj02), ("bd09", crs.wgs84_to_bd09), ("wgs84", lambda x, y: (x, y))]
)
def test_shift_frame_moves_every_vertex_and_keeps_types(frame, to, point_fn):
    before = frame.copy()
    out = crs.shift_frame(frame, to=to)
    assert out.geom_type.tolist() == frame.geom_type.tolist()
    assert out.index.tolist() == frame.index.tolist() and out.crs == frame.crs
    moved = shapely.get_coordinates(out.geometry.values)
    original = shapely.get_coordinates(frame.geometry.values)
    np.testing.assert_allclose(moved, np.column_stack(point_fn(original[:, 0], original[:, 1])), atol=1e-12)
    assert frame.geom_equals_exact(before, tolerance=0).all(), "input was mutated"
    assert out is not frame


@pytest.mark.parametrize("to", ["gcj02", "bd09"])
def test_shift_frame_round_trip(frame, to):
    back = crs.shift_frame(crs.shift_frame(frame, to=to), to="wgs84", frm=to)
    assert back.geom_equals_exact(frame, tolerance=1e-9).all()


@pytest.mark.parametrize("kwargs, bad", [({"to": "gcj"}, "gcj"), ({"to": "gcj02", "frm": "WGS-84"}, "WGS-84")])
def test_shift_frame_rejects_unknown_systems(frame, kwargs, bad):
    with pytest.raises(ValueError, match=f"“{bad}”.*wgs84、gcj02、bd09"):
        crs.shift_frame(frame, **kwargs)


def test_shift_frame_refuses_projected_frames(frame):
    with pytest.raises(ValueError, match="投影坐标"):
        crs.shift_frame(crs.to_metric(frame), to="gcj02")


def test_shift_geometry_keeps_z():
    out = crs.shift_geometry(Point(120.62, 31.22, 4.5), crs.wgs84_to_gcj02)
    assert out.has_z and out.z == 4.5


def test_metric_round_trip_below_a_millimetre(frame):
    metric = crs.to_metric(frame)
    assert metric.crs.to_epsg() == 4549
    back = crs.from_metric(metric)
    assert back.crs.to_epsg() == 4326
    a, b = shapely.get_coordinates(frame.geometry.values), shapely.get_coordinates(back.geometry.values)
    assert crs.distance_m(a[:, 0], a[:, 1], b[:, 0], b[:, 1]).max() < 0.001


def test_metric_lengths_agree_with_haversine():
    line = gpd.GeoDataFrame(geometry=[LineString([SUZHOU, (120.72, 31.30)])], crs=crs.WGS84)
    expected = crs.distance_m(*SUZHOU, 120.72, 31.30)
    assert crs.to_metric(line).length.iloc[0] == pytest.approx(expected, rel=0.005)


@pytest.mark.parametrize("fn", [crs.to_metric, crs.from_metric])
def test_metric_needs_a_crs(fn):
    bare = gpd.GeoDataFrame(geometry=[Point(SUZHOU)])
    with pytest.raises(ValueError, match="没有坐标系"):
        fn(bare)


# --- folium order ---------------------------------------------------------------------------------


@pytest.mark.parametrize("given_", [Point(120.62, 31.22), (120.62, 31.22), [120.62, 31.22], np.array([120.62, 31.22])])
def test_latlon_swaps(given_):
    assert crs.latlon(given_) == (31.22, 120.62)


@pytest.mark.parametrize("bad", [Point(), LineString([(0, 0), (1, 1)]), (31.22, 120.62, 0), (31.22, 120.62), "120,31"])
def test_latlon_rejects(bad):
    with pytest.raises(ValueError):
        crs.latlon(bad)


@pytest.mark.parametrize(
    "given_, expected",
    [
        (LineString([(120.6, 31.2), (120.7, 31.3)]), [(31.2, 120.6), (31.3, 120.7)]),
        ([(120.6, 31.2), (120.7, 31.3)], [(31.2, 120.6), (31.3, 120.7)]),
        (
            MultiLineString([[(120.6, 31.2), (120.7, 31.3)], [(120.8, 31.4), (120.9, 31.5)]]),
            [[(31.2, 120.6), (31.3, 120.7)], [(31.4, 120.8), (31.5, 120.9)]],
        ),
        ([], []),
    ],
)
def test_latlon_list(given_, expected):
    assert crs.latlon_list(given_) == expected


def test_latlon_list_rejects_polygons():
    with pytest.raises(ValueError, match="Polygon"):
        crs.latlon_list(Polygon([(0, 0), (1, 0), (1, 1)]))


# --- spreadsheet text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, axis, expected",
    [
        ("120.62", "lon", 120.62),
        (120.62, "lon", 120.62),
        ("  120.62 ", "lon", 120.62),
        ("-31.5", "lat", -31.5),
        ("120.62°", "lon", 120.62),
        ("120.62E", "lon", 120.62),
        ("E120.62", "lon", 120.62),
        ("120°37'12.5\"E", "lon", 120 + 37 / 60 + 12.5 / 3600),
        ("120°37′12.5″", "lon", 120 + 37 / 60 + 12.5 / 3600),
        ("120°37'12.5''", "lon", 120 + 37 / 60 + 12.5 / 3600),
        ("120度37分12.5秒", "lon", 120 + 37 / 60 + 12.5 / 3600),
        ("东经120度37分12.5秒", "lon", 120 + 37 / 60 + 12.5 / 3600),
        ("东经：120°37′", "lon", 120 + 37 / 60),
        ("116°14'37.289\"E", "lon", 116 + 14 / 60 + 37.289 / 3600),
        ("31°13'N", "lat", 31 + 13 / 60),
        ("北纬31°13.5′", "lat", 31 + 13.5 / 60),
        ("N 31° 13' 0\"", "lat", 31 + 13 / 60),
        ("１２０°３７′１２．５″Ｅ", "lon", 120 + 37 / 60 + 12.5 / 3600),  # full-width
        ("120 37 12.5", "lon", 120 + 37 / 60 + 12.5 / 3600),
        ("120º37'", "lon", 120 + 37 / 60),  # masculine ordinal used as a degree sign
        ("74°0'W", "lon", -74.0),
        ("33°52'S", "lat", -(33 + 52 / 60)),
        ("-120°30'", "lon", -120.5),
        ("180", "lon", 180.0),
    ],
)
def test_parse_coordinate_accepts(text, axis, expected):
    assert crs.parse_coordinate(text, axis) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    "text, axis, reason",
    [
        ("abc", "lon", "格式"),
        ("120,62", "lon", "格式"),
        ("120°60'", "lon", "分应小于 60"),
        ("120°37'60\"", "lon", "秒应小于 60"),
        ("181", "lon", "范围"),
        ("91°N", "lat", "范围"),
        ("31°13'N", "lon", "纬度"),  # a latitude in the longitude column
        ("120.62E", "lat", "经度"),
        ("1237'", "lon", "顺序"),  # minutes without degrees
        ("120.5°30'", "lon", "小数"),
        ("120°37'12\"5", "lon", "顺序"),
        ("E120.62W", "lon", "两个方位"),
        ("-120.62E", "lon", "正负号"),
        ("120 37 12 5", "lon", "顺序"),
    ],
)
def test_parse_coordinate_rejects_and_quotes_the_text(text, axis, reason):
    with pytest.raises(crs.CoordinateError) as caught:
        crs.parse_coordinate(text, axis)
    message = str(caught.value)
    assert f"“{text}”" in message and reason in message and "可接受的格式" in message


def test_parse_coordinate_fails_fast_on_long_junk():
    started = time.perf_counter()
    with pytest.raises(crs.CoordinateError):
        crs.parse_coordinate("1" * 5000 + "x")
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("text", [None, "", "   ", float("nan")])
def test_parse_coordinate_rejects_empty(text):
    with pytest.raises(crs.CoordinateError, match="可接受的格式"):
        crs.parse_coordinate(text, "lon")


def test_parse_coordinate_rejects_unknown_axis():
    with pytest.raises(ValueError, match="lon 或 lat"):
        crs.parse_coordinate("120", "x")


# --- swapped pairs and distances -----------------------------------------------------------------


@pytest.mark.parametrize(
    "given_, expected",
    [
        ((31.22, 120.62), (120.62, 31.22, True)),
        ((120.62, 31.22), (120.62, 31.22, False)),
        ((53.5, 73.5), (73.5, 53.5, True)),
        ((2.35, 48.85), (2.35, 48.85, False)),  # Paris stays put
        ((58.0, 80.5), (58.0, 80.5, False)),  # Franz Josef Land: latitude fits, longitude does not
        ((-74.0, 40.7), (-74.0, 40.7, False)),
    ],
)
def test_fix_swapped(given_, expected):
    assert crs.fix_swapped(*given_) == expected


def test_fix_swapped_arrays():
    lon, lat, swapped = crs.fix_swapped(np.array([31.22, 120.62]), np.array([120.62, 31.22]))
    np.testing.assert_array_equal(lon, [120.62, 120.62])
    np.testing.assert_array_equal(lat, [31.22, 31.22])
    np.testing.assert_array_equal(swapped, [True, False])


@pytest.mark.parametrize(
    "points, expected",
    [
        ((120.0, 31.0, 120.0, 32.0), 111_195.0),  # one degree of latitude on the mean sphere
        ((120.62, 31.22, 120.62, 31.22), 0.0),
        ((0.0, 0.0, 180.0, 0.0), 20_015_115.0),  # half the circumference
    ],
)
def test_distance_m(points, expected):
    assert crs.distance_m(*points) == pytest.approx(expected, abs=1.0)


def test_distance_m_is_vectorised():
    d = crs.distance_m(np.array([120.0, 120.0]), np.array([31.0, 31.0]), 120.0, np.array([32.0, 31.0]))
    np.testing.assert_allclose(d, [111_195.0, 0.0], atol=1.0)
