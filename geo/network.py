"""The river network: reaches as a directed graph built from `rivers.flows_into`, for tracing (溯源).

A reach flows into at most one reach; several may flow into one (a confluence); a reach with no `flows_into`
leaves the network (into a lake, the Yangtze or out of the city). A tributary usually joins its receiving
reach part-way along it, so every reach also knows *where* it joins: the position, in metres from the
receiving reach's upstream end, of the point on that reach nearest to the tributary's mouth. That is what
tells whether a tributary enters above or below a monitoring section on the same reach.

Places on the network are `Place(reach_id, at_m)`: metres from the reach's upstream end. All lengths are
measured in the metric CRS of `geo.crs` (EPSG:4549); frames come in WGS84.

Bad topology never hangs or crashes a trace: a `flows_into` that names a missing reach is treated as "no
outflow", and a loop is cut at the reach that closes it; each is reported in `Network.problems` (Chinese,
naming the reach ids), or raised as `NetworkError` with `strict=True`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point

from geo import crs, settings

_TOLERANCE_M = 1.0  # a tributary joining within 1 m of a section counts as above it


class NetworkError(ValueError):
    """The river network's topology is broken (a loop, a missing reach); the message names the reach ids."""


@dataclass(frozen=True)
class Place:
    """A point on the network: on reach `reach_id`, `at_m` metres from its upstream end; `off_m` is how far
    the original point lay from the reach line."""

    reach_id: str
    at_m: float
    off_m: float = 0.0


