"""The shared sidebar's filters in the page's URL, so a copied link opens the same view and the browser's
back button restores the filters it left.

ui/filters.py calls `read(fields)` before it draws the widgets (the URL's values go into session state) and
`write(fields)` after (session state goes into the URL). `read` applies the URL only when it is not what
`write` last put there: a pasted link, a fresh session, the back button. A URL with none of the fields
(e.g. right after a page switch, which keeps only the new page's own parameters) leaves the widgets as
they are; a URL with some of them sets all of them, a missing list meaning "none chosen".
Values not among the widget's choices are dropped, so a hand-edited URL never breaks a widget.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from geo import links

_WRITTEN = "_urlstate_written"


@dataclass(frozen=True)
class Field:
    key: str  # session-state key of the widget
    param: str  # query parameter
    kind: str  # "one", "many" or "dates"
    choices: tuple = ()


def one(key: str, choices, param: str | None = None) -> Field:
    return Field(key, param or _param(key), "one", tuple(choices))


def many(key: str, choices, param: str | None = None) -> Field:
    return Field(key, param or _param(key), "many", tuple(choices))


def dates(key: str, param: str | None = None) -> Field:
    return Field(key, param or _param(key), "dates")


def read(fields: list[Field]) -> None:
    """Put the URL's values into session state (call before the widgets are created)."""
    now = _in_url(fields)
    if not now or now == st.session_state.get(_WRITTEN):
        return
    for field in fields:
        value = _decode(field, now.get(field.param, []))
        if value is not None:
            st.session_state[field.key] = value


def write(fields: list[Field]) -> None:
    """Put the widgets' values into the URL (call after the widgets are created)."""
    wanted = {f.param: _encode(f, st.session_state.get(f.key)) for f in fields}
    wanted = {param: values for param, values in wanted.items() if values}
    if _in_url(fields) != wanted:
        for field in fields:
            if field.param in wanted:
                st.query_params[field.param] = wanted[field.param]
            elif field.param in st.query_params:
                del st.query_params[field.param]
    st.session_state[_WRITTEN] = wanted


def _in_url(fields: list[Field]) -> dict[str, list[str]]:
    return {f.param: st.query_params.get_all(f.param) for f in fields if st.query_params.get_all(f.param)}


def _param(key: str) -> str:
    return key.removeprefix("f_")


def _encode(field: Field, value) -> list[str]:
    if value is None:
        return []
    if field.kind == "dates":
        return [links.encode_dates(value)] if value else []
    if field.kind == "many":
        return [str(v) for v in value]
    return [str(value)]


def _decode(field: Field, values: list[str]):
    """The widget value for the URL's `values`, or None to leave the widget as it is."""
    if field.kind == "many":
        return links.pick_many(values, field.choices)
    if not values:
        return None
    if field.kind == "dates":
        return links.decode_dates(values[0])
    return links.pick_one(values[0], field.choices)
