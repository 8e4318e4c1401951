"""The city-scale data set (城市规模示例数据): the demo set plus years of history around it, for the benchmark.

`scale(layers, factor, seed)` takes the demo layers of `geo.demo.build.build()` and adds, for factor 1,
enough rows to reach `CITY` (30,000 firms, 300,000 inspections with their problems, 50,000 fire points,
5,000 outlets); a smaller factor adds that share of the extra rows (the tests use a small one). The demo's
own rows are kept unchanged, and no new inspection, problem or fire point falls in the demo's 100-day
campaign (2020-09-27..2021-01-04) or its autumn straw-burning season, so the bulletin's figures still
hold there. The history runs over `HISTORY` (2019..2022), in yearly campaigns added to the campaigns
layer (双随机一公开 spot checks; summer and autumn straw-burning bans), so 全部行动 spans all of it.

How the new rows are made, all vectorised (numpy, shapely), no Python loop over records:
- firms and outlets: copies of demo ones of the same district (industry, tags, EIA date; type, status,
  receiving reach) moved a little (normal, ~0.8 km and ~0.3 km) and kept only on land in that district
  (the district's polygon minus the lakes, both from the layers); new valid credit codes (GB 32100) and
  names; industrial and treatment-plant outlets owned by a firm of their district;
- fire points: copies of the demo's straw-burning points moved ~1.5 km, in each year's two ban seasons,
  peaking at harvest, with FIRMS pass times; each checked point gets a field check (an inspection);
- inspections: every day of the history (fewer on weekends and holidays), a site of the district drawn
  by weight, team of the district (some of the city; all for 四不两直), 2–4 officers (never more than the
  team has), night checks between 19:00 and 23:45; about 15% find a problem, whose deadline and outcome
  are taken as of the end of the history.
Ids continue the demo's per-day numbering (JCyyyymmddNNNN, WTyyyymmddNNNN, HDyyyymmddNNN, PKNNNN).
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import schema
from geo.demo import campaigns as cal
from geo.demo import fires as demo_fires
from geo.demo import geography, records
from geo.demo.firms import NAMED, _CodeMaker, _NameMaker
from geo.demo.geography import DISTRICTS, KM_LAT, KM_LON
from geo.demo.inspections import _EXHAUST_INDUSTRIES, _NIGHT_TAGS, _TAG_TOPIC, SAFETY

SOURCE = "示例数据（生成，城市规模）"
SOURCE_FIRES = "示例数据（生成，城市规模，仿 VIIRS 375 m 火点格式）"
HISTORY = (pd.Timestamp("2019-01-01"), pd.Timestamp("2022-12-31"))
YEARS = range(HISTORY[0].year, HISTORY[1].year + 1)
SPOT_CHECKS = "{}年度双随机一公开抽查"
STRAW_SEASONS = (("{}年夏季秸秆禁烧", "05-25", "07-20", "06-08"), ("{}年秋季秸秆禁烧", "10-10", "12-31", "11-05"))
DEMO_WINDOW = (cal.START, cal.END)
SPOT_CHECK_SHARE = 0.3
PROBLEM_SHARE = 0.15
OUTLET_VISIT_SHARE = 0.18


@dataclass(frozen=True)
class Sizes:
    enterprises: int
    inspections: int
    fire_points: int
    outlets: int


CITY = Sizes(enterprises=30_000, inspections=300_000, fire_points=50_000, outlets=5_000)


def scale(layers: dict[str, pd.DataFrame], factor: float = 1.0, seed: int = 20200927,
          target: Sizes = CITY) -> dict[str, pd.DataFrame]:
    """The demo `layers` plus `factor` × (target − demo size) new rows per layer; validated, references
    resolving. Factor 1 reaches `target` exactly (inspections: at least, with the fire checks)."""
    if factor < 0:
        raise ValueError(f"factor 应不小于 0，实际为 {factor}")
    rng = np.random.default_rng([seed, 5])
    land = _land(layers)

    def extra(name: str) -> int:
        return max(0, round(factor * (getattr(target, name) - len(layers[name]))))

    firms = _firms(rng, layers, land, extra("enterprises"))
    all_firms = pd.concat([layers["enterprises"], firms], ignore_index=True)
    outlets = _outlets(rng, layers, all_firms, land, extra("outlets"))
    all_outlets = pd.concat([layers["outlets"], outlets], ignore_index=True)
    fires = _fire_points(rng, layers, land, extra("fire_points"))
    campaigns = pd.concat([layers["campaigns"], _campaigns()], ignore_index=True)
    checks = _fire_checks(rng, layers["teams"], fires)
    visits = _visits(rng, layers, all_firms, all_outlets, max(0, extra("inspections") - len(checks)))
    insp, probs = _number(layers, pd.concat([visits, checks], ignore_index=True), rng)

    out = dict(layers)
    out.update({
        "enterprises": all_firms, "outlets": all_outlets, "campaigns": campaigns,
        "fire_points": pd.concat([layers["fire_points"], fires], ignore_index=True),
        "inspections": pd.concat([layers["inspections"], insp], ignore_index=True),
        "problems": pd.concat([layers["problems"], probs], ignore_index=True),
    })
    for name in ("enterprises", "outlets", "fire_points", "inspections"):
        out[name] = gpd.GeoDataFrame(out[name], geometry="geometry", crs=schema.CRS)
    return {name: schema.validate(name, frame) for name, frame in out.items()}


# --- land ---------------------------------------------------------------------------------------


def _land(layers) -> dict:
    """District name -> its polygon minus the lakes (prepared), from the layers themselves."""
    lakes = shapely.union_all(layers["lakes"].geometry.values)
    out = {}
    for name, geom in zip(layers["districts"]["name"], layers["districts"].geometry):
        out[name] = geom.difference(lakes)
        shapely.prepare(out[name])
    return out


def _moved(rng, land: dict, district: np.ndarray, xy: np.ndarray, sigma_km: float, decimals: int = 6) -> np.ndarray:
    """Each point moved by a normal offset of `sigma_km`, drawn again until it lies on its district's land
    (after rounding to `decimals`); a point that finds none in 50 tries stays where it was (on land)."""
    out = xy.copy()
    todo = np.arange(len(xy))
    for _ in range(50):
        if not len(todo):
            break
        cand = np.round(xy[todo] + rng.normal(0.0, sigma_km, (len(todo), 2)) * [KM_LON, KM_LAT], decimals)
        ok = np.zeros(len(todo), dtype=bool)
        for name in np.unique(district[todo]):
            mine = district[todo] == name
            ok[mine] = shapely.contains_xy(land[name], cand[mine, 0], cand[mine, 1])
        out[todo[ok]] = cand[ok]
        todo = todo[~ok]
    return out


def _xy(frame) -> np.ndarray:
    return np.column_stack([frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()])


def _points(frame: pd.DataFrame, xy: np.ndarray) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=schema.CRS)


# --- firms and outlets --------------------------------------------------------------------------


def _firms(rng, layers, land, n: int) -> gpd.GeoDataFrame:
    demo = layers["enterprises"]
    pool = demo[~demo["name"].isin(NAMED)].reset_index(drop=True)
    src = pool.iloc[rng.integers(0, len(pool), n)].reset_index(drop=True)
    district = src["district"].to_numpy()
    xy = _moved(rng, land, district, _xy(src), 0.8)
    codes, names = _CodeMaker(rng), _NameMaker(rng)
    codes.seen |= set(demo["credit_code"])
    names.seen |= set(demo["name"])
    towns = {d: [t for t, _, _ in geography.TOWNS[d]] for d in DISTRICTS}
    town_pick = rng.random(n)
    frame = pd.DataFrame({
        "credit_code": [codes.new(d) for d in district],
        "name": [names.new(d, ind, town=towns[d][int(r * len(towns[d]))])
                 for d, ind, r in zip(district, src["industry"], town_pick)],
        "district": district, "industry": src["industry"], "tags": src["tags"],
        "eia_approved_on": src["eia_approved_on"], "source": SOURCE,
    })
    return _points(frame, xy)


def _outlets(rng, layers, firms: pd.DataFrame, land, n: int) -> gpd.GeoDataFrame:
    demo = layers["outlets"]
    src = demo.iloc[rng.integers(0, len(demo), n)].reset_index(drop=True)
    district = src["district"].to_numpy()
    xy = _moved(rng, land, district, _xy(src), 0.3)
    owned = src["type"].isin(["工业排污口", "城镇污水处理厂排污口"]).to_numpy()
    owner_code = np.full(n, None, dtype=object)
    owner = src["owner"].to_numpy(dtype=object).copy()
    by_district = firms.groupby("district")
    for name in np.unique(district[owned]):
        rows = np.flatnonzero(owned & (district == name))
        mine = by_district.get_group(name)
        pick = rng.integers(0, len(mine), len(rows))
        owner_code[rows] = mine["credit_code"].to_numpy()[pick]
        owner[rows] = mine["name"].to_numpy()[pick]
    start = int(demo["outlet_id"].str[2:].astype(int).max())
    ids = [f"PK{start + i + 1:04d}" for i in range(n)]
    serial = pd.Series(owner_code).groupby(pd.Series(owner_code)).cumcount() + 1
    served = pd.Series(owner_code).isin(set(demo["owner_code"].dropna()))
    permit = np.where(owned, "DW" + (serial + served * 10).astype(str).str.zfill(3), None)
    kind_word = np.where(src["type"] == "农业排口", "农业", np.where(src["subtype"] == "雨水排口", "雨水", ""))
    names = _unique_after(set(demo["name"]), [f"{o}{w}排口" for o, w in zip(owner, kind_word)])
    frame = pd.DataFrame({
        "outlet_id": ids, "name": names, "type": src["type"], "subtype": src["subtype"],
        "reach_id": src["reach_id"], "status": src["status"], "fix_category": src["fix_category"],
        "owner_code": owner_code, "owner": owner, "permit_code": permit, "district": district, "source": SOURCE,
    })
    return _points(frame, xy)


def _unique_after(taken: set, names: list[str]) -> list[str]:
    """`names` made unique among themselves and `taken`: a repeated name gets 2号, 3号 … (the first free)."""
    out = []
    for name in names:
        k, candidate = 1, name
        while candidate in taken:
            k += 1
            candidate = f"{name}{k}号"
        taken.add(candidate)
        out.append(candidate)
    return out


# --- campaigns and fire points ------------------------------------------------------------------


def _campaigns() -> pd.DataFrame:
    rows = []
    for year in YEARS:
        rows.append((SPOT_CHECKS.format(year), f"{year}-01-01", f"{year}-12-31", "示例数据：年度抽查计划（城市规模，生成）"))
        for name, start, end, _ in _seasons(year):
            rows.append((name, start, end, "示例数据：禁烧期（江苏，城市规模，生成）"))
    return pd.DataFrame([{"campaign": c, "document": None, "start_date": pd.Timestamp(s), "end_date": pd.Timestamp(e),
                          "source": src} for c, s, e, src in rows])


def _seasons(year: int) -> list[tuple[str, str, str, str]]:
    """The straw-burning ban seasons of `year` as (campaign, start, end, peak); autumn 2020 is the demo's."""
    out = []
    for name, start, end, peak in STRAW_SEASONS:
        if year == 2020 and start == "10-10":
            continue
        out.append((name.format(year), f"{year}-{start}", f"{year}-{end}", f"{year}-{peak}"))
    return out


