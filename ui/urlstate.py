"""The shared sidebar's filters in the page's URL, so a copied link opens the same view and the browser's
back button restores the filters it left.

ui/filters.py calls `read(fields)` before it draws the widgets (the URL's values go into session state) and
`write(fields)` after (session state goes into the URL, all parameters in one step, so one change is one
step of the browser's history). `read` applies the URL only when it is not what `write` last put there: a
pasted link, a fresh session, the back button. A URL with none of the fields leaves the widgets as they are,
and `write` writes nothing in the first run of a page: in that run Streamlit still has the previous page's
path in the address bar, so a write would leave a history entry with the old path and the new page's
parameters (Streamlit 1.67 sets the new path, with the query the page was opened with, when the run ends).
From the page's second run on, `write` puts the filters into the URL whenever the URL lacks them or they
change; it also sends the whole query again after a link to the same page (new `code`, same path), which
Streamlit does not put in the address bar by itself. Links inside the app
(`params()`) carry the filters along, so their pages open with the filters already in the URL.
A URL with some of the fields sets all of them, a missing list meaning "none chosen".
Values not among the widget's choices are dropped, so a hand-edited URL never breaks a widget.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from geo import links

_WRITTEN, _FIELDS, _SEEN = "_urlstate_written", "_urlstate_fields", "_urlstate_seen"


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
    st.session_state[_FIELDS] = fields
    now = _in_url(fields)
    if not now or now == st.session_state.get(_WRITTEN):
        return
    for field in fields:
        value = _decode(field, now.get(field.param, []))
        if value is not None:
            st.session_state[field.key] = value


def write(fields: list[Field]) -> None:
    """Put the widgets' values into the URL (call after the widgets are created)."""
    wanted = params(fields)
    mine = {f.param for f in fields}
    full = {**{k: st.query_params.get_all(k) for k in st.query_params if k not in mine}, **wanted}
    page, last = _page(), st.session_state.get(_SEEN)
    st.session_state[_SEEN] = (page, full)
    if last is None or last[0] != page:
        st.session_state[_WRITTEN] = _in_url(fields)  # what the address bar will hold when this run ends
        return  # a page's first run: the address bar still shows the previous page's path (see above)
    if full != last[1] or _in_url(fields) != wanted:
        st.query_params.from_dict(full)
    st.session_state[_WRITTEN] = wanted


def params(fields: list[Field] | None = None) -> dict[str, list[str]]:
    """The filters as query parameters, for links that should open with the same filters."""
    fields = fields if fields is not None else st.session_state.get(_FIELDS, [])
    wanted = {f.param: _encode(f, st.session_state.get(f.key)) for f in fields}
    return {param: values for param, values in wanted.items() if values}


def _page() -> str:
    """The page this run draws (Streamlit's page script hash)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx else ""


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
