"""Lines and polygons drawn once per data version and restyled on each rerun: `ShapeLayer`, `shape_update`.

The geometry travels with the map's HTML, which stays the same across reruns (so the map stays mounted);
a rerun sends only styles and tooltips by feature id (static/app/shapes.js), e.g. the districts' shading
for the chosen period, or the reaches upstream of a chosen section highlighted."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd
from branca.element import Template

from geo.maps import layers
from geo.maps.drawing import for_drawing, geojson
from geo.maps.element import AppElement, js_string, update_group


class ShapeLayer(AppElement):
    """Persistent layer `name` of `frame` (an `id` column and line or polygon geometry, WGS84), drawn with
    `style` until an update restyles it. `layer` (a CLICKABLE name) makes a click report the feature's id;
    `tooltips` (HTML-safe text per feature, aligned with `frame`) may also come with each update."""

    default_js = [("emap", "app/emap.js"), ("emap_shapes", "app/shapes.js")]
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.emapShapes({{ this.target }}, {{ this.data }}, {{ this.options }}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self, name: str, frame: gpd.GeoDataFrame, style: dict, layer: str | None = None,
                 hover: dict | None = None, tooltips: pd.Series | None = None, system: str = "wgs84",
                 attribution: str | None = None):
        super().__init__()
        self._name = "ShapeLayer"
        if "id" not in frame.columns:
            raise ValueError("线面图层需要 id 列（更新样式、点击时使用的编号）")
        if tooltips is not None and len(tooltips) != len(frame):
            raise ValueError(f"tooltips 有 {len(tooltips)} 个值，要素有 {len(frame)} 个")
        # ids are keys, never shown as HTML: kept as they are, not escaped like text
        drawn = for_drawing(gpd.GeoDataFrame(geometry=frame.geometry.values, crs=frame.crs), system)
        drawn.insert(0, "id", frame["id"].astype(str).to_numpy())
        data = geojson(drawn)
        if tooltips is not None:
            for feature, tip in zip(data["features"], tooltips):
                if isinstance(tip, str):
                    feature["properties"]["_t"] = tip
        self.target = js_string(name)
        self.data = js_string(data)
        self.options = js_string({
            "style": style, "hover": hover, "layer": layers.check(layer) if layer else None,
            "tooltips": tooltips is not None, "attribution": attribution,
        })


def shape_update(name: str, styles: Mapping[str, dict], tooltips: Mapping[str, str] | None = None,
                 front: bool = False):
    """Restyle layer `name`: `styles` by feature id (features not named get the layer's base style back),
    `tooltips` by id (HTML-safe text). `front` brings the restyled features above the others (highlights).
    Returns a FeatureGroup for ui.maps.show."""
    payload = {"styles": {str(k): v for k, v in styles.items()}, "replace": True, "front": front}
    if tooltips is not None:
        payload["tooltips"] = {str(k): v for k, v in tooltips.items()}
    return update_group(name, payload)
