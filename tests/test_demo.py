"""The demo data set (geo.demo): valid, consistent, on land, reproducible, and holding the invariants the
generator promises. The bulletin's figures as the dashboard computes them are in test_bulletin.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from geo import schema
from geo.codes import is_valid_credit_code
from geo.demo import build as demo_build
from geo.demo import campaigns as cal
from geo.demo.firms import NAMED, YUANDONG, ZJG_NIGHT_FIRMS
from geo.demo.water import GUAJING, WUZHONG_TRIBUTARIES
from tests.checks import assert_fire_times_agree, assert_inspections_at_their_site

POINT_LAYERS = ("enterprises", "outlets", "sections", "teams", "inspections", "fire_points")
DISTRICT_NAMES = ("虎丘区", "吴中区", "相城区", "姑苏区", "吴江区", "常熟市", "张家港市", "昆山市", "太仓市", "苏州工业园区")


@pytest.fixture(scope="module")
def rebuilt() -> dict:
    """A second build with the default seed, to compare with the session's."""
    return demo_build.build()


@pytest.fixture(scope="module")
def polygons(demo):
    return demo["districts"].set_index("name").geometry


@pytest.fixture(scope="module")
def lakes(demo):
    return shapely.union_all(demo["lakes"].geometry.values)


# --- schema, store, references ------------------------------------------------------------------


def test_every_layer_is_built(demo):
    assert set(demo) == set(schema.LAYERS)


@pytest.mark.parametrize("name", list(schema.LAYERS))
def test_layer_survives_the_geopackage(demo, stored, name):
    back = stored[name]
    assert list(back.columns) == list(demo[name].columns)
    assert len(back) == len(demo[name])
    key = schema.LAYERS[name].key
    assert list(back[key]) == list(demo[name][key])


def test_references_resolve(demo):
    assert schema.check_references(demo) == []


@pytest.mark.parametrize("name", list(schema.LAYERS))
def test_every_row_says_it_is_illustrative(demo, name):
    frame = demo[name]
    if frame.empty:  # logs kept by the app (import_log) start empty
        return
    if "source" not in frame.columns:  # districts and lakes are real outlines
        assert name in ("districts", "lakes")
        return
    assert frame["source"].str.startswith("示例数据").all()


# --- geography ----------------------------------------------------------------------------------


def test_districts_are_the_ten_zones_without_overlap(demo):
    d = demo["districts"]
    assert sorted(d["name"]) == sorted(DISTRICT_NAMES)
    sip = d.set_index("name").loc["苏州工业园区"]
    assert (sip["adcode"], sip["kind"]) == ("320571", "zone")
    geoms = d.geometry.values
    overlap = sum(shapely.intersection(a, b).area for i, a in enumerate(geoms) for b in geoms[i + 1:])
    assert overlap < 1e-7  # square degrees: below 0.001 km²


def test_lakes_are_named(demo):
    names = set(demo["lakes"]["name"])
    assert {"太湖", "阳澄湖", "淀山湖"} <= names
    assert "未命名湖泊" not in names


@pytest.mark.parametrize("name", POINT_LAYERS)
def test_points_lie_in_their_district_and_not_in_a_lake(demo, polygons, lakes, name):
    frame = demo[name]
    assert frame["district"].isin(DISTRICT_NAMES).all()
    inside = np.ones(len(frame), dtype=bool)
    for district, idx in frame.groupby("district").groups.items():
        rows = frame.index.get_indexer(idx)
        inside[rows] = shapely.contains(polygons[district], frame.geometry.values[rows])
    assert inside.all(), frame.loc[~inside, frame.columns[:3]].head()
    assert not shapely.intersects(lakes, frame.geometry.values).any()


