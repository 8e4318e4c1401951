"""Fire events on hand-made cases: merging, industrial heat, assignment, verification, the page's figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import crs as geocrs
from geo import fires, schema
from geo.store import GeoPackageStore

ROOT = Path(__file__).resolve().parent.parent
ORIGIN = (120.90, 31.60)  # farmland between 常熟 and 太仓
T0 = pd.Timestamp("2020-11-05 05:30")  # UTC, the S-NPP day pass (13:30 Beijing)
_X0, _Y0 = gpd.GeoSeries([shapely.Point(ORIGIN)], crs=geocrs.WGS84).to_crs(geocrs.METRIC).iloc[0].coords[0]


def lonlat(east_m: float, north_m: float) -> tuple[float, float]:
    """The WGS84 point `east_m`, `north_m` metres (EPSG:4549) from ORIGIN."""
    p = gpd.GeoSeries([shapely.Point(_X0 + east_m, _Y0 + north_m)], crs=geocrs.METRIC).to_crs(geocrs.WGS84).iloc[0]
    return p.x, p.y


def points(*rows: dict) -> gpd.GeoDataFrame:
    """fire_points rows from (id, e, n, minutes after T0, satellite, instrument, type, status) dicts."""
    out = []
    for r in rows:
        lon, lat = lonlat(r.get("e", 0), r.get("n", 0))
        utc = T0 + pd.Timedelta(minutes=r.get("min", 0))
        modis = r.get("instrument") == "MODIS"
        out.append({"fire_id": r["id"], "latitude": lat, "longitude": lon, "acq_date": f"{utc:%Y-%m-%d}",
                    "acq_time": f"{utc:%H%M}", "detected_utc": utc, "detected_bj": utc + pd.Timedelta(hours=8),
                    "satellite": r.get("sat", "Terra" if modis else "N"), "instrument": r.get("instrument", "VIIRS"),
                    "confidence": r.get("conf", "80" if modis else "n"), "frp": 3.0,
                    "daynight": "D" if 0 <= utc.hour < 10 else "N", "type": r.get("type"),
                    "district": None, "status": r.get("status", "待核查"), "source": "测试"})
    frame = pd.DataFrame(out)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame.longitude, frame.latitude), crs=schema.CRS)


def event_of(events: fires.Events) -> dict[str, str]:
    return dict(zip(events.detections["fire_id"], events.detections["event_id"]))


MERGES = [  # (case, detections, expected groups)
    ("two VIIRS passes 50 min and 300 m apart", [dict(id="a"), dict(id="b", e=300, min=50, sat="N20")],
     [{"a", "b"}]),
    ("VIIRS 900 m apart: more than two pixels", [dict(id="a"), dict(id="b", e=900, min=50)], [{"a"}, {"b"}]),
    ("VIIRS 700 m apart: within two pixels", [dict(id="a"), dict(id="b", n=700, min=10)], [{"a", "b"}]),
    ("MODIS and VIIRS 1.5 km apart: two MODIS pixels", [dict(id="a"), dict(id="m", e=1500, instrument="MODIS")],
     [{"a", "m"}]),
    ("day then night pass, 12 h later", [dict(id="a"), dict(id="b", e=100, min=720)], [{"a", "b"}]),
    ("next day, 24 h later", [dict(id="a"), dict(id="b", e=100, min=1440)], [{"a"}, {"b"}]),
    ("a chain joins through its middle", [dict(id="a"), dict(id="b", e=600, min=30), dict(id="c", e=1200, min=60)],
     [{"a", "b", "c"}]),
    ("far apart the same minute", [dict(id="a"), dict(id="b", e=20000)], [{"a"}, {"b"}]),
]


@pytest.mark.parametrize("case, rows, groups", MERGES, ids=[m[0] for m in MERGES])
def test_detections_merge_into_events(case, rows, groups):
    built = fires.build_events(points(*rows))
    by_event: dict[str, set] = {}
    for fire_id, event in event_of(built).items():
        by_event.setdefault(event, set()).add(fire_id)
    assert sorted(map(sorted, by_event.values())) == sorted(map(sorted, groups))
    assert built.events["detections"].sum() == len(rows)


def test_an_event_is_named_after_its_earliest_detection_whatever_the_row_order():
    rows = [dict(id="z-late", e=100, min=40), dict(id="y-first"), dict(id="x-mid", e=50, min=20)]
    assert set(event_of(fires.build_events(points(*rows))).values()) == {"y-first"}
    assert set(event_of(fires.build_events(points(*reversed(rows)))).values()) == {"y-first"}


def test_the_time_window_and_pixels_are_settings():
    rows = points(dict(id="a"), dict(id="b", e=100, min=1440))
    assert len(fires.build_events(rows, p=fires.Params(event_hours=30)).events) == 1
    assert len(fires.build_events(points(dict(id="a"), dict(id="b", e=1000)), p=fires.Params(event_pixels=3)).events) == 1
    assert fires.params({"EMAP_FIRE_EVENT_HOURS": "6"}).event_hours == 6.0


def firms_frame(*rows) -> gpd.GeoDataFrame:
    """enterprises rows from (name, east, north, tags)."""
    frame = pd.DataFrame([{"credit_code": f"C{i}", "name": n, "district": "太仓市", "industry": "x", "tags": t,
                           "source": "测试"} for i, (n, _, _, t) in enumerate(rows)])
    geom = [shapely.Point(lonlat(e, n)) for _, e, n, _ in rows]
    return gpd.GeoDataFrame(frame, geometry=geom, crs=schema.CRS)


def test_heat_sources_type_2_near_a_hot_firm_and_a_fixed_site():
    firms_ = firms_frame(("钢厂", 5000, 0, "热源、危废"), ("电子厂", 0, 300, "危废"))
    season = [dict(id=f"s{k}", e=-8000, min=k * 1440 * 3) for k in range(3)]  # autumn
    summer = [dict(id=f"w{k}", e=-8000, n=50, min=-(180 + k * 3) * 1440) for k in range(3)]  # the previous summer
    only_autumn = [dict(id=f"o{k}", e=-16000, min=k * 1440 * 2) for k in range(8)]
    rows = points(dict(id="straw"), dict(id="t2", e=20000, type=2), dict(id="near", e=5400),
                  dict(id="far", e=5000, n=-800, min=3000), *season, *summer, *only_autumn)
    ev = fires.with_status(fires.build_events(rows, firms_), None).events
    heat = ev.set_index(ev.index)["heat_reason"]
    assert heat["straw"] == ""  # 300 m from a firm that is not a heat source
    assert heat["t2"] == "FIRMS 类型 2（固定热源）"
    assert heat["near"] == "距热源企业 500 米内"
    assert heat["far"] == ""
    assert all(heat[f"s{k}"] == "同一地点 6 天以上、跨季节出现" for k in range(3))
    assert all(heat[f"o{k}"] == "" for k in range(8))  # many days in one season: fields, not a furnace
    assert not ev.loc["straw", "heat"] and ev.loc["t2", "heat"]
    straw = fires.select(fires.with_status(fires.build_events(rows, firms_), None), fires.View(kind="straw"))
    assert "t2" not in straw.events.index and "near" not in straw.events.index and "straw" in straw.events.index


def test_assignment_district_team_and_nearest_firm():
    west = shapely.box(*lonlat(-10000, -10000), *lonlat(0, 10000))
    east = shapely.box(*lonlat(0, -10000), *lonlat(10000, 10000))
    districts = gpd.GeoDataFrame({"name": ["西区", "东区"], "kind": "district"}, geometry=[west, east], crs=schema.CRS)
    teams = gpd.GeoDataFrame(
        {"team_id": ["W1", "E1", "E2"], "name": ["西一组", "东一组", "东二组"], "district": ["西区", "东区", "东区"]},
        geometry=[shapely.Point(lonlat(-5000, 0)), shapely.Point(lonlat(2000, 0)), shapely.Point(lonlat(8000, 0))],
        crs=schema.CRS)
    firm = firms_frame(("某村加工厂", 6100, 0, None))
    ev = fires.build_events(points(dict(id="w", e=-1000), dict(id="e", e=6000), dict(id="out", e=10500)),
                            firm, districts, teams).events
    assert ev.loc["w", "district"] == "西区" and ev.loc["w", "team_id"] == "W1"
    assert ev.loc["e", "district"] == "东区" and ev.loc["e", "team_id"] == "E2"  # the nearer of the two bases
    assert ev.loc["out", "district"] == "东区"  # 500 m outside the outline: the nearest within 2 km
    assert ev.loc["e", "nearest_firm"] == "某村加工厂" and ev.loc["e", "nearest_firm_m"] == pytest.approx(100, abs=2)


def test_latest_check_wins_and_history_is_kept(tmp_path):
    store = GeoPackageStore(tmp_path / "s.gpkg")
    store.write("fire_points", points(dict(id="a"), dict(id="b", e=200, min=50), dict(id="c", e=9000)))
    built = fires.build_events(store.read("fire_points"))
    fires.save_check(store, "a", "已核实焚烧", "王伟", "现场有焚烧痕迹", when="2020-11-05 15:00")
    fires.save_check(store, "b", "已扑灭", "李娜", "", when="2020-11-05 16:10")  # b belongs to event a
    fires.save_check(store, "c", "已排除-工业热源", "王伟", when="2020-11-06 09:00")
    reopened = GeoPackageStore(store.path)  # as after a restart
    checks = fires.read_checks(reopened)
    ev = fires.with_status(built, checks).events
    assert ev.loc["a", "status"] == "已扑灭" and ev.loc["a", "checked_by"] == "李娜" and ev.loc["a", "checks"] == 2
    assert ev.loc["c", "status"] == "已排除-工业热源" and ev.loc["c", "heat"]
    assert ev.loc["c", "heat_reason"] == "核查确认为工业热源"
    assert fires.history(built, checks, "a")["status"].tolist() == ["已核实焚烧", "已扑灭"]
    assert fires.counts(fires.with_status(built, checks)) == {
        "火点事件": 2, "探测次数": 3, "待核查事件": 0, "已核实焚烧事件": 0, "疑似工业热源事件": 1}


def test_a_check_needs_a_known_status_and_a_name():
    with pytest.raises(ValueError, match="核查状态“已处理”无效"):
        fires.new_check("a", "已处理", "王伟")
    with pytest.raises(ValueError, match="请填写核查人"):
        fires.new_check("a", "已扑灭", " ")


def test_the_status_stored_on_import_counts_until_a_check():
    built = fires.build_events(points(dict(id="a"), dict(id="b", e=100, min=30, status="已核实焚烧")))
    assert fires.with_status(built, None).events.loc["a", "status"] == "已核实焚烧"


SAVE = """
import sys
sys.path.insert(0, {root!r})
from geo import fires
from geo.store import GeoPackageStore
store = GeoPackageStore({path!r})
for k in range(3):
    fires.save_check(store, {event!r}, "已核实焚烧", {who!r}, f"第{{k}}次")