def _fire_points(rng, layers, land, n: int) -> gpd.GeoDataFrame:
    demo = layers["fire_points"]
    pool = demo[demo["status"] != "已排除-工业热源"].reset_index(drop=True)
    src = pool.iloc[rng.integers(0, len(pool), n)].reset_index(drop=True)
    district = src["district"].to_numpy()
    xy = _moved(rng, land, district, _xy(src), 1.5, decimals=5)
    seasons = [s for year in YEARS for s in _seasons(year)]
    which = rng.integers(0, len(seasons), n)
    start = pd.to_datetime([s[1] for s in seasons])[which]
    span = (pd.to_datetime([s[2] for s in seasons]) - pd.to_datetime([s[1] for s in seasons])).days.to_numpy()[which]
    peak = (pd.to_datetime([s[3] for s in seasons]) - pd.to_datetime([s[1] for s in seasons])).days.to_numpy()[which]
    offset = np.where(rng.random(n) < 0.8, rng.normal(peak, 9, n), rng.uniform(0, span + 1, n))
    offset = np.clip(np.floor(offset), 0, span).astype(int)
    bj_day = pd.DatetimeIndex(start + pd.to_timedelta(offset, unit="D"))
    passes = _passes(rng, bj_day, night_share=0.15)
    recent = passes["detected_bj"] >= HISTORY[1] - pd.Timedelta(days=6)
    status = np.where(recent, "待核查", rng.choice(["已核实焚烧", "已排除-无焚烧痕迹", "待核查"], n, p=[.48, .48, .04]))
    frame = demo_fires._frame(passes, xy, "", status, hot=False, rng=rng).assign(district=district,
                                                                                  source=SOURCE_FIRES)
    frame = frame.sort_values(["detected_utc", "x"], kind="stable").reset_index(drop=True)
    day = frame["detected_bj"].dt.strftime("%Y%m%d")
    frame.insert(0, "fire_id", "HD" + day + (frame.groupby(day).cumcount() + 1).astype(str).str.zfill(3))
    return _points(frame.drop(columns=["x", "y"]), frame[["x", "y"]].to_numpy())


