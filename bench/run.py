"""Measure what a user waits for, the way a user runs the app: `streamlit run` on the demo data, Debian's
chromium with no network. Prints a Markdown table (pasted into README.md) and writes bench/results/latest.json.

    make bench            # or: .venv/bin/python bench/run.py [--data data/demo.gpkg] [--repeat 5]

Measured:
- cold start: from launching `streamlit run` to the overview's map drawn in the browser (districts and points);
- page load: from opening the URL in a new browser tab (server already warm) to the map drawn;
- rerun after a filter change: from picking a district in the sidebar to the new figures shown and the map's
  points redrawn (the script has finished and the status widget is gone);
- server memory (RSS) after those runs, and the time to build the demo data set.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import browser_harness as h  # noqa: E402

DISTRICTS = ["昆山市", "吴中区", "张家港市", "常熟市", "太仓市", "吴江区"]


def main() -> None:
    args = _args()
    results = {"demo_build_s": _demo_build(args.data)}
    with h.dashboard(args.data) as (url, launched):
        with h.offline_browser() as page:
            page.goto(url)
            h.wait_for_map(page)
            results["cold_start_s"] = time.perf_counter() - launched
            h.wait_idle(page)
            results["rerun_s"] = [_rerun(page, DISTRICTS[i % len(DISTRICTS)]) for i in range(args.repeat)]
            results["outside_requests"] = len(page.outside)
        results["page_load_s"] = [_page_load(url) for _ in range(args.repeat)]
        results["server_rss_mb"] = _rss_mb(url)
    _report(results)


def _args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "data" / "demo.gpkg"))
    parser.add_argument("--repeat", type=int, default=5)
    return parser.parse_args()


def _demo_build(data: str) -> float:
    out = Path(data).with_name("bench-demo.gpkg")
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "data" / "make_demo.py"), "--out", str(out)], check=True,
                   capture_output=True)
    elapsed = time.perf_counter() - started
    out.unlink(missing_ok=True)
    return elapsed


def _page_load(url: str) -> dict[str, float]:
    """Seconds from opening the URL to: Streamlit's own page drawn (sidebar), the first KPI, the map drawn."""
    with h.offline_browser() as page:
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector('[data-testid="stSidebar"]')
        frontend = time.perf_counter() - started
        page.wait_for_selector('[data-testid="stMetric"]')
        kpis = time.perf_counter() - started
        h.wait_for_map(page)
        return {"frontend": frontend, "kpis": kpis, "map": time.perf_counter() - started}


def _rerun(page, district: str) -> float:
    """Pick `district` in the sidebar's 行政区 box and wait until the page shows it and the map has redrawn."""
    frame = h.map_frame(page)
    before = frame.evaluate(f"({h.DRAWN})()")["point"]
    option = h.district_option(page, district)
    started = time.perf_counter()
    option.click()
    _settle(page, frame, f"· {district} ·", before)
    elapsed = time.perf_counter() - started
    page.keyboard.press("Escape")
    # back to the whole city for the next round (also a rerun, not timed)
    before = frame.evaluate(f"({h.DRAWN})()")["point"]
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] [aria-label*="Clear"]').first.click()
    _settle(page, frame, "· 全市 ·", before)
    return elapsed


def _settle(page, frame, caption: str, points_before: int) -> None:
    page.wait_for_function(f"() => document.body.innerText.includes({caption!r})", timeout=30000)
    frame.wait_for_function(
        f"() => {{ const d = ({h.DRAWN})(); return d && d.point !== {points_before}; }}", timeout=30000
    )
    h.wait_idle(page)


def _rss_mb(url: str) -> float | None:
    port = url.rsplit(":", 1)[1]
    pids = subprocess.run(["pgrep", "-f", f"streamlit run .*--server.port {port}"], capture_output=True, text=True)
    total = 0
    for pid in pids.stdout.split():
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return round(total / 1024, 1) if total else None


def _report(results: dict) -> None:
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    med = statistics.median
    print("| 测量 | 结果 |\n| --- | --- |")
    print(f"| 生成示例数据 | {results['demo_build_s']:.1f} s |")
    print(f"| 冷启动：`streamlit run` 到总览地图绘出 | {results['cold_start_s']:.1f} s |")
    loads = results["page_load_s"]
    for key, what in (("frontend", "Streamlit 前端就绪（侧栏出现）"), ("kpis", "指标卡出现"), ("map", "地图绘出")):
        print(f"| 新开页面到{what}（服务已启动，{len(loads)} 次中位数） | {med(x[key] for x in loads):.2f} s |")
    runs = results["rerun_s"]
    print(f"| 更换筛选后重算并重绘（{len(runs)} 次中位数，最慢） | {med(runs):.2f} s（{max(runs):.2f} s） |")
    print(f"| 服务端内存 RSS | {results['server_rss_mb']} MB |")
    print(f"| 离开本机的请求 | {results['outside_requests']} |")


if __name__ == "__main__":
    main()
