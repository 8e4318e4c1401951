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


def test_overview_draws_districts_points_and_kpis_offline(page, stored):
    drawn = h.wait_for_map(page)
    h.wait_idle(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
    assert drawn["district"] == len(stored["districts"])
    campaign_row = stored["campaigns"].set_index("campaign").loc["百日会战"]
    default = Filters(campaign_row["start_date"].date(), campaign_row["end_date"].date(), campaign="百日会战")
    assert drawn["point"] == len(campaign.filter_inspections(stored["inspections"], default))
    assert h.metrics(page) == expected_kpis(stored, default)


def test_clicking_a_district_filters_the_page(page, stored):
    h.wait_for_map(page)
    h.wait_idle(page)
    frame = h.map_frame(page)
    # the centre (in page pixels) of 昆山市's polygon as Leaflet drew it
    x, y = frame.evaluate("""() => {
        const l = Object.values(window.map._layers).find(l => l.feature && l.feature.properties.layer === 'district'
                                                          && l.feature.properties.district === '昆山市');
        const p = window.map.latLngToContainerPoint(l.getBounds().getCenter());
        return [p.x, p.y];
    }""")
    box = page.locator('iframe[title*="st_folium"]').bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_function("() => document.body.innerText.includes('· 昆山市 ·')", timeout=30000)
    h.wait_idle(page)
    row = stored["campaigns"].set_index("campaign").loc["百日会战"]
    only = Filters(row["start_date"].date(), row["end_date"].date(), campaign="百日会战", districts=("昆山市",))
    assert h.metrics(page) == expected_kpis(stored, only)


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
