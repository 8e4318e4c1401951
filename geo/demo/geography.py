"""Land for the demo: the real district outlines and GSHHG lakes, the approximate 苏州工业园区, the masks
of land where generated points may fall, and vectorised rejection sampling inside them.

Everything here is computed from the two real files in `data/` and is the same on every call; the
result of `load` is cached and must not be mutated.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.ops import substring

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DISTRICTS_FILE = "suzhou_districts.geojson"
LAKES_FILE = "suzhou_lakes_gshhg.geojson"

SIP = "苏州工业园区"
SIP_ADCODE = "320571"
SIP_BOX = (120.655, 31.245, 120.80, 31.44)

# Order used for every per-district loop, so that output does not depend on file order.
DISTRICTS = ("姑苏区", "虎丘区", "吴中区", "相城区", "吴江区", SIP, "常熟市", "张家港市", "昆山市", "太仓市")
ADCODES = {
    "虎丘区": "320505", "吴中区": "320506", "相城区": "320507", "姑苏区": "320508", "吴江区": "320509",
    "常熟市": "320581", "张家港市": "320582", "昆山市": "320583", "太仓市": "320585", SIP: SIP_ADCODE,
}
SHORT = {
    "姑苏区": "姑苏", "虎丘区": "高新区", "吴中区": "吴中", "相城区": "相城", "吴江区": "吴江", SIP: "园区",
    "常熟市": "常熟", "张家港市": "张家港", "昆山市": "昆山", "太仓市": "太仓",
}
FARM_DISTRICTS = ("张家港市", "常熟市", "太仓市", "昆山市", "吴江区")

# Lakes of the GSHHG file, named by the lake their polygon contains (names assigned by location).
LAKE_NAMES = (
    ("太湖", (120.20, 31.20)),
    ("阳澄湖", (120.77, 31.42)),
    ("淀山湖", (120.94, 31.11)),
    ("滆湖", (119.80, 31.58)),
    ("长江扬中段（GSHHG 记为湖泊）", (119.76, 32.24)),
    ("长江扬中夹江段（GSHHG 记为湖泊）", (119.903, 32.027)),
)

# Where the city's outline leaves the land and runs along the Yangtze (mid-channel), from the 江阴 border
# to the 上海 border. Administrative outlines reach the middle of the river; generated points and river
# lines keep `YANGTZE_STRIP_DEG` away from that line, which puts them roughly on the south bank.
YANGTZE_ENDS = ((120.375, 31.93), (121.337, 31.51))
YANGTZE_STRIP_DEG = 0.03

# Small lakes that GSHHG does not have; kept free of generated points (centre lon, lat, radius km; approximate).
UNMAPPED_WATER = (
    ("金鸡湖", 120.700, 31.318, 1.4),
    ("独墅湖", 120.735, 31.265, 1.5),
    ("澄湖", 120.865, 31.205, 3.2),
    ("昆承湖", 120.795, 31.615, 2.2),
    ("尚湖", 120.690, 31.650, 1.6),
)

# Town centres per district (approximate, WGS84): clusters for enterprises, bases for teams, names for places.
# The first town of each district is its seat.
TOWNS: dict[str, tuple[tuple[str, float, float], ...]] = {
    "姑苏区": (("姑苏城区", 120.620, 31.305), ("金阊", 120.590, 31.320), ("沧浪", 120.610, 31.285)),
    "虎丘区": (("狮山", 120.565, 31.300), ("浒墅关", 120.490, 31.370), ("通安", 120.440, 31.330),
              ("科技城", 120.430, 31.330), ("枫桥", 120.545, 31.320)),
    "吴中区": (("长桥", 120.610, 31.265), ("木渎", 120.515, 31.260), ("越溪", 120.595, 31.225),
              ("郭巷", 120.690, 31.232), ("甪直", 120.860, 31.262), ("胥口", 120.470, 31.230),
              ("临湖", 120.480, 31.180), ("光福", 120.420, 31.270)),
    "相城区": (("元和", 120.640, 31.375), ("黄埭", 120.545, 31.430), ("渭塘", 120.625, 31.445),
              ("北桥", 120.620, 31.490), ("望亭", 120.440, 31.440), ("太平", 120.705, 31.455)),
    "吴江区": (("松陵", 120.640, 31.160), ("同里", 120.720, 31.160), ("平望", 120.640, 30.990),
              ("盛泽", 120.650, 30.920), ("震泽", 120.500, 30.920), ("黎里", 120.750, 31.020),
              ("汾湖", 120.850, 31.000), ("桃源", 120.500, 30.830)),
    SIP: (("湖西", 120.680, 31.310), ("湖东", 120.730, 31.320), ("娄葑", 120.670, 31.290),
          ("唯亭", 120.785, 31.360), ("胜浦", 120.780, 31.310), ("斜塘", 120.720, 31.290)),
    "常熟市": (("虞山", 120.750, 31.655), ("梅李", 120.870, 31.640), ("支塘", 120.915, 31.580),
              ("辛庄", 120.660, 31.555), ("海虞", 120.830, 31.730), ("古里", 120.830, 31.620),
              ("沙家浜", 120.820, 31.560), ("董浜", 120.900, 31.680)),
    "张家港市": (("杨舍", 120.550, 31.870), ("金港", 120.440, 31.920), ("锦丰", 120.630, 31.930),
                ("塘桥", 120.620, 31.800), ("凤凰", 120.640, 31.730), ("乐余", 120.720, 31.880),
                ("南丰", 120.770, 31.860), ("大新", 120.560, 31.950)),
    "昆山市": (("玉山", 120.980, 31.385), ("周市", 121.000, 31.440), ("陆家", 121.050, 31.320),
              ("花桥", 121.100, 31.300), ("张浦", 120.930, 31.280), ("千灯", 121.000, 31.250),
              ("巴城", 120.880, 31.440), ("淀山湖镇", 120.990, 31.170), ("周庄", 120.850, 31.120)),
    "太仓市": (("城厢", 121.110, 31.450), ("沙溪", 121.060, 31.550), ("浮桥", 121.070, 31.610),
              ("璜泾", 121.080, 31.660), ("浏河", 121.260, 31.500), ("双凤", 121.020, 31.500),
              ("港区", 121.160, 31.590)),
}
# Towns that are 街道 (sub-districts) rather than 镇 (towns).
STREETS = frozenset({"姑苏城区", "金阊", "沧浪", "狮山", "枫桥", "长桥", "越溪", "郭巷", "元和", "松陵", "湖西", "湖东",
                     "娄葑", "斜塘", "唯亭", "胜浦", "虞山", "杨舍", "玉山", "城厢"})
TOWN_CORE_KM = {"张家港市": 5.0, "常熟市": 5.0, "太仓市": 4.0, "昆山市": 6.0, "吴江区": 4.5}

KM_LAT = 1 / 111.0
KM_LON = 1 / (111.0 * np.cos(np.radians(31.3)))


@dataclass(frozen=True)
class Geography:
    districts: gpd.GeoDataFrame  # the districts layer: adcode, name, name_en, kind, geometry
    lakes: gpd.GeoDataFrame  # the lakes layer: lake_id, name, area_km2, geometry
    land: dict  # district name -> polygon where points may fall (no lake, no Yangtze, no small lake)
    river_land: dict  # district name -> polygon rivers may run through (no GSHHG lake, no Yangtze)
    farmland: dict  # farm district name -> land outside town cores
    water: object  # everything points must avoid, one geometry

    def district_of(self, xy: np.ndarray) -> np.ndarray:
        """The district whose land holds each point, or '' where none does."""
        out = np.full(len(xy), "", dtype=object)
        for name in DISTRICTS:
            inside = shapely.contains_xy(self.land[name], xy[:, 0], xy[:, 1])
            out[inside & (out == "")] = name
        return out


@lru_cache(maxsize=4)
def load(data_dir: str = str(DATA_DIR)) -> Geography:
    """Districts (with the approximate SIP), lakes and land masks from the real files in `data_dir`."""
    raw = gpd.read_file(Path(data_dir) / DISTRICTS_FILE).set_index("name")
    lakes = _lakes_layer(gpd.read_file(Path(data_dir) / LAKES_FILE))
    lake_union = shapely.union_all(lakes.geometry.values)
    districts = _districts_layer(raw, lake_union)
    yangtze = _yangtze_strip(districts)
    small = shapely.union_all([Point(x, y).buffer(r * KM_LAT) for _, x, y, r in UNMAPPED_WATER])
    water = shapely.union_all([lake_union, yangtze, small])
    land, river_land, farmland = {}, {}, {}
    for name, geom in zip(districts["name"], districts.geometry):
        land[name] = _prepared(_clean(geom.difference(water)))
        river_land[name] = _prepared(_clean(geom.difference(shapely.union_all([lake_union, yangtze]))))
        if name in FARM_DISTRICTS:
            cores = shapely.union_all(
                [Point(x, y).buffer(TOWN_CORE_KM[name] * KM_LAT * (1.0 if i == 0 else 0.45))
                 for i, (_, x, y) in enumerate(TOWNS[name])]
            )
            farmland[name] = _prepared(_clean(land[name].difference(cores)))
    return Geography(districts, lakes, land, river_land, farmland, _prepared(water))


def _lakes_layer(raw: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    names = []
    for geom in raw.geometry:
        hits = [name for name, (x, y) in LAKE_NAMES if geom.contains(Point(x, y))]
        names.append(hits[0] if hits else "未命名湖泊")
    out = gpd.GeoDataFrame(
        {
            "lake_id": [f"L{i + 1:02d}" for i in range(len(raw))],
            "name": names,
            "area_km2": raw["area_km2"].round(2).to_numpy(),
        },
        geometry=[MultiPolygon([g]) if g.geom_type == "Polygon" else g for g in raw.geometry],
        crs="EPSG:4326",
    )
    return out


def _districts_layer(raw: gpd.GeoDataFrame, lakes) -> gpd.GeoDataFrame:
    """The 9 real districts, with 苏州工业园区 carved out of 吴中区 and 虎丘区 (approximate).

    SIP = (吴中区 ∩ box ∪ the eastern exclave of 虎丘区) − lakes; 吴中区 loses the whole box and 虎丘区 its
    exclave, so no two zones overlap (the part of 阳澄湖 inside the box belongs to neither)."""
    sip_box = box(*SIP_BOX)
    huqiu_parts = sorted(raw.geometry["虎丘区"].geoms, key=lambda g: g.area)
    exclave, huqiu_main = huqiu_parts[0], shapely.union_all(huqiu_parts[1:])
    wuzhong = raw.geometry["吴中区"]
    rest = _polygons(_clean(wuzhong.difference(sip_box).difference(exclave)))
    main = max(rest, key=lambda g: g.area)  # pieces cut off from the main body (slivers by 姑苏区) go to SIP
    cut_off = [g for g in rest if g is not main]
    sip = _clean(shapely.union_all([wuzhong.intersection(sip_box), exclave, *cut_off]).difference(lakes))
    geoms = {name: raw.geometry[name] for name in raw.index}
    geoms["吴中区"] = main
    geoms["虎丘区"] = _clean(huqiu_main)
    geoms[SIP] = sip
    rows = []
    for name in DISTRICTS:
        en = "Suzhou Industrial Park (SIP)" if name == SIP else str(raw.loc[name, "name_en"])
        kind = "zone" if name == SIP else "district"
        rows.append({"adcode": ADCODES[name], "name": name, "name_en": en, "kind": kind,
                     "geometry": _multi(geoms[name])})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _yangtze_strip(districts: gpd.GeoDataFrame):
    """A band along the part of the city outline that runs in the Yangtze."""
    city = shapely.union_all(districts.geometry.values)
    outer = max(getattr(city, "geoms", [city]), key=lambda g: g.area)
    ring = shapely.LineString(outer.exterior.coords)
    a, b = (ring.project(Point(p)) for p in YANGTZE_ENDS)
    lo, hi = min(a, b), max(a, b)
    inner = substring(ring, lo, hi)
    wrap = shapely.line_merge(shapely.union_all([substring(ring, hi, ring.length), substring(ring, 0, lo)]))
    along = inner if inner.length <= wrap.length else wrap
    return along.buffer(YANGTZE_STRIP_DEG)


def _clean(geom, min_area: float = 1e-6):
    """Valid polygons only, without slivers below `min_area` square degrees (~0.01 km²)."""
    geom = shapely.make_valid(geom)
    parts = [g for g in _polygons(geom) if g.area >= min_area]
    return MultiPolygon(parts) if len(parts) != 1 else parts[0]


def _polygons(geom):
    if isinstance(geom, Polygon):
        return [geom]
    return [p for g in getattr(geom, "geoms", []) for p in _polygons(g)]


def _multi(geom):
    return geom if isinstance(geom, MultiPolygon) else MultiPolygon([geom])


def _prepared(geom):
    shapely.prepare(geom)
    return geom


# --- sampling -----------------------------------------------------------------------------------


def sample_points(
    rng: np.random.Generator,
    region,
    n: int,
    centers: np.ndarray | None = None,
    spread_km: float = 2.5,
    clustered: float = 0.7,
    decimals: int = 6,
) -> np.ndarray:
    """`n` points (lon, lat rounded to `decimals`) inside `region`: a share `clustered` drawn around
    `centers` (normal, `spread_km`), the rest uniform over the region's bounding box; rejection in batches."""
    if n <= 0:
        return np.empty((0, 2))
    x0, y0, x1, y1 = region.bounds
    got: list[np.ndarray] = []
    have = 0
    for _ in range(200):
        k = max(4 * (n - have), 64)
        xy = np.column_stack([rng.uniform(x0, x1, k), rng.uniform(y0, y1, k)])
        if centers is not None and len(centers):
            near = rng.random(k) < clustered
            pick = centers[rng.integers(0, len(centers), k)]
            jitter = rng.normal(0.0, spread_km, (k, 2)) * [KM_LON, KM_LAT]
            xy[near] = pick[near] + jitter[near]
        xy = np.round(xy, decimals)
        ok = shapely.contains_xy(region, xy[:, 0], xy[:, 1])
        got.append(xy[ok])
        have += int(ok.sum())
        if have >= n:
            break
    else:
        raise RuntimeError(f"在区域内只取到 {have} 个点，需要 {n} 个")
    return np.concatenate(got)[:n]


def sample_near(rng: np.random.Generator, region, anchors: np.ndarray, min_km: float, max_km: float) -> np.ndarray:
    """One point inside `region` for each anchor, `min_km`..`max_km` from it (falls back to the anchor's
    nearest accepted candidate after many tries)."""
    out = np.empty_like(anchors, dtype=float)
    todo = np.arange(len(anchors))
    for _ in range(100):
        if not len(todo):
            break
        angle = rng.uniform(0, 2 * np.pi, len(todo))
        dist = rng.uniform(min_km, max_km, len(todo))
        xy = anchors[todo] + np.column_stack([np.cos(angle) * dist * KM_LON, np.sin(angle) * dist * KM_LAT])
        xy = np.round(xy, 6)
        ok = shapely.contains_xy(region, xy[:, 0], xy[:, 1])
        out[todo[ok]] = xy[ok]
        todo = todo[~ok]
    if len(todo):
        raise RuntimeError(f"{len(todo)} 个点在给定范围内找不到陆地位置")
    return out


def town_centers(district: str) -> np.ndarray:
    return np.array([(x, y) for _, x, y in TOWNS[district]])
