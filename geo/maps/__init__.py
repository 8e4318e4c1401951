"""Map elements, one a module (as folium's plugins are), each returning folium objects; none needs the network.

- `basemaps`: the base map (tiles or none, context layers, credits) and the base-map kinds, declared once;
- `vector`: lines and polygons drawn once; `legend`: a legend box;
- `points`: many points from a static file, with a tiny update per rerun; `shapes`: lines and polygons
  restyled per rerun; `districts`: districts shaded by a share;
- `layers`: the clickable layers, declared once; `styles`: the colours; `element`, `drawing`: plumbing.

Persistent layers (points, shapes) live in the map, which stays the same across reruns; what changes is
sent through `ui.maps.show(..., layers=[updates])`. Their browser code is under static/app/."""

from geo.maps.basemaps import BASEMAP_LABELS, BASEMAPS, SUZHOU_CENTER, Basemap, BasemapError, base_map, land
from geo.maps.districts import district_shading, district_shapes
from geo.maps.layers import CLICKABLE
from geo.maps.legend import legend
from geo.maps.points import PointLayer, pack, point_update
from geo.maps.shapes import ShapeLayer, shape_update
from geo.maps.styles import (
    COVERAGE_COLORS, DENSITY_COLORS, KIND_COLORS, NO_DATA_COLOR, WATER_CLASS_COLORS, coverage_color,
    coverage_legend_items, density_legend_items, kind_legend_items,
)
from geo.maps.vector import vector_layer

__all__ = [
    "BASEMAPS", "BASEMAP_LABELS", "CLICKABLE", "COVERAGE_COLORS", "DENSITY_COLORS", "KIND_COLORS", "NO_DATA_COLOR",
    "SUZHOU_CENTER", "WATER_CLASS_COLORS", "Basemap", "BasemapError", "PointLayer", "ShapeLayer", "base_map",
    "coverage_color", "coverage_legend_items", "density_legend_items", "district_shading", "district_shapes",
    "kind_legend_items", "land", "legend", "pack", "point_update", "shape_update", "vector_layer",
]
