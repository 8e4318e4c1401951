"""Everyday inspections of the 100-day campaign and the National Day holiday with the bulletin's exact
totals (1140 person-times, 416 points, at least 11 teams a day on 10-01..10-06).

Each inspection is at an enterprise or an outlet, by a team of the district (sometimes of the city),
2–4 officers; about 15% find a problem, with a deadline and an outcome as of the campaign's end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.demo import campaigns as cal
from geo.demo import records
from geo.demo.firms import NAMED
from geo.demo.geography import DISTRICTS
from geo.demo.records import Ledger
from geo.demo.teams import CHIEF, ENFORCEMENT_CHIEF

HOLIDAY_PERSON_TIMES = 1140
HOLIDAY_POINTS = 416
HOLIDAY_MIN_TEAMS = 11
PROBLEM_SHARE = 0.15

_TAG_TOPIC = (("危废", "危废"), ("重点VOCs", "VOCs"), ("涉水", "污水"), ("燃煤电厂", "废气"), ("热源", "废气"),
              ("信访", "信访"), ("环评审批", "环评"))
_EXHAUST_INDUSTRIES = ("金属制品", "钢铁", "建材", "电力", "化工", "机械", "电镀")
_NIGHT_TAGS = ("燃煤电厂", "信访", "重点VOCs", "涉水", "热源")


@dataclass
class Sites:
    """Everything an everyday inspection may visit: enterprises (the bulletin's named firms excepted) and outlets."""

    frame: pd.DataFrame  # site_id, district, enterprise_code, place, tags, is_outlet, x, y, weight

    @classmethod
    def make(cls, firms: pd.DataFrame, outlets: pd.DataFrame) -> "Sites":
        f = firms[~firms["name"].isin(NAMED)]
        tags = f["tags"].fillna("")
        key = sum(tags.str.contains(t).astype(int) for t in ("危废", "重点VOCs", "涉水", "信访", "燃煤电厂"))
        ent = pd.DataFrame({
            "site_id": f["credit_code"], "district": f["district"], "enterprise_code": f["credit_code"],
            "place": f["name"], "tags": tags, "industry": f["industry"], "is_outlet": False, "x": f["x"], "y": f["y"],
            "weight": 1.0 + 1.2 * key,
        })
        out = pd.DataFrame({
            "site_id": outlets["outlet_id"], "district": outlets["district"], "enterprise_code": outlets["owner_code"],
            "place": outlets["name"], "tags": "", "industry": "", "is_outlet": True,
            "x": outlets.geometry.x, "y": outlets.geometry.y,
            "weight": np.where(outlets["status"] == "疑似直排", 6.0, 2.0),
        })
        return cls(pd.concat([ent, out], ignore_index=True))

    def __post_init__(self):
        self.pools = {}
        for (district, is_outlet), part in self.frame.groupby(["district", "is_outlet"], sort=True):
            cdf = np.cumsum(part["weight"].to_numpy())
            self.pools[(district, bool(is_outlet))] = (list(part.itertuples(index=False)), cdf / cdf[-1])

    def draw(self, rng, district: str, outlet: bool):
        """A site of `district` (an outlet if asked and there is one), drawn by weight."""
        rows, cdf = self.pools.get((district, outlet)) or self.pools[(district, False)]
        return rows[min(int(np.searchsorted(cdf, rng.random(), side="right")), len(rows) - 1)]


class Crew:
    """Teams by district and their sizes; draws the team for an inspection."""

    def __init__(self, teams: pd.DataFrame):
        city = teams["team_id"].str.startswith("ZF320500")
        self.members = dict(zip(teams["team_id"], teams["members"]))
        self.city = teams.loc[city & ~teams["name"].isin([CHIEF, ENFORCEMENT_CHIEF]), "team_id"].to_numpy()
        self.by_name = dict(zip(teams["name"], teams["team_id"]))
        self.local = {d: teams.loc[~city & (teams["district"] == d), "team_id"].to_numpy() for d in DISTRICTS}

    def draw(self, rng, district: str, city_share: float = 0.1) -> str:
        pool = self.city if rng.random() < city_share else self.local[district]
        return str(pool[rng.integers(len(pool))])

    def officers(self, rng, team_id: str, p=(0.35, 0.45, 0.20)) -> int:
        """2, 3 or 4 officers with probabilities `p`, never more than the team has."""
        r = rng.random()
        n = 2 if r < p[0] else (3 if r < p[0] + p[1] else 4)
        return min(n, int(self.members[team_id]))


def topic_for(rng, tags: str, is_outlet: bool, industry: str = "") -> str:
    """What an inspection of this site looks at: one of its tags' topics, exhaust for firms that burn or
    coat, or a general check."""
    if is_outlet:
        return "排口"
    options = [topic for tag, topic in _TAG_TOPIC if tag in tags] + ["综合"]
    if industry in _EXHAUST_INDUSTRIES and "废气" not in options:
        options.append("废气")
    return str(options[rng.integers(len(options))])


# --- everyday inspections -----------------------------------------------------------------------


def everyday(rng: np.random.Generator, ledger: Ledger, sites: Sites, crew: Crew) -> None:
    """Inspections on every campaign day outside the bulletin's holiday window (≈100 on workdays,
    about 50–65 on weekends, ≈70 on the rest of the holiday and New Year's Day; the special actions
    of `geo.demo.bulletin` come on top)."""
    weights = sites.frame.groupby("district")["weight"].sum().reindex(list(DISTRICTS)).to_numpy() ** 0.9
    weights = weights / weights.sum()
    for day in cal.campaign_days():
        if day in cal.BULLETIN_WINDOW:
            continue
        kind = cal.day_kind(day)
        n = {"workday": int(rng.normal(103, 8)), "weekend": int(rng.integers(48, 64)),
             "holiday": int(rng.integers(62, 79))}[kind]
        districts = rng.choice(list(DISTRICTS), size=n, p=weights)
        for district in districts:
            _one(rng, ledger, sites, crew, day, str(district), holiday=(kind == "holiday"))


def _one(rng, ledger, sites, crew, day, district, holiday: bool) -> None:
    site = sites.draw(rng, district, outlet=bool(rng.random() < 0.18))
    outlet = bool(site.is_outlet)
    kind = "节假日" if holiday else "日常"
    r = rng.random()
    if not holiday and r < 0.07 and (outlet or any(t in site.tags for t in _NIGHT_TAGS)):
        kind = "夜查"
    elif not holiday and r > 0.99:
        kind = "四不两直"
    if kind == "夜查" and _blacked_out(day, district):
        kind = "日常"
    team = crew.draw(rng, district, city_share=1.0 if kind == "四不两直" else 0.1)
    topic = topic_for(rng, site.tags, outlet, site.industry)
    if topic == "环评" and day == pd.Timestamp("2020-10-15") and district == "张家港市":
        topic = "综合"  # that afternoon's EIA checks are the bulletin's 20
    start = records.night(rng, day) if kind == "夜查" else records.daytime(rng, day)
    iid = ledger.inspect(
        started_at=start, district=district, site_id=site.site_id, place=site.place, team_id=team,
        officers=crew.officers(rng, team), kind=kind, topic=topic, x=site.x, y=site.y,
        campaign=cal.HUNDRED_DAYS, enterprise_code=site.enterprise_code,
    )
    if rng.random() < PROBLEM_SHARE:
        add_problem(rng, ledger, iid, district, start, topic, site.enterprise_code, cal.HUNDRED_DAYS)


def _blacked_out(day, district) -> bool:
    """Nights whose inspections the bulletin lists completely: none are added at random."""
    return (day == pd.Timestamp("2020-10-17") and district in ("昆山市", "苏州工业园区")) or (
        day == pd.Timestamp("2020-10-18") and district == "张家港市")


def add_problem(rng, ledger, iid, district, start, topic, enterprise_code, campaign) -> None:
    """One problem found at inspection `iid`: mostly environmental, some safety clues handed over."""
    found = pd.Timestamp(start).normalize()
    if topic in ("危废", "VOCs", "综合") and rng.random() < 0.06:
        category, description, handling = "安全", str(rng.choice(SAFETY)), "移交"
    else:
        category = "环境"
        description = str(rng.choice(records.FINDINGS.get(topic, records.FINDINGS["综合"])))
        handling = str(rng.choice(["立行立改", "限期整改", "跟踪督办"], p=[0.3, 0.6, 0.1]))
    deadline, status, fixed_on = records.outcome(rng, found, handling)
    fine = records.penalty(rng) if category == "环境" and rng.random() < 0.05 else 0.0
    ledger.problem(
        inspection_id=iid, district=district, enterprise_code=enterprise_code, found_on=found, origin="现场检查",
        campaign=campaign, category=category, description=description, handling=handling, deadline=deadline,
        status=status, fixed_on=fixed_on, penalty_yuan=fine, case_filed=fine > 0 or rng.random() < 0.02,
    )


SAFETY = records.SAFETY_FINDINGS


# --- the National Day window --------------------------------------------------------------------


def holiday_window(rng: np.random.Generator, ledger: Ledger, sites: Sites, crew: Crew, fixed: list[dict]) -> None:
    """Inspections on 10-01..10-06 whose totals are exactly the bulletin's: `HOLIDAY_PERSON_TIMES` officers
    over `HOLIDAY_POINTS` distinct sites, every day at least `HOLIDAY_MIN_TEAMS` teams.

    `fixed` are inspections that must be among them unchanged (相城 10-02, 四不两直), as dicts of
    `Ledger.inspect` arguments; their sites count towards the points."""
    days = cal.BULLETIN_WINDOW
    fixed_sites = {f["site_id"] for f in fixed}
    repeats = int(rng.integers(6, 13))
    free = HOLIDAY_POINTS - len(fixed_sites)
    pool = sites.frame[~sites.frame["site_id"].isin(fixed_sites)]
    w = pool["weight"].to_numpy()
    chosen = pool.iloc[rng.choice(len(pool), size=free, replace=False, p=w / w.sum())].reset_index(drop=True)
    again = rng.choice(free, size=repeats, replace=False)
    visits = pd.concat([chosen, chosen.iloc[again]], ignore_index=True)
    n = len(visits)
    fixed_days = [days.get_loc(pd.Timestamp(f["started_at"]).normalize()) for f in fixed]
    counts = rng.multinomial(n + len(fixed), [1 / len(days)] * len(days))
    for d in fixed_days:
        counts[d] -= 1
    slots = rng.permutation(np.repeat(np.arange(len(days)), counts))
    slots = _separate_repeats(rng, slots, free, again)

    teams = np.array([crew.draw(rng, d, city_share=0.12) for d in visits["district"]])
    teams = _enough_teams(rng, crew, visits, slots, teams, fixed, fixed_days)
    officers = np.array([crew.officers(rng, t, p=(0.4, 0.45, 0.15)) for t in teams])
    cap = np.array([min(4, crew.members[t]) for t in teams])
    target = HOLIDAY_PERSON_TIMES - sum(f["officers"] for f in fixed)
    _adjust_total(rng, officers, cap, target)

    for f in fixed:
        ledger.inspect(**f)
    for i, site in enumerate(visits.itertuples()):
        day = days[slots[i]]
        topic = topic_for(rng, site.tags, site.is_outlet, site.industry)
        start = records.daytime(rng, day, "08:30", "17:30") if rng.random() > 0.1 else records.night(rng, day)
        iid = ledger.inspect(
            started_at=start, district=site.district, site_id=site.site_id, place=site.place, team_id=teams[i],
            officers=officers[i], kind="节假日", topic=topic, x=site.x, y=site.y, campaign=cal.HUNDRED_DAYS,
            enterprise_code=site.enterprise_code, findings="节后复查" if i >= free and rng.random() < 0.5 else None,
        )
        if rng.random() < 0.12:
            add_problem(rng, ledger, iid, site.district, start, topic, site.enterprise_code, cal.HUNDRED_DAYS)


def _separate_repeats(rng, slots: np.ndarray, free: int, again: np.ndarray) -> np.ndarray:
    """A site visited twice is visited on two different days: swap days with single visits where needed."""
    slots = slots.copy()
    single = np.setdiff1d(np.arange(free), again)
    for k, first in enumerate(again):
        second = free + k
        while slots[second] == slots[first]:
            j = single[rng.integers(len(single))]
            slots[second], slots[j] = slots[j], slots[second]
    return slots


def _enough_teams(rng, crew, visits, slots, teams, fixed, fixed_days) -> np.ndarray:
    """Make sure every day has at least `HOLIDAY_MIN_TEAMS` distinct teams (redraw within the district)."""
    teams = teams.copy()
    for d in np.unique(slots):
        idx = np.flatnonzero(slots == d)
        extra = {f["team_id"] for f, fd in zip(fixed, fixed_days) if fd == d}
        for _ in range(200):
            if len(set(teams[idx]) | extra) >= HOLIDAY_MIN_TEAMS:
                break
            i = idx[rng.integers(len(idx))]
            teams[i] = crew.draw(rng, visits["district"].iloc[i], city_share=0.0)
        else:
            raise RuntimeError(f"国庆第 {d + 1} 天执法小组不足 {HOLIDAY_MIN_TEAMS} 个")
    return teams


def _adjust_total(rng, officers: np.ndarray, cap: np.ndarray, target: int) -> None:
    """Raise or lower single officer counts (within 2..cap) until they sum to `target`."""
    for _ in range(10 * len(officers)):
        gap = target - int(officers.sum())
        if gap == 0:
            return
        movable = np.flatnonzero(officers < cap) if gap > 0 else np.flatnonzero(officers > 2)
        if not len(movable):
            break
        officers[movable[rng.integers(len(movable))]] += 1 if gap > 0 else -1
    raise RuntimeError(f"无法使国庆期间执法人次恰为 {target}（当前 {int(officers.sum())}）")
