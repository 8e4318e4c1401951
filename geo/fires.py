"""Satellite fire points for the straw-burning ban: detections merged into events, industrial heat told apart,
events assigned to a district and a team, and the officers' checks (an append-only history; the latest wins).

Every figure on the 秸秆焚烧火点 page comes from a function here:
- `build_events(points, enterprises, districts, teams, params)` -> `Events` (detections with their event, events);
- `with_status(events, checks)` the status of every event (latest check, else the status stored on import);
- `select(events, view)` the events and detections a filter keeps; `counts(...)` events and detections, labelled;
- `daily_counts` per district and day; `repeat_cells` where burning repeated; `patrol_order` a team's list;
- `new_check` / `save_check` one officer's verdict; `load_new_points` a thin loader (until geo.imports lands).

Distances are measured in EPSG:4549 (geo.crs.METRIC); times are Beijing time unless a name says UTC.
"""

from __future__ import annotations

import html
import uuid
from dataclasses import dataclass, replace
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import crs as geocrs
from geo import firms, settings
from geo.schema import FIRE_STATUS

PIXEL_M = {"VIIRS": 375.0, "MODIS": 1000.0}
HEAT_CELL_M = 500.0  # grid for "the same place on many days" (a fixed site, not a field)
UNCHECKED = FIRE_STATUS[0]  # 待核查
HEAT_STATUS = "已排除-工业热源"
SEASONS = {5: "夏收", 6: "夏收", 7: "夏收", 9: "秋收", 10: "秋收", 11: "秋收", 12: "秋收"}
AGE_CLASSES = ("24 小时内", "1–3 天", "3 天以上")


@dataclass(frozen=True)
class Params:
    """How detections become events and when they count as industrial heat (README: settings EMAP_FIRE_*)."""

    event_hours: float = 12.0
    event_pixels: float = 2.0
    heat_m: float = 500.0
    heat_days: int = 6
    cell_m: float = 1000.0
    repeat_days: int = 3


def params(environ: dict | None = None) -> Params:
    """The parameters from the settings (environment variables EMAP_FIRE_*)."""
    get = lambda key: float(settings.get(key, environ))  # noqa: E731
    return Params(get("EMAP_FIRE_EVENT_HOURS"), get("EMAP_FIRE_EVENT_PIXELS"), get("EMAP_FIRE_HEAT_M"),
                  int(get("EMAP_FIRE_HEAT_DAYS")), get("EMAP_FIRE_CELL_M"), int(get("EMAP_FIRE_REPEAT_DAYS")))


@dataclass
class Events:
    detections: pd.DataFrame  # fire_points rows + event_id, x_m, y_m, conf_class, sat_label, day, hour, season, ...
    events: pd.DataFrame  # one row per event (index event_id)


# --- detections -> events -----------------------------------------------------------------------


def build_events(points: pd.DataFrame, enterprises: pd.DataFrame | None = None, districts=None, teams=None,
                 p: Params = Params()) -> Events:
    """Merge detections into events, mark likely industrial heat, assign district, team and nearest firm."""
    det = _detections(points)
    det["event_id"] = merge_events(det, p)
    det["heat_reason"] = heat_reasons(det, enterprises, p)
    ev = _events(det)
    det["ev"] = ev.index.get_indexer(det["event_id"])  # each detection's row in the events table
    ev = assign(ev, districts, teams, enterprises)
    return Events(det, ev)


