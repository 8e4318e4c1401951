"""Measuring one page on one data set in the browser, as a user waits: a new tab until the map is drawn, each
filter change both ways until the figures and the map are redrawn and the script is idle, the bytes the browser
receives (websocket frames, files under /app/static/cache/), the JS heap after load and after many filter
changes, and the server's memory with two sessions open.

Every measure becomes a record {page, data, measure, value, unit, samples, note}; run.py writes them out."""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass, field

from bench.pages import MapPage
from tests import browser_harness as h

CACHE_PATH = "/app/static/cache/"
# Records, in the page's own clock, every change of the script's state (running / notRunning ...).
WATCH_SCRIPT = """() => {
  window.__benchStates = [];
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => window.__benchStates.push([app.getAttribute('data-test-script-state'), performance.now()]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
# Starts a new record of script states with the state as it is now.
CLEAR_STATES = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__benchStates = [[app.getAttribute('data-test-script-state'), performance.now()]];
}"""
# Seconds the script ran since the states were last cleared (every running..notRunning span added up; a run
# already going when they were cleared counts from then).
SCRIPT_SECONDS = """() => {
  let total = 0, since = null;
  for (const [state, t] of window.__benchStates) {
    const busy = state === 'running' || state === 'rerunRequested';
    if (busy && since === null) since = t;
    if (!busy && since !== null) { total += t - since; since = null; }
  }
  return total / 1000;
}"""
QUIET_MS = 1000  # the script idle this long, with no run started meanwhile, counts as settled


@dataclass
class Traffic:
    """Bytes the browser receives: websocket frames (Streamlit's messages) and files under /app/static/cache/."""

    ws_bytes: int = 0
    ws_largest: int = 0
    ws_frames: int = 0
    responses: list = field(default_factory=list)

    def attach(self, context, page) -> "Traffic":
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))
        context.on("response", lambda r: self.responses.append(r) if CACHE_PATH in r.url else None)
        return self

    def _frame(self, payload) -> None:
        size = len(payload) if isinstance(payload, (bytes, bytearray)) else len(payload.encode())
        self.ws_bytes += size
        self.ws_frames += 1
        self.ws_largest = max(self.ws_largest, size)

    def reset(self) -> None:
        self.ws_bytes = self.ws_largest = self.ws_frames = 0
        self.responses = []

    def cache_bytes(self) -> int:
        total = 0
        for response in self.responses:
            try:
                total += response.request.sizes()["responseBodySize"] or len(response.body())
            except Exception:  # a response whose body is gone: count its declared length
                total += int(response.headers.get("content-length", 0))
        return total

    def snapshot(self) -> dict:
        return {"ws_bytes": self.ws_bytes, "ws_largest": self.ws_largest, "ws_frames": self.ws_frames,
                "cache_bytes": self.cache_bytes()}


@dataclass
class Records:
    page: str
    data: str
    items: list = field(default_factory=list)

    def add(self, measure: str, value, unit: str, samples=None, note: str = "") -> None:
        self.items.append({"page": self.page, "data": self.data, "measure": measure, "value": value, "unit": unit,
                           "samples": samples, "note": note})

    def timing(self, measure: str, samples: list[float], note: str = "") -> None:
        self.add(measure, round(statistics.median(samples), 3), "s", [round(s, 3) for s in samples], note)

    def median_of(self, measure: str, samples: list[float], unit: str, note: str = "") -> None:
        self.add(measure, statistics.median(samples), unit, samples, note)


def measure_page(page: MapPage, data_path, data_name: str, tabs: int = 3, changes: int = 20,
                 timeout_ms: int = 180_000) -> list[dict]:
    """All measures of `page` served on `data_path`; `tabs` new tabs, then one session making `changes` filter
    changes (cycling through the page's changes, narrow then widen), then a second session for the memory."""
    from playwright.sync_api import sync_playwright

    rec = Records(page.name, data_name)
    url = f"{{}}/{page.path(str(data_path)) if callable(page.path) else page.path}"
    with h.serve(page.script, data_path, env=page.env, timeout=180) as server, sync_playwright() as pw:
        browser = h.launch(pw)
        outside: list[str] = []
        try:
            first = _new_tab(browser, url.format(server.url), timeout_ms, outside)
            rec.add("cold_start_s", round(first["drawn_at"] - server.started, 3), "s",
                    note="从启动 streamlit run 到第一个标签页的地图绘出（含读取数据）")
            views = [_new_tab(browser, url.format(server.url), timeout_ms, outside) for _ in range(tabs)]
            rec.timing("new_tab_map_s", [v["map_s"] for v in views], "新开标签页到地图绘出")
            rec.timing("new_tab_idle_s", [v["idle_s"] for v in views], "新开标签页到脚本运行结束")
            for key in ("ws_bytes", "ws_largest", "cache_bytes"):
                rec.median_of(f"page_view_{key}", [v[key] for v in views], "B")
            rec.add("map_drawn_via", views[-1]["via"], "", note="emap = window.emap.state()；leaflet = 数 Leaflet 图层")
            _session(browser, page, url.format(server.url), rec, changes, timeout_ms, outside, server)
        finally:
            browser.close()
        rec.add("outside_requests", len(outside), "", outside[:5] or None)
    return rec.items


