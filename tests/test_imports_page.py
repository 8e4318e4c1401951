"""The page 数据导入与导出 under Streamlit's AppTest: the history lists an import, undo from the page reverses
it, and the export offers the formats of the chosen layer. (Uploading is driven in test_browser_imports.py:
AppTest cannot upload files.)"""

from __future__ import annotations

import shutil

import pytest

from geo import imports
from geo.store import GeoPackageStore
from tests import import_files as f
from tests.test_pages import run_app

PAGE = "pages/imports.py"


@pytest.fixture()
def store(demo_store, tmp_path, monkeypatch) -> GeoPackageStore:
    store = GeoPackageStore(tmp_path / "store.gpkg")
    shutil.copyfile(demo_store.path, store.path)
    monkeypatch.setenv("EMAP_DATA", str(store.path))
    return store


def test_history_lists_the_import_and_undo_on_the_page_reverses_it(store):
    before = len(store.read("inspections"))
    done = imports.commit(store, imports.read_file("吴中区检查台账.xlsx", f.inspection_xlsx()), user="张三")
    assert len(store.read("inspections")) == before + 6
    at = run_app(PAGE)
    history = at.dataframe[0].value
    assert history.iloc[0]["编号"] == done.import_id and history.iloc[0]["操作人"] == "张三"
    assert history.iloc[0]["新增"] == 10 and history.iloc[0]["状态"] == "有效"
    undo = next(s for s in at.selectbox if s.label == "撤销导入")
    assert undo.value == done.import_id
    next(b for b in at.button if b.label == "撤销所选导入").click().run()
    assert not at.exception, at.exception
    assert any("已撤销" in s.value for s in at.success)
    assert len(store.read("inspections")) == before
    assert imports.history(store)["undone"].iloc[1]


def test_export_offers_the_layers_formats(store):
    at = run_app(PAGE)
    layer = next(s for s in at.selectbox if s.label == "图层")
    layer.set_value("problems").run()
    fmt = next(s for s in at.selectbox if s.label == "格式")
    assert fmt.options == ["GeoPackage", "GeoJSON", "Excel", "CSV（UTF-8，Excel 可直接打开）"]
    layer = next(s for s in at.selectbox if s.label == "图层")
    layer.set_value("inspections").run()
    fmt = next(s for s in at.selectbox if s.label == "格式")
    assert "Shapefile（zip）" in fmt.options and "KML" in fmt.options
    assert not at.exception
