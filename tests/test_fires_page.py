"""The 秸秆焚烧火点 page under Streamlit's AppTest: its figures are geo.fires' figures, filters change them,
a verification saved in the form lands in the store, and a FIRMS file loads once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import fires
from geo.store import GeoPackageStore
from tests.test_firms import VIIRS_HEADER, VIIRS_ROWS, csv_text
from tests.test_pages import navigation_frame  # noqa: F401  (autouse: run as the server does)

ROOT = Path(__file__).resolve().parent.parent
PAGE = "pages/fires.py"


@pytest.fixture()
def own_store(demo_store, tmp_path, monkeypatch) -> GeoPackageStore:
    """A private copy of the demo store, for tests that write."""
    path = tmp_path / "demo.gpkg"
    shutil.copyfile(demo_store.path, path)
    monkeypatch.setenv("EMAP_DATA", str(path))
    return GeoPackageStore(path)


def fire_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected(stored, **view) -> dict[str, str]:
    built = fires.with_status(fires.build_events(stored["fire_points"], stored["enterprises"], stored["districts"],
                                                 stored["teams"]), None)
    campaign = stored["campaigns"].set_index("campaign").loc["百日会战"]
    v = fires.View(campaign["start_date"].date(), campaign["end_date"].date(), **view)
    return {k: f"{n:,}" for k, n in fires.counts(built, v).items()}


def test_cards_show_straw_events_and_detections(app_env, stored):
    at = fire_page()
    assert at.title[0].value == "秸秆焚烧火点"
    assert shown(at) == expected(stored)
    assert int(shown(at)["疑似工业热源事件"]) > 0  # counted apart, not in the straw figures


@pytest.mark.parametrize("widget, value, view", [
    ("fire_kind", "全部", {"kind": "all"}),
    ("fire_kind", "疑似工业热源", {"kind": "heat"}),
    ("fire_dn", ["N"], {"day_night": ("N",)}),
    ("fire_conf", ["高"], {"confidence": ("高",)}),
    ("fire_hours", (0, 6), {"hours": (0, 6)}),
    ("fire_status", ["待核查"], {"status": ("待核查",)}),
])
def test_filters_change_the_figures(app_env, stored, widget, value, view):
    at = fire_page()
    at.session_state[widget] = value  # noqa: the widgets read their keys
    at.run()
    assert not at.exception
    assert shown(at) == expected(stored, **view)


def test_a_check_saved_in_the_form_lands_in_the_store(own_store):
    at = fire_page()
    event = at.selectbox(key="fire_event").value
    at.selectbox(key="check_status").set_value("已扑灭")
    at.text_input(key="check_who").input("王伟")
    at.text_input(key="check_note").input("到场时已熄灭")
    at.button[[b.label for b in at.button].index("保存核查结果")].click().run()
    assert not at.exception
    checks = fires.read_checks(GeoPackageStore(own_store.path))
    assert checks[["fire_id", "status", "checked_by", "note"]].values.tolist() == [[event, "已扑灭", "王伟", "到场时已熄灭"]]


def test_a_check_without_a_name_is_refused(own_store):
    at = fire_page()
    at.button[[b.label for b in at.button].index("保存核查结果")].click().run()
    assert "请填写核查人" in [e.value for e in at.error]
    assert fires.read_checks(own_store).empty


def test_the_patrol_list_is_in_nearest_neighbour_order(app_env):
    at = fire_page()
    patrols = [d.value for d in at.dataframe if "顺序" in d.value.columns]
    assert patrols and patrols[0]["顺序"].tolist() == list(range(1, len(patrols[0]) + 1))
