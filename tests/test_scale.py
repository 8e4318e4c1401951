"""The city-scale data set (geo.demo.scale) keeps the demo's promises at any size: on land in its own
district, valid codes, unique keys, references resolving, years of consistent records, the demo untouched.

Built here at a small factor (a few percent of the city's extra rows) so the module runs in seconds;
`make city` builds the full set with the same code."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from geo import schema
from geo.codes import is_valid_credit_code
from geo.demo import campaigns as cal
from geo.demo import scale as city
from tests.checks import assert_fire_times_agree, assert_inspections_at_their_site

FACTOR = 0.04
GROWN = ("enterprises", "outlets", "fire_points", "inspections", "problems", "campaigns")
POINT_LAYERS = ("enterprises", "outlets", "inspections", "fire_points")


@pytest.fixture(scope="module")
def scaled(demo) -> dict:
    return city.scale(demo, FACTOR)


@pytest.fixture(scope="module")
def new(demo, scaled) -> dict:
    """Only the rows the scaling added, per layer."""
    return {name: scaled[name].iloc[len(demo[name]):] for name in GROWN}


@pytest.fixture(scope="module")
def polygons(scaled):
    return scaled["districts"].set_index("name").geometry


# --- sizes --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["enterprises", "outlets", "fire_points", "inspections"])
def test_factor_adds_its_share_of_the_extra_rows(demo, scaled, name):
    want = len(demo[name]) + round(FACTOR * (getattr(city.CITY, name) - len(demo[name])))
    assert len(scaled[name]) == want


def test_factor_one_reaches_the_target_exactly(demo):
    small = city.Sizes(enterprises=3500, inspections=14000, fire_points=900, outlets=260)
    got = city.scale(demo, 1.0, target=small)
    assert {name: len(got[name]) for name in ("enterprises", "inspections", "fire_points", "outlets")} == {
        "enterprises": 3500, "inspections": 14000, "fire_points": 900, "outlets": 260}


def test_city_target_is_the_issues():
    assert city.CITY == city.Sizes(enterprises=30_000, inspections=300_000, fire_points=50_000, outlets=5_000)


def test_negative_factor_is_refused(demo):
    with pytest.raises(ValueError, match="factor"):
        city.scale(demo, -1)


# --- the demo is kept, and its campaign window untouched ----------------------------------------


@pytest.mark.parametrize("name", list(schema.LAYERS))
def test_demo_rows_are_kept_unchanged(demo, scaled, name):
    head = pd.DataFrame(scaled[name].iloc[: len(demo[name])]).reset_index(drop=True)
    pd.testing.assert_frame_equal(head, pd.DataFrame(demo[name]).reset_index(drop=True))


@pytest.mark.parametrize("layer, column", [("inspections", "started_at"), ("problems", "found_on"),
                                           ("fire_points", "detected_bj")])
def test_nothing_new_in_the_demos_campaign_window(new, layer, column):
    when = new[layer][column]
    assert not when.between(cal.START, cal.END + pd.Timedelta(hours=23, minutes=59)).any()
    assert when.min() >= city.HISTORY[0] and when.max() < city.HISTORY[1] + pd.Timedelta(days=2)


def test_bulletin_holiday_totals_still_hold(scaled):
    insp = scaled["inspections"]
    window = insp[insp["started_at"].dt.normalize().isin(cal.BULLETIN_WINDOW)]
    assert (int(window["officers"].sum()), window["site_id"].nunique()) == (1140, 416)


# --- consistency ---------------------------------------------------------------------------------


def test_valid_keys_and_references(scaled):
    for name, frame in scaled.items():
        assert frame[schema.LAYERS[name].key].is_unique, name
    assert schema.check_references(scaled) == []


@pytest.mark.parametrize("name", POINT_LAYERS)
def test_new_points_on_land_in_their_own_district(scaled, new, polygons, name):
    frame = new[name]
    lakes = shapely.union_all(scaled["lakes"].geometry.values)
    inside = np.zeros(len(frame), dtype=bool)
    for district, idx in frame.groupby("district").groups.items():
        rows = frame.index.get_indexer(idx)
        inside[rows] = shapely.contains(polygons[district], frame.geometry.values[rows])
    assert len(frame) > 100 and inside.all()
    assert not shapely.intersects(lakes, frame.geometry.values).any()


def test_new_credit_codes_valid_local_and_names_unique(scaled, new):
    firms = new["enterprises"]
    adcode = scaled["districts"].set_index("name")["adcode"]
    assert firms["credit_code"].map(is_valid_credit_code).all()
    assert (firms["credit_code"].str[:8] == "91" + firms["district"].map(adcode)).all()
    assert scaled["enterprises"]["name"].is_unique and scaled["outlets"]["name"].is_unique


@pytest.mark.parametrize("name, pattern", [("inspections", r"JC\d{12}"), ("problems", r"WT\d{12}"),
                                           ("fire_points", r"HD\d{11}"), ("outlets", r"PK\d{4}")])
def test_ids_keep_the_demo_format(new, name, pattern):
    key = schema.LAYERS[name].key
    assert new[name][key].str.fullmatch(pattern).all()


@pytest.mark.parametrize("layer, key", [("enterprises", "credit_code"), ("outlets", "outlet_id"),
                                        ("fire_points", "fire_id")])
def test_inspections_are_at_their_site(scaled, new, layer, key):
    insp = new["inspections"]
    assert_inspections_at_their_site(insp, scaled[layer], key, at_least=50)
    here = insp[insp["site_id"].isin(scaled[layer][key])]
    assert (here["district"].to_numpy() == scaled[layer].set_index(key)["district"].reindex(here["site_id"])).all()


def test_every_district_keeps_years_of_records(new):
    insp = new["inspections"]
    years = insp.groupby("district")["started_at"].agg(lambda s: s.dt.year.nunique())
    assert len(years) == 10 and (years == len(city.YEARS)).all()


def test_dates_kinds_and_teams_agree(scaled, new):
    insp, teams = new["inspections"], scaled["teams"].set_index("team_id")
    assert insp["officers"].between(2, 4).all()
    assert (insp["officers"] <= insp["team_id"].map(teams["members"])).all()
    assert insp[insp["kind"] == "夜查"]["started_at"].dt.hour.between(19, 23).all()
    assert insp[insp["kind"] != "夜查"]["started_at"].dt.hour.between(8, 17).all()
    city_team = insp["team_id"].str.startswith("ZF320500")
    assert city_team[insp["kind"] == "四不两直"].all()
    local = insp[~city_team]
    assert (local["team_id"].map(teams["district"]) == local["district"]).all()
    holiday = insp[insp["kind"] == "节假日"]["started_at"].dt.strftime("%m-%d")
    assert len(holiday) and holiday.isin(["01-01", "05-01", "05-02", "05-03", "05-04", "05-05", "06-25", "06-26",
                                          "06-27", "04-04", "04-05", "04-06", *[f"10-0{d}" for d in range(1, 8)]]).all()
    assert set(insp["kind"]) == set(schema.INSPECTION_KINDS)


def test_campaigns_span_their_inspections(scaled, new):
    spans = scaled["campaigns"].set_index("campaign")
    insp = new["inspections"].dropna(subset=["campaign"])
    day = insp["started_at"].dt.normalize()
    assert (day >= insp["campaign"].map(spans["start_date"])).all()
    assert (day <= insp["campaign"].map(spans["end_date"])).all()
    everything = (spans["start_date"].min(), spans["end_date"].max())
    assert everything[0] <= new["inspections"]["started_at"].min() and new["inspections"]["started_at"].max() <= \
        everything[1] + pd.Timedelta(days=1)


def test_problems_follow_their_inspection(scaled, new):
    p = new["problems"]
    insp = scaled["inspections"].set_index("inspection_id")
    assert (p["found_on"] == p["inspection_id"].map(insp["started_at"]).dt.normalize()).all()
    assert (p["district"] == p["inspection_id"].map(insp["district"])).all()
    assert (p["fixed_on"].isna() | (p["fixed_on"] >= p["found_on"])).all()
    assert (p["deadline"].isna() | (p["deadline"] >= p["found_on"])).all()
    assert p.loc[p["status"] != "整改中", "fixed_on"].notna().all()
    assert p.loc[p["status"] == "整改中", "fixed_on"].isna().all()
    assert (p.loc[p["status"] == "整改中", "deadline"] >= city.HISTORY[1] - pd.Timedelta(days=90 + 80)).all()
    assert (p.loc[p["penalty_yuan"] > 0, "case_filed"]).all()
    share = new["inspections"]["inspection_id"].isin(p["inspection_id"]).mean()
    assert 0.10 <= share <= 0.20


def test_fire_points_like_firms_in_ban_seasons(new):
    f = new["fire_points"]
    assert_fire_times_agree(f)
    md = f["detected_bj"].dt.strftime("%m-%d")
    assert (md.between("05-25", "07-20") | md.between("10-10", "12-31")).all()
    assert set(f["district"]) == {"张家港市", "常熟市", "太仓市", "昆山市", "吴江区"}
    checked = f[f["status"] != "待核查"]
    assert checked["fire_id"].isin(new["inspections"]["site_id"]).all()


def test_same_seed_same_data_other_seed_other_data(demo, scaled):
    again = city.scale(demo, FACTOR)
    for name in GROWN:
        pd.testing.assert_frame_equal(pd.DataFrame(again[name]), pd.DataFrame(scaled[name]))
    other = city.scale(demo, FACTOR, seed=7)
    assert not other["inspections"]["inspection_id"].equals(scaled["inspections"]["inspection_id"])


def test_survives_the_geopackage(scaled, tmp_path):
    from geo.store import GeoPackageStore

    store = GeoPackageStore(tmp_path / "city.gpkg")
    store.write_all(scaled)
    back = store.read("inspections")
    assert list(back["inspection_id"]) == list(scaled["inspections"]["inspection_id"])
