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


@contextlib.contextmanager
def dashboard(data_path: str | os.PathLike, port: int | None = None, timeout: float = 60):
    """Run `streamlit run dashboard.py` on 127.0.0.1 with EMAP_DATA=data_path; yield (url, started_at)."""
    port = port or free_port()
    env = {**os.environ, "EMAP_DATA": str(data_path)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, timeout)
        yield url, started
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


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


@contextlib.contextmanager
def offline_browser(width: int = 1500, height: int = 1300):
    """A chromium page whose every request to a non-loopback host is aborted and recorded in `page.outside`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
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
        page = context.new_page()
        page.outside = outside
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


def wait_idle(page, timeout_ms: int = 30000) -> None:
    """Wait until Streamlit's script is not running (the status widget disappears)."""
    page.wait_for_timeout(150)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )
