"""geo.imports on real files written in code: the district inspection list (XLSX with a title row naming
GCJ-02, DMS text, bad rows), CSV in three encodings, GeoJSON, GeoPackage, zipped GBK Shapefile without .cpg,
KML/KMZ; the commit, the log, undo, the update rule, and the command line."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from geo import crs, imports
from geo.imports import columns, files
from geo.store import GeoPackageStore
from tests import import_files as f

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def small_store(demo, tmp_path_factory) -> GeoPackageStore:
    """A slice of the demo data (every district, team and campaign; a few hundred firms and visits), so that
    each test's commits rewrite a small file."""
    store = GeoPackageStore(tmp_path_factory.mktemp("imports") / "small.gpkg")
    store.write_all(f.small_layers(demo))
    return store


@pytest.fixture()
def store(small_store, tmp_path) -> GeoPackageStore:
    path = tmp_path / "store.gpkg"
    shutil.copyfile(small_store.path, path)
    return GeoPackageStore(path)


def plan_of(store, name: str, data: bytes, **kwargs) -> imports.Plan:
    return imports.preview(store, imports.read_file(name, data), **kwargs)


# --- the inspection list --------------------------------------------------------------------------------


def test_inspection_list_reports_every_bad_row_with_its_reason(store):
    plan = plan_of(store, "吴中区检查台账.xlsx", f.inspection_xlsx())
    assert (plan.target, plan.crs, plan.rows_read, plan.rows_accepted) == ("inspections", "gcj02", 13, 6)
    got = {r.line: (r.column, r.message) for r in plan.rejected}
    assert set(got) == set(f.EXPECTED_BAD)
    for line, (column, words) in f.EXPECTED_BAD.items():
        assert got[line][0] == column and words in got[line][1], (line, got[line])
    assert any("GCJ-02" in note for note in plan.notes)


def test_dms_and_gcj02_coordinates_land_on_the_wgs84_point(store):
    plan = plan_of(store, "台账.xlsx", f.inspection_xlsx())
    visits = plan.changes["inspections"].added.set_index("place")
    point = visits.loc["吴江精密电子有限公司", "geometry"]  # decimal GCJ-02
    assert crs.distance_m(point.x, point.y, *f.WGS[1]) < 0.05
    firm = visits[visits["enterprise_code"] == f.CODE_NEW].geometry.iloc[0]  # DMS GCJ-02, 3 decimals of a second
    assert crs.distance_m(firm.x, firm.y, *f.WGS[0]) < 0.1


def test_the_same_file_without_the_title_is_read_as_wgs84_unless_told(store):
    untitled = f.inspection_xlsx(title=None)
    assert plan_of(store, "a.xlsx", untitled).crs == "wgs84"
    told = plan_of(store, "a.xlsx", untitled, crs="gcj02")
    point = told.changes["inspections"].added.set_index("place").loc["吴江精密电子有限公司", "geometry"]
    assert crs.distance_m(point.x, point.y, *f.WGS[1]) < 0.05


def test_visits_become_inspections_problems_and_new_firms(store):
    plan = plan_of(store, "台账.xlsx", f.inspection_xlsx())
    visits = plan.changes["inspections"].added.set_index("place")
    problems = plan.changes["problems"].added.set_index("description")
    firms = plan.changes["enterprises"].added.set_index("credit_code")
    assert len(visits) == 6 and len(problems) == 2
    assert set(firms.index) == {f.CODE_NEW, f.CODE_NEW2}
    assert firms.loc[f.CODE_NEW, "name"] == "苏州新材料科技有限公司"
    fined = problems.loc["危废仓库标识不规范"]
    assert fined["penalty_yuan"] == 15000.0 and bool(fined["case_filed"])
    assert (fined["status"], fined["handling"], fined["deadline"]) == ("整改中", "限期整改", pd.Timestamp("2020-10-30"))
    fixed = problems.loc["废气收集设施未运行"]
    assert (fixed["status"], fixed["deadline"]) == ("已整改", pd.Timestamp("2020-10-29"))  # "15天" after 10-14


