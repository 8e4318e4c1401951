"""Cached access to the store. Layers, and what is derived from them, are shared objects (cache_resource):
nothing may mutate them, and nothing in geo/ does; the data version in the key reloads them when the
store changes."""

from __future__ import annotations

from typing import Callable, TypeVar

import pandas as pd
import streamlit as st

from geo import campaign, maps, settings, sites
from geo.store import GeoPackageStore, StoreError, open_store

T = TypeVar("T")


def store() -> GeoPackageStore:
    return open_store(settings.get("EMAP_DATA"))


@st.cache_resource(show_spinner=False, max_entries=32)
def _layer(path: str, version: str, name: str) -> pd.DataFrame:
    return open_store(path).read(name)


def layer(name: str) -> pd.DataFrame:
    """A layer of the configured store; stops the page with a Chinese message if the data are missing."""
    s = store()
    try:
        return _layer(str(s.path), s.version(), name)
    except StoreError as exc:
        st.error(f"无法读取数据：{exc}")
        st.info("在项目目录运行 `make run` 会自动生成示例数据；或设置 EMAP_DATA 指向已有的 GeoPackage。")
        st.stop()


def derived(build: Callable[..., T], *args) -> T:
    """`build(layer, *args)` computed once per data version and shared by every session, where `layer(name)`
    reads a layer inside it. `build` is a plain function of geo/ or of this module; `args` must be hashable."""
    s = store()
    return _derived(str(s.path), s.version(), f"{build.__module__}.{build.__qualname__}", build, *args)


@st.cache_resource(show_spinner=False, max_entries=32)
def _derived(path: str, version: str, name: str, _build: Callable, *args):
    # keyed by the builder's name: Streamlit does not hash arguments whose name starts with "_"
    return _build(lambda layer_name: _layer(path, version, layer_name), *args)


def district_land() -> pd.DataFrame:
    """Districts minus lakes, for shading (geo.maps.land)."""
    return derived(_land)


def records() -> campaign.Records:
    """Inspections and problems prepared for filtering (geo.campaign.prepare)."""
    return derived(_records)


def inspection_sites() -> sites.Sites:
    """The inspected places, one point each (geo.sites)."""
    return derived(_sites)


def site_points(system: str) -> maps.points.Packed:
    """The inspected places written for the browser in the base map's coordinate system (geo.maps.pack)."""
    return derived(_site_points, system)


def district_names() -> list[str]:
    return layer("districts")["name"].tolist()


def _land(layer):
    return maps.land(layer("districts"), layer("lakes"))


def _records(layer):
    return campaign.prepare(layer("inspections"), layer("problems"))


def _sites(layer):
    return sites.sites(layer("inspections"))


def _site_points(layer, system):
    frame = derived(_sites).frame
    return maps.pack(frame, frame["label"], system, prefix="sites")
