"""The canonical layers of the enforcement map: their columns, types, keys and allowed values.

Every layer that enters the store passes `validate`, so pages and statistics can rely on these
columns being present and typed. Times are Beijing time (UTC+8) without a zone, except the
FIRMS columns that say UTC. Geometries are WGS84 (EPSG:4326); see `geo.crs` for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

CRS = "EPSG:4326"
DEMO_LABEL = "示例数据"

WATER_CLASSES = (1, 2, 3, 4, 5, 6)  # 6 stands for 劣V
OUTLET_TYPES = ("工业排污口", "城镇污水处理厂排污口", "农业排口", "其他排口")
OUTLET_STATUS = ("正常", "疑似直排", "整治中", "已整治")
FIX_CATEGORIES = ("取缔", "合并", "规范")
SECTION_LEVELS = ("国考", "省考", "市考")
REACH_KINDS = ("干流", "支流", "支浜")
INSPECTION_KINDS = ("日常", "夜查", "节假日", "四不两直")
PROBLEM_CATEGORIES = ("环境", "安全", "其他")
PROBLEM_STATUS = ("整改中", "已整改", "已移交")
PROBLEM_HANDLING = ("立行立改", "限期整改", "跟踪督办", "移交")
FIRE_STATUS = ("待核查", "已核实焚烧", "已排除-无焚烧痕迹", "已排除-工业热源")
ENTERPRISE_TAGS = ("危废", "重点VOCs", "环评审批", "燃煤电厂", "热源", "涉水", "信访")


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # str, int, float, bool, date, datetime
    doc: str
    required: bool = True
    allowed: tuple = ()


@dataclass(frozen=True)
class Layer:
    name: str
    title: str
    key: str
    geometry: str | None  # Point, LineString, MultiPolygon or None for a plain table
    columns: tuple[Column, ...]
    doc: str = ""
    references: dict = field(default_factory=dict)  # column -> (layer, key column)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name, dtype, doc, required=True, allowed=()):
    return Column(name, dtype, doc, required, tuple(allowed))


LAYERS: dict[str, Layer] = {
    layer.name: layer
    for layer in (
        Layer(
            "districts", "行政区", "name", "MultiPolygon",
            (
                _c("adcode", "str", "行政区划代码；工业园区用 320571"),
                _c("name", "str", "名称，如 昆山市、苏州工业园区"),
                _c("name_en", "str", "英文名", required=False),
                _c("kind", "str", "district 行政区 / zone 功能区（工业园区）", allowed=("district", "zone")),
            ),
            "9 个县级行政区（真实边界）加工业园区（功能区，近似边界）。",
        ),
        Layer(
            "lakes", "湖泊", "lake_id", "MultiPolygon",
            (
                _c("lake_id", "str", "编号"),
                _c("name", "str", "湖名"),
                _c("area_km2", "float", "面积 km²"),
            ),
            "GSHHG 湖泊轮廓，底图用。",
        ),
        Layer(
            "rivers", "河道", "reach_id", "LineString",
            (
                _c("reach_id", "str", "河段编号"),
                _c("name", "str", "河名"),
                _c("kind", "str", "干流 / 支流 / 支浜", allowed=REACH_KINDS),
                _c("flows_into", "str", "下游河段编号；入湖入江的河段为空", required=False),
                _c("district", "str", "所在行政区"),
                _c("target_class", "int", "水质目标类别 1–5", required=False, allowed=WATER_CLASSES[:5]),
                _c("source", "str", "数据来源"),
            ),
            "河段及其拓扑：每段写明流入的下游河段。",
            {"flows_into": ("rivers", "reach_id")},
        ),
        Layer(
            "sections", "监测断面", "section_id", "Point",
            (
                _c("section_id", "str", "断面编号"),
                _c("name", "str", "断面名称，如 瓜泾口北"),
                _c("reach_id", "str", "所在河段"),
                _c("level", "str", "考核级别", allowed=SECTION_LEVELS),
                _c("target_class", "int", "水质考核目标类别 1–5（III 类写 3）", allowed=WATER_CLASSES[:5]),
                _c("district", "str", "所在行政区"),
                _c("source", "str", "数据来源"),
            ),
            "",
            {"reach_id": ("rivers", "reach_id")},
        ),
        Layer(
            "samples", "水质监测", "sample_id", None,
            (
                _c("sample_id", "str", "样品编号"),
                _c("section_id", "str", "断面编号（断面采样）", required=False),
                _c("outlet_id", "str", "排口编号（排口采样）", required=False),
                _c("sampled_at", "datetime", "采样时间（北京时间）"),
                _c("do", "float", "溶解氧 DO mg/L", required=False),
                _c("codmn", "float", "高锰酸盐指数 mg/L", required=False),
                _c("cod", "float", "化学需氧量 COD mg/L", required=False),
                _c("bod5", "float", "五日生化需氧量 mg/L", required=False),
                _c("nh3n", "float", "氨氮 mg/L", required=False),
                _c("tp", "float", "总磷 mg/L", required=False),
                _c("tn", "float", "总氮 mg/L", required=False),
                _c("ph", "float", "pH", required=False),
                _c("source", "str", "数据来源"),
            ),
            "断面或排口的一次采样；section_id 与 outlet_id 二者填一。",
            {"section_id": ("sections", "section_id"), "outlet_id": ("outlets", "outlet_id")},
        ),
        Layer(
            "outlets", "入河排污口", "outlet_id", "Point",
            (
                _c("outlet_id", "str", "排口编号"),
                _c("name", "str", "排口名称"),
                _c("type", "str", "排口类型（国办函〔2022〕17号）", allowed=OUTLET_TYPES),
                _c("subtype", "str", "细类，如 雨水排口、混合排口", required=False),
                _c("reach_id", "str", "受纳河段"),
                _c("status", "str", "状态", allowed=OUTLET_STATUS),
                _c("fix_category", "str", "整治类型", required=False, allowed=FIX_CATEGORIES),
                _c("owner_code", "str", "责任主体统一社会信用代码", required=False),
                _c("owner", "str", "责任主体"),
                _c("permit_code", "str", "排污许可排放口编号，如 DW001", required=False),
                _c("district", "str", "所在行政区"),
                _c("source", "str", "数据来源"),
            ),
            "",
            {"reach_id": ("rivers", "reach_id"), "owner_code": ("enterprises", "credit_code")},
        ),
        Layer(
            "enterprises", "企业", "credit_code", "Point",
            (
                _c("credit_code", "str", "统一社会信用代码（GB 32100，18 位，含校验位）"),
                _c("name", "str", "企业名称"),
                _c("district", "str", "所在行政区"),
                _c("industry", "str", "行业"),
                _c("tags", "str", "标签，以“、”分隔：" + "、".join(ENTERPRISE_TAGS), required=False),
                _c("eia_approved_on", "date", "环评报告书批复日期", required=False),
                _c("source", "str", "数据来源"),
            ),
        ),
        Layer(
            "teams", "执法小组", "team_id", "Point",
            (
                _c("team_id", "str", "小组编号"),
                _c("name", "str", "小组名称"),
                _c("district", "str", "所属执法局所在行政区"),
                _c("base", "str", "驻地"),
                _c("members", "int", "组员人数"),
                _c("member_names", "str", "组员（“、”分隔）", required=False),
                _c("source", "str", "数据来源"),
            ),
            "几何为驻地位置。",
        ),
        Layer(
            "campaigns", "专项行动", "campaign", None,
            (
                _c("campaign", "str", "行动名称，如 百日会战"),
                _c("document", "str", "文号", required=False),
                _c("start_date", "date", "开始日期"),
                _c("end_date", "date", "结束日期"),
                _c("source", "str", "数据来源"),
            ),
        ),
        Layer(
            "inspections", "检查记录", "inspection_id", "Point",
            (
                _c("inspection_id", "str", "检查编号"),
                _c("started_at", "datetime", "检查开始时间（北京时间）"),
                _c("district", "str", "所在行政区"),
                _c("site_id", "str", "检查点位：企业信用代码、排口编号或地点编号"),
                _c("enterprise_code", "str", "被检查企业信用代码", required=False),
                _c("place", "str", "地点名称"),
                _c("team_id", "str", "执法小组"),
                _c("officers", "int", "在场执法人员数（计入人次）"),
                _c("campaign", "str", "所属专项行动", required=False),
                _c("kind", "str", "检查方式", allowed=INSPECTION_KINDS),
                _c("topic", "str", "检查内容，如 危废、VOCs、环评、污水、秸秆禁烧"),
                _c("findings", "str", "检查情况", required=False),
                _c("source", "str", "数据来源"),
            ),
            "一条记录是一个小组对一个点位的一次现场检查。",
            {
                "team_id": ("teams", "team_id"),
                "enterprise_code": ("enterprises", "credit_code"),
                "campaign": ("campaigns", "campaign"),
            },
        ),
        Layer(
            "problems", "发现问题", "problem_id", None,
            (
                _c("problem_id", "str", "问题编号"),
                _c("inspection_id", "str", "来源检查；上级督查移交的问题为空", required=False),
                _c("district", "str", "所在行政区"),
                _c("enterprise_code", "str", "涉及企业", required=False),
                _c("found_on", "date", "发现日期"),
                _c("origin", "str", "问题来源，如 现场检查、生态环境部臭氧帮扶第4轮"),
                _c("campaign", "str", "所属专项行动", required=False),
                _c("category", "str", "环境 / 安全 / 其他", allowed=PROBLEM_CATEGORIES),
                _c("description", "str", "问题描述"),
                _c("handling", "str", "处置方式", allowed=PROBLEM_HANDLING),
                _c("deadline", "date", "整改期限", required=False),
                _c("status", "str", "状态", allowed=PROBLEM_STATUS),
                _c("fixed_on", "date", "整改完成或移交日期", required=False),
                _c("penalty_yuan", "float", "罚款金额（元），未处罚为 0"),
                _c("case_filed", "bool", "是否立案"),
                _c("source", "str", "数据来源"),
            ),
            "",
            {
                "inspection_id": ("inspections", "inspection_id"),
                "enterprise_code": ("enterprises", "credit_code"),
                "campaign": ("campaigns", "campaign"),
            },
        ),
        Layer(
            "fire_points", "秸秆焚烧火点", "fire_id", "Point",
            (
                _c("fire_id", "str", "火点编号"),
                _c("latitude", "float", "纬度（FIRMS 原值）"),
                _c("longitude", "float", "经度（FIRMS 原值）"),
                _c("acq_date", "str", "FIRMS 过境日期（UTC）"),
                _c("acq_time", "str", "FIRMS 过境时刻 HHMM（UTC）"),
                _c("detected_utc", "datetime", "探测时间 UTC"),
                _c("detected_bj", "datetime", "探测时间 北京时间"),
                _c("satellite", "str", "卫星", required=False),
                _c("instrument", "str", "传感器 VIIRS / MODIS", required=False),
                _c("confidence", "str", "置信度（VIIRS l/n/h，MODIS 0–100）", required=False),
                _c("bright_ti4", "float", "VIIRS I4 亮温 K", required=False),
                _c("bright_ti5", "float", "VIIRS I5 亮温 K", required=False),
                _c("brightness", "float", "MODIS 亮温 K", required=False),
                _c("frp", "float", "火辐射功率 MW", required=False),
                _c("daynight", "str", "D / N", required=False),
                _c("district", "str", "所在行政区", required=False),
                _c("status", "str", "核查状态", allowed=FIRE_STATUS),
                _c("source", "str", "数据来源"),
            ),
        ),
        Layer(
            "draws", "双随机抽取记录", "draw_id", None,
            (
                _c("draw_id", "str", "抽取编号"),
                _c("drawn_at", "datetime", "抽取时间（北京时间）"),
                _c("drawn_by", "str", "抽取人"),
                _c("districts", "str", "对象库：行政区（“、”分隔；空为全市）", required=False),
                _c("tags", "str", "对象库：企业标签（“、”分隔，含其一即入库；空为不限）", required=False),
                _c("pool_size", "int", "对象库企业数"),
                _c("pool_digest", "str", "对象库指纹（排序后信用代码的 SHA-256 前 16 位），复核时据此确认对象库未变"),
                _c("ratio", "float", "抽取比例（0–1）"),
                _c("seed", "int", "随机种子；同一对象库与种子必得同一结果"),
                _c("targets", "str", "抽中企业信用代码（按抽中顺序，“、”分隔）", required=False),
                _c("target_count", "int", "抽中企业数"),
                _c("teams", "str", "执法人员库：小组编号（“、”分隔）"),
                _c("inspectors", "str", "抽中执法人员（小组编号:姓名，“、”分隔）", required=False),
                _c("note", "str", "用途说明", required=False),
                _c("source", "str", "数据来源，如 本系统抽取"),
            ),
            "双随机一公开：每次抽取追加一行，只增不改（append-only）；据对象库、比例与种子可复现。",
        ),
    )
}


class SchemaError(ValueError):
    """A frame does not fit its layer; the message names layer, row, column and value in Chinese."""


_DTYPE_WORDS = {
    "str": "文本", "int": "整数", "float": "数值", "bool": "是/否", "date": "日期", "datetime": "日期时间",
}


def validate(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Check `frame` against layer `name` and return a copy with canonical column order and types."""
    layer = _layer(name)
    _check_columns(layer, frame)
    out = _coerce(layer, frame)
    _check_values(layer, out)
    _check_key(layer, out)
    _check_geometry(layer, out)
    cols = layer.column_names + (["geometry"] if layer.geometry else [])
    return out[cols]


