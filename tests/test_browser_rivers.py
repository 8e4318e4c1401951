"""The rivers page in Debian's chromium, offline: picking 瓜泾口北 highlights exactly the reaches upstream of it
(read from the map's own layer styles), and the ranked list holds the bulletin's seven tributaries, worst first."""

from __future__ import annotations

import contextlib
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from geo import rivers
from tests import browser_harness as h
from tests.test_browser import app  # noqa: F401 (fixture: the dashboard on loopback)

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parent / "artifacts"
HUNDRED_DAYS = (date(2020, 9, 27), date(2021, 1, 4))  # the sidebar's default: the 百日会战 campaign
TRIBUTARIES = {"跃进河", "西塘河", "古塘河", "钢铁桥河", "黄泥浜", "泥河头港", "四号河"}
PICKER = "断面（查看上游支流）"

# In the map frame: the reaches drawn thick (highlighted) and how many updates the layer has had.
THICK = f"""() => {{
  const layer = window.emap && window.emap.layers.reaches;
  if (!layer) return null;
  const styles = layer.current();
  return {{thick: Object.keys(styles).filter(id => styles[id].weight === {rivers.REACH_UPSTREAM["weight"]}).sort(),
           updates: layer.state().updates, n: layer.state().n, drawn: layer.state().drawn}};
}}"""


def pick(page, name: str) -> None:
    """Choose a section as a person does: open the list, type the start of its name, click it."""
    page.get_by_role("combobox", name=PICKER).click()
    page.keyboard.type(name)
    option = page.get_by_role("option", name=re.compile(f"^{re.escape(name)} · "))
    option.wait_for()
    option.click()


def open_rivers_page(page, url: str):
    """Open the app as a user does (the overview first), go to the rivers page by its sidebar link, and
    return the rivers map's frame once its reaches layer exists."""
    page.goto(url)
    h.map_frame(page, 60000)
    h.wait_idle(page)
    page.get_by_role("link", name="河道水质与溯源").click()
    for _ in range(600):
        for frame in page.frames:
            with contextlib.suppress(PlaywrightError):  # a frame may be replaced while it is asked
                if "st_folium" in frame.url and frame.evaluate("() => !!(window.emap && window.emap.layers.reaches)"):
                    return frame
        page.wait_for_timeout(100)
    raise TimeoutError("the rivers map did not appear")


def highlighted(frame, after_updates: int) -> dict:
    check = f"() => {{ const s = ({THICK})(); return s && s.updates > {after_updates} && s; }}"
    handle = frame.wait_for_function(check, timeout=30000)
    return handle.json_value()


def test_picking_guajing_highlights_its_upstream_and_ranks_its_tributaries(app, stored):
    waters = rivers.prepare(stored, *HUNDRED_DAYS)
    sections = stored["sections"].set_index("name")
    guajing = sections.loc["瓜泾口北", "section_id"]
    other = rivers.section_choices(waters)[1]
    with h.offline_browser() as page:
        frame = open_rivers_page(page, app)
        first = highlighted(frame, 0)
        h.wait_idle(page)
        pick(page, stored["sections"].set_index("section_id").loc[other, "name"])  # away, then back
        away = highlighted(frame, first["updates"])
        assert away["thick"] == sorted(rivers.upstream_reaches(waters, other))
        h.wait_idle(page)
        pick(page, "瓜泾口北")
        state = highlighted(frame, away["updates"])
        h.wait_idle(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "rivers.png"), full_page=True)

        assert state["thick"] == sorted(rivers.upstream_reaches(waters, guajing))
        assert state["n"] == len(stored["rivers"]) and state["drawn"] > 0
        listed = page.get_by_test_id("stMarkdown").filter(has_text="1. ").first.inner_text()
        ranked = re.findall(r"^\s*\d+\.\s*(\S+?)\s*—", listed, flags=re.M)
        expected = rivers.tributary_ranking(waters, guajing)["支流"].tolist()
        assert set(ranked) == TRIBUTARIES and ranked == expected
        assert page.outside == [], f"requests left the machine: {page.outside[:5]}"


def loneliest(frame, others) -> int:
    """Row of `frame` whose point lies farthest from every other point of `frame` and `others` (clickable alone)."""
    import numpy as np

    xy = np.column_stack([frame.geometry.x, frame.geometry.y])
    all_xy = np.vstack([xy, np.column_stack([others.geometry.x, others.geometry.y])])
    gaps = np.sqrt(((xy[:, None, :] - all_xy[None, :, :]) ** 2).sum(-1))
    gaps[np.arange(len(xy)), np.arange(len(xy))] = np.inf
    return int(gaps.min(axis=1).argmax())


def click_at(page, frame, lon: float, lat: float) -> None:
    where = f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }}"
    x, y = frame.evaluate(where)
    box = page.locator('iframe[title*="st_folium"]').bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_clicking_a_section_and_an_outlet_on_the_map(app, stored):
    sections, outlets = stored["sections"], stored["outlets"]
    section = sections.iloc[loneliest(sections, outlets)]
    outlet = outlets.iloc[loneliest(outlets, sections)]
    with h.offline_browser() as page:
        frame = open_rivers_page(page, app)
        highlighted(frame, 0)
        h.wait_idle(page)
        click_at(page, frame, section.geometry.x, section.geometry.y)
        page.wait_for_function(f"() => document.body.innerText.includes('{section['name']}的上游河段')", timeout=30000)
        h.wait_idle(page)
        click_at(page, frame, outlet.geometry.x, outlet.geometry.y)
        page.wait_for_function(f"() => document.body.innerText.includes('{outlet['name']} 下游的断面')", timeout=30000)
        assert page.outside == []


def test_clicking_a_reach_picks_the_first_section_below_it(app, stored):
    import numpy as np

    waters = rivers.prepare(stored, *HUNDRED_DAYS)
    pts = np.column_stack([np.r_[stored["sections"].geometry.x, stored["outlets"].geometry.x],
                           np.r_[stored["sections"].geometry.y, stored["outlets"].geometry.y]])
    best = None  # (gap to the nearest point, reach, spot, section below) over spots on reaches leading elsewhere
    for reach in stored["rivers"].itertuples():
        below = rivers.section_below_reach(waters, reach.reach_id)
        if below is None or below == rivers.section_choices(waters)[0]:
            continue
        for share in np.linspace(0.1, 0.9, 17):
            spot = reach.geometry.interpolate(share, normalized=True)
            gap = float(np.sqrt(((pts - [spot.x, spot.y]) ** 2).sum(1)).min())
            if best is None or gap > best[0]:
                best = (gap, reach.reach_id, spot, below)
    _, _, spot, below = best
    name = stored["sections"].set_index("section_id").loc[below, "name"]
    with h.offline_browser() as page:
        frame = open_rivers_page(page, app)
        highlighted(frame, 0)
        h.wait_idle(page)
        click_at(page, frame, spot.x, spot.y)
        page.wait_for_function(f"() => document.body.innerText.includes('{name}的上游河段')", timeout=30000)
        assert page.outside == []
