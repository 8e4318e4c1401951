"""Travel distances and times between places.

There is no road layer in the data model (geo/schema.py has rivers, not roads), so distances are the
great-circle distance (geo.crs.distance_m) times a detour factor (`EMAP_ROUTE_DETOUR`, default 1.4: road
distance in and around Chinese cities is typically 1.2–1.5 times the straight line — *unverified* for Suzhou,
hence configurable), and times are that distance over the team's speed (`EMAP_ROUTE_SPEED_KMH`).

Extension point: when a `roads` layer is added to the schema, `road_matrix` is where shortest paths on it
(e.g. Dijkstra over the network's edges, edge time = length / speed limit) replace `straight_matrix`;
`matrix` already chooses between them, and the planner calls only `matrix`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo import crs


def straight_matrix(lon: np.ndarray, lat: np.ndarray, detour: float) -> np.ndarray:
    """Road-distance estimate in metres between every pair of points: great circle × detour."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    return crs.distance_m(lon[:, None], lat[:, None], lon[None, :], lat[None, :]) * float(detour)


def road_matrix(lon: np.ndarray, lat: np.ndarray, roads: pd.DataFrame) -> np.ndarray:
    """Shortest-path distances on a road layer — not available: the data model has no road layer yet."""
    raise NotImplementedError("数据模型中还没有道路图层（roads）；目前按直线距离×绕行系数估算")


def matrix(lon, lat, detour: float, roads: pd.DataFrame | None = None) -> tuple[np.ndarray, str]:
    """Distances in metres and how they were obtained (shown to the user)."""
    if roads is not None:
        return road_matrix(lon, lat, roads), "路网最短路径"
    return straight_matrix(lon, lat, detour), f"直线距离×绕行系数 {detour:g}"


def seconds(distance_m: np.ndarray, speed_kmh: float) -> np.ndarray:
    return np.asarray(distance_m, dtype=float) / (float(speed_kmh) / 3.6)
