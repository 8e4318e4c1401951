"""Satellite fire points for the demo, shaped like NASA FIRMS VIIRS 375 m records, in the farmland of
张家港, 常熟, 太仓, 昆山 and 吴江 during the autumn ban (10-10..12-31, Beijing time), peaking in the rice
harvest (late October–November); a few beside industrial heat sources. Also the field checks of them.

VIIRS passes over Suzhou about 13:30 and 01:30 local time (S-NPP; NOAA-20 some 50 minutes earlier).
`acq_date`/`acq_time` are UTC, HHMM, and sometimes lose their leading zero ("534"), as in files that went
through a spreadsheet; a night pass at 17:30 UTC is 01:30 Beijing time the next day. NOAA-21 (N21) was
launched in 2022, so the 2020 data name only S-NPP (N) and NOAA-20 (N20).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.demo import campaigns as cal
from geo.demo import geography, records
from geo.demo.geography import FARM_DISTRICTS
from geo.demo.inspections import Crew
from geo.demo.records import Ledger

SOURCE = "示例数据（生成，仿 VIIRS 375 m 火点格式）"
STRAW_POINTS = {"张家港市": 60, "常熟市": 75, "太仓市": 60, "昆山市": 45, "吴江区": 60}
HEAT_SOURCES = 5  # industrial sites detected again and again
PEAK = pd.Timestamp("2020-11-05")
UTC_OFFSET = pd.Timedelta(hours=8)

# UTC pass windows (minutes after midnight): day and night, per satellite
_PASSES = {
    "N": ((5 * 60, 6 * 60 + 30), (17 * 60, 18 * 60 + 30)),
    "N20": ((4 * 60 + 10, 5 * 60 + 40), (16 * 60 + 10, 17 * 60 + 40)),
}


def fire_points(rng: np.random.Generator, geo, firms: pd.DataFrame) -> pd.DataFrame:
    """The fire_points layer as a frame with x, y."""
    straw = [_straw(rng, geo, d, n) for d, n in STRAW_POINTS.items()]
    heat = _heat_sources(rng, geo, firms)
    out = pd.concat(straw + [heat], ignore_index=True)
    out = out.sort_values(["detected_utc", "x"], kind="stable").reset_index(drop=True)
    day = out["detected_bj"].dt.strftime("%Y%m%d")
    out.insert(0, "fire_id", "HD" + day + (out.groupby(day).cumcount() + 1).map(lambda n: f"{n:03d}"))
    return out


def _straw(rng, geo, district: str, n: int) -> pd.DataFrame:
    region = geo.farmland[district]
    hot = geography.sample_points(rng, region, 6)  # areas that burned in past years
    xy = geography.sample_points(rng, region, n, hot, spread_km=3.0, clustered=0.6, decimals=5)
    bj_day = _ban_days(rng, n)
    frame = _passes(rng, bj_day, night_share=0.15)
    late = frame["detected_bj"] >= pd.Timestamp("2020-12-22")
    status = np.where(late & (rng.random(n) < 0.8), "待核查",
                      rng.choice(["已核实焚烧", "已排除-无焚烧痕迹", "待核查"], size=n, p=[0.45, 0.45, 0.10]))
    return _frame(frame, xy, district, status, hot=False, rng=rng)


def _heat_sources(rng, geo, firms: pd.DataFrame) -> pd.DataFrame:
    hot = firms[firms["district"].isin(FARM_DISTRICTS) & firms["tags"].fillna("").str.contains("热源")]
    hot = hot.sort_values("credit_code")
    chosen = hot.iloc[rng.choice(len(hot), size=HEAT_SOURCES, replace=False)]
    parts = []
    for firm in chosen.itertuples():
        k = int(rng.integers(3, 6))
        xy = geography.sample_near(rng, geo.land[firm.district], np.repeat([[firm.x, firm.y]], k, axis=0), 0.05, 0.3)
        xy = _round_inside(rng, geo.land[firm.district], xy, firm)
        frame = _passes(rng, _ban_days(rng, k, peaked=False), night_share=0.4)
        parts.append(_frame(frame, xy, firm.district, np.full(k, "已排除-工业热源"), hot=True, rng=rng))
    return pd.concat(parts, ignore_index=True)


def _round_inside(rng, region, xy, firm):
    """Round to FIRMS' 5 decimals, drawing again any point that rounding pushed out of the region."""
    import shapely

    out = np.round(xy, 5)
    bad = ~shapely.contains_xy(region, out[:, 0], out[:, 1])
    while bad.any():
        redo = geography.sample_near(rng, region, np.repeat([[firm.x, firm.y]], int(bad.sum()), axis=0), 0.05, 0.3)
        out[bad] = np.round(redo, 5)
        bad = ~shapely.contains_xy(region, out[:, 0], out[:, 1])
    return out


