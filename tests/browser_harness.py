"""Start the dashboard on loopback and drive Debian's chromium against it with every outside request refused.

Used by the browser tests and by bench/run.py, so both see the app the way a user on a closed network does."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("EMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running `streamlit run`: its URL, when it was launched (perf_counter) and its process id."""

    url: str
    started: float
    pid: int

    def rss_mb(self) -> float:
        """Resident memory of the server process and its children, in MB."""
        total = 0
        for pid in [self.pid, *_children(self.pid)]:
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        return round(total / 1024, 1)


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                out += [int(child), *_children(int(child))]
    return out


@contextlib.contextmanager
def serve(script: str | os.PathLike, data_path: str | os.PathLike, port: int | None = None,
          env: dict[str, str] | None = None, timeout: float = 60):
    """Run `streamlit run script` (relative to the repository root) on 127.0.0.1 with EMAP_DATA=data_path and
    the extra environment `env`; yield a `Server`. The server is stopped when the block ends."""
    port = port or free_port()
    environ = {**os.environ, "EMAP_DATA": str(data_path), **(env or {})}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, timeout)
        yield Server(url, started, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def dashboard(data_path: str | os.PathLike, port: int | None = None, timeout: float = 60):
    """Run `streamlit run dashboard.py` on 127.0.0.1 with EMAP_DATA=data_path; yield (url, started_at)."""
    with serve("dashboard.py", data_path, port, timeout=timeout) as server:
        yield server.url, server.started


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{proc.stdout.read().decode(errors='replace')}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        time.sleep(0.2)
    raise TimeoutError(f"streamlit did not answer on {url} within {timeout} s")


def launch(pw, extra_args: tuple[str, ...] = ()):
    """Debian's chromium, headless, with the flags that work here."""
    return pw.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args], headless=True)


def offline_context(browser, width: int = 1500, height: int = 1300):
    """A new browser context (a new tab with an empty cache) whose every request to a non-loopback host is
    aborted and recorded in the list `context.outside`."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    outside: list[str] = []

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:", "about:")) or host in LOOPBACK:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.outside = outside
    return context


@contextlib.contextmanager
def offline_browser(width: int = 1500, height: int = 1300):
    """A chromium page whose every request to a non-loopback host is aborted and recorded in `page.outside`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        context = offline_context(browser, width, height)
        page = context.new_page()
        page.outside = context.outside
        try:
            yield page
        finally:
            context.close()
            browser.close()


def map_frame(page, timeout_ms: int = 30000):
    """The st_folium iframe (it starts as about:blank; its final URL holds st_folium)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "st_folium" in frame.url:
                return frame
        page.wait_for_timeout(100)
    raise TimeoutError("no st_folium map frame appeared")


def map_state(frame) -> dict:
    """What each persistent layer of the map shows now (static/app/emap.js: window.emap.state())."""
    return frame.evaluate("() => window.emap ? window.emap.state() : null")


def wait_for_map(page, layers: tuple[str, ...] = ("districts", "sites"), updates: int = 1,
                 timeout_ms: int = 60000) -> dict:
    """Wait until every layer in `layers` has loaded its data and applied at least `updates` updates;
    return window.emap.state()."""
    frame = map_frame(page, timeout_ms)
    ready = " && ".join(f"s[{name!r}] && s[{name!r}].ready !== false && s[{name!r}].updates >= {updates}"
                        for name in layers)
    handle = frame.wait_for_function(
        f"() => {{ const s = window.emap && window.emap.state(); return s && {ready} && s; }}", timeout=timeout_ms
    )
    return handle.json_value()


def metrics(page) -> dict[str, str]:
    """KPI cards as label -> shown value."""
    cards = page.locator('[data-testid="stMetric"]')
    out = {}
    for i in range(cards.count()):
        card = cards.nth(i)
        label = card.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        out[label] = card.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return out


def district_option(page, name: str):
    """Open the sidebar's 行政区 list, as a person does, and return the option `name` to click."""
    page.get_by_role("combobox", name="行政区").click()
    option = page.get_by_role("option", name=name, exact=True)
    option.wait_for()
    return option


SCRIPT_IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning';
}"""


def wait_idle(page, timeout_ms: int = 30000) -> None:
    """Wait until Streamlit's script is not running: the app shows no status widget here, but its root element
    says the script's state in `data-test-script-state` (initial, running, rerunRequested, notRunning)."""
    page.wait_for_timeout(150)
    page.wait_for_function(SCRIPT_IDLE, timeout=timeout_ms)


# --- what the map frame has drawn, for the benchmark and the memory test ---------------------------

# Run in every frame: what the map has drawn, or null where there is no map. Prefers the persistent layers'
# own report, window.emap.state() -> {name: {n, shown, drawn, cells, mode, updates, ready}}; falls back to
# counting what Leaflet has projected (points: canvas points marked emap='point' and any circle marker).
# `ready`: the map is drawn; `mark`: changes whenever the map is redrawn with other data.
MAP_DRAWN = """() => {
  if (window.emap && typeof window.emap.state === 'function') {
    const layers = Object.values(window.emap.state() || {});
    const out = {via: 'emap', layers: layers.length, n: 0, shown: 0, drawn: 0, cells: 0, updates: 0};
    for (const v of layers) {
      for (const k of ['n', 'shown', 'drawn', 'cells', 'updates']) out[k] += Number(v[k] || 0);
    }
    out.ready = layers.length > 0 && layers.every(v => v.ready !== false && v.updates >= 1);
    out.mark = out.updates;
    return out;
  }
  if (!window.map || !window.map._loaded || !window.L) return null;
  const out = {via: 'leaflet', district: 0, point: 0};
  let sum = 0;
  Object.values(window.map._layers).forEach(l => {
    const drawn = (l._parts && l._parts.length > 0) || (l._point !== undefined);
    if (!drawn) return;
    if ((l.options && l.options.emap === 'point') || l instanceof window.L.CircleMarker) {
      out.point++;
      sum += l._latlng.lat * 7 + l._latlng.lng;
      return;
    }
    const p = l.feature && l.feature.properties;
    if (p && p.layer === 'district') out.district++;
  });
  out.ready = out.district > 0 && out.point > 0;
  out.mark = out.point + ':' + sum.toFixed(3);  // changes when other points are drawn, even as many
  return out;
}"""


def map_drawn(page) -> dict | None:
    """What the map has drawn (see MAP_DRAWN), from whichever frame holds a map; None when none does yet."""
    for frame in page.frames:
        if frame == page.main_frame:
            continue
        with contextlib.suppress(Exception):  # frames come and go while a map remounts
            state = frame.evaluate(MAP_DRAWN)
            if state:
                return state
    return None


def wait_map(page, done, timeout_ms: int = 60000, poll_ms: int = 25) -> dict:
    """Poll what the map has drawn (`map_drawn`) until `done(state)` holds, then let the map frame paint (two
    animation frames); return that state. Polls every `poll_ms` (the timing
    resolution of the benchmark) or less often when asking takes long, with page.wait_for_timeout so that events
    keep flowing meanwhile."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        asked = time.monotonic()
        state = map_drawn(page)
        if state and done(state):
            _painted(page)
            return state
        if time.monotonic() > deadline:
            raise TimeoutError(f"the map did not reach the expected state within {timeout_ms} ms (last: {state})")
        # counting 300,000 drawn layers takes the frame's main thread a while: keep the polling under a quarter of it
        page.wait_for_timeout(max(poll_ms, 3000 * (time.monotonic() - asked)))


def _painted(page) -> None:
    for frame in page.frames[1:]:
        with contextlib.suppress(Exception):
            if frame.evaluate(MAP_DRAWN):
                frame.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                return


def heap_mb(page, cdp=None) -> float:
    """The page's JavaScript heap after garbage collection, in MB. The same-origin map frame shares the page's
    isolate, so this counts the map too (Runtime.getHeapUsage reports the whole isolate)."""
    cdp = cdp or page.context.new_cdp_session(page)
    for _ in range(2):
        cdp.send("HeapProfiler.collectGarbage")
    return round(cdp.send("Runtime.getHeapUsage")["usedSize"] / 2**20, 1)