class Network:
    """Reaches of `rivers` (reach_id, flows_into, geometry in WGS84) as a directed graph."""

    def __init__(self, rivers: gpd.GeoDataFrame, strict: bool = False):
        _check_frame(rivers)
        metric = crs.to_metric(rivers[["reach_id", "flows_into", "geometry"]])
        self.problems: list[str] = []
        self.lines: dict[str, object] = {}
        raw_down: dict[str, str | None] = {}
        for reach_id, into, line in zip(metric["reach_id"], metric["flows_into"], metric.geometry):
            reach_id = str(reach_id)
            if reach_id in self.lines:
                self.problems.append(f"河段编号“{reach_id}”重复；只用第一条")
                continue
            self.lines[reach_id] = shapely.line_merge(line) if line.geom_type == "MultiLineString" else line
            raw_down[reach_id] = None if _missing(into) else str(into)
        self.length = {r: float(line.length) for r, line in self.lines.items()}
        self.down = self._checked_links(raw_down)
        self.up: dict[str, list[str]] = {r: [] for r in self.lines}
        for r, into in self.down.items():
            if into is not None:
                self.up[into].append(r)
        self.join_at = {r: self._join_position(r, into) for r, into in self.down.items() if into is not None}
        if strict and self.problems:
            raise NetworkError("河网拓扑有误：" + "；".join(self.problems))

    # --- building ----------------------------------------------------------------------------

    def _checked_links(self, raw: dict[str, str | None]) -> dict[str, str | None]:
        down = dict(raw)
        for r, into in raw.items():
            if into is not None and into not in raw:
                self.problems.append(f"河段“{r}”的下游河段（flows_into）“{into}”不存在；按无下游处理")
                down[r] = None
        state: dict[str, int] = {}  # 1 on the current walk, 2 done
        for start in down:
            path = []
            r = start
            while r is not None and state.get(r) is None:
                state[r] = 1
                path.append(r)
                r = down[r]
            if r is not None and state[r] == 1:  # the walk came back to itself: a loop
                loop = path[path.index(r):]
                self.problems.append(
                    f"河段 {' → '.join(loop + [r])} 首尾相连（flows_into 成环）；已在“{loop[-1]}”处断开")
                down[loop[-1]] = None
            for p in path:
                state[p] = 2
        return down

    def _join_position(self, reach_id: str, into: str) -> float:
        mouth = Point(_end(self.lines[reach_id]))
        return float(self.lines[into].project(mouth))

    # --- tracing -----------------------------------------------------------------------------

    def upstream(self, reach_id: str) -> list[str]:
        """Every reach whose water reaches `reach_id` (not itself), nearest first."""
        self._check(reach_id)
        return _walk_up(self.up, self.up[reach_id])

    def downstream(self, reach_id: str) -> list[str]:
        """The reaches below `reach_id` (not itself), in the order the water passes them."""
        self._check(reach_id)
        out, r = [], self.down[reach_id]
        while r is not None and r not in out and r != reach_id:  # loops are cut; the guard is for safety
            out.append(r)
            r = self.down[r]
        return out

    def inflows_above(self, place: Place) -> list[str]:
        """The reaches flowing into the place's reach at or above the place."""
        self._check(place.reach_id)
        return [u for u in self.up[place.reach_id] if self.join_at[u] <= place.at_m + _TOLERANCE_M]

    def upstream_of(self, place: Place) -> list[str]:
        """Reaches whose water passes `place`: its own reach, the inflows joining it above the place, and
        everything upstream of those."""
        return [place.reach_id] + self.with_upstream(self.inflows_above(place))

    def with_upstream(self, reach_ids: list[str]) -> list[str]:
        """`reach_ids` and every reach upstream of any of them, each once, nearest first."""
        for r in reach_ids:
            self._check(r)
        return _walk_up(self.up, list(reach_ids))

    def downstream_of(self, place: Place) -> list[str]:
        """Reaches the water at `place` passes: its own reach, then every reach below."""
        return [place.reach_id] + self.downstream(place.reach_id)

    def flow_distance_m(self, a: Place, b: Place) -> float | None:
        """Metres along the river between two places when one lies downstream of the other, else None
        (on separate branches, or on one reach but across a junction the water does not take)."""
        there = self._distance_down(a, b)
        return there if there is not None else self._distance_down(b, a)

    def _distance_down(self, a: Place, b: Place) -> float | None:
        """Metres from `a` down to `b`, or None when the water at `a` never passes `b`."""
        self._check(a.reach_id)
        self._check(b.reach_id)
        if a.reach_id == b.reach_id:
            return b.at_m - a.at_m if b.at_m >= a.at_m - _TOLERANCE_M else None
        metres, r = self.length[a.reach_id] - a.at_m, a.reach_id
        for nxt in self.downstream(a.reach_id):
            entry = self.join_at[r]
            if nxt == b.reach_id:
                return metres + b.at_m - entry if b.at_m >= entry - _TOLERANCE_M else None
            metres += self.length[nxt] - entry
            r = nxt
        return None

    # --- places ------------------------------------------------------------------------------

    def locate(self, lon: float, lat: float, reach_id: str | None = None) -> Place:
        """The place on `reach_id` (or on the nearest reach) nearest to the WGS84 point (lon, lat)."""
        point = _metric_point(lon, lat)
        if reach_id is None:
            ids = list(self.lines)
            gaps = shapely.distance(np.array([self.lines[r] for r in ids], dtype=object), point)
            reach_id = ids[int(np.argmin(gaps))]
        self._check(reach_id)
        line = self.lines[reach_id]
        return Place(reach_id, float(line.project(point)), float(line.distance(point)))

    def places(self, frame: gpd.GeoDataFrame, reach_column: str = "reach_id") -> list[Place | None]:
        """`locate` for each point of `frame` on its own reach (None where the reach is missing or unknown)."""
        out = []
        for geom, reach_id in zip(frame.geometry, frame[reach_column]):
            if geom is None or _missing(reach_id) or str(reach_id) not in self.lines:
                out.append(None)
            else:
                out.append(self.locate(geom.x, geom.y, str(reach_id)))
        return out

    def _check(self, reach_id: str) -> None:
        if reach_id not in self.lines:
            raise NetworkError(f"河段“{reach_id}”不在河网中")


