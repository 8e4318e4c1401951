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


@dataclass(frozen=True)
class Records:
    """Inspections and problems with the columns every filter and figure needs, prepared once per data
    version (pages cache it): the inspection's day, the kind of the inspection that found each problem, and
    the grouped-on columns as categories (grouping 300,000 rows on text is several times slower)."""

    inspections: pd.DataFrame
    problems: pd.DataFrame


_GROUPED = ("district", "site_id", "team_id", "kind", "campaign", "enterprise_code")


def prepare(inspections: pd.DataFrame, problems: pd.DataFrame) -> Records:
    insp = inspections.copy()
    insp["day"] = insp["started_at"].dt.normalize()
    for column in _GROUPED:
        insp[column] = insp[column].astype("category")
    probs = problems.copy()
    probs["inspection_kind"] = probs["inspection_id"].map(inspections.set_index("inspection_id")["kind"])
    return Records(insp, probs)


@dataclass(frozen=True)
class Selection:
    """The inspections and problems one set of filters selects: taken once per rerun, and every figure on a
    page comes from it, so the cards, the table, the chart and the map always agree."""

    filters: Filters
    inspections: pd.DataFrame
    problems: pd.DataFrame

    def in_districts(self, districts: tuple[str, ...]) -> "Selection":
        """The part of this selection in `districts` (all of it when empty)."""
        if not districts:
            return self
        return Selection(replace(self.filters, districts=tuple(districts)),
                         self.inspections[self.inspections["district"].isin(districts)],
                         self.problems[self.problems["district"].isin(districts)])

    def summary(self) -> dict:
        """The KPI figures, as plain numbers (fix_rate is None when nothing is to fix)."""
        table = _figures(self.inspections, self.problems, self.filters.as_of_date, by=None, keys=["全部"])
        row = table.iloc[0].to_dict()
        return {key: _plain(value) for key, value in row.items() if key != "group"}

    def by_district(self, districts: list[str]) -> pd.DataFrame:
        """One row per district in `districts` (zeros where nothing happened), KPI columns as in `summary`."""
        return _figures(self.inspections, self.problems, self.filters.as_of_date, by="district",
                        keys=districts).rename(columns={"group": "district"})

    def by_day(self) -> pd.DataFrame:
        """One row per calendar day in [start, end]: inspections, person-times, points, teams, problems found."""
        return _daily(self.inspections, self.problems, self.filters)

    def coverage(self, enterprises: pd.DataFrame, districts: list[str]) -> pd.DataFrame:
        """Per district: enterprises on record, how many were inspected, and the share (0..1)."""
        return _coverage(self.inspections, enterprises, districts)

    def overdue(self) -> pd.DataFrame:
        """Problems still open at the end of the range and past their deadline, most overdue first."""
        return overdue(self.problems, self.filters.as_of_date)


def select(records: Records, f: Filters) -> Selection:
    """What filters `f` select from `records`, by the rules of `filter_inspections` and `filter_problems`."""
    insp, probs = records.inspections, records.problems
    return Selection(f, insp[_inspection_mask(insp, insp["day"], f)],
                     probs[_problem_mask(probs, probs["inspection_kind"], f)])


