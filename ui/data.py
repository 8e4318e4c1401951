"""Cached access to the store. Layers are shared objects (cache_resource): nothing may mutate them,
and nothing in geo/ does; the version in the key reloads them when the file changes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import settings
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


def district_names() -> list[str]:
    return layer("districts")["name"].tolist()