def open_page(browser, url: str, timeout_ms: int, outside: list):
    """A new tab (fresh context) on `url`, waited for until its map is drawn and its script idle; returns
    (context, page, traffic, timings). Outside requests land in `outside` when the context closes."""
    context = h.offline_context(browser)
    page = context.new_page()
    traffic = Traffic().attach(context, page)
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    state = h.wait_map(page, lambda s: s["ready"], timeout_ms)
    drawn = time.perf_counter()
    page.wait_for_function(h.SCRIPT_IDLE, timeout=timeout_ms)
    idle = time.perf_counter()
    context.on("close", lambda _: outside.extend(context.outside))
    page.evaluate(WATCH_SCRIPT)
    settle(page, timeout_ms)
    return context, page, traffic, {"map_s": drawn - started, "idle_s": idle - started, "drawn_at": drawn,
                                    "via": state["via"]}


def _new_tab(browser, url: str, timeout_ms: int, outside: list) -> dict:
    context, page, traffic, out = open_page(browser, url, timeout_ms, outside)
    out.update(traffic.snapshot())
    context.close()
    return out


def _session(browser, page_spec: MapPage, url: str, rec: Records, changes: int, timeout_ms: int, outside: list,
             server) -> None:
    context, page, traffic, _ = open_page(browser, url, timeout_ms, outside)
    cdp = context.new_cdp_session(page)
    heap_load = h.heap_mb(page, cdp)
    rec.add("heap_after_load_mb", heap_load, "MB", note="垃圾回收后（含地图 iframe）")
    times: dict[tuple[str, str], list] = {}
    sent: list[dict] = []
    if not page_spec.changes:  # a place's own page: nothing to filter, only opened
        changes = 0
    heap_warm = None
    for i in range(changes):
        traffic.reset()
        result = nth_change(page, page_spec, i, timeout_ms)
        result.update(traffic.snapshot())
        sent.append(result)
        times.setdefault((result["name"], result["way"]), []).append(result)
        if i == 1:  # the first change and its way back allocate what the widgets keep for good (lists, fonts)
            heap_warm = h.heap_mb(page, cdp)
    heap_after = h.heap_mb(page, cdp)
    rec.add("heap_after_changes_mb", heap_after, "MB", changes, note=f"{changes} 次筛选后，垃圾回收后")
    rec.add("heap_growth_pct", round(100 * (heap_after - heap_load) / heap_load, 1), "%")
    if heap_warm:
        rec.add("heap_after_warmup_mb", heap_warm, "MB", 2, note="前 2 次筛选（一来一回）后")
        rec.add("heap_growth_after_warmup_pct", round(100 * (heap_after - heap_warm) / heap_warm, 1), "%",
                changes - 2, note=f"其后 {changes - 2} 次筛选的增长")
    for (name, way), results in times.items():
        spec = next(c for c in page_spec.changes if c.name == name)
        label = spec.narrow_label if way == "narrow" else spec.widen_label
        rec.timing(f"change_{name}_{way}_s", [r["done_s"] for r in results], f"{name}：{label}，到图表、地图重绘且脚本结束")
        rec.timing(f"change_{name}_{way}_script_s", [r["script_s"] for r in results], "其中脚本运行的时间")
        rec.timing(f"change_{name}_{way}_figures_s", [r["figures_s"] for r in results], "点击到指标卡更新")
        rec.timing(f"change_{name}_{way}_map_s", [r["map_s"] for r in results], "点击到地图重绘")
    for key in ("ws_bytes", "ws_largest", "cache_bytes"):
        if sent:
            rec.median_of(f"change_{key}", [r[key] for r in sent], "B", f"每次筛选（{len(sent)} 次的中位数）")
    second, _, _, _ = open_page(browser, url, timeout_ms, outside)
    rec.add("server_rss_two_sessions_mb", server.rss_mb(), "MB", note="两个会话打开时")
    second.close()
    context.close()


def nth_change(page, spec: MapPage, i: int, timeout_ms: int = 180_000) -> dict:
    """The `i`-th filter change of a session (the page's changes in turn, each narrow then widen): measured, then
    tidied up (list closed) and settled (a trailing rerun, e.g. st_folium reporting the new map, has landed)."""
    step = spec.changes[(i // 2) % len(spec.changes)]
    way = "narrow" if i % 2 == 0 else "widen"
    result = change(page, spec, getattr(step, way), timeout_ms)
    step.after(page)
    settle(page, timeout_ms)
    return {**result, "name": step.name, "way": way}


def settle(page, timeout_ms: int = 180_000) -> None:
    """Wait until the script has been idle for QUIET_MS with no run started meanwhile (st_folium reruns the
    script once more after it has drawn a new map; the next measurement must not start inside that run)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        page.wait_for_function(h.SCRIPT_IDLE, timeout=timeout_ms)
        seen = page.evaluate("() => window.__benchStates.length")
        page.wait_for_timeout(QUIET_MS)
        if page.evaluate(h.SCRIPT_IDLE) and page.evaluate("() => window.__benchStates.length") == seen:
            return
    raise TimeoutError(f"the script did not settle within {timeout_ms} ms")


def change(page, spec: MapPage, action, timeout_ms: int = 180_000) -> dict:
    """One filter change: from the click to the figures changed, the map redrawn and the script idle."""
    figures = page.evaluate(spec.figures)
    mark = h.map_drawn(page)["mark"]
    click = action(page)
    page.evaluate(CLEAR_STATES)
    started = time.perf_counter()
    click()
    page.wait_for_function(f"() => ({spec.figures})() !== {json.dumps(figures)}", timeout=timeout_ms, polling=25)
    shown = time.perf_counter()
    h.wait_map(page, lambda s: s["ready"] and s["mark"] != mark, timeout_ms)
    drawn = time.perf_counter()
    page.wait_for_function(h.SCRIPT_IDLE, timeout=timeout_ms, polling=25)
    done = time.perf_counter()
    return {"figures_s": shown - started, "map_s": drawn - started, "done_s": max(done, drawn) - started,
            "script_s": page.evaluate(SCRIPT_SECONDS)}