def filter_inspections(inspections: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Inspections started on a day within [start, end] that match district, campaign and kind."""
    return inspections[_inspection_mask(inspections, inspections["started_at"].dt.normalize(), f)]


def filter_problems(problems: pd.DataFrame, f: Filters, inspections: pd.DataFrame | None = None) -> pd.DataFrame:
    """Problems found within [start, end] that match district, campaign, category and — through the
    inspection that found them — kind. Problems with no inspection (handed down by a higher
    authority) drop out when a kind is selected, since they were found by no inspection of ours."""
    kinds = None
    if f.kinds:
        if inspections is None:
            raise ValueError("按检查方式筛选问题需要检查记录（inspections）")
        kinds = problems["inspection_id"].map(inspections.set_index("inspection_id")["kind"])
    return problems[_problem_mask(problems, kinds, f)]


def _inspection_mask(insp: pd.DataFrame, day: pd.Series, f: Filters) -> pd.Series:
    keep = (day >= _day(f.start)) & (day <= _day(f.end))
    if f.districts:
        keep &= insp["district"].isin(f.districts)
    if f.campaign:
        keep &= insp["campaign"] == f.campaign
    if f.kinds:
        keep &= insp["kind"].isin(f.kinds)
    return keep.fillna(False).astype(bool)


def _problem_mask(probs: pd.DataFrame, kinds: pd.Series | None, f: Filters) -> pd.Series:
    """`kinds`: the kind of the inspection that found each problem (needed only when filtering by kind)."""
    keep = (probs["found_on"] >= _day(f.start)) & (probs["found_on"] <= _day(f.end))
    if f.districts:
        keep &= probs["district"].isin(f.districts)
    if f.campaign:
        keep &= probs["campaign"] == f.campaign
    if f.categories:
        keep &= probs["category"].isin(f.categories)
    if f.kinds:
        keep &= kinds.isin(f.kinds)
    return keep.fillna(False).astype(bool)


def status_as_of(problems: pd.DataFrame, as_of: date) -> pd.Series:
    """Each problem's status on `as_of`: fixed or transferred only if that happened by then."""
    done = problems["status"].isin([FIXED, TRANSFERRED])
    when = problems["fixed_on"].fillna(problems["found_on"])
    happened = done & (when <= _day(as_of))
    return problems["status"].where(happened, OPEN)


def overdue(problems: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Problems still open on `as_of` whose deadline has passed, most overdue first, with days overdue."""
    out = problems[_late(problems, status_as_of(problems, as_of), as_of)].copy()
    out["days_overdue"] = (_day(as_of) - out["deadline"]).dt.days.astype("int64")
    return out.sort_values(["days_overdue", "problem_id"], ascending=[False, True])


def _late(problems: pd.DataFrame, status: pd.Series, as_of: date) -> pd.Series:
    late = (status == OPEN) & problems["deadline"].notna() & (problems["deadline"] < _day(as_of))
    return late.fillna(False).astype(bool)


def summary(inspections: pd.DataFrame, problems: pd.DataFrame, f: Filters) -> dict:
    """The KPI figures for the filters (see `Selection.summary`)."""
    return select(prepare(inspections, problems), f).summary()


def by_district(
    inspections: pd.DataFrame, problems: pd.DataFrame, f: Filters, districts: list[str]
) -> pd.DataFrame:
    """One row per district in `districts` (see `Selection.by_district`)."""
    return select(prepare(inspections, problems), f).by_district(districts)


def _figures(insp: pd.DataFrame, probs: pd.DataFrame, as_of: date, by: str | None, keys: list) -> pd.DataFrame:
    """Every KPI per group (`by` column, or one group of all rows when None), one row per key in `keys`."""
    insp_key = insp[by] if by else pd.Series(keys[0], index=insp.index)
    probs_key = probs[by] if by else pd.Series(keys[0], index=probs.index)
    grouped = insp.groupby(insp_key, observed=True)
    daily_teams = insp.groupby([insp_key, insp["day"]], observed=True)["team_id"].nunique()
    table = pd.DataFrame({
        "inspections": grouped.size(),
        "person_times": grouped["officers"].sum(),
        "points": grouped["site_id"].nunique(),
        "teams": grouped["team_id"].nunique(),
        "teams_min_per_day": daily_teams.groupby(level=0).min(),
        "days": daily_teams.groupby(level=0).size(),
    }).reindex(keys)

    status = status_as_of(probs, as_of)
    penalised = probs["penalty_yuan"].fillna(0) > 0
    flags = pd.DataFrame({
        "problems": 1,
        "fixed": status == FIXED,
        "transferred": status == TRANSFERRED,
        "open": status == OPEN,
        "overdue": _late(probs, status, as_of),
        "penalty_cases": penalised,
        "penalty_yuan": probs["penalty_yuan"].where(penalised, 0.0),
        "cases_filed": probs["case_filed"].fillna(False).astype(bool),
    }, index=probs.index).astype({"problems": "int64"})
    table = table.join(flags.groupby(probs_key, observed=True).sum().reindex(keys))
    counts = [c for c in table.columns if c != "penalty_yuan"]
    table[counts] = table[counts].fillna(0).astype("int64")
    table["penalty_yuan"] = table["penalty_yuan"].fillna(0.0).astype("float64")
    to_fix = table["problems"] - table["transferred"]
    table["fix_rate"] = (table["fixed"] / to_fix.where(to_fix > 0)).astype("float64")
    return table.rename_axis("group").reset_index()


def _plain(value):
    """numpy scalars as Python numbers, NaN as None (the fix rate when nothing is to fix)."""
    if isinstance(value, float | np.floating) and np.isnan(value):
        return None
    return value.item() if isinstance(value, np.generic) else value


def by_day(inspections: pd.DataFrame, problems: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """One row per calendar day in [start, end] (see `Selection.by_day`)."""
    return select(prepare(inspections, problems), f).by_day()


def _daily(insp: pd.DataFrame, probs: pd.DataFrame, f: Filters) -> pd.DataFrame:
    days = pd.date_range(_day(f.start), _day(f.end), freq="D", name="day")
    grouped = insp.groupby(insp["day"].rename("day"), observed=True)
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
    return _coverage(filter_inspections(inspections, f), enterprises, districts)


def _coverage(insp: pd.DataFrame, enterprises: pd.DataFrame, districts: list[str]) -> pd.DataFrame:
    seen = insp.dropna(subset=["enterprise_code"]).groupby("district", observed=True)["enterprise_code"].nunique()
    total = enterprises.groupby("district").size()
    out = pd.DataFrame({"district": districts})
    out["enterprises"] = out["district"].map(total).fillna(0).astype("int64")
    out["inspected"] = out["district"].map(seen).fillna(0).astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = out["inspected"] / out["enterprises"].where(out["enterprises"] > 0)
    out["coverage"] = share.astype("float64")
    return out
