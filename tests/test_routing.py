"""The patrol planner: Solomon reader and CLI, the solver on instances whose best answer is known by hand,
candidates, teams and shifts, the plan, and the GPX/KML/Excel exports read back by real parsers."""

from __future__ import annotations

import io
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import geopandas as gpd
import gpxpy
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings as hsettings, strategies as st

from geo import crs
from geo.routing import export, solomon
from geo.routing.__main__ import main
from geo.routing.candidates import KINDS, candidates, parse_kind_numbers
from geo.routing.plan import plan
from geo.routing.solver import Problem, Vehicle, Visit, greedy, is_feasible, solve
from geo.routing.teams import Team, clock, parse_shift, teams_from_layer

ROOT = Path(__file__).resolve().parent.parent


def euclid(points) -> np.ndarray:
    xy = np.asarray(points, dtype=float)
    return np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1))


def toy(points, visits, vehicles, durations=None, services=None) -> Problem:
    d = euclid(points)
    return Problem(d, durations or [d], visits, vehicles, services, scale=1000.0)


# --- Solomon format ---------------------------------------------------------------------------------

SMALL = """TOY1

VEHICLE
NUMBER     CAPACITY
   2         10

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE TIME

    0       0          0          0          0       1000          0
    1       3          0          6          0       1000          1
    2       3          4          6          0       1000          1
"""


def test_parser_reads_fleet_and_nodes():
    inst = solomon.parse(SMALL)
    assert (inst.name, inst.vehicles, inst.capacity) == ("TOY1", 2, 10)
    assert inst.table.shape == (3, 7)
    assert inst.table[2].tolist() == [2, 3, 4, 6, 0, 1000, 1]


@pytest.mark.parametrize("text, words", [
    ("C1\nVEHICLE\nNUMBER CAPACITY\n 25 200 7\n", "两个整数"),
    ("C1\nVEHICLE\n 25 200\nCUSTOMER\n 0 1 2 3\n", "应有 7 列"),
    ("nothing here\n", "不是 Solomon 格式"),
    ("C1\n 25 200\n 1 0 0 0 0 100 0\n", "0 号"),
])
def test_parser_names_the_problem(text, words):
    with pytest.raises(solomon.SolomonError, match=words):
        solomon.parse(text, source="x.txt")


def test_capacity_splits_routes_by_hand():
    # demands 6 + 6 > capacity 10: two routes 0-1-0 (6) and 0-2-0 (10) = 16
    inst = solomon.parse(SMALL)
    prob = solomon.problem(inst)
    sol = solve(prob, seconds=0.3)
    assert sol.num_routes == 2 and sol.feasible
    assert solomon.total_distance(prob, sol) == pytest.approx(16.0)


