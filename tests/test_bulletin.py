"""The demo data set reproduces every figure of the Suzhou bulletin (DOMAIN.md §1), computed the way the
dashboard computes it: through geo.campaign on the layers as read back from the GeoPackage."""

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from geo import campaign
from geo.campaign import Filters

HUNDRED_DAYS = "百日会战"
SAFETY_DRIVE = "危险废物等安全专项整治三年行动"
HOLIDAY = Filters(date(2020, 10, 1), date(2020, 10, 6))
KUNSHAN_TO_OCT31 = Filters(date(2020, 1, 1), date(2020, 10, 31), districts=("昆山市",), campaign=SAFETY_DRIVE)
KUNSHAN_OCTOBER = Filters(date(2020, 10, 1), date(2020, 10, 31), districts=("昆山市",), campaign=SAFETY_DRIVE)
TRIBUTARIES = ("跃进河", "西塘河", "古塘河", "钢铁桥河", "黄泥浜", "泥河头港", "四号河")
ZJG_NIGHT_FIRMS = {"张家港市华林热镀锌有限公司", "江苏融地再生资源有限公司", "凯凌化工（张家港）有限公司"}


def figure(layers, filters, key, **narrow):
    return campaign.summary(layers["inspections"], layers["problems"], replace(filters, **narrow))[key]


def on_day(layers, day, district, **equal):
    insp = layers["inspections"]
    keep = (insp["started_at"].dt.normalize() == pd.Timestamp(day)) & (insp["district"] == district)
    for column, value in equal.items():
        keep &= insp[column] == value
    return insp[keep]


def problems_of(layers, inspections):
    probs = layers["problems"]
    return probs[probs["inspection_id"].isin(inspections["inspection_id"])]


def firm_names(layers, codes):
    names = layers["enterprises"].set_index("credit_code")["name"]
    return set(names.reindex(list(codes)).dropna())


def ozone(layers):
    probs = layers["problems"]
    return probs[(probs["district"] == "虎丘区") & probs["origin"].str.contains("臭氧帮扶第[45]轮", regex=True)]


def downstream(rivers, reach_id):
    nxt = rivers.set_index("reach_id")["flows_into"]
    seen = []
    while reach_id is not None and not pd.isna(reach_id) and reach_id not in seen:
        seen.append(reach_id)
        reach_id = nxt.get(reach_id)
    return seen


def guajing_reach(layers):
    sections = layers["sections"]
    return sections.loc[sections["name"] == "瓜泾口北", "reach_id"].iloc[0]


def tributaries_reaching_guajing(layers):
    rivers = layers["rivers"]
    target = guajing_reach(layers)
    names = set()
    for row in rivers[rivers["name"].isin(TRIBUTARIES)].itertuples():
        if target in downstream(rivers, row.reach_id):
            names.add(row.name)
    return names


WUZHONG_OUTLETS = lambda L: L["outlets"][  # noqa: E731
    L["outlets"]["reach_id"].isin(L["rivers"].loc[L["rivers"]["name"].isin(TRIBUTARIES), "reach_id"])
]