@pytest.mark.parametrize("place, kind, kind_text, district", [
    ("苏州新材料科技有限公司", "日常", "双随机", "吴中区"),
    ("吴江精密电子有限公司", "日常", "专项检查", "吴江区"),
    ("园区某表面处理厂", "日常", "信访投诉", "苏州工业园区"),
    ("夜查对象甲", "夜查", "夜间突击检查", None),  # district from the point
    ("某未知检查类型企业", "日常", "联合执法“回头看”", "吴中区"),
])
def test_inspection_types_are_kept_and_mapped_never_rejected(store, place, kind, kind_text, district):
    visits = plan_of(store, "台账.xlsx", f.inspection_xlsx()).changes["inspections"].added
    row = visits[visits["place"] == place].sort_values("started_at").iloc[0]
    assert (row["kind"], row["inspection_type"]) == (kind, kind_text)
    assert row["district"] == (district or row["district"]) and row["district"]


def test_team_resolved_from_officer_names_the_store_knows(store):
    teams = store.read("teams")
    team = teams.iloc[3]
    known = team["member_names"].split("、")[:2]
    rows = [[1, "甲企业", None, "吴中区", "120.63", "31.265", "2020-10-12 09:30", "、".join(known), "双随机",
             None, None, None, None],
            [2, "乙企业", None, "吴中区", "120.63", "31.265", "2020-10-12 10:30", "不认识的人", "双随机",
             None, None, None, None]]
    visits = plan_of(store, "t.xlsx", f.inspection_xlsx(rows, title=None)).changes["inspections"].added
    by_place = visits.set_index("place")
    assert by_place.loc["甲企业", "team_id"] == team["team_id"]
    assert by_place.loc["甲企业", "officers"] == 2
    assert pd.isna(by_place.loc["乙企业", "team_id"]) and by_place.loc["乙企业", "officer_names"] == "不认识的人"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_gives_the_same_report(store, encoding):
    plan = plan_of(store, "台账.csv", f.inspection_csv(encoding), crs="gcj02")
    assert (plan.rows_read, plan.rows_accepted) == (13, 6)
    # CSV has no title row: line 1 is the header, so every line is one less than in the XLSX
    assert {r.line for r in plan.rejected} == {line - 1 for line in f.EXPECTED_BAD}
    assert "苏州新材料科技有限公司" in set(plan.changes["inspections"].added["place"])


# --- commit, update rule, undo --------------------------------------------------------------------------


def test_commit_writes_valid_rows_and_logs_them(store):
    before = {n: len(store.read(n)) for n in ("inspections", "problems", "enterprises")}
    data = f.inspection_xlsx()
    done = imports.commit(store, imports.read_file("台账.xlsx", data), user="张三")
    assert done.import_id
    after = {n: len(store.read(n)) for n in before}
    assert after == {"inspections": before["inspections"] + 6, "problems": before["problems"] + 2,
                     "enterprises": before["enterprises"] + 2}
    log = imports.history(store)
    entry = log.iloc[0]
    assert (entry["user"], entry["file_name"], entry["added"], entry["rejected"]) == ("张三", "台账.xlsx", 10, 7)
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_importing_the_same_file_again_changes_nothing(store):
    data = f.inspection_xlsx()
    imports.commit(store, imports.read_file("台账.xlsx", data), user="a")
    plan = plan_of(store, "台账.xlsx", data)
    assert plan.count("added") == 0 and plan.count("updated") == 0 and plan.count("unchanged") == 8


def test_a_stored_key_with_new_values_is_an_update_and_undo_restores_it(store):
    rows = f.inspection_rows()[:6]
    imports.commit(store, imports.read_file("v1.xlsx", f.inspection_xlsx(rows)), user="a")
    original = store.read("problems")
    rows[0][11] = "已整改"  # 整改情况 changed in the district's next list
    second = imports.commit(store, imports.read_file("v2.xlsx", f.inspection_xlsx(rows)), user="b")
    assert second.plan.count("updated") == 1 and second.plan.count("added") == 0
    problems = store.read("problems").set_index("problem_id")
    changed = second.plan.changes["problems"].updated["problem_id"].iloc[0]
    assert problems.loc[changed, "status"] == "已整改"
    imports.undo(store, second.import_id, user="b")
    pd.testing.assert_frame_equal(store.read("problems").sort_values("problem_id").reset_index(drop=True),
                                  original.sort_values("problem_id").reset_index(drop=True))


def test_undo_removes_what_the_import_added_and_is_logged(store):
    before = {n: store.read(n) for n in ("inspections", "problems", "enterprises")}
    done = imports.commit(store, imports.read_file("台账.xlsx", f.inspection_xlsx()), user="a")
    undo_id = imports.undo(store, done.import_id, user="b")
    for name, frame in before.items():
        pd.testing.assert_frame_equal(store.read(name), frame)
    log = imports.history(store).set_index("import_id")
    assert bool(log.loc[done.import_id, "undone"]) and log.loc[undo_id, "undoes"] == done.import_id
    with pytest.raises(imports.UndoRefused, match="已经撤销过"):
        imports.undo(store, done.import_id, user="b")


