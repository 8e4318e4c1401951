"""The night's plan: which candidates each team visits, in what order, when, and what is left out and why.

`plan` turns candidates (geo.routing.candidates) and teams (geo.routing.teams) into a routing problem
(geo.routing.solver), solves it with PyVRP (or with the greedy baseline, for comparison), and returns a
`Plan` whose frames the page shows and the exports write. Every figure of the page's totals comes from
`Plan.totals`.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.routing import travel
from geo.routing.candidates import KIND_LABELS
from geo.routing.solver import INF, Problem, Progress, Solution, Vehicle, Visit, greedy, schedule, solve
from geo.routing.teams import DAY, Team, clock, parse_clock


@dataclass
class Plan:
    stops: pd.DataFrame  # one row per stop, in visiting order per team
    routes: gpd.GeoDataFrame  # one row per team: the path base -> stops -> base, and its figures
    left_out: pd.DataFrame  # candidates not visited, with the reason in words
    totals: dict
    problem: Problem
    solution: Solution


def plan(
    candidates: gpd.GeoDataFrame,
    teams: list[Team],
    *,
    detour: float,
    point_km: float,
    seconds: float = 5.0,
    seed: int = 1,
    method: str = "pyvrp",
    progress: Progress | None = None,
    roads: pd.DataFrame | None = None,
) -> Plan:
    """Routes for `teams` over `candidates` (pinned ones must be visited) that collect the most priority."""
    if not teams:
        raise ValueError("请至少选择一个出动小组")
    problem, nodes, note = build_problem(candidates, teams, detour=detour, point_km=point_km, roads=roads)
    _check_pins(candidates, problem)
    if progress:
        progress(0.0, f"{len(teams)} 个小组、{len(candidates)} 个候选点位，开始求解")
    solution = greedy(problem) if method == "greedy" else solve(problem, seconds, seed, progress)
    return _assemble(candidates, teams, problem, solution, nodes, note, method)


def build_problem(candidates, teams, *, detour, point_km, roads=None):
    """The routing problem: nodes are the distinct bases then the candidates; distances in metres,
    times in seconds after midnight of the shift's day; a prize of `point_km` km per priority point."""
    bases = list(dict.fromkeys([t.start for t in teams] + [t.end for t in teams]))
    base_node = {xy: k for k, xy in enumerate(bases)}
    lon = np.array([xy[0] for xy in bases] + list(candidates.geometry.x))
    lat = np.array([xy[1] for xy in bases] + list(candidates.geometry.y))
    distance, note = travel.matrix(lon, lat, detour, roads)
    profiles = list(dict.fromkeys((t.speed_kmh, tuple(sorted(t.service_min.items()))) for t in teams))
    durations = [travel.seconds(distance, speed) for speed, _ in profiles]
    kinds = [k.split(",") for k in candidates["reason_kinds"]]
    services = [np.array([60.0 * max([dict(over).get(k, m) for k in ks])
                          for ks, m in zip(kinds, candidates["service_min"])]) for _, over in profiles]
    span = (min(t.shift[0] for t in teams), max(t.shift[1] for t in teams))
    visits = [
        Visit(node=len(bases) + i, prize=float(p) * point_km * 1000.0, service=60.0 * float(m),
              early=w[0], late=w[1], required=bool(pin))
        for i, (p, m, pin, w) in enumerate(zip(candidates["priority"], candidates["service_min"],
                                               candidates["pinned"], _windows(candidates, span)))
    ]
    vehicles = [
        Vehicle(start=base_node[t.start], end=base_node[t.end], early=t.shift[0], late=t.shift[1],
                profile=profiles.index((t.speed_kmh, tuple(sorted(t.service_min.items())))), name=t.team_id)
        for t in teams
    ]
    return Problem(distance, durations, visits, vehicles, services), (lon, lat), note


def _windows(candidates, span) -> list[tuple[float, float]]:
    """Opening windows in seconds after the shift day's midnight, moved a day on when that overlaps the shifts
    better (a place open 00:00–06:00 serves a 22:00–02:00 shift after midnight)."""
    out = []
    for start, end in zip(candidates["open_from"], candidates["open_until"]):
        if not start or not end or pd.isna(start) or pd.isna(end):
            out.append((0.0, INF))
            continue
        a, b = parse_clock(start), parse_clock(end)
        if b <= a:
            b += DAY
        shifted = max((0, DAY), key=lambda d: min(b + d, span[1]) - max(a + d, span[0]))
        out.append((float(a + shifted), float(b + shifted)))
    return out


