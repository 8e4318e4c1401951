"""Cached access to the store. Layers are shared objects (cache_resource): nothing may mutate them,
and nothing in geo/ does; the version in the key reloads them when the file changes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import maps, settings
from geo.store import GeoPackageStore, StoreError, open_store


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


def district_land() -> pd.DataFrame:
    """Districts minus lakes, for shading (geo.maps.land), computed once per data version."""
    s = store()
    return _land(str(s.path), s.version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _land(path: str, version: str) -> pd.DataFrame:
    return maps.land(_layer(path, version, "districts"), _layer(path, version, "lakes"))


def inspection_marks(system: str) -> pd.DataFrame:
    """Every inspection's point, colour and tooltip in the base map's coordinates (geo.maps.inspection_marks),
    computed once per data version and coordinate system; pages select rows with `.loc[index]`."""
    s = store()
    return _marks(str(s.path), s.version(), system)


@st.cache_resource(show_spinner=False, max_entries=4)
def _marks(path: str, version: str, system: str) -> pd.DataFrame:
    return maps.inspection_marks(_layer(path, version, "inspections"), system)


def district_names() -> list[str]:
    return layer("districts")["name"].tolist()
