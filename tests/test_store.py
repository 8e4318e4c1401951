"""The store, on both backends (a GeoPackage file and a PostGIS database, the `store_location` fixture): round
trips, validation with Chinese messages, writes that land whole or not at all, writers from several processes,
and stores that cannot be opened explaining themselves in Chinese without server paths or passwords."""

import multiprocessing
import sys
import time
import types

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, Polygon

from geo import schema
from geo.store import GeoPackageStore, StoreError, open_store


@pytest.fixture()
def store(store_location):
    return open_store(store_location)


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


def snapshot(store):
    """Everything stored: the file's bytes for a GeoPackage, the version and every layer's rows for PostGIS."""
    if isinstance(store, GeoPackageStore):
        return store.path.read_bytes()
    layers = {}
    for name in store.layers():
        frame = store.read(name)
        if "geometry" in frame:
            frame = pd.DataFrame(frame).assign(geometry=frame.geometry.to_wkt())
        layers[name] = frame.to_json(date_format="iso")
    return store.version(), layers


def test_round_trip_keeps_types_and_geometry(store):
    store.write_all({"teams": teams(), "campaigns": campaigns()})
    back = store.read("teams")
    assert sorted(store.layers()) == ["campaigns", "teams"]
    assert back["members"].dtype == "Int64"
    assert back.crs == schema.CRS
    assert back.geometry.iloc[1].equals(teams().geometry.iloc[1])
    camp = store.read("campaigns")
    assert camp["start_date"].iloc[0] == pd.Timestamp("2020-09-27")
    assert "geometry" not in camp.columns


def problem(**overrides):
    row = {"problem_id": "p1", "district": "昆山市", "found_on": "2020-10-01", "origin": "现场检查",
           "category": "环境", "description": "d", "handling": "移交", "status": "整改中", "penalty_yuan": 0,
           "case_filed": "否", "source": "x"}
    return pd.DataFrame([{**row, **overrides}])


@pytest.mark.parametrize(
    "name, frame, column, expected",
    [
        ("problems", problem(case_filed="是"), "case_filed", True),
        ("problems", problem(penalty_yuan=12500.5), "penalty_yuan", 12500.5),
        ("problems", problem(deadline=None), "deadline", pd.NaT),
        ("problems", problem(deadline="2020-11-30"), "deadline", pd.Timestamp("2020-11-30")),
        ("problems", problem(description="<img src=x onerror=alert(1)> “引号” 'x'\n换行"), "description",
         "<img src=x onerror=alert(1)> “引号” 'x'\n换行"),
        ("teams", teams(1, member_names=[None]), "member_names", None),
        ("teams", teams(1, members=[7]), "members", 7),
    ],
    ids=["bool", "float", "null-date", "date", "html-and-quotes", "null-text", "int"],
)
def test_every_column_type_round_trips(store, name, frame, column, expected):
    store.write(name, frame)
    value = store.read(name)[column].iloc[0]
    assert (pd.isna(value) and pd.isna(expected)) if expected is None or expected is pd.NaT else value == expected


def test_polygons_are_stored_as_multipolygons_and_lines_as_lines(store):
    square = Polygon([(120.5, 31.2), (120.6, 31.2), (120.6, 31.3), (120.5, 31.2)])
    districts = gpd.GeoDataFrame({"adcode": ["320505"], "name": ["虎丘区"], "kind": ["district"]},
                                 geometry=[square], crs=schema.CRS)
    store.write("districts", districts)
    back = store.read("districts").geometry.iloc[0]
    assert back.geom_type == "MultiPolygon" and back.geoms[0].equals(square)


def test_demo_layers_read_back_alike_from_both_backends(demo, demo_store, postgis_url):
    """Every demo layer, written to PostGIS, reads back equal to what the GeoPackage gives: same columns,
    dtypes, values, row order and geometry."""
    server = open_store(postgis_url)
    server.write_all(demo)
    assert sorted(server.layers()) == sorted(demo_store.layers())
    for name in demo_store.layers():
        here, there = demo_store.read(name), server.read(name)
        assert there.geometry.geom_equals_exact(here.geometry, 1e-12).all() if "geometry" in here else True, name
        pd.testing.assert_frame_equal(pd.DataFrame(there).drop(columns="geometry", errors="ignore"),
                                      pd.DataFrame(here).drop(columns="geometry", errors="ignore"), obj=name)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"members": ["三"] * 2}, "第 1 行，列 members.*“三”不是整数"),
        ({"team_id": ["T1", "T1"]}, "第 2 行，主键 team_id 的值“T1”重复"),
        ({"name": [None, "x"]}, "第 1 行，必填列 name"),
    ],
    ids=["not-an-integer", "duplicate-key", "missing-value"],
)
def test_bad_rows_are_named_in_chinese(store, overrides, message):
    with pytest.raises(schema.SchemaError, match=message):
        store.write("teams", teams(**overrides))
    assert store.layers() == []