def test_rivers_stay_in_their_district_and_out_of_lakes(demo, polygons, lakes):
    rivers = demo["rivers"]
    in_lakes = shapely.length(shapely.intersection(rivers.geometry.values, lakes)).sum()
    assert in_lakes == pytest.approx(0.0, abs=1e-9)
    outside = [g.difference(polygons[d].buffer(1e-9)).length for g, d in zip(rivers.geometry, rivers["district"])]
    assert max(outside) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("layer, key", [("enterprises", "credit_code"), ("outlets", "outlet_id"),
                                        ("fire_points", "fire_id")])
def test_inspections_are_at_their_site(demo, layer, key):
    assert_inspections_at_their_site(demo["inspections"], demo[layer], key, at_least=101)


# --- enterprises --------------------------------------------------------------------------------


def test_credit_codes_are_valid_unique_and_local(demo):
    firms = demo["enterprises"]
    adcode = demo["districts"].set_index("name")["adcode"]
    assert firms["credit_code"].map(is_valid_credit_code).all()
    assert firms["credit_code"].is_unique
    assert (firms["credit_code"].str[:8] == "91" + firms["district"].map(adcode)).all()
    assert firms["name"].is_unique


def test_tags_are_known(demo):
    tags = demo["enterprises"]["tags"].dropna().str.split("、").explode()
    assert set(tags) <= set(schema.ENTERPRISE_TAGS)


def test_named_firms_have_only_the_bulletins_records(demo):
    firms = demo["enterprises"].set_index("name")
    insp, probs = demo["inspections"], demo["problems"]
    for name, _ in ZJG_NIGHT_FIRMS:
        code = firms.loc[name, "credit_code"]
        mine = insp[insp["enterprise_code"] == code]
        assert mine["started_at"].dt.strftime("%Y-%m-%d").tolist() == ["2020-10-18"]
        assert len(probs[probs["enterprise_code"] == code]) == 1
    yuandong = firms.loc[YUANDONG, "credit_code"]
    assert insp["enterprise_code"].eq(yuandong).sum() == 0
    assert probs["enterprise_code"].eq(yuandong).sum() == 1
    assert set(NAMED) <= set(firms.index)


# --- reproducibility and size -------------------------------------------------------------------


@pytest.mark.parametrize("name", list(schema.LAYERS))
def test_same_seed_same_data(demo, rebuilt, name):
    pd.testing.assert_frame_equal(pd.DataFrame(demo[name]), pd.DataFrame(rebuilt[name]))


def test_another_seed_other_data_same_facts(demo):
    other = demo_build.build(seed=7)
    assert not other["enterprises"].geometry.equals(demo["enterprises"].geometry)
    insp = other["inspections"]
    window = insp[insp["started_at"].dt.normalize().isin(cal.BULLETIN_WINDOW)]
    assert (int(window["officers"].sum()), window["site_id"].nunique()) == (1140, 416)


SIZES = [
    ("districts", 10, 10), ("lakes", 6, 6), ("rivers", 40, 80), ("sections", 30, 60), ("samples", 150, 400),
    ("outlets", 100, 400), ("enterprises", 2700, 3300), ("teams", 60, 90), ("campaigns", 5, 10),
    ("inspections", 9000, 11500), ("problems", 1200, 2500), ("fire_points", 200, 500),
]


@pytest.mark.parametrize("name, low, high", SIZES, ids=[s[0] for s in SIZES])
def test_layer_size(demo, name, low, high):
    assert low <= len(demo[name]) <= high


def test_inspections_per_day_by_kind_of_day(demo):
    insp = demo["inspections"]
    day = insp["started_at"].dt.normalize()
    per_day = insp[(day >= cal.START) & (day <= cal.END)].groupby(day).size()
    kind = pd.Series([cal.day_kind(d) for d in per_day.index], index=per_day.index)
    mean = per_day.groupby(kind).mean()
    assert 95 <= mean["workday"] <= 125
    assert 50 <= mean["weekend"] <= 75
    assert 60 <= mean["holiday"] <= 80
    assert len(per_day) == 100