def _detections(points: pd.DataFrame) -> pd.DataFrame:
    det = pd.DataFrame(points.drop(columns="geometry", errors="ignore")).reset_index(drop=True)
    lon, lat = det["longitude"].to_numpy(float), det["latitude"].to_numpy(float)
    xy = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs=geocrs.WGS84).to_crs(geocrs.METRIC)
    det["x_m"], det["y_m"] = xy.x.to_numpy(), xy.y.to_numpy()
    instrument = det["instrument"].fillna("").str.upper()
    det["pixel_m"] = np.where(instrument == "MODIS", PIXEL_M["MODIS"], PIXEL_M["VIIRS"])
    det["conf_class"] = pd.Categorical(firms.confidence_class(det["confidence"], instrument).to_numpy())
    det["sat_label"] = pd.Categorical(det["satellite"].map(lambda s: firms.SATELLITE_LABELS.get(s, s) if s else "未知"))
    det["daynight"] = pd.Categorical(det["daynight"])
    det["day"] = det["detected_bj"].dt.normalize()
    det["hour"] = det["detected_bj"].dt.hour
    month = det["detected_bj"].dt.month
    det["season"] = det["detected_bj"].dt.year.astype(str) + month.map(SEASONS).fillna("其他")
    return det


def merge_events(det: pd.DataFrame, p: Params = Params()) -> pd.Series:
    """The event of every detection: detections within `event_pixels` pixels (the larger of the two
    instruments' pixels) and `event_hours` of each other are linked, and linked detections form one event,
    named after its earliest detection's fire_id. Pairs come from a grid of space × time cells, so the work
    grows with the number of close pairs, not the square of the detections."""
    n = len(det)
    if n == 0:
        return pd.Series([], dtype=object)
    x, y = det["x_m"].to_numpy(), det["y_m"].to_numpy()
    t = det["detected_utc"].to_numpy("datetime64[s]").astype(np.int64) / 3600.0
    reach = det["pixel_m"].to_numpy() * p.event_pixels
    i, j = _close_pairs(x, y, t, float(reach.max()), p.event_hours)
    near = (np.hypot(x[i] - x[j], y[i] - y[j]) <= np.maximum(reach[i], reach[j])) & (np.abs(t[i] - t[j]) <= p.event_hours)
    labels = _components(n, i[near], j[near])
    order = np.lexsort((det["fire_id"].to_numpy(dtype=str), t))  # earliest first, ties by id
    first = pd.Series(order, index=labels[order]).groupby(level=0).first()
    return pd.Series(det["fire_id"].to_numpy()[first.loc[labels].to_numpy()], dtype=object)


def _close_pairs(x, y, t, cell_m: float, hours: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) of points in the same or neighbouring space-time cells."""
    cx = np.floor(x / max(cell_m, 1.0)).astype(np.int64)
    cy = np.floor(y / max(cell_m, 1.0)).astype(np.int64)
    ct = np.floor(t / max(hours, 1e-6)).astype(np.int64)
    base = pd.DataFrame({"cx": cx, "cy": cy, "ct": ct, "i": np.arange(len(x))})
    out_i, out_j = [], []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for dt in (-1, 0, 1):
                other = base.assign(cx=cx + dx, cy=cy + dy, ct=ct + dt).rename(columns={"i": "j"})
                pairs = base.merge(other, on=["cx", "cy", "ct"])
                keep = pairs["i"].to_numpy() < pairs["j"].to_numpy()
                out_i.append(pairs["i"].to_numpy()[keep])
                out_j.append(pairs["j"].to_numpy()[keep])
    return np.concatenate(out_i), np.concatenate(out_j)


def _components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected-component label (the smallest member index) of every node, by min-label propagation."""
    labels = np.arange(n)
    while True:
        low = np.minimum(labels[i], labels[j])
        new = labels.copy()
        np.minimum.at(new, i, low)
        np.minimum.at(new, j, low)
        new = new[new]  # pointer jumping
        if np.array_equal(new, labels):
            return labels
        labels = new


# --- straw or industrial heat -------------------------------------------------------------------


