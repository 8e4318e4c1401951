"""Where each profile page lives and how its address is written: one function per kind of place, so every
table, map and search result links to the same URL, and a copied URL opens the same view.

Pages are registered in dashboard.py as `st.Page("pages/<kind>.py")`, so Streamlit serves them at
`<base>/<url_path>`; `base` is `server.baseUrlPath` ("" by default) and is passed in by the caller (geo never
asks Streamlit). The shared filters travel in the URL too (`encode_dates` / `decode_dates` and friends,
used by ui/urlstate.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode

import pandas as pd


@dataclass(frozen=True)
class Target:
    """A profile page: its script, its URL path and the query parameter that names the place."""

    kind: str
    script: str
    url_path: str
    param: str
    title: str


TARGETS = {
    t.kind: t
    for t in (
        Target("firm", "pages/firm.py", "firm", "code", "企业档案"),
        Target("outlet", "pages/outlet.py", "outlet", "id", "排口档案"),
        Target("section", "pages/section.py", "section", "id", "断面档案"),
    )
}


def prefix(base_url_path: str | None) -> str:
    """"" for no base path, "/emap" for "emap", "/emap/" or "/emap"."""
    base = (base_url_path or "").strip("/")
    return f"/{base}" if base else ""


def url(kind: str, key: str, base: str = "", **extra) -> str:
    """The page of one place, e.g. url("firm", "9132…") == "/firm?code=9132…"; `extra` adds parameters."""
    target = _target(kind)
    params = {target.param: key, **{k: v for k, v in extra.items() if v not in (None, "")}}
    return f"{prefix(base)}/{target.url_path}?{urlencode(params, quote_via=quote)}"


def firm_url(code: str, base: str = "", **extra) -> str:
    return url("firm", code, base, **extra)


def outlet_url(outlet_id: str, base: str = "", **extra) -> str:
    return url("outlet", outlet_id, base, **extra)


def section_url(section_id: str, base: str = "", **extra) -> str:
    return url("section", section_id, base, **extra)


def urls(kind: str, keys: pd.Series, base: str = "", extra: dict | None = None) -> pd.Series:
    """`url` for a column of keys (missing keys stay missing, so a table shows no link there); `extra`
    ({param: value or [values]}) is appended to each, e.g. the sidebar's filters."""
    target = _target(kind)
    head = f"{prefix(base)}/{target.url_path}?{target.param}="
    tail = f"&{urlencode(extra, doseq=True, quote_via=quote)}" if extra else ""
    text = keys.astype("string")
    return (head + text.map(lambda k: quote(k, safe=""), na_action="ignore") + tail).where(keys.notna(), None)


def query(kind: str, key: str) -> dict[str, str]:
    """The query parameters of a place's page (for st.page_link / st.switch_page)."""
    return {_target(kind).param: key}


def _target(kind: str) -> Target:
    if kind not in TARGETS:
        raise ValueError(f"没有“{kind}”类的档案页；可用：{'、'.join(TARGETS)}")
    return TARGETS[kind]


# ---- the shared filters in the URL -----------------------------------------------------------------


def encode_dates(picked) -> str:
    """A date range as "2020-09-27..2021-01-04"; a half-picked range (one date) as "2020-09-27"."""
    return "..".join(d.isoformat() for d in tuple(picked)[:2])


def decode_dates(text: str | None) -> tuple[date, ...] | None:
    """The inverse of `encode_dates`; None when the text is not one or two ISO dates in order."""
    if not text:
        return None
    try:
        days = tuple(date.fromisoformat(part) for part in str(text).split(".."))
    except ValueError:
        return None
    if len(days) not in (1, 2) or (len(days) == 2 and days[0] > days[1]):
        return None
    return days


def decode_date(text: str | None) -> date | None:
    """One ISO date, or None when absent or unreadable."""
    days = decode_dates(text)
    return days[0] if days and len(days) == 1 else None


def pick_one(value: str | None, choices) -> str | None:
    """`value` if it is one of `choices`, else None (a hand-edited URL must not break a widget)."""
    return value if value is not None and value in list(choices) else None


def pick_many(values, choices) -> list[str]:
    """Those of `values` that are among `choices`, in the order given, without repeats."""
    allowed = set(choices)
    return list(dict.fromkeys(v for v in values if v in allowed))
