"""The events of the Suzhou bulletin (autumn 2020; DOMAIN.md §1), as records the dashboard can count.

Each function writes one event into the ledger with the bulletin's figures exactly; everything the
bulletin does not say (which firms, times, officers, deadlines) is drawn at random.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from geo.demo import campaigns as cal
from geo.demo import geography, records
from geo.demo.firms import NAMED, YUANDONG, ZJG_NIGHT_FIRMS
from geo.demo.geography import SIP
from geo.demo.inspections import Crew, add_problem
from geo.demo.records import Ledger
from geo.demo.teams import CHIEF, ENFORCEMENT_CHIEF

SOURCE_BULLETIN = "示例数据：事件取自公报，细节为生成"
SOURCE_NAMED = "示例数据：名称取自公报"
T = pd.Timestamp


def _pick(rng, firms: pd.DataFrame, n: int, exclude=()) -> pd.DataFrame:
    pool = firms[~firms["credit_code"].isin(list(exclude)) & ~firms["name"].isin(NAMED)].sort_values("credit_code")
    return pool.iloc[rng.choice(len(pool), size=n, replace=False)]


def _has(firms: pd.DataFrame, tag: str) -> pd.Series:
    return firms["tags"].fillna("").str.contains(tag)


def _visit(firm, **kw) -> dict:
    return {"district": firm.district, "site_id": firm.credit_code, "enterprise_code": firm.credit_code,
            "place": firm.name, "x": firm.x, "y": firm.y, **kw}


# --- 相城, 10-02 --------------------------------------------------------------------------------


def xiangcheng_unannounced(rng, firms: pd.DataFrame, crew: Crew) -> list[dict]:
    """The bureau chief's 四不两直 check in 相城 on 10-02: sewage treatment, hazardous-waste storage, exhaust
    treatment. Returned as fixed inspections for the holiday window (they count in its totals)."""
    xc = firms[firms["district"] == "相城区"]
    sewage = _pick(rng, xc[xc["industry"].eq("污水处理") | (_has(xc, "涉水") & xc["industry"].isin(["纺织印染", "食品"]))], 1)
    waste = _pick(rng, xc[_has(xc, "危废")], 1, exclude=sewage["credit_code"])
    exhaust = _pick(rng, xc[_has(xc, "重点VOCs")], 1, exclude=pd.concat([sewage, waste])["credit_code"])
    team = crew.by_name[CHIEF]
    out = []
    for firm, topic, time in ((sewage, "污水处理", "09:40"), (waste, "危废", "11:05"), (exhaust, "废气", "14:20")):
        f = next(firm.itertuples())
        out.append(_visit(f, started_at=T(f"2020-10-02 {time}"), team_id=team, officers=4, kind="四不两直",
                          topic=topic, campaign=cal.HUNDRED_DAYS, source=SOURCE_BULLETIN,
                          findings=f"局长带队“四不两直”随机检查{topic}，现场未发现明显环境违法行为"))
    return out


# --- 昆山 and the park, night of 10-17 -----------------------------------------------------------

NIGHT_1017_FINDINGS = ("熔铝炉窑烟气未收集处理", "VOCs收集处理不到位", "废气吸附处理设施活性炭质量不佳")


def night_of_oct17(rng, ledger: Ledger, firms: pd.DataFrame, crew: Crew) -> None:
    """The city enforcement chief's night check of complaint areas in 昆山 and 工业园区 (three problems),
    and the two other groups of that night at coal power plants."""
    complaint = firms[_has(firms, "信访")]
    ks, park = complaint[complaint["district"] == "昆山市"], complaint[complaint["district"] == SIP]
    aluminium = _pick(rng, ks[ks["name"].str.contains("铝业")], 1)
    ks_vocs = _pick(rng, ks[_has(ks, "重点VOCs")], 2, exclude=aluminium["credit_code"])
    park_vocs = _pick(rng, park[_has(park, "重点VOCs")], 2)
    team = crew.by_name[ENFORCEMENT_CHIEF]
    plan = (
        (aluminium.iloc[0], "20:05", "废气", "熔铝炉窑烟气未收集处理", "2020-11-12"),
        (ks_vocs.iloc[0], "20:50", "VOCs", "VOCs收集处理不到位", "2020-11-25"),
        (ks_vocs.iloc[1], "21:35", "VOCs", None, None),
        (park_vocs.iloc[0], "22:30", "VOCs", "废气吸附处理设施活性炭质量不佳", "2020-11-03"),
        (park_vocs.iloc[1], "23:15", "VOCs", None, None),
    )
    for firm, time, topic, problem, fixed in plan:
        start = T(f"2020-10-17 {time}")
        iid = ledger.inspect(**_visit(firm, started_at=start, team_id=team, officers=4, kind="夜查", topic=topic,
                                      campaign=cal.HUNDRED_DAYS, source=SOURCE_BULLETIN))
        if problem:
            ledger.problem(inspection_id=iid, district=firm.district, enterprise_code=firm.credit_code,
                           found_on=start, origin="现场检查", campaign=cal.HUNDRED_DAYS, category="环境",
                           description=problem, handling="限期整改", deadline=T("2020-11-16"), status="已整改",
                           fixed_on=T(fixed), source=SOURCE_BULLETIN)
    coal = firms[_has(firms, "燃煤电厂")].sort_values("credit_code")
    for k, firm in enumerate(coal.iloc[rng.choice(len(coal), size=2, replace=False)].itertuples()):
        t_id = crew.by_name[("市执法局一大队一组", "市执法局二大队一组")[k]]
        ledger.inspect(**_visit(firm, started_at=T("2020-10-17 20:30") + pd.Timedelta(minutes=40 * k), team_id=t_id,
                                officers=3, kind="夜查", topic="废气", campaign=cal.HUNDRED_DAYS,
                                source=SOURCE_BULLETIN, findings="燃煤电厂夜间突击检查，脱硫脱硝设施运行正常"))


# --- 张家港, 10-15 and 10-18 --------------------------------------------------------------------

EIA_TEAMS = 7
EIA_PROJECTS = 20


def zjg_eia_checks(rng, ledger: Ledger, firms: pd.DataFrame, crew: Crew) -> None:
    """10-15: after a training, 7 groups check 20 projects whose EIA reports were approved since 2019."""
    zjg = firms[(firms["district"] == "张家港市") & _has(firms, "环评审批")]
    recent = zjg[zjg["eia_approved_on"] >= T("2019-01-01")]
    projects = _pick(rng, recent, EIA_PROJECTS)
    teams = list(rng.choice(crew.local["张家港市"], size=EIA_TEAMS, replace=False))
    per_team = np.repeat(np.arange(EIA_TEAMS), 3)[:EIA_PROJECTS]
    with_problem = set(rng.choice(EIA_PROJECTS, size=6, replace=False).tolist())
    for i, firm in enumerate(projects.itertuples()):
        k = int(per_team[i])
        order = int((per_team[:i] == k).sum())
        start = T("2020-10-15 13:30") + pd.Timedelta(minutes=70 * order + int(rng.integers(0, 20)))
        iid = ledger.inspect(**_visit(firm, started_at=start, team_id=str(teams[k]),
                                      officers=int(rng.integers(2, 4)), kind="日常", topic="环评",
                                      campaign=cal.HUNDRED_DAYS, source=SOURCE_BULLETIN))
        if i in with_problem:
            deadline = start.normalize() + pd.Timedelta(days=int(rng.choice([30, 45, 60])))
            fixed = deadline - pd.Timedelta(days=int(rng.integers(0, 20)))
            ledger.problem(inspection_id=iid, district=firm.district, enterprise_code=firm.credit_code,
                           found_on=start, origin="现场检查", campaign=cal.HUNDRED_DAYS, category="环境",
                           description=str(rng.choice(records.FINDINGS["环评"])), handling="限期整改",
                           deadline=deadline, status="已整改", fixed_on=fixed, source=SOURCE_BULLETIN)


def zjg_hazardous_waste_night(rng, ledger: Ledger, firms: pd.DataFrame, crew: Crew) -> None:
    """10-18 night: two groups check hazardous-waste storage at the three named firms; warning signs
    missing or not filled in at each, fixed at once."""
    named = firms.set_index("name")
    teams = crew.local["张家港市"][:2]
    plan = ((ZJG_NIGHT_FIRMS[0][0], teams[0], "19:30"), (ZJG_NIGHT_FIRMS[1][0], teams[0], "20:45"),
            (ZJG_NIGHT_FIRMS[2][0], teams[1], "19:50"))
    for name, team, time in plan:
        firm = named.loc[name]
        start = T(f"2020-10-18 {time}")
        iid = ledger.inspect(started_at=start, district="张家港市", site_id=firm["credit_code"],
                             enterprise_code=firm["credit_code"], place=name, team_id=str(team), officers=3,
                             kind="夜查", topic="危废", x=firm["x"], y=firm["y"], campaign=cal.HUNDRED_DAYS,
                             source=SOURCE_NAMED)
        ledger.problem(inspection_id=iid, district="张家港市", enterprise_code=firm["credit_code"], found_on=start,
                       origin="现场检查", campaign=cal.HUNDRED_DAYS, category="环境",
                       description="未按规范设置并填写危废警示标识", handling="立行立改", deadline=start,
                       status="已整改", fixed_on=start, source="示例数据：内容取自公报")


# --- 张家港, straw-burning patrols ---------------------------------------------------------------

_ROADS = ("G204", "S228", "S338", "沿江高速", "张杨公路", "港城大道")


def zjg_straw_patrols(rng, ledger: Ledger, geo, crew: Crew) -> None:
    """Patrols round the clock in the ban period, more along main roads, past burning areas, at peak hours."""
    towns = geography.TOWNS["张家港市"]
    xy = geography.sample_points(rng, geo.farmland["张家港市"], 30)
    places = []
    for i, (x, y) in enumerate(xy):
        town = towns[int(np.argmin([(tx - x) ** 2 + (ty - y) ** 2 for _, tx, ty in towns]))][0]
        label = f"{town}{_ROADS[i % len(_ROADS)]}沿线" if i < 12 else f"{town}往年焚烧多发区（{i - 11}号片）"
        places.append((f"XC320582-{i + 1:03d}", label, x, y, i < 12))
    weights = np.array([2.0 if road else 1.5 for *_, road in places])
    start, end = cal.STRAW_BAN
    for day in pd.date_range(start, end):
        peak = np.exp(-(((day - T("2020-11-05")).days) / 14.0) ** 2)
        for _ in range(int(rng.poisson(1.2 + 5.0 * peak))):
            pid, label, x, y, _road = places[int(rng.choice(len(places), p=weights / weights.sum()))]
            at_night = rng.random() < 0.35
            when = records.night(rng, day) if at_night else records.daytime(rng, day, "11:00", "18:00")
            team = str(crew.local["张家港市"][rng.integers(len(crew.local["张家港市"]))])
            iid = ledger.inspect(started_at=when, district="张家港市", site_id=pid, place=label, team_id=team,
                                 officers=2, kind="夜查" if at_night else "日常", topic="秸秆禁烧", x=x, y=y,
                                 campaign=cal.STRAW, source=SOURCE_BULLETIN)
            if rng.random() < 0.04:
                ledger.problem(inspection_id=iid, district="张家港市", found_on=when, origin="巡查发现",
                               campaign=cal.STRAW, category="环境", description="田间焚烧秸秆，已现场扑灭",
                               handling="立行立改", deadline=when, status="已整改", fixed_on=when)


# --- 昆山, hazardous waste and safety drive ----------------------------------------------------

KS_BEFORE_OCT = {"环境": 101, "安全": 72, "其他": 4}
KS_OCTOBER = {"环境": 9, "安全": 35}
KS_AFTER_OCT = {"环境": 12, "安全": 14, "其他": 1}
KS_ENV_OPEN_AT_OCT31 = 12  # 110 − 98 fixed
KS_FINES = (210000.0, 165000.0, 132350.0, 110000.0, 85000.0, 54000.0)  # 6 cases, 75.635万元 in all
KS_SAFETY = records.SAFETY_FINDINGS + ("危化品储存不规范", "安全警示标志缺失", "消防通道堵塞")
OCT31 = T("2020-10-31")


def kunshan_safety_drive(rng, ledger: Ledger, firms: pd.DataFrame, crew: Crew) -> None:
    """昆山's three-year drive: 221 hazards to 10-31 (110 environmental, 98 fixed; 107 safety clues and
    4 others, all transferred), 44 of them in October (9 + 35), 6 fined cases of 756,350 yuan; more after."""
    ks = firms[(firms["district"] == "昆山市") & ~firms["name"].isin(NAMED)]
    weights = np.where(_has(ks, "危废"), 3.0, 1.0)
    months = [("2020-04-01", "2020-04-30"), ("2020-05-01", "2020-05-31"), ("2020-06-01", "2020-06-30"),
              ("2020-07-01", "2020-07-31"), ("2020-08-01", "2020-08-31"), ("2020-09-01", "2020-09-30")]
    found: list[tuple[str, str, str]] = []  # (category, first day, last day)
    for category, n in KS_BEFORE_OCT.items():
        for m, k in enumerate(rng.multinomial(n, [0.14, 0.16, 0.17, 0.17, 0.18, 0.18])):
            found += [(category, *months[m])] * int(k)
    found += [(c, "2020-10-09", "2020-10-31") for c, n in KS_OCTOBER.items() for _ in range(n)]
    found += [(c, "2020-11-02", "2020-12-31") for c, n in KS_AFTER_OCT.items() for _ in range(n)]
    rows = _group_into_visits(rng, found)

    env_early = [i for i, r in enumerate(rows) if r["category"] == "环境" and r["day"] <= OCT31]
    late_pool_oct = [i for i in env_early if rows[i]["day"] >= T("2020-10-01")]
    late_pool_summer = [i for i in env_early if T("2020-08-01") <= rows[i]["day"] < T("2020-10-01")]
    open_at_oct31 = set(rng.choice(late_pool_oct, size=5, replace=False).tolist()) | set(
        rng.choice(late_pool_summer, size=KS_ENV_OPEN_AT_OCT31 - 5, replace=False).tolist())
    fined_pool = [i for i in env_early if i not in open_at_oct31 and rows[i]["day"] < T("2020-10-01")]
    fined = dict(zip(rng.choice(fined_pool, size=len(KS_FINES), replace=False).tolist(), KS_FINES))
    still_open = set(sorted(open_at_oct31)[:: 2][:5])  # the rest of the twelve are fixed in Nov–Dec

    visit_ids: dict[int, tuple[str, str]] = {}
    for i, r in enumerate(rows):
        if r["visit"] not in visit_ids:
            firm = ks.iloc[int(rng.choice(len(ks), p=weights / weights.sum()))]
            team = str(crew.local["昆山市"][rng.integers(len(crew.local["昆山市"]))])
            iid = ledger.inspect(**_visit(
                firm, started_at=records.daytime(rng, r["day"]), team_id=team, officers=int(rng.integers(2, 4)),
                kind="日常", topic="危废", campaign=cal.SAFETY_DRIVE))
            visit_ids[r["visit"]] = (iid, firm.credit_code)
        iid, code = visit_ids[r["visit"]]
        deadline, status, fixed_on, handling = _kunshan_outcome(rng, r["category"], r["day"], i in open_at_oct31,
                                                                i in still_open)
        ledger.problem(inspection_id=iid, district="昆山市", enterprise_code=code, found_on=r["day"],
                       origin="隐患排查", campaign=cal.SAFETY_DRIVE, category=r["category"],
                       description=_kunshan_description(rng, r["category"]), handling=handling, deadline=deadline,
                       status=status, fixed_on=fixed_on, penalty_yuan=fined.get(i, 0.0), case_filed=i in fined)


def _group_into_visits(rng, found) -> list[dict]:
    """One to three hazards per visit, on a workday of their period, period by period."""
    rows = []
    visit = 0
    for start, end in sorted({(s, e) for _, s, e in found}):
        cats = [c for c, s, e in found if (s, e) == (start, end)]
        cats = [cats[j] for j in rng.permutation(len(cats))]
        days = cal.workdays(start, end)
        j = 0
        while j < len(cats):
            size = int(rng.choice([1, 2, 3], p=[0.55, 0.3, 0.15]))
            day = days[rng.integers(len(days))]
            for c in cats[j:j + size]:
                rows.append({"category": c, "day": day, "visit": visit})
            visit += 1
            j += size
    return rows


def _kunshan_outcome(rng, category, day, open_at_oct31: bool, still_open: bool):
    if category != "环境":
        month_end = min(day + pd.offsets.MonthEnd(0), cal.AS_OF)
        return None, "已移交", min(day + pd.Timedelta(days=int(rng.integers(0, 4))), month_end), "移交"
    if day > OCT31:
        handling = str(rng.choice(["立行立改", "限期整改"], p=[0.3, 0.7]))
        deadline, status, fixed_on = records.outcome(rng, day, handling)
        return deadline, status, fixed_on, handling
    if open_at_oct31:
        deadline = day + pd.Timedelta(days=int(rng.choice([15, 30, 45])))
        if still_open:
            return deadline, "整改中", None, "限期整改"
        fixed = max(OCT31 + pd.Timedelta(days=int(rng.integers(2, 50))), day)
        return deadline, "已整改", fixed, "限期整改"
    if rng.random() < 0.25:
        return day, "已整改", day, "立行立改"
    days = int(rng.choice([15, 30, 45, 60]))
    fixed = min(day + pd.Timedelta(days=int(rng.integers(1, days + 1))), OCT31)
    return day + pd.Timedelta(days=days), "已整改", fixed, "限期整改"


def _kunshan_description(rng, category) -> str:
    if category == "安全":
        return str(rng.choice(KS_SAFETY))
    if category == "其他":
        return str(rng.choice(records.OTHER_FINDINGS))
    return str(rng.choice(records.FINDINGS["危废"] + records.FINDINGS["综合"]))


# --- 高新区 (虎丘区), VOCs --------------------------------------------------------------------------

OZONE_ROUNDS = ((4, 40, "2020-08-10", "2020-08-21"), (5, 34, "2020-09-07", "2020-09-18"))  # 74 problems
OZONE_FIX_AT_ONCE = 8  # 立行立改; the other 66 are 跟踪督办
OZONE_FINDINGS = ("VOCs无组织排放收集不到位", "活性炭吸附装置未按期更换", "废气处理设施运行台账记录不全",
                  "含VOCs原辅材料未密闭储存", "未开展泄漏检测与修复（LDAR）", "喷涂工序未在密闭空间内进行",
                  "光氧催化设施灯管损坏", "危废仓库废气未收集")
PROVINCE_VOCS_FIRMS = 4


def huqiu_vocs(rng, ledger: Ledger, firms: pd.DataFrame, crew: Crew) -> None:
    """74 problems from the ministry's summer ozone checks (rounds 4 and 5; 8 fixed at once, 66 tracked),
    the provincial VOCs check's 4 firms (all fixed), 远东砂轮's online monitor (due November), and visits
    to the 33 key VOCs firms preparing their LDAR assessment before the end of October."""
    hq = firms[(firms["district"] == "虎丘区") & ~firms["name"].isin(NAMED)]
    key = hq[_has(hq, "重点VOCs")]
    others = _pick(rng, hq[hq["industry"].isin(["电子", "化工", "医药", "印刷包装", "塑料制品", "机械"])
                          & ~_has(hq, "重点VOCs")], 12)
    ozone_firms = pd.concat([key, others]).sort_values("credit_code")
    at_once = set(rng.choice(sum(n for _, n, _, _ in OZONE_ROUNDS), size=OZONE_FIX_AT_ONCE, replace=False).tolist())
    k = 0
    for rnd, n, start, end in OZONE_ROUNDS:
        days = cal.workdays(start, end)
        for _ in range(n):
            firm = ozone_firms.iloc[int(rng.integers(len(ozone_firms)))]
            day = days[rng.integers(len(days))]
            if k in at_once:
                handling, deadline, status, fixed = "立行立改", day, "已整改", day
            else:
                handling = "跟踪督办"
                deadline = T("2020-10-31") if rng.random() < 0.7 else T("2020-11-30")
                r = rng.random()
                if r < 0.6:
                    fixed = day + pd.Timedelta(days=int(rng.integers(7, (deadline - day).days + 1)))
                    status = "已整改"
                elif r < 0.85:
                    fixed, status = deadline + pd.Timedelta(days=int(rng.integers(5, 46))), "已整改"
                else:
                    fixed, status = None, "整改中"
            ledger.problem(district="虎丘区", enterprise_code=firm.credit_code, found_on=day,
                           origin=f"生态环境部夏季臭氧帮扶第{rnd}轮", campaign=cal.OZONE, category="环境",
                           description=str(rng.choice(OZONE_FINDINGS)), handling=handling, deadline=deadline,
                           status=status, fixed_on=fixed, source=SOURCE_BULLETIN)
            k += 1
    for firm in _pick(rng, key, PROVINCE_VOCS_FIRMS).itertuples():
        for _ in range(int(rng.integers(1, 3))):
            day = T("2020-07-14") + pd.Timedelta(days=int(rng.integers(0, 3)))
            deadline = day + pd.Timedelta(days=int(rng.choice([30, 45, 60])))
            fixed = day + pd.Timedelta(days=int(rng.integers(10, (deadline - day).days + 1)))
            ledger.problem(district="虎丘区", enterprise_code=firm.credit_code, found_on=day, origin="省VOCs专项执法检查",
                           category="环境", description=str(rng.choice(OZONE_FINDINGS)), handling="限期整改",
                           deadline=deadline, status="已整改", fixed_on=fixed, source=SOURCE_BULLETIN)
    yuandong = firms.set_index("name").loc[YUANDONG]
    ledger.problem(district="虎丘区", enterprise_code=yuandong["credit_code"], found_on=T("2020-07-15"),
                   origin="省厅专项检查反馈（在线监测）", category="环境",
                   description="废气排口未安装在线监测仪；监测仪采购合同已签订，预计11月完成安装",
                   handling="限期整改", deadline=T("2020-11-30"), status="已整改", fixed_on=T("2020-11-26"),
                   source="示例数据：内容取自公报")
    days = cal.workdays("2020-10-20", "2020-10-30")
    for firm in key.sort_values("credit_code").itertuples():
        team = str(crew.local["虎丘区"][rng.integers(len(crew.local["虎丘区"]))])
        ledger.inspect(**_visit(firm, started_at=records.daytime(rng, days[rng.integers(len(days))]), team_id=team,
                                officers=2, kind="日常", topic="VOCs", campaign=cal.HUNDRED_DAYS,
                                source=SOURCE_BULLETIN,
                                findings="泄漏检测与修复（LDAR）技术评估前期准备：核对密封点台账"))


# --- 吴中, 瓜泾口北 ------------------------------------------------------------------------------


def wuzhong_guajing(rng, ledger: Ledger, firms: pd.DataFrame, outlets, rivers, crew: Crew) -> pd.DataFrame:
    """The 100-day push for the 瓜泾口北 section: a survey week of the seven tributaries (outlets and
    riverside firms), suspected direct discharge found, samples taken at those outlets, evidence fixed and
    cases to be filed; follow-up visits in November and December. Returns the outlet samples' visits."""
    from geo.demo.water import WUZHONG_TRIBUTARIES

    trib = rivers[rivers["name"].isin(WUZHONG_TRIBUTARIES)].sort_values("reach_id")
    wz_firms = firms[(firms["district"] == "吴中区") & _has(firms, "涉水") & ~firms["name"].isin(NAMED)]
    fxy = np.column_stack([wz_firms["x"], wz_firms["y"]])
    survey_days = cal.workdays("2020-10-12", "2020-10-23")
    teams = crew.local["吴中区"]
    visits = []
    for n, reach in enumerate(trib.itertuples()):
        day = survey_days[n % len(survey_days)]
        team = str(teams[n % len(teams)])
        clock = T(day) + pd.Timedelta(hours=9)
        for o in outlets[outlets["reach_id"] == reach.reach_id].sort_values("outlet_id").itertuples():
            clock += pd.Timedelta(minutes=int(rng.integers(25, 50)))
            iid = ledger.inspect(started_at=clock, district="吴中区", site_id=o.outlet_id, enterprise_code=o.owner_code,
                                 place=o.name, team_id=team, officers=crew.officers(rng, team, (0.2, 0.5, 0.3)),
                                 kind="日常",
                                 topic="排口", x=o.geometry.x, y=o.geometry.y, campaign=cal.GUAJING_PUSH,
                                 source=SOURCE_BULLETIN)
            if o.status == "疑似直排":
                visits.append({"outlet_id": o.outlet_id, "sampled_at": clock + pd.Timedelta(minutes=15)})
                _direct_discharge(rng, ledger, iid, o, clock)
        near = shapely.distance(reach.geometry, shapely.points(fxy)) < 0.008  # about 800 m
        for firm in wz_firms[near].sort_values("credit_code").itertuples():
            clock += pd.Timedelta(minutes=int(rng.integers(30, 60)))
            iid = ledger.inspect(**_visit(firm, started_at=clock, team_id=team, officers=crew.officers(rng, team),
                                          kind="日常", topic="污水", campaign=cal.GUAJING_PUSH,
                                          source=SOURCE_BULLETIN))
            if rng.random() < 0.3:
                add_problem(rng, ledger, iid, "吴中区", clock, "污水", firm.credit_code, cal.GUAJING_PUSH)
    suspect = outlets[outlets["reach_id"].isin(trib["reach_id"]) & (outlets["status"] == "疑似直排")]
    for month in ("2020-11", "2020-12"):
        days = cal.workdays(f"{month}-01", f"{month}-28")
        for o in suspect.sort_values("outlet_id").itertuples():
            day = days[rng.integers(len(days))]
            at_night = rng.random() < 0.3
            when = records.night(rng, day) if at_night else records.daytime(rng, day)
            ledger.inspect(started_at=when, district="吴中区", site_id=o.outlet_id, enterprise_code=o.owner_code,
                           place=o.name, team_id=str(teams[rng.integers(len(teams))]), officers=3,
                           kind="夜查" if at_night else "日常", topic="排口", x=o.geometry.x, y=o.geometry.y,
                           campaign=cal.GUAJING_PUSH, source=SOURCE_BULLETIN,
                           findings="复查疑似直排排口：现场采样" if month == "2020-11" else "复查：排口已封堵或整改中")
            if month == "2020-11":
                visits.append({"outlet_id": o.outlet_id, "sampled_at": when + pd.Timedelta(minutes=10)})
    return pd.DataFrame(visits)


def _direct_discharge(rng, ledger, iid, outlet, when) -> None:
    deadline = when.normalize() + pd.Timedelta(days=30)
    r = rng.random()
    status, fixed = ("已整改", deadline - pd.Timedelta(days=int(rng.integers(0, 10)))) if r < 0.5 else (
        ("已整改", deadline + pd.Timedelta(days=int(rng.integers(10, 40)))) if r < 0.75 else ("整改中", None))
    fine = float(rng.choice([0.0, 0.0, 50000.0, 80000.0, 120000.0]))
    ledger.problem(inspection_id=iid, district="吴中区", enterprise_code=outlet.owner_code, found_on=when,
                   origin="现场检查", campaign=cal.GUAJING_PUSH, category="环境",
                   description=f"疑似污水直排（{outlet.name}），已采集外排水样、固定证据，拟立案处罚",
                   handling="限期整改", deadline=deadline, status=status, fixed_on=fixed, penalty_yuan=fine,
                   case_filed=True, source=SOURCE_BULLETIN)
