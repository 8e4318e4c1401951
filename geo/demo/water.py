"""Water for the demo: an illustrative river network (courses after the real rivers, not surveyed),
monitoring sections, discharge outlets, and water samples generated to a chosen GB 3838 class.

Rivers are polylines through hand-picked waypoints, clipped to land (no GSHHG lake, no Yangtze), cut
at district borders into reaches, and chained with `flows_into`. A river that leaves a lake starts at
the shore; a tributary ends on the river it joins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Point

from geo.demo import geography
from geo.demo.geography import DISTRICTS, SIP

SOURCE_RIVER = "示例数据：示意河道（走向参照真实河流，非测绘成果）"
SOURCE = "示例数据（生成）"
MIN_REACH_DEG = 0.005  # pieces shorter than ~500 m (slivers along a border) are dropped

GUAJING = "瓜泾口北"
GUAJING_AT = (120.6243, 31.2285)  # on the canal, 吴中区, just north of the 吴江区 border at 瓜泾口
WUZHONG_TRIBUTARIES = ("跃进河", "西塘河", "古塘河", "钢铁桥河", "黄泥浜", "泥河头港", "四号河")


@dataclass(frozen=True)
class River:
    code: str
    name: str
    kind: str  # 干流 / 支流 / 支浜
    target: int  # water-quality target class 1..5
    waypoints: tuple
    into: str | None = None  # code of the river it joins (None: leaves the city or enters the Yangtze)
    from_lake: str | None = None  # name of the lake it leaves: the course starts at that shore
    names: dict = field(default_factory=dict)  # district -> local name (娄江 is 浏河 in 太仓)


RIVERS = (
    River("JH", "京杭运河", "干流", 3, (
        (120.415, 31.475), (120.45, 31.45), (120.50, 31.38), (120.56, 31.32), (120.57, 31.27),
        (120.62, 31.25), (120.625, 31.225), (120.65, 31.16), (120.64, 30.99), (120.70, 30.85))),
    River("WS", "吴淞江", "干流", 3, (
        (120.58, 31.18), (120.626, 31.219), (120.645, 31.2185), (120.657, 31.2185), (120.70, 31.226),
        (120.74, 31.232), (120.76, 31.2315), (120.78, 31.236), (120.80, 31.245), (120.83, 31.256),
        (120.86, 31.265), (120.88, 31.272), (120.95, 31.283), (121.02, 31.29), (121.10, 31.295),
        (121.16, 31.30)), from_lake="太湖"),
    River("TP", "太浦河", "干流", 2, (
        (120.50, 30.99), (120.56, 30.995), (120.62, 30.99), (120.66, 30.985), (120.72, 31.0),
        (120.78, 31.01), (120.84, 31.015), (120.92, 31.02)), from_lake="太湖"),
    River("WY", "望虞河", "干流", 3, (
        (120.40, 31.43), (120.45, 31.437), (120.50, 31.435), (120.55, 31.46), (120.59, 31.50),
        (120.612, 31.545), (120.65, 31.59),
        (120.70, 31.64), (120.74, 31.70), (120.79, 31.75), (120.86, 31.82)), from_lake="太湖"),
    River("LJ", "娄江", "干流", 3, (
        (120.636, 31.322), (120.67, 31.325), (120.72, 31.335), (120.78, 31.345), (120.85, 31.36),
        (120.92, 31.375), (120.98, 31.39), (121.05, 31.415), (121.09, 31.425), (121.12, 31.445), (121.20, 31.485),
        (121.28, 31.51), (121.36, 31.54)), names={"太仓市": "浏河"}),
    River("ZJ", "张家港河", "干流", 3, (
        (120.74, 31.68), (120.70, 31.73), (120.66, 31.78), (120.61, 31.83), (120.58, 31.88),
        (120.56, 31.93), (120.55, 32.0))),
    River("WC", "外城河", "支流", 3, (
        (120.636, 31.322), (120.600, 31.322), (120.594, 31.300), (120.597, 31.285), (120.585, 31.276)),
        into="JH"),
    River("XJ", "胥江", "支流", 3, ((120.44, 31.225), (120.50, 31.245), (120.54, 31.262), (120.565, 31.268)),
          into="JH", from_lake="太湖"),
    River("HG", "浒光运河", "支流", 3, ((120.37, 31.29), (120.40, 31.31), (120.44, 31.335), (120.47, 31.36),
                                    (120.495, 31.378)),
          into="JH", from_lake="太湖"),
    River("DT", "頔塘", "支流", 3, ((120.36, 30.90), (120.45, 30.92), (120.52, 30.94), (120.60, 30.975),
                                  (120.635, 30.99)), into="JH"),
    River("YH", "元和塘", "支流", 3, ((120.72, 31.62), (120.68, 31.55), (120.64, 31.48), (120.625, 31.40),
                                   (120.63, 31.35), (120.636, 31.325)), into="LJ"),
    River("QQ", "青秋浦", "支流", 3, ((120.745, 31.25), (120.75, 31.29), (120.755, 31.33), (120.757, 31.342)),
          into="LJ"),
    River("QY", "青阳港", "支流", 3, ((120.87, 31.45), (120.93, 31.41), (120.97, 31.38), (120.98, 31.33),
                                   (120.99, 31.29)), into="WS", from_lake="阳澄湖"),
    River("QP", "七浦塘", "支流", 3, ((120.80, 31.47), (120.88, 31.52), (120.96, 31.56), (121.04, 31.60),
                                   (121.12, 31.64), (121.20, 31.70)), from_lake="阳澄湖"),
    River("YL", "杨林塘", "支流", 3, ((120.90, 31.45), (120.98, 31.48), (121.06, 31.52), (121.14, 31.56),
                                   (121.22, 31.62)), from_lake="阳澄湖"),
    River("CH", "常浒河", "支流", 3, ((120.76, 31.665), (120.80, 31.70), (120.84, 31.74), (120.88, 31.78),
                                   (120.92, 31.82))),
    River("EG", "二干河", "支流", 3, ((120.52, 31.80), (120.50, 31.86), (120.48, 31.92), (120.47, 31.98))),
    # The seven tributaries of the canal checked in 吴中's 瓜泾口北 push (names from the bulletin,
    # courses invented): all end on the canal reach of 瓜泾口北, upstream of the section.
    River("YJ", "跃进河", "支流", 4, ((120.585, 31.205), (120.600, 31.214), (120.612, 31.236), (120.617, 31.240)),
          into="JH"),
    River("HN", "黄泥浜", "支浜", 4, ((120.593, 31.226), (120.601, 31.2255), (120.605, 31.2255)), into="YJ"),
    River("XT", "西塘河", "支流", 4, ((120.597, 31.238), (120.600, 31.250), (120.601, 31.255)), into="JH"),
    River("GT", "古塘河", "支流", 4, ((120.690, 31.240), (120.665, 31.2415), (120.640, 31.2435), (120.625, 31.244)),
          into="JH"),
    River("NH", "泥河头港", "支浜", 4, ((120.672, 31.2335), (120.662, 31.2365), (120.657, 31.240)), into="GT"),
    River("SH", "四号河", "支流", 4, ((120.662, 31.2305), (120.645, 31.232), (120.630, 31.2333)), into="JH"),
    River("GQ", "钢铁桥河", "支流", 4, ((120.600, 31.207), (120.612, 31.222), (120.618, 31.2295)), into="JH"),
)

# --- rivers -------------------------------------------------------------------------------------


def rivers(geo: geography.Geography) -> gpd.GeoDataFrame:
    """Reaches of every river in `RIVERS`, cut at district borders and chained downstream."""
    rows: list[dict] = []
    lines: dict[str, object] = {}
    for river in RIVERS:
        course = _course(river, geo, lines)
        pieces = _pieces(course, geo)
        if not pieces:
            raise RuntimeError(f"河道“{river.name}”不在苏州陆地上，请检查走向点")
        lines[river.code] = shapely.union_all([p for _, p in pieces])
        ids = [f"R{river.code}{i + 1:02d}" for i in range(len(pieces))]
        end_into = _joined_reach(river, course, rows) if river.into else None
        for i, (district, piece) in enumerate(pieces):
            rows.append({
                "reach_id": ids[i],
                "name": river.names.get(district, river.name),
                "kind": river.kind,
                "flows_into": ids[i + 1] if i + 1 < len(ids) else end_into,
                "district": district,
                "target_class": river.target,
                "source": SOURCE_RIVER,
                "geometry": piece,
            })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _course(river: River, geo, lines: dict) -> LineString:
    pts = [Point(p) for p in river.waypoints]
    if river.from_lake:
        lake = geo.lakes.loc[geo.lakes["name"] == river.from_lake].geometry.iloc[0]
        pts[0] = shapely.ops.nearest_points(lake.boundary, pts[1])[0]
    if river.into:
        target = lines[river.into]
        pts.append(target.interpolate(target.project(pts[-1])))
    return LineString(pts)


def _pieces(course: LineString, geo) -> list[tuple[str, LineString]]:
    """(district, piece) along the course, oriented downstream, in downstream order."""
    found = []
    for district in DISTRICTS:
        part = shapely.line_merge(course.intersection(geo.river_land[district]))
        for piece in getattr(part, "geoms", [part]):
            if piece.is_empty or piece.geom_type != "LineString" or piece.length < MIN_REACH_DEG:
                continue
            a = course.project(Point(piece.coords[0]))
            b = course.project(Point(piece.coords[-1]))
            if a > b:
                piece, a, b = LineString(piece.coords[::-1]), b, a
            found.append(((a + b) / 2, district, piece))
    found.sort(key=lambda t: t[0])
    return [(district, piece) for _, district, piece in found]


def _joined_reach(river: River, course: LineString, rows: list[dict]) -> str:
    """The reach of the river joined whose line is nearest to where `river` ends."""
    end = Point(course.coords[-1])
    prefix = f"R{river.into}"
    candidates = [r for r in rows if r["reach_id"].startswith(prefix) and r["reach_id"][len(prefix):].isdigit()]
    best = min(candidates, key=lambda r: r["geometry"].distance(end))
    return best["reach_id"]


def reaches_of(rivers_frame: pd.DataFrame, code: str) -> pd.DataFrame:
    ids = rivers_frame["reach_id"]
    return rivers_frame[ids.str.fullmatch(f"R{code}\\d\\d")]


# --- points on reaches --------------------------------------------------------------------------


def point_on(reach, district_geom, lakes, rng: np.random.Generator, lo=0.15, hi=0.85) -> Point:
    """A point on the reach line strictly inside its district and outside every lake."""
    for _ in range(50):
        p = reach.interpolate(rng.uniform(lo, hi), normalized=True)
        p = Point(round(p.x, 6), round(p.y, 6))
        if district_geom.contains(p) and not lakes.intersects(p):
            return p
    raise RuntimeError("河段上找不到位于本区陆地上的点")


# --- sections -----------------------------------------------------------------------------------

_SECTION_SUFFIX = ("大桥", "桥", "闸", "渡口", "上游", "下游")


def sections(rng: np.random.Generator, rivers_frame: gpd.GeoDataFrame, geo) -> gpd.GeoDataFrame:
    """A few sections per district (国考/省考 on main rivers, 市考 on tributaries), 瓜泾口北 among them,
    and one 市考 section on each of 吴中's seven tributaries."""
    polys = geo.districts.set_index("name").geometry
    lakes = shapely.union_all(geo.lakes.geometry.values)
    rows = [_guajing(rivers_frame)]
    used = {GUAJING}
    tributary_reaches = set(rivers_frame.loc[rivers_frame["name"].isin(WUZHONG_TRIBUTARIES), "reach_id"])
    for district in DISTRICTS:
        mine = rivers_frame[(rivers_frame["district"] == district) & ~rivers_frame["reach_id"].isin(tributary_reaches)]
        mine = mine.assign(_len=shapely.length(mine.geometry.values), _main=(mine["kind"] == "干流"))
        mine = mine.sort_values(["_main", "_len", "reach_id"], ascending=[False, False, True])
        wanted = 2 if district in ("姑苏区", SIP) else 3
        national_done = district == "吴中区"  # 瓜泾口北 is 吴中's national section
        for reach in mine.head(wanted).itertuples():
            point = point_on(reach.geometry, polys[district], lakes, rng, 0.3, 0.7)
            level = "市考" if reach.kind != "干流" else ("国考" if not national_done else "省考")
            national_done = national_done or level == "国考"
            name = _section_name(rng, reach.name, point, district, used)
            rows.append(_section_row(name, reach, level, district, point))
    for reach in rivers_frame[rivers_frame["reach_id"].isin(tributary_reaches)].sort_values("reach_id").itertuples():
        point = point_on(reach.geometry, polys[reach.district], lakes, rng, 0.25, 0.45)
        name = f"{reach.name}{'入河口' if reach.kind == '支浜' else '入运河口'}"
        used.add(name)
        rows.append(_section_row(name, reach, "市考", reach.district, point, target=4))
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    out.insert(0, "section_id", [f"DM{i + 1:03d}" for i in range(len(out))])
    return out