def _assemble(candidates, teams, problem, solution, nodes, note, method) -> Plan:
    lon, lat = nodes
    dist = problem.distance
    rows, paths = [], []
    for k, (team, route) in enumerate(zip(teams, solution.routes)):
        v = problem.vehicles[k]
        timings, back = schedule(problem, k, route)
        seq_nodes = [v.start] + [problem.visits[i].node for i in route] + [v.end]
        legs = [dist[a, b] for a, b in zip(seq_nodes, seq_nodes[1:])]
        for n, (i, timing) in enumerate(zip(route, timings), start=1):
            c = candidates.iloc[i]
            rows.append({
                "team_id": team.team_id, "team": team.name, "seq": n, "place_id": c["place_id"],
                "name": c["name"], "kind": KIND_LABELS.get(c["kind"], c["kind"]), "reasons": c["reasons"],
                "priority": float(c["priority"]), "arrive": clock(timing.arrive), "start": clock(timing.start),
                "depart": clock(timing.depart), "arrive_s": timing.arrive, "leg_km": legs[n - 1] / 1000.0,
                "district": c["district"], "contact": c["contact"] or "未登记",
                "lon": float(c.geometry.x), "lat": float(c.geometry.y),
            })
        km = sum(legs) / 1000.0 if route else 0.0
        line = shapely.LineString([(lon[n], lat[n]) for n in seq_nodes]) if route else None
        paths.append({
            "id": team.team_id, "team": team.name, "stops": len(route),
            "priority": float(sum(candidates["priority"].iloc[i] for i in route)), "distance_km": km,
            "hours": (back - v.early) / 3600.0 if route else 0.0, "leave": clock(v.early),
            "back": clock(back) if route else "—", "geometry": line,
        })
    stops = pd.DataFrame(rows, columns=[
        "team_id", "team", "seq", "place_id", "name", "kind", "reasons", "priority", "arrive", "start", "depart",
        "arrive_s", "leg_km", "district", "contact", "lon", "lat"])
    routes = gpd.GeoDataFrame(pd.DataFrame(paths), geometry="geometry", crs="EPSG:4326")
    left_out = _left_out(candidates, problem, solution)
    totals = {
        "method": "PyVRP" if method != "greedy" else "贪心基线", "teams": len(teams),
        "teams_used": int((routes["stops"] > 0).sum()), "candidates": len(candidates), "visited": len(stops),
        "priority_collected": float(stops["priority"].sum()),
        "priority_total": float(candidates["priority"].sum()),
        "distance_km": float(routes["distance_km"].sum()), "hours": float(routes["hours"].sum()),
        "left_out": len(left_out), "feasible": bool(solution.feasible), "solve_seconds": solution.seconds,
        "travel": note,
    }
    return Plan(stops, routes, left_out, totals, problem, solution)


def _check_pins(candidates, problem) -> None:
    """A pinned place that no team can reach and leave in time, even alone, cannot be planned: say which."""
    for i, visit in enumerate(problem.visits):
        if visit.required and not any(_reachable(problem, k, i) for k in range(len(problem.vehicles))):
            raise ValueError(f"必访点位“{candidates['name'].iloc[i]}”任何所选小组在班次内都无法往返"
                             "（距离太远或开放时间不合）；请取消固定、调整班次或加派附近的小组")


def _left_out(candidates, problem, solution) -> pd.DataFrame:
    rows = []
    for i in solution.unvisited:
        c = candidates.iloc[i]
        alone = any(_reachable(problem, k, i) for k in range(len(problem.vehicles)))
        why = ("各组班次已排满，排入更高优先级或更顺路的点位" if alone
               else "任何小组在班次内都无法往返（距离远或开放时间不合）")
        if c["pinned"]:
            why = "固定必访，但" + why
        rows.append({"place_id": c["place_id"], "name": c["name"], "kind": KIND_LABELS.get(c["kind"], c["kind"]),
                     "priority": float(c["priority"]), "district": c["district"], "why": why})
    return pd.DataFrame(rows, columns=["place_id", "name", "kind", "priority", "district", "why"])


def _reachable(problem: Problem, vehicle: int, visit: int) -> bool:
    from geo.routing.solver import is_feasible

    return is_feasible(problem, vehicle, [visit])
