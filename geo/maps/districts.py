"""Districts shaded by a share (e.g. the share of their enterprises inspected): the outlines once, the shading
and tooltips per rerun. Clicking a district reports {"layer": "district", "id": its name}."""

from __future__ import annotations

import html

import geopandas as gpd
import pandas as pd

from geo.maps.basemaps import CONTEXT_CREDITS
from geo.maps.shapes import ShapeLayer, shape_update
from geo.maps.styles import coverage_color

NAME = "districts"
BASE = {"fillColor": "#d9d9d9", "fillOpacity": 0.45, "color": "#4a5568", "weight": 1}
CHOSEN = {"color": "#1a202c", "weight": 3}


def district_shapes(land: gpd.GeoDataFrame, system: str = "wgs84") -> ShapeLayer:
    """The districts (lakes cut out, see `basemaps.land`) as a clickable layer, unshaded until updated."""
    frame = gpd.GeoDataFrame({"id": land["name"].to_numpy()}, geometry=land.geometry.values, crs=land.crs)
    return ShapeLayer(NAME, frame, BASE, layer="district", hover={"weight": 3, "color": "#1a202c"},
                      tooltips=pd.Series(["<b>" + html.escape(n) + "</b>" for n in land["name"]]), system=system,
                      attribution=CONTEXT_CREDITS["districts"])


def district_shading(values: pd.DataFrame, selected: tuple[str, ...] = ()):
    """The update for `district_shapes`: `values` has columns district, share (0..1, NaN = no data) and label
    (plain text for the tooltip); `selected` districts get a heavy outline."""
    styles, tips = {}, {}
    for district, share, label in zip(values["district"], values["share"], values["label"]):
        styles[district] = {"fillColor": coverage_color(share), **(CHOSEN if district in selected else {})}
        tips[district] = f"<b>{html.escape(district)}</b><br>{html.escape(str(label or ''))}"
    return shape_update(NAME, styles, tips)
