"""geo.profiles: each figure of a firm's, an outlet's and a section's file, checked against the store's rows
counted here directly; river traces, as-of status, nearby fires and the Excel export on hand-made data."""

from __future__ import annotations

import io
from datetime import date

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from geo import campaign, codes, profiles, water

KAILING = "凯凌化工（张家港）有限公司"


def code_of(stored, name):
    return stored["enterprises"].set_index("name").loc[name, "credit_code"]


def sampled_owner(stored):
    """A firm whose outlets have samples."""
    samples = stored["samples"].dropna(subset=["outlet_id"])
    outlets = stored["outlets"]
    return outlets[outlets["outlet_id"].isin(samples["outlet_id"])]["owner_code"].dropna().iloc[0]


def most_fined(stored):
    return stored["problems"].groupby("enterprise_code")["penalty_yuan"].sum().idxmax()


def most_overdue(stored):
    today = profiles.data_today(stored)
    return campaign.overdue(stored["problems"].dropna(subset=["enterprise_code"]), today)["enterprise_code"] \
        .value_counts().index[0]


@pytest.fixture(params=["kailing", "sampled", "fined", "overdue"])
def firm_code(request, stored):
    return {"kailing": lambda: code_of(stored, KAILING), "sampled": lambda: sampled_owner(stored),
            "fined": lambda: most_fined(stored), "overdue": lambda: most_overdue(stored)}[request.param]()


def test_data_today_is_the_latest_record(stored):
    latest = max(stored["inspections"]["started_at"].max(), stored["problems"]["fixed_on"].max(),
                 stored["problems"]["found_on"].max(), stored["samples"]["sampled_at"].max())
    assert profiles.data_today(stored) == latest.date()


def test_firm_figures_match_the_store(stored, firm_code):
    today = profiles.data_today(stored)
    p = profiles.firm_profile(stored, firm_code)
    outlets = stored["outlets"][stored["outlets"]["owner_code"] == firm_code]
    insp = stored["inspections"]
    mine = insp[(insp["enterprise_code"] == firm_code) | insp["site_id"].isin(outlets["outlet_id"])]
    probs = stored["problems"][stored["problems"]["enterprise_code"] == firm_code]
    year_start = pd.Timestamp(today) - pd.Timedelta(days=364)
    assert set(p.inspections["inspection_id"]) == set(mine["inspection_id"])
    assert set(p.problems["problem_id"]) == set(probs["problem_id"])
    assert set(p.outlets["outlet_id"]) == set(outlets["outlet_id"])
    f = p.figures
    assert f["inspections_year"] == int((mine["started_at"] >= year_start).sum())
    assert f["problems_year"] == int((probs["found_on"] >= year_start).sum())
    assert f["overdue"] == len(campaign.overdue(probs, today))
    assert f["penalty_yuan_year"] == pytest.approx(probs.loc[probs["found_on"] >= year_start, "penalty_yuan"].sum())
    assert p.summary.startswith(f"近一年检查 {f['inspections_year']} 次，发现问题 {f['problems_year']} 个")
    assert p.inspections["started_at"].is_monotonic_decreasing
    assert p.inspections["team"].notna().all()


def test_bulletin_firm(stored):
    p = profiles.firm_profile(stored, code_of(stored, KAILING))
    assert p.firm["name"] == KAILING and p.tags == ["危废"]
    assert p.inspections.iloc[0]["kind"] == "夜查" and p.inspections.iloc[0]["started_at"].date() == date(2020, 10, 18)
    assert p.problems.iloc[0]["description"] == "未按规范设置并填写危废警示标识"


def test_overdue_firm_says_so(stored):
    p = profiles.firm_profile(stored, most_overdue(stored))
    assert p.figures["overdue"] > 0 and f"{p.figures['overdue']} 个逾期未整改" in p.summary
    late = p.problems[p.problems["days_overdue"] > 0]
    assert (late["status_now"] == campaign.OPEN).all()


def test_fined_firm_states_fines_in_wan_yuan(stored):
    p = profiles.firm_profile(stored, most_fined(stored))
    assert "罚款" in p.summary and "万元" in p.summary


def test_firm_samples_are_classified_like_geo_water(stored):
    p = profiles.firm_profile(stored, sampled_owner(stored))
    assert len(p.samples) > 0
    expected = water.classify_samples(stored["samples"][stored["samples"]["outlet_id"].isin(p.outlets["outlet_id"])])
    assert sorted(p.samples["water_class"].dropna().astype(int)) == sorted(expected["water_class"].dropna().astype(int))
    assert set(p.downstream["reach_id"]) >= set(p.outlets["reach_id"])
    assert set(p.sections["reach_id"]) <= set(p.downstream["reach_id"])


def test_unknown_places_are_named_in_chinese(stored):
    with pytest.raises(profiles.ProfileError, match="没有统一社会信用代码为“X”的企业"):
        profiles.firm_profile(stored, "X")
    with pytest.raises(profiles.ProfileError, match="没有编号为“PK9999”的排口"):
        profiles.outlet_profile(stored, "PK9999")
    with pytest.raises(profiles.ProfileError, match="没有编号为“DM999”的断面"):
        profiles.section_profile(stored, "DM999")


def test_outlet_profile(stored):
    outlet = stored["outlets"].dropna(subset=["owner_code"]).iloc[0]
    p = profiles.outlet_profile(stored, outlet["outlet_id"])
    assert p.owner["credit_code"] == outlet["owner_code"]
    assert p.downstream.iloc[0]["reach_id"] == outlet["reach_id"]
    probs = stored["problems"][stored["problems"]["enterprise_code"] == outlet["owner_code"]]
    assert p.figures["problems"] == len(probs)
    assert len(p.samples) == int((stored["samples"]["outlet_id"] == outlet["outlet_id"]).sum())