def test_undo_of_the_latest_of_two_imports_in_the_same_second(store):
    rows = f.inspection_rows()[:6]
    moment = datetime(2026, 11, 29, 12, 0, 0)
    imports.commit(store, imports.read_file("v1.xlsx", f.inspection_xlsx(rows)), user="a", now=moment)
    rows[0][11] = "已整改"
    second = imports.commit(store, imports.read_file("v2.xlsx", f.inspection_xlsx(rows)), user="a", now=moment)
    imports.undo(store, second.import_id, user="a", now=moment)  # the earlier one is not "later"


def test_undo_is_refused_when_a_later_import_changed_the_same_rows(store):
    rows = f.inspection_rows()[:6]
    first = imports.commit(store, imports.read_file("v1.xlsx", f.inspection_xlsx(rows)), user="a")
    rows[0][11] = "已整改"
    imports.commit(store, imports.read_file("v2.xlsx", f.inspection_xlsx(rows)), user="a")
    with pytest.raises(imports.UndoRefused, match="之后的导入"):
        imports.undo(store, first.import_id, user="a")


@pytest.mark.parametrize("where", ["disk-full-writing-the-log", "error-after-layers-staged"])
def test_a_failure_during_commit_leaves_the_store_byte_identical(store, monkeypatch, where):
    before = store.path.read_bytes()
    if where == "disk-full-writing-the-log":
        real = GeoPackageStore._write_layer

        def fail_on_log(self, path, name, frame):
            if name == "import_log":
                raise OSError("磁盘已满")
            real(self, path, name, frame)

        monkeypatch.setattr(GeoPackageStore, "_write_layer", fail_on_log)
    else:
        from geo.imports import log

        def fail(plan):
            raise RuntimeError("进程中断")

        monkeypatch.setattr(log, "_changes_json", fail)
    with pytest.raises((OSError, RuntimeError)):
        imports.commit(store, imports.read_file("台账.xlsx", f.inspection_xlsx()), user="a")
    assert store.path.read_bytes() == before


def test_dry_run_preview_writes_nothing(store):
    before = store.path.read_bytes()
    plan_of(store, "台账.xlsx", f.inspection_xlsx())
    assert store.path.read_bytes() == before


# --- GIS formats -----------------------------------------------------------------------------------------


def firm_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({
        "企业名称": ["苏州新材料科技有限公司", "吴江精密电子有限公司"],
        "统一社会信用代码": [f.CODE_NEW, f.CODE_NEW2],
        "行业": ["化工", "电子"],
    }, geometry=[shapely.Point(f.WGS[0]), shapely.Point(f.WGS[1])], crs="EPSG:4326")


def write_gis(frame: gpd.GeoDataFrame, driver: str, suffix: str, tmp_path: Path, encoding: str | None = None) -> bytes:
    path = tmp_path / f"firms{suffix}"
    kwargs = {"encoding": encoding} if encoding else {}
    pyogrio.write_dataframe(frame, path, driver=driver, **kwargs)
    return path.read_bytes()


def zipped_shapefile(frame: gpd.GeoDataFrame, tmp_path: Path, encoding: str, cpg: bool) -> bytes:
    """A zipped Shapefile as Chinese sources make them: field names fit DBF's 10 bytes (GBK: 企业名称 信用代码;
    UTF-8: name uscc industry), attribute text in `encoding`, the .cpg present or not."""
    names = {"企业名称": "企业名称", "统一社会信用代码": "信用代码", "行业": "行业"} if encoding == "GBK" else {
        "企业名称": "name", "统一社会信用代码": "uscc", "行业": "industry"}
    frame = frame.rename(columns=names)
    folder = tmp_path / "shp"
    folder.mkdir()
    pyogrio.write_dataframe(frame, folder / "firms.shp", driver="ESRI Shapefile", encoding=encoding)
    if not cpg:
        (folder / "firms.cpg").unlink(missing_ok=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part in folder.iterdir():
            archive.write(part, part.name)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "shp-gbk-no-cpg", "shp-utf8", "kml", "kmz", "shp-projected"])
