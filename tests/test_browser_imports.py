"""A data clerk in Debian's chromium, offline: uploads a district's Excel inspection list (GCJ-02 named in the
title row, DMS and decimal coordinates, bad rows), sees every bad row with its Chinese reason, commits the good
ones, and finds them counted on the overview."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo import campaign, labels
from geo.campaign import Filters
from geo.store import GeoPackageStore
from tests import browser_harness as h
from tests import import_files as f

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parent / "artifacts"


def test_import_an_excel_list_see_bad_rows_commit_and_see_it_on_the_overview(demo_store, tmp_path):
    if not Path(h.CHROMIUM).exists():
        pytest.fail(f"{h.CHROMIUM} is missing: `make test` installs Debian's chromium (make browser)")
    store = GeoPackageStore(tmp_path / "store.gpkg")
    shutil.copyfile(demo_store.path, store.path)
    upload = tmp_path / "吴中区检查台账.xlsx"
    upload.write_bytes(f.inspection_xlsx(campaign="百日会战"))
    span = store.read("campaigns").set_index("campaign").loc["百日会战"]
    hundred_days = Filters(span["start_date"].date(), span["end_date"].date(), campaign="百日会战")
    before = campaign.summary(store.read("inspections"), store.read("problems"), hundred_days)

    with h.dashboard(store.path) as (url, _), h.offline_browser() as page:
        page.goto(url)  # the frame first: a fresh server's very first run decides the navigation mode
        page.locator('[data-testid="stMetric"]').nth(11).wait_for(timeout=120000)
        h.wait_idle(page)
        page.get_by_role("link", name="数据导入与导出").click()
        page.get_by_role("heading", name="数据导入与导出").wait_for()
        page.locator('input[type="file"]').set_input_files(str(upload))
        page.get_by_text("拒收的行（7）").wait_for(timeout=60000)
        h.wait_idle(page)
        table = page.locator('[data-testid="stTable"]').first.inner_text()
        for line, (column, words) in f.EXPECTED_BAD.items():
            assert words in table and column in table, (line, words)
        assert "可导入 6" in page.locator('[data-testid="stAlert"]').first.inner_text()
        page.locator("iframe").last.scroll_into_view_if_needed()
        preview = h.wait_for_map(page, layers=("import_preview",), timeout_ms=120000)["import_preview"]
        assert (preview["n"], preview["shown"]) == (6, 6)  # the six good rows, on the map before any write
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "imports.png"), full_page=True)
        page.get_by_role("button", name="提交 6 行").click()
        page.get_by_text("已写入").wait_for(timeout=60000)
        h.wait_idle(page)

        page.goto(url)  # a new visit: the overview with its default filters (百日会战)
        page.locator('[data-testid="stMetric"]').nth(11).wait_for(timeout=120000)
        h.wait_idle(page, timeout_ms=120000)
        caption = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()
        assert "百日会战" in caption
        page.screenshot(path=str(ARTIFACTS / "imports-overview.png"), full_page=True)
        shown = h.metrics(page)
        assert page.outside == [], page.outside[:5]

    after = campaign.summary(store.read("inspections"), store.read("problems"), hundred_days)
    assert after["inspections"] == before["inspections"] + 6 and after["problems"] == before["problems"] + 2
    cards = {label: value for _, label, value, _ in labels.kpi_cards(after, hundred_days.as_of_date)}
    assert shown["检查次数"] == cards["检查次数"] == f"{before['inspections'] + 6:,}"
    assert shown == cards