def heat_reasons(det: pd.DataFrame, enterprises: pd.DataFrame | None, p: Params = Params()) -> pd.Series:
    """Why a detection is likely industrial heat ("" when it is not): FIRMS type 2; within `heat_m` of a firm
    tagged 热源; or in a 500 m cell with detections on at least `heat_days` days in two or more seasons."""
    reasons = np.full(len(det), "", dtype=object)
    if "type" in det.columns:
        reasons[(pd.to_numeric(det["type"], errors="coerce") == 2).fillna(False).to_numpy(dtype=bool)] = \
            "FIRMS 类型 2（固定热源）"
    if enterprises is not None and len(enterprises):
        hot = enterprises[enterprises["tags"].fillna("").str.contains("热源")]
        if len(hot):
            hot_m = gpd.GeoSeries(hot.geometry.values, crs=geocrs.WGS84).to_crs(geocrs.METRIC).values
            pts = shapely.points(det["x_m"].to_numpy(), det["y_m"].to_numpy())
            idx, _ = shapely.STRtree(hot_m).query(pts, predicate="dwithin", distance=p.heat_m)
            near = np.zeros(len(det), dtype=bool)
            near[idx] = True
            reasons[near & (reasons == "")] = f"距热源企业 {p.heat_m:g} 米内"
    cell = (np.floor(det["x_m"] / HEAT_CELL_M).astype(np.int64).astype(str) + ","
            + np.floor(det["y_m"] / HEAT_CELL_M).astype(np.int64).astype(str))
    per = det.assign(cell=cell).groupby("cell").agg(days=("day", "nunique"), seasons=("season", "nunique"))
    fixed = per.index[(per["days"] >= p.heat_days) & (per["seasons"] >= 2)]
    repeat = cell.isin(fixed).to_numpy() & (reasons == "")
    reasons[repeat] = f"同一地点 {p.heat_days} 天以上、跨季节出现"
    return pd.Series(reasons, index=det.index, dtype=object)


# --- events ---------------------------------------------------------------------------------------


def _events(det: pd.DataFrame) -> pd.DataFrame:
    first_checked = det[det["status"] != UNCHECKED].sort_values("detected_utc").groupby("event_id")["status"].first()
    rank = det["conf_class"].astype(object).map({"低": 1, "中": 2, "高": 3}).fillna(0).astype(float)
    g = det.assign(_rank=rank).groupby("event_id", sort=False)
    ev = g.agg(first_bj=("detected_bj", "min"), last_bj=("detected_bj", "max"), detections=("fire_id", "size"),
               longitude=("longitude", "mean"), latitude=("latitude", "mean"), x_m=("x_m", "mean"),
               y_m=("y_m", "mean"), frp=("frp", "max"), _rank=("_rank", "max"), district_given=("district", "first"))
    ev["satellites"] = _joined(det, "sat_label", ev.index, "、")
    ev["day_night"] = _joined(det, "daynight", ev.index, "")
    reasons = det[det["heat_reason"] != ""].groupby("event_id")["heat_reason"].first()
    ev["heat_reason"] = reasons.reindex(ev.index).fillna("")
    ev["confidence"] = ev.pop("_rank").map({1: "低", 2: "中", 3: "高"})
    ev["day"] = ev["first_bj"].dt.normalize()
    ev["base_status"] = first_checked.reindex(ev.index).fillna(UNCHECKED)
    ev.index.name = "event_id"
    return ev


def _joined(det: pd.DataFrame, column: str, index, sep: str) -> pd.Series:
    """The distinct values of `column` per event, sorted and joined (few distinct values: one pass each)."""
    out = pd.Series("", index=index, dtype=object)
    for value in sorted(det[column].dropna().unique()):
        has = det.loc[det[column] == value, "event_id"].unique()
        out[has] = np.where(out[has] == "", value, out[has] + sep + value)
    return out


