"""Campaign statistics: person-times, inspection points, teams, problems found / fixed / transferred,
fix rate, overdue problems and penalties, for any date range, district, campaign and inspection kind.

Definitions (the bulletin's wording in brackets):
- person-times (执法人员人次): the sum of officers present over the inspections in range;
- inspection points (检查点位数): distinct `site_id` inspected in range (per day: distinct that day);
- teams (执法小组): distinct `team_id`; `teams_min_per_day` is the smallest daily count in range;
- problems are counted by the day they were found; a problem's status is taken *as of* a date:
  fixed or transferred only once `fixed_on` has passed, so the same data answer "as of 10-31" and later;
- fix rate (整改率) = fixed / (found − transferred): transferred clues are another department's to fix;
- overdue (逾期): still open as of the date and past its deadline;
- penalty cases (处罚案件): problems with a penalty above zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd

OPEN, FIXED, TRANSFERRED = "整改中", "已整改", "已移交"


@dataclass(frozen=True)
class Filters:
    """What the sidebar selects. Empty tuples mean "all"; `as_of` defaults to `end`."""

    start: date
    end: date
    districts: tuple[str, ...] = ()
    campaign: str | None = None
    kinds: tuple[str, ...] = ()
    as_of: date | None = None
    categories: tuple[str, ...] = field(default=())

    def __post_init__(self):
        if self.start > self.end:
            raise ValueError(f"开始日期 {self.start} 晚于结束日期 {self.end}")

    @property
    def as_of_date(self) -> date:
        return self.as_of or self.end

    def with_districts(self, *districts: str) -> "Filters":
        return replace(self, districts=tuple(districts))


def _day(ts) -> pd.Timestamp:
    return pd.Timestamp(ts).normalize()


def filter_inspections(inspections: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Inspections started on a day within [start, end] that match district, campaign and kind."""
    day = inspections["started_at"].dt.normalize()
    keep = (day >= _day(f.start)) & (day <= _day(f.end))
    if f.districts:
        keep &= inspections["district"].isin(f.districts)
    if f.campaign:
        keep &= inspections["campaign"] == f.campaign
    if f.kinds:
        keep &= inspections["kind"].isin(f.kinds)
    return inspections[keep.fillna(False)]


def filter_problems(problems: pd.DataFrame, f: Filters, inspections: pd.DataFrame | None = None) -> pd.DataFrame:
    """Problems found within [start, end] that match district, campaign, category and — through the
    inspection that found them — kind. Problems with no inspection (handed down by a higher
    authority) drop out when a kind is selected, since they were found by no inspection of ours."""
    keep = (problems["found_on"] >= _day(f.start)) & (problems["found_on"] <= _day(f.end))
    if f.districts:
        keep &= problems["district"].isin(f.districts)
    if f.campaign:
        keep &= problems["campaign"] == f.campaign
    if f.categories:
        keep &= problems["category"].isin(f.categories)
    if f.kinds:
        if inspections is None:
            raise ValueError("按检查方式筛选问题需要检查记录（inspections）")
        kinds = inspections.set_index("inspection_id")["kind"]
        keep &= problems["inspection_id"].map(kinds).isin(f.kinds)
    return problems[keep.fillna(False)]


def status_as_of(problems: pd.DataFrame, as_of: date) -> pd.Series:
    """Each problem's status on `as_of`: fixed or transferred only if that happened by then."""
    done = problems["status"].isin([FIXED, TRANSFERRED])
    when = problems["fixed_on"].fillna(problems["found_on"])
    happened = done & (when <= _day(as_of))
    return problems["status"].where(happened, OPEN)


