"""What the patrol page draws, on geo.maps' elements: each team's path (`ShapeLayer` "routes", one colour
per team by `shape_update`) and its stops (`PointLayer` "route_stops", clickable as "route_stop", coloured
by team by `point_update`), with the stop numbers as small non-interactive labels on top.

A new plan is a new map (its paths and stops are the map's persistent layers); reruns in between send only
the updates, so the map stays mounted while the officer reads the lists or downloads."""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import numpy as np

from geo import crs, maps

PALETTE = ["#e53e3e", "#3182ce", "#38a169", "#d69e2e", "#805ad5", "#dd6b20", "#319795", "#d53f8c",
           "#2b6cb0", "#718096", "#975a16", "#2f855a"]
STOPS, ROUTES = "route_stops", "routes"


def team_colours(team_ids) -> dict[str, str]:
    return {t: PALETTE[k % len(PALETTE)] for k, t in enumerate(team_ids)}


def stop_ids(stops) -> list[str]:
    """The id a click on a stop reports: team and sequence number, e.g. 'ZF320506-01#3'."""
    return [f"{t}#{int(s)}" for t, s in zip(stops["team_id"], stops["seq"])]


def add_routes(m: folium.Map, plan, system: str = "wgs84") -> None:
    """The plan's paths and stops as persistent layers of `m` (in the base map's coordinate `system`)."""
    drawn = plan.routes[plan.routes.geometry.notna()]
    maps.ShapeLayer(ROUTES, drawn[["id", "geometry"]], {"color": "#4a5568", "weight": 3, "opacity": 0.85},
                    system=system).add_to(m)
    stops = plan.stops
    points = gpd.GeoDataFrame({"id": stop_ids(stops)}, crs="EPSG:4326",
                              geometry=gpd.points_from_xy(stops["lon"], stops["lat"]))
    labels = (stops["team"] + " 第 " + stops["seq"].astype(str) + " 站：" + stops["name"] + "，到达 "
              + stops["arrive"]).reset_index(drop=True)
    maps.PointLayer(STOPS, points, list(team_colours(plan.routes["id"]).values()), "route_stop", labels=labels,
                    radius=9, system=system).add_to(m)


def route_updates(plan, system: str = "wgs84", selected: str | None = None) -> list:
    """This rerun's look: each team's colour (the `selected` team's path thicker), stops by team, numbers."""
    colours = team_colours(plan.routes["id"])
    drawn = plan.routes[plan.routes.geometry.notna()]
    tips = {t: f"{html.escape(n)}：{s} 个点位，{km:.1f} km，{back} 返回" for t, n, s, km, back in
            zip(drawn["id"], drawn["team"], drawn["stops"], drawn["distance_km"], drawn["back"])}
    styles = {t: {"color": colours[t], "weight": 6 if t == selected else 3} for t in drawn["id"]}
    order = list(colours)
    classes = np.array([order.index(t) + 1 for t in plan.stops["team_id"]], dtype="u1")
    return [maps.shape_update(ROUTES, styles, tips), maps.point_update(STOPS, classes), numbers(plan.stops, system)]


def numbers(stops, system: str = "wgs84") -> folium.FeatureGroup:
    """Each stop's sequence number over its dot (drawn by the PointLayer); labels only, clicks go to the dot."""
    lon, lat = stops["lon"].to_numpy(), stops["lat"].to_numpy()
    if system != "wgs84":
        lon, lat = crs.shift_arrays(lon, lat, to=system)
    group = folium.FeatureGroup(name="route-numbers", control=False)
    for (_, row), x, y in zip(stops.iterrows(), lon, lat):
        data = (f'data-team="{html.escape(row["team"])}" data-seq="{int(row["seq"])}" '
                f'data-name="{html.escape(row["name"])}"')
        icon = folium.DivIcon(html=f'<div class="route-number" {data} style="{_STYLE}">{int(row["seq"])}</div>',
                              icon_size=(18, 18), icon_anchor=(9, 9), class_name="route-number-icon")
        folium.Marker([float(y), float(x)], icon=icon, interactive=False).add_to(group)
    return group


_STYLE = ("width:18px;height:18px;border-radius:9px;color:#fff;font:bold 10px/18px sans-serif;text-align:center;"
          "pointer-events:none;text-shadow:0 0 2px #000")
