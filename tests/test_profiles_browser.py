"""A person looking a firm up, in Debian's chromium on loopback with every outside request refused: search
the bulletin's firm by part of its name, open its file, check what it shows against the store, export it,
go from a firm to one of its outlets and back, and open a copied address in a new tab."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from geo import profiles
from tests import browser_harness as h
from tests.test_browser import app  # noqa: F401  (the dashboard on the demo store, one per module)
from tests.test_profiles import KAILING, code_of, sampled_owner

pytestmark = pytest.mark.browser
WAIT = 120_000  # ms; the machine is shared, a cold page can take a while
SEARCH_BOX = "名称、信用代码、拼音首字母、编号"


@pytest.fixture()
def page(app):
    with h.offline_browser() as page:
        page.set_default_timeout(WAIT)
        yield page
        assert page.outside == [], f"requests left the machine: {page.outside[:5]}"


def settled(page) -> None:
    """Wait until the script has finished its run (this app shows no status widget; the app element says)."""
    page.wait_for_timeout(200)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') !== 'running'")


def heading(page) -> str:
    settled(page)
    return page.locator("h1").first.inner_text().strip()


def open_by_search(page, text: str, name: str) -> None:
    box = page.get_by_placeholder(SEARCH_BOX)
    box.click()
    box.fill("")
    box.press_sequentially(text, delay=60)
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a', has_text=name).first.click()
    page.wait_for_function("name => document.querySelector('h1')?.innerText.includes(name)", arg=name)


def shown_firm(page, p: profiles.FirmProfile) -> None:
    """The page shows the firm's summary and as many inspections and problems as the store holds."""
    assert heading(page) == p.firm["name"]
    page.get_by_text(f"发现问题（{len(p.problems)}）").wait_for()
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert p.summary in body
    assert f"检查记录（{len(p.inspections)}）" in body and f"发现问题（{len(p.problems)}）" in body
    page.locator('[data-testid="stMetricLabel"]', has_text="检查（全部）").wait_for()
    assert h.metrics(page)["检查（全部）"] == f"{len(p.inspections):,}"


def test_search_open_export_follow_back_and_share(app, page, stored):
    page.goto(f"{app}/firm")
    page.get_by_placeholder(SEARCH_BOX).wait_for()
    open_by_search(page, "凯凌", KAILING)
    kailing = profiles.firm_profile(stored, code_of(stored, KAILING))
    shown_firm(page, kailing)
    assert "未按规范设置并填写危废警示标识" not in page.url  # state is ids, not text
    assert f"code={kailing.firm['credit_code']}" in page.url

    with page.expect_download() as download:
        page.get_by_role("button", name="导出企业档案").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    assert book.sheetnames == list(profiles.firm_sheets(kailing))
    assert book["检查记录"].max_row - 1 == len(kailing.inspections) and book["发现问题"].max_row - 1 == len(kailing.problems)

    # the bulletin firm has no outlets: follow an outlet link on a firm that has some
    owner = profiles.firm_profile(stored, sampled_owner(stored))
    open_by_search(page, owner.firm["name"][2:6], owner.firm["name"])
    shown_firm(page, owner)
    outlet = owner.outlets.iloc[0]
    page.locator('[data-testid="stMain"] [data-testid="stPageLink"] a', has_text=outlet["outlet_id"]).first.click()
    page.wait_for_function("() => location.pathname.endsWith('/outlet')")
    assert heading(page) == outlet["name"]
    assert f"id={outlet['outlet_id']}" in page.url
    page.go_back()
    page.wait_for_function("() => location.pathname.endsWith('/firm')")
    page.wait_for_function("name => document.querySelector('h1')?.innerText === name", arg=owner.firm["name"])
    shown_firm(page, owner)

    # the map shows the firm, its outlets and the sections downstream; a click on an outlet offers its page
    state = h.wait_for_map(page, layers=("enterprise", "outlet", "section", "reaches"), timeout_ms=WAIT)
    assert state["enterprise"]["shown"] == 1 and state["outlet"]["shown"] == len(owner.outlets)
    assert state["section"]["shown"] == len(owner.sections)
    frame = h.map_frame(page, WAIT)
    x, y = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{outlet.geometry.y}, "
                          f"{outlet.geometry.x}]); return [p.x, p.y]; }}")
    box = page.locator('iframe[title*="st_folium"]').bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.locator('[data-testid="stMain"] [data-testid="stPageLink"] a', has_text="打开排口档案").click()
    page.wait_for_function("() => location.pathname.endsWith('/outlet')")
    assert heading(page) == outlet["name"]
    page.go_back()
    page.wait_for_function("name => document.querySelector('h1')?.innerText === name", arg=owner.firm["name"])

    copied = page.url
    other = page.context.new_page()
    other.goto(copied)
    other.wait_for_function("name => document.querySelector('h1')?.innerText === name", arg=owner.firm["name"])
    shown_firm(other, owner)
    assert other.url == copied
