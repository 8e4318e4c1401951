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


def _positive_number(value: str) -> str | None:
    try:
        return None if float(value) > 0 else "应为正数"
    except ValueError:
        return "应为正数"


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
        Option("EMAP_IMPORT_MAX_MB", "50", "导入文件大小上限（MB）；超过的文件不读取。", _positive_number),
        Option("EMAP_IMPORT_MAX_ROWS", "100000", "导入文件行数上限。", _positive_number),
        Option("EMAP_IMPORT_MAX_UNZIPPED_MB", "500",
               "压缩文件（zip、kmz、xlsx）解压后总大小上限（MB）；另外超过 1 MB 且压缩比超过 200 倍的成员一律拒收（疑似压缩炸弹）。",
               _positive_number),
        Option("EMAP_IMPORT_COLUMNS", "",
               "补充列名对照表（JSON 文件路径，如 {\"企业名称\": [\"单位全称\"]}），在内置对照表之外增加列名。"),
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
