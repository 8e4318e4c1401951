"""One file per place (一企一档, 一口一档, 一断面一档): everything the data hold about a firm, an outlet or a
monitoring section, computed from the store's layers. The pages only show what these functions return.

"Today" is the data's own latest day (`data_today`: the last inspection, problem found or fixed, or sample;
the demo data end in January 2021) unless the caller passes another `as_of` date (the pages take it from the
URL, `?as_of=2020-10-31`). A problem's status is taken as of that day (geo.campaign.status_as_of): fixed or
transferred only once its `fixed_on` has passed; overdue when still open then and past its deadline.

The summary's "近一年" is the 365 days ending on the as-of day: inspections started and problems found in that
window, fines of those problems; "逾期未整改" counts every problem of the firm overdue on the as-of day,
whenever it was found.

Rivers come from geo.network (the rivers work): a firm's water goes down from each outlet it owns, or, owning
none, from its nearest reach within EMAP_RIVERSIDE_M (`network.downstream_of_firm`); a section's upstream is
`Network.upstream`. A section counts as downstream when it lies on one of those reaches (positions along one
reach are not compared here).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from geo import campaign, codes, crs, network, water
from geo.labels import wan_yuan

NEAR_KM = 3.0  # fire points within this distance of a firm are shown on its page
YEAR_DAYS = 365


class ProfileError(LookupError):
    """The place asked for is not in the data; the message names the key and where it was looked for."""


# ---- "today" and rivers ----------------------------------------------------------------------------


def data_today(layers: Mapping[str, pd.DataFrame]) -> date:
    """The latest day anything was recorded: an inspection, a problem found or fixed, a sample."""
    days = [
        layers["inspections"]["started_at"].max(),
        layers["problems"]["found_on"].max(),
        layers["problems"]["fixed_on"].max(),
        layers["samples"]["sampled_at"].max(),
    ]
    days = [d for d in days if pd.notna(d)]
    return pd.Timestamp(max(days)).date() if days else date.today()


def downstream(rivers: pd.DataFrame, reach_id: str, net: network.Network | None = None) -> pd.DataFrame:
    """The reach and every reach below it, in flow order (geo.network): reach_id, name, kind, district,
    target_class, steps (0 = itself), geometry."""
    if reach_id not in set(rivers["reach_id"]):
        return _reaches(rivers, [])
    net = net or network.Network(rivers)
    return _reaches(rivers, [reach_id, *net.downstream(reach_id)])


def upstream(rivers: pd.DataFrame, reach_id: str, net: network.Network | None = None) -> pd.DataFrame:
    """The reach and every reach whose water reaches it, nearest first (geo.network); `steps` counts the
    confluences between a reach and `reach_id`."""
    if reach_id not in set(rivers["reach_id"]):
        return _reaches(rivers, [])
    net = net or network.Network(rivers)
    out = _reaches(rivers, [reach_id, *net.upstream(reach_id)])
    flows = rivers.set_index("reach_id")["flows_into"].to_dict()
    out["steps"] = [_hops(flows, r, reach_id) for r in out["reach_id"]]
    return out


def _hops(flows: dict, start: str, end: str) -> int:
    hops, current, seen = 0, start, set()
    while current != end and current not in seen and isinstance(current, str):
        seen.add(current)
        current, hops = flows.get(current), hops + 1
    return hops


def _reaches(rivers: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    table = rivers.set_index("reach_id").reindex(ids)
    out = table[["name", "kind", "district", "target_class"]].reset_index()
    out["steps"] = np.arange(len(out), dtype="int64")
    out["geometry"] = table["geometry"].to_numpy() if "geometry" in table else None
    return out


def sections_on(sections: pd.DataFrame, reaches: pd.DataFrame, samples: pd.DataFrame) -> pd.DataFrame:
    """Sections on `reaches` (in the reaches' order) with their latest sample's class and whether it meets
    the target: section_id, name, level, reach_id, target_class, latest, water_class, passes, geometry."""
    steps = reaches.set_index("reach_id")["steps"]
    out = sections[sections["reach_id"].isin(steps.index)].copy()
    out["steps"] = out["reach_id"].map(steps)
    latest = _latest_class(samples, out["section_id"])
    out = out.merge(latest, on="section_id", how="left")
    out["passes"] = [
        None if pd.isna(c) else water.passes(int(c), int(t)) for c, t in zip(out["water_class"], out["target_class"])
    ]
    return out.sort_values(["steps", "section_id"]).reset_index(drop=True)


def _latest_class(samples: pd.DataFrame, section_ids: pd.Series) -> pd.DataFrame:
    mine = samples[samples["section_id"].isin(section_ids)]
    if mine.empty:
        return pd.DataFrame({"section_id": pd.Series(dtype="str"), "latest": pd.Series(dtype="datetime64[ms]"),
                             "water_class": pd.Series(dtype="Int64")})
    last = water.classify_samples(mine.sort_values("sampled_at").groupby("section_id").tail(1))
    return last[["section_id", "sampled_at", "water_class"]].rename(columns={"sampled_at": "latest"})


def classified_samples(samples: pd.DataFrame) -> pd.DataFrame:
    """Samples (newest first) with class code, class label (I … 劣V) and the items that set the class."""
    out = water.classify_samples(samples.sort_values("sampled_at", ascending=False))
    out["class_label"] = out["water_class"].map(lambda c: water.class_label(int(c)) if pd.notna(c) else "—")
    return out.reset_index(drop=True)


def _one(frame: pd.DataFrame, column: str, key: str, named: str, what: str, unit: str) -> pd.Series:
    """The row whose `column` is `key` (a copy), or ProfileError in Chinese naming the key."""
    match = frame[frame[column] == key]
    if match.empty:
        raise ProfileError(f"没有{named}“{key}”的{what}（{what}表共 {len(frame):,} {unit}）")
    return match.iloc[0].copy()


# ---- a firm ---------------------------------------------------------------------------------------


@dataclass
class FirmProfile:
    firm: pd.Series
    as_of: date
    inspections: pd.DataFrame
    problems: pd.DataFrame
    outlets: pd.DataFrame
    samples: pd.DataFrame
    downstream: pd.DataFrame
    sections: pd.DataFrame
    fires: pd.DataFrame
    permits: pd.DataFrame
    figures: dict = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return summary_text(self.figures)

    @property
    def tags(self) -> list[str]:
        tags = self.firm.get("tags")
        return [t for t in str(tags).split("、") if t] if isinstance(tags, str) else []


def firm_profile(layers: Mapping[str, pd.DataFrame], code: str, as_of: date | None = None) -> FirmProfile:
    """Everything about the firm with credit code `code` as of `as_of` (default: `data_today`)."""
    firm = _one(layers["enterprises"], "credit_code", code, "统一社会信用代码为", "企业", "家")
    as_of = as_of or data_today(layers)
    outlets = _outlets_of(layers, code)
    sites = {code, *outlets["outlet_id"]}
    inspections = firm_inspections(layers, code, sites, as_of)
    problems = firm_problems(layers["problems"], code, as_of)
    net = network.Network(layers["rivers"])
    reach_ids = dict.fromkeys([*outlets["reach_id"], *network.downstream_of_firm(net, firm, layers["outlets"])])
    chain = _reaches(layers["rivers"], list(reach_ids))
    profile = FirmProfile(
        firm=firm, as_of=as_of, inspections=inspections, problems=problems, outlets=outlets,
        samples=classified_samples(layers["samples"][layers["samples"]["outlet_id"].isin(outlets["outlet_id"])]),
        downstream=chain, sections=sections_on(layers["sections"], chain, layers["samples"]),
        fires=fires_near(layers["fire_points"], firm.geometry, NEAR_KM),
        permits=permits(code, outlets),
    )
    profile.figures = firm_figures(inspections, problems, as_of)
    return profile


def firm_inspections(layers: Mapping[str, pd.DataFrame], code: str, sites: set[str], as_of: date) -> pd.DataFrame:
    """Inspections of the firm or its outlets started by the end of `as_of`, newest first, with the team's name."""
    insp = layers["inspections"]
    mine = insp[((insp["enterprise_code"] == code) | insp["site_id"].isin(sites)).fillna(False)]
    mine = mine[mine["started_at"] < pd.Timestamp(as_of) + pd.Timedelta(days=1)]
    teams = layers["teams"].set_index("team_id")["name"]
    out = pd.DataFrame(mine.drop(columns="geometry", errors="ignore")).copy()
    out["team"] = out["team_id"].map(teams).fillna(out["team_id"])
    return out.sort_values("started_at", ascending=False).reset_index(drop=True)


def firm_problems(problems: pd.DataFrame, code: str, as_of: date) -> pd.DataFrame:
    """The firm's problems found by `as_of`, newest first, with status as of that day and days overdue."""
    mine = problems[(problems["enterprise_code"] == code) & (problems["found_on"] <= pd.Timestamp(as_of))]
    return problems_as_of(mine, as_of)


def problems_as_of(problems: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """`problems` with `status_now` (as of the day), `fixed_on` blanked if later, `days_overdue` (0 if not)."""
    out = problems.copy()
    out["status_now"] = campaign.status_as_of(problems, as_of)
    late = campaign.overdue(problems, as_of)["days_overdue"]
    out["days_overdue"] = late.reindex(out.index).fillna(0).astype("int64")
    out["fixed_on"] = out["fixed_on"].where(out["fixed_on"] <= pd.Timestamp(as_of))  # not yet known that day
    return out.sort_values(["found_on", "problem_id"], ascending=False).reset_index(drop=True)


def firm_figures(inspections: pd.DataFrame, problems: pd.DataFrame, as_of: date) -> dict:
    """The summary's figures: inspections and problems of the last 365 days, overdue now, fines and cases."""
    start = pd.Timestamp(as_of) - pd.Timedelta(days=YEAR_DAYS - 1)
    recent_insp = inspections[inspections["started_at"] >= start]
    recent = problems[problems["found_on"] >= start]
    return {
        "as_of": as_of,
        "since": start.date(),
        "inspections_year": len(recent_insp),
        "problems_year": len(recent),
        "open": int((problems["status_now"] == campaign.OPEN).sum()),
        "overdue": int((problems["days_overdue"] > 0).sum()),
        "penalty_yuan_year": float(recent["penalty_yuan"].fillna(0).sum()),
        "cases_year": int(recent["case_filed"].fillna(False).astype(bool).sum()),
        "inspections_all": len(inspections),
        "problems_all": len(problems),
    }


def summary_text(f: dict) -> str:
    """e.g. "近一年检查 6 次，发现问题 3 个，1 个逾期未整改，罚款 2.5 万元" (the parts with zero are said plainly)."""
    parts = [f"近一年检查 {f['inspections_year']} 次", f"发现问题 {f['problems_year']} 个"]
    parts.append(f"{f['overdue']} 个逾期未整改" if f["overdue"] else "无逾期未整改问题")
    if f["penalty_yuan_year"] > 0:
        parts.append(f"罚款 {wan_yuan(f['penalty_yuan_year'])} 万元")
    if f["cases_year"]:
        parts.append(f"立案 {f['cases_year']} 件")
    return "，".join(parts)


def _outlets_of(layers: Mapping[str, pd.DataFrame], code: str) -> pd.DataFrame:
    outlets = layers["outlets"]
    mine = outlets[outlets["owner_code"] == code].copy()
    mine["reach_name"] = mine["reach_id"].map(layers["rivers"].set_index("reach_id")["name"])
    return mine.sort_values("outlet_id").reset_index(drop=True)


def fires_near(fires: pd.DataFrame, point, km: float) -> pd.DataFrame:
    """Fire points within `km` of `point` (WGS84), nearest first, with distance_km."""
    if fires.empty or point is None:
        return fires.iloc[:0].assign(distance_km=pd.Series(dtype="float64"))
    here = crs.to_metric(pd.DataFrame({"geometry": [point]}).pipe(_geo, fires.crs)).geometry.iloc[0]
    distance = crs.to_metric(fires).geometry.distance(here).to_numpy() / 1000
    out = fires.assign(distance_km=np.round(distance, 2))
    return out[out["distance_km"] <= km].sort_values("distance_km").reset_index(drop=True)


def _geo(frame: pd.DataFrame, crs_) -> pd.DataFrame:
    import geopandas as gpd

    return gpd.GeoDataFrame(frame, geometry="geometry", crs=crs_)


def permits(code: str, outlets: pd.DataFrame) -> pd.DataFrame:
    """Permit codes (HJ 608-2017) as they follow from the credit code and the outlets' `permit_code`:
    source code = credit code + 001 + P; one row per outlet that has a permit outlet code."""
    listed = outlets.dropna(subset=["permit_code"])
    if listed.empty or not codes.is_valid_credit_code(code):
        return pd.DataFrame({"source_code": pd.Series(dtype="str"), "outlet_id": pd.Series(dtype="str"),
                             "permit_code": pd.Series(dtype="str")})
    source = codes.permit_source_code(code)
    return pd.DataFrame({"source_code": source, "outlet_id": listed["outlet_id"].to_numpy(),
                         "permit_code": listed["permit_code"].to_numpy()})


# ---- an outlet ------------------------------------------------------------------------------------


@dataclass
class OutletProfile:
    outlet: pd.Series
    as_of: date
    owner: pd.Series | None
    samples: pd.DataFrame
    downstream: pd.DataFrame
    sections: pd.DataFrame
    inspections: pd.DataFrame
    problems: pd.DataFrame
    figures: dict = field(default_factory=dict)


def outlet_profile(layers: Mapping[str, pd.DataFrame], outlet_id: str, as_of: date | None = None) -> OutletProfile:
    """一口一档: the outlet, its owner, receiving reach and what lies downstream, every sample, and the
    owner's inspections (of the firm or of this outlet) and problems."""
    outlet = _one(layers["outlets"], "outlet_id", outlet_id, "编号为", "排口", "个")
    as_of = as_of or data_today(layers)
    outlet["reach_name"] = layers["rivers"].set_index("reach_id")["name"].get(outlet["reach_id"])
    code = outlet["owner_code"] if isinstance(outlet["owner_code"], str) else None
    firms = layers["enterprises"]
    owner = _one(firms, "credit_code", code, "", "", "") if code and (firms["credit_code"] == code).any() else None
    chain = downstream(layers["rivers"], outlet["reach_id"])
    samples = classified_samples(layers["samples"][layers["samples"]["outlet_id"] == outlet_id])
    inspections = firm_inspections(layers, code or "", {outlet_id}, as_of)
    problems = firm_problems(layers["problems"], code, as_of) if code else problems_as_of(
        layers["problems"].iloc[:0], as_of)
    sections = sections_on(layers["sections"], chain, layers["samples"])
    figures = {
        "samples": len(samples),
        "worst_class": _worst_label(samples),
        "inspections": len(inspections),
        "problems": len(problems),
        "overdue": int((problems["days_overdue"] > 0).sum()),
        "downstream_sections": len(sections),
    }
    return OutletProfile(outlet, as_of, owner, samples, chain, sections, inspections, problems, figures)


def _worst_label(samples: pd.DataFrame) -> str:
    classes = samples["water_class"].dropna()
    return water.class_label(int(classes.max())) if len(classes) else "—"


# ---- a section ------------------------------------------------------------------------------------


@dataclass
class SectionProfile:
    section: pd.Series
    samples: pd.DataFrame
    upstream: pd.DataFrame
    outlets: pd.DataFrame
    firms: pd.DataFrame
    figures: dict = field(default_factory=dict)


def section_profile(layers: Mapping[str, pd.DataFrame], section_id: str, as_of: date | None = None) -> SectionProfile:
    """A section's class over time against its target, the reaches upstream, the outlets on them and the
    firms that own those outlets (with their problems open as of `as_of`)."""
    section = _one(layers["sections"], "section_id", section_id, "编号为", "断面", "个")
    as_of = as_of or data_today(layers)
    section["reach_name"] = layers["rivers"].set_index("reach_id")["name"].get(section["reach_id"])
    samples = classified_samples(layers["samples"][layers["samples"]["section_id"] == section_id])
    target = int(section["target_class"])
    samples["passes"] = [None if pd.isna(c) else water.passes(int(c), target) for c in samples["water_class"]]
    up = upstream(layers["rivers"], section["reach_id"])
    outlets = layers["outlets"][layers["outlets"]["reach_id"].isin(up["reach_id"])].copy()
    outlets["steps"] = outlets["reach_id"].map(up.set_index("reach_id")["steps"])
    outlets["reach_name"] = outlets["reach_id"].map(up.set_index("reach_id")["name"])
    outlets = outlets.sort_values(["steps", "outlet_id"]).reset_index(drop=True)
    firms = _owners(layers, outlets, as_of)
    assessed = samples.dropna(subset=["water_class"])
    figures = {
        "samples": len(samples),
        "latest_class": assessed["class_label"].iloc[0] if len(assessed) else "—",
        "latest_at": assessed["sampled_at"].iloc[0] if len(assessed) else None,
        "pass_rate": float(np.mean([bool(p) for p in assessed["passes"]])) if len(assessed) else None,
        "upstream_reaches": len(up),
        "outlets": len(outlets),
        "firms": len(firms),
    }
    return SectionProfile(section, samples, up, outlets, firms, figures)


def _owners(layers: Mapping[str, pd.DataFrame], outlets: pd.DataFrame, as_of: date) -> pd.DataFrame:
    codes_ = outlets["owner_code"].dropna().unique()
    firms = pd.DataFrame(layers["enterprises"][layers["enterprises"]["credit_code"].isin(codes_)]
                         .drop(columns="geometry", errors="ignore"))
    probs = problems_as_of(layers["problems"][layers["problems"]["enterprise_code"].isin(codes_)
                                              & (layers["problems"]["found_on"] <= pd.Timestamp(as_of))], as_of)
    grouped = probs.groupby("enterprise_code")
    firms["outlets"] = firms["credit_code"].map(outlets.groupby("owner_code").size()).fillna(0).astype("int64")
    firms["open"] = firms["credit_code"].map(grouped["status_now"].agg(lambda s: int((s == campaign.OPEN).sum())))
    firms["overdue"] = firms["credit_code"].map(grouped["days_overdue"].agg(lambda s: int((s > 0).sum())))
    firms[["open", "overdue"]] = firms[["open", "overdue"]].fillna(0).astype("int64")
    return firms.sort_values(["overdue", "open", "name"], ascending=[False, False, True]).reset_index(drop=True)


# ---- tables as shown and exported -----------------------------------------------------------------

COLUMNS = {
    "inspections": {"started_at": "检查时间", "team": "执法小组", "kind": "检查方式", "topic": "检查内容",
                    "findings": "检查情况", "campaign": "专项行动", "place": "地点", "inspection_id": "检查编号"},
    "problems": {"found_on": "发现日期", "description": "问题", "category": "类别", "handling": "处置",
                 "status_now": "状态", "deadline": "整改期限", "fixed_on": "完成日期", "days_overdue": "逾期天数",
                 "penalty_yuan": "罚款（元）", "case_filed": "立案", "origin": "来源", "problem_id": "问题编号"},
    "outlets": {"outlet_id": "排口编号", "name": "排口名称", "type": "类型", "subtype": "细类", "status": "状态",
                "fix_category": "整治类型", "reach_name": "受纳河段", "permit_code": "许可排放口编号",
                "owner": "责任主体", "steps": "距断面河段数"},
    "samples": {"sampled_at": "采样时间", "outlet_id": "排口编号", "class_label": "水质类别",
                "worst_items": "定类项目", "passes": "达标", "do": "DO", "codmn": "高锰酸盐指数", "cod": "COD",
                "bod5": "BOD5", "nh3n": "氨氮", "tp": "总磷", "tn": "总氮", "ph": "pH", "sample_id": "样品编号"},
    "reaches": {"steps": "序号", "reach_id": "河段编号", "name": "河名", "kind": "级别", "district": "行政区",
                "target_class": "目标类别"},
    "sections": {"section_id": "断面编号", "name": "断面名称", "level": "级别", "reach_id": "所在河段",
                 "target_class": "目标类别", "latest": "最近采样", "water_class": "最近类别", "passes": "达标"},
    "fires": {"fire_id": "火点编号", "detected_bj": "探测时间（北京）", "distance_km": "距离（km）",
              "status": "核查状态", "district": "行政区"},
    "permits": {"source_code": "排污许可证编号（推算）", "outlet_id": "排口编号", "permit_code": "排放口编号"},
    "firms": {"name": "企业名称", "credit_code": "统一社会信用代码", "district": "行政区", "industry": "行业",
              "outlets": "排口数", "open": "整改中问题", "overdue": "逾期问题"},
}


def labelled(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """`frame` with the columns of `COLUMNS[kind]` that it has, Chinese headers, classes as labels."""
    names = {k: v for k, v in COLUMNS[kind].items() if k in frame.columns}
    out = pd.DataFrame(frame[list(names)]).copy()
    for column in ("target_class", "water_class"):
        if column in out:
            out[column] = out[column].map(lambda c: water.class_label(int(c)) if pd.notna(c) else "—")
    if "passes" in out:
        out["passes"] = out["passes"].map({True: "达标", False: "不达标"}).fillna("—")
    if "case_filed" in out:
        out["case_filed"] = out["case_filed"].map({True: "是", False: "否"}).fillna("否")
    for column, form in _TIME_FORMATS.items():
        if column in out:
            out[column] = out[column].dt.strftime(form).fillna("—")
    return out.rename(columns=names)


_DAY, _MINUTE = "%Y-%m-%d", "%Y-%m-%d %H:%M"
_TIME_FORMATS = {"found_on": _DAY, "deadline": _DAY, "fixed_on": _DAY, "started_at": _MINUTE,
                 "sampled_at": _MINUTE, "latest": _MINUTE, "detected_bj": _MINUTE}


def firm_sheets(p: FirmProfile) -> dict[str, pd.DataFrame]:
    """The firm's file as tables, one per sheet of the exported workbook (sheet name -> table)."""
    firm = p.firm
    facts = pd.DataFrame({"项目": ["企业名称", "统一社会信用代码", "行政区", "行业", "标签", "环评批复日期",
                                  "截至日期", "概况", "数据来源"],
                          "内容": [firm["name"], firm["credit_code"], firm["district"], firm["industry"],
                                  "、".join(p.tags) or "—", _day_text(firm.get("eia_approved_on")),
                                  p.as_of.isoformat(), p.summary, firm["source"]]})
    return {
        "概况": facts,
        "检查记录": labelled(p.inspections, "inspections"),
        "发现问题": labelled(p.problems, "problems"),
        "排口": labelled(p.outlets, "outlets"),
        "排污许可": labelled(p.permits, "permits"),
        "排口监测": labelled(p.samples, "samples"),
        "下游河段": labelled(p.downstream, "reaches"),
        "下游断面": labelled(p.sections, "sections"),
        "周边火点": labelled(p.fires, "fires"),
    }


def workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An Excel workbook (.xlsx) with one sheet per table, headers in the first row."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in sheets.items():
            table.to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def _day_text(value) -> str:
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()
