"""Showing folium maps: every map goes through here, so every map is served offline."""

from __future__ import annotations

from typing import Callable

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo import assets


def show(m: folium.Map, key: str, layers: list[folium.FeatureGroup] = (), height: int = 640,
         on_click: Callable[[dict], None] | None = None) -> None:
    """Draw `m`, then apply `layers` (the persistent layers' updates, geo.maps.point_update / shape_update, or
    small feature groups). The map itself stays mounted across reruns, its zoom and pan kept. A click on a
    feature of a clickable layer calls `on_click({"layer": ..., "id": ...})`; nothing else reruns the page."""
    missing = assets.missing_files()
    if missing:
        st.error(f"地图所需的浏览器文件未安装（缺少 {len(missing)} 个，如 static/{missing[0]}），地图无法显示。"
                 "请在项目目录运行 `make run`（或 `make setup`）安装后刷新页面。")
        return
    base = st.get_option("server.baseUrlPath") or ""
    for group in layers:
        assets.localize(group, base)
    assets.localize(m, base, layers)

    def changed():
        feature = (st.session_state.get(key) or {}).get("last_active_drawing") or {}
        properties = feature.get("properties") or {}
        if on_click and properties.get("layer"):
            on_click({"layer": properties["layer"], "id": properties.get("id")})

    st_folium(
        m, key=key, height=height, use_container_width=True, feature_group_to_add=list(layers) or None,
        returned_objects=["last_active_drawing"] if on_click else [], on_change=changed,
    )
