"""geo.links: one address per place, and the shared filters written into and read back from the URL."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo import links


@pytest.mark.parametrize(("call", "expected"), [
    (lambda: links.firm_url("91320582MAFW4Q4P68"), "/firm?code=91320582MAFW4Q4P68"),
    (lambda: links.outlet_url("PK0001", "emap"), "/emap/outlet?id=PK0001"),
    (lambda: links.section_url("DM001", "/emap/"), "/emap/section?id=DM001"),
    (lambda: links.firm_url("X", as_of="2020-10-31"), "/firm?code=X&as_of=2020-10-31"),
    (lambda: links.url("outlet", "PK 1&2"), "/outlet?id=PK%201%262"),
    (lambda: links.query("section", "DM001"), {"id": "DM001"}),
])
def test_addresses(call, expected):
    assert call() == expected


def test_urls_for_a_column_keep_missing_keys_missing():
    out = links.urls("firm", pd.Series(["A1", None, "B/2"]), "emap")
    assert out.tolist()[0] == "/emap/firm?code=A1"
    assert pd.isna(out.iloc[1])
    assert out.iloc[2] == "/emap/firm?code=B%2F2"


def test_unknown_kind_is_named():
    with pytest.raises(ValueError, match="没有“river”类的档案页"):
        links.url("river", "R1")


@given(st.dates(date(2000, 1, 1), date(2040, 1, 1)), st.integers(0, 400))
def test_date_range_round_trip(start, days):
    picked = (start, date.fromordinal(min(start.toordinal() + days, date(2040, 1, 1).toordinal())))
    assert links.decode_dates(links.encode_dates(picked)) == picked
    assert links.decode_dates(links.encode_dates(picked[:1])) == picked[:1]


@pytest.mark.parametrize("text", ["", None, "2020-13-01", "2021-01-04..2020-09-27", "a..b",
                                  "2020-01-01..2020-01-02..2020-01-03"])
def test_bad_dates_are_ignored(text):
    assert links.decode_dates(text) is None


def test_picks_keep_only_known_choices():
    assert links.pick_one("昆山市", ["昆山市", "太仓市"]) == "昆山市"
    assert links.pick_one("火星", ["昆山市"]) is None
    assert links.pick_many(["太仓市", "火星", "太仓市", "昆山市"], ["昆山市", "太仓市"]) == ["太仓市", "昆山市"]
    assert links.decode_date("2020-10-31") == date(2020, 10, 31) and links.decode_date("2020-10-31..2020-11-01") is None
