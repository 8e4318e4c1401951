"""An officer in chromium, offline: picks teams and a shift on 巡查路线规划, gets routes on the map, and
downloads a GPX that gpxpy reads back with the map's numbered stops, in the same order."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import gpxpy
import pandas as pd
import pytest

from tests import browser_harness as h

pytestmark = pytest.mark.browser
TEAMS = ["吴中执法一组", "昆山执法一组"]

# The numbered stops Leaflet drew in the map frame (their labels carry team, number and name).
STOPS = """() => Array.from(document.querySelectorAll('.route-number')).map(
  e => ({team: e.dataset.team, seq: +e.dataset.seq, name: e.dataset.name}))"""


@pytest.fixture()
def app(demo_store, tmp_path, monkeypatch):
    if not Path(h.CHROMIUM).exists():
        pytest.fail(f"{h.CHROMIUM} is missing: `make test` installs Debian's chromium (make browser)")
    path = tmp_path / "patrol.gpkg"
    shutil.copy(demo_store.path, path)
    monkeypatch.setenv("EMAP_ROUTE_SECONDS", "2")
    with h.dashboard(path) as (url, _):
        yield url


def test_officer_plans_routes_and_downloads_a_gpx(app):
    with h.offline_browser() as page:
        page.goto(app)  # as a person does: open the dashboard, then the page from the navigation
        page.get_by_role("link", name="巡查路线规划").click()
        page.get_by_role("button", name="生成路线").wait_for(timeout=60000)
        h.wait_idle(page)
        teams = page.get_by_role("combobox", name="出动小组")
        page.get_by_role("button", name="Clear all").first.click()
        h.wait_idle(page)
        for name in TEAMS:
            teams.click()
            page.keyboard.type(name)  # the list of 74 teams is virtualised: filter it as a person would
            page.get_by_role("option", name=name, exact=True).click()
            h.wait_idle(page)
        page.keyboard.press("Escape")
        shift = page.get_by_role("textbox", name="班次")
        shift.fill("19:00-22:00")
        shift.press("Enter")
        h.wait_idle(page)
        page.get_by_role("button", name="生成路线").click()
        page.get_by_text("下载 GPX（手机导航）").wait_for(timeout=60000)
        h.wait_idle(page)

        frame = h.map_frame(page)
        drawn = frame.wait_for_function(f"() => {{ const s = ({STOPS})(); return s.length > 0 && s; }}",
                                        timeout=30000).json_value()
        assert {s["team"] for s in drawn} <= set(TEAMS)
        state = frame.wait_for_function(
            f"() => {{ const s = window.emap.state(); "
            f"return s.route_stops && s.route_stops.shown == {len(drawn)} && s; }}",
            timeout=30000).json_value()
        assert state["routes"]["n"] == len({s["team"] for s in drawn})
        with page.expect_download() as info:
            page.get_by_text("下载 GPX（手机导航）").click()
        gpx = gpxpy.parse(Path(info.value.path()).read_text(encoding="utf-8"))
        on_map = sorted((s for s in drawn if s["team"] == gpx.routes[0].name), key=lambda s: s["seq"])
        assert on_map, f"no stops of {gpx.routes[0].name} on the map"
        expected = [f"{s['seq']:02d} {s['name']}" for s in on_map]
        assert [w.name for w in gpx.waypoints] == expected
        assert [p.name for p in gpx.routes[0].points] == expected

        with page.expect_download() as info:
            page.get_by_text("下载全部停靠点（Excel）").click()
        sheets = pd.read_excel(io.BytesIO(Path(info.value.path()).read_bytes()), sheet_name=None)
        per_team = {str(s["小组"].iloc[0]).strip(): s for s in list(sheets.values())[1:-1]}
        assert per_team[gpx.routes[0].name]["点位"].tolist() == [s["name"] for s in on_map]
        assert page.outside == [], f"requests left the machine: {page.outside[:5]}"