def test_firm_lists_in_every_gis_format(store, tmp_path, fmt):
    frame = firm_frame()
    if fmt == "geojson":
        name, data = "企业.geojson", write_gis(frame, "GeoJSON", ".geojson", tmp_path)
    elif fmt == "gpkg":
        name, data = "企业.gpkg", write_gis(frame, "GPKG", ".gpkg", tmp_path)
    elif fmt == "shp-gbk-no-cpg":
        name, data = "企业.zip", zipped_shapefile(frame, tmp_path, "GBK", cpg=False)
    elif fmt == "shp-utf8":
        name, data = "企业.zip", zipped_shapefile(frame, tmp_path, "UTF-8", cpg=True)
    elif fmt == "shp-projected":
        name, data = "企业.zip", zipped_shapefile(frame.to_crs("EPSG:4549"), tmp_path, "GBK", cpg=False)
    else:
        kml = write_gis(frame, "LIBKML", ".kml", tmp_path)
        if fmt == "kml":
            name, data = "企业.kml", kml
        else:
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as archive:
                archive.writestr("doc.kml", kml)
            name, data = "企业.kmz", out.getvalue()
    plan = plan_of(store, name, data)
    assert plan.target == "enterprises" and not plan.rejected, plan.rejected
    added = plan.changes["enterprises"].added.set_index("credit_code")
    assert added.loc[f.CODE_NEW, "name"] == "苏州新材料科技有限公司"  # not mojibake
    assert added.loc[f.CODE_NEW2, "industry"] == "电子"
    point = added.loc[f.CODE_NEW, "geometry"]
    assert crs.distance_m(point.x, point.y, *f.WGS[0]) < 0.01


def test_gbk_detection_is_what_reads_a_shapefile_without_cpg(tmp_path):
    data = zipped_shapefile(firm_frame(), tmp_path, "GBK", cpg=False)
    raw = files.read("企业.zip", data)
    assert "苏州新材料科技有限公司" in set(raw.frame["企业名称"])
    assert raw.frame.columns.tolist() == ["企业名称", "信用代码", "行业"]


# --- FIRMS -----------------------------------------------------------------------------------------------

FIRMS_CSV = (
    "latitude,longitude,bright_ti4,scan,track,acq_date,acq_time,satellite,instrument,confidence,version,bright_ti5,frp,"
    "daynight\n"
    "31.71,120.62,330.1,0.39,0.36,2020-10-20,534,N,VIIRS,n,2.0NRT,290.2,3.1,D\n"
    "31.52,120.95,340.5,0.40,0.37,2020-10-20,534,N,VIIRS,h,2.0NRT,291.0,5.6,D\n"
)


def test_firms_csv_loads_once(store):
    from geo import firms

    assert firms.sniff(FIRMS_CSV.splitlines()[0].split(",")) == "firms"
    before = len(store.read("fire_points"))
    first = imports.commit(store, imports.read_file("firms.csv", FIRMS_CSV.encode()), user="a")
    assert first.plan.target == "fire_points" and first.plan.count("added") == 2
    assert len(store.read("fire_points")) == before + 2
    again = plan_of(store, "firms.csv", FIRMS_CSV.encode())
    assert again.count("added") == 0 and again.report()["already_loaded"] == {"fire_points": 2}


# --- the column table and the command line ------------------------------------------------------------


def test_column_names_match_after_normalising():
    found = columns.match(["序 号", "罚款金额(万元)", "经度（E）", "企业名称", "Latitude"])
    assert found == {"seq": "序 号", "penalty_wan": "罚款金额(万元)", "lon": "经度（E）",
                     "enterprise_name": "企业名称", "lat": "Latitude"}


def test_extra_column_names_come_from_the_configured_file(tmp_path):
    extra = tmp_path / "cols.json"
    extra.write_text(json.dumps({"企业名称": ["单位全称"]}, ensure_ascii=False), encoding="utf-8")
    assert columns.match(["单位全称"], columns.alias_table(str(extra))) == {"enterprise_name": "单位全称"}


def run_cli(store, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo.imports", *args], cwd=ROOT, capture_output=True, text=True,
                          env={"EMAP_DATA": str(store.path), "PATH": "/usr/bin:/bin"}, timeout=120)