def assign(ev: pd.DataFrame, districts=None, teams=None, enterprises=None) -> pd.DataFrame:
    """District (the polygon the event lies in, else the one given in the file), the team there whose base
    is nearest, and the nearest enterprise with its distance. (No village or road layer exists yet.)"""
    out = ev.copy()
    pts = shapely.points(out["x_m"].to_numpy(), out["y_m"].to_numpy())
    out["district"] = out["district_given"]
    if districts is not None and len(districts):
        polys = gpd.GeoSeries(districts.geometry.values, crs=geocrs.WGS84).to_crs(geocrs.METRIC).values
        tree = shapely.STRtree(polys)
        pi, di = tree.query(pts, predicate="within")
        found = pd.Series(districts["name"].to_numpy()[di], index=pi).groupby(level=0).first()
        miss = np.setdiff1d(np.arange(len(pts)), found.index)
        if len(miss):  # just outside every outline (a lake shore, the Yangtze bank): the nearest within 2 km
            mi, dj = tree.query_nearest(pts[miss], max_distance=2000, return_distance=False)
            found = pd.concat([found, pd.Series(districts["name"].to_numpy()[dj], index=miss[mi])])
        given = out["district_given"].to_numpy()
        names = np.array(given, dtype=object)
        names[found.index.to_numpy()] = found.to_numpy()
        out["district"] = names
    out["team_id"], out["team"], out["team_base_m"] = None, None, np.nan
    if teams is not None and len(teams):
        out = _assign_teams(out, pts, teams)
    out["nearest_firm"], out["nearest_firm_m"] = None, np.nan
    if enterprises is not None and len(enterprises):
        firm_m = gpd.GeoSeries(enterprises.geometry.values, crs=geocrs.WGS84).to_crs(geocrs.METRIC).values
        ei, fj = shapely.STRtree(firm_m).query_nearest(pts, return_distance=False, all_matches=False)
        names = np.full(len(pts), None, dtype=object)
        names[ei] = enterprises["name"].to_numpy()[fj]
        dist = np.full(len(pts), np.nan)
        dist[ei] = shapely.distance(pts[ei], firm_m[fj])
        out["nearest_firm"], out["nearest_firm_m"] = names, np.round(dist)
    return out


def _assign_teams(out: pd.DataFrame, pts, teams: pd.DataFrame) -> pd.DataFrame:
    base = gpd.GeoSeries(teams.geometry.values, crs=geocrs.WGS84).to_crs(geocrs.METRIC).values
    team_id, name, dist = (np.full(len(out), None, dtype=object), np.full(len(out), None, dtype=object),
                           np.full(len(out), np.nan))
    district = out["district"].to_numpy()
    for d in pd.unique(district):
        rows = np.flatnonzero(district == d)
        cand = np.flatnonzero(teams["district"].to_numpy() == d)
        if not len(cand):
            cand = np.arange(len(teams))  # no local team: the nearest of all
        _, k = shapely.STRtree(base[cand]).query_nearest(pts[rows], return_distance=False, all_matches=False)
        chosen = cand[k]
        team_id[rows] = teams["team_id"].to_numpy()[chosen]
        name[rows] = teams["name"].to_numpy()[chosen]
        dist[rows] = shapely.distance(pts[rows], base[chosen])
    out["team_id"], out["team"], out["team_base_m"] = team_id, name, dist
    return out


# --- verification -------------------------------------------------------------------------------


def with_status(events: Events, checks: pd.DataFrame | None) -> Events:
    """Every event's status: the latest check of any of its detections (so a check survives a later file that
    regroups the detections), else the status stored on import. Heat is an officer's verdict too."""
    ev = events.events.copy()
    ev["status"], ev["checked_by"], ev["checked_at"], ev["note"] = ev["base_status"], None, pd.NaT, None
    ev["checks"] = 0
    if checks is not None and len(checks):
        to_event = events.detections.set_index("fire_id")["event_id"]
        c = checks.assign(event_id=checks["fire_id"].map(to_event)).dropna(subset=["event_id"])
        c = c.reset_index(drop=True).reset_index(names="_order").sort_values(["checked_at", "_order"])
        latest = c.groupby("event_id").last()
        ev.loc[latest.index, ["status", "checked_by", "checked_at", "note"]] = latest[
            ["status", "checked_by", "checked_at", "note"]].to_numpy()
        ev.loc[latest.index, "checks"] = c.groupby("event_id").size()
    ev["heat"] = (ev["heat_reason"] != "") | (ev["status"] == HEAT_STATUS)
    ev.loc[(ev["heat_reason"] == "") & (ev["status"] == HEAT_STATUS), "heat_reason"] = "核查确认为工业热源"
    return Events(events.detections, ev)