def _guajing(rivers_frame) -> dict:
    canal = reaches_of(rivers_frame, "JH")
    canal = canal[canal["district"] == "吴中区"]
    p = Point(GUAJING_AT)
    reach = canal.iloc[int(np.argmin(shapely.distance(canal.geometry.values, p)))]
    on = reach.geometry.interpolate(reach.geometry.project(p))
    point = Point(round(on.x, 6), round(on.y, 6))
    return {"name": GUAJING, "reach_id": reach["reach_id"], "level": "国考", "target_class": 3,
            "district": "吴中区", "source": "示例数据：断面名称取自公报，位置为推定", "geometry": point}


def _section_row(name, reach, level, district, point, target=None) -> dict:
    return {"name": name, "reach_id": reach.reach_id, "level": level,
            "target_class": int(target or reach.target_class), "district": district,
            "source": SOURCE, "geometry": point}


def _section_name(rng, river_name, point, district, used: set) -> str:
    towns = geography.TOWNS[district]
    d = [(x - point.x) ** 2 + (y - point.y) ** 2 for _, x, y in towns]
    town = towns[int(np.argmin(d))][0]
    for suffix in rng.permutation(_SECTION_SUFFIX):
        for name in (f"{town}{suffix}", f"{river_name}{town}{suffix}"):
            if name not in used:
                used.add(name)
                return name
    raise RuntimeError(f"断面名称用尽：{district} {river_name}")


