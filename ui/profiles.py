"""What the profile pages (firm, outlet, section) share: the layers they read, the place named in the URL,
the as-of date, tables whose ids link to their pages, and map clicks that open a page."""

from __future__ import annotations

from datetime import date
from typing import Callable

import pandas as pd
import streamlit as st

from geo import links, profiles
from ui import data

LAYERS = ("enterprises", "inspections", "problems", "outlets", "samples", "rivers", "sections", "teams",
          "fire_points")
MAP_KINDS = {"enterprise": "firm", "outlet": "outlet", "section": "section"}  # map layer -> page kind
_GOTO = "_profile_goto"


def layers() -> dict[str, pd.DataFrame]:
    return {name: data.layer(name) for name in LAYERS}


def base() -> str:
    return links.prefix(st.get_option("server.baseUrlPath"))


def chosen(kind: str) -> str | None:
    """The id or code of the place in the URL (`?code=` for a firm, `?id=` for an outlet or a section)."""
    return st.query_params.get(links.TARGETS[kind].param) or None


def as_of(layers_: dict[str, pd.DataFrame]) -> date:
    """`?as_of=YYYY-MM-DD` from the URL, else the data's latest day (geo.profiles.data_today)."""
    return links.decode_date(st.query_params.get("as_of")) or profiles.data_today(layers_)


def table(frame: pd.DataFrame, linked: dict[str, str] | None = None, height: int | str = "auto") -> None:
    """A table whose columns named in `linked` (column -> page kind) hold ids shown as links to their pages."""
    if frame.empty:
        st.caption("无记录")
        return
    out = frame.copy()
    config = {}
    for column, kind in (linked or {}).items():
        out[column] = links.urls(kind, frame[column], base())
        config[column] = st.column_config.LinkColumn(column, display_text=rf"[?&]{links.TARGETS[kind].param}=([^&]+)")
    st.dataframe(out, hide_index=True, width="stretch", column_config=config, height=height)


def page_links(kind: str, keys: pd.Series, names: pd.Series) -> None:
    """One link per place (a few), opening its page in this tab so that the back button returns here."""
    for key, name in zip(keys, names):
        st.page_link(links.TARGETS[kind].script, label=f"{name}（{key}）", query_params=links.query(kind, key))


def on_map_click(props: dict) -> None:
    """Map click callback: remember the place to open (a page cannot be switched inside a callback)."""
    kind = MAP_KINDS.get(props.get("layer"))
    if kind and props.get("id"):
        st.session_state[_GOTO] = (kind, props["id"])


def follow_map_click() -> None:
    """Open the page of the place clicked on the map, if any."""
    goto = st.session_state.pop(_GOTO, None)
    if goto:
        kind, key = goto
        st.switch_page(links.TARGETS[kind].script, query_params=links.query(kind, key))


def load(kind: str, build: Callable) -> tuple[dict[str, pd.DataFrame], object]:
    """(layers, build(layers, key, as_of)) for the place named in the URL; when there is none, or an unknown
    one, the page says what to do and stops."""
    layers_ = layers()
    key = chosen(kind)
    error = None
    if key:
        try:
            return layers_, build(layers_, key, as_of(layers_))
        except profiles.ProfileError as exc:
            error = exc
    st.title(links.TARGETS[kind].title)
    if error:
        st.error(str(error))
    st.info(f"在左侧“查找企业、排口、断面”中输入名称或编号，点击结果打开{links.TARGETS[kind].title}。")
    st.stop()
