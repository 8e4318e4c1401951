"""Chinese names and number formats for the figures the pages show (one table, used by every page)."""

from __future__ import annotations

import math

import pandas as pd

KPI = {
    "inspections": "检查次数",
    "person_times": "出动人次",
    "points": "检查点位",
    "teams": "执法小组",
    "teams_min_per_day": "单日最少小组",
    "days": "检查天数",
    "problems": "发现问题",
    "fixed": "已整改",
    "transferred": "已移交",
    "open": "整改中",
    "fix_rate": "整改率",
    "overdue": "逾期未改",
    "penalty_cases": "处罚案件",
    "penalty_yuan": "罚款（万元）",
    "cases_filed": "立案",
    "district": "行政区",
    "enterprises": "在册企业",
    "inspected": "已检查企业",
    "coverage": "企业覆盖率",
    "day": "日期",
}

# Longest list a page shows as a table; the rest is in the download. Years of records hold thousands of
# overdue problems, and a table of all of them costs every rerun (and the browser) for rows no one scrolls to.
TABLE_ROWS = 500

PROBLEM_COLUMNS = {
    "problem_id": "问题编号",
    "district": "行政区",
    "days_overdue": "逾期天数",
    "enterprise": "企业",
    "description": "问题",
    "deadline": "整改期限",
    "found_on": "发现日期",
    "category": "类别",
    "handling": "处置",
    "origin": "来源",
}


def percent(share: float | None) -> str:
    return "—" if share is None or (isinstance(share, float) and math.isnan(share)) else f"{share:.0%}"


def wan_yuan(yuan: float) -> str:
    """Yuan as 万元 with up to 4 decimals, trailing zeros dropped (756350 -> 75.635)."""
    return f"{yuan / 10000:.4f}".rstrip("0").rstrip(".")


def kpi_cards(k: dict, as_of) -> list[tuple[str, str, str, str | None]]:
    """The overview's twelve KPI cards: (key, label, shown value, help text)."""
    n = lambda key: f"{k[key]:,}"  # noqa: E731
    return [
        ("inspections", "检查次数", n("inspections"), "所选时段内的现场检查记录数"),
        ("person_times", "出动人次", n("person_times"), "各次检查在场执法人员数之和"),
        ("points", "检查点位", n("points"), "被检查的不同点位（企业、排口、地点）数"),
        ("teams", "执法小组", n("teams"), f"出动过的小组数；单日最少 {k['teams_min_per_day']} 个"),
        ("problems", "发现问题", n("problems"), "按发现日期计"),
        ("fixed", "已整改", n("fixed"), f"截至 {as_of} 已完成整改"),
        ("fix_rate", "整改率", percent(k["fix_rate"]), "已整改 ÷（发现 − 已移交）"),
        ("transferred", "已移交", n("transferred"), "移交其他部门的线索"),
        ("open", "整改中", n("open"), f"截至 {as_of} 尚未整改完成"),
        ("overdue", "逾期未改", n("overdue"), f"截至 {as_of} 仍未整改且已过整改期限"),
        ("penalty_cases", "处罚案件", n("penalty_cases"), "罚款金额大于 0 的问题数"),
        ("penalty_yuan", "罚款（万元）", wan_yuan(k["penalty_yuan"]), "罚款合计"),
    ]


def coverage_shading(per_district: pd.DataFrame) -> pd.DataFrame:
    """What the district map needs: district, share (coverage 0..1) and the tooltip line."""
    return pd.DataFrame({
        "district": per_district["district"],
        "share": per_district["coverage"],
        "label": [f"企业覆盖率 {percent(c)} · 检查 {n:,} 次 · 问题 {p:,} 个"
                  for c, n, p in zip(per_district["coverage"], per_district["inspections"], per_district["problems"])],
    })


def district_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per-district figures with Chinese headers and readable rates (for display only)."""
    out = frame.copy()
    out["fix_rate"] = out["fix_rate"].map(percent)
    out["coverage"] = out["coverage"].map(percent)
    out["penalty_yuan"] = out["penalty_yuan"].map(wan_yuan)
    columns = ["district", "inspections", "person_times", "points", "teams", "enterprises", "inspected",
               "coverage", "problems", "fixed", "transferred", "fix_rate", "overdue", "penalty_cases", "penalty_yuan"]
    return out[columns].rename(columns=KPI)


def problem_table(problems: pd.DataFrame, enterprises: pd.DataFrame) -> pd.DataFrame:
    """Problems with the enterprise's name instead of its code, Chinese headers, dates as text."""
    out = problems.copy()
    out["enterprise"] = out["enterprise_code"].map(enterprises.set_index("credit_code")["name"]).fillna("—")
    for column in ("found_on", "deadline"):
        out[column] = out[column].dt.strftime("%Y-%m-%d").fillna("—")
    columns = [c for c in PROBLEM_COLUMNS if c in out.columns]
    return out[columns].rename(columns=PROBLEM_COLUMNS)


INSPECTION_COLUMNS = {
    "started_at": "检查时间",
    "kind": "检查方式",
    "topic": "检查内容",
    "team_id": "执法小组",
    "officers": "人数",
    "findings": "检查情况",
    "inspection_id": "检查编号",
}


def site_title(visits: pd.DataFrame, site: str) -> str:
    """"place（N 次检查）" for a site's visits in the selection, or the bare site id when there are none."""
    if visits.empty:
        return f"{site}：所选条件下无检查记录"
    return f"{visits['place'].iloc[0]}（所选条件下检查 {len(visits):,} 次）"


def inspection_table(visits: pd.DataFrame) -> pd.DataFrame:
    """A site's inspections, latest first, with Chinese headers."""
    out = visits.sort_values("started_at", ascending=False).copy()
    out["started_at"] = out["started_at"].dt.strftime("%Y-%m-%d %H:%M")
    for column in ("kind", "team_id"):
        out[column] = out[column].astype(str)
    return out[list(INSPECTION_COLUMNS)].rename(columns=INSPECTION_COLUMNS)