"""


def test_two_officers_saving_at_once_both_land(tmp_path):
    store = GeoPackageStore(tmp_path / "s.gpkg")
    store.write("fire_points", points(dict(id="a"), dict(id="c", e=9000)))
    procs = [subprocess.Popen([sys.executable, "-c", SAVE.format(root=str(ROOT), path=str(store.path), event=e,
                                                                 who=who)])
             for e, who in (("a", "王伟"), ("c", "李娜"))]
    assert [p.wait(120) for p in procs] == [0, 0]
    checks = fires.read_checks(store)
    assert sorted(checks.groupby("fire_id").size().items()) == [("a", 3), ("c", 3)]
    assert checks["check_id"].is_unique


def test_select_filters_by_beijing_date_and_hour_confidence_and_satellite():
    rows = points(dict(id="day"), dict(id="night", e=5000, min=12 * 60, sat="N20", conf="h"),  # 17:30 UTC = 01:30 BJ
                  dict(id="modis", e=10000, min=-200, instrument="MODIS", conf="40"))
    built = fires.with_status(fires.build_events(rows), None)
    pick = lambda **kw: sorted(fires.select(built, fires.View(kind="all", **kw)).events.index)  # noqa: E731
    assert pick(start=pd.Timestamp("2020-11-06").date()) == ["night"]  # Beijing date of the night pass
    assert pick(hours=(0, 6)) == ["night"]
    assert pick(hours=(10, 14)) == ["day", "modis"]
    assert pick(confidence=("高",)) == ["night"]
    assert pick(confidence=("中",)) == ["day", "modis"]
    assert pick(satellites=("Terra",)) == ["modis"]
    assert pick(day_night=("N",)) == ["night"]
    assert pick(status=("已扑灭",)) == []


def test_daily_counts_use_beijing_dates_and_count_events_and_detections():
    rows = points(dict(id="a"), dict(id="a2", e=100, min=50), dict(id="n", e=5000, min=12 * 60))
    built = fires.with_status(fires.build_events(rows), None)
    built.events["district"] = "太仓市"
    daily = fires.daily_counts(built)
    assert daily.to_dict("records") == [
        {"日期": pd.Timestamp("2020-11-05"), "行政区": "太仓市", "火点事件": 1, "探测次数": 2},
        {"日期": pd.Timestamp("2020-11-06"), "行政区": "太仓市", "火点事件": 1, "探测次数": 1}]


def test_repeat_cells_need_enough_days():
    days = [dict(id=f"d{k}", e=100 + k * 10, min=k * 1440 * 2) for k in range(3)]
    rows = points(*days, dict(id="once", e=30000))
    built = fires.with_status(fires.build_events(rows), None)
    cells = fires.repeat_cells(built, fires.Params(cell_m=1000, repeat_days=3))
    assert len(cells) == 1 and cells.loc[0, "days"] == 3 and cells.loc[0, "detections"] == 3
    assert cells.geometry.iloc[0].contains(shapely.Point(lonlat(110, 0)))
    assert fires.repeat_cells(built, fires.Params(repeat_days=4)).empty


def test_patrol_order_goes_to_the_nearest_unvisited_event_from_the_base():
    teams = gpd.GeoDataFrame({"team_id": ["T"], "name": ["一组"], "district": ["X"]},
                             geometry=[shapely.Point(lonlat(0, 0))], crs=schema.CRS)
    rows = points(dict(id="far", e=9000), dict(id="near", e=1000, min=5000), dict(id="mid", e=5000, min=9000),
                  dict(id="done", e=500, min=12000, status="已核实焚烧"))
    ev = fires.with_status(fires.build_events(rows, teams=teams), None).events
    ev["team_id"] = "T"
    order = fires.patrol_order(ev, teams, "T")
    assert order.index.tolist() == ["near", "mid", "far"]
    assert order["leg_km"].tolist() == pytest.approx([1.0, 4.0, 4.0], abs=0.01)


def test_ages_at_the_as_of_time():
    built = fires.with_status(fires.build_events(points(dict(id="a"), dict(id="b", e=9000, min=-3 * 1440))), None)
    age = fires.ages(built.events, T0 + pd.Timedelta(hours=20))
    assert age["a"] == "24 小时内" and age["b"] == "3 天以上"


def test_demo_fire_points_make_events_with_heat_sources(stored):
    built = fires.with_status(
        fires.build_events(stored["fire_points"], stored["enterprises"], stored["districts"], stored["teams"]), None)
    ev = built.events
    assert ev["detections"].sum() == len(stored["fire_points"])
    assert ev["team_id"].notna().all() and ev["district"].notna().all()
    # the demo's heat-source detections lie 50–300 m from firms tagged 热源
    hot = stored["fire_points"]["status"] == "已排除-工业热源"
    hot_events = set(built.detections.loc[hot.to_numpy(), "event_id"])
    assert ev.loc[list(hot_events), "heat"].all()
    assert np.isclose(ev["heat"].mean(), len(hot_events) / len(ev), atol=0.05)


def test_map_classes_hide_what_the_view_leaves_out_and_colour_the_rest_by_status_and_age():
    rows = points(dict(id="new"), dict(id="old", e=9000, min=-5 * 1440), dict(id="done", e=20000, status="已扑灭"),
                  dict(id="night", e=30000, min=12 * 60))
    built = fires.with_status(fires.build_events(rows), None)
    shown = fires.select(built, fires.View(kind="all", day_night=("D",)))
    classes, counts = fires.map_classes(built.events, shown, T0 + pd.Timedelta(hours=10))
    got = dict(zip(built.events.index, zip(classes.tolist(), counts.tolist())))
    name = lambda k: fires.CLASS_NAMES[k - 1]  # noqa: E731
    assert got["night"] == (0, 0)  # hidden: a night pass
    assert name(got["new"][0]) == "待核查 · 24 小时内" and name(got["old"][0]) == "待核查 · 3 天以上"
    assert name(got["done"][0]) == "已扑灭" and got["done"][1] == 1


def test_the_event_list_offers_the_clicked_event_and_the_latest():
    rows = points(*(dict(id=f"e{k}", e=k * 5000, min=k * 60) for k in range(5)))
    ev = fires.with_status(fires.build_events(rows), None).events
    assert fires.event_choices(ev, limit=2).index.tolist() == ["e4", "e3"]
    choices = fires.event_choices(ev, clicked="e0", limit=2)
    assert choices.index.tolist() == ["e0", "e4", "e3"] and choices["e0"].startswith("e0 · 11-05 13:30")


def test_cell_classes_mark_the_cells_a_selection_repeats_in():
    days = [dict(id=f"d{k}", e=100, min=k * 1440 * 2) for k in range(3)]
    built = fires.with_status(fires.build_events(points(*days)), None)
    every = fires.repeat_cells(built)
    assert fires.cell_classes(every, every).tolist() == [1]
    fewer = fires.select(built, fires.View(kind="all", end=pd.Timestamp("2020-11-07").date()))
    assert fires.cell_classes(every, fires.repeat_cells(fewer)).tolist() == [0]
    assert fires.cell_points(every).geometry.iloc[0].within(every.geometry.iloc[0])
