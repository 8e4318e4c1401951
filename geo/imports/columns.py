"""The column names people use, mapped to the fields the importer knows: one declared table.

A header is compared after normalising (full-width to half-width, spaces and line breaks removed, lower
case), so "罚款金额（万元）", "罚款金额(万元)" and "罚款金额 (万元)" are one name. More names can be added without
touching code: `EMAP_IMPORT_COLUMNS` names a JSON file {field or one of its names: [more names]}."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from geo import settings


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # how the report names it when the file has no such column
    aliases: tuple[str, ...]


FIELDS: tuple[Field, ...] = (
    Field("seq", "序号", ("序号", "编号", "no", "no.", "seq", "序")),
    Field("inspection_id", "检查编号", ("检查编号", "检查记录编号", "inspection_id")),
    Field("enterprise_name", "企业名称", ("企业名称", "单位名称", "被检查单位", "被检查企业", "企业", "名称", "name",
                                      "enterprise", "company")),
    Field("credit_code", "统一社会信用代码", ("统一社会信用代码", "社会信用代码", "信用代码", "credit_code",
                                         "uscc", "enterprise_code")),
    Field("district", "所属区县", ("所属区县", "区县", "所在区县", "所属辖区", "辖区", "行政区", "所在区", "所在地区",
                                "district")),
    Field("lon", "经度", ("经度", "东经", "lon", "lng", "long", "longitude", "x", "经度(e)", "经度(wgs84)")),
    Field("lat", "纬度", ("纬度", "北纬", "lat", "latitude", "y", "纬度(n)", "纬度(wgs84)")),
    Field("started_at", "检查时间", ("检查时间", "检查日期", "检查开始时间", "时间", "日期", "started_at", "date",
                                 "inspection_date")),
    Field("officer_names", "检查人员", ("检查人员", "执法人员", "检查人", "检查人员姓名", "执法人员姓名", "officer_names",
                                    "inspectors")),
    Field("officers", "人数", ("人数", "检查人数", "执法人数", "出动人次", "officers")),
    Field("team_id", "执法小组", ("执法小组", "小组编号", "检查小组", "team_id", "team")),
    Field("inspection_type", "检查类型", ("检查类型", "检查性质", "检查类别", "inspection_type", "type")),
    Field("kind", "检查方式", ("检查方式", "kind")),
    Field("topic", "检查内容", ("检查内容", "检查事项", "检查重点", "topic")),
    Field("place", "检查地点", ("检查地点", "地点", "地址", "place", "address")),
    Field("problem", "发现问题", ("发现问题", "存在问题", "问题描述", "发现的问题", "主要问题", "problem", "problems",
                              "findings")),
    Field("category", "问题类别", ("问题类别", "问题类型", "category")),
    Field("deadline", "整改期限", ("整改期限", "整改时限", "整改截止日期", "deadline")),
    Field("fix_status", "整改情况", ("整改情况", "整改状态", "整改结果", "整改进度", "fix_status", "status")),
    Field("fixed_on", "整改完成日期", ("整改完成日期", "完成整改日期", "整改完成时间", "fixed_on")),
    Field("penalty_wan", "罚款金额（万元）", ("罚款金额(万元)", "罚款(万元)", "处罚金额(万元)", "罚没金额(万元)")),
    Field("penalty_yuan", "罚款金额（元）", ("罚款金额(元)", "罚款(元)", "处罚金额(元)", "罚款金额", "罚款",
                                      "处罚金额", "penalty_yuan", "penalty")),
    Field("case_filed", "是否立案", ("是否立案", "立案", "case_filed")),
    Field("campaign", "专项行动", ("专项行动", "所属专项行动", "行动名称", "campaign")),
    Field("industry", "行业", ("行业", "所属行业", "行业类别", "industry")),
    Field("tags", "标签", ("标签", "tags")),
    Field("eia_approved_on", "环评批复日期", ("环评批复日期", "环评报告书批复日期", "eia_approved_on")),
)
BY_NAME = {f.name: f for f in FIELDS}


def normalise(header) -> str:
    """A header as compared: NFKC (full-width brackets and letters to ASCII), no spaces, lower case."""
    text = unicodedata.normalize("NFKC", "" if header is None else str(header))
    return "".join(text.split()).lower()


def alias_table(extra_file: str | None = None) -> dict[str, str]:
    """Normalised header -> field name, from FIELDS plus the JSON file `EMAP_IMPORT_COLUMNS` names."""
    table = {normalise(alias): f.name for f in FIELDS for alias in f.aliases}
    path = settings.get("EMAP_IMPORT_COLUMNS") if extra_file is None else extra_file
    if path:
        try:
            extra = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise settings.SettingError(f"设置 EMAP_IMPORT_COLUMNS 指向的列名对照表无法读取：{exc}") from None
        for key, names in extra.items():
            field = table.get(normalise(key), key)
            if field not in BY_NAME:
                raise settings.SettingError(f"列名对照表中的“{key}”不是已知字段；已知：{'、'.join(BY_NAME)}")
            for alias in [names] if isinstance(names, str) else names:
                table[normalise(alias)] = field
    return table


def match(headers: list[str], table: dict[str, str] | None = None, empty: set[str] = frozenset()) -> dict[str, str]:
    """field name -> the header (as written in the file) that holds it. When several headers name one field,
    a column with values beats an empty one (KML's empty "Name" beside 企业名称), then the more specific name
    (earlier in the field's aliases), then the leftmost column."""
    table = alias_table() if table is None else table
    rank = {field.name: {normalise(a): i for i, a in enumerate(field.aliases)} for field in FIELDS}
    best: dict[str, tuple] = {}
    for position, header in enumerate(headers):
        key = normalise(header)
        field = table.get(key)
        if field:
            score = (header in empty, rank.get(field, {}).get(key, len(rank.get(field, {}))), position)
            if field not in best or score < best[field][0]:
                best[field] = (score, header)
    return {field: header for field, (_, header) in best.items()}


def known_count(cells: list, table: dict[str, str]) -> int:
    """How many cells of a row are known column names (used to find the header row under title rows)."""
    return sum(1 for cell in cells if normalise(cell) in table)