def test_disallowed_value_lists_what_is_accepted():
    with pytest.raises(schema.SchemaError, match="“噪声”不在允许范围内；可用：环境、安全、其他"):
        schema.validate("problems", problem(category="噪声"))
    assert schema.validate("campaigns", campaigns())["end_date"].iloc[0] == pd.Timestamp("2021-01-04")


def test_projected_coordinates_are_refused():
    frame = teams().to_crs(4549)
    with pytest.raises(schema.SchemaError, match="EPSG:4326"):
        schema.validate("teams", frame)


def test_failed_write_leaves_stored_data_untouched(store, tmp_path):
    store.write_all({"teams": teams(3), "campaigns": campaigns()})
    before = snapshot(store)
    with pytest.raises(schema.SchemaError):
        # the second layer is bad: the first must not land either
        store.write_all({"teams": teams(1), "campaigns": campaigns().assign(start_date="不是日期")})
    assert snapshot(store) == before
    assert len(store.read("teams")) == 3
    if isinstance(store, GeoPackageStore):  # no temporary file left behind
        assert sorted(p.name for p in tmp_path.iterdir()) == ["s.gpkg", "s.gpkg.lock"]


def test_missing_layer_and_unknown_store_explain_themselves(store, tmp_path):
    store.write("campaigns", campaigns())
    with pytest.raises(StoreError, match=f"{store.describe()} 中没有图层“检查记录”"):
        store.read("inspections")
    with pytest.raises(StoreError, match="“data.shp”不是 GeoPackage") as info:
        open_store(tmp_path / "data.shp")
    assert str(tmp_path) not in str(info.value)


def test_version_changes_with_every_write_and_only_then(store):
    seen = {store.version()}
    store.write("teams", teams(1))
    assert store.version() not in seen and store.version() == store.version()
    seen.add(store.version())
    store.append("teams", teams(2).iloc[1:])
    assert store.version() not in seen
    seen.add(store.version())
    with store.transaction() as tx:
        tx.read("teams")
    store.read("teams")
    assert store.version() in seen  # reading, and a block that wrote nothing, change nothing


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(st.text(min_size=1, max_size=12).filter(lambda s: s.strip() == s and "\x00" not in s),
                   min_size=1, max_size=5, unique=True),
    lon=st.floats(119.9, 121.4), lat=st.floats(30.7, 32.1),
)
def test_write_read_round_trip_property(store, names, lon, lat):
    n = len(names)
    frame = teams(n).assign(name=names, geometry=[Point(lon, lat)] * n)
    store.write("teams", frame)
    back = store.read("teams")
    assert back["name"].tolist() == names
    assert back.geometry.x.tolist() == pytest.approx([lon] * n, abs=1e-12)


def test_append_adds_rows_and_refuses_a_stored_key(store):
    store.append("teams", teams(2))
    store.append("teams", teams(3).iloc[2:])
    assert store.read("teams")["team_id"].tolist() == ["T0", "T1", "T2"]
    before = snapshot(store)
    with pytest.raises(StoreError, match="已有主键 team_id=“T0”"):
        store.append("teams", teams(2))
    assert snapshot(store) == before


def _append_one(location: str, i: int, start) -> None:
    start.wait(60)
    open_store(location).append("teams", teams(1, team_id=[f"P{i}"]))


def _read_modify_write(location: str, i: int, start) -> None:
    """An import that reads the layer and writes it back whole, slowly: only the writers' lock keeps it from
    overwriting rows another process added in between."""
    store = open_store(location)
    start.wait(60)
    with store.transaction() as tx:
        current = tx.read("teams")
        time.sleep(0.5)  # the other import starts meanwhile
        tx.write("teams", pd.concat([current, teams(1, team_id=[f"W{i}"])], ignore_index=True))