def _passes(rng, bj_day: pd.DatetimeIndex, night_share: float) -> pd.DataFrame:
    """FIRMS pass times for fires seen on Beijing days `bj_day` (vectorised `geo.demo.fires._passes`)."""
    n = len(bj_day)
    sats = np.array(list(demo_fires._PASSES))
    which = rng.choice(len(sats), size=n, p=[0.55, 0.45])
    sat = sats[which]
    is_night = rng.random(n) < night_share
    windows = np.array([demo_fires._PASSES[s] for s in sats])  # satellite, day/night, lo/hi
    lo_hi = windows[which, is_night.astype(int)]
    minute = np.floor(rng.uniform(lo_hi[:, 0], lo_hi[:, 1])).astype(int)
    utc = bj_day - pd.to_timedelta(is_night.astype(int), unit="D") + pd.to_timedelta(minute, unit="m")
    hhmm = pd.Series(minute // 60).astype(str).str.zfill(2) + pd.Series(minute % 60).astype(str).str.zfill(2)
    acq_time = hhmm.where(rng.random(n) >= 0.4, hhmm.str.lstrip("0"))
    return pd.DataFrame({
        "acq_date": utc.strftime("%Y-%m-%d"), "acq_time": acq_time.to_numpy(),
        "detected_utc": utc, "detected_bj": utc + demo_fires.UTC_OFFSET,
        "satellite": sat, "daynight": np.where(is_night, "N", "D"),
    })


def _fire_checks(rng, teams: pd.DataFrame, fires: pd.DataFrame) -> pd.DataFrame:
    """A field check (inspection) of every checked fire point, one or two days after it was seen."""
    f = fires[fires["status"] != "待核查"].reset_index(drop=True)
    n = len(f)
    day = f["detected_bj"].dt.normalize() + pd.to_timedelta(rng.integers(0, 2, n), unit="D")
    verdict = f["status"].map({"已核实焚烧": "现场核实：有焚烧痕迹", "已排除-无焚烧痕迹": "现场核实：1 公里内无焚烧痕迹"})
    season = _season_of(day)
    frame = pd.DataFrame({
        "started_at": day + pd.to_timedelta(rng.integers(9 * 60, 17 * 60, n), unit="m"),
        "district": f["district"], "site_id": f["fire_id"], "enterprise_code": None,
        "place": "火点核查 " + f["fire_id"], "team_id": _local_teams(rng, teams, f["district"].to_numpy()),
        "officers": 2, "campaign": season, "kind": "日常", "topic": "秸秆禁烧", "findings": verdict.to_numpy(),
        "x": f.geometry.x.to_numpy(), "y": f.geometry.y.to_numpy(),
    })
    burned = (f["status"] == "已核实焚烧").to_numpy() & (rng.random(n) < 0.5)
    frame["_problem"] = burned
    frame["_category"], frame["_description"], frame["_handling"] = "环境", "田间焚烧秸秆（卫星火点已核实）", "立行立改"
    return frame


def _season_of(day: pd.Series) -> pd.Series:
    """The straw-burning campaign a check day falls in (a check may fall a day after the season: then None)."""
    out = pd.Series(None, index=day.index, dtype=object)
    for year in YEARS:
        for name, start, end, _ in _seasons(year):
            out[(day >= pd.Timestamp(start)) & (day <= pd.Timestamp(end))] = name
    return out


# --- everyday inspections -----------------------------------------------------------------------


def _sites(firms: pd.DataFrame, outlets: pd.DataFrame) -> pd.DataFrame:
    f = firms[~firms["name"].isin(NAMED)]
    tags = f["tags"].fillna("")
    key = sum(tags.str.contains(t).astype(int) for t in ("危废", "重点VOCs", "涉水", "信访", "燃煤电厂"))
    ent = pd.DataFrame({
        "site_id": f["credit_code"], "district": f["district"], "enterprise_code": f["credit_code"],
        "place": f["name"], "tags": tags, "industry": f["industry"], "is_outlet": False,
        "x": f.geometry.x, "y": f.geometry.y, "weight": 1.0 + 1.2 * key,
    })
    out = pd.DataFrame({
        "site_id": outlets["outlet_id"], "district": outlets["district"], "enterprise_code": outlets["owner_code"],
        "place": outlets["name"], "tags": "", "industry": "", "is_outlet": True,
        "x": outlets.geometry.x, "y": outlets.geometry.y,
        "weight": np.where(outlets["status"] == "疑似直排", 6.0, 2.0),
    })
    return pd.concat([ent, out], ignore_index=True)


def _days() -> tuple[pd.DatetimeIndex, np.ndarray, np.ndarray]:
    """The history's days outside the demo's campaign, their relative load, and which are holidays."""
    days = pd.date_range(*HISTORY)
    days = days[(days < DEMO_WINDOW[0]) | (days > DEMO_WINDOW[1])]
    md = days.strftime("%m-%d")
    holiday = np.isin(md, ["01-01", "05-01", "05-02", "05-03", "10-01", "10-02", "10-03", "10-04", "10-05", "10-06",
                           "10-07"]) | days.isin(cal.OTHER_HOLIDAYS)
    weekend = (days.day_of_week >= 5) & ~days.isin(cal.MAKEUP_WORKDAYS)
    load = np.where(holiday, 0.65, np.where(weekend, 0.55, 1.0))
    return days, load, holiday


def _visits(rng, layers, firms, outlets, n: int) -> pd.DataFrame:
    sites = _sites(firms, outlets)
    days, load, holiday = _days()
    day_i = np.repeat(np.arange(len(days)), rng.multinomial(n, load / load.sum()))
    weights = sites.groupby("district")["weight"].sum().reindex(list(DISTRICTS)).to_numpy() ** 0.9
    district = np.asarray(DISTRICTS)[rng.choice(len(DISTRICTS), size=n, p=weights / weights.sum())]
    want_outlet = rng.random(n) < OUTLET_VISIT_SHARE
    site = np.empty(n, dtype=int)
    for (name, is_outlet), part in sites.groupby(["district", "is_outlet"], sort=True):
        rows = np.flatnonzero((district == name) & (want_outlet == is_outlet))
        w = part["weight"].to_numpy()
        site[rows] = part.index.to_numpy()[rng.choice(len(part), size=len(rows), p=w / w.sum())]
    s = sites.loc[site].reset_index(drop=True)
    on_holiday = holiday[day_i]
    night_able = s["is_outlet"].to_numpy() | s["tags"].str.contains("|".join(_NIGHT_TAGS)).to_numpy()
    r = rng.random(n)
    kind = np.where(on_holiday, "节假日", np.where((r < 0.07) & night_able, "夜查", np.where(r > 0.99, "四不两直", "日常")))
    teams = layers["teams"]
    team = _local_teams(rng, teams, district)
    city = _city_teams(teams)
    from_city = (kind == "四不两直") | (rng.random(n) < 0.1)
    team[from_city] = city[rng.integers(0, len(city), int(from_city.sum()))]
    day = days[day_i]
    minute = np.where(kind == "夜查", rng.integers(19 * 60, 23 * 60 + 45, n), rng.integers(8 * 60 + 30, 17 * 60, n))
    topic = _topics(rng, s)
    year = day.year.to_numpy()
    campaign = np.where((kind == "日常") & (rng.random(n) < SPOT_CHECK_SHARE),
                        pd.Series(year).map(lambda y: SPOT_CHECKS.format(y)).to_numpy(), None)
    frame = pd.DataFrame({
        "started_at": day + pd.to_timedelta(minute, unit="m"), "district": s["district"], "site_id": s["site_id"],
        "enterprise_code": s["enterprise_code"], "place": s["place"], "team_id": team,
        "officers": _officers(rng, teams, team), "campaign": campaign, "kind": kind, "topic": topic,
        "findings": None, "x": s["x"], "y": s["y"],
    })
    frame["_problem"] = rng.random(n) < PROBLEM_SHARE
    category, description, handling = _problem_kinds(rng, topic)
    frame["_category"], frame["_description"], frame["_handling"] = category, description, handling
    return frame


def _local_teams(rng, teams: pd.DataFrame, district: np.ndarray) -> np.ndarray:
    city = teams["team_id"].str.startswith("ZF320500")
    out = np.empty(len(district), dtype=object)
    for name in np.unique(district):
        rows = np.flatnonzero(district == name)
        local = teams.loc[~city & (teams["district"] == name), "team_id"].to_numpy()
        out[rows] = local[rng.integers(0, len(local), len(rows))]
    return out


def _city_teams(teams: pd.DataFrame) -> np.ndarray:
    from geo.demo.teams import CHIEF, ENFORCEMENT_CHIEF

    city = teams["team_id"].str.startswith("ZF320500") & ~teams["name"].isin([CHIEF, ENFORCEMENT_CHIEF])
    return teams.loc[city, "team_id"].to_numpy()


def _officers(rng, teams: pd.DataFrame, team: np.ndarray) -> np.ndarray:
    r = rng.random(len(team))
    n = np.where(r < 0.35, 2, np.where(r < 0.8, 3, 4))
    return np.minimum(n, pd.Series(team).map(dict(zip(teams["team_id"], teams["members"]))).to_numpy(dtype=int))


def _topics(rng, sites: pd.DataFrame) -> np.ndarray:
    """A topic per visit: one of its site's tag topics or 综合 (+ 废气 for exhaust industries); 排口 at outlets."""
    tags, industry = sites["tags"].to_numpy(), sites["industry"].to_numpy()
    options = [np.array([tag in t for t in tags]) for tag, _ in _TAG_TOPIC]
    names = [topic for _, topic in _TAG_TOPIC]
    exhaust = np.isin(industry, _EXHAUST_INDUSTRIES) & ~options[names.index("废气")]
    table = np.column_stack(options + [np.ones(len(tags), dtype=bool), exhaust])
    labels = np.array(names + ["综合", "废气"], dtype=object)
    count = table.sum(axis=1)
    k = np.floor(rng.random(len(tags)) * count).astype(int)  # the k-th available topic
    pos = np.argmax(np.cumsum(table, axis=1) > k[:, None], axis=1)
    return np.where(sites["is_outlet"].to_numpy(), "排口", labels[pos])


def _problem_kinds(rng, topic: np.ndarray):
    n = len(topic)
    safety = np.isin(topic, ["危废", "VOCs", "综合"]) & (rng.random(n) < 0.06)
    description = np.empty(n, dtype=object)
    for t in np.unique(topic):
        rows = np.flatnonzero(topic == t)
        choices = np.array(records.FINDINGS.get(t, records.FINDINGS["综合"]), dtype=object)
        description[rows] = choices[rng.integers(0, len(choices), len(rows))]
    safety_text = np.array(SAFETY, dtype=object)
    description[safety] = safety_text[rng.integers(0, len(safety_text), int(safety.sum()))]
    handling = rng.choice(["立行立改", "限期整改", "跟踪督办"], size=n, p=[0.3, 0.6, 0.1]).astype(object)
    handling[safety] = "移交"
    return np.where(safety, "安全", "环境"), description, handling


# --- ids, problems, findings --------------------------------------------------------------------


def _number(layers, new: pd.DataFrame, rng) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Final ids continuing the demo's per-day numbering, the problems, and each inspection's findings."""
    new = new.sort_values("started_at", kind="stable").reset_index(drop=True)
    new["started_at"] = new["started_at"].astype("datetime64[ns]")
    new["inspection_id"] = _ids("JC", new["started_at"], layers["inspections"]["inspection_id"])
    found = new[new["_problem"]].reset_index(drop=True)
    probs = _problems(rng, found)
    probs["problem_id"] = _ids("WT", probs["found_on"], layers["problems"]["problem_id"])
    text = "发现问题 1 项：" + pd.Series(new["_description"].to_numpy(), index=new.index)
    quiet = np.where(new["topic"] == "秸秆禁烧", "巡查未发现焚烧现象", "未发现明显环境违法行为")
    new["findings"] = new["findings"].where(new["findings"].notna(), np.where(new["_problem"], text, quiet))
    new["source"] = SOURCE
    insp = new.drop(columns=[c for c in new.columns if c.startswith("_")])
    return _points(insp.drop(columns=["x", "y"]), insp[["x", "y"]].to_numpy()), probs


def _ids(prefix: str, when: pd.Series, taken: pd.Series) -> pd.Series:
    """prefix + yyyymmdd + a 4-digit number per day, after the numbers `taken` already uses that day."""
    day = pd.Series(when).dt.strftime("%Y%m%d")
    used = pd.Series(taken.str[10:].astype(int).to_numpy(), index=taken.str[2:10].to_numpy()).groupby(level=0).max()
    seq = day.groupby(day).cumcount() + 1 + day.map(used).fillna(0).astype(int)
    if seq.max() > 9999:
        raise RuntimeError(f"一天内编号超过 9999：{day[seq.idxmax()]}")
    return prefix + day + seq.astype(str).str.zfill(4)


def _problems(rng, found: pd.DataFrame) -> pd.DataFrame:
    """One problem per inspection in `found`, with deadline, status and fixed date as of the history's end."""
    n = len(found)
    day = found["started_at"].dt.normalize()
    handling = found["_handling"].to_numpy()
    days = np.where(handling == "限期整改", rng.choice([7, 15, 30, 45, 60], n), rng.choice([30, 60, 90], n))
    late = rng.random(n) < 0.25
    delay = np.where(late, days + rng.integers(3, 80, n), np.floor(rng.random(n) * days).astype(int) + 1)
    quick = handling == "立行立改"
    handed = handling == "移交"
    delay = np.where(quick, rng.integers(0, 2, n), np.where(handed, rng.integers(0, 4, n), delay))
    fixed = day + pd.to_timedelta(delay, unit="D")
    open_ = ~quick & ~handed & (fixed > HISTORY[1]).to_numpy()
    deadline = pd.Series(np.where(quick, day, day + pd.to_timedelta(days, unit="D")), index=found.index)
    deadline[handed] = pd.NaT
    status = np.where(handed, "已移交", np.where(open_, "整改中", "已整改"))
    fined = (found["_category"].to_numpy() == "环境") & (rng.random(n) < 0.05) & (found["topic"] != "秸秆禁烧")
    fines = np.clip(np.round(rng.lognormal(np.log(80000), 0.7, n), -2), 10000, 1000000)
    return pd.DataFrame({
        "problem_id": None, "inspection_id": found["inspection_id"], "district": found["district"],
        "enterprise_code": found["enterprise_code"], "found_on": day,
        "origin": np.where(found["topic"] == "秸秆禁烧", "卫星火点核查", "现场检查"), "campaign": found["campaign"],
        "category": found["_category"], "description": found["_description"], "handling": handling,
        "deadline": deadline, "status": status, "fixed_on": pd.Series(fixed).where(~open_),
        "penalty_yuan": np.where(fined, fines, 0.0), "case_filed": fined | (rng.random(n) < 0.02),
        "source": SOURCE,
    })
