"""The rivers page under Streamlit's AppTest on the demo data: the pickers, the ranked tributaries, the sections
below an outlet; what the map draws is checked in tests/test_browser_rivers.py."""

from __future__ import annotations

from datetime import date

import pytest

from geo import rivers
from tests.test_pages import navigation_frame, run_app  # noqa: F401 (fixture)

PAGE = "pages/rivers.py"
HUNDRED_DAYS = (date(2020, 9, 27), date(2021, 1, 4))


@pytest.fixture(scope="module")
def waters(stored) -> rivers.Waters:
    return rivers.prepare(stored, *HUNDRED_DAYS)


def section_id(stored, name: str) -> str:
    return stored["sections"].set_index("name").loc[name, "section_id"]


def ranked(at) -> list[str]:
    text = next(m.value for m in at.markdown if m.value.startswith("1\\. "))
    return [line.split("**")[1] for line in text.split("  \n")]


def test_the_page_opens_on_guajing_with_its_seven_tributaries_ranked(app_env, stored, waters):
    at = run_app(PAGE)
    assert at.title[0].value == "河道水质与溯源"
    assert at.selectbox(key="rv_section").value == section_id(stored, "瓜泾口北")
    expected = rivers.tributary_ranking(waters, section_id(stored, "瓜泾口北"))
    assert ranked(at) == expected["支流"].tolist() and len(expected) == 7
    table = at.dataframe[0].value
    assert table["支流"].tolist() == expected["支流"].tolist()
    assert "reach_ids" not in table.columns
    assert at.get("download_button")[0].proto.label == "下载支流排查清单（Excel）"


def test_picking_another_section_and_an_outlet(app_env, stored, waters):
    at = run_app(PAGE)
    other = section_id(stored, "越溪上游")  # on the canal above 瓜泾口北: 四号河 and 钢铁桥河 join below it
    at.selectbox(key="rv_section").set_value(other).run()
    assert not at.exception
    assert set(ranked(at)) == {"跃进河", "古塘河", "泥河头港", "黄泥浜", "西塘河"}
    assert ranked(at) == rivers.tributary_ranking(waters, other)["支流"].tolist()
    suspect = stored["outlets"].query("reach_id == 'RHN01' and status == '疑似直排'")["outlet_id"].iloc[0]
    at.selectbox(key="rv_outlet").set_value(suspect).run()
    assert not at.exception
    below = at.dataframe[0].value
    assert below["断面"].tolist() == rivers.downstream_sections(waters, suspect)["断面"].tolist()
    assert "瓜泾口北" in below["断面"].tolist()


def test_a_period_without_samples_says_so(app_env):
    at = run_app(PAGE)
    at.sidebar.date_input(key="f_dates").set_value((date(2019, 1, 1), date(2019, 1, 31))).run()
    assert not at.exception
    assert any("没有监测数据" in i.value for i in at.info)
    assert ranked(at)  # the tributaries are still listed, as 本期无监测数据
