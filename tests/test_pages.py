"""Every page runs under Streamlit's AppTest on the demo data; the widgets and figures around the map are right."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import campaign, labels
from geo.campaign import Filters

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
HUNDRED_DAYS = Filters(date(2020, 9, 27), date(2021, 1, 4), campaign="百日会战")


@pytest.fixture(autouse=True)
def navigation_frame(monkeypatch):
    """Run the app as the server does: in st.navigation mode. AppTest re-detects the pages/ folder before
    every run, and on a rerun its folder mode runs the page script alone, without the frame's sidebar; the
    server decides once per process, and ui.frame.use_navigation_only() makes that decision "no"."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def run_app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_error(app_env, page):
    at = run_app(page)
    assert at.title, f"{page} shows no title"


def test_overview_defaults_to_the_hundred_day_campaign(app_env, stored):
    at = run_app()
    k = campaign.summary(stored["inspections"], stored["problems"], HUNDRED_DAYS)
    metrics = shown(at)
    assert metrics["检查次数"] == f"{k['inspections']:,}"
    assert metrics["出动人次"] == f"{k['person_times']:,}"
    assert metrics["整改率"] == labels.percent(k["fix_rate"])
    assert metrics["逾期未改"] == f"{k['overdue']:,}"
    assert at.sidebar.selectbox(key="f_campaign").value == "百日会战"
    assert tuple(at.sidebar.date_input(key="f_dates").value) == (HUNDRED_DAYS.start, HUNDRED_DAYS.end)
    table = at.dataframe[0].value
    assert len(table) == len(stored["districts"])
    assert table["检查次数"].sum() == k["inspections"]


def test_choosing_a_district_and_a_kind_refilters(app_env, stored):
    at = run_app()
    at.sidebar.multiselect(key="f_districts").select("张家港市").run()
    at.sidebar.multiselect(key="f_kinds").select("夜查").run()
    assert not at.exception
    k = campaign.summary(stored["inspections"], stored["problems"],
                         Filters(HUNDRED_DAYS.start, HUNDRED_DAYS.end, campaign="百日会战", districts=("张家港市",),
                                 kinds=("夜查",)))
    assert shown(at)["检查次数"] == f"{k['inspections']:,}"
    assert "张家港市" in at.caption[0].value


def test_holiday_week_shows_the_bulletin_figures(app_env):
    at = run_app()
    at.sidebar.selectbox(key="f_campaign").select("全部").run()
    at.sidebar.date_input(key="f_dates").set_value((date(2020, 10, 1), date(2020, 10, 6))).run()
    metrics = shown(at)
    assert metrics["出动人次"] == "1,140"
    assert metrics["检查点位"] == "416"


def test_missing_data_file_gives_instructions(monkeypatch, tmp_path):
    monkeypatch.setenv("EMAP_DATA", str(tmp_path / "nothing.gpkg"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert any("无法读取数据" in e.value for e in at.error)
    assert any("make run" in i.value for i in at.info)


def test_a_half_picked_range_counts_as_one_day_and_empty_selections_show_zeros(app_env, stored):
    at = run_app()
    at.sidebar.multiselect(key="f_districts").select("太仓市").run()
    at.sidebar.multiselect(key="f_kinds").select("四不两直").run()
    at.sidebar.date_input(key="f_dates").set_value((date(2020, 12, 25),)).run()
    assert not at.exception
    assert "2020-12-25 至 2020-12-25" in at.caption[0].value
    metrics = shown(at)
    assert metrics["检查次数"] == "0" and metrics["整改率"] == "—"


def test_changing_the_campaign_sets_its_dates(app_env, stored):
    at = run_app()
    at.sidebar.selectbox(key="f_campaign").select("秸秆禁烧").run()
    row = stored["campaigns"].set_index("campaign").loc["秸秆禁烧"]
    assert tuple(at.sidebar.date_input(key="f_dates").value) == (row["start_date"].date(), row["end_date"].date())
    assert at.caption[0].value.startswith("秸秆禁烧 · 2020-10-10 至 2020-12-31")


def test_amap_base_map_runs(app_env):
    at = run_app()
    at.sidebar.selectbox(key="f_basemap").select("amap").run()
    assert not at.exception


def test_a_map_whose_browser_assets_are_missing_says_so_in_chinese(app_env, monkeypatch):
    from geo import assets

    monkeypatch.setattr(assets, "missing_files", lambda: ["node_modules/leaflet/dist/leaflet.js"])
    at = run_app()
    assert any("地图所需的浏览器文件未安装" in e.value and "make run" in e.value for e in at.error)
