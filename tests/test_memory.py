"""The browser's memory stays flat while a person works the filters (issue 5): the overview on the demo set,
with every inspection in view (全部行动), in Debian's chromium with no network.

Measured honestly: the JS heap of the page (the same-origin map frame shares its isolate) after forced garbage
collection, once after a first round of changes (so one-time costs — the lists' widgets, compiled code — are in
the baseline), then again after ten more filter changes (district and kind, each narrowed and widened back).

With the map path before issue 5 (st_folium's feature groups kept forever) this went 72 MB -> 151 MB; with the
persistent layers and tiny updates, 27.7 MB -> 29.1–29.5 MB (a residue of about 0.1 MB per change remains)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import measure
from bench.pages import PAGES
from tests import browser_harness as h

pytestmark = pytest.mark.browser
WARM_UP, CHANGES, MAX_GROWTH = 2, 10, 0.10


def test_js_heap_does_not_grow_across_filter_changes(demo_store):
    if not Path(h.CHROMIUM).exists():
        pytest.fail(f"{h.CHROMIUM} is missing: `make test` installs Debian's chromium (make browser)")
    spec = PAGES["overview"]
    from playwright.sync_api import sync_playwright

    with h.serve(spec.script, demo_store.path, env=spec.env) as server, sync_playwright() as pw:
        browser = h.launch(pw)
        outside: list[str] = []
        context, page, _, _ = measure.open_page(browser, f"{server.url}/{spec.path}", 120_000, outside)
        for i in range(WARM_UP):
            measure.nth_change(page, spec, i)
        cdp = context.new_cdp_session(page)
        before = h.heap_mb(page, cdp)
        for i in range(WARM_UP, WARM_UP + CHANGES):
            measure.nth_change(page, spec, i)
        after = h.heap_mb(page, cdp)
        context.close()
        browser.close()
    assert outside == []
    assert after <= before * (1 + MAX_GROWTH), f"JS heap {before} MB -> {after} MB after {CHANGES} filter changes"
