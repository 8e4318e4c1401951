"""The map of one place's file: the place, its outlets, the reaches and sections downstream (or upstream),
fire points nearby. Few features, so folium's own GeoJson layers are used; each point carries `layer`
("enterprise", "outlet", "section", "fire") and `id` so that a click can open the place's page.

Built on geo.maps (base_map, vector_layer, legend); the map is framed on its features.
"""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd

from geo import crs, maps

STYLE = {  # layer -> (colour, radius, legend label)
    "enterprise": ("#c53030", 9, "企业"),
    "outlet": ("#dd6b20", 7, "排口"),
    "section": ("#2b6cb0", 7, "监测断面"),
    "fire": ("#805ad5", 5, "火点"),
}
CLICKABLE = ("enterprise", "outlet", "section")


def points_frame(layer: str, frame: gpd.GeoDataFrame, key: str, label: pd.Series) -> gpd.GeoDataFrame:
    """Points of one kind for `profile_map`: layer, id (from column `key`), label (plain text), geometry."""
    return gpd.GeoDataFrame({"layer": layer, "id": frame[key].astype("str").to_numpy(),
                             "label": label.astype("str").to_numpy()},
                            geometry=frame.geometry.to_numpy(), crs=frame.crs or "EPSG:4326")


def profile_map(context: dict[str, gpd.GeoDataFrame], points: list[gpd.GeoDataFrame],
                reaches: gpd.GeoDataFrame | None = None, basemap: maps.Basemap = maps.Basemap()) -> folium.Map:
    """Base map with `reaches` (id, name, geometry) drawn thick and `points` (from `points_frame`) on top."""
    m = maps.base_map(context, basemap)
    shown = [p for p in points if len(p)]
    frames = []
    if reaches is not None and len(reaches):
        lines = _drawn(gpd.GeoDataFrame(reaches[["name", "geometry"]], geometry="geometry", crs="EPSG:4326"),
                       basemap)
        maps.vector_layer(lines[["geometry"]], style={"color": "#2c5282", "weight": 5, "opacity": 0.75},
                          tooltips=lines["name"]).add_to(m)
        frames.append(lines)
    for frame in shown:
        drawn = _drawn(frame, basemap)
        colour, radius, _ = STYLE[str(frame["layer"].iloc[0])]
        folium.GeoJson(
            drawn.__geo_interface__,
            marker=folium.CircleMarker(radius=radius, weight=2, fill=True, fill_opacity=0.85),
            style_function=lambda _f, c=colour: {"color": "#1a202c", "fillColor": c},
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
            highlight_function=lambda _f: {"weight": 4},
        ).add_to(m)
        frames.append(drawn)
    maps.legend([("图例", [(STYLE[k][0], STYLE[k][2]) for k in STYLE
                           if any(str(f["layer"].iloc[0]) == k for f in shown)]
                  + ([("#2c5282", "相关河段")] if reaches is not None and len(reaches) else []), "circle")]).add_to(m)
    _frame_on(m, frames)
    return m


def _drawn(frame: gpd.GeoDataFrame, basemap: maps.Basemap) -> gpd.GeoDataFrame:
    """In the base map's coordinate system, with text escaped for the tooltip."""
    out = crs.shift_frame(frame, to=basemap.system) if basemap.system != "wgs84" else frame.copy()
    for column in ("label", "name"):
        if column in out:
            out[column] = out[column].map(lambda v: html.escape(str(v)) if pd.notna(v) else v)
    return out


def _frame_on(m: folium.Map, frames: list[gpd.GeoDataFrame], pad: float = 0.01) -> None:
    if not frames:
        return
    x0, y0, x1, y1 = pd.concat([f.geometry for f in frames]).total_bounds
    m.fit_bounds([[y0 - pad, x0 - pad], [y1 + pad, x1 + pad]])