def test_cli_json_report_is_the_page_report(store, tmp_path):
    path = tmp_path / "吴中区检查台账.xlsx"
    path.write_bytes(f.inspection_xlsx())
    before = store.path.read_bytes()
    done = run_cli(store, str(path), "--dry-run", "--report", "json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert (report["rows_read"], report["rows_accepted"]) == (13, 6)
    assert {r["line"] for r in report["rejected"]} == set(f.EXPECTED_BAD)
    assert all(r["message"] and r["column"] for r in report["rejected"])
    assert store.path.read_bytes() == before
    expected = plan_of(store, path.name, path.read_bytes()).report()
    assert {k: v for k, v in report.items() if k not in ("dry_run", "import_id")} == json.loads(
        json.dumps(expected, ensure_ascii=False))


def test_cli_commits_and_exits_zero_when_every_row_is_good(store, tmp_path):
    path = tmp_path / "good.xlsx"
    path.write_bytes(f.inspection_xlsx(f.inspection_rows()[:6]))
    done = run_cli(store, str(path), "--report", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["import_id"]
    assert len(imports.history(store)) == 1


def test_cli_bad_file_is_one_chinese_error_no_traceback(store, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    done = run_cli(store, str(path), "--report", "json")
    assert done.returncode == 2 and "Traceback" not in done.stdout + done.stderr
    assert "不是有效的压缩文件" in json.loads(done.stdout)["error"]


def test_imported_visits_without_a_team_are_counted_but_add_no_team(store):
    from datetime import date

    from geo import campaign

    period = campaign.Filters(date(2020, 10, 1), date(2020, 10, 31))
    before = campaign.summary(store.read("inspections"), store.read("problems"), period)
    done = imports.commit(store, imports.read_file("台账.xlsx", f.inspection_xlsx()), user="a")
    after = campaign.summary(store.read("inspections"), store.read("problems"), period)
    added = done.plan.changes["inspections"].added
    assert added["team_id"].isna().all()
    assert after["inspections"] == before["inspections"] + 6
    assert after["person_times"] == before["person_times"] + int(added["officers"].sum())
    assert after["teams"] == before["teams"] and after["problems"] == before["problems"] + 2
    assert after["penalty_yuan"] == before["penalty_yuan"] + 15000.0


# --- the same on both store backends (GeoPackage and PostGIS) ---------------------------------------------


def test_commit_update_undo_and_a_failed_commit_on_every_backend(demo, store_location, monkeypatch):
    from geo.imports import log
    from geo.store import open_store

    store = open_store(store_location)
    store.write_all(f.small_layers(demo))
    names = ("inspections", "problems", "enterprises")
    original = {n: store.read(n) for n in names}
    rows = f.inspection_rows()[:6]
    first = imports.commit(store, imports.read_file("v1.xlsx", f.inspection_xlsx(rows)), user="a")
    assert len(store.read("inspections")) == len(original["inspections"]) + 6
    assert imports.preview(store, imports.read_file("v1.xlsx", f.inspection_xlsx(rows))).count("added") == 0
    rows[0][11] = "已整改"
    second = imports.commit(store, imports.read_file("v2.xlsx", f.inspection_xlsx(rows)), user="a")
    assert second.plan.count("updated") == 1

    def interrupted(plan):
        raise RuntimeError("进程中断")

    monkeypatch.setattr(log, "_changes_json", interrupted)  # fails after every layer was staged
    rows[1][9] = "新发现的问题"
    staged = {n: store.read(n) for n in names}
    with pytest.raises(RuntimeError):
        imports.commit(store, imports.read_file("v3.xlsx", f.inspection_xlsx(rows)), user="a")
    for name in names:  # nothing of the failed commit landed
        pd.testing.assert_frame_equal(store.read(name), staged[name])
    monkeypatch.undo()

    imports.undo(store, second.import_id, user="a")
    imports.undo(store, first.import_id, user="a")
    for name in names:
        key = {"inspections": "inspection_id", "problems": "problem_id", "enterprises": "credit_code"}[name]
        pd.testing.assert_frame_equal(store.read(name).sort_values(key).reset_index(drop=True),
                                      original[name].sort_values(key).reset_index(drop=True))
    assert imports.history(store)["undone"].sum() == 2


def test_two_imports_at_the_same_moment_both_land(store, tmp_path):
    first, second = tmp_path / "甲.xlsx", tmp_path / "乙.xlsx"
    first.write_bytes(f.inspection_xlsx(f.inspection_rows()[:3]))
    second.write_bytes(f.inspection_xlsx(f.inspection_rows()[3:6]))
    before = len(store.read("inspections"))
    env = {"EMAP_DATA": str(store.path), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.Popen([sys.executable, "-m", "geo.imports", str(path), "--report", "json"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for path in (first, second)]
    reports = [json.loads(run.communicate(timeout=180)[0]) for run in runs]
    assert all(run.returncode == 0 for run in runs), reports
    assert len(store.read("inspections")) == before + 6
    assert set(imports.history(store)["import_id"]) == {r["import_id"] for r in reports}
