"""The naive way of drawing the overview's map, for the benchmark's side-by-side only (never used by the app):
one folium element per feature (a CircleMarker per inspection; the districts as a folium.GeoJson), the whole
map built again on every rerun and sent whole to the browser.

It draws at most `CAP` inspections (the first of the selection, by time): with every inspection of the city
set it would not finish drawing in a browser here (MAPS.md: 50,000 CircleMarkers took 25 s to paint). The
markers carry no tooltip (ours do): a tooltip per marker is a second folium element each and nearly tripled
the time to render the map's HTML here (12 s -> 32 s for 10,000, machine under load), so leaving them out
flatters the naive way, not ours."""

from __future__ import annotations

import folium
import geopandas as gpd

from geo import maps

CAP = 10_000


def naive_map(points: gpd.GeoDataFrame, districts: gpd.GeoDataFrame, lakes: gpd.GeoDataFrame,
              rivers: gpd.GeoDataFrame) -> folium.Map:
    """The overview's map, one folium element per feature: `points` are the selected inspections (capped by
    the caller), `districts` get a plain GeoJson layer that reports its `district` and `layer` when clicked."""
    m = maps.base_map({"lakes": lakes, "rivers": rivers})
    outlines = districts[["name", "geometry"]].rename(columns={"name": "district"}).assign(layer="district")
    folium.GeoJson(outlines, name="行政区", tooltip=folium.GeoJsonTooltip(["district"])).add_to(m)
    for lat, lon, kind in zip(points.geometry.y, points.geometry.x, points["kind"]):
        colour = maps.KIND_COLORS.get(kind, "#4a5568")
        folium.CircleMarker([lat, lon], radius=2.5, weight=0.5, color=colour, fill=True, fill_color=colour,
                            fill_opacity=0.85).add_to(m)
    return m
