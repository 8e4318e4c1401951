"""Solomon's VRPTW text format (C101 and friends): read it, turn it into a `Problem`, report the result.

Format: a name line; `VEHICLE` / `NUMBER CAPACITY` / two integers; `CUSTOMER` / a header / one row per
node `CUST NO. XCOORD. YCOORD. DEMAND READY TIME DUE DATE SERVICE TIME`, node 0 being the depot.
Distances and travel times are the Euclidean distance, unrounded (the convention of the published
optima, e.g. C101 = 828.94 with 10 vehicles).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from geo.routing.solver import Problem, Solution, Vehicle, Visit, route_distance

SCALE = 1000.0  # PyVRP integers in thousandths of a unit: rounding moves a route by < 0.001 per leg


class SolomonError(ValueError):
    """The file is not in Solomon's format; the message names the line and what was expected."""


@dataclass(frozen=True)
class Instance:
    name: str
    vehicles: int
    capacity: int
    table: np.ndarray  # rows: id, x, y, demand, ready, due, service; row 0 the depot


def parse(text: str, source: str = "文件") -> Instance:
    lines = text.splitlines()
    name = next((line.strip() for line in lines if line.strip()), "")
    fleet, rows = None, []
    for number, line in enumerate(lines, start=1):
        fields = line.split()
        if not fields or not fields[0].lstrip("-").isdigit():
            continue
        try:
            values = [float(f) for f in fields]
        except ValueError as exc:
            raise SolomonError(f"{source} 第 {number} 行“{line.strip()}”含非数字的值") from exc
        if fleet is None:
            if len(values) != 2:
                raise SolomonError(f"{source} 第 {number} 行应为车辆数和容量两个整数，实际“{line.strip()}”")
            fleet = (int(values[0]), int(values[1]))
        elif len(values) != 7:
            raise SolomonError(
                f"{source} 第 {number} 行应有 7 列（编号 X Y 需求 最早 最晚 服务时间），实际 {len(values)} 列")
        else:
            rows.append(values)
    if fleet is None or not rows:
        raise SolomonError(f"{source} 不是 Solomon 格式：缺少 VEHICLE 段或 CUSTOMER 段")
    table = np.array(rows)
    if table[0, 0] != 0:
        raise SolomonError(f"{source} 的第一个节点应为 0 号（车场），实际 {int(table[0, 0])} 号")
    return Instance(name, fleet[0], fleet[1], table)


def read(path: str | Path) -> Instance:
    path = Path(path)
    return parse(path.read_text(encoding="utf-8", errors="replace"), source=str(path))


def problem(instance: Instance) -> Problem:
    t = instance.table
    xy = t[:, 1:3]
    distance = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=-1))
    visits = [Visit(node=k, service=row[6], early=row[4], late=row[5], required=True, demand=int(row[3]))
              for k, row in enumerate(t) if k > 0]
    depot = Vehicle(start=0, end=0, early=t[0, 4], late=t[0, 5], capacity=instance.capacity)
    return Problem(distance, [distance], visits, [depot] * instance.vehicles, scale=SCALE)


def total_distance(prob: Problem, solution: Solution) -> float:
    """Euclidean distance of all routes, unrounded."""
    return sum(route_distance(prob, k, r) for k, r in enumerate(solution.routes))
