"""Frames made ready for the browser: in the base map's coordinate system, rounded, with text escaped."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from geo import crs


def for_drawing(frame, system: str):
    """Copy of `frame` in coordinate system `system`, rounded to 5 decimals (~1 m), with text escaped, so that
    user text in tooltips and popups is shown, never run."""
    out = crs.shift_frame(frame, to=system) if system != "wgs84" else frame.copy()
    if not (out.geom_type == "Point").all():  # points are rounded as their coordinate arrays are built
        out["geometry"] = shapely.transform(out.geometry.values, lambda xy: np.round(xy, 5))
    for column in out.columns:
        if column != "geometry" and (out[column].dtype == object or pd.api.types.is_string_dtype(out[column])):
            out[column] = escape(out[column])
    return out


def escape(values: pd.Series) -> pd.Series:
    """html.escape over a column of text, vectorised (missing values stay missing)."""
    text = values.astype("str")
    for raw, safe in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        text = text.str.replace(raw, safe, regex=False)
    return text.where(values.notna(), None)


def geojson(frame) -> dict:
    """GeoJSON dict with NaN turned into null (folium's json would write NaN, which browsers reject)."""
    clean = frame.copy()
    for column in clean.columns:
        if column != "geometry" and clean[column].dtype.kind == "f":
            clean[column] = clean[column].astype(object).where(clean[column].notna(), None)
    return clean.__geo_interface__
