"""Settings, declared once: name, default, meaning, check. Read from environment variables.

Each setting is documented in README.md (a test checks that every one is)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent


class SettingError(ValueError):
    """A setting has a value that cannot be used; the message names the variable and the value."""


@dataclass(frozen=True)
class Option:
    key: str
    default: str
    doc: str
    check: Callable[[str], str | None] = lambda value: None  # returns a Chinese complaint or None


def _one_of(*choices: str) -> Callable[[str], str | None]:
    return lambda value: None if value in choices else f"可选值：{'、'.join(choices)}"


def _gpkg_path(value: str) -> str | None:
    return None if value.lower().endswith(".gpkg") else "应为 GeoPackage 文件路径（以 .gpkg 结尾）"


def _number(low: float, high: float, integer: bool = False) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        try:
            number = int(value) if integer else float(value)
        except ValueError:
            number = None
        ok = number is not None and low <= number <= high
        return None if ok else f"应为 {low:g} 到 {high:g} 之间的{'整数' if integer else '数'}"
    return check


def _kind_numbers(value: str) -> str | None:
    """Check a `kind=number,...` list of the patrol planner (kinds from geo.routing.candidates.KINDS)."""
    from geo.routing.candidates import KINDS, parse_kind_numbers

    try:
        parse_kind_numbers(value)
    except ValueError as exc:
        return f"{exc}；格式如 overdue=5,outlet=5，种类：{'、'.join(KINDS)}"
    return None


def _shift(value: str) -> str | None:
    from geo.routing.teams import parse_shift

    try:
        parse_shift(value)
    except ValueError as exc:
        return str(exc)
    return None


OPTIONS: dict[str, Option] = {
    option.key: option
    for option in (
        Option("EMAP_DATA", str(ROOT / "data" / "demo.gpkg"),
               "数据文件（GeoPackage）。默认是示例数据 data/demo.gpkg，make 会在缺失时生成。", _gpkg_path),
        Option("EMAP_BASEMAP", "none", "默认底图：none 本地底图（离线）、tianditu、amap、osm、custom。",
               _one_of("none", "tianditu", "amap", "osm", "custom")),
        Option("EMAP_TIANDITU_KEY", "", "天地图密钥 tk；填写后可选天地图底图。"),
        Option("EMAP_TILE_URL", "", "自定义（内网）瓦片地址模板，含 {z}/{x}/{y}；填写后可选自定义底图。"),
        Option("EMAP_TILE_CRS", "wgs84", "自定义瓦片的坐标系：wgs84（含 CGCS2000）或 gcj02。",
               _one_of("wgs84", "gcj02")),
        Option("EMAP_CAMPAIGN", "百日会战", "侧栏默认选中的专项行动。"),
        Option("EMAP_ROUTE_STALE_DAYS", "90", "巡查路线：企业超过这么多天未检查即列为候选点位。", _number(1, 3650, True)),
        Option("EMAP_ROUTE_WEIGHTS", "overdue=5,outlet=5,fire=4,drawn=4,complaint=3,stale=2",
               "巡查路线：各类候选点位的优先级分值（同一点位有多个理由时相加）。", _kind_numbers),
        Option("EMAP_ROUTE_SERVICE_MIN", "overdue=20,outlet=20,fire=15,drawn=40,complaint=30,stale=30",
               "巡查路线：各类点位的现场检查用时（分钟；多个理由时取最长）。", _kind_numbers),
        Option("EMAP_ROUTE_SHIFT", "19:00-23:30", "巡查路线：默认班次（HH:MM-HH:MM，可跨午夜）。", _shift),
        Option("EMAP_ROUTE_SPEED_KMH", "30", "巡查路线：车速 km/h（无路网时按直线距离×绕行系数÷车速计时）。",
               _number(1, 150)),
        Option("EMAP_ROUTE_DETOUR", "1.4", "巡查路线：绕行系数，道路距离约为直线距离的倍数（无路网时使用）。",
               _number(1, 3)),
        Option("EMAP_ROUTE_POINT_KM", "10", "巡查路线：1 分优先级值多少公里行驶里程（收益与里程的换算）。",
               _number(0.1, 1000)),
        Option("EMAP_ROUTE_SECONDS", "5", "巡查路线：求解时间上限（秒）。", _number(0.1, 600)),
        Option("EMAP_ROUTE_MAX_CANDIDATES", "300", "巡查路线：交给求解器的候选点位上限（按优先级取前若干个）。",
               _number(1, 5000, True)),
    )
}


def get(key: str, environ: dict[str, str] | None = None) -> str:
    """The value of setting `key` from the environment, or its default; checked."""
    option = OPTIONS[key]
    value = (environ if environ is not None else os.environ).get(key, option.default).strip()
    complaint = option.check(value)
    if complaint:
        raise SettingError(f"设置 {key} 的值“{value}”无效：{complaint}")
    return value