def history(events: Events, checks: pd.DataFrame | None, event_id: str) -> pd.DataFrame:
    """All checks of one event, oldest first."""
    if checks is None or not len(checks):
        return pd.DataFrame(columns=["checked_at", "status", "checked_by", "note"])
    ids = set(events.detections.loc[events.detections["event_id"] == event_id, "fire_id"])
    mine = checks[checks["fire_id"].isin(ids)].sort_values("checked_at", kind="stable")
    return mine[["checked_at", "status", "checked_by", "note"]].reset_index(drop=True)


def new_check(event_id: str, status: str, checked_by: str, note: str = "", when=None) -> pd.DataFrame:
    """One row for the `fire_checks` layer; the id is unique even when two officers save at the same moment."""
    if status not in FIRE_STATUS:
        raise ValueError(f"核查状态“{status}”无效；可用：{'、'.join(FIRE_STATUS)}")
    if not str(checked_by or "").strip():
        raise ValueError("请填写核查人")
    when = pd.Timestamp.now(tz="Asia/Shanghai").tz_localize(None) if when is None else pd.Timestamp(when)
    return pd.DataFrame([{"check_id": f"FC{when:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}", "fire_id": event_id,
                          "status": status, "checked_by": str(checked_by).strip(), "checked_at": when,
                          "note": str(note or "").strip() or None, "source": "火点页面核查"}])


def save_check(store, event_id: str, status: str, checked_by: str, note: str = "", when=None) -> pd.DataFrame:
    """Append one check to the store (atomic, under the store's writers' lock); returns the row written."""
    row = new_check(event_id, status, checked_by, note, when)
    store.append("fire_checks", row)
    return row


def read_checks(store) -> pd.DataFrame:
    """The stored checks; an empty table when none has been saved yet."""
    if "fire_checks" in store.layers():
        return store.read("fire_checks")
    from geo.schema import LAYERS, validate

    return validate("fire_checks", pd.DataFrame(columns=LAYERS["fire_checks"].column_names))


def load_new_points(store, parsed: firms.Parsed) -> int:
    """Add the parsed detections whose fire_id is not stored yet; returns how many were added.
    A thin stand-in for `python -m geo.imports`, which commits FIRMS files the same way."""
    rows = parsed.rows
    if "fire_points" in store.layers():
        with store.transaction() as tx:
            stored = set(tx.read("fire_points")["fire_id"])
            rows = rows[~rows["fire_id"].isin(stored)]
            if len(rows):
                tx.append("fire_points", rows)
    elif len(rows):
        store.append("fire_points", rows)
    return len(rows)


# --- what the page shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """The page's filters. Empty tuples mean "all"; dates and hours are Beijing time."""

    start: date | None = None
    end: date | None = None
    hours: tuple[int, int] = (0, 23)
    confidence: tuple[str, ...] = ()
    satellites: tuple[str, ...] = ()
    day_night: tuple[str, ...] = ()  # "D", "N"
    status: tuple[str, ...] = ()
    kind: str = "straw"  # straw, heat, all
    districts: tuple[str, ...] = ()

    def with_(self, **changes) -> "View":
        return replace(self, **changes)


def select(events: Events, view: View) -> Events:
    """The detections a view keeps and the events they belong to (an event's figures from the kept ones)."""
    det = events.detections
    keep = np.ones(len(det), dtype=bool)
    if view.start:
        keep &= (det["day"] >= pd.Timestamp(view.start)).to_numpy()
    if view.end:
        keep &= (det["day"] <= pd.Timestamp(view.end)).to_numpy()
    lo, hi = view.hours
    keep &= det["hour"].between(lo, hi).to_numpy()
    for column, chosen in (("conf_class", view.confidence), ("sat_label", view.satellites),
                           ("daynight", view.day_night)):
        if chosen:
            keep &= det[column].isin(chosen).to_numpy()
    ev = events.events
    ev_keep = np.ones(len(ev), dtype=bool)
    if view.status:
        ev_keep &= ev["status"].isin(view.status).to_numpy()
    if view.kind in ("straw", "heat"):
        ev_keep &= ev["heat"].to_numpy(dtype=bool) == (view.kind == "heat")
    if view.districts:
        ev_keep &= ev["district"].isin(view.districts).to_numpy()
    codes = det["ev"].to_numpy()
    keep &= ev_keep[codes]
    return Events(det[keep], ev.iloc[np.unique(codes[keep])])