def _ban_days(rng, n: int, peaked: bool = True) -> pd.DatetimeIndex:
    start, end = cal.STRAW_BAN
    span = (end - start).days
    if peaked:
        offset = np.where(rng.random(n) < 0.8, rng.normal((PEAK - start).days, 11, n), rng.uniform(0, span + 1, n))
    else:
        offset = rng.uniform(0, span + 1, n)
    offset = np.clip(np.floor(offset), 0, span).astype(int)
    return pd.DatetimeIndex(start + pd.to_timedelta(offset, unit="D"))


def _passes(rng, bj_day: pd.DatetimeIndex, night_share: float) -> pd.DataFrame:
    n = len(bj_day)
    sat = rng.choice(["N", "N20"], size=n, p=[0.55, 0.45])
    is_night = rng.random(n) < night_share
    minute = np.empty(n, dtype=int)
    for i in range(n):
        lo, hi = _PASSES[sat[i]][1 if is_night[i] else 0]
        minute[i] = rng.integers(lo, hi)
    # a night pass (UTC afternoon) belongs to the previous UTC day of the Beijing date
    utc_day = bj_day - pd.to_timedelta(is_night.astype(int), unit="D")
    utc = utc_day + pd.to_timedelta(minute, unit="m")
    hhmm = [f"{m // 60:02d}{m % 60:02d}" for m in minute]
    acq_time = [t.lstrip("0") if rng.random() < 0.4 else t for t in hhmm]
    return pd.DataFrame({
        "acq_date": utc.strftime("%Y-%m-%d"), "acq_time": acq_time,
        "detected_utc": utc, "detected_bj": utc + UTC_OFFSET,
        "satellite": sat, "daynight": np.where(is_night, "N", "D"),
    })


def _frame(passes: pd.DataFrame, xy: np.ndarray, district: str, status, hot: bool, rng) -> pd.DataFrame:
    n = len(passes)
    night = (passes["daynight"] == "N").to_numpy()
    ti4 = np.where(night, rng.uniform(300, 340, n), rng.uniform(325, 367, n))
    if hot:
        ti4 = np.minimum(ti4 + 15, 367.0)
    ti4 = np.where(ti4 > 366.5, 367.0, ti4)  # the I4 band saturates
    ti5 = np.where(night, rng.uniform(270, 292, n), rng.uniform(285, 312, n))
    frp = np.round(rng.lognormal(np.log(12.0 if hot else 3.0), 0.7, n), 2)
    confidence = np.where((ti4 >= 367.0) | (frp > 10), "h", rng.choice(["n", "l"], size=n, p=[0.78, 0.22]))
    return passes.assign(
        latitude=xy[:, 1], longitude=xy[:, 0], instrument="VIIRS", confidence=confidence,
        bright_ti4=np.round(ti4, 2), bright_ti5=np.round(ti5, 2), brightness=np.nan, frp=frp,
        district=district, status=np.asarray(status, dtype=object), source=SOURCE, x=xy[:, 0], y=xy[:, 1],
    )


def verifications(rng: np.random.Generator, ledger: Ledger, fires: pd.DataFrame, crew: Crew) -> None:
    """Field checks of the fire points that have been checked (one to two days after detection)."""
    checked = fires[fires["status"] != "待核查"]
    for f in checked.itertuples():
        day = f.detected_bj.normalize() + pd.Timedelta(days=int(rng.integers(0, 2)))
        team = str(crew.local[f.district][rng.integers(len(crew.local[f.district]))])
        verdict = {"已核实焚烧": "现场核实：有焚烧痕迹", "已排除-无焚烧痕迹": "现场核实：1 公里内无焚烧痕迹",
                   "已排除-工业热源": "现场核实：为工业热源，非秸秆焚烧"}[f.status]
        when = records.daytime(rng, day, "09:00", "17:00")
        iid = ledger.inspect(started_at=when, district=f.district, site_id=f.fire_id, place=f"火点核查 {f.fire_id}",
                             team_id=team, officers=2, kind="日常", topic="秸秆禁烧", x=f.x, y=f.y, campaign=cal.STRAW,
                             findings=verdict)
        if f.status == "已核实焚烧" and rng.random() < 0.5:
            ledger.problem(inspection_id=iid, district=f.district, found_on=when, origin="卫星火点核查",
                           campaign=cal.STRAW, category="环境", description="田间焚烧秸秆（卫星火点已核实）",
                           handling="立行立改", deadline=when, status="已整改", fixed_on=when)