def overdue(problems: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Problems still open on `as_of` whose deadline has passed, most overdue first, with days overdue."""
    status = status_as_of(problems, as_of)
    late = (status == OPEN) & problems["deadline"].notna() & (problems["deadline"] < _day(as_of))
    out = problems[late.fillna(False)].copy()
    out["days_overdue"] = (_day(as_of) - out["deadline"]).dt.days.astype("int64")
    return out.sort_values(["days_overdue", "problem_id"], ascending=[False, True])


def summary(inspections: pd.DataFrame, problems: pd.DataFrame, f: Filters) -> dict:
    """The KPI figures for the filters, as plain numbers (fix_rate is None when nothing is to fix)."""
    insp = filter_inspections(inspections, f)
    probs = filter_problems(problems, f, inspections)
    return {**_inspection_figures(insp), **_problem_figures(probs, f.as_of_date)}


def _inspection_figures(insp: pd.DataFrame) -> dict:
    per_day = insp.groupby(insp["started_at"].dt.normalize())["team_id"].nunique()
    return {
        "inspections": int(len(insp)),
        "person_times": int(insp["officers"].sum()),
        "points": int(insp["site_id"].nunique()),
        "teams": int(insp["team_id"].nunique()),
        "teams_min_per_day": int(per_day.min()) if len(per_day) else 0,
        "days": int(len(per_day)),
    }


def _problem_figures(probs: pd.DataFrame, as_of: date) -> dict:
    status = status_as_of(probs, as_of)
    found = len(probs)
    fixed = int((status == FIXED).sum())
    transferred = int((status == TRANSFERRED).sum())
    to_fix = found - transferred
    penalised = probs["penalty_yuan"].fillna(0) > 0
    return {
        "problems": int(found),
        "fixed": fixed,
        "transferred": transferred,
        "open": int((status == OPEN).sum()),
        "fix_rate": fixed / to_fix if to_fix else None,
        "overdue": int(len(overdue(probs, as_of))),
        "penalty_cases": int(penalised.sum()),
        "penalty_yuan": float(probs.loc[penalised, "penalty_yuan"].sum()),
        "cases_filed": int(probs["case_filed"].fillna(False).sum()),
    }


def by_district(
    inspections: pd.DataFrame, problems: pd.DataFrame, f: Filters, districts: list[str]
) -> pd.DataFrame:
    """One row per district in `districts` (zeros where nothing happened), KPI columns as in `summary`."""
    insp = filter_inspections(inspections, f)
    probs = filter_problems(problems, f, inspections)
    rows = []
    for name in districts:
        figures = _inspection_figures(insp[insp["district"] == name])
        figures |= _problem_figures(probs[probs["district"] == name], f.as_of_date)
        rows.append({"district": name, **figures})
    return pd.DataFrame(rows)


def by_day(inspections: pd.DataFrame, problems: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """One row per calendar day in [start, end]: inspections, person-times, points, teams, problems found."""
    insp = filter_inspections(inspections, f)
    probs = filter_problems(problems, f, inspections)
    days = pd.date_range(_day(f.start), _day(f.end), freq="D", name="day")
    grouped = insp.groupby(insp["started_at"].dt.normalize().rename("day"))
    out = pd.DataFrame(
        {
            "inspections": grouped.size(),
            "person_times": grouped["officers"].sum(),
            "points": grouped["site_id"].nunique(),
            "teams": grouped["team_id"].nunique(),
        }
    ).reindex(days)
    out["problems"] = probs.groupby(probs["found_on"].rename("day")).size().reindex(days)
    return out.fillna(0).astype("int64").reset_index()


def coverage(inspections: pd.DataFrame, enterprises: pd.DataFrame, f: Filters, districts: list[str]) -> pd.DataFrame:
    """Per district: enterprises on record, how many were inspected in range, and the share (0..1)."""
    insp = filter_inspections(inspections, f)
    seen = insp.dropna(subset=["enterprise_code"]).groupby("district")["enterprise_code"].nunique()
    total = enterprises.groupby("district").size()
    out = pd.DataFrame({"district": districts})
    out["enterprises"] = out["district"].map(total).fillna(0).astype("int64")
    out["inspected"] = out["district"].map(seen).fillna(0).astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = out["inspected"] / out["enterprises"].where(out["enterprises"] > 0)
    out["coverage"] = share.astype("float64")
    return out