def counts(events: Events, view: View | None = None, shown: Events | None = None) -> dict[str, int]:
    """Figures of the events a view keeps (`shown`, when already selected), labelled in events and detections.
    Heat events are counted apart: with the straw view they are the heat events under the same filters, not
    included in the other figures."""
    shown = shown if shown is not None else select(events, view) if view is not None else events
    ev = shown.events
    heat = select(events, view.with_(kind="heat")).events if view is not None and view.kind == "straw" else ev[ev["heat"]]
    return {"火点事件": len(ev), "探测次数": len(shown.detections),
            "待核查事件": int((ev["status"] == UNCHECKED).sum()),
            "已核实焚烧事件": int((ev["status"] == "已核实焚烧").sum()),
            "疑似工业热源事件": len(heat)}


def ages(ev: pd.DataFrame, as_of) -> pd.Series:
    """Age class of each event at `as_of` (Beijing time): 24 小时内, 1–3 天, 3 天以上."""
    hours = (pd.Timestamp(as_of) - ev["last_bj"]).dt.total_seconds() / 3600
    return pd.Series(np.select([hours <= 24, hours <= 72], AGE_CLASSES[:2], AGE_CLASSES[2]), index=ev.index)


def daily_counts(events: Events) -> pd.DataFrame:
    """Events (by the day of their first kept detection) and detections per Beijing date and district."""
    det = events.detections
    district = events.events["district"].reindex(det["event_id"]).to_numpy()
    frame = pd.DataFrame({"day": det["day"].to_numpy(), "district": district, "ev": det["ev"].to_numpy()})
    by_det = frame.groupby(["day", "district"]).size().rename("探测次数")
    first = frame.groupby("ev").agg(day=("day", "min"), district=("district", "first"))
    by_ev = first.groupby(["day", "district"]).size().rename("火点事件")
    out = pd.concat([by_ev, by_det], axis=1).fillna(0).astype(int).reset_index()
    return out.rename(columns={"day": "日期", "district": "行政区"})


def repeat_cells(events: Events, p: Params = Params()) -> gpd.GeoDataFrame:
    """Grid cells (side `cell_m` metres, EPSG:4549 grid) with detections on at least `repeat_days` days:
    days, seasons, events and detections per cell, as WGS84 squares."""
    det = events.detections
    cx = np.floor(det["x_m"].to_numpy() / p.cell_m).astype(np.int64)
    cy = np.floor(det["y_m"].to_numpy() / p.cell_m).astype(np.int64)
    g = det.assign(cx=cx, cy=cy).groupby(["cx", "cy"]).agg(
        days=("day", "nunique"), seasons=("season", "nunique"), events=("event_id", "nunique"),
        detections=("fire_id", "size"), first=("day", "min"), last=("day", "max"))
    g = g[g["days"] >= p.repeat_days].reset_index()
    x0, y0 = g["cx"].to_numpy() * p.cell_m, g["cy"].to_numpy() * p.cell_m
    squares = shapely.box(x0, y0, x0 + p.cell_m, y0 + p.cell_m)
    out = gpd.GeoDataFrame(g.drop(columns=["cx", "cy"]), geometry=squares, crs=geocrs.METRIC).to_crs(geocrs.WGS84)
    out.insert(0, "id", [f"C{a}_{b}" for a, b in zip(g["cx"], g["cy"])])
    return out.sort_values(["days", "detections"], ascending=False).reset_index(drop=True)


