"""geo.rivers: tributaries of a section, their ranking with reasons, downstream sections of an outlet, on a
small hand-built basin and on the demo data (瓜泾口北 and the bulletin's seven tributaries)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from geo import rivers as rv
from tests.test_network import points
from tests.test_network import rivers as lines

TRIBUTARIES = {"跃进河", "西塘河", "古塘河", "钢铁桥河", "黄泥浜", "泥河头港", "四号河"}
HUNDRED_DAYS = (date(2020, 9, 27), date(2021, 1, 4))

# Main river 干河 (M1 -> M2, north to south). The section sits half-way down M2 (at y = 1000).
# 甲河 joins M2 above it, 乙河 below it; 丙浜 feeds 甲河; 丁河 joins M1, far up the main river.
BASIN = {
    "M1": ("M2", [(0, 4000), (0, 2000)], "干河"),
    "M2": (None, [(0, 2000), (0, 0)], "干河"),
    "A1": ("M2", [(-1500, 1500), (0, 1500)], "甲河"),
    "C1": ("A1", [(-800, 2500), (-800, 1500)], "丙浜"),
    "B1": ("M2", [(1500, 500), (0, 500)], "乙河"),
    "D1": ("M1", [(-1500, 3000), (0, 3000)], "丁河"),
}


def basin_layers() -> dict:
    frame = lines({r: (into, pts) for r, (into, pts, _) in BASIN.items()})
    frame["name"] = [name for _, _, name in BASIN.values()]
    sections = points([(0, 1000), (-400, 1500), (-800, 1600), (1000, 500)],
                      section_id=["S0", "SA", "SC", "SB"], name=["干河断面", "甲河口", "丙浜口", "乙河口"],
                      reach_id=["M2", "A1", "C1", "B1"], level=["国考", "市考", "市考", "市考"],
                      target_class=[3, 4, 4, 4])
    samples = pd.DataFrame({
        "sample_id": [f"YP{i}" for i in range(7)],
        "section_id": ["SA", "SA", "SA", "SC", "SC", "S0", None],
        "outlet_id": [None, None, None, None, None, None, "PC"],
        "sampled_at": pd.to_datetime(["2020-10-05", "2020-10-20", "2020-11-05", "2020-10-06", "2020-11-06",
                                      "2020-11-06", "2020-10-06"]),
        # 甲河口: October mean NH3-N 2.5 (劣V), November 1.2 (IV, target IV met); 丙浜口: III both months.
        "nh3n": [2.0, "3.0", 1.2, 0.8, "0.025L", 1.2, 15.0],
        "tp": [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 2.0],
    })
    outlets = points([(-700, 1500), (-800, 1800), (1200, 500), (0, 3500)],
                     outlet_id=["PA", "PC", "PB", "PM"], name=["甲河排口", "丙浜排口", "乙河排口", "干河排口"],
                     type=["工业排污口", "其他排口", "农业排口", "工业排污口"],
                     status=["疑似直排", "疑似直排", "正常", "正常"], reach_id=["A1", "C1", "B1", "M1"],
                     owner_code=["F1", None, None, None])
    firms = points([(-760, 2100), (3000, 3000)], credit_code=["F2", "F9"], name=["丙浜化工", "远处公司"])
    firms = pd.concat([firms, points([(-700, 1510)], credit_code=["F1"], name=["甲河印染"])], ignore_index=True)
    inspections = pd.DataFrame({"enterprise_code": ["F2", "F2", "F1"],
                                "started_at": pd.to_datetime(["2020-10-10", "2020-11-20", "2020-10-11"])})
    problems = pd.DataFrame({
        "problem_id": ["Q1", "Q2", "Q3"], "enterprise_code": ["F2", "F1", "F9"],
        "found_on": pd.to_datetime(["2020-10-10", "2020-10-11", "2020-10-11"]),
        "status": ["整改中", "已整改", "整改中"],
        "fixed_on": pd.to_datetime([None, "2020-10-30", None]),
        "deadline": pd.to_datetime(["2020-11-10", "2020-10-30", "2020-11-30"]),
    })
    return {"rivers": frame, "sections": sections, "samples": samples, "outlets": outlets, "enterprises": firms,
            "inspections": inspections, "problems": problems}


@pytest.fixture(scope="module")
def basin() -> rv.Waters:
    return rv.prepare(basin_layers(), date(2020, 10, 1), date(2020, 11, 30))


def test_tributaries_join_the_sections_reach_above_it(basin):
    tribs = rv.tributaries(basin, "S0")
    assert tribs["name"].tolist() == ["甲河", "丙浜"]  # not 乙河 (below), not 丁河 (on the main river above)
    assert tribs["flows_into"].tolist() == ["干河", "甲河"]
    assert tribs["distance_m"].tolist() == pytest.approx([500, 800 + 500], abs=0.05)  # 丙浜 joins 甲河 at 700 m
    assert set(rv.upstream_reaches(basin, "S0")) == {"M2", "M1", "A1", "C1", "D1"}


def test_ranking_puts_the_problem_tributary_first_with_its_reasons(basin):
    table = rv.tributary_ranking(basin, "S0")
    assert table["支流"].tolist() == ["甲河", "丙浜"]
    first, second = table.iloc[0], table.iloc[1]
    assert first["期间最差"] == "劣V（2020-10）" and first["最新水质"] == "IV（2020-11）"
    assert first["不达标月数"] == "1/2" and first["趋势"] == "数据不足"
    assert first["疑似直排"] == 1 and first["疑似直排采样"] == "已采样 0/1（未采样：PA）"
    assert "10月出现劣V类水（氨氮 0.67 倍）" in first["原因"] and "1 个未采样" in first["原因"]
    assert first["排口（类型）"] == "工业 1" and first["问题企业"] == 0  # F1's problem was fixed on 10-30
    assert second["疑似直排采样"] == "已采样 1/1" and second["最新水质"] == "II（2020-11）"  # 0.025L counts 0.0125
    assert second["问题企业"] == 1
    assert second["问题企业及最近检查"] == "丙浜化工（1 项未整改，最近检查 2020-11-20）"
    assert second["距断面（km）"] == 1.3 and second["汇入"] == "甲河"


def test_an_earlier_period_end_sees_the_problem_still_open(basin):
    early = rv.prepare(basin_layers(), date(2020, 10, 1), date(2020, 10, 20))
    row = rv.tributary_ranking(early, "S0").set_index("支流").loc["甲河"]
    assert row["问题企业"] == 1 and row["问题企业及最近检查"] == "甲河印染（1 项未整改，最近检查 2020-10-11）"
    assert "最新仍未达标（劣V类，目标 IV）" in row["原因"]


def test_a_section_without_tributaries_gives_an_empty_table(basin):
    table = rv.tributary_ranking(basin, "SB")
    assert table.empty and {"支流", "原因", "score", "reach_ids"} <= set(table.columns)


def test_downstream_sections_of_an_outlet(basin):
    found = rv.downstream_sections(basin, "PC")
    assert found["断面"].tolist() == ["丙浜口", "甲河口", "干河断面"]
    # PC sits 700 m down 丙浜 (1 km), which joins 甲河 700 m down; 甲河口 is 1100 m down 甲河 (1.5 km)
    assert found["距排口（km）"].tolist() == pytest.approx([0.2, 0.3 + 0.4, 0.3 + 0.8 + 0.5], abs=0.001)
    assert rv.downstream_sections(basin, "PB")["断面"].tolist() == ["乙河口"]  # 乙河 joins below 干河断面
    with pytest.raises(ValueError, match="排口“PX”不存在"):
        rv.downstream_sections(basin, "PX")


def test_reach_colours_follow_the_latest_class(basin):
    classes = rv.reach_classes(basin)
    assert classes[["M2", "A1", "C1"]].tolist() == [4, 4, 2] and classes[["M1", "B1", "D1"]].isna().all()
    assert [rv.class_color(c) for c in classes[["A1", "C1", "M1"]]] == [rv.CLASS_COLORS[4], rv.CLASS_COLORS[1],
                                                                          rv.UNMEASURED]
    status = rv.section_status(basin).set_index("section_id")["label"]
    assert status.to_dict() == {"S0": "IV 类（目标 III，未达标）", "SA": "IV 类（目标 IV，达标）",
                                "SC": "II 类（目标 IV，达标）", "SB": "本期未监测（目标 IV）"}


def test_section_choices_put_the_named_section_first_then_failing_ones(basin):
    assert rv.section_choices(basin, first="丙浜口") == ["SC", "S0", "SB", "SA"]


def test_section_series_shows_the_items_over_target(basin):
    long, items, target = rv.section_series(basin, "SA")
    assert items == ["nh3n"] and target == 4
    assert long["value"].tolist() == [2.0, 3.0, 1.2] and set(long["name"]) == {"氨氮"}


def test_ranking_exports_to_excel(basin):
    table = rv.tributary_ranking(basin, "S0")
    book = openpyxl.load_workbook(io.BytesIO(rv.ranking_xlsx(table, "干河断面")))
    sheet = book["干河断面支流排序"]
    rows = list(sheet.values)
    assert rows[0][:3] == ("支流", "原因", "最新水质")
    assert [r[0] for r in rows[1:]] == ["甲河", "丙浜"]


def test_prepare_names_missing_layers():
    with pytest.raises(ValueError, match="缺少图层：problems"):
        rv.prepare({k: v for k, v in basin_layers().items() if k != "problems"}, date(2020, 10, 1),
                   date(2020, 11, 30))


# --- the demo data -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_waters(stored) -> rv.Waters:
    return rv.prepare(stored, *HUNDRED_DAYS)


def guajing(stored) -> str:
    sections = stored["sections"]
    return sections.loc[sections["name"] == "瓜泾口北", "section_id"].iloc[0]


def test_guajing_has_exactly_the_bulletins_seven_tributaries(demo_waters, stored):
    table = rv.tributary_ranking(demo_waters, guajing(stored))
    assert len(table) == 7 and set(table["支流"]) == TRIBUTARIES


def test_guajing_tributaries_with_direct_discharge_and_worse_than_v_come_first(demo_waters, stored):
    table = rv.tributary_ranking(demo_waters, guajing(stored))
    bad = (table["疑似直排"] > 0) & table["期间最差"].str.startswith("劣V")
    assert bad.any()
    assert bad.tolist() == sorted(bad.tolist(), reverse=True)  # every such row above every other row
    assert table["score"].tolist() == list(range(1, 8))
    assert table["原因"].str.len().gt(0).all()


def test_guajing_is_first_in_the_picker(demo_waters, stored):
    assert rv.section_choices(demo_waters)[0] == guajing(stored)


def test_suspected_outlets_on_the_tributaries_lead_to_guajing(demo_waters, stored):
    outlets = stored["outlets"]
    reaches = stored["rivers"].loc[stored["rivers"]["name"].isin(TRIBUTARIES), "reach_id"]
    suspects = outlets[outlets["reach_id"].isin(reaches) & (outlets["status"] == "疑似直排")]
    for outlet_id in suspects["outlet_id"]:
        assert "瓜泾口北" in rv.downstream_sections(demo_waters, outlet_id)["断面"].tolist()


# --- what the map and the chart show -------------------------------------------------------------------


def test_reach_styles_highlight_the_upstream_reaches(basin):
    plain = rv.reach_styles(basin)
    assert plain["A1"] == {"color": rv.CLASS_COLORS[4], **rv.REACH_BASE} and plain["M1"]["color"] == rv.UNMEASURED
    chosen = rv.reach_styles(basin, rv.upstream_reaches(basin, "S0"))
    thick = {r for r, s in chosen.items() if s["weight"] == rv.REACH_UPSTREAM["weight"]}
    assert thick == {"M2", "M1", "A1", "C1", "D1"}
    assert chosen["B1"]["opacity"] == rv.REACH_FADED["opacity"]


def test_point_classes_follow_class_and_status(basin):
    # sections S0 (IV), SA (IV), SC (II), SB (not measured); S0 chosen
    assert rv.section_classes(basin).tolist() == [3, 3, 1, 6]
    assert rv.section_classes(basin, "S0").tolist() == [len(rv.SECTION_PALETTE), 3, 1, 6]
    assert len(rv.SECTION_NAMES) == len(rv.SECTION_PALETTE)
    statuses = ["疑似直排", "疑似直排", "正常", "正常"]
    assert rv.outlet_classes(basin).tolist() == [rv.OUTLET_STATUSES.index(s) + 1 for s in statuses]
    assert rv.outlet_classes(basin, shown=["PB"]).tolist() == [0, 0, rv.OUTLET_STATUSES.index("正常") + 1, 0]
    assert rv.outlet_classes(basin, "PC").tolist()[1] == len(rv.OUTLET_PALETTE) == len(rv.OUTLET_NAMES)


def test_an_outlets_way_down_is_dashed(basin):
    down = rv.downstream_reaches(basin, "PC")
    assert down == ["C1", "A1", "M2"]
    styles = rv.reach_styles(basin, rv.upstream_reaches(basin, "SB"), down)
    assert {r for r, s in styles.items() if s.get("dashArray")} == {"C1", "A1", "M2"}
    assert styles["B1"]["weight"] == rv.REACH_UPSTREAM["weight"] and "dashArray" not in styles["B1"]
    both = rv.reach_styles(basin, rv.upstream_reaches(basin, "S0"), down)  # 丙浜 and 甲河 are above 干河断面
    assert both["C1"]["weight"] == rv.REACH_UPSTREAM["weight"] and both["C1"]["dashArray"]
    assert both["M2"]["weight"] == rv.REACH_UPSTREAM["weight"]


def test_reach_tips_and_a_click_on_a_reach(basin):
    tips = rv.reach_tips(basin)
    assert tips["A1"] == "甲河（A1）· IV 类" and tips["D1"] == "丁河（D1）· 未监测"
    assert rv.section_below_reach(basin, "C1") == "SC"
    assert rv.section_below_reach(basin, "D1") == "S0"
    assert rv.section_below_reach(basin, "B1") == "SB"


def test_water_chart_has_class_bands_and_the_target_line(basin):
    from geo import charts

    long, items, target = rv.section_series(basin, "SA")
    svg = charts.water_chart(long, items, target, rv.CLASS_COLORS)
    assert svg.count("<svg") == 1 and "氨氮监测值与水质类别" in svg and ">氨氮监测值</text>" in svg
    for label in ("I", "II", "III", "IV", "V", "劣V"):
        assert f"<title>{label} 类：" in svg
    assert "目标 IV 类限值 1.5 mg/L" in svg and 'stroke-dasharray="6 4"' in svg
    assert svg.count("<circle") == 3 and "2020-10-05 00:00 氨氮 2 mg/L" in svg
    assert [f">{v}</text>" in svg for v in ("0", "1.25", "2.5", "3.75", "5")] == [True] * 5  # top: 3.0 -> 5
    assert charts.water_chart(long.iloc[:0], items, target, rv.CLASS_COLORS) == ""


@pytest.mark.parametrize(
    "item, top, expected",
    [("cod", 50, [(1, 0, 15), (3, 15, 20), (4, 20, 30), (5, 30, 40), (6, 40, 50)]),  # I and II share 15
     ("do", 10, [(1, 7.5, 10), (2, 6, 7.5), (3, 5, 6), (4, 3, 5), (5, 2, 3), (6, 0, 2)]),  # higher is better
     ("nh3n", 1.2, [(1, 0, 0.15), (2, 0.15, 0.5), (3, 0.5, 1.0), (4, 1.0, 1.2)])],  # cut at the axis top
)
def test_class_bands(item, top, expected):
    from geo import charts

    assert [(b["code"], b["lo"], b["hi"]) for b in charts._class_bands(item, top)] == expected


def test_axis_tops_for_tenths_of_a_milligram():
    from geo import charts

    assert (charts._nice_small(0.44), charts._nice_small(0.037), charts._nice_small(11)) == (0.5, 0.05, 20)
