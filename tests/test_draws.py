"""双随机: the same pool, ratio and seed give the same firms and inspectors; every draw is logged, append-only."""

from __future__ import annotations

import math
from datetime import date

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings as hsettings, strategies as st

from geo import draws
from geo.routing.candidates import candidates
from geo.store import GeoPackageStore

WHEN = pd.Timestamp("2020-10-17 18:00:00").to_pydatetime()


def _firms_frame():
    codes = [f"9132050{k:02d}" for k in range(20)]
    return gpd.GeoDataFrame({
        "credit_code": codes, "name": [f"企业{k}" for k in range(20)],
        "district": ["昆山市"] * 10 + ["吴江区"] * 10,
        "tags": ["信访" if k % 4 == 0 else ("危废、重点VOCs" if k % 4 == 1 else None) for k in range(20)],
        "industry": "机械", "source": "测试",
    }, geometry=[shapely.Point(120.9 + k / 100, 31.3) for k in range(20)], crs="EPSG:4326")


@pytest.fixture()
def firms():
    return _firms_frame()


@pytest.fixture()
def teams():
    return pd.DataFrame({"team_id": ["T1", "T2"], "member_names": ["张三、李四、王五", "赵六、钱七"]})


def _draw(firms, teams, **kw):
    args = {"ratio": 0.25, "team_ids": ["T1", "T2"], "inspectors": 2, "drawn_by": "王科长", "seed": 42, "now": WHEN}
    return draws.draw(firms, teams, **{**args, **kw})


def test_same_seed_same_draw_whatever_the_row_order(firms, teams):
    a = _draw(firms, teams)
    b = _draw(firms.iloc[::-1], teams)
    assert a.record["targets"] == b.record["targets"] and a.record["inspectors"] == b.record["inspectors"]
    assert a.record["target_count"] == 5 and len(a.record["inspectors"].split("、")) == 2


def test_another_seed_draws_otherwise(firms, teams):
    results = {_draw(firms, teams, seed=s).record["targets"] for s in range(10)}
    assert len(results) > 5


@pytest.mark.parametrize("ratio, districts, tags, count, pool_size", [
    (0.05, (), (), 1, 20),
    (0.25, (), (), 5, 20),
    (1.0, (), (), 20, 20),
    (0.5, ("昆山市",), (), 5, 10),
    (0.5, (), ("信访",), 3, 5),
    (0.5, ("吴江区",), ("危废", "信访"), 2, 4),  # k = 12, 13, 16, 17
])
def test_pool_and_ratio(firms, teams, ratio, districts, tags, count, pool_size):
    r = _draw(firms, teams, ratio=ratio, districts=districts, tags=tags)
    assert (r.record["target_count"], r.record["pool_size"]) == (count, pool_size)
    pool = draws.pool(firms, districts, tags)
    assert set(r.targets["credit_code"]) <= set(pool["credit_code"])


@pytest.mark.parametrize("kw, words", [
    ({"ratio": 0}, "0 到 1"),
    ({"ratio": 1.5}, "0 到 1"),
    ({"drawn_by": " "}, "抽取人"),
    ({"districts": ("姑苏区",)}, "对象库为空"),
    ({"inspectors": 6}, "1 到 5"),
    ({"team_ids": ["T9"]}, "找不到"),
])
def test_bad_requests_are_refused(firms, teams, kw, words):
    with pytest.raises(draws.DrawError, match=words):
        _draw(firms, teams, **kw)


def test_logged_draws_replay_from_the_store(firms, teams, tmp_path):
    store = GeoPackageStore(tmp_path / "d.gpkg")
    store.write("enterprises", firms)
    first = _draw(firms, teams, seed=7, tags=("信访",))
    second = _draw(firms, teams, seed=8, now=WHEN.replace(hour=19))
    draws.log(store, first)
    draws.log(store, second)
    logged = draws.history(store)
    assert logged["draw_id"].tolist() == [second.record["draw_id"], first.record["draw_id"]]
    for _, row in logged.iterrows():
        assert draws.reproduces(row, store.read("enterprises"), teams)
    stored = logged.set_index("draw_id").loc[first.record["draw_id"]]
    assert (stored["drawn_by"], stored["seed"], stored["ratio"], stored["tags"]) == ("王科长", 7, 0.25, "信访")
    with pytest.raises(Exception):
        draws.log(store, first)  # a draw is logged once: the store refuses a key already there


def test_a_tampered_record_does_not_reproduce(firms, teams):
    record = dict(_draw(firms, teams).record)
    record["targets"] = "、".join(reversed(record["targets"].split("、")))
    assert not draws.reproduces(record, firms, teams)


def test_a_changed_pool_is_detected(firms, teams):
    record = _draw(firms, teams).record
    with pytest.raises(draws.DrawError, match="对象库已变化"):
        draws.replay(record, firms.iloc[1:], teams)


def test_history_of_a_store_without_draws(tmp_path, firms):
    store = GeoPackageStore(tmp_path / "e.gpkg")
    store.write("enterprises", firms)
    assert draws.history(store).empty


def test_a_draw_feeds_the_planner(firms, teams):
    r = _draw(firms, teams, ratio=0.1)
    c = candidates({"enterprises": firms}, date(2020, 10, 17), stale_days=90, weights={"drawn": 4},
                   service_min={"drawn": 40}, kinds=("drawn",), drawn=draws.targets_of(r.record))
    assert set(c["place_id"]) == {"E:" + code for code in r.targets["credit_code"]}
    assert (c["reasons"] == "双随机抽查抽中").all()


@hsettings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), ratio=st.floats(0.01, 1.0), people=st.integers(1, 5),
       order=st.permutations(list(range(20))))
def test_any_draw_replays_from_its_record(seed, ratio, people, order):
    firms = _firms_frame()
    teams = pd.DataFrame({"team_id": ["T1", "T2"], "member_names": ["张三、李四、王五", "赵六、钱七"]})
    made = draws.draw(firms, teams, ratio=ratio, team_ids=["T1", "T2"], inspectors=people, drawn_by="甲", seed=seed,
                      now=WHEN)
    assert made.record["target_count"] == math.ceil(ratio * 20 - 1e-9)
    assert len(set(made.record["targets"].split("、"))) == made.record["target_count"]
    assert draws.reproduces(made.record, firms.iloc[list(order)], teams)