def patrol_order(ev: pd.DataFrame, teams: pd.DataFrame, team_id: str) -> pd.DataFrame:
    """A team's unverified events in the order a patrol would take them: from the team's base, always to the
    nearest event not yet visited (a first cut; the routing issue builds the real solver). Adds `stop`, `leg_km`."""
    mine = ev[(ev["team_id"] == team_id) & (ev["status"] == UNCHECKED)]
    team = teams[teams["team_id"] == team_id]
    if mine.empty or team.empty:
        return mine.assign(stop=pd.Series(dtype=int), leg_km=pd.Series(dtype=float))
    bx, by = gpd.GeoSeries(team.geometry.values[:1], crs=geocrs.WGS84).to_crs(geocrs.METRIC).values[0].coords[0]
    xy = mine[["x_m", "y_m"]].to_numpy()
    left = np.ones(len(mine), dtype=bool)
    order, legs, here = [], [], np.array([bx, by])
    for _ in range(len(mine)):
        d = np.hypot(*(xy - here).T)
        d[~left] = np.inf
        k = int(np.argmin(d))
        order.append(k)
        legs.append(d[k] / 1000)
        left[k] = False
        here = xy[k]
    out = mine.iloc[order].copy()
    out["stop"] = np.arange(1, len(out) + 1)
    out["leg_km"] = np.round(legs, 2)
    return out


# --- map marks and tables -----------------------------------------------------------------------

MARK_COLORS = {  # an unverified event by age, the others by status
    f"待核查 · {AGE_CLASSES[0]}": "#e53e3e", f"待核查 · {AGE_CLASSES[1]}": "#dd6b20",
    f"待核查 · {AGE_CLASSES[2]}": "#975a16", "已核实焚烧": "#6b46c1", "已扑灭": "#3182ce",
    "已排除-无焚烧痕迹": "#a0aec0", "已排除-工业热源": "#1a202c",
}


def mark_class(ev: pd.DataFrame, as_of) -> pd.Series:
    """The legend class of each event: 待核查 split by age at `as_of`, else its status."""
    age = ages(ev, as_of)
    return ev["status"].where(ev["status"] != UNCHECKED, UNCHECKED + " · " + age)


PALETTE = list(MARK_COLORS.values())
CLASS_NAMES = list(MARK_COLORS)
CELL_COLOR = "#f6ad55"


def event_points(ev: pd.DataFrame) -> gpd.GeoDataFrame:
    """Every event as a point with its id and a plain-text hover label, for the map's persistent layer."""
    label = (ev["first_bj"].dt.strftime("%m-%d %H:%M") + " · " + ev["district"].fillna("") + " · 探测 "
             + ev["detections"].astype(str) + " 次 · " + ev["satellites"])
    label = label.where(ev["heat_reason"] == "", label + " · 疑似工业热源：" + ev["heat_reason"])
    return gpd.GeoDataFrame({"id": ev.index.to_numpy(), "label": label.to_numpy()},
                            geometry=gpd.points_from_xy(ev["longitude"], ev["latitude"]), crs=geocrs.WGS84)


def map_classes(all_events: pd.DataFrame, shown: Events, as_of) -> tuple[np.ndarray, np.ndarray]:
    """For the map's layer of all events: each event's class (0 hidden, k = PALETTE[k-1], from `mark_class`)
    and its number of kept detections (summed in the city-zoom density cells)."""
    cls = mark_class(shown.events, as_of).map({name: i + 1 for i, name in enumerate(CLASS_NAMES)})
    classes = cls.reindex(all_events.index).fillna(0).to_numpy(dtype="uint8")
    n = shown.detections.groupby("event_id").size().reindex(all_events.index).fillna(0).to_numpy(dtype=int)
    return classes, n


