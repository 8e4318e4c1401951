"""Cached river data for the rivers page (geo.rivers), per data version and period, and its map clicks."""

from __future__ import annotations

from datetime import date

import streamlit as st

from geo import maps, rivers
from geo.network import Network
from ui import data

SECTION, OUTLET = "rv_section", "rv_outlet"  # session-state keys of the two pickers


def waters(start: date, end: date) -> rivers.Waters:
    """geo.rivers.prepare for the period, once per data version and period (shared, never mutated)."""
    return data.derived(_waters, start, end)


def points(name: str, system: str) -> maps.points.Packed:
    """The sections or outlets written for the browser (geo.maps.pack), once per data version and system."""
    return data.derived(_points, name, system)


def _waters(layer, start: date, end: date) -> rivers.Waters:
    return rivers.prepare({name: layer(name) for name in rivers.LAYERS}, start, end, data.derived(_network))


def _network(layer) -> Network:
    return Network(layer("rivers"))


def _points(layer, name: str, system: str) -> maps.points.Packed:
    frame = layer(name)
    key = {"sections": "section_id", "outlets": "outlet_id"}[name]
    labels = frame["name"] + ("（" + frame["level"] + "）" if name == "sections" else "（" + frame["type"] + "）")
    return maps.pack(frame.assign(id=frame[key]), labels, system, prefix=f"rivers-{name}")


def on_click(w: rivers.Waters):
    """What a click on the map selects: a section (or the first section below a clicked reach), or an outlet."""

    def clicked(event: dict) -> None:
        if event["layer"] == "section":
            st.session_state[SECTION] = event["id"]
        elif event["layer"] == "reach":
            st.session_state[SECTION] = rivers.section_below_reach(w, event["id"]) or st.session_state.get(SECTION)
        elif event["layer"] == "outlet":
            st.session_state[OUTLET] = event["id"]

    return clicked
