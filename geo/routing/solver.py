"""Prize-collecting vehicle routing with time windows, solved by PyVRP (pinned in requirements.txt).

The model is plain numbers so that one code path serves Solomon's benchmark and a night's patrol plan:
nodes 0..N-1 with a distance matrix (any unit) and one travel-time matrix per *profile* (a team's speed
and service times); visits sit on nodes and carry a prize, a service time, a time window, whether they
must be made, and a demand; vehicles start and end at nodes within their own shift window.

PyVRP works in integers, so every number is multiplied by `Problem.scale` and rounded. A service time
that depends on the team is folded into the travel time *leaving* the visit (profile p's matrix gets
service_p[i] added to row i): arrival and start times at the next stop and at the base are unchanged by
this, and teams with different service times become different profiles. Schedules shown to users are
recomputed here in the problem's own units (`schedule`), never read back from the rounded model.

The objective is distance minus prizes collected: a visit is made when its prize outweighs the detour.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

INF = math.inf
Progress = Callable[[float, str], None]  # (fraction done 0..1, message in Chinese)


@dataclass(frozen=True)
class Visit:
    """A place that may (or, when `required`, must) be visited once."""

    node: int
    prize: float = 0.0
    service: float = 0.0
    early: float = 0.0
    late: float = INF
    required: bool = False
    demand: int = 0


@dataclass(frozen=True)
class Vehicle:
    """A team: leaves `start` no earlier than `early`, is back at `end` by `late`."""

    start: int
    end: int
    early: float = 0.0
    late: float = INF
    profile: int = 0
    capacity: int | None = None
    name: str = ""


@dataclass
class Problem:
    distance: np.ndarray  # (N, N) in distance units
    durations: list[np.ndarray]  # one (N, N) travel-time matrix per profile
    visits: list[Visit]
    vehicles: list[Vehicle]
    services: list[np.ndarray] | None = None  # per profile, service time at each visit (overrides Visit.service)
    scale: float = 1.0  # multiply by this before rounding to PyVRP's integers

    def service(self, profile: int, visit: int) -> float:
        if self.services is not None:
            return float(self.services[profile][visit])
        return float(self.visits[visit].service)


@dataclass(frozen=True)
class Timing:
    arrive: float
    start: float
    depart: float


@dataclass
class Solution:
    routes: list[list[int]]  # per vehicle, indices into Problem.visits in order
    unvisited: list[int]
    feasible: bool
    seconds: float
    iterations: int = 0
    history: list[tuple[float, float]] = field(default_factory=list)  # (seconds, best cost) as it improved

    @property
    def num_routes(self) -> int:
        return sum(1 for r in self.routes if r)


def solve(problem: Problem, seconds: float = 5.0, seed: int = 1, progress: Progress | None = None) -> Solution:
    """Choose and order visits: most prize for least distance, every window and shift kept."""
    _check(problem)
    if not problem.visits:
        return Solution([[] for _ in problem.vehicles], [], True, 0.0)
    data, members = _pyvrp_data(problem)
    from pyvrp import solve as pyvrp_solve
    from pyvrp.exceptions import PenaltyBoundWarning

    stop = _Stop(seconds, progress)
    started = stop.started = time.perf_counter()  # the limit counts PyVRP's initial solution too
    with warnings.catch_warnings():  # an infeasible plan (pins that do not fit) is reported by `feasible`
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        result = pyvrp_solve(data, stop, seed=seed, collect_stats=False, display=False)
    routes: list[list[int]] = [[] for _ in problem.vehicles]
    for route in result.best.routes():
        vehicle = members[route.vehicle_type()].pop(0)
        routes[vehicle] = [a.idx for a in route.schedule() if a.is_client()]
    visited = {i for r in routes for i in r}
    unvisited = [i for i in range(len(problem.visits)) if i not in visited]
    if progress:
        progress(1.0, "求解完成")
    return Solution(routes, unvisited, bool(result.best.is_feasible()), time.perf_counter() - started,
                    result.num_iterations, stop.history)


def schedule(problem: Problem, vehicle: int, route: Sequence[int]) -> tuple[list[Timing], float]:
    """Arrival, start and departure at each visit of `route` (leaving the base as early as allowed,
    waiting where a place is not open yet), and the time back at the end base."""
    v = problem.vehicles[vehicle]
    travel = problem.durations[v.profile]
    t, here, out = v.early, v.start, []
    for i in route:
        visit = problem.visits[i]
        arrive = t + travel[here, visit.node]
        start = max(arrive, visit.early)
        t = start + problem.service(v.profile, i)
        out.append(Timing(arrive, start, t))
        here = visit.node
    return out, t + travel[here, v.end]


def route_distance(problem: Problem, vehicle: int, route: Sequence[int]) -> float:
    v = problem.vehicles[vehicle]
    nodes = [v.start] + [problem.visits[i].node for i in route] + [v.end]
    return float(sum(problem.distance[a, b] for a, b in zip(nodes, nodes[1:]))) if route else 0.0


def is_feasible(problem: Problem, vehicle: int, route: Sequence[int], slack: float = 1e-6) -> bool:
    """Every start within its window, back at the base within the shift, load within capacity."""
    v = problem.vehicles[vehicle]
    timings, back = schedule(problem, vehicle, route)
    if any(t.start > problem.visits[i].late + slack for t, i in zip(timings, route)):
        return False
    if v.capacity is not None and sum(problem.visits[i].demand for i in route) > v.capacity:
        return False
    return back <= v.late + slack


class _Stop:
    """PyVRP stopping criterion: stop after `seconds`, reporting progress at most 5 times a second."""

    def __init__(self, seconds: float, progress: Progress | None):
        self.seconds, self.progress = seconds, progress
        self.started: float | None = None
        self.reported = -1.0
        self.best = INF
        self.history: list[tuple[float, float]] = []

    def __call__(self, best_cost: int) -> bool:
        now = time.perf_counter()
        if self.started is None:
            self.started = now
        elapsed = now - self.started
        if best_cost < self.best:
            self.best = best_cost
            self.history.append((elapsed, float(best_cost)))
        if self.progress and now - self.reported >= 0.2:
            self.reported = now
            self.progress(min(elapsed / self.seconds, 1.0) if self.seconds else 1.0,
                          f"求解中：已用 {elapsed:.1f} 秒（上限 {self.seconds:g} 秒）")
        return elapsed >= self.seconds


def _check(problem: Problem) -> None:
    n = problem.distance.shape[0]
    if problem.distance.shape != (n, n):
        raise ValueError(f"距离矩阵应为方阵，实际 {problem.distance.shape}")
    if not problem.vehicles:
        raise ValueError("没有可出动的小组：至少需要一个小组")
    for k, matrix in enumerate(problem.durations):
        if matrix.shape != (n, n):
            raise ValueError(f"第 {k + 1} 个行程时间矩阵应为 {n}×{n}，实际 {matrix.shape}")
    for v in problem.vehicles:
        if not (0 <= v.profile < len(problem.durations)):
            raise ValueError(f"小组 {v.name or v.start} 的速度档 {v.profile} 不存在")
        if v.late < v.early:
            raise ValueError(f"小组 {v.name or v.start} 的班次结束早于开始")
    bases = {v.start for v in problem.vehicles} | {v.end for v in problem.vehicles}
    nodes = [visit.node for visit in problem.visits]
    if len(set(nodes)) != len(nodes) or bases & set(nodes):
        raise ValueError("每个待访点位应有自己的节点，且不与驻地共用节点")


def _int(value: float, scale: float) -> int:
    big = np.iinfo(np.int64).max // 4
    return big if math.isinf(value) else int(round(value * scale))


def _pyvrp_data(problem: Problem):
    """The PyVRP ProblemData: one location per node, depots first (the nodes vehicles use),
    one vehicle type per group of identical vehicles, one profile per duration matrix.
    Also returns, per vehicle type, the indices of the vehicles it stands for."""
    from pyvrp import Client, Depot, Location, ProblemData, VehicleType

    s = problem.scale
    n = problem.distance.shape[0]
    depot_nodes = sorted({v.start for v in problem.vehicles} | {v.end for v in problem.vehicles})
    depot_index = {node: k for k, node in enumerate(depot_nodes)}
    # PyVRP wants depot locations first; keep a permutation of the nodes.
    others = [node for node in range(n) if node not in depot_index]
    perm = np.array(depot_nodes + others)
    where = np.empty(n, dtype=int)
    where[perm] = np.arange(n)
    locations = [Location(x=float(k), y=0.0) for k in range(n)]
    depots = [Depot(location=k) for k in range(len(depot_nodes))]
    capacity_used = any(v.capacity is not None for v in problem.vehicles)
    clients = [
        Client(
            location=int(where[visit.node]),
            delivery=[int(visit.demand)] if capacity_used else [],
            tw_early=_int(visit.early, s),
            tw_late=_int(visit.late, s),
            prize=_int(visit.prize, s),
            required=visit.required,
        )
        for visit in problem.visits
    ]
    distance = np.round(problem.distance[np.ix_(perm, perm)] * s).astype(np.int64)
    durations = []
    node_of_visit = np.array([visit.node for visit in problem.visits], dtype=int)
    for p, travel in enumerate(problem.durations):
        matrix = np.array(travel, dtype=float, copy=True)
        service = np.zeros(n)
        for i, node in enumerate(node_of_visit):
            service[node] = problem.service(p, i)
        matrix += service[:, None]
        np.fill_diagonal(matrix, 0.0)
        durations.append(np.round(matrix[np.ix_(perm, perm)] * s).astype(np.int64))
    groups: dict[tuple, list[int]] = {}
    for k, v in enumerate(problem.vehicles):
        groups.setdefault((v.start, v.end, v.early, v.late, v.profile, v.capacity), []).append(k)
    types = []
    for (start, end, early, late, profile, capacity), members in groups.items():
        cap = [int(capacity if capacity is not None else np.iinfo(np.int32).max)] if capacity_used else []
        types.append(VehicleType(
            num_available=len(members), capacity=cap, start_depot=depot_index[start], end_depot=depot_index[end],
            tw_early=_int(early, s), tw_late=_int(late, s), profile=profile,
        ))
    data = ProblemData(locations, clients, depots, types, [distance] * len(durations), durations)
    return data, [list(m) for m in groups.values()]


def greedy(problem: Problem) -> Solution:
    """Baseline for the benchmark: teams take turns; each goes next to the place with the best prize it can
    still reach in time and come home from (required places first, ties to the nearest)."""
    started = time.perf_counter()
    left = set(range(len(problem.visits)))
    state = [(v.start, v.early) for v in problem.vehicles]
    routes: list[list[int]] = [[] for _ in problem.vehicles]
    active = list(range(len(problem.vehicles)))
    while active and left:
        for k in list(active):
            v = problem.vehicles[k]
            here, t = state[k]
            best, best_key = None, None
            for i in left:
                visit = problem.visits[i]
                travel = problem.durations[v.profile]
                start = max(t + travel[here, visit.node], visit.early)
                done = start + problem.service(v.profile, i)
                if start > visit.late or done + travel[visit.node, v.end] > v.late:
                    continue
                key = (visit.required, visit.prize, -problem.distance[here, visit.node], -i)
                if best_key is None or key > best_key:
                    best, best_key = i, key
            if best is None:
                active.remove(k)
                continue
            visit = problem.visits[best]
            start = max(t + problem.durations[v.profile][here, visit.node], visit.early)
            state[k] = (visit.node, start + problem.service(v.profile, best))
            routes[k].append(best)
            left.discard(best)
    unvisited = sorted(left)
    feasible = not any(problem.visits[i].required for i in unvisited)
    return Solution(routes, unvisited, feasible, time.perf_counter() - started)
