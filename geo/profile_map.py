"""The map of one place's file, on the Maps package: every firm, outlet, section and fire point of the data
set is a persistent point layer (packed once per data version, so the map's HTML is the same for every
place and only the framing changes); each page sends which of them to show, and which reaches to highlight
(the reaches downstream of a firm's outlets, or upstream of a section). A click on a firm, an outlet or a
section reports {"layer": "enterprise" | "outlet" | "section", "id": ...}.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geo import maps

# point layer -> (store layer, key column, colour, radius, legend label)
PLACES = {
    "enterprise": ("enterprises", "credit_code", "#c53030", 6.0, "企业"),
    "outlet": ("outlets", "outlet_id", "#dd6b20", 5.0, "排口"),
    "section": ("sections", "section_id", "#2b6cb0", 6.0, "监测断面"),
    "fire_point": ("fire_points", "fire_id", "#805ad5", 4.0, "火点"),
}
REACHES = "reaches"
HIGHLIGHT = {"color": "#2c5282", "weight": 6, "opacity": 0.8}


def place_points(kind: str, frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, pd.Series]:
    """Every place of `kind` as points with an `id` column, and their hover labels (plain text)."""
    _, key, *_ = PLACES[kind]
    points = gpd.GeoDataFrame({"id": frame[key].astype("str").to_numpy()}, geometry=frame.geometry.to_numpy(),
                              crs=frame.crs or "EPSG:4326")
    if kind == "fire_point":
        label = frame["fire_id"] + " · " + frame["detected_bj"].dt.strftime("%Y-%m-%d %H:%M") + " · " + frame["status"]
    elif kind == "enterprise":
        label = frame["name"] + "（" + frame["industry"] + "）"
    else:
        label = frame["name"] + "（" + frame[key] + "）"
    return points, label.reset_index(drop=True)


def profile_map(context: dict[str, gpd.GeoDataFrame], packs: Mapping[str, maps.points.Packed],
                rivers: gpd.GeoDataFrame, frame_on: Iterable, basemap: maps.Basemap = maps.Basemap()) -> folium.Map:
    """Base map + the reaches (restyled per page) + one point layer per kind in `packs`, framed on the
    geometries in `frame_on` (the place and what matters around it)."""
    m = maps.base_map(context, basemap)
    maps.ShapeLayer(REACHES, rivers[["reach_id", "geometry"]].rename(columns={"reach_id": "id"}),
                    style={"color": "#3182ce", "weight": 0, "opacity": 0}, system=basemap.system,
                    tooltips=rivers["name"].reset_index(drop=True)).add_to(m)
    for kind, packed in packs.items():
        _, _, colour, radius, _ = PLACES[kind]
        maps.PointLayer(kind, packed, [colour], kind, radius=radius, system=basemap.system).add_to(m)
    maps.legend([("图例", [(PLACES[k][2], PLACES[k][4]) for k in packs] + [(HIGHLIGHT["color"], "相关河段")],
                  "circle")]).add_to(m)
    _frame(m, list(frame_on))
    return m


def updates(packs: Mapping[str, maps.points.Packed], shown: Mapping[str, Iterable[str]],
            reach_ids: Iterable[str]) -> list:
    """This page's selection: for each point layer, the ids to show; the reaches to highlight."""
    out = []
    for kind, packed in packs.items():
        wanted = set(map(str, shown.get(kind, ())))
        out.append(maps.point_update(kind, np.fromiter((i in wanted for i in packed.ids), dtype="u1",
                                                       count=packed.n)))
    out.append(maps.shape_update(REACHES, {r: HIGHLIGHT for r in reach_ids}, front=True))
    return out


def _frame(m: folium.Map, geometries: list, pad: float = 0.01) -> None:
    geometries = [g for g in geometries if g is not None and not g.is_empty]
    if not geometries:
        return
    x0, y0, x1, y1 = gpd.GeoSeries(geometries).total_bounds
    m.fit_bounds([[y0 - pad, x0 - pad], [y1 + pad, x1 + pad]])