# --- outlets ------------------------------------------------------------------------------------

OUTLET_STATUS_P = {"正常": 0.58, "疑似直排": 0.05, "整治中": 0.17, "已整治": 0.20}
OUTLET_TYPE_P = {"工业排污口": 0.40, "城镇污水处理厂排污口": 0.08, "农业排口": 0.17, "其他排口": 0.35}


def outlet_sites(rng: np.random.Generator, rivers_frame: gpd.GeoDataFrame, geo, per_km: float = 0.25) -> pd.DataFrame:
    """Outlet positions and types along the reaches (about `per_km` per km; more on 吴中's tributaries,
    where all four types and several suspected direct discharges are present). Owners come later."""
    polys = geo.districts.set_index("name").geometry
    lakes = shapely.union_all(geo.lakes.geometry.values)
    rows = []
    for reach in rivers_frame.sort_values("reach_id").itertuples():
        km = reach.geometry.length * 100.0
        special = reach.name in WUZHONG_TRIBUTARIES
        n = 5 if special else int(rng.poisson(km * per_km))
        types = list(OUTLET_TYPE_P)
        kinds = rng.choice(types, size=n, p=list(OUTLET_TYPE_P.values()))
        status = rng.choice(list(OUTLET_STATUS_P), size=n, p=list(OUTLET_STATUS_P.values()))
        if special:
            kinds, status = _tributary_outlets(reach.name)
        for kind, stat in zip(kinds, status):
            p = point_on(reach.geometry, polys[reach.district], lakes, rng, 0.05, 0.95)
            rows.append({"type": str(kind), "status": str(stat), "reach_id": reach.reach_id, "district": reach.district,
                         "river": reach.name, "x": p.x, "y": p.y})
    out = pd.DataFrame(rows)
    out.insert(0, "outlet_id", [f"PK{i + 1:04d}" for i in range(len(out))])
    return out