def test_cli_prints_routes_and_distance_last(tmp_path, capsys):
    path = tmp_path / "toy.txt"
    path.write_text(SMALL, encoding="utf-8")
    assert main([str(path), "--seconds", "0.3"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == "routes=2 distance=16.00"


def test_cli_as_a_command(tmp_path):
    path = tmp_path / "toy.txt"
    path.write_text(SMALL.replace("   2         10", "   2         20"), encoding="utf-8")  # one route: 3+4+5
    out = subprocess.run([sys.executable, "-m", "geo.routing", str(path), "--seconds", "0.3"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert re.fullmatch(r"routes=1 distance=12\.00", out.stdout.strip().splitlines()[-1])


def test_cli_refuses_a_file_that_is_not_solomon(tmp_path, capsys):
    path = tmp_path / "bad.txt"
    path.write_text("hello\n", encoding="utf-8")
    assert main([str(path)]) == 2
    assert "不是 Solomon 格式" in capsys.readouterr().err


# --- the solver on hand-solvable instances ---------------------------------------------------------


def test_visits_on_a_line_in_order():
    # depot 0 at x=0, customers at x=1,2,3: best is out and back, 6
    prob = toy([(0, 0), (1, 0), (2, 0), (3, 0)], [Visit(n, required=True) for n in (1, 2, 3)],
               [Vehicle(0, 0)])
    sol = solve(prob, seconds=0.2)
    assert sol.routes[0] in ([0, 1, 2], [2, 1, 0])


def test_time_windows_force_the_order():
    # B (x=-1) opens 1..3, A (x=+1) opens 10..12: B first, then A; 1 + 2 + 1 = 4
    prob = toy([(0, 0), (1, 0), (-1, 0)], [Visit(1, early=10, late=12, required=True),
                                           Visit(2, early=1, late=3, required=True)], [Vehicle(0, 0)])
    sol = solve(prob, seconds=0.2)
    assert sol.routes[0] == [1, 0]
    assert is_feasible(prob, 0, sol.routes[0])


@pytest.mark.parametrize("prize, visited", [(8.0, False), (12.0, True)])
def test_a_place_is_visited_when_its_prize_beats_the_detour(prize, visited):
    # round trip to x=5 costs 10
    prob = toy([(0, 0), (5, 0)], [Visit(1, prize=prize)], [Vehicle(0, 0)])
    sol = solve(prob, seconds=0.2)
    assert (sol.routes[0] == [0]) is visited


def test_the_shift_admits_only_the_better_prize():
    # A (10,0) prize 100, B (0,10) prize 50; shift 25 allows one round trip of 20, not both (34.1)
    prob = toy([(0, 0), (10, 0), (0, 10)], [Visit(1, prize=100), Visit(2, prize=50)], [Vehicle(0, 0, 0, 25)])
    sol = solve(prob, seconds=0.3)
    assert sol.routes == [[0]] and sol.unvisited == [1]


def test_a_pinned_place_wins_over_a_better_prize():
    prob = toy([(0, 0), (10, 0), (0, 10)], [Visit(1, prize=100), Visit(2, prize=1, required=True)],
               [Vehicle(0, 0, 0, 25)])
    sol = solve(prob, seconds=0.3)
    assert sol.routes == [[1]] and sol.feasible


def test_start_and_end_bases_may_differ():
    # from (0,0) to (10,0) via (5,1): 2 * sqrt(26)
    prob = toy([(0, 0), (10, 0), (5, 1)], [Visit(2, required=True)], [Vehicle(0, 1)])
    sol = solve(prob, seconds=0.2)
    assert sol.routes == [[0]]
    assert solomon.total_distance(prob, sol) == pytest.approx(2 * math.sqrt(26))


def test_service_time_per_team_decides_who_goes():
    # one place at x=1; team 0 stays 10 there (shift 8: impossible), team 1 stays 2
    d = euclid([(0, 0), (1, 0)])
    prob = Problem(d, [d, d], [Visit(1, required=True)], [Vehicle(0, 0, 0, 8, profile=0),
                                                          Vehicle(0, 0, 0, 8, profile=1)],
                   services=[np.array([10.0]), np.array([2.0])], scale=1000.0)
    sol = solve(prob, seconds=0.2)
    assert sol.routes == [[], [0]]


def test_greedy_takes_the_best_priority_then_the_nearest():
    # from 0: C (x=3, prize 5) before A (x=1, prize 2); then B (x=2, prize 2) is nearer than D (x=-4, prize 2)
    prob = toy([(0, 0), (1, 0), (2, 0), (3, 0), (-4, 0)],
               [Visit(1, prize=2), Visit(2, prize=2), Visit(3, prize=5), Visit(4, prize=2)], [Vehicle(0, 0)])
    assert greedy(prob).routes == [[2, 1, 0, 3]]


def test_progress_is_reported_while_solving():
    seen = []
    prob = toy([(0, 0), (1, 0), (2, 0)], [Visit(1, prize=5), Visit(2, prize=5)], [Vehicle(0, 0)])
    solve(prob, seconds=0.5, progress=lambda share, words: seen.append((share, words)))
    assert seen[-1][0] == 1.0 and len(seen) >= 2
    assert all(0 <= share <= 1 for share, _ in seen)


# --- teams and shifts -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("19:00-23:30", (68400, 84600)),
    ("19:00～23:30", (68400, 84600)),
    ("22:00-02:00", (79200, 93600)),
    ("8:05 至 17:00", (29100, 61200)),
])
def test_shifts(text, expected):
    assert parse_shift(text) == expected


@pytest.mark.parametrize("text", ["19:00", "25:00-26:00", "7pm-11pm", "19:00-23:30-24:00"])
def test_bad_shifts_are_refused(text):
    with pytest.raises(ValueError, match="HH:MM"):
        parse_shift(text)


@pytest.mark.parametrize("seconds, text", [(68400, "19:00"), (86400 + 1800, "次日00:30"), (70229, "19:30")])
def test_clock(seconds, text):
    assert clock(seconds) == text


@pytest.mark.parametrize("text, expected", [
    ("overdue=5,outlet=4.5", {"overdue": 5.0, "outlet": 4.5}),
    ("", {}),
    (" stale = 2 , ", {"stale": 2.0}),
])
def test_kind_numbers(text, expected):
    assert parse_kind_numbers(text) == expected


@pytest.mark.parametrize("text", ["nope=1", "overdue", "overdue=x", "overdue=-1"])
def test_bad_kind_numbers(text):
    with pytest.raises(ValueError):
        parse_kind_numbers(text)


# --- candidates ---------------------------------------------------------------------------------------

AS_OF = date(2020, 10, 17)
WEIGHTS = {"overdue": 5, "outlet": 5, "fire": 4, "drawn": 4, "complaint": 3, "stale": 2}
SERVICE = {"overdue": 20, "outlet": 20, "fire": 15, "drawn": 40, "complaint": 30, "stale": 30}


def _points(xy):
    return gpd.GeoSeries([shapely.Point(x, y) for x, y in xy], crs="EPSG:4326")


@pytest.fixture()
def small_layers():
    firms = gpd.GeoDataFrame({
        "credit_code": ["A", "B", "C", "D"], "name": ["甲厂", "乙厂", "丙厂", "丁厂"],
        "district": ["吴中区", "吴中区", "昆山市", "昆山市"], "tags": ["信访", None, "危废、信访", None],
        "contact": ["0512-1", None, None, None],
    }, geometry=_points([(120.60, 31.25), (120.61, 31.26), (120.95, 31.38), (120.96, 31.39)]))
    inspections = gpd.GeoDataFrame({
        "inspection_id": ["I1", "I2", "I3"], "enterprise_code": ["A", "B", None],
        "started_at": pd.to_datetime(["2020-10-01 20:00", "2020-05-01 09:00", "2020-09-01 10:00"]),
        "place": ["甲厂", "乙厂", "某河道"],
    }, geometry=_points([(120.60, 31.25), (120.61, 31.26), (120.70, 31.30)]))
    problems = pd.DataFrame({
        "problem_id": ["P1", "P2", "P3"], "inspection_id": ["I1", "I3", "I1"], "enterprise_code": ["A", None, "A"],
        "district": ["吴中区", "吴中区", "吴中区"], "description": ["危废标识缺失", "河道垃圾", "已整改"],
        "deadline": pd.to_datetime(["2020-10-10", "2020-10-01", "2020-10-10"]),
        "status": ["整改中", "整改中", "已整改"], "fixed_on": pd.to_datetime([None, None, "2020-10-05"]),
        "handling": ["限期整改"] * 3, "found_on": pd.to_datetime(["2020-10-01", "2020-09-01", "2020-10-01"]),
    })
    outlets = gpd.GeoDataFrame({
        "outlet_id": ["K1", "K2"], "name": ["一号排口", "二号排口"], "type": ["工业排污口", "其他排口"],
        "status": ["疑似直排", "正常"], "owner": ["甲厂", "乙厂"], "district": ["吴中区", "吴中区"],
    }, geometry=_points([(120.62, 31.24), (120.63, 31.24)]))
    fires = gpd.GeoDataFrame({
        "fire_id": ["F1", "F2"], "status": ["待核查", "已核实焚烧"], "district": ["昆山市", "昆山市"],
        "detected_bj": pd.to_datetime(["2020-10-16 13:30", "2020-10-16 13:30"]),
    }, geometry=_points([(121.00, 31.40), (121.01, 31.41)]))
    return {"enterprises": firms, "inspections": inspections, "problems": problems, "outlets": outlets,
            "fire_points": fires}


def test_candidates_by_hand(small_layers):
    c = candidates(small_layers, AS_OF, stale_days=90, weights=WEIGHTS, service_min=SERVICE, drawn=("D",))
    got = dict(zip(c["place_id"], zip(c["priority"], c["service_min"], c["reasons"])))
    assert set(got) == {"E:A", "P:P2", "O:K1", "F:F1", "E:B", "E:C", "E:D"}
    assert got["E:A"][:2] == (5 + 3, 30)  # overdue + complaint; inspected 16 days ago: not stale
    assert "1 个问题逾期未整改（最久逾期 7 天）" in got["E:A"][2] and "信访" in got["E:A"][2]
    assert got["P:P2"][0] == 5 and "河道垃圾" in got["P:P2"][2] and "16 天" in got["P:P2"][2]
    assert got["E:B"] == (2, 30, "已 169 天未检查（上次 2020-05-01）")
    assert got["E:C"][:2] == (3 + 2, 30) and "从未检查" in got["E:C"][2]
    assert got["E:D"][:2] == (4 + 2, 40)  # drawn + never inspected; service: the longest
    assert got["O:K1"][0] == 5 and "疑似直排" in got["O:K1"][2]
    assert got["F:F1"] == (4, 15, "卫星火点待核查（北京时间 2020-10-16 13:30 探测）")
    assert c["priority"].is_monotonic_decreasing
    assert c.set_index("place_id").loc["E:A", "contact"] == "0512-1"
    assert c.set_index("place_id").loc["O:K1", "contact"] == "责任主体：甲厂"


@pytest.mark.parametrize("options, expected", [
    ({"kinds": ("fire", "outlet")}, {"F:F1", "O:K1"}),
    ({"districts": ("昆山市",)}, {"E:C", "E:D", "F:F1"}),
    ({"limit": 2}, {"E:A", "E:D"}),
    ({"stale_days": 365}, {"E:A", "P:P2", "O:K1", "F:F1", "E:C", "E:D"}),
])
def test_candidate_options(small_layers, options, expected):
    kw = {"stale_days": 90, "weights": WEIGHTS, "service_min": SERVICE, "drawn": ("D",), **options}
    assert set(candidates(small_layers, AS_OF, **kw)["place_id"]) == expected


def test_a_zero_weight_drops_that_reason(small_layers):
    c = candidates(small_layers, AS_OF, stale_days=90, weights={**WEIGHTS, "stale": 0}, service_min=SERVICE)
    assert "E:B" not in set(c["place_id"])


# --- plans on Suzhou coordinates ----------------------------------------------------------------------


def _cands(rows):
    frame = pd.DataFrame(rows, columns=["place_id", "name", "priority", "service_min", "lon", "lat"])
    return gpd.GeoDataFrame(frame.assign(
        kind="stale", district="吴中区", reasons="测试理由", reason_kinds="stale", open_from=None, open_until=None,
        pinned=False, contact=""), geometry=_points(zip(frame["lon"], frame["lat"])))


BASE = (120.60, 31.25)


def _team(team_id="T1", shift="19:00-23:30", base=BASE, end=None, **kw):
    return Team(team_id, f"{team_id}组", base, end or base, parse_shift(shift), kw.pop("speed_kmh", 30), **kw)


def test_plan_times_and_totals_by_hand():
    # one place 0.01° east (≈ 951 m great circle): 1.4 × 951 m at 30 km/h ≈ 2.7 min each way, 30 min on site
    c = _cands([("X", "甲", 3, 30, 120.61, 31.25)])
    p = plan(c, [_team()], detour=1.4, point_km=10, seconds=0.3)
    leg = crs.distance_m(120.60, 31.25, 120.61, 31.25) * 1.4
    row = p.stops.iloc[0]
    assert row["arrive_s"] == pytest.approx(19 * 3600 + leg / (30 / 3.6))
    assert row["arrive"] == "19:03" and row["depart"] == "19:33"
    assert p.totals["distance_km"] == pytest.approx(2 * leg / 1000)
    assert p.totals["priority_collected"] == 3 and p.totals["visited"] == 1 and p.totals["left_out"] == 0
    assert list(p.routes.geometry.iloc[0].coords) == [BASE, (120.61, 31.25), BASE]


def test_a_place_open_only_late_is_visited_when_open():
    c = _cands([("X", "夜间生产厂", 3, 30, 120.61, 31.25)]).assign(open_from="21:00", open_until="22:00")
    p = plan(c, [_team()], detour=1.4, point_km=10, seconds=0.3)
    assert p.stops.iloc[0]["start"] == "21:00"


def test_a_place_open_after_midnight_serves_a_night_shift():
    c = _cands([("X", "凌晨作业点", 3, 30, 120.61, 31.25)]).assign(open_from="00:30", open_until="03:00")
    p = plan(c, [_team(shift="22:00-02:00")], detour=1.4, point_km=10, seconds=0.3)
    assert p.stops.iloc[0]["start"] == "次日00:30"


def test_unreachable_and_crowded_out_places_say_why():
    # 3 places next to the base need 30 min each; a 19:00-20:00 shift holds one; one place is 150 km away
    c = _cands([("A", "甲", 5, 30, 120.601, 31.25), ("B", "乙", 3, 30, 120.602, 31.25),
                ("C", "丙", 2, 30, 120.603, 31.25), ("Z", "远", 9, 10, 122.2, 31.25)])
    p = plan(c, [_team(shift="19:00-20:00")], detour=1.4, point_km=10, seconds=0.3)
    assert p.stops["place_id"].tolist() == ["A"]
    why = dict(zip(p.left_out["place_id"], p.left_out["why"]))
    assert why["Z"].startswith("任何小组在班次内都无法往返") and why["B"].startswith("各组班次已排满")


def test_a_pin_out_of_reach_is_refused_by_name():
    c = _cands([("A", "甲", 5, 30, 120.61, 31.25), ("Z", "远处工厂", 1, 30, 122.2, 31.25)])
    c.loc[1, "pinned"] = True
    with pytest.raises(ValueError, match="必访点位“远处工厂”任何所选小组在班次内都无法往返"):
        plan(c, [_team()], detour=1.4, point_km=10, seconds=0.3)


def test_pins_that_do_not_fit_together_are_flagged():
    # two pinned places 30 min each, next to the base, in a 40-minute shift: each fits alone, not both
    c = _cands([("A", "甲", 5, 30, 120.601, 31.25), ("B", "乙", 5, 30, 120.602, 31.25)]).assign(pinned=True)
    p = plan(c, [_team(shift="19:00-19:40")], detour=1.4, point_km=10, seconds=0.3)
    assert p.totals["feasible"] is False


def test_a_team_taken_out_gets_nothing_and_two_teams_share():
    c = _cands([("A", "甲", 5, 100, 120.61, 31.25), ("B", "乙", 5, 100, 120.59, 31.25)])
    two = plan(c, [_team("T1", "19:00-21:00"), _team("T2", "19:00-21:00")], detour=1.4, point_km=10, seconds=0.3)
    assert sorted(two.stops["team_id"]) == ["T1", "T2"]
    one = plan(c, [_team("T2", "19:00-21:00")], detour=1.4, point_km=10, seconds=0.3)
    assert one.totals["visited"] == 1 and set(one.stops["team_id"]) == {"T2"}


def test_teams_from_the_layer(demo):
    ids = ["ZF320506-01", "ZF320583-02"]
    teams = teams_from_layer(demo["teams"], ids, parse_shift("19:00-23:30"), 25)
    assert [t.team_id for t in teams] == ids and teams[0].start == teams[0].end
    with pytest.raises(ValueError, match="找不到"):
        teams_from_layer(demo["teams"], ["nope"], parse_shift("19:00-23:30"), 25)


def test_greedy_plan_keeps_every_window(demo):
    c = candidates(demo, AS_OF, stale_days=90, weights=WEIGHTS, service_min=SERVICE, limit=60)
    teams = teams_from_layer(demo["teams"], ["ZF320506-01", "ZF320583-01"], parse_shift("19:00-23:30"), 30)
    p = plan(c, teams, detour=1.4, point_km=10, method="greedy")
    assert p.totals["visited"] > 0
    assert all(is_feasible(p.problem, k, r) for k, r in enumerate(p.solution.routes))


# --- exports -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_stop_plan():
    c = _cands([("A", "甲厂<&>", 5, 20, 120.61, 31.25), ("B", "乙厂", 4, 20, 120.62, 31.26)])
    return plan(c, [_team()], detour=1.4, point_km=10, seconds=0.3)


def test_gpx_reads_back_with_the_same_stops_in_order(two_stop_plan):
    p = two_stop_plan
    text = export.gpx(p.stops, p.routes.geometry.iloc[0], "T1组")
    doc = gpxpy.parse(text)
    names = [f"{s:02d} {n}" for s, n in zip(p.stops["seq"], p.stops["name"])]
    assert [w.name for w in doc.waypoints] == names
    assert [r.name for r in doc.routes[0].points] == names
    assert np.allclose([(w.longitude, w.latitude) for w in doc.waypoints], p.stops[["lon", "lat"]], atol=1e-7)
    assert len(doc.tracks[0].segments[0].points) == len(p.stops) + 2


def test_gcj02_export_moves_points_by_the_published_offset(two_stop_plan):
    p = two_stop_plan
    doc = gpxpy.parse(export.gpx(p.stops, None, "T1组", system="gcj02"))
    w = doc.waypoints[0]
    expected = crs.wgs84_to_gcj02(p.stops["lon"].iloc[0], p.stops["lat"].iloc[0])
    assert (w.longitude, w.latitude) == pytest.approx(expected, abs=1e-7)
    shift = crs.distance_m(w.longitude, w.latitude, p.stops["lon"].iloc[0], p.stops["lat"].iloc[0])
    assert 400 < shift < 600


def test_kml_has_the_stops_in_order_and_the_path(two_stop_plan):
    p = two_stop_plan
    root = ET.fromstring(export.kml(p.stops, p.routes.geometry.iloc[0], "T1组").encode("utf-8"))
    ns = {"k": export.KML_NS}
    names = [e.text for e in root.iterfind(".//k:Placemark/k:name", ns)]
    assert names[:-1] == [f"{s:02d} {n}" for s, n in zip(p.stops["seq"], p.stops["name"])]
    line = root.find(".//k:LineString/k:coordinates", ns).text.split()
    assert len(line) == len(p.stops) + 2


def test_excel_has_a_sheet_per_team_and_the_left_out(two_stop_plan):
    sheets = pd.read_excel(io.BytesIO(export.excel(two_stop_plan)), sheet_name=None)
    assert list(sheets) == ["汇总", "T1", "未安排"]
    assert sheets["T1"]["点位"].tolist() == two_stop_plan.stops["name"].tolist()
    assert sheets["T1"]["预计到达"].tolist() == two_stop_plan.stops["arrive"].tolist()


def test_an_unknown_system_is_refused(two_stop_plan):
    with pytest.raises(ValueError, match="坐标系"):
        export.gpx(two_stop_plan.stops, None, "T", system="bd09x")


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).map(str.strip).filter(bool)


@hsettings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(names, st.floats(119.9, 121.4), st.floats(30.7, 32.1)), min_size=1, max_size=8))
def test_gpx_round_trip(stops):
    frame = pd.DataFrame({
        "seq": range(1, len(stops) + 1), "name": [s[0] for s in stops], "lon": [s[1] for s in stops],
        "lat": [s[2] for s in stops], "arrive": "19:00", "reasons": "理由", "contact": "", "kind": "信访企业",
    })
    doc = gpxpy.parse(export.gpx(frame, None, "组"))
    assert [w.name for w in doc.waypoints] == [f"{k:02d} {n}" for k, n in zip(frame["seq"], frame["name"])]
    assert np.allclose([(w.longitude, w.latitude) for w in doc.waypoints], frame[["lon", "lat"]], atol=1e-7)


