"""Showing folium maps: every map goes through here, so every map is served offline."""

from __future__ import annotations

from typing import Callable

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo import assets


def show(m: folium.Map, key: str, layers: list[folium.FeatureGroup] = (), height: int = 640,
         on_click: Callable[[dict], None] | None = None) -> None:
    """Draw `m` with `layers` on top. The map itself stays mounted across reruns (its zoom and pan kept);
    only the layers change. Clicks on a feature call `on_click(properties)`; nothing else reruns the page."""
    base = st.get_option("server.baseUrlPath") or ""
    for group in layers:
        assets.localize(group, base)
    assets.localize(m, base, layers)

    def changed():
        feature = (st.session_state.get(key) or {}).get("last_active_drawing") or {}
        if on_click and feature.get("properties"):
            on_click(feature["properties"])

    st_folium(
        m, key=key, height=height, use_container_width=True, feature_group_to_add=list(layers) or None,
        returned_objects=["last_active_drawing"] if on_click else [], on_change=changed,
    )
