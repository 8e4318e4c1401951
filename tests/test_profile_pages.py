"""The firm, outlet and section pages under AppTest, opened the way a link opens them (query parameters),
their figures checked against geo.profiles on the stored data; the sidebar's search; filters in the URL."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from geo import profiles
from tests.test_pages import ROOT, run_app
from tests.test_profiles import KAILING, code_of, most_overdue, sampled_owner


def open_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def param(at: AppTest, key: str) -> list[str]:
    value = at.query_params[key]
    return value if isinstance(value, list) else [value]


def tables(at: AppTest) -> list:
    return [d.value for d in at.dataframe]


@pytest.mark.parametrize("which", ["kailing", "overdue", "sampled"])
def test_firm_page_shows_the_firms_file(app_env, stored, which):
    code = {"kailing": lambda: code_of(stored, KAILING), "overdue": lambda: most_overdue(stored),
            "sampled": lambda: sampled_owner(stored)}[which]()
    at = open_page("pages/firm.py", code=code)
    p = profiles.firm_profile(stored, code)
    assert at.title[0].value == p.firm["name"]
    assert at.info[0].value == p.summary
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["检查（全部）"] == f"{len(p.inspections):,}" and metrics["逾期未整改"] == f"{p.figures['overdue']:,}"
    shown = tables(at)
    inspections = next(t for t in shown if "检查编号" in t.columns)
    problems = next(t for t in shown if "问题编号" in t.columns)
    assert inspections["检查编号"].tolist() == p.inspections["inspection_id"].tolist()
    assert problems["问题编号"].tolist() == p.problems["problem_id"].tolist()
    assert problems["状态"].tolist() == p.problems["status_now"].tolist()
    assert param(at, "code") == [code]
    assert len(at.get("download_button")) == 1


def test_firm_page_links_its_outlets(app_env, stored):
    code = sampled_owner(stored)
    at = open_page("pages/firm.py", code=code)
    outlets = next(t for t in tables(at) if "排口名称" in t.columns)
    assert outlets["排口编号"].str.startswith("/outlet?id=").all()
    to_outlets = [link.proto for link in at.get("page_link") if link.proto.page.endswith("outlet")]
    assert sorted(link.query_string for link in to_outlets) == sorted(f"id={o}" for o in outlets["排口编号"].str[11:])


def test_as_of_in_the_url_turns_the_clock_back(app_env, stored):
    code = most_overdue(stored)
    at = open_page("pages/firm.py", code=code, as_of="2020-10-31")
    p = profiles.firm_profile(stored, code, date(2020, 10, 31))
    assert at.info[0].value == p.summary
    assert "截至 2020-10-31" in at.caption[0].value


def test_outlet_page(app_env, stored):
    outlet = stored["outlets"].dropna(subset=["owner_code"]).iloc[0]
    at = open_page("pages/outlet.py", id=outlet["outlet_id"])
    p = profiles.outlet_profile(stored, outlet["outlet_id"])
    assert at.title[0].value == outlet["name"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["状态"] == outlet["status"] and metrics["监测次数"] == str(p.figures["samples"])
    problems = next(t for t in tables(at) if "问题编号" in t.columns)
    assert problems["问题编号"].tolist() == p.problems["problem_id"].tolist()


def test_section_page(app_env, stored):
    at = open_page("pages/section.py", id="DM001")
    p = profiles.section_profile(stored, "DM001")
    assert at.title[0].value == "瓜泾口北断面"
    firms = next(t for t in tables(at) if "企业名称" in t.columns)
    assert firms["企业名称"].tolist() == p.firms["name"].tolist()
    assert firms["统一社会信用代码"].str.startswith("/firm?code=").all()


@pytest.mark.parametrize(("page", "params", "message"), [
    ("pages/firm.py", {"code": "NOPE"}, "没有统一社会信用代码为“NOPE”的企业"),
    ("pages/outlet.py", {"id": "PK9999"}, "没有编号为“PK9999”的排口"),
    ("pages/section.py", {}, None),
])
def test_unknown_or_missing_place_says_what_to_do(app_env, page, params, message):
    at = open_page(page, **params)
    if message:
        assert message in at.error[0].value
    assert "查找企业、排口、断面" in at.info[0].value


def test_sidebar_search_lists_the_bulletin_firm(app_env, stored):
    at = run_app()
    at.sidebar.text_input(key="search_text").input("凯凌").run()
    assert not at.exception
    first = at.get("page_link")[0].proto
    assert KAILING in first.label and first.page.endswith("firm")
    assert code_of(stored, KAILING) in first.query_string


def test_filters_go_into_the_url_and_come_back_from_it(app_env):
    at = run_app()
    at.sidebar.multiselect(key="f_districts").select("昆山市").run()
    assert param(at, "districts") == ["昆山市"]
    assert param(at, "campaign") == ["百日会战"] and param(at, "dates") == ["2020-09-27..2021-01-04"]
    link = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    link.query_params.update({"districts": ["太仓市", "火星"], "kinds": ["夜查"], "campaign": "全部",
                              "dates": "2020-10-01..2020-10-06"})
    link.run()
    assert not link.exception
    assert link.sidebar.multiselect(key="f_districts").value == ["太仓市"]  # unknown values are dropped
    assert link.sidebar.multiselect(key="f_kinds").value == ["夜查"]
    assert tuple(link.sidebar.date_input(key="f_dates").value) == (date(2020, 10, 1), date(2020, 10, 6))
    assert "全部行动 · 2020-10-01 至 2020-10-06 · 太仓市" in link.caption[0].value
