"""Measure what a user waits for, the way a user runs the app: `streamlit run` on a data set, Debian's chromium
headless with every outside request refused. For every page with a map (bench/pages.py), on the demo set and on
the city-scale set (`make city`), side by side with the naive way of drawing the same map (bench/naive.py).
Writes bench/results/latest.json (one record per page, data set and measure, with the machine) and prints the
Markdown table for the README.

    make bench                                   # both data sets, every map page, with the naive way
    .venv/bin/python bench/run.py --data demo --quick
    .venv/bin/python bench/run.py --data city --pages overview --tabs 5 --changes 20 --no-naive

Measured, per page and data set (all pages open with 全部行动 selected, so every record is in view):
- new tab -> map drawn (and -> script finished); the server's cold start to the first map;
- each typical filter change both ways (narrow, e.g. one district; back to everything) -> the KPI cards changed,
  the map redrawn (window.emap.state() updates, else Leaflet's drawn points changed) and the script finished;
  also how long the script itself ran (stApp's data-test-script-state, in the page's clock);
- bytes received per page view and per filter change: websocket frames (all, and the largest) and files under
  /app/static/cache/;
- the JS heap after load and after `--changes` filter changes (after garbage collection; the map frame is
  same-origin, so it is counted); the server's RSS with two sessions open;
- the route planner's solve time (bench/routing.py: 11 teams x 300 candidates on the demo layers).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import measure, report  # noqa: E402
from bench.pages import NAIVE, PAGES  # noqa: E402
from tests import browser_harness as h  # noqa: E402

DATA = {"demo": (ROOT / "data" / "demo.gpkg", []), "city": (ROOT / "data" / "city.gpkg", ["--scale", "city"])}
OUT = ROOT / "bench" / "results" / "latest.json"


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    started = time.perf_counter()
    records: list[dict] = []
    machine = _machine()
    sets = {}
    for name in (["demo", "city"] if args.data == "both" else [args.data]):
        path, options = DATA[name]
        records += _build(name, path, options, force=args.rebuild)
        sets[name] = _describe(path)
    tabs, changes = (1, 4) if args.quick else (args.tabs, args.changes)
    naive_changes = min(changes, args.naive_changes)
    for name in sets:
        for key in args.pages:
            for spec in [PAGES[key]] + ([NAIVE[key]] if key in NAIVE and not args.no_naive else []):
                print(f"… {spec.name} on {name}", file=sys.stderr, flush=True)
                n = naive_changes if spec.name.endswith("-naive") else changes
                try:
                    records += measure.measure_page(spec, DATA[name][0], name, tabs=tabs, changes=n)
                except Exception as exc:  # one page failing must not lose the others' figures
                    where = traceback.format_exc()
                    print(f"!! {spec.name} on {name}: {where}", file=sys.stderr, flush=True)
                    records.append({"page": spec.name, "data": name, "measure": "error", "value": None, "unit": "",
                                    "samples": None, "note": repr(exc)[:300]})
                _write(machine, sets, tabs, changes, naive_changes, args.quick, started, records)
    if not args.no_route:
        records += _route_solve()
    result = _write(machine, sets, tabs, changes, naive_changes, args.quick, started, records)
    print(report.markdown(result))
    return 0


def _write(machine, sets, tabs, changes, naive_changes, quick, started, records) -> dict:
    """Write what has been measured so far (after every page, so a failure later loses nothing)."""
    machine["load_after"] = os.getloadavg()
    result = {"machine": machine, "data": sets,
              "runs": {"tabs": tabs, "changes": changes, "naive_changes": naive_changes, "quick": quick},
              "seconds": round(time.perf_counter() - started, 1), "records": records}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return result


def _args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", choices=("demo", "city", "both"), default="both")
    parser.add_argument("--pages", default=",".join(PAGES),
                        type=lambda text: [p for p in text.split(",") if p],
                        help=f"comma-separated, of: {', '.join(PAGES)}")
    parser.add_argument("--tabs", type=int, default=3, help="new tabs opened per page (median reported)")
    parser.add_argument("--changes", type=int, default=20, help="filter changes in one session (heap measured after)")
    parser.add_argument("--naive-changes", type=int, default=8,
                        help="filter changes for the naive way (each takes tens of seconds there)")
    parser.add_argument("--quick", action="store_true", help="1 new tab and 4 filter changes per page")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive way")
    parser.add_argument("--no-route", action="store_true", help="skip timing the route planner")
    parser.add_argument("--rebuild", action="store_true", help="build the data sets again even if present")
    args = parser.parse_args(argv)
    unknown = [p for p in args.pages if p not in PAGES]
    if unknown:
        parser.error(f"unknown page(s) {unknown}; known: {list(PAGES)}")
    return args


def _build(name: str, path: Path, options: list[str], force: bool) -> list[dict]:
    """Build the data set when missing (timed; the time is a record too)."""
    if path.exists() and not force:
        return []
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "data" / "make_demo.py"), "--out", str(path), *options], check=True,
                   stdout=subprocess.DEVNULL)
    return [{"page": "-", "data": name, "measure": "build_s", "value": round(time.perf_counter() - started, 1),
             "unit": "s", "samples": None, "note": f"python data/make_demo.py {' '.join(options)}".strip()}]


def _describe(path: Path) -> dict:
    import pyogrio

    counts = {layer: int(pyogrio.read_info(path, layer=layer)["features"])
              for layer in ("enterprises", "inspections", "problems", "fire_points", "outlets")}
    return {"file": path.name, "mb": round(path.stat().st_size / 2**20, 1), **counts}


def _route_solve() -> list[dict]:
    """The route planner's solve time (bench/routing.py, on the demo layers: 11 teams × 300 candidates, the
    solver's time limit EMAP_ROUTE_SECONDS included), once per run."""
    from bench import routing
    from geo import settings

    try:
        m = routing._city(float(settings.get("EMAP_ROUTE_SECONDS")))
    except Exception as exc:  # the planner is another module's: its failure must not lose the map figures
        return [{"page": "patrol", "data": "demo", "measure": "route_solve_s", "value": None, "unit": "s",
                 "samples": None, "note": f"路线规划求解失败：{exc!r}"[:300]}]
    return [{"page": "patrol", "data": "demo", "measure": "route_solve_s", "value": m["pyvrp_s"], "unit": "s",
             "samples": None, "note": f"路线规划求解（{m['plan_teams']} 组 × {m['plan_candidates']} 个候选，PyVRP，含建模"
                                      f"与时间上限；bench/routing.py）"},
            {"page": "patrol", "data": "demo", "measure": "route_candidates_s", "value": m["candidates_s"],
             "unit": "s", "samples": None, "note": "候选点位生成（全市）"}]


def _machine() -> dict:
    import folium
    import streamlit
    import streamlit_folium

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    chromium = subprocess.run([h.CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "date_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(), "cpu_model": cpu, "memory_gb": round(mem / 2**20, 1),
        "python": platform.python_version(), "chromium": chromium, "streamlit": streamlit.__version__,
        "folium": folium.__version__, "streamlit_folium": getattr(streamlit_folium, "__version__", "?"),
        "load_before": os.getloadavg(),
    }


if __name__ == "__main__":
    sys.exit(main())