def _tributary_outlets(name: str) -> tuple[list[str], list[str]]:
    """Five outlets on each of 吴中's tributaries: every type present, suspected direct discharge on most."""
    wwtp = name in ("跃进河", "古塘河")
    kinds = ["工业排污口", "城镇污水处理厂排污口" if wwtp else "工业排污口", "农业排口", "其他排口", "工业排污口"]
    first = "疑似直排" if name in ("跃进河", "古塘河", "黄泥浜", "钢铁桥河", "泥河头港") else "整治中"
    mixed = "疑似直排" if name in ("西塘河", "四号河") else "已整治"
    return kinds, [first, "正常", "整治中", mixed, "正常"]


def finish_outlets(rng: np.random.Generator, sites: pd.DataFrame, owners: pd.DataFrame) -> gpd.GeoDataFrame:
    """The outlets layer: `owners` has outlet_id, owner, owner_code (None for village, town and rain outlets)."""
    out = sites.merge(owners, on="outlet_id", how="left", validate="one_to_one")
    fix = np.where(out["status"] == "正常", None,
                   rng.choice(["取缔", "合并", "规范"], size=len(out), p=[0.25, 0.2, 0.55]))
    subtype = [
        rng.choice(["雨水排口", "混合排口", "泵站排口"], p=[0.55, 0.35, 0.10]) if kind == "其他排口" else None
        for kind in out["type"]
    ]
    permit = []
    serial: dict[str, int] = {}
    for kind, code in zip(out["type"], out["owner_code"]):
        if kind in ("工业排污口", "城镇污水处理厂排污口") and isinstance(code, str):
            serial[code] = serial.get(code, 0) + 1
            permit.append(f"DW{serial[code]:03d}")
        else:
            permit.append(None)
    names = [
        f"{owner}{'农业' if kind == '农业排口' else ('雨水' if sub == '雨水排口' else '')}排口"
        for owner, kind, sub in zip(out["owner"], out["type"], subtype)
    ]
    return gpd.GeoDataFrame(
        {
            "outlet_id": out["outlet_id"], "name": _unique(names), "type": out["type"], "subtype": subtype,
            "reach_id": out["reach_id"], "status": out["status"], "fix_category": fix,
            "owner_code": out["owner_code"], "owner": out["owner"], "permit_code": permit,
            "district": out["district"], "source": SOURCE,
        },
        geometry=gpd.points_from_xy(out["x"], out["y"]), crs="EPSG:4326",
    )


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}{seen[name]}号")
    return out