FACTS = [
    # (what the bulletin says, how the dashboard computes it, the bulletin's value)
    ("全市国庆 10-01..06 出动执法人员 1140 人次", lambda L: figure(L, HOLIDAY, "person_times"), 1140),
    ("全市国庆 检查点位 416 个", lambda L: figure(L, HOLIDAY, "points"), 416),
    ("全市国庆 每日至少 11 个执法小组", lambda L: figure(L, HOLIDAY, "teams_min_per_day") >= 11, True),
    ("全市国庆 6 天每天都有检查", lambda L: figure(L, HOLIDAY, "days"), 6),
    ("相城 10-02 四不两直：污水处理、危废、废气",
     lambda L: set(on_day(L, "2020-10-02", "相城区", kind="四不两直")["topic"]), {"污水处理", "危废", "废气"}),
    ("10-17 夜查昆山与工业园区",
     lambda L: {d for d in ("昆山市", "苏州工业园区") if len(on_day(L, "2020-10-17", d, kind="夜查"))}, {"昆山市", "苏州工业园区"}),
    ("10-17 夜查发现的三类问题",
     lambda L: {w for w in ("活性炭", "熔铝炉", "VOCs收集")
                if problems_of(L, pd.concat([on_day(L, "2020-10-17", d, kind="夜查") for d in ("昆山市", "苏州工业园区")]))
                ["description"].str.contains(w).any()}, {"活性炭", "熔铝炉", "VOCs收集"}),
    ("张家港 10-15 检查 20 个环评项目", lambda L: len(on_day(L, "2020-10-15", "张家港市", topic="环评")), 20),
    ("张家港 10-15 分七组", lambda L: on_day(L, "2020-10-15", "张家港市", topic="环评")["team_id"].nunique(), 7),
    ("张家港 10-15 的 20 个项目各不相同",
     lambda L: on_day(L, "2020-10-15", "张家港市", topic="环评")["enterprise_code"].nunique(), 20),
    ("张家港 10-15 项目均为 2019 年以来审批",
     lambda L: bool((L["enterprises"].set_index("credit_code").loc[
         on_day(L, "2020-10-15", "张家港市", topic="环评")["enterprise_code"], "eia_approved_on"]
         >= pd.Timestamp("2019-01-01")).all()), True),
    ("张家港 10-18 夜查危废的三家企业",
     lambda L: firm_names(L, on_day(L, "2020-10-18", "张家港市", kind="夜查", topic="危废")["enterprise_code"]),
     ZJG_NIGHT_FIRMS),
    ("张家港 10-18 两组人员", lambda L: on_day(L, "2020-10-18", "张家港市", kind="夜查", topic="危废")["team_id"].nunique(), 2),
    ("张家港 10-18 危废警示标识问题立行立改、已整改",
     lambda L: problems_of(L, on_day(L, "2020-10-18", "张家港市", kind="夜查", topic="危废"))
     .pipe(lambda p: (len(p), set(p["handling"]), set(p["status"]), bool(p["description"].str.contains("警示标识").all()))),
     (3, {"立行立改"}, {"已整改"}, True)),
    ("昆山 10 月排查隐患 44 处", lambda L: figure(L, KUNSHAN_OCTOBER, "problems"), 44),
    ("昆山 10 月一般环境隐患 9 处", lambda L: figure(L, KUNSHAN_OCTOBER, "problems", categories=("环境",)), 9),
    ("昆山 10 月安全隐患线索 35 处", lambda L: figure(L, KUNSHAN_OCTOBER, "problems", categories=("安全",)), 35),
    ("昆山 10 月安全线索已全部移交",
     lambda L: figure(L, KUNSHAN_OCTOBER, "transferred", categories=("安全",), as_of=date(2020, 10, 31)), 35),
    ("昆山累计排查隐患 221 处", lambda L: figure(L, KUNSHAN_TO_OCT31, "problems"), 221),
    ("昆山累计一般环境隐患 110 处", lambda L: figure(L, KUNSHAN_TO_OCT31, "problems", categories=("环境",)), 110),
    ("昆山已整改 98 处", lambda L: figure(L, KUNSHAN_TO_OCT31, "fixed", categories=("环境",)), 98),
    ("昆山整改率 89%", lambda L: round(figure(L, KUNSHAN_TO_OCT31, "fix_rate") * 100), 89),
    ("昆山一般安全隐患线索 107 处", lambda L: figure(L, KUNSHAN_TO_OCT31, "problems", categories=("安全",)), 107),
    ("昆山安全线索已全部移交", lambda L: figure(L, KUNSHAN_TO_OCT31, "transferred", categories=("安全",)), 107),
    ("昆山隐患涉及行政处罚 6 件", lambda L: figure(L, KUNSHAN_TO_OCT31, "penalty_cases"), 6),
    ("昆山罚款总金额 75.635 万元", lambda L: figure(L, KUNSHAN_TO_OCT31, "penalty_yuan"), 756350.0),
    ("高新区臭氧帮扶第 4、5 轮问题 74 个", lambda L: len(ozone(L)), 74),
    ("其中立行立改 8 个", lambda L: int((ozone(L)["handling"] == "立行立改").sum()), 8),
    ("其中跟踪督办 66 个", lambda L: int((ozone(L)["handling"] == "跟踪督办").sum()), 66),
    ("高新区 33 家重点 VOCs 企业",
     lambda L: int(((L["enterprises"]["district"] == "虎丘区")
                    & L["enterprises"]["tags"].fillna("").str.contains("重点VOCs")).sum()), 33),
    ("省 VOCs 专项检查 4 家企业已全部整改",
     lambda L: L["problems"][L["problems"]["origin"].str.contains("省VOCs")]
     .pipe(lambda p: (p["enterprise_code"].nunique(), set(p["status"]))), (4, {"已整改"})),
    ("远东砂轮在线仪 11 月完成安装",
     lambda L: L["problems"][L["problems"]["enterprise_code"].isin(
         L["enterprises"].loc[L["enterprises"]["name"].str.contains("远东砂轮"), "credit_code"])]["deadline"]
     .dt.strftime("%Y-%m").tolist(), ["2020-11"]),
    ("吴中 7 条支流都汇入瓜泾口北所在河段", tributaries_reaching_guajing, set(TRIBUTARIES)),
    ("瓜泾口北为国考断面、目标 III 类",
     lambda L: L["sections"].loc[L["sections"]["name"] == "瓜泾口北", ["level", "target_class", "district"]]
     .iloc[0].tolist(), ["国考", 3, "吴中区"]),
    ("支流上发现疑似直排排口", lambda L: int((WUZHONG_OUTLETS(L)["status"] == "疑似直排").sum()) > 0, True),
    ("疑似直排排口已采样", lambda L: bool(WUZHONG_OUTLETS(L).query("status == '疑似直排'")["outlet_id"]
                                 .isin(L["samples"]["outlet_id"]).all()), True),
    ("疑似直排拟立案处罚",
     lambda L: bool(L["problems"].query("district == '吴中区'").pipe(
         lambda p: p[p["description"].str.contains("直排")]["case_filed"].all()) and
         L["problems"].query("district == '吴中区'")["description"].str.contains("直排").any()), True),
    ("百日会战 2020-09-27 起，苏环办〔2020〕312号",
     lambda L: L["campaigns"].set_index("campaign").loc[HUNDRED_DAYS, ["document", "start_date"]].tolist(),
     ["苏环办〔2020〕312号", pd.Timestamp("2020-09-27")]),
]


@pytest.mark.parametrize("fact, compute, expected", FACTS, ids=[f[0] for f in FACTS])
def test_bulletin_figure(stored, fact, compute, expected):
    assert compute(stored) == expected
