"""What the profile pages (firm, outlet, section) share: the layers they read, the place named in the URL,
the as-of date, tables whose ids link to their pages, and map clicks that open a page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

import pandas as pd
import streamlit as st

from geo import links, maps, profile_map, profiles
from ui import data, filters, urlstate
from ui import maps as map_view

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
        out[column] = links.urls(kind, frame[column], base(), urlstate.params())
        config[column] = st.column_config.LinkColumn(column, display_text=rf"[?&]{links.TARGETS[kind].param}=([^&]+)")
    st.dataframe(out, hide_index=True, width="stretch", column_config=config, height=height)


def page_links(kind: str, keys: pd.Series, names: pd.Series) -> None:
    """One link per place (a few), opening its page in this tab so that the back button returns here."""
    for key, name in zip(keys, names):
        st.page_link(links.TARGETS[kind].script, label=f"{name}（{key}）",
                     query_params={**links.query(kind, key), **urlstate.params()})


def show_map(key: str, shown: dict[str, Iterable[str]], reaches: Iterable[str], frame_on: Iterable,
             height: int = 420) -> None:
    """The place's map (geo.profile_map): `shown` ids per point layer, `reaches` highlighted, framed on
    `frame_on`; under it, a link to the page of the place last clicked on it. A link rather than
    st.switch_page, which in Streamlit 1.67 leaves a history entry with the old page's path and the new
    page's query, so that the back button would not come back to this view."""
    basemap = filters.basemap()
    packs = data.derived(_packs, basemap.system)
    m = profile_map.profile_map({"lakes": data.layer("lakes"), "rivers": data.layer("rivers")}, packs,
                                data.layer("rivers"), frame_on, basemap)
    map_view.show(m, key=key, height=height, layers=profile_map.updates(packs, shown, reaches),
                  on_click=lambda props: _remember(key, props))
    clicked = st.session_state.get(_GOTO + key)
    if clicked:
        kind, place = clicked
        page_links(kind, [place], [f"打开{links.TARGETS[kind].title}"])


def _packs(layer, system: str) -> dict:
    """Every firm, outlet, section and fire point written for the browser once per data version."""
    return {kind: maps.pack(*profile_map.place_points(kind, layer(store_layer)), system, prefix=f"profile-{kind}")
            for kind, (store_layer, *_) in profile_map.PLACES.items()}


def _remember(key: str, props: dict) -> None:
    kind = MAP_KINDS.get(props.get("layer"))
    if kind and props.get("id"):
        st.session_state[_GOTO + key] = (kind, props["id"])


def load(kind: str, build: Callable):
    """build(layers, key, as_of) for the place named in the URL; when there is none, or an unknown
    one, the page says what to do and stops."""
    layers_ = layers()
    key = chosen(kind)
    error = None
    if key:
        try:
            return build(layers_, key, as_of(layers_))
        except profiles.ProfileError as exc:
            error = exc
    st.title(links.TARGETS[kind].title)
    if error:
        st.error(str(error))
    st.info(f"在左侧“查找企业、排口、断面”中输入名称或编号，点击结果打开{links.TARGETS[kind].title}。")
    st.stop()