# --- samples ------------------------------------------------------------------------------------

# GB 3838-2002 Table 1, rivers (TN for lakes only; it does not count for river sections).
LIMITS = {
    "do": (7.5, 6.0, 5.0, 3.0, 2.0),
    "codmn": (2.0, 4.0, 6.0, 10.0, 15.0),
    "cod": (15.0, 15.0, 20.0, 30.0, 40.0),
    "bod5": (3.0, 3.0, 4.0, 6.0, 10.0),
    "nh3n": (0.15, 0.5, 1.0, 1.5, 2.0),
    "tp": (0.02, 0.1, 0.2, 0.3, 0.4),
}
DECIMALS = {"do": 2, "codmn": 2, "cod": 1, "bod5": 2, "nh3n": 3, "tp": 3}
ITEMS = tuple(LIMITS)


def item_interval(item: str, klass: int) -> tuple[float, float] | None:
    """Values of `item` that fall in `klass` (1..6) under the single-factor rule, or None if no value does."""
    lim = LIMITS[item]
    if item == "do":  # higher is better: class k is [limit_k, limit_{k-1})
        if klass == 6:
            return (0.8, 2.0)
        upper = 10.5 if klass == 1 else lim[klass - 2]
        return (lim[klass - 1], upper) if upper > lim[klass - 1] else None
    if klass == 6:
        return (lim[4], lim[4] * 2.8)
    lower = 0.0 if klass == 1 else lim[klass - 2]
    if klass == 1:
        lower = lim[0] * 0.3
    return (lower, lim[klass - 1]) if lim[klass - 1] > lower else None


