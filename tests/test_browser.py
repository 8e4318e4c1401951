"""What a person sees: the dashboard in Debian's chromium, on loopback, with every outside request refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import campaign, labels
from geo.campaign import Filters
from tests import browser_harness as h

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def app(demo_store):
    if not Path(h.CHROMIUM).exists():
        pytest.fail(f"{h.CHROMIUM} is missing: `make test` installs Debian's chromium (make browser)")
    with h.dashboard(demo_store.path) as (url, _):
        yield url


@pytest.fixture()
def page(app):
    with h.offline_browser() as page:
        page.goto(app)
        yield page
        assert page.outside == [], f"requests left the machine: {page.outside[:5]}"


def expected_kpis(stored, filters: Filters) -> dict[str, str]:
    k = campaign.summary(stored["inspections"], stored["problems"], filters)
    return {label: value for _, label, value, _ in labels.kpi_cards(k, filters.as_of_date)}


def hundred_days(stored, **kwargs) -> Filters:
    row = stored["campaigns"].set_index("campaign").loc["百日会战"]
    return Filters(row["start_date"].date(), row["end_date"].date(), campaign="百日会战", **kwargs)


def test_overview_draws_districts_points_and_kpis_offline(page, stored):
    state = h.wait_for_map(page)
    h.wait_idle(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
    assert state["districts"]["drawn"] == len(stored["districts"])
    selected = campaign.filter_inspections(stored["inspections"], hundred_days(stored))
    sites = state["sites"]
    # the whole city: every selected inspection counted in the density discs, none drawn one by one
    assert sites["mode"] == "cells" and sites["drawn"] == 0
    assert sites["total"] == sites["cellTotal"] == len(selected)
    assert sites["shown"] == selected["site_id"].nunique()
    assert h.metrics(page) == expected_kpis(stored, hundred_days(stored))


def test_street_zoom_draws_each_site_in_view_and_a_click_shows_its_visits(page, stored):
    h.wait_for_map(page)
    h.wait_idle(page)
    frame = h.map_frame(page)
    frame.evaluate("() => window.map.setView([31.30, 120.62], 14, {animate: false})")
    frame.wait_for_function("() => window.emap.state().sites.mode === 'points'")
    west, south, east, north = frame.evaluate(
        "() => { const b = window.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }")
    selected = campaign.filter_inspections(stored["inspections"], hundred_days(stored))
    latest = selected.sort_values("started_at").drop_duplicates("site_id", keep="last")
    everywhere = stored["inspections"].sort_values("started_at").drop_duplicates("site_id", keep="last")
    where = everywhere.set_index("site_id").geometry.loc[latest["site_id"]]
    inside = where[(where.x > west) & (where.x < east) & (where.y > south) & (where.y < north)]
    drawn = h.map_state(frame)["sites"]["drawn"]
    assert drawn > 0 and abs(drawn - len(inside)) <= 2  # up to a point on the edge, by 3 m of quantisation
    site = inside.index[0]
    x, y = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{inside.iloc[0].y}, "
                          f"{inside.iloc[0].x}]); return [p.x, p.y]; }}")
    box = page.locator('iframe[title*="st_folium"]').bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    place = selected.loc[selected["site_id"] == site, "place"].iloc[0]
    page.wait_for_function(f"() => document.body.innerText.includes({place + '（所选条件下检查'!r})", timeout=30000)


def test_clicking_a_district_filters_the_page(page, stored):
    h.wait_for_map(page)
    h.wait_idle(page)
    frame = h.map_frame(page)
    # the centre (in page pixels) of 昆山市's polygon as Leaflet drew it
    x, y = frame.evaluate("""() => {
        const l = Object.values(window.map._layers).find(l => l.feature && l.feature.properties.id === '昆山市'
                                                          && l.getBounds);
        const p = window.map.latLngToContainerPoint(l.getBounds().getCenter());
        return [p.x, p.y];
    }""")
    box = page.locator('iframe[title*="st_folium"]').bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_function("() => document.body.innerText.includes('· 昆山市 ·')", timeout=30000)
    h.wait_idle(page)
    assert h.metrics(page) == expected_kpis(stored, hundred_days(stored, districts=("昆山市",)))
    # the map's points follow without remounting the map: the same layers got a second update
    state = h.wait_for_map(page, updates=2)
    kunshan = campaign.filter_inspections(stored["inspections"], hundred_days(stored, districts=("昆山市",)))
    assert state["sites"]["total"] == len(kunshan)


def test_first_filter_change_on_a_fresh_server_keeps_the_other_filters(demo_store):
    """The first run after the server starts goes through Streamlit's pages/-folder mode; without
    ui.frame.use_navigation_only() the first user's first click reset the campaign to 全部."""
    with h.dashboard(demo_store.path) as (url, _), h.offline_browser() as page:
        page.goto(url)
        h.wait_for_map(page)
        h.wait_idle(page)
        h.district_option(page, "昆山市").click()
        page.wait_for_function("() => document.body.innerText.includes('· 昆山市 ·')", timeout=30000)
        assert "百日会战 · 2020-09-27 至 2021-01-04 · 昆山市" in page.locator("body").inner_text()
        assert page.outside == []


def test_panning_and_zooming_rerun_nothing(page):
    h.wait_for_map(page)
    h.wait_idle(page)
    page.evaluate("""() => { window.__runs = 0; const app = document.querySelector('[data-testid="stApp"]');
        new MutationObserver(() => { if (app.getAttribute('data-test-script-state') === 'running') window.__runs++; })
            .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }""")
    frame = h.map_frame(page)
    box = page.locator('iframe[title*="st_folium"]').bounding_box()
    page.mouse.move(box["x"] + 300, box["y"] + 300)
    page.mouse.down()
    page.mouse.move(box["x"] + 420, box["y"] + 360, steps=8)
    page.mouse.up()
    page.mouse.wheel(0, -400)
    frame.evaluate("() => window.map.setView([31.3, 120.6], 13)")
    page.wait_for_timeout(2500)  # st_folium reports moves after 250 ms
    assert page.evaluate("() => window.__runs") == 0
    assert h.map_state(frame)["sites"]["mode"] == "points"  # and the map did follow the zoom
    h.district_option(page, "昆山市").click()  # the counter does see a rerun when there is one
    page.wait_for_function("() => window.__runs > 0", timeout=30000)


def test_a_shared_link_to_a_page_is_the_first_request_of_a_fresh_server(demo_store):
    """v1 pages/-folder mode would run the page script alone, without the frame's sidebar."""
    with h.dashboard(demo_store.path) as (url, _), h.offline_browser() as page:
        page.goto(f"{url}/patrol")
        page.wait_for_function("() => document.querySelector('h1') && "
                               "document.querySelector('h1').innerText.includes('巡查路线规划')", timeout=60000)
        page.get_by_role("combobox", name="行政区").wait_for(timeout=30000)  # the frame's sidebar is there
        h.wait_idle(page)
        assert page.outside == []