def cell_points(cells: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Repeated-burning cells as points at their centres (id, plain-text label), for a persistent point layer."""
    label = ("反复焚烧网格：" + cells["days"].astype(str) + " 天 · " + cells["seasons"].astype(str) + " 个季节 · "
             + cells["events"].astype(str) + " 个事件 · 探测 " + cells["detections"].astype(str) + " 次")
    return gpd.GeoDataFrame({"id": cells["id"].to_numpy(), "label": label.to_numpy()},
                            geometry=shapely.centroid(cells.geometry.values), crs=cells.crs)  # 1 km: degrees do


def cell_classes(all_cells: gpd.GeoDataFrame, shown_cells: gpd.GeoDataFrame) -> np.ndarray:
    """1 for the cells a selection shows, 0 for the others, aligned with `all_cells`."""
    return all_cells["id"].isin(shown_cells["id"]).to_numpy().astype("uint8")


def event_labels(ev: pd.DataFrame) -> pd.Series:
    """id · first detection (Beijing time) · district, for the event list."""
    return pd.Series(ev.index.to_numpy() + " · " + ev["first_bj"].dt.strftime("%m-%d %H:%M").to_numpy() + " · "
                     + ev["district"].fillna("").to_numpy(), index=ev.index)


def event_choices(ev: pd.DataFrame, clicked: str | None = None, limit: int = 200) -> pd.Series:
    """The events offered in the event list: the clicked one first, then the latest `limit` (labels by id)."""
    latest = ev.sort_values("first_bj", ascending=False).head(limit)
    if clicked in ev.index and clicked not in latest.index:
        latest = pd.concat([ev.loc[[clicked]], latest])
    return event_labels(latest)


EVENT_COLUMNS = {"stop": "顺序", "first_bj": "首次探测（北京时间）", "district": "行政区", "team": "责任小组",
                 "status": "核查状态", "detections": "探测次数", "satellites": "卫星", "confidence": "置信度",
                 "nearest_firm": "最近企业", "nearest_firm_m": "距最近企业（米）", "leg_km": "距上一站（公里）",
                 "longitude": "经度", "latitude": "纬度", "heat_reason": "疑似工业热源依据"}


def event_table(ev: pd.DataFrame) -> pd.DataFrame:
    """Events as a table with Chinese headers (for the page and the downloadable patrol list)."""
    cols = [c for c in EVENT_COLUMNS if c in ev.columns]
    out = ev[cols].rename(columns=EVENT_COLUMNS).reset_index().rename(columns={"event_id": "事件编号"})
    out["首次探测（北京时间）"] = out["首次探测（北京时间）"].dt.strftime("%Y-%m-%d %H:%M")
    return out


def status_line(event: pd.Series) -> str:
    """One event's status as a sentence: who set it and when, or where it came from."""
    text = f"当前状态：**{event['status']}**"
    if event.get("checks", 0):
        text += f"（{event['checked_by']}，{event['checked_at']:%Y-%m-%d %H:%M}"
        text += f"：{event['note']}）" if event["note"] else "）"
    if event["heat_reason"]:
        text += f" · 疑似工业热源：{event['heat_reason']}"
    return text + f" · 责任小组：{event['team'] or '未分配'} · 最近企业：{event['nearest_firm'] or '无'}" \
        + (f"（{event['nearest_firm_m']:.0f} 米）" if event["nearest_firm"] else "")


def detection_table(events: Events, event_id: str) -> pd.DataFrame:
    """An event's detections, oldest first, with both times."""
    det = events.detections[events.detections["event_id"] == event_id].sort_values("detected_utc")
    out = pd.DataFrame({"火点编号": det["fire_id"], "北京时间": det["detected_bj"].dt.strftime("%Y-%m-%d %H:%M"),
                        "UTC 日期": det["acq_date"], "UTC 时刻": det["acq_time"], "卫星": det["sat_label"],
                        "传感器": det["instrument"], "置信度": det["confidence"], "昼夜": det["daynight"],
                        "FRP（MW）": det["frp"], "经度": det["longitude"], "纬度": det["latitude"]})
    return out.reset_index(drop=True)


def as_of(end: date, now=None) -> pd.Timestamp:
    """The time ages are counted at: the end of the chosen range, or now if that is earlier (Beijing time)."""
    now = pd.Timestamp.now(tz="Asia/Shanghai").tz_localize(None) if now is None else pd.Timestamp(now)
    return min(pd.Timestamp(end) + pd.Timedelta(days=1), now)
