"""The shared sidebar: district, date range, campaign, inspection kind, base map. Drawn once by the
frame (dashboard.py); pages read the choice through `current()` and `basemap()`."""

from __future__ import annotations

from datetime import date

import streamlit as st

from geo import schema, settings
from geo.campaign import Filters
from geo.maps import BASEMAP_LABELS, Basemap, BasemapError
from ui import data

DISTRICTS, DATES, CAMPAIGN, KINDS, BASEMAP = "f_districts", "f_dates", "f_campaign", "f_kinds", "f_basemap"
SITE = "overview_site"  # the inspection site clicked on the overview's map
ALL = "全部"


def sidebar() -> None:
    campaigns = data.layer("campaigns").set_index("campaign")
    names = [ALL, *campaigns.index]
    if CAMPAIGN not in st.session_state:
        wanted = settings.get("EMAP_CAMPAIGN")
        st.session_state[CAMPAIGN] = wanted if wanted in campaigns.index else ALL
        st.session_state[DATES] = _span(campaigns, st.session_state[CAMPAIGN])
    with st.sidebar:
        st.selectbox("专项行动", names, key=CAMPAIGN, on_change=_snap_dates, args=(campaigns,))
        st.date_input("日期范围", key=DATES, min_value=date(2019, 1, 1), max_value=date(2030, 12, 31))
        st.multiselect("行政区", data.district_names(), key=DISTRICTS, placeholder="全市")
        st.multiselect("检查方式", list(schema.INSPECTION_KINDS), key=KINDS, placeholder="全部方式")
        st.selectbox("底图", _basemap_choices(), key=BASEMAP, format_func=BASEMAP_LABELS.get)
        st.caption(f"数据：{data.store().path.name}（{schema.DEMO_LABEL}，仅供演示）")


def current() -> Filters:
    """The sidebar's choice as `geo.campaign.Filters`. A half-picked date range counts as one day."""
    picked = st.session_state.get(DATES) or ()
    start, end = (tuple(picked) + tuple(picked))[:2] if picked else (date(2020, 9, 27), date(2021, 1, 4))
    campaign = st.session_state.get(CAMPAIGN)
    return Filters(
        start=start, end=end,
        districts=tuple(st.session_state.get(DISTRICTS) or ()),
        campaign=None if campaign in (None, ALL) else campaign,
        kinds=tuple(st.session_state.get(KINDS) or ()),
    )


def basemap() -> Basemap:
    kind = st.session_state.get(BASEMAP, "none")
    try:
        return Basemap(
            kind=kind, key=settings.get("EMAP_TIANDITU_KEY"), url=settings.get("EMAP_TILE_URL"),
            coords=settings.get("EMAP_TILE_CRS"),
        )
    except BasemapError as exc:
        st.warning(f"{exc}；已改用本地底图。")
        return Basemap()


def on_overview_click(clicked: dict) -> None:
    """A click on the overview's map: a district filters the page (again: clears), a site shows its visits."""
    if clicked["layer"] == "district":
        toggle_district(clicked["id"])
    elif clicked["layer"] == "inspection_site":
        st.session_state[SITE] = None if st.session_state.get(SITE) == clicked["id"] else clicked["id"]


def toggle_district(name: str) -> None:
    """Select only `name`, or clear the selection if it was the only one (a second click undoes the first)."""
    st.session_state[DISTRICTS] = [] if st.session_state.get(DISTRICTS) == [name] else [name]


def _span(campaigns, name: str) -> tuple[date, date]:
    if name in campaigns.index:
        row = campaigns.loc[name]
        return row["start_date"].date(), row["end_date"].date()
    return campaigns["start_date"].min().date(), campaigns["end_date"].max().date()


def _snap_dates(campaigns) -> None:
    st.session_state[DATES] = _span(campaigns, st.session_state[CAMPAIGN])


def _basemap_choices() -> list[str]:
    choices = ["none", "osm", "amap"]
    if settings.get("EMAP_TIANDITU_KEY"):
        choices.insert(1, "tianditu")
    if settings.get("EMAP_TILE_URL"):
        choices.insert(1, "custom")
    default = settings.get("EMAP_BASEMAP")
    return sorted(choices, key=lambda c: c != default)
