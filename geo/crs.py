"""Coordinate systems, handled in one place.

Layers are stored and drawn in WGS84 (EPSG:4326) and measured in EPSG:4549 (CGCS2000 / 3-degree
Gauss-Kruger CM 120E, the zone Suzhou sits in). Chinese web maps use two obfuscated systems that no
CRS library knows: GCJ-02 (AMap/Gaode, Tencent) and BD-09 (Baidu). Every WGS84 layer drawn on AMap
tiles must first go through `shift_frame(gdf, to="gcj02")`.

The shift functions take scalars or numpy arrays and return the same kind, so one code path serves a
single clicked point and a 100k-point layer. Folium wants (lat, lon) where shapely has (x=lon, y=lat):
`latlon` and `latlon_list` are the only places that swap.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Callable

import geopandas as gpd
import numpy as np
import shapely

WGS84 = "EPSG:4326"
METRIC = "EPSG:4549"

# Krasovsky 1940 ellipsoid, as used by the published GCJ-02 algorithm.
_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0
_EARTH_RADIUS_M = 6371008.8  # IUGG mean radius

# Box outside which the GCJ-02 functions leave points alone (the usual out_of_china test).
CHINA_BOX = (72.004, 0.8293, 137.8347, 55.8271)  # min lon, min lat, max lon, max lat

# Iterative inverse stops when the forward image is this close (degrees; 1e-9 deg is about 0.1 mm).
_TOLERANCE_DEG = 1e-9
_MAX_ITERATIONS = 30

SYSTEMS = ("wgs84", "gcj02", "bd09")


class CoordinateError(ValueError):
    """A coordinate text or value cannot be read; the message quotes it and lists accepted formats."""


# --- scalar/array plumbing --------------------------------------------------------------------


def _apply(core, lon, lat):
    """Run an array-only transform on scalars or arrays and answer in the kind that was passed."""
    scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
    x, y = np.broadcast_arrays(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    new_x, new_y = core(x, y)
    if scalar:
        return float(new_x), float(new_y)
    return new_x, new_y


def out_of_china(lon, lat):
    """True where the point lies outside the box in which GCJ-02 applies; scalars or arrays."""
    min_lon, min_lat, max_lon, max_lat = CHINA_BOX
    lon, lat = np.asarray(lon), np.asarray(lat)
    outside = (lon < min_lon) | (lon > max_lon) | (lat < min_lat) | (lat > max_lat)
    return bool(outside) if outside.ndim == 0 else outside


# --- GCJ-02 -----------------------------------------------------------------------------------


def wgs84_to_gcj02(lon, lat):
    """WGS84 -> GCJ-02 (AMap/Tencent); points outside China come back unchanged."""
    return _apply(_wgs_to_gcj, lon, lat)


def gcj02_to_wgs84(lon, lat):
    """GCJ-02 -> WGS84, iterated until the forward image is within 0.1 mm; outside China unchanged.

    The offset varies slowly, so each fixed-point step shrinks the error about a thousandfold;
    three or four steps reach the tolerance.
    """
    return _apply(_gcj_to_wgs, lon, lat)


def gcj02_to_wgs84_fast(lon, lat):
    """GCJ-02 -> WGS84 in one step: subtract the offset taken at the GCJ point instead of the WGS one.

    About 1 m off on average; up to 2.3 m around Suzhou and 4.8 m at worst within China. Use it
    only where speed matters more than that.
    """
    return _apply(_gcj_to_wgs_fast, lon, lat)


def _wgs_to_gcj(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d_lon, d_lat = _gcj_offset(lon, lat)
    return lon + d_lon, lat + d_lat


def _gcj_to_wgs_fast(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d_lon, d_lat = _gcj_offset(lon, lat)
    return lon - d_lon, lat - d_lat


def _gcj_to_wgs(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return _invert(_wgs_to_gcj, lon, lat, *_gcj_to_wgs_fast(lon, lat))


def _invert(forward, lon, lat, x, y):
    """Refine a first guess (x, y) until forward(x, y) equals (lon, lat), all points at once."""
    for _ in range(_MAX_ITERATIONS):
        fx, fy = forward(x, y)
        dx, dy = fx - lon, fy - lat
        x, y = x - dx, y - dy
        done = (np.abs(dx) < _TOLERANCE_DEG) & (np.abs(dy) < _TOLERANCE_DEG)
        if np.all(done | np.isnan(dx) | np.isnan(dy)):
            break
    return x, y


def _gcj_offset(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """GCJ-02 minus WGS84 in degrees at a WGS84 point, zero outside China."""
    x, y = lon - 105.0, lat - 35.0
    d_lat, d_lon = _transform_lat(x, y), _transform_lon(x, y)
    rad = np.radians(lat)
    magic = 1.0 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * np.cos(rad) * math.pi)
    outside = out_of_china(lon, lat)
    return np.where(outside, 0.0, d_lon), np.where(outside, 0.0, d_lat)


def _transform_lat(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    pi = math.pi
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
    ret += (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    pi = math.pi
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
    ret += (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    return ret


# --- BD-09 ------------------------------------------------------------------------------------


def gcj02_to_bd09(lon, lat):
    """GCJ-02 -> BD-09 (Baidu), the published formula."""
    return _apply(_gcj_to_bd, lon, lat)


def bd09_to_gcj02(lon, lat):
    """BD-09 -> GCJ-02: the published one-step inverse, refined to 0.1 mm.

    The one-step formula alone is off by up to about 0.2 m; refining makes BD-09 -> WGS84 as exact
    as the GCJ-02 step, so a round trip returns the point it started from.
    """
    return _apply(_bd_to_gcj, lon, lat)


def wgs84_to_bd09(lon, lat):
    """WGS84 -> BD-09 through GCJ-02 (Baidu's shift is defined on top of GCJ-02)."""
    return _apply(lambda x, y: _gcj_to_bd(*_wgs_to_gcj(x, y)), lon, lat)


def bd09_to_wgs84(lon, lat):
    """BD-09 -> WGS84 through GCJ-02, both steps exact to about a millimetre."""
    return _apply(lambda x, y: _gcj_to_wgs(*_bd_to_gcj(x, y)), lon, lat)


def _gcj_to_bd(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    z = np.sqrt(lon * lon + lat * lat) + 0.00002 * np.sin(lat * _X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def _bd_to_gcj(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = lon - 0.0065, lat - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    return _invert(_gcj_to_bd, lon, lat, z * np.cos(theta), z * np.sin(theta))


# --- geometries and frames --------------------------------------------------------------------

_TRANSFORMS = {
    ("wgs84", "gcj02"): wgs84_to_gcj02,
    ("wgs84", "bd09"): wgs84_to_bd09,
    ("gcj02", "wgs84"): gcj02_to_wgs84,
    ("gcj02", "bd09"): gcj02_to_bd09,
    ("bd09", "wgs84"): bd09_to_wgs84,
    ("bd09", "gcj02"): bd09_to_gcj02,
}


def shift_geometry(geom, fn: Callable):
    """Apply a (lon, lat) -> (lon, lat) array function to every vertex of a geometry or geometry array.

    One call to `fn` for all vertices of all geometries; Z values, where present, are kept as they are.
    """

    def per_coords(coords: np.ndarray) -> np.ndarray:
        out = coords.copy()
        out[:, 0], out[:, 1] = fn(coords[:, 0], coords[:, 1])
        return out

    return shapely.transform(geom, per_coords, include_z=None)


def shift_frame(gdf, to: str = "gcj02", frm: str = "wgs84"):
    """A copy of `gdf` with every coordinate moved from system `frm` to system `to`.

    The result keeps its EPSG:4326 label: GCJ-02 and BD-09 are degrees on the same axes, just
    shifted, and folium draws them as such on AMap or Baidu tiles.
    """
    fn = _transform_for(frm, to)
    _check_degrees(gdf)
    out = gdf.copy()
    if fn is None:
        return out
    name = out.geometry.name
    shifted = shift_geometry(np.asarray(out.geometry.values), fn)
    out[name] = gpd.GeoSeries(shifted, index=out.index, crs=out.crs)
    return out


def shift_arrays(lon, lat, to: str = "gcj02", frm: str = "wgs84") -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude arrays moved from system `frm` to system `to` (new arrays; inputs untouched)."""
    fn = _transform_for(frm, to)
    lon, lat = np.array(lon, dtype="float64"), np.array(lat, dtype="float64")
    return (lon, lat) if fn is None else tuple(np.asarray(v, dtype="float64") for v in fn(lon, lat))


def _transform_for(frm: str, to: str):
    for value, role in ((frm, "原坐标系 frm"), (to, "目标坐标系 to")):
        if value not in SYSTEMS:
            raise ValueError(f"未知的{role}“{value}”；可用：{'、'.join(SYSTEMS)}")
    return None if frm == to else _TRANSFORMS[(frm, to)]


def _check_degrees(gdf) -> None:
    if gdf.crs is not None and not gdf.crs.is_geographic:
        raise ValueError(
            f"图层坐标系是 {gdf.crs.to_string()}（投影坐标，单位米），火星/百度坐标偏移只能作用于经纬度；"
            f"请先 from_metric(gdf) 转回 {WGS84}"
        )


def to_metric(gdf):
    """The frame in EPSG:4549 for distances, buffers and areas in metres."""
    _require_crs(gdf, "to_metric")
    return gdf.to_crs(METRIC)


def from_metric(gdf):
    """The frame back in WGS84 (EPSG:4326) for storing and drawing."""
    _require_crs(gdf, "from_metric")
    return gdf.to_crs(WGS84)


def _require_crs(gdf, caller: str) -> None:
    if gdf.crs is None:
        raise ValueError(
            f"{caller}：图层没有坐标系（crs 为空），无法换算为米；"
            f"经纬度数据请先 gdf.set_crs('{WGS84}')，投影数据请设置其实际坐标系（如 {METRIC}）"
        )


# --- folium order -----------------------------------------------------------------------------


def latlon(point_or_xy) -> tuple[float, float]:
    """(lat, lon) for folium from a shapely Point or an (x=lon, y=lat) pair."""
    if isinstance(point_or_xy, shapely.Geometry):
        if point_or_xy.geom_type != "Point" or point_or_xy.is_empty:
            raise ValueError(f"latlon 需要一个非空的点（Point），实际为 {point_or_xy.geom_type}")
        x, y = point_or_xy.x, point_or_xy.y
    else:
        try:
            x, y = point_or_xy
        except (TypeError, ValueError):
            raise ValueError(f"latlon 需要点或 (经度, 纬度) 两个数，实际为：{point_or_xy!r}") from None
    _check_latitudes(np.asarray([y], dtype=float))
    return float(y), float(x)


def latlon_list(coords) -> list:
    """[(lat, lon), ...] for folium from a LineString, ring or sequence of (lon, lat) pairs.

    A MultiLineString gives a list of such lists, which folium.PolyLine draws as separate parts.
    """
    if isinstance(coords, shapely.Geometry):
        if coords.geom_type == "MultiLineString":
            return [latlon_list(part) for part in coords.geoms]
        if coords.geom_type not in ("LineString", "LinearRing"):
            raise ValueError(f"latlon_list 需要线（LineString/MultiLineString）或坐标序列，实际为 {coords.geom_type}")
        coords = shapely.get_coordinates(coords)
    xy = np.asarray(coords, dtype=float)
    if xy.size == 0:
        return []
    if xy.ndim != 2 or xy.shape[1] < 2:
        raise ValueError(f"latlon_list 需要 (经度, 纬度) 坐标对的序列，实际形状为 {xy.shape}")
    _check_latitudes(xy[:, 1])
    return list(zip(xy[:, 1].tolist(), xy[:, 0].tolist()))


def _check_latitudes(lat: np.ndarray) -> None:
    bad = np.abs(lat) > 90
    if bad.any():
        raise ValueError(
            f"纬度 {lat[bad][0]} 超出 -90..90；输入应为 (经度, 纬度)，是否已经交换过顺序或是投影坐标？"
        )


# --- spreadsheet text -------------------------------------------------------------------------

_ACCEPTED = (
    "可接受的格式：十进制度（120.62、-31.5）、度分秒（120°37'12.5\"E、120°37′12.5″、120度37分12.5秒）、"
    "度分（31°13'N、31°13.5′），可带 E/W/N/S 或 东经/西经/北纬/南纬"
)
_AXIS_WORDS = {"lon": "经度", "lat": "纬度"}
_LIMITS = {"lon": 180.0, "lat": 90.0}
_HEMISPHERES = {
    "E": ("lon", 1), "W": ("lon", -1), "N": ("lat", 1), "S": ("lat", -1),
    "东经": ("lon", 1), "西经": ("lon", -1), "北纬": ("lat", 1), "南纬": ("lat", -1),
}
_HEMI = "东经|西经|北纬|南纬|[ENWS]"
_HEMI_PREFIX = re.compile(rf"^({_HEMI})[:：]?\s*")
_HEMI_SUFFIX = re.compile(rf"\s*({_HEMI})$")
_MARK_UNIT = {"°": 0, "度": 0, "'": 1, "分": 1, '"': 2, "秒": 2}
_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([°度'分\"秒]?)")
# Possessive quantifiers: a run of digits is never re-split into parts, which would otherwise make
# a long digit string followed by junk backtrack exponentially.
_PARTS = re.compile(r"(?:\s*+\d++(?:\.\d++)?+\s*+[°度'分\"秒]?+)++\s*+")
# Marks seen in spreadsheets for degrees, minutes and seconds, folded to ° ' ".
_MARKS = str.maketrans({"º": "°", "˚": "°", "′": "'", "’": "'", "‘": "'", "`": "'", "″": '"', "“": '"', "”": '"'})


def parse_coordinate(text, axis: str = "lon") -> float:
    """Decimal degrees from the coordinate text found in Chinese spreadsheets (decimal or DMS).

    A hemisphere mark that contradicts `axis` (31°13'N in a longitude column) is an error, since it
    usually means the columns were swapped.
    """
    if axis not in _AXIS_WORDS:
        raise ValueError(f"axis 应为 lon 或 lat，实际为“{axis}”")
    if isinstance(text, (int, float, np.integer, np.floating)) and not isinstance(text, bool):
        return _check_range(float(text), text, axis)
    if text is None or not str(text).strip():
        raise CoordinateError(f"{_AXIS_WORDS[axis]}为空；{_ACCEPTED}")
    body, sign = _strip_hemisphere(str(text), axis)
    return _check_range(sign * _dms_value(body, text, axis), text, axis)


def _normalise(text: str) -> str:
    # º would become "o" under NFKC, so marks are folded before and after it (″ becomes ′′ under NFKC).
    text = unicodedata.normalize("NFKC", text.translate(_MARKS)).translate(_MARKS)
    return text.replace("''", '"').strip().upper()


def _strip_hemisphere(raw: str, axis: str) -> tuple[str, int]:
    body = _normalise(raw)
    found = []
    for pattern in (_HEMI_PREFIX, _HEMI_SUFFIX):
        match = pattern.search(body)
        if match:
            found.append(match.group(1))
            body = pattern.sub("", body, count=1)
    if len(found) > 1:
        _fail(raw, axis, f"同时写了两个方位标记（{'、'.join(found)}）")
    if not found:
        return body, 1
    mark_axis, sign = _HEMISPHERES[found[0]]
    if mark_axis != axis:
        _fail(raw, axis, f"方位“{found[0]}”表示{_AXIS_WORDS[mark_axis]}，经纬度是否填反了")
    if body.startswith(("-", "+")):
        _fail(raw, axis, "正负号与方位标记不能同时使用")
    return body, sign


def _dms_value(body: str, raw, axis: str) -> float:
    """Degrees from "120°37'12.5\"", "120度37分", "120 37 12.5" or "120.62" (sign allowed)."""
    sign = -1.0 if body.startswith("-") else 1.0
    body = body.lstrip("+-")
    if not _PARTS.fullmatch(body):
        _fail(raw, axis, "格式无法识别")
    parts = _PART.findall(body)
    units = _units(parts, raw, axis)
    for number, _ in parts[:-1]:
        if "." in number:
            _fail(raw, axis, f"只有最后一项可以带小数（{number}）")
    values = dict(zip(units, (float(number) for number, _ in parts)))
    for unit, word in ((1, "分"), (2, "秒")):
        if values.get(unit, 0.0) >= 60:
            _fail(raw, axis, f"{word}应小于 60，实际为 {values[unit]:g}")
    return sign * (values[0] + values.get(1, 0.0) / 60 + values.get(2, 0.0) / 3600)


def _units(parts: list[tuple[str, str]], raw, axis: str) -> list[int]:
    """0 degrees, 1 minutes, 2 seconds for each part: from its mark, or the next after the previous."""
    units, previous = [], -1
    for _, mark in parts:
        unit = _MARK_UNIT[mark] if mark else previous + 1
        if unit != previous + 1 or unit > 2:
            _fail(raw, axis, "度、分、秒的顺序不对或缺少度")
        units.append(unit)
        previous = unit
    return units


def _check_range(value: float, raw, axis: str) -> float:
    if not math.isfinite(value) or abs(value) > _LIMITS[axis]:
        _fail(raw, axis, f"超出范围 -{_LIMITS[axis]:g}..{_LIMITS[axis]:g}")
    return value


def _fail(raw, axis: str, reason: str):
    raise CoordinateError(f"无法识别{_AXIS_WORDS[axis]}“{raw}”：{reason}。{_ACCEPTED}")


def fix_swapped(lon, lat):
    """(lon, lat, swapped): pairs whose values only make sense in China the other way round are swapped.

    A "latitude" of 73–136 with a "longitude" of 3–54 is taken as swapped (no point in China reads
    that way). Arrays are handled element by element and `swapped` is then a boolean array.
    """
    scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
    x, y = np.broadcast_arrays(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    swapped = (y >= 73) & (y <= 136) & (x >= 3) & (x <= 54)
    new_lon, new_lat = np.where(swapped, y, x), np.where(swapped, x, y)
    if scalar:
        return float(new_lon), float(new_lat), bool(swapped)
    return new_lon, new_lat, swapped


def distance_m(lon1, lat1, lon2, lat2):
    """Great-circle (haversine) distance in metres on the mean-radius sphere; scalars or arrays."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    d = 2 * _EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return float(d) if np.ndim(d) == 0 else d
