"""The fire page in Debian's chromium, offline: the events' map, a click on an event opens it, and a status set
in the browser survives a restart of the app."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo import fires
from geo.store import GeoPackageStore
from tests import browser_harness as h

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parent / "artifacts"
LAYERS = ("fire_events", "fire_cells")


@pytest.fixture()
def own_store(demo_store, tmp_path) -> GeoPackageStore:
    if not Path(h.CHROMIUM).exists():
        pytest.fail(f"{h.CHROMIUM} is missing: `make test` installs Debian's chromium (make browser)")
    path = tmp_path / "demo.gpkg"
    shutil.copyfile(demo_store.path, path)
    return GeoPackageStore(path)


def open_fires(page, url: str) -> dict:
    """Go to the fire page as a person does (the frame first: a fresh server's first run decides the navigation
    mode); the map's layer state once drawn."""
    page.goto(url)
    page.get_by_role("link", name="秸秆焚烧火点").click()
    page.get_by_text("待核查清单").wait_for(timeout=60000)
    state = h.wait_for_map(page, LAYERS)
    script_done(page)
    return state


def script_done(page) -> None:
    page.wait_for_timeout(200)
    page.wait_for_function("() => !document.querySelector('[data-test-script-state=running]')", timeout=60000)


def selectbox(page, label: str):
    return page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text(label, exact=True))


def event_choice(page) -> str:
    """The id of the event chosen in the 火点事件 list."""
    return selectbox(page, "火点事件").locator("input").input_value().split(" · ")[0]


def click_event(page, lon: float, lat: float) -> None:
    frame = h.map_frame(page)
    page.locator('iframe[title*="st_folium"]').scroll_into_view_if_needed()
    frame.evaluate(f"() => window.map.setView([{lat}, {lon}], 16, {{animate: false}})")
    frame.wait_for_function("() => window.emap.state().fire_events.mode === 'points'")
    x, y = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }}")
    box = page.locator('iframe[title*="st_folium"]').bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_a_status_set_in_the_browser_survives_a_restart(own_store, stored):
    built = fires.with_status(fires.build_events(stored["fire_points"], stored["enterprises"], stored["districts"],
                                                 stored["teams"]), None)
    straw = fires.select(built, fires.View(kind="straw"))
    target = straw.events[straw.events["status"] == "待核查"].sort_values("first_bj").iloc[0]
    with h.dashboard(own_store.path) as (url, _), h.offline_browser() as page:
        state = open_fires(page, url)["fire_events"]
        # the whole city: detections summed in density cells; every straw event shown, none drawn one by one
        assert state["n"] == len(built.events) and state["shown"] == len(straw.events)
        assert state["mode"] == "cells" and state["cellTotal"] == len(straw.detections)
        before = h.metrics(page)
        click_event(page, target["longitude"], target["latitude"])
        page.wait_for_function(f"() => [...document.querySelectorAll('input[aria-label=\"火点事件\"]')]"
                               f".some(i => i.value.startsWith({target.name!r}))", timeout=30000)
        script_done(page)
        assert "当前状态：待核查" in page.locator("body").inner_text()
        status = selectbox(page, "核查结果").locator("input")
        status.scroll_into_view_if_needed()
        status.click()
        page.get_by_role("option", name="已扑灭", exact=True).click()
        page.get_by_label("核查人").fill("王伟")
        page.get_by_label("说明（如：1 公里内无焚烧痕迹）").fill("浏览器测试")
        page.get_by_role("button", name="保存核查结果").click()
        page.wait_for_function("() => document.body.innerText.includes('当前状态：已扑灭（王伟')", timeout=60000)
        script_done(page)
        after = h.metrics(page)
        assert int(after["待核查事件"]) == int(before["待核查事件"]) - 1  # the counts follow
        assert page.outside == []
    # the app was stopped; start it again on the same data
    with h.dashboard(own_store.path) as (url, _), h.offline_browser() as page:
        open_fires(page, url)
        assert h.metrics(page) == after
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "fires.png"), full_page=True)
        click_event(page, target["longitude"], target["latitude"])
        page.wait_for_function("() => document.body.innerText.includes('当前状态：已扑灭（王伟，')", timeout=30000)
        assert event_choice(page) == target.name
        assert page.outside == []
    checks = fires.read_checks(own_store)
    assert checks[["fire_id", "status", "checked_by", "note"]].values.tolist() == [
        [target.name, "已扑灭", "王伟", "浏览器测试"]]