def test_officers_and_night_hours(demo):
    insp = demo["inspections"]
    assert insp["officers"].between(2, 4).all()
    members = demo["teams"].set_index("team_id")["members"]
    assert (insp["officers"] <= insp["team_id"].map(members)).all()
    assert demo["teams"]["members"].between(3, 5).all()
    night = insp[insp["kind"] == "夜查"]["started_at"].dt.hour
    assert night.between(19, 23).all()


# --- the bulletin's exact figures, counted straight from the frames -----------------------------


def test_holiday_window_totals(demo):
    insp = demo["inspections"]
    window = insp[insp["started_at"].dt.normalize().isin(cal.BULLETIN_WINDOW)]
    assert int(window["officers"].sum()) == 1140
    assert window["site_id"].nunique() == 416
    assert window.groupby(window["started_at"].dt.normalize())["team_id"].nunique().min() >= 11
    assert set(window["kind"]) == {"节假日", "四不两直"}


def test_kunshan_drive_as_of_october_31(demo):
    p = demo["problems"]
    ks = p[(p["district"] == "昆山市") & (p["campaign"] == cal.SAFETY_DRIVE) & (p["found_on"] <= "2020-10-31")]
    assert ks["category"].value_counts().to_dict() == {"环境": 110, "安全": 107, "其他": 4}
    env = ks[ks["category"] == "环境"]
    assert int(((env["status"] == "已整改") & (env["fixed_on"] <= "2020-10-31")).sum()) == 98
    assert (ks.loc[ks["category"] != "环境", "status"] == "已移交").all()
    assert (ks.loc[ks["category"] != "环境", "fixed_on"] <= "2020-10-31").all()
    fined = ks[ks["penalty_yuan"] > 0]
    assert (len(fined), fined["penalty_yuan"].sum(), bool(fined["case_filed"].all())) == (6, 756350.0, True)
    october = ks[ks["found_on"] >= "2020-10-01"]["category"].value_counts().to_dict()
    assert october == {"安全": 35, "环境": 9}


def test_guajing_section(demo):
    sec = demo["sections"].set_index("name").loc[GUAJING]
    assert (sec["level"], sec["target_class"], sec["district"]) == ("国考", 3, "吴中区")
    assert 120.62 <= sec.geometry.x <= 120.63 and 31.22 <= sec.geometry.y <= 31.23
    reach = demo["rivers"].set_index("reach_id").loc[sec["reach_id"]]
    assert (reach["name"], reach["district"]) == ("京杭运河", "吴中区")


@pytest.mark.parametrize("river", WUZHONG_TRIBUTARIES)
def test_tributary_flows_to_guajing_upstream_of_the_section(demo, river):
    rivers = demo["rivers"].set_index("reach_id")
    sec = demo["sections"].set_index("name").loc[GUAJING]
    mine = rivers[rivers["name"] == river]
    assert len(mine) >= 1 and (mine["district"] == "吴中区").all()
    reach, seen = mine.index[0], []
    while isinstance(reach, str) and reach != sec["reach_id"]:
        seen.append(reach)
        assert len(seen) < 10
        last = reach
        reach = rivers.loc[reach, "flows_into"]
    assert reach == sec["reach_id"]
    canal = rivers.loc[reach].geometry
    joins_at = canal.project(shapely.Point(rivers.loc[last].geometry.coords[-1]))
    assert joins_at <= canal.project(sec.geometry)


def test_every_reach_chain_ends(demo):
    rivers = demo["rivers"].set_index("reach_id")
    for start in rivers.index:
        reach, steps = start, 0
        while isinstance(reach, str):
            reach = rivers.loc[reach, "flows_into"]
            steps += 1
            assert steps < 50, f"{start} 的下游链成环"


def test_tributary_outlets_and_samples(demo):
    rivers, outlets, samples = demo["rivers"], demo["outlets"], demo["samples"]
    trib = outlets[outlets["reach_id"].isin(rivers.loc[rivers["name"].isin(WUZHONG_TRIBUTARIES), "reach_id"])]
    assert set(trib["type"]) == set(schema.OUTLET_TYPES)
    suspect = trib[trib["status"] == "疑似直排"]
    assert len(suspect) >= 5
    assert suspect["outlet_id"].isin(samples["outlet_id"]).all()


