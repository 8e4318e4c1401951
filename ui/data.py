"""Cached access to the store. Layers are shared objects (cache_resource): nothing may mutate them,
and nothing in geo/ does; the store's location and version in the key reload them when the data change.

A store that cannot be opened or read stops the page with its Chinese message (naming the store, never a
server path) and what to do; the user never sees a traceback."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import maps, settings
from geo.store import Store, StoreError, open_store

_WHAT_TO_DO = ("在项目目录运行 `make run` 会自动生成示例数据；或设置 EMAP_DATA 指向已有的 GeoPackage 文件（.gpkg）"
               "或 PostgreSQL 数据库（postgresql://…）。")


def store() -> Store:
    """The configured store; stops the page with a message if EMAP_DATA cannot name one."""
    try:
        return open_store(settings.get("EMAP_DATA"))
    except settings.SettingError:
        _stop("设置 EMAP_DATA 无效：应为 GeoPackage 文件路径（.gpkg）或 PostgreSQL 数据库地址（postgresql://…）")
    except StoreError as exc:
        _stop(str(exc))


def _stop(message: str):
    st.error(f"无法读取数据：{message}")
    st.info(_WHAT_TO_DO)
    st.stop()


def _keyed(function, *args):
    """`function(location, version, *args)` for the configured store, or the page stopped with the message."""
    s = store()
    try:
        return function(s.location(), s.version(), *args)
    except StoreError as exc:
        _stop(str(exc))


@st.cache_resource(show_spinner=False, max_entries=32)
def _layer(location: str, version: str, name: str) -> pd.DataFrame:
    return open_store(location).read(name)


def layer(name: str) -> pd.DataFrame:
    """A layer of the configured store; stops the page with a Chinese message if the data are missing."""
    return _keyed(_layer, name)


def district_land() -> pd.DataFrame:
    """Districts minus lakes, for shading (geo.maps.land), computed once per data version."""
    return _keyed(_land)


@st.cache_resource(show_spinner=False, max_entries=4)
def _land(location: str, version: str) -> pd.DataFrame:
    return maps.land(_layer(location, version, "districts"), _layer(location, version, "lakes"))


def inspection_marks(system: str) -> pd.DataFrame:
    """Every inspection's point, colour and tooltip in the base map's coordinates (geo.maps.inspection_marks),
    computed once per data version and coordinate system; pages select rows with `.loc[index]`."""
    return _keyed(_marks, system)


@st.cache_resource(show_spinner=False, max_entries=4)
def _marks(location: str, version: str, system: str) -> pd.DataFrame:
    return maps.inspection_marks(_layer(location, version, "inspections"), system)


def district_names() -> list[str]:
    return layer("districts")["name"].tolist()