def _in_processes(target, location: str, n: int) -> None:
    """Run `target(location, i, start)` in n processes that begin together once all are up."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(n)
    workers = [context.Process(target=target, args=(location, i, start)) for i in range(n)]
    # A spawned child re-runs the parent's __main__; after an AppTest (test_pages) that is dashboard.py.
    main, sys.modules["__main__"] = sys.modules["__main__"], types.ModuleType("__main__")
    try:
        for w in workers:
            w.start()
    finally:
        sys.modules["__main__"] = main
    for w in workers:
        w.join(90)
    assert [w.exitcode for w in workers] == [0] * n


def test_appends_from_several_processes_at_once_all_land(store_location):
    open_store(store_location).append("teams", teams(1))
    _in_processes(_append_one, store_location, 4)
    assert sorted(open_store(store_location).read("teams")["team_id"]) == ["P0", "P1", "P2", "P3", "T0"]


def test_two_imports_rewriting_a_layer_at_the_same_moment_both_land(store_location):
    open_store(store_location).write("teams", teams(1))
    _in_processes(_read_modify_write, store_location, 2)
    assert sorted(open_store(store_location).read("teams")["team_id"]) == ["T0", "W0", "W1"]


def test_a_transaction_lands_whole_or_not_at_all(store):
    store.write_all({"teams": teams(1), "campaigns": campaigns()})
    before = snapshot(store)
    with pytest.raises(RuntimeError, match="half-way"):
        with store.transaction() as tx:
            tx.append("teams", teams(2).iloc[1:])
            assert len(tx.read("teams")) == 2  # the block sees its own staged rows
            raise RuntimeError("half-way")
    assert snapshot(store) == before
    with store.transaction() as tx:
        tx.append("teams", teams(2).iloc[1:])
        tx.write("campaigns", campaigns().assign(document="新文号"))
        assert sorted(tx.layers()) == ["campaigns", "teams"]
    assert len(store.read("teams")) == 2 and store.read("campaigns")["document"].iloc[0] == "新文号"


def test_a_transaction_refuses_a_key_appended_earlier_in_the_same_block(store):
    store.append("teams", teams(1))
    before = snapshot(store)
    with pytest.raises(StoreError, match="已有主键 team_id=“T1”"):
        with store.transaction() as tx:
            tx.append("teams", teams(2).iloc[1:])
            tx.append("teams", teams(2).iloc[1:])
    assert snapshot(store) == before


def test_a_writer_waiting_too_long_for_the_lock_gives_up_with_a_message(store):
    store.write("teams", teams(1))
    before = snapshot(store)
    impatient = type(store)(store.location(), lock_timeout=0.3)
    holder = store.transaction()
    holder.__enter__()  # another import holds the writers' lock
    try:
        with pytest.raises(StoreError, match=f"{impatient.describe()} 正由另一个写入（导入）占用，等待 0.3 秒"):
            impatient.append("teams", teams(2).iloc[1:])
        assert len(impatient.read("teams")) == 1  # readers are not blocked
    finally:
        holder.__exit__(None, None, None)
    assert snapshot(store) == before
    impatient.append("teams", teams(2).iloc[1:])


# --- stores that cannot be opened: a Chinese message naming the store and what to do, no path, no password ----

def _missing(path):
    return path


def _truncated(path):
    GeoPackageStore(path).write("teams", teams(3))
    path.write_bytes(path.read_bytes()[:3000])
    return path


def _not_a_geopackage(path):
    path.write_bytes(b"PK\x03\x04 a zip someone renamed")
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (_missing, "数据文件 demo.gpkg 不存在；示例数据可运行 make demo"),
        (_truncated, "数据文件 demo.gpkg 已损坏或不是有效的 GeoPackage.*请从备份恢复"),
        (_not_a_geopackage, "数据文件 demo.gpkg 已损坏或不是有效的 GeoPackage"),
    ],
    ids=["missing", "truncated", "not-a-geopackage"],
)
def test_a_geopackage_that_cannot_be_opened_explains_itself(tmp_path, make, message):
    path = make(tmp_path / "demo.gpkg")
    before = path.read_bytes() if path.exists() else None
    store = open_store(path)
    with pytest.raises(StoreError, match=message) as info:
        store.read("teams")
    assert str(tmp_path) not in str(info.value) and "Traceback" not in str(info.value)
    if before is not None:  # a damaged file is refused for writing too, and left as it was for recovery
        with pytest.raises(StoreError, match="已损坏"):
            store.append("teams", teams(1, team_id=["X"]))
        assert path.read_bytes() == before


def _down(url):
    from tests.pg_cluster import free_port

    return url.replace(url.split("@")[1].split("/")[0], f"127.0.0.1:{free_port()}")


def _wrong_password(url):
    return url.replace(url.split("//")[1].split("@")[0], "emap:not-the-password")


def _unknown_database(url):
    return url.replace("/emap_test", "/no_such_db")


def _no_postgis(url):
    """A database without PostGIS, opened by a user who may create tables but not install extensions."""
    import psycopg

    admin = url.replace("/emap_test", "/postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS emap_plain")
        conn.execute("DROP ROLE IF EXISTS emap_plain")
        conn.execute("CREATE ROLE emap_plain LOGIN PASSWORD 'plain'")
        conn.execute("CREATE DATABASE emap_plain OWNER emap_plain")
    host = url.split("@")[1].split("/")[0]
    return f"postgresql://emap_plain:plain@{host}/emap_plain"


@pytest.mark.parametrize(
    "make, message",
    [
        (_down, r"无法连接 PostgreSQL 数据库 emap_test（127\.0\.0\.1:\d+）：数据库服务器未启动、已停止或网络不通"),
        (_wrong_password, r"PostgreSQL 数据库 emap_test（127\.0\.0\.1:\d+） 拒绝登录：用户名或密码不对"),
        (_unknown_database, r"PostgreSQL 数据库 no_such_db（.*） 不存在；请数据库管理员创建该数据库"),
        (_no_postgis, r"PostgreSQL 数据库 emap_plain（.*） 没有安装 PostGIS 扩展.*CREATE EXTENSION postgis"),
    ],
    ids=["down", "wrong-password", "unknown-database", "no-postgis"],
)
def test_a_database_that_cannot_be_opened_explains_itself(postgis_database, make, message):
    from tests.pg_cluster import PASSWORD

    store = open_store(make(postgis_database))
    with pytest.raises(StoreError, match=message) as info:
        store.write("teams", teams(1))
        store.read("teams")
    text = str(info.value)
    assert PASSWORD not in text and "not-the-password" not in text and "plain@" not in text


def test_a_bad_database_url_is_named_without_echoing_it():
    with pytest.raises(StoreError, match="数据库地址格式不对") as info:
        open_store("postgresql://emap:secret@[::1/emap")
    assert "secret" not in str(info.value)


def test_the_read_connection_comes_back_after_the_server_drops_it(postgis_url):
    import psycopg

    store = open_store(postgis_url)
    store.write("teams", teams(1))
    assert len(store.read("teams")) == 1
    with psycopg.connect(postgis_url, autocommit=True) as conn:  # a server restart ends every session
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE application_name = 'emap' AND pid <> pg_backend_pid()")
    assert len(store.read("teams")) == 1


def test_missing_postgres_binaries_fail_with_the_install_command(monkeypatch):
    from tests import pg_cluster

    monkeypatch.delenv("EMAP_PG_BINDIR", raising=False)
    monkeypatch.setattr(pg_cluster.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(pg_cluster.shutil, "which", lambda name: None)
    with pytest.raises(pg_cluster.ClusterUnavailable, match="make postgis.*EMAP_TEST_NO_POSTGIS=1"):
        pg_cluster.bindir()


def test_stored_data_breaking_the_data_model_are_reported_as_the_stores_problem(store):
    store.write("problems", problem())
    if isinstance(store, GeoPackageStore):
        import sqlite3

        with sqlite3.connect(store.path) as conn:  # edited by hand, outside the app
            conn.execute("UPDATE problems SET category = '噪声'")
    else:
        import psycopg

        with psycopg.connect(store.location()) as conn:
            conn.execute("UPDATE problems SET category = '噪声'")
    with pytest.raises(StoreError, match=f"{store.describe()} 中的数据不符合数据模型：.*“噪声”不在允许范围内"):
        store.read("problems")


def test_a_table_made_outside_the_app_is_read_and_brought_to_the_declared_columns(postgis_url):
    """A layer loaded by an administrator (e.g. with ogr2ogr) lacks emap_fid and optional columns: it reads, and
    the first append rewrites it with the declared columns, keeping its rows."""
    import psycopg

    with psycopg.connect(postgis_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE teams (team_id text, name text, district text, base text, members int, "
                     "source text, geometry geometry(Point, 4326))")
        conn.execute("INSERT INTO teams VALUES ('A1', '甲组', '昆山市', '昆山执法局', 3, 'x', "
                     "ST_SetSRID(ST_MakePoint(120.98, 31.38), 4326))")
    store = open_store(postgis_url)
    assert store.read("teams")["team_id"].tolist() == ["A1"]
    store.append("teams", teams(1))
    back = store.read("teams")
    assert back["team_id"].tolist() == ["A1", "T0"] and back.geometry.iloc[0].equals(Point(120.98, 31.38))
    with psycopg.connect(postgis_url) as conn:
        columns = [r[0] for r in conn.execute("SELECT column_name FROM information_schema.columns WHERE "
                                              "table_name = 'teams' AND table_schema = current_schema() "
                                              "ORDER BY ordinal_position")]
    assert columns == ["emap_fid", *schema.LAYERS["teams"].column_names, "geometry"]


def test_an_empty_layer_round_trips(store):
    store.write_all({"teams": teams(0), "campaigns": campaigns().iloc[:0]})
    assert len(store.read("teams")) == 0 and len(store.read("campaigns")) == 0
    assert list(store.read("teams").columns) == [*schema.LAYERS["teams"].column_names, "geometry"]
    store.append("teams", teams(1))
    assert store.read("teams")["team_id"].tolist() == ["T0"]
