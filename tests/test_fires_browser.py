"""The fire page in Debian's chromium, offline: events drawn, and a status set in the browser survives a
restart of the app."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo import fires
from geo.store import GeoPackageStore
from tests import browser_harness as h

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parent / "artifacts"
POINTS = "() => Object.values(window.map._layers).filter(l => l.options && l.options.emap === 'point').length"


@pytest.fixture()
def own_store(demo_store, tmp_path) -> GeoPackageStore:
    if not Path(h.CHROMIUM).exists():
        pytest.fail(f"{h.CHROMIUM} is missing: `make test` installs Debian's chromium (make browser)")
    path = tmp_path / "demo.gpkg"
    shutil.copyfile(demo_store.path, path)
    return GeoPackageStore(path)


def open_fires(page, url: str) -> int:
    """Go to the fire page; the number of event points Leaflet drew."""
    page.goto(url)  # the frame first, as a person arrives (a fresh server's first run decides the navigation mode)
    page.get_by_role("link", name="秸秆焚烧火点").click()
    page.get_by_text("待核查清单").wait_for(timeout=60000)
    frame = h.map_frame(page)
    drawn = frame.wait_for_function(f"() => window.map && ({POINTS})() > 0 && ({POINTS})()", timeout=60000)
    h.wait_idle(page)
    return drawn.json_value()


def selectbox(page, label: str):
    return page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text(label, exact=True))


def event_choice(page) -> str:
    """The id of the event chosen in the 火点事件 list."""
    return selectbox(page, "火点事件").locator("input").input_value().split(" · ")[0]


def test_a_status_set_in_the_browser_survives_a_restart(own_store, stored):
    built = fires.with_status(fires.build_events(stored["fire_points"], stored["enterprises"], stored["districts"],
                                                 stored["teams"]), None)
    straw = fires.select(built, fires.View(kind="straw"))
    with h.dashboard(own_store.path) as (url, _), h.offline_browser() as page:
        assert open_fires(page, url) == len(straw.events)
        event_id = event_choice(page)
        assert "当前状态：待核查" in page.locator("body").inner_text()
        before = h.metrics(page)
        status = selectbox(page, "核查结果").locator("input")
        status.scroll_into_view_if_needed()
        status.click()
        page.get_by_role("option", name="已扑灭", exact=True).click()
        page.get_by_label("核查人").fill("王伟")
        page.get_by_label("说明（如：1 公里内无焚烧痕迹）").fill("浏览器测试")
        page.get_by_role("button", name="保存核查结果").click()
        page.wait_for_function("() => document.body.innerText.includes('当前状态：已扑灭（王伟')", timeout=60000)
        page.wait_for_function("() => !document.querySelector('[data-test-script-state=running]')", timeout=60000)
        after = h.metrics(page)
        assert int(after["待核查事件"]) == int(before["待核查事件"]) - 1  # the counts follow
        assert page.outside == []
    # the app was stopped; start it again on the same data
    with h.dashboard(own_store.path) as (url, _), h.offline_browser() as page:
        open_fires(page, url)
        assert event_choice(page) == event_id
        assert "当前状态：已扑灭（王伟" in page.locator("body").inner_text()
        assert h.metrics(page) == after
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "fires.png"), full_page=True)
        assert page.outside == []
    checks = fires.read_checks(own_store)
    assert checks[["fire_id", "status", "checked_by"]].values.tolist() == [[event_id, "已扑灭", "王伟"]]
