"""The pages the benchmark measures: every page that has a map, how to open it, its typical filter changes
(narrow, and back to everything), and how to tell that its figures have been redrawn.

Adding a map page = adding a `MapPage` to `PAGES` (and, for a side-by-side with the naive way, a script under
bench/ that draws the same map naively, registered in `NAIVE`). Whether the map has redrawn is told the same
way for every page (tests/browser_harness.py MAP_DRAWN: `window.emap.state()` in the map frame when it exists,
else what Leaflet has drawn).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

SIDEBAR = '[data-testid="stSidebar"]'
# What a person reads first: the KPI cards' values; they change when the page's figures are redrawn.
KPI_TEXT = """() => Array.from(document.querySelectorAll('[data-testid="stMetricValue"]'))
                     .map(e => e.innerText).join('|')"""


@dataclass(frozen=True)
class Change:
    """A typical filter change: `narrow` picks something in the sidebar, `widen` goes back to everything.
    Each action gets the page ready (opens the list) and returns the one click that changes the filter, so the
    clock starts at that click; `after` tidies up once the change is measured (closes the list)."""

    name: str
    narrow_label: str
    widen_label: str
    narrow: Callable
    widen: Callable
    after: Callable = lambda page: page.keyboard.press("Escape")


@dataclass(frozen=True)
class MapPage:
    name: str
    title: str
    path: str | Callable[[str], str]  # URL path after the server's root ("" = the default page), or a function
    # of the data file's path giving it (a place's own page needs a place that exists in the data)
    changes: tuple[Change, ...]
    script: str = "dashboard.py"  # what `streamlit run` starts
    figures: str = KPI_TEXT  # JS (main frame) whose value changes when the figures are redrawn
    env: dict = field(default_factory=dict)  # extra environment for the server


def _choose(label: str, option: Callable) -> Callable:
    """Open the list `label` and return the click on the option `option(page)` finds."""
    def ready(page) -> Callable:
        page.get_by_role("combobox", name=label).click()
        choice = option(page)
        choice.wait_for()
        return choice.click
    return ready


def _pick(label: str, option: str) -> Callable:
    return _choose(label, lambda page: page.get_by_role("option", name=option, exact=True))


def _clear(label: str) -> Callable:
    def ready(page) -> Callable:
        box = page.locator(f'{SIDEBAR} [data-testid="stMultiSelect"]').filter(
            has=page.get_by_role("combobox", name=label))
        button = box.locator('[aria-label*="Clear"]').first
        button.wait_for()
        return button.click
    return ready


def _pick_nth(label: str, index: int) -> Callable:
    return _choose(label, lambda page: page.get_by_role("option").nth(index))


def _pick_starting(label: str, text: str) -> Callable:
    return _choose(label, lambda page: page.get_by_role("option", name=re.compile("^" + re.escape(text))).first)


def _first_bulletin_firm(data_path: str) -> str:
    """The file of 凯凌化工 (a firm of the bulletin, in every data set built from the demo)."""
    from geo.store import open_store

    firms = open_store(str(data_path)).read("enterprises")
    code = firms.loc[firms["name"].str.contains("凯凌化工"), "credit_code"].iloc[0]
    return f"firm?code={code}"


DISTRICT = Change("行政区", "选一个行政区（昆山市）", "回到全市", _pick("行政区", "昆山市"), _clear("行政区"))
SECTION = Change("断面", "换一个断面（列表第二个）", "回到瓜泾口北", _pick_nth("断面（查看上游支流）", 1),
                 _pick_starting("断面（查看上游支流）", "瓜泾口北"))
HEADINGS = """() => Array.from(document.querySelectorAll('h3')).map(e => e.innerText).join('|')"""
KIND = Change("检查方式", "只看夜查", "回到全部方式", _pick("检查方式", "夜查"), _clear("检查方式"))

# The benchmark opens every page with 全部行动 selected (all campaigns: the date range spans all records),
# so a data set's every inspection is in view: the worst case, and the same view on both data sets.
EVERYTHING = {"EMAP_CAMPAIGN": "全部"}

PAGES: dict[str, MapPage] = {
    page.name: page
    for page in (
        MapPage("overview", "专项行动总览", "", (DISTRICT, KIND), env=EVERYTHING),
        MapPage("rivers", "河道水质与溯源", "rivers", (SECTION,), figures=HEADINGS, env=EVERYTHING),
        MapPage("fires", "秸秆焚烧火点", "fires", (DISTRICT,), env=EVERYTHING),
        MapPage("firm", "企业档案（凯凌化工）", _first_bulletin_firm, (), env=EVERYTHING),
    )
}

# The naive way of drawing the same map (bench/naive_overview.py), measured the same way, side by side.
NAIVE: dict[str, MapPage] = {
    "overview": MapPage("overview-naive", "专项行动总览（朴素做法）", "", (DISTRICT, KIND),
                        script="bench/naive_overview.py", env=EVERYTHING),
}
