"""The GeoPackage store: round trips, validation with Chinese messages, and writes that land whole or not at all."""

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from geo import schema
from geo.store import GeoPackageStore, StoreError, open_store


def teams(n=2, **overrides):
    frame = gpd.GeoDataFrame(
        {
            "team_id": [f"T{i}" for i in range(n)],
            "name": [f"第{i}组" for i in range(n)],
            "district": ["昆山市"] * n,
            "base": ["昆山执法局"] * n,
            "members": [3] * n,
            "source": [schema.DEMO_LABEL] * n,
        },
        geometry=[Point(120.98 + i / 100, 31.38) for i in range(n)],
        crs=schema.CRS,
    )
    for column, value in overrides.items():
        frame[column] = value
    return frame


def campaigns():
    return pd.DataFrame(
        {"campaign": ["百日会战"], "document": ["苏环办〔2020〕312号"], "start_date": ["2020-09-27"],
         "end_date": ["2021-01-04"], "source": [schema.DEMO_LABEL]}
    )


def test_round_trip_keeps_types_and_geometry(tmp_path):
    store = GeoPackageStore(tmp_path / "s.gpkg")
    store.write_all({"teams": teams(), "campaigns": campaigns()})
    back = store.read("teams")
    assert sorted(store.layers()) == ["campaigns", "teams"]
    assert back["members"].dtype == "Int64"
    assert back.geometry.iloc[1].equals(teams().geometry.iloc[1])
    camp = store.read("campaigns")
    assert camp["start_date"].iloc[0] == pd.Timestamp("2020-09-27")
    assert "geometry" not in camp.columns


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"members": ["三"] * 2}, "第 1 行，列 members.*“三”不是整数"),
        ({"team_id": ["T1", "T1"]}, "第 2 行，主键 team_id 的值“T1”重复"),
        ({"name": [None, "x"]}, "第 1 行，必填列 name"),
    ],
)
def test_bad_rows_are_named_in_chinese(tmp_path, overrides, message):
    with pytest.raises(schema.SchemaError, match=message):
        GeoPackageStore(tmp_path / "s.gpkg").write("teams", teams(**overrides))


def test_disallowed_value_lists_what_is_accepted():
    frame = campaigns()
    problems = pd.DataFrame({"problem_id": ["p"], "district": ["昆山市"], "found_on": ["2020-10-01"],
                             "origin": ["现场检查"], "category": ["噪声"], "description": ["d"], "handling": ["移交"],
                             "status": ["整改中"], "penalty_yuan": [0], "case_filed": ["否"], "source": ["x"]})
    with pytest.raises(schema.SchemaError, match="“噪声”不在允许范围内；可用：环境、安全、其他"):
        schema.validate("problems", problems)
    assert schema.validate("campaigns", frame)["end_date"].iloc[0] == pd.Timestamp("2021-01-04")


def test_projected_coordinates_are_refused():
    frame = teams().to_crs(4549)
    with pytest.raises(schema.SchemaError, match="EPSG:4326"):
        schema.validate("teams", frame)


def test_failed_write_leaves_stored_data_untouched(tmp_path):
    store = GeoPackageStore(tmp_path / "s.gpkg")
    store.write_all({"teams": teams(3), "campaigns": campaigns()})
    before = (tmp_path / "s.gpkg").read_bytes()
    with pytest.raises(schema.SchemaError):
        # the second layer is bad: the first must not land either
        store.write_all({"teams": teams(1), "campaigns": campaigns().assign(start_date="不是日期")})
    assert (tmp_path / "s.gpkg").read_bytes() == before
    assert len(store.read("teams")) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.gpkg", "s.gpkg.lock"]  # no temporary file left behind


def test_missing_layer_and_unknown_store_explain_themselves(tmp_path):
    store = GeoPackageStore(tmp_path / "none.gpkg")
    with pytest.raises(StoreError, match="没有图层“检查记录”"):
        store.read("inspections")
    with pytest.raises(StoreError, match="不是 GeoPackage"):
        open_store(tmp_path / "data.shp")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(st.text(min_size=1, max_size=12).filter(lambda s: s.strip() == s and "\x00" not in s),
                   min_size=1, max_size=5, unique=True),
    lon=st.floats(119.9, 121.4), lat=st.floats(30.7, 32.1),
)
def test_write_read_round_trip_property(tmp_path, names, lon, lat):
    n = len(names)
    frame = teams(n).assign(name=names, geometry=[Point(lon, lat)] * n)
    store = GeoPackageStore(tmp_path / "p.gpkg")
    store.write("teams", frame)
    back = store.read("teams")
    assert back["name"].tolist() == names
    assert back.geometry.x.tolist() == pytest.approx([lon] * n, abs=1e-12)


def test_append_adds_rows_and_refuses_a_stored_key(tmp_path):
    store = GeoPackageStore(tmp_path / "s.gpkg")
    store.append("teams", teams(2))
    store.append("teams", teams(3).iloc[2:])
    assert store.read("teams")["team_id"].tolist() == ["T0", "T1", "T2"]
    before = (tmp_path / "s.gpkg").read_bytes()
    with pytest.raises(StoreError, match="已有主键 team_id=“T0”"):
        store.append("teams", teams(2))
    assert (tmp_path / "s.gpkg").read_bytes() == before


def _append_one(path: str, i: int) -> None:
    GeoPackageStore(path).append("teams", teams(1, team_id=[f"P{i}"]))


def test_appends_from_two_processes_at_once_both_land(tmp_path):
    import multiprocessing

    path = str(tmp_path / "s.gpkg")
    GeoPackageStore(path).append("teams", teams(1))
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_one, args=(path, i)) for i in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert all(w.exitcode == 0 for w in workers)
    assert sorted(GeoPackageStore(path).read("teams")["team_id"]) == ["P0", "P1", "P2", "P3", "T0"]


def test_a_transaction_lands_whole_or_not_at_all(tmp_path):
    store = GeoPackageStore(tmp_path / "s.gpkg")
    store.write_all({"teams": teams(1), "campaigns": campaigns()})
    before = (tmp_path / "s.gpkg").read_bytes()
    with pytest.raises(RuntimeError, match="half-way"):
        with store.transaction() as tx:
            tx.append("teams", teams(2).iloc[1:])
            assert len(tx.read("teams")) == 2  # the block sees its own staged rows
            raise RuntimeError("half-way")
    assert (tmp_path / "s.gpkg").read_bytes() == before
    with store.transaction() as tx:
        tx.append("teams", teams(2).iloc[1:])
        tx.write("campaigns", campaigns().assign(document="新文号"))
    assert len(store.read("teams")) == 2 and store.read("campaigns")["document"].iloc[0] == "新文号"