def test_water_classes_tell_the_story(demo):
    water = pytest.importorskip("geo.water")
    classes = water.classify_samples(demo["samples"])
    names = classes["section_id"].map(demo["sections"].set_index("section_id")["name"])
    guajing = classes.loc[names == GUAJING, "water_class"]
    assert (guajing > 3).any() and (guajing <= 3).any()
    tributary = classes[names.fillna("").str.startswith(WUZHONG_TRIBUTARIES)]
    worst = tributary.groupby(names)["water_class"].max()
    assert len(worst) == 7 and (worst == 6).sum() >= 4
    assert (classes.loc[classes["outlet_id"].notna(), "water_class"] == 6).all()


def test_sample_classes_as_generated(demo):
    """Each section sample lands in exactly the class the generator aimed at (checked item by item)."""
    water = pytest.importorskip("geo.water")
    from geo.demo.water import GUAJING_CLASSES

    classes = water.classify_samples(demo["samples"])
    names = classes["section_id"].map(demo["sections"].set_index("section_id")["name"])
    got = classes.loc[names == GUAJING, "water_class"].tolist()
    assert got == [k for pair in GUAJING_CLASSES for k in pair]


# --- problems and fire points -------------------------------------------------------------------


def test_problem_dates_are_consistent(demo):
    p = demo["problems"]
    assert (p["fixed_on"].isna() | (p["fixed_on"] >= p["found_on"])).all()
    assert (p["deadline"].isna() | (p["deadline"] >= p["found_on"])).all()
    assert p.loc[p["status"] != "整改中", "fixed_on"].notna().all()
    assert p.loc[p["status"] == "整改中", "fixed_on"].isna().all()
    assert (p.loc[p["penalty_yuan"] > 0, "case_filed"]).all()
    direct = p["description"].str.contains("直排")
    assert p.loc[direct, "case_filed"].all() and direct.any()
    overdue = (p["status"] == "整改中") & (p["deadline"] < cal.END)
    assert overdue.sum() >= 30


def test_problems_found_in_about_fifteen_percent_of_inspections(demo):
    insp, probs = demo["inspections"], demo["problems"]
    share = insp["inspection_id"].isin(probs["inspection_id"]).mean()
    assert 0.10 <= share <= 0.20


def test_fire_times(demo):
    f = demo["fire_points"]
    assert_fire_times_agree(f)
    assert (f["acq_time"].str.len() == 3).any()  # leading zero lost, as in spreadsheets
    night = f[f["daynight"] == "N"]
    assert (night["detected_bj"].dt.normalize() > night["detected_utc"].dt.normalize()).all()
    day = f["detected_bj"].dt.normalize()
    assert day.between(*cal.STRAW_BAN).all()
    assert set(f["satellite"]) <= {"N", "N20"} and set(f["confidence"]) <= {"l", "n", "h"}


def test_fire_points_in_farm_districts_peaking_in_november(demo):
    f = demo["fire_points"]
    assert set(f["district"]) == {"张家港市", "常熟市", "太仓市", "昆山市", "吴江区"}
    months = f["detected_bj"].dt.month.value_counts()
    assert months[11] > months[12] and months[11] > 0.4 * len(f)


def test_heat_source_fire_points_are_beside_heat_source_firms(demo):
    f, firms = demo["fire_points"], demo["enterprises"]
    heat = f[f["status"] == "已排除-工业热源"]
    sources = firms[firms["tags"].fillna("").str.contains("热源")]
    a = shapely.points(np.c_[heat.geometry.x, heat.geometry.y])
    b = shapely.points(np.c_[sources.geometry.x, sources.geometry.y])
    distance = shapely.distance(a[:, None], b[None, :]).min(axis=1)
    assert len(heat) >= 10 and (distance < 0.005).all()  # within about 500 m
