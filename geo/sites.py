"""Inspection sites: the places inspected, one point each, and what each shows for a selection.

Years of records repeat the same places (300,000 inspections of some 35,000 sites), and at one place the
points of its inspections would only overlap, so the map draws a site once: in the colour of the most
pointed kind of inspection it had in the selection (四不两直 over 夜查 over 节假日 over 日常), with the number
of inspections on hover and summed into the density cells at city zoom."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.maps.styles import KIND_COLORS

KINDS = tuple(KIND_COLORS)  # drawing order: a later kind wins at a site
PALETTE = [KIND_COLORS[k] for k in KINDS]


@dataclass(frozen=True)
class Sites:
    """`frame`: one row per site (id = site_id, label = place name, geometry); `position`: for each inspection
    (same index as the inspections), the row of its site in `frame`."""

    frame: gpd.GeoDataFrame
    position: pd.Series


def sites(inspections: gpd.GeoDataFrame) -> Sites:
    """The distinct sites of `inspections`, located where their latest inspection was recorded."""
    latest = inspections.sort_values("started_at").drop_duplicates("site_id", keep="last")
    latest = latest.sort_values("site_id")
    frame = gpd.GeoDataFrame({"id": latest["site_id"].astype(str).to_numpy(),
                              "label": latest["place"].astype(str).to_numpy()},
                             geometry=latest.geometry.to_numpy(), crs=inspections.crs)
    lookup = pd.Series(np.arange(len(frame)), index=frame["id"])
    position = pd.Series(lookup.reindex(inspections["site_id"].astype(str)).to_numpy(), index=inspections.index)
    return Sites(frame, position)


def shown(s: Sites, selected: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """For each site: its class (0 = no inspection selected, k = KINDS[k-1]) and its number of inspections in
    `selected` (rows of the inspections `s` was built from)."""
    n = len(s.frame)
    if isinstance(s.position.index, pd.RangeIndex) and s.position.index.start == 0 and s.position.index.step == 1:
        where = s.position.to_numpy()[selected.index.to_numpy()]  # labels are positions: no lookup needed
    else:
        where = s.position.loc[selected.index].to_numpy()
    kind = pd.Categorical(selected["kind"], categories=KINDS).codes.astype("int16") + 1
    classes = np.zeros(n, dtype="uint8")
    np.maximum.at(classes, where, kind.astype("uint8"))
    counts = np.bincount(where, minlength=n)
    return classes, counts
