"""Routing figures for the benchmark: the Solomon C101 instance against its optimum, and the plan for
11 teams × 300 candidates on the demo data against a greedy baseline.

    .venv/bin/python bench/routing.py [--seconds 8] [--plan-seconds 5]

`measure()` returns a dict of measures (bench/run.py can call it); run as a script it prints them as a
Markdown table. Every figure comes from geo.routing: `solve` + `solomon.total_distance` (C101),
`candidates` + `plan` (the plan, method "pyvrp" or "greedy")."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo import settings  # noqa: E402
from geo.routing import solomon  # noqa: E402
from geo.routing.candidates import candidates, parse_kind_numbers  # noqa: E402
from geo.routing.plan import plan  # noqa: E402
from geo.routing.solver import solve  # noqa: E402
from geo.routing.teams import default_team_ids, parse_shift, teams_from_layer  # noqa: E402

C101 = ROOT.parent.parent / "shared" / "data" / "vrptw" / "C101.txt"
C101_OPTIMUM = 828.94
NIGHT = date(2020, 10, 17)  # the bulletin's night inspection in 昆山 and 工业园区


def measure(c101: Path = C101, seconds: float = 8.0, plan_seconds: float = 5.0) -> dict:
    out = {}
    if Path(c101).is_file():
        out.update(_c101(Path(c101), seconds))
    out.update(_city(plan_seconds))
    return out


def _c101(path: Path, seconds: float) -> dict:
    prob = solomon.problem(solomon.read(path))
    started = time.perf_counter()
    sol = solve(prob, seconds=seconds, seed=1)
    wall = time.perf_counter() - started
    distance = solomon.total_distance(prob, sol)
    within = C101_OPTIMUM * 1.005 * solomon.SCALE
    reached = next((t for t, cost in sol.history if cost <= within), None)
    started = time.perf_counter()
    cli = subprocess.run([sys.executable, "-m", "geo.routing", str(path), "--seconds", str(seconds)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    return {
        "c101_routes": sol.num_routes, "c101_distance": round(distance, 2),
        "c101_gap_pct": round(100 * (distance / C101_OPTIMUM - 1), 4), "c101_solve_s": round(wall, 2),
        "c101_within_half_pct_s": None if reached is None else round(reached, 2),
        "c101_cli_wall_s": round(time.perf_counter() - started, 2),
        "c101_cli_last_line": cli.stdout.strip().splitlines()[-1] if cli.stdout.strip() else cli.stderr[-200:],
    }


def _city(plan_seconds: float) -> dict:
    from geo.demo.build import build

    layers = build()
    teams_layer = layers["teams"]
    teams = teams_from_layer(teams_layer, default_team_ids(teams_layer), parse_shift(settings.get("EMAP_ROUTE_SHIFT")),
                             float(settings.get("EMAP_ROUTE_SPEED_KMH")))
    started = time.perf_counter()
    cands = candidates(
        layers, NIGHT, stale_days=int(settings.get("EMAP_ROUTE_STALE_DAYS")),
        weights=parse_kind_numbers(settings.get("EMAP_ROUTE_WEIGHTS")),
        service_min=parse_kind_numbers(settings.get("EMAP_ROUTE_SERVICE_MIN")), limit=300)
    cand_s = time.perf_counter() - started
    kw = {"detour": float(settings.get("EMAP_ROUTE_DETOUR")), "point_km": float(settings.get("EMAP_ROUTE_POINT_KM"))}
    out = {"plan_teams": len(teams), "plan_candidates": len(cands), "candidates_s": round(cand_s, 2)}
    for method in ("pyvrp", "greedy"):
        started = time.perf_counter()
        p = plan(cands, teams, seconds=plan_seconds, method=method, **kw)
        t = p.totals
        out.update({
            f"{method}_priority": t["priority_collected"], f"{method}_visited": t["visited"],
            f"{method}_distance_km": round(t["distance_km"], 1), f"{method}_s": round(time.perf_counter() - started, 2),
        })
    out["priority_available"] = float(cands["priority"].sum())
    return out


def page(url: str, browser_page) -> dict:
    """The patrol page as an officer waits for it (bench/run.py can call this with its running app and offline
    chromium page): new tab → the page's form ready; 生成路线 (default teams, the solver's time limit included)
    → every stop drawn on the map."""
    from tests import browser_harness as h

    started = time.perf_counter()
    browser_page.goto(url)
    browser_page.get_by_role("link", name="巡查路线规划").click()
    browser_page.get_by_role("button", name="生成路线").wait_for(timeout=120000)
    h.wait_idle(browser_page)
    ready = time.perf_counter() - started
    started = time.perf_counter()
    browser_page.get_by_role("button", name="生成路线").click()
    browser_page.get_by_text("下载 GPX（手机导航）").wait_for(timeout=120000)
    h.map_frame(browser_page).wait_for_function(
        "() => { const s = window.emap && window.emap.state().route_stops; return s && s.shown > 0 && s.drawn > 0; }",
        timeout=120000)
    return {"patrol_page_ready_s": round(ready, 2), "patrol_plan_to_map_s": round(time.perf_counter() - started, 2)}


def table(m: dict) -> str:
    rows = [
        ("C101（最优 828.94，10 条路线）", f"routes={m.get('c101_routes')} distance={m.get('c101_distance')}"
         f"（差距 {m.get('c101_gap_pct')}%）"),
        ("C101 进入最优 0.5% 以内的时间", f"{m.get('c101_within_half_pct_s')} s"),
        ("C101 命令行总耗时（python -m geo.routing，含启动）", f"{m.get('c101_cli_wall_s')} s"),
        ("11 组 × 300 候选：PyVRP 求解（含建模）", f"{m['pyvrp_s']} s"),
        ("PyVRP：优先级 / 点位 / 里程", f"{m['pyvrp_priority']:g} / {m['pyvrp_visited']} / {m['pyvrp_distance_km']} km"),
        ("贪心基线：优先级 / 点位 / 里程", f"{m['greedy_priority']:g} / {m['greedy_visited']} / {m['greedy_distance_km']} km"),
        ("贪心基线耗时", f"{m['greedy_s']} s"),
        ("候选点位生成（全市）", f"{m['candidates_s']} s"),
    ]
    if "patrol_page_ready_s" in m:
        rows += [("巡查路线规划：新开页面（从总览点入）到表单就绪", f"{m['patrol_page_ready_s']} s"),
                 ("巡查路线规划：点“生成路线”到地图绘出全部停靠点（含求解上限）", f"{m['patrol_plan_to_map_s']} s")]
    return "| 测量 | 结果 |\n| --- | --- |\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c101", default=str(C101))
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--plan-seconds", type=float, default=float(settings.get("EMAP_ROUTE_SECONDS")))
    parser.add_argument("--browser", metavar="DATA.gpkg", help="also time the page in chromium on this data file")
    args = parser.parse_args()
    m = measure(Path(args.c101), args.seconds, args.plan_seconds)
    if args.browser:
        from tests import browser_harness as h

        with h.dashboard(args.browser) as (url, _), h.offline_browser() as browser_page:
            m.update(page(url, browser_page))
    print(m)
    print(table(m))


if __name__ == "__main__":
    main()
