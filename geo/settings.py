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


def _number(lo: float, hi: float) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        try:
            ok = lo <= float(value) <= hi
        except ValueError:
            ok = False
        return None if ok else f"应为 {lo:g}–{hi:g} 之间的数"
    return check


def _gpkg_path(value: str) -> str | None:
    return None if value.lower().endswith(".gpkg") else "应为 GeoPackage 文件路径（以 .gpkg 结尾）"


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
        Option("EMAP_FIRE_EVENT_HOURS", "12",
               "火点归并的时间窗（小时）：相隔不超过此时长、且相距不超过 EMAP_FIRE_EVENT_PIXELS 个像元的探测算同一火点事件。",
               _number(0, 240)),
        Option("EMAP_FIRE_EVENT_PIXELS", "2",
               "火点归并的距离，以像元计（VIIRS 375 m、MODIS 1 km；两次探测取较大的像元）。", _number(0, 10)),
        Option("EMAP_FIRE_HEAT_M", "500", "距标注“热源”的企业不超过此距离（米）的火点视为疑似工业热源。",
               _number(0, 10000)),
        Option("EMAP_FIRE_HEAT_DAYS", "6",
               "同一 500 m 网格内在至少此天数、且跨两个以上季节出现火点，视为疑似工业热源（固定热源）。",
               _number(2, 366)),
        Option("EMAP_FIRE_CELL_M", "1000", "“反复焚烧网格”的边长（米）。", _number(100, 20000)),
        Option("EMAP_FIRE_REPEAT_DAYS", "3", "一个网格内至少有此天数出现秸秆火点，记为反复焚烧网格。",
               _number(2, 366)),
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