def _layer(name: str) -> Layer:
    if name not in LAYERS:
        raise SchemaError(f"未知图层“{name}”，可用的图层：{'、'.join(LAYERS)}")
    return LAYERS[name]


def _check_columns(layer: Layer, frame: pd.DataFrame) -> None:
    missing = [c.name for c in layer.columns if c.required and c.name not in frame.columns]
    if missing:
        raise SchemaError(f"图层“{layer.title}”({layer.name}) 缺少必填列：{'、'.join(missing)}")
    if layer.geometry and "geometry" not in frame.columns:
        raise SchemaError(f"图层“{layer.title}”({layer.name}) 缺少几何列 geometry")


def _coerce(layer: Layer, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in layer.columns:
        if col.name not in out.columns:
            out[col.name] = None
        out[col.name] = _coerce_column(layer, col, out[col.name])
    return out


def _coerce_column(layer: Layer, col: Column, values: pd.Series) -> pd.Series:
    try:
        if col.dtype == "str":
            return values.astype("object").where(values.notna(), None).map(
                lambda v: v if v is None else str(v)
            )
        if col.dtype == "int":
            return pd.to_numeric(values, errors="raise").astype("Int64")
        if col.dtype == "float":
            return pd.to_numeric(values, errors="raise").astype("float64")
        if col.dtype == "bool":
            return values.map(_to_bool).astype("boolean")
        if col.dtype in ("date", "datetime"):
            parsed = values if pd.api.types.is_datetime64_any_dtype(values) else pd.to_datetime(
                values, errors="raise", format="mixed"
            )
            if getattr(parsed.dt, "tz", None) is not None:
                parsed = parsed.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
            parsed = parsed.astype("datetime64[ns]")
            return parsed.dt.normalize() if col.dtype == "date" else parsed
    except (ValueError, TypeError) as exc:
        row, value = _first_bad(values, col.dtype)
        raise SchemaError(
            f"图层“{layer.title}”第 {row} 行，列 {col.name}（{col.doc}）的值“{value}”"
            f"不是{_DTYPE_WORDS[col.dtype]}"
        ) from exc
    raise SchemaError(f"列 {col.name} 的类型 {col.dtype} 未定义")


def _to_bool(value):
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return pd.NA
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("1", "true", "t", "yes", "y", "是"):
        return True
    if text in ("0", "false", "f", "no", "n", "否"):
        return False
    raise ValueError(value)


def _first_bad(values: pd.Series, dtype: str) -> tuple[int, object]:
    for i, value in enumerate(values, start=1):
        if value is None or (isinstance(value, float) and np.isnan(value)):
            continue
        try:
            if dtype in ("int", "float"):
                float(value)
            elif dtype == "bool":
                _to_bool(value)
            elif dtype in ("date", "datetime"):
                pd.Timestamp(value)
        except (ValueError, TypeError):
            return i, value
    return 0, "?"


def _check_values(layer: Layer, frame: pd.DataFrame) -> None:
    for col in layer.columns:
        values = frame[col.name]
        if col.required:
            empty = values.isna()
            if empty.any():
                row = int(np.flatnonzero(empty.to_numpy())[0]) + 1
                raise SchemaError(f"图层“{layer.title}”第 {row} 行，必填列 {col.name}（{col.doc}）为空")
        if col.allowed:
            bad = values.notna() & ~values.isin(col.allowed)
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
                raise SchemaError(
                    f"图层“{layer.title}”第 {row} 行，列 {col.name} 的值“{values[bad].iloc[0]}”不在允许范围内；"
                    f"可用：{'、'.join(map(str, col.allowed))}"
                )


def _check_key(layer: Layer, frame: pd.DataFrame) -> None:
    dup = frame[layer.key].duplicated()
    if dup.any():
        row = int(np.flatnonzero(dup.to_numpy())[0]) + 1
        raise SchemaError(f"图层“{layer.title}”第 {row} 行，主键 {layer.key} 的值“{frame[layer.key][dup].iloc[0]}”重复")


def _check_geometry(layer: Layer, frame: pd.DataFrame) -> None:
    if not layer.geometry:
        return
    geoms = frame.geometry
    bad = geoms.isna() | geoms.is_empty
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise SchemaError(f"图层“{layer.title}”第 {row} 行没有几何（坐标）")
    allowed = {layer.geometry, layer.geometry.replace("Multi", "")}
    wrong = ~geoms.geom_type.isin(allowed)
    if wrong.any():
        row = int(np.flatnonzero(wrong.to_numpy())[0]) + 1
        raise SchemaError(
            f"图层“{layer.title}”第 {row} 行的几何类型是 {geoms.geom_type[wrong].iloc[0]}，应为 {layer.geometry}"
        )
    if frame.crs is not None and frame.crs.to_epsg() not in (4326, 4490):
        raise SchemaError(f"图层“{layer.title}”的坐标系是 {frame.crs}，入库前请转换为 WGS84（EPSG:4326）")
    bounds = geoms.bounds
    out = (bounds.minx < -180) | (bounds.maxx > 180) | (bounds.miny < -90) | (bounds.maxy > 90)
    if out.any():
        row = int(np.flatnonzero(out.to_numpy())[0]) + 1
        raise SchemaError(f"图层“{layer.title}”第 {row} 行的坐标超出经纬度范围，是否为投影坐标或经纬度颠倒？")


def check_references(layers: dict[str, pd.DataFrame]) -> list[str]:
    """Foreign keys that point nowhere, as Chinese messages (empty list when all resolve)."""
    problems = []
    for name, frame in layers.items():
        layer = LAYERS[name]
        for column, (target, key) in layer.references.items():
            if target not in layers or column not in frame.columns:
                continue
            known = set(layers[target][key].dropna())
            dangling = frame[column].dropna()
            dangling = dangling[~dangling.isin(known)]
            if len(dangling):
                problems.append(
                    f"{layer.title}.{column} 有 {len(dangling)} 个值在 {LAYERS[target].title}.{key} 中找不到，"
                    f"如“{dangling.iloc[0]}”"
                )
    return problems


def markdown() -> str:
    """The data model as Markdown tables (pasted into README.md; a test keeps the two in step)."""
    parts = []
    for layer in LAYERS.values():
        geometry = f"几何 {layer.geometry}" if layer.geometry else "无几何（普通表）"
        parts.append(f"#### `{layer.name}` {layer.title}（主键 `{layer.key}`，{geometry}）\n")
        if layer.doc:
            parts.append(layer.doc + "\n")
        parts.append("| 列 | 类型 | 必填 | 说明 |\n| --- | --- | --- | --- |")
        for col in layer.columns:
            note = col.doc + (f"；取值：{'、'.join(map(str, col.allowed))}" if col.allowed else "")
            ref = layer.references.get(col.name)
            note += f"；引用 `{ref[0]}.{ref[1]}`" if ref else ""
            parts.append(f"| `{col.name}` | {col.dtype} | {'是' if col.required else ''} | {note} |")
        parts.append("")
    return "\n".join(parts)


_README_START, _README_END = "<!-- data-model:start -->", "<!-- data-model:end -->"


def readme_section(readme: str) -> str:
    """The part of README.md between the data-model markers."""
    return readme.split(_README_START, 1)[1].split(_README_END, 1)[0].strip()


def update_readme(path) -> None:
    """Rewrite README.md's data-model section from LAYERS (run: python -m geo.schema README.md)."""
    from pathlib import Path

    text = Path(path).read_text(encoding="utf-8")
    head, rest = text.split(_README_START, 1)
    tail = rest.split(_README_END, 1)[1]
    Path(path).write_text(f"{head}{_README_START}\n\n{markdown()}\n{_README_END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    import sys

    update_readme(sys.argv[1] if len(sys.argv) > 1 else "README.md")
