"""geo.network on small hand-built networks: lines drawn in metres (EPSG:4549), stored in WGS84 as the app
stores them, so every expected length below is exact to the centimetre."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from geo import crs, network
from geo.network import Network, NetworkError, Place

X0, Y0 = 560_000.0, 3_464_000.0  # metres in EPSG:4549, near 苏州 (120.6°E, 31.3°N)


def rivers(spec: dict[str, tuple[str | None, list[tuple[float, float]]]]) -> gpd.GeoDataFrame:
    """spec: reach_id -> (flows_into, [(x, y) in metres from X0, Y0, upstream end first])."""
    rows = [{"reach_id": r, "flows_into": into, "geometry": LineString([(X0 + x, Y0 + y) for x, y in pts])}
            for r, (into, pts) in spec.items()]
    return crs.from_metric(gpd.GeoDataFrame(rows, geometry="geometry", crs=crs.METRIC))


def points(xy: list[tuple[float, float]], **columns) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(columns, geometry=[Point(X0 + x, Y0 + y) for x, y in xy], crs=crs.METRIC)
    return crs.from_metric(frame)


def wgs(x: float, y: float) -> tuple[float, float]:
    p = points([(x, y)]).geometry.iloc[0]
    return p.x, p.y


# A: 1 km chain A -> B -> C running north to south.
CHAIN = {
    "A": ("B", [(0, 3000), (0, 2000)]),
    "B": ("C", [(0, 2000), (0, 1000)]),
    "C": (None, [(0, 1000), (0, 0)]),
}
# Two streams meet: L and R flow into M, M into N.
CONFLUENCE = {
    "L": ("M", [(-1000, 2000), (0, 1000)]),
    "R": ("M", [(1000, 2000), (0, 1000)]),
    "M": ("N", [(0, 1000), (0, 0)]),
    "N": (None, [(0, 0), (0, -1000)]),
}
# Main reach S (2 km, north to south) with two side streams entering part-way: U at 500 m, D at 1500 m;
# T feeds U. The section sits at 1000 m, between the two.
TWO_INFLOWS = {
    "P": ("S", [(0, 3000), (0, 2000)]),
    "S": (None, [(0, 2000), (0, 0)]),
    "U": ("S", [(-800, 1500), (0, 1500)]),
    "T": ("U", [(-800, 2300), (-800, 1500)]),
    "D": ("S", [(800, 500), (0, 500)]),
}


@pytest.mark.parametrize(
    "spec, reach, up, down",
    [
        (CHAIN, "A", [], ["B", "C"]),
        (CHAIN, "B", ["A"], ["C"]),
        (CHAIN, "C", ["B", "A"], []),
        (CONFLUENCE, "M", ["L", "R"], ["N"]),
        (CONFLUENCE, "N", ["M", "L", "R"], []),
        (CONFLUENCE, "L", [], ["M", "N"]),
        (TWO_INFLOWS, "S", ["P", "U", "D", "T"], []),
        (TWO_INFLOWS, "T", [], ["U", "S"]),
    ],
)
def test_upstream_and_downstream_of_a_reach(spec, reach, up, down):
    net = Network(rivers(spec))
    assert net.problems == []
    assert sorted(net.upstream(reach)) == sorted(up)
    assert net.downstream(reach) == down


def test_tributaries_know_where_they_join():
    net = Network(rivers(TWO_INFLOWS))
    assert net.join_at == pytest.approx({"P": 0.0, "U": 500.0, "T": 0.0, "D": 1500.0}, abs=0.01)
    assert net.length["S"] == pytest.approx(2000.0, abs=0.01)


@pytest.mark.parametrize(
    "at_m, expected",
    [
        (1000.0, {"S", "P", "U", "T"}),  # between the two inflows: D enters below
        (100.0, {"S", "P"}),  # above both
        (1999.0, {"S", "P", "U", "T", "D"}),  # below both
        (500.0, {"S", "P", "U", "T"}),  # right at U's mouth
    ],
)
def test_upstream_of_a_section_counts_only_inflows_above_it(at_m, expected):
    net = Network(rivers(TWO_INFLOWS))
    assert set(net.upstream_of(Place("S", at_m))) == expected


@pytest.mark.parametrize(
    "a, b, metres",
    [
        (Place("A", 200), Place("C", 300), 800 + 1000 + 300),
        (Place("C", 300), Place("A", 200), 2100),  # either order
        (Place("B", 100), Place("B", 900), 800),
        (Place("A", 0), Place("A", 0), 0),
    ],
)
def test_flow_distance_along_a_chain(a, b, metres):
    assert Network(rivers(CHAIN)).flow_distance_m(a, b) == pytest.approx(metres, abs=0.01)


@pytest.mark.parametrize(
    "a, b, metres",
    [
        (Place("T", 300), Place("S", 1000), 500 + 800 + 500),  # T's rest, U (T joins at its head), S from 500 m
        (Place("U", 0), Place("S", 1500), 800 + 1000),
        (Place("D", 0), Place("S", 1999), 800 + 499),
        (Place("D", 0), Place("S", 1000), None),  # D enters below 1000 m: its water never passes there
        (Place("U", 0), Place("D", 0), None),  # separate branches
    ],
)
def test_flow_distance_through_side_streams(a, b, metres):
    got = Network(rivers(TWO_INFLOWS)).flow_distance_m(a, b)
    assert got == (pytest.approx(metres, abs=0.01) if metres is not None else None)


def test_locate_finds_the_nearest_reach_and_the_position():
    net = Network(rivers(TWO_INFLOWS))
    place = net.locate(*wgs(30, 1200))
    assert place.reach_id == "S"
    assert place.at_m == pytest.approx(800, abs=0.05) and place.off_m == pytest.approx(30, abs=0.05)
    on_u = net.locate(*wgs(30, 1200), reach_id="U")
    assert on_u.reach_id == "U" and on_u.at_m == pytest.approx(800, abs=0.05)


# --- broken topology -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec, names",
    [
        ({"A": ("B", [(0, 2), (0, 1)]), "B": ("C", [(0, 1), (0, 0)]), "C": ("A", [(0, 0), (0, 2)])}, ["A", "B", "C"]),
        ({"A": ("A", [(0, 1), (0, 0)])}, ["A"]),  # flows into itself
        ({"A": ("B", [(0, 2), (0, 1)]), "B": ("A", [(0, 1), (0, 2)]), "Z": ("A", [(5, 5), (0, 2)])}, ["A", "B"]),
    ],
)
def test_a_loop_is_reported_with_its_reaches_and_traces_end(spec, names):
    net = Network(rivers(spec))
    assert len(net.problems) == 1 and "成环" in net.problems[0]
    assert all(f"{name}" in net.problems[0] for name in names)
    for reach in spec:  # every trace terminates and never lists a reach twice
        down, up = net.downstream(reach), net.upstream(reach)
        assert len(down) == len(set(down)) and len(up) == len(set(up))
    with pytest.raises(NetworkError, match="成环"):
        Network(rivers(spec), strict=True)


def test_a_missing_reach_is_reported_and_treated_as_no_outflow():
    spec = {**CHAIN, "B": ("Q", [(0, 2000), (0, 1000)])}
    net = Network(rivers(spec))
    assert net.problems == ["河段“B”的下游河段（flows_into）“Q”不存在；按无下游处理"]
    assert net.downstream("A") == ["B"] and net.upstream("C") == []
    assert net.flow_distance_m(Place("A", 0), Place("C", 0)) is None
    with pytest.raises(NetworkError, match="“Q”不存在"):
        Network(rivers(spec), strict=True)


def test_duplicate_reach_ids_are_reported():
    frame = pd.concat([rivers(CHAIN), rivers({"A": (None, [(5, 5), (6, 6)])})], ignore_index=True)
    assert Network(frame).problems == ["河段编号“A”重复；只用第一条"]


def test_unknown_reach_and_missing_columns_are_named():
    net = Network(rivers(CHAIN))
    with pytest.raises(NetworkError, match="“X”不在河网中"):
        net.upstream("X")
    with pytest.raises(NetworkError, match="flows_into"):
        Network(rivers(CHAIN).drop(columns="flows_into"))


def test_flows_into_may_be_empty_text_or_nan():
    frame = rivers(CHAIN)
    frame["flows_into"] = ["B", "C", ""]
    assert Network(frame).down["C"] is None
    frame["flows_into"] = ["B", "C", np.nan]
    assert Network(frame).problems == []


# --- sections, snapping, riverside firms --------------------------------------------------------------


def test_sections_downstream_of_an_outlet_nearest_first():
    net = Network(rivers(TWO_INFLOWS))
    sections = points([(0, 1000), (0, 200), (0, 2500), (800, 500)], section_id=["S1", "S2", "P1", "D1"],
                      reach_id=["S", "S", "P", "D"])
    found = network.sections_downstream(net, sections, net.locate(*wgs(-400, 1500), reach_id="U"))
    assert found["section_id"].tolist() == ["S1", "S2"]
    assert found["distance_m"].tolist() == pytest.approx([400 + 500, 400 + 1300], abs=0.05)


@pytest.mark.parametrize(
    "xy, max_m, reach, too_far",
    [
        ((50, 1800), 200, "S", False),
        ((-400, 1560), 200, "U", False),  # 60 m from U, 400 m from T and S
        ((500, 2600), 200, None, True),  # 500 m from P, 781 m from S
        ((500, 2600), 600, "P", False),  # a wider limit attaches it
    ],
)
def test_snap_outlets(xy, max_m, reach, too_far):
    outlets = points([xy], outlet_id=["PK1"])
    snapped = network.snap_outlets(outlets, rivers(TWO_INFLOWS), max_m=max_m)
    assert snapped.index.equals(outlets.index)
    assert snapped["reach_id"].iloc[0] == reach
    assert bool(snapped["too_far"].iloc[0]) is too_far


def test_snap_outlets_reports_the_distance_and_reads_the_setting(monkeypatch):
    outlets = points([(50, 1800), (500, 2600)], outlet_id=["PK1", "PK2"])
    monkeypatch.setenv("EMAP_SNAP_M", "100")
    snapped = network.snap_outlets(outlets, rivers(TWO_INFLOWS))
    assert snapped["snap_m"].tolist() == pytest.approx([50, 500], abs=0.05)
    assert snapped["reach_id"].tolist() == ["S", None] and snapped["too_far"].tolist() == [False, True]


def test_riverside_firms_by_distance_or_by_owning_an_outlet():
    firms = points([(100, 1000), (3000, 1000), (-800, 2000)], credit_code=["near", "far", "t-side"])
    outlets = pd.DataFrame({"outlet_id": ["PK1", "PK2"], "owner_code": ["far", None], "reach_id": ["D", "S"]})
    got = network.riverside_firms(firms, rivers(TWO_INFLOWS), outlets, buffer_m=300)
    rows = {(r.credit_code, r.reach_id, r.how) for r in got.itertuples()}
    assert rows == {("far", "D", "排口业主"), ("near", "S", "沿河"), ("t-side", "T", "沿河")}
    assert got.set_index("credit_code").loc["near", "distance_m"] == pytest.approx(100, abs=0.05)


@pytest.mark.parametrize(
    "xy, max_m, expected",
    [((-400, 1530), 100, ["U", "S"]), ((50, 2500), 100, ["P", "S"]), ((3000, 3000), 100, [])],
)
def test_downstream_of_a_point(xy, max_m, expected):
    assert network.downstream_of_point(Network(rivers(TWO_INFLOWS)), *wgs(*xy), max_m=max_m) == expected


def test_downstream_of_a_firm_through_its_outlets_or_its_nearest_reach():
    net = Network(rivers(TWO_INFLOWS))
    outlets = points([(-800, 2000), (400, 500)], outlet_id=["PK1", "PK2"], owner_code=["F1", "F1"],
                     reach_id=["T", "D"])
    firms = points([(2000, 2000), (-300, 1550), (3000, 3000)], credit_code=["F1", "F2", "F3"])
    assert network.downstream_of_firm(net, firms.iloc[0], outlets) == ["T", "U", "S", "D"]
    assert network.downstream_of_firm(net, firms.iloc[1], outlets, buffer_m=100) == ["U", "S"]
    assert network.downstream_of_firm(net, firms.iloc[2], outlets, buffer_m=100) == []
