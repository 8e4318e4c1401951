"""The patrol page (巡查路线规划) under Streamlit's AppTest on a copy of the demo data: an officer picks
teams and a shift, plans, and sees the figures geo.routing.plan.plan gives; a 双随机 draw is logged."""

from __future__ import annotations

import shutil

import pytest

from geo import draws
from geo.store import GeoPackageStore
from tests.test_pages import navigation_frame, run_app  # noqa: F401  (the fixture is used by name)

TEAMS = ["ZF320506-01", "ZF320583-01"]


@pytest.fixture()
def own_store(demo_store, tmp_path, monkeypatch):
    path = tmp_path / "patrol.gpkg"
    shutil.copy(demo_store.path, path)
    monkeypatch.setenv("EMAP_DATA", str(path))
    monkeypatch.setenv("EMAP_ROUTE_SECONDS", "1")
    return GeoPackageStore(path)


def _patrol(at):
    at.switch_page("pages/patrol.py").run()
    assert not at.exception, at.exception
    return at


def test_officer_plans_two_teams_for_a_short_shift(own_store):
    at = _patrol(run_app())
    at.multiselect(key="patrol_teams").set_value(TEAMS).run()
    at.text_input(key="patrol_shift").set_value("19:00-21:00").run()
    at.button(key="patrol_go").click().run()
    assert not at.exception, at.exception
    plan = at.session_state["patrol_plan"]
    assert [t for t in plan.routes["id"]] == TEAMS
    shown = {m.label: m.value for m in at.metric}
    t = plan.totals
    assert shown["安排点位"] == f"{t['visited']}/{t['candidates']}" and t["visited"] > 0
    assert shown["总里程"] == f"{t['distance_km']:.1f} km"
    assert all(arrive <= "21:00" for arrive in plan.stops["depart"])
    stops = at.dataframe[0].value
    assert stops["点位"].tolist() == plan.stops["name"].tolist()


def test_a_bad_shift_is_explained(own_store):
    at = _patrol(run_app())
    at.text_input(key="patrol_shift").set_value("晚上").run()
    at.button(key="patrol_go").click().run()
    assert any("班次“晚上”应为 HH:MM-HH:MM" in e.value for e in at.error)


def test_a_draw_is_logged_and_feeds_the_candidates(own_store):
    at = _patrol(run_app())
    at.text_input(key="draw_by").set_value("王科长").run()
    at.button(key="draw_go").click().run()
    assert not at.exception, at.exception
    logged = draws.history(own_store)
    assert len(logged) == 1 and logged.iloc[0]["drawn_by"] == "王科长"
    assert draws.reproduces(logged.iloc[0], own_store.read("enterprises"), own_store.read("teams"))
    options = at.multiselect(key="patrol_pins").options
    assert any("双随机抽查抽中" in o for o in options)