def test_every_kind_has_a_default_weight_and_service():
    from geo import settings

    assert set(parse_kind_numbers(settings.get("EMAP_ROUTE_WEIGHTS"))) == set(KINDS)
    assert set(parse_kind_numbers(settings.get("EMAP_ROUTE_SERVICE_MIN"))) == set(KINDS)


# --- the map -------------------------------------------------------------------------------------------


def test_map_has_routes_and_numbered_clickable_stops(two_stop_plan):
    import folium

    from geo.maps.layers import CLICKABLE
    from geo.routing import mapping

    m = folium.Map(tiles=None)
    mapping.add_routes(m, two_stop_plan)
    updates = mapping.route_updates(two_stop_plan, selected="T1")
    for group in updates:
        group.add_to(m)
    out = m.get_root().render()
    assert "route_stop" in CLICKABLE and '"layer":"route_stop"' in out
    assert 'L.emapShapes("routes"' in out and '"weight":6' in out
    assert out.count('class=\\"route-number\\"') == len(two_stop_plan.stops)
    assert "\\u7532\\u5382\\u0026lt;\\u0026amp;\\u0026gt;" in out  # the name 甲厂<&>, escaped, in folium's JSON


@hsettings(max_examples=40, deadline=None)
@given(st.integers(1, 50), st.integers(1, 500),
       st.lists(st.tuples(*[st.integers(0, 999)] * 6), min_size=1, max_size=15))
def test_solomon_text_round_trip(vehicles, capacity, rows):
    lines = ["R0", "", "VEHICLE", "NUMBER     CAPACITY", f"  {vehicles}  {capacity}", "", "CUSTOMER",
             "CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE TIME", ""]
    lines += [f"  {k:5d} " + " ".join(f"{v:8d}" for v in row) for k, row in enumerate(rows)]
    inst = solomon.parse("\n".join(lines))
    assert (inst.vehicles, inst.capacity) == (vehicles, capacity)
    assert inst.table[:, 1:].astype(int).tolist() == [list(r) for r in rows]
    assert inst.table[:, 0].tolist() == list(range(len(rows)))