def _walk_up(up: dict[str, list[str]], start: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    queue = deque(start)
    while queue:
        r = queue.popleft()
        if r not in seen:
            seen[r] = None
            queue.extend(up[r])
    return list(seen)


def _end(line):
    return line.coords[-1] if line.geom_type == "LineString" else line.geoms[-1].coords[-1]


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or value == ""


def _metric_point(lon: float, lat: float):
    return crs.to_metric(gpd.GeoSeries([Point(lon, lat)], crs=crs.WGS84)).iloc[0]


def _check_frame(rivers) -> None:
    missing = [c for c in ("reach_id", "flows_into", "geometry") if c not in rivers.columns]
    if missing:
        raise NetworkError(f"河道图层缺少列：{'、'.join(missing)}；需要 reach_id、flows_into 与几何")


# --- sections on the network -------------------------------------------------------------------


def sections_downstream(net: Network, sections: gpd.GeoDataFrame, place: Place) -> pd.DataFrame:
    """The sections the water at `place` passes, nearest first, with `distance_m` along the river."""
    rows = []
    for (_, sec), at in zip(sections.iterrows(), net.places(sections)):
        if at is None:
            continue
        metres = net._distance_down(place, at)
        if metres is not None:
            rows.append({**sec.drop(labels="geometry").to_dict(), "distance_m": metres})
    out = pd.DataFrame(rows, columns=[c for c in sections.columns if c != "geometry"] + ["distance_m"])
    return out.sort_values("distance_m", kind="stable").reset_index(drop=True)


# --- downstream of a point or a firm -------------------------------------------------------------


def downstream_of_point(net: Network, lon: float, lat: float, max_m: float | None = None) -> list[str]:
    """Reaches below a WGS84 point (e.g. a spill), from the nearest reach within `max_m` metres (default
    EMAP_SNAP_M); [] when every reach is farther."""
    limit = float(settings.get("EMAP_SNAP_M")) if max_m is None else float(max_m)
    place = net.locate(lon, lat)
    return net.downstream_of(place) if place.off_m <= limit else []


def downstream_of_firm(net: Network, firm, outlets: gpd.GeoDataFrame, buffer_m: float | None = None) -> list[str]:
    """Reaches a firm's water can reach: below each outlet it owns (`owner_code` = its `credit_code`), or,
    owning none, below its nearest reach within `buffer_m` metres (default EMAP_RIVERSIDE_M); [] otherwise."""
    own = outlets[outlets["owner_code"] == firm["credit_code"]]
    if len(own):
        found: dict[str, None] = {}
        for place in net.places(own):
            if place is not None:
                found.update(dict.fromkeys(net.downstream_of(place)))
        return list(found)
    limit = float(settings.get("EMAP_RIVERSIDE_M")) if buffer_m is None else float(buffer_m)
    return downstream_of_point(net, firm.geometry.x, firm.geometry.y, limit)


# --- snapping outlets and finding riverside firms ----------------------------------------------


def snap_outlets(outlets: gpd.GeoDataFrame, rivers: gpd.GeoDataFrame, max_m: float | None = None) -> pd.DataFrame:
    """The nearest reach of each outlet (WGS84 points) within `max_m` metres (default: setting EMAP_SNAP_M).

    Returns a frame aligned with `outlets`: `reach_id` (None when too far), `snap_m` (metres to the nearest
    reach) and `too_far` (True when that is more than `max_m`: flagged, not attached). This is what the data
    import calls for outlets that arrive without a reach."""
    limit = float(settings.get("EMAP_SNAP_M")) if max_m is None else float(max_m)
    nearest, metres = _nearest_reach(outlets, rivers)
    too_far = ~(metres <= limit)
    return pd.DataFrame(
        {"reach_id": pd.Series(nearest, index=outlets.index, dtype=object).where(~too_far, None),
         "snap_m": metres, "too_far": too_far},
        index=outlets.index,
    )


def _nearest_reach(points: gpd.GeoDataFrame, rivers: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """For each point, the id of the nearest reach and the distance in metres (NaN/None without geometry)."""
    ids = rivers["reach_id"].astype(str).to_numpy()
    if len(points) == 0 or len(rivers) == 0:
        return np.full(len(points), None, dtype=object), np.full(len(points), np.nan)
    lines = crs.to_metric(rivers[["geometry"]]).geometry.values
    pts = crs.to_metric(points[["geometry"]]).geometry.values
    tree = shapely.STRtree(lines)
    (which, hit), gaps = tree.query_nearest(pts, return_distance=True, all_matches=False)
    nearest = np.full(len(points), None, dtype=object)
    metres = np.full(len(points), np.nan)
    nearest[which] = ids[hit]
    metres[which] = gaps
    return nearest, metres


def riverside_firms(enterprises: gpd.GeoDataFrame, rivers: gpd.GeoDataFrame, outlets: pd.DataFrame,
                    buffer_m: float | None = None) -> pd.DataFrame:
    """Firms linked to a reach: owners of an outlet on it (`how` 排口业主), or firms whose nearest reach lies
    within `buffer_m` metres (default: setting EMAP_RIVERSIDE_M; `how` 沿河). One row per firm and reach:
    credit_code, reach_id, how, distance_m (NaN for outlet owners)."""
    limit = float(settings.get("EMAP_RIVERSIDE_M")) if buffer_m is None else float(buffer_m)
    owned = outlets.loc[outlets["owner_code"].notna(), ["owner_code", "reach_id"]].rename(
        columns={"owner_code": "credit_code"}).drop_duplicates()
    owned = owned.assign(how="排口业主", distance_m=np.nan)
    nearest, metres = _nearest_reach(enterprises, rivers)
    near = pd.DataFrame({"credit_code": enterprises["credit_code"].to_numpy(), "reach_id": nearest,
                         "how": "沿河", "distance_m": metres})
    near = near[near["distance_m"] <= limit]
    both = pd.concat([owned, near], ignore_index=True)
    return both.drop_duplicates(["credit_code", "reach_id"], keep="first").reset_index(drop=True)
