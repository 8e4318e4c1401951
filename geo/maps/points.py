"""Many points, fast, and the same whatever the data's size: `PointLayer` and `point_update`.

The positions go to the browser once per data version, as a static file of two uint16 arrays quantised
over the layer's bounding box (4 bytes a point; ~3 m at Suzhou's extent), named by its content hash so the
browser may cache it. The map's HTML holds only the file's URL, so it is the same on every rerun and
st_folium keeps it mounted (zoom and pan kept). Each rerun sends `point_update`: one byte per point saying
whether and in which colour to draw it (and optionally a count per point), deflated — a few kB for 50,000
points. Hover text and ids come from a second, gzip-compressed file loaded at the first hover or click.

Drawing (static/app/points.js): one canvas, one path per colour; below `cells_below` (a zoom level) the
points are summed into square cells of 24 screen pixels, shaded by count, so a whole city of records reads as
where they concentrate; a click on a cell zooms in to street level, a click on a point reports its id.
"""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Template

from geo import assets, crs
from geo.maps import layers
from geo.maps.element import AppElement, js_string, update_group
from geo.maps.styles import DENSITY_COLORS

QUANT = 65535


@dataclass(frozen=True)
class Packed:
    """A point set written for the browser: what `PointLayer` needs, computed once per data version."""

    n: int
    bbox: tuple[float, float, float, float]
    positions: str  # path under static/ of the uint16 positions
    details: str | None  # path under static/ of {"ids": [...], "labels": [...]}, gzip-compressed JSON
    ids: tuple


def pack(frame: gpd.GeoDataFrame, labels: pd.Series | None = None, system: str = "wgs84",
         prefix: str = "points") -> Packed:
    """Write `frame`'s points (an `id` column and Point geometry, WGS84) for the browser, in `system` (the base
    map's: "wgs84" or "gcj02"), with optional hover `labels` (plain text, aligned with `frame`)."""
    _check(frame, labels)
    lon, lat = frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()
    if system != "wgs84":
        lon, lat = crs.shift_arrays(lon, lat, to=system)
    bbox = _bbox(lon, lat)
    qx = np.round((lon - bbox[0]) / (bbox[2] - bbox[0]) * QUANT).astype("<u2")
    qy = np.round((lat - bbox[1]) / (bbox[3] - bbox[1]) * QUANT).astype("<u2")
    positions = assets.cache_file(f"{prefix}-{system}", qx.tobytes() + qy.tobytes(), ".bin")
    ids = tuple(frame["id"].astype(str))
    text = {"ids": list(ids), "labels": [str(v) if pd.notna(v) else "" for v in labels]} if labels is not None \
        else {"ids": list(ids), "labels": list(ids)}
    details = assets.cache_file(f"{prefix}-details", gzip.compress(json.dumps(text, ensure_ascii=False).encode(),
                                                                     6, mtime=0), ".json.gz")
    return Packed(len(frame), bbox, positions, details, ids)


class PointLayer(AppElement):
    """The persistent canvas layer `name` of a packed point set; see the module's docstring."""

    default_js = [("emap", "app/emap.js"), ("emap_points", "app/points.js")]
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "new L.EmapPoints({{ this.options }}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self, name: str, points: Packed | gpd.GeoDataFrame, palette: list[str], layer: str,
                 names: list[str] | None = None, labels: pd.Series | None = None, radius: float = 3.0,
                 cells_below: float | None = None, unit: str = "", system: str = "wgs84"):
        super().__init__()
        self._name = "PointLayer"
        packed = points if isinstance(points, Packed) else pack(points, labels, system, prefix=name)
        if not 0 < len(palette) < 256:
            raise ValueError(f"palette 应有 1–255 种颜色，实际 {len(palette)}")
        self.packed = packed
        self.base_url_path = ""
        self._options = {
            "name": name, "layer": layers.check(layer), "n": packed.n, "bbox": list(packed.bbox),
            "palette": list(palette), "names": list(names or []), "radius": radius, "cellsBelow": cells_below,
            "unit": unit, "cellColors": list(DENSITY_COLORS),
        }

    def localize_urls(self, base_url_path: str) -> None:
        self.base_url_path = base_url_path

    @property
    def options(self) -> str:
        urls = {"url": assets.static_url(self.packed.positions, self.base_url_path),
                "labels": assets.static_url(self.packed.details, self.base_url_path) if self.packed.details else None}
        return js_string({**self._options, **urls})


def point_update(name: str, classes: np.ndarray, counts: np.ndarray | None = None):
    """What layer `name` shows on this rerun: `classes` (one per point; 0 hidden, k = palette[k-1]) and optional
    `counts` (one per point, shown on hover and summed in cells). Returns a FeatureGroup for ui.maps.show."""
    classes = np.asarray(classes)
    if classes.ndim != 1 or (classes.size and (classes.min() < 0 or classes.max() > 255)):
        raise ValueError("classes 应为一维 0–255 的整数数组")
    payload = {"cls": _deflated(classes.astype("u1").tobytes()), "counts": None}
    if counts is not None:
        counts = np.asarray(counts)
        if counts.shape != classes.shape:
            raise ValueError(f"counts 有 {counts.size} 个值，classes 有 {classes.size} 个")
        payload["counts"] = _deflated(np.clip(counts, 0, 65535).astype("<u2").tobytes())
    return update_group(name, payload)


def _deflated(raw: bytes) -> str:
    return base64.b64encode(zlib.compress(raw, 6)).decode("ascii")


def _check(frame: gpd.GeoDataFrame, labels: pd.Series | None) -> None:
    if "id" not in frame.columns:
        raise ValueError("点图层需要 id 列（点击时报告的编号）")
    if len(frame) and not (frame.geom_type == "Point").all():
        raise ValueError(f"点图层只接受点几何，实际有 {sorted(set(frame.geom_type) - {'Point'})}")
    if labels is not None and len(labels) != len(frame):
        raise ValueError(f"labels 有 {len(labels)} 个值，点有 {len(frame)} 个")


def _bbox(lon: np.ndarray, lat: np.ndarray) -> tuple[float, float, float, float]:
    if not len(lon):
        return (120.0, 31.0, 121.0, 32.0)
    pad = 1e-4  # keeps the box non-empty for a single point
    return (float(lon.min()) - pad, float(lat.min()) - pad, float(lon.max()) + pad, float(lat.max()) + pad)