def concentrations(rng: np.random.Generator, klass: int, drivers=("nh3n", "tp")) -> dict:
    """One sample's values whose single-factor class is exactly `klass` (1..6): one of `drivers` is in
    that class, every other item in the same or a better class, values well inside their interval."""
    driver = drivers[int(rng.integers(len(drivers)))]
    out = {}
    for item in ITEMS:
        if item == driver:
            k = klass
        else:
            options = [k for k in range(max(1, klass - 2), klass + 1) if item_interval(item, k)]
            options = [k for k in options if k < 6] or [1]
            k = int(rng.choice(options))
        lo, hi = item_interval(item, k)
        # strictly inside: away from the better class's limit and from this class's own limit
        value = lo + (hi - lo) * rng.uniform(0.2, 0.8)
        out[item] = round(float(value), DECIMALS[item])
    out["tn"] = round(float(out["nh3n"] * rng.uniform(1.6, 2.6) + rng.uniform(0.3, 1.2)), 2)
    out["ph"] = round(float(rng.uniform(6.9, 8.2)), 2)
    return out


def discharge(rng: np.random.Generator) -> dict:
    """Values of raw or poorly treated wastewater taken at a suspected direct-discharge outlet."""
    nh3n = rng.uniform(6, 28)
    return {
        "do": round(float(rng.uniform(0.3, 1.8)), 2), "codmn": round(float(rng.uniform(18, 60)), 2),
        "cod": round(float(rng.uniform(80, 320)), 1), "bod5": round(float(rng.uniform(25, 110)), 2),
        "nh3n": round(float(nh3n), 3), "tp": round(float(rng.uniform(0.9, 4.5)), 3),
        "tn": round(float(nh3n * rng.uniform(1.2, 1.6)), 2), "ph": round(float(rng.uniform(6.6, 8.4)), 2),
    }


MONTHS = ("2020-09", "2020-10", "2020-11", "2020-12", "2021-01")
# 瓜泾口北: twice a month, failing III in autumn (ammonia, phosphorus) and back to III by winter.
GUAJING_CLASSES = ((4, 4), (5, 4), (4, 3), (3, 3), (3, 2))
# 吴中's tributaries: poor at the start of the push (several 劣V), improving month by month.
TRIBUTARY_CLASSES = (6, 6, 5, 4, 4)


def samples(rng: np.random.Generator, sections_frame: pd.DataFrame, outlet_visits: pd.DataFrame) -> pd.DataFrame:
    """Monthly samples at every section (twice monthly at 瓜泾口北, plus an extra October round on the
    tributaries) and one sample per visit in `outlet_visits` (outlet_id, sampled_at) at suspected outlets."""
    rows = []
    for sec in sections_frame.sort_values("section_id").itertuples():
        tributary = sec.name.startswith(WUZHONG_TRIBUTARIES)
        for m, month in enumerate(MONTHS):
            if sec.name == GUAJING:
                plan = [(5, GUAJING_CLASSES[m][0]), (19, GUAJING_CLASSES[m][1])]
            elif tributary:
                k = TRIBUTARY_CLASSES[m] if rng.random() < 0.7 else max(3, TRIBUTARY_CLASSES[m] - 1)
                plan = [(int(rng.integers(3, 9)), k)]
                if month == "2020-10":
                    plan.append((20, 6 if rng.random() < 0.5 else 5))
            else:
                drift = int(rng.choice([0, 0, 0, 1, 1, -1]))
                plan = [(int(rng.integers(3, 12)), int(np.clip(sec.target_class + drift, 1, 5)))]
            for day, klass in plan:
                minute = int(rng.integers(8 * 60 + 30, 11 * 60 + 30))
                when = pd.Timestamp(f"{month}-{day:02d}") + pd.Timedelta(minutes=minute)
                drivers = ("nh3n", "tp") if klass > sec.target_class or tributary else ("nh3n", "tp", "codmn", "do")
                rows.append({"section_id": sec.section_id, "outlet_id": None, "sampled_at": when,
                             **concentrations(rng, klass, drivers)})
    for visit in outlet_visits.sort_values(["sampled_at", "outlet_id"]).itertuples():
        rows.append({"section_id": None, "outlet_id": visit.outlet_id, "sampled_at": visit.sampled_at,
                     **discharge(rng)})
    out = pd.DataFrame(rows).sort_values(["sampled_at"], kind="stable").reset_index(drop=True)
    out.insert(0, "sample_id", [f"YP{t:%Y%m%d}{i + 1:05d}" for i, t in enumerate(out["sampled_at"])])
    out["source"] = np.where(out["outlet_id"].notna(), "示例数据（生成）：排口外排水样", SOURCE)
    return out