def test_section_profile(stored):
    section = stored["sections"].set_index("section_id").loc["DM001"]
    p = profiles.section_profile(stored, "DM001")
    own = water.classify_samples(stored["samples"][stored["samples"]["section_id"] == "DM001"])
    passes = [water.passes(int(c), int(section["target_class"])) for c in own["water_class"].dropna()]
    assert p.figures["samples"] == len(own)
    assert p.figures["pass_rate"] == pytest.approx(sum(passes) / len(passes))
    assert set(p.outlets["reach_id"]) <= set(p.upstream["reach_id"])
    assert set(p.firms["credit_code"]) == set(p.outlets["owner_code"].dropna())


# ---- hand-made rivers, problems, fires ---------------------------------------------------------------


@pytest.fixture()
def rivers():
    #  A → B → C (mouth);  D → B;  E → D
    return gpd.GeoDataFrame({
        "reach_id": ["A", "B", "C", "D", "E"], "name": ["甲", "乙", "丙", "丁", "戊"], "kind": "支流",
        "flows_into": ["B", "C", None, "B", "D"], "district": "吴中区", "target_class": 3,
    }, geometry=[LineString([(0, i), (1, i)]) for i in range(5)], crs="EPSG:4326")


@pytest.mark.parametrize(("start", "down"), [("A", ["A", "B", "C"]), ("E", ["E", "D", "B", "C"]), ("C", ["C"]),
                                             ("Z", [])])
def test_downstream(rivers, start, down):
    out = profiles.downstream(rivers, start)
    assert out["reach_id"].tolist() == down and out["steps"].tolist() == list(range(len(down)))


def test_upstream_nearest_first(rivers):
    out = profiles.upstream(rivers, "C")
    assert out["reach_id"].tolist() == ["C", "B", "A", "D", "E"]
    assert out["steps"].tolist() == [0, 1, 2, 2, 3]


def test_a_loop_in_the_river_links_ends(rivers):
    looped = rivers.assign(flows_into=["B", "A", None, "B", "D"])
    assert profiles.downstream(looped, "A")["reach_id"].tolist() == ["A", "B"]


def test_status_as_of_a_day_before_the_fix():
    probs = pd.DataFrame({
        "problem_id": ["P1", "P2"], "found_on": pd.to_datetime(["2020-10-01", "2020-10-01"]),
        "deadline": pd.to_datetime(["2020-10-10", "2020-12-31"]), "status": ["已整改", "已整改"],
        "fixed_on": pd.to_datetime(["2020-10-20", "2020-10-05"]),
    })
    out = profiles.problems_as_of(probs, date(2020, 10, 15)).set_index("problem_id")
    assert out.loc["P1", "status_now"] == "整改中" and pd.isna(out.loc["P1", "fixed_on"])
    assert out.loc["P1", "days_overdue"] == 5
    assert out.loc["P2", "status_now"] == "已整改" and out.loc["P2", "days_overdue"] == 0


def test_fires_near_by_metres():
    here = Point(120.6, 31.3)
    # 0.01° of latitude is about 1.11 km
    fires = gpd.GeoDataFrame({"fire_id": ["F1", "F2", "F3"]},
                             geometry=[Point(120.6, 31.31), Point(120.6, 31.325), Point(120.6, 31.35)], crs="EPSG:4326")
    out = profiles.fires_near(fires, here, 3.0)
    assert out["fire_id"].tolist() == ["F1", "F2"]
    assert out["distance_km"].iloc[0] == pytest.approx(1.11, abs=0.02)


def test_permit_codes_follow_hj_608():
    code = codes.make_credit_code("91320582MAFW4Q4P6")
    outlets = pd.DataFrame({"outlet_id": ["PK1", "PK2"], "permit_code": ["DW001", None]})
    out = profiles.permits(code, outlets)
    assert out.to_dict("records") == [{"source_code": f"{code}001P", "outlet_id": "PK1", "permit_code": "DW001"}]


@pytest.mark.parametrize(("figures", "text"), [
    ({"inspections_year": 6, "problems_year": 3, "overdue": 1, "penalty_yuan_year": 25000.0, "cases_year": 0},
     "近一年检查 6 次，发现问题 3 个，1 个逾期未整改，罚款 2.5 万元"),
    ({"inspections_year": 0, "problems_year": 0, "overdue": 0, "penalty_yuan_year": 0.0, "cases_year": 0},
     "近一年检查 0 次，发现问题 0 个，无逾期未整改问题"),
    ({"inspections_year": 2, "problems_year": 1, "overdue": 0, "penalty_yuan_year": 756350.0, "cases_year": 1},
     "近一年检查 2 次，发现问题 1 个，无逾期未整改问题，罚款 75.635 万元，立案 1 件"),
])
def test_summary_text(figures, text):
    assert profiles.summary_text(figures) == text


def test_excel_export_has_one_sheet_per_table_with_every_row(stored):
    p = profiles.firm_profile(stored, sampled_owner(stored))
    sheets = profiles.firm_sheets(p)
    book = openpyxl.load_workbook(io.BytesIO(profiles.workbook(sheets)), read_only=True)
    assert book.sheetnames == ["概况", "检查记录", "发现问题", "排口", "排污许可", "排口监测", "下游河段", "下游断面", "周边火点"]
    counts = {name: book[name].max_row - 1 for name in book.sheetnames}
    assert counts["检查记录"] == len(p.inspections) and counts["发现问题"] == len(p.problems)
    assert counts["排口"] == len(p.outlets) and counts["排口监测"] == len(p.samples) > 0
    assert next(book["发现问题"].iter_rows(max_row=1, values_only=True))[:2] == ("发现日期", "问题")
