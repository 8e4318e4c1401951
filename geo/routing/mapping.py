"""What the patrol page draws: each team's path (one colour per team) and its numbered stops.

Built on geo.maps' elements: paths through `vector_layer`, stops as small numbered Leaflet divIcons
(Leaflet core only, no extra assets). Coordinates are shifted to the base map's system (geo.crs)."""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd

from geo import crs, maps

PALETTE = ["#e53e3e", "#3182ce", "#38a169", "#d69e2e", "#805ad5", "#dd6b20", "#319795", "#d53f8c",
           "#2b6cb0", "#718096", "#975a16", "#2f855a"]


def team_colours(team_ids) -> dict[str, str]:
    return {t: PALETTE[k % len(PALETTE)] for k, t in enumerate(team_ids)}


def route_layer(routes: gpd.GeoDataFrame, stops: pd.DataFrame, system: str = "wgs84") -> folium.FeatureGroup:
    """Paths and numbered stops of a plan, as one feature group to lay over the base map."""
    colours = team_colours(routes["id"])
    group = folium.FeatureGroup(name="巡查路线", control=False)
    drawn = routes[routes.geometry.notna()]
    if len(drawn):
        frame = crs.shift_frame(drawn[["geometry"]], to=system) if system != "wgs84" else drawn[["geometry"]]
        tips = drawn["team"].map(html.escape) + "：" + drawn["stops"].astype(str) + " 个点位，" + \
            drawn["distance_km"].round(1).astype(str) + " km，" + drawn["back"] + " 返回"
        maps.vector_layer(frame, styles=[{"color": colours[t], "weight": 3, "opacity": 0.85}
                                         for t in drawn["id"]], tooltips=tips.reset_index(drop=True)).add_to(group)
    lon, lat = stops["lon"].to_numpy(), stops["lat"].to_numpy()
    if system == "gcj02":
        lon, lat = crs.wgs84_to_gcj02(lon, lat)
    elif system == "bd09":
        lon, lat = crs.wgs84_to_bd09(lon, lat)
    for (_, row), x, y in zip(stops.iterrows(), lon, lat):
        colour = colours.get(row["team_id"], PALETTE[0])
        icon = folium.DivIcon(
            html=f'<div style="background:{colour};{_STOP_STYLE}">{int(row["seq"])}</div>',
            icon_size=(20, 20), icon_anchor=(10, 10), class_name="route-stop-icon")
        tip = (f"{html.escape(row['team'])} 第 {int(row['seq'])} 站：{html.escape(row['name'])}<br>"
               f"到达 {row['arrive']} · {html.escape(row['reasons'])}")
        folium.Marker([float(y), float(x)], icon=icon, tooltip=tip).add_to(group)
    return group


_STOP_STYLE = ("width:20px;height:20px;border-radius:10px;color:#fff;font:bold 11px/20px sans-serif;"
               "text-align:center;border:1.5px solid #fff;box-shadow:0 0 2px #000;box-sizing:border-box")
