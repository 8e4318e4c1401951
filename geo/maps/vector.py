"""Lines or polygons drawn once, as they are: context layers and small one-off layers."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from branca.element import Template

from geo.maps.drawing import geojson
from geo.maps.element import Script, js_string


class Vector(Script):
    _template = Template(
        """{% macro script(this, kwargs) %}
(function () {
  var base = {{ this.style }}, hover = {{ this.hover }};
  var layer = L.geoJSON({{ this.data }}, {
    interactive: {{ this.interactive }},
    attribution: {{ this.attribution }},
    style: function (f) { return Object.assign({}, base, f.properties._s || {}); },
    onEachFeature: function (f, l) {
      if (f.properties._t) l.bindTooltip(f.properties._t, {sticky: true});
      if (hover) {
        l.on("mouseover", function () { l.setStyle(hover); });
        l.on("mouseout", function () { layer.resetStyle(l); });
      }
    }
  });
  layer.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}"""
    )

    def __init__(self, data: dict, style: dict, hover: dict | None, interactive: bool, attribution: str | None):
        super().__init__()
        self._name = "Vector"
        self.data = js_string(data)
        self.style = js_string(style)
        self.hover = js_string(hover)
        self.interactive = "true" if interactive else "false"
        self.attribution = js_string(attribution)


def vector_layer(frame: gpd.GeoDataFrame, style: dict | None = None, styles: list[dict] | None = None,
                 tooltips: pd.Series | None = None, hover: dict | None = None,
                 interactive: bool = True, attribution: str | None = None) -> Vector:
    """Lines or polygons as one L.geoJSON layer, with a style for all (`style`) or one per feature (`styles`),
    an HTML-safe tooltip per feature, an optional hover style and the credit its data need.

    Written instead of folium.GeoJson because that builds several Jinja templates per layer on every
    rerun (0.2 s a page) and embeds a style table; this element compiles its one template once. For layers
    whose style changes between reruns, use `geo.maps.shapes.ShapeLayer` and restyle it instead."""
    if styles is not None and len(styles) != len(frame):
        raise ValueError(f"styles has {len(styles)} entries for {len(frame)} features")
    data = geojson(frame)
    for i, feature in enumerate(data["features"]):
        if styles is not None:
            feature["properties"]["_s"] = styles[i]
        if tooltips is not None and isinstance(tooltips.iloc[i], str):
            feature["properties"]["_t"] = tooltips.iloc[i]
    return Vector(data, style or {}, hover, interactive, attribution)
