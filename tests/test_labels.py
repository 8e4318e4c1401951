import pandas as pd
import pytest

from geo import charts, labels


@pytest.mark.parametrize(
    "yuan, shown", [(756350.0, "75.635"), (0.0, "0"), (10000.0, "1"), (6083800.0, "608.38"), (12345.0, "1.2345")]
)
def test_wan_yuan(yuan, shown):
    assert labels.wan_yuan(yuan) == shown


@pytest.mark.parametrize("share, shown", [(None, "—"), (float("nan"), "—"), (0.8909, "89%"), (1.0, "100%"), (0.0, "0%")])
def test_percent(share, shown):
    assert labels.percent(share) == shown


def test_kpi_cards_cover_every_figure_once():
    k = dict(inspections=1234, person_times=3400, points=416, teams=11, teams_min_per_day=3, problems=221,
             fixed=98, fix_rate=98 / 110, transferred=111, open=12, overdue=5, penalty_cases=6,
             penalty_yuan=756350.0)
    cards = labels.kpi_cards(k, "2020-10-31")
    assert [c[0] for c in cards] == ["inspections", "person_times", "points", "teams", "problems", "fixed",
                                     "fix_rate", "transferred", "open", "overdue", "penalty_cases", "penalty_yuan"]
    shown = {label: value for _, label, value, _ in cards}
    assert shown["检查次数"] == "1,234" and shown["整改率"] == "89%" and shown["罚款（万元）"] == "75.635"
    assert "单日最少 3 个" in dict((c[1], c[3]) for c in cards)["执法小组"]


def test_problem_table_names_the_firm_and_orders_columns():
    problems = pd.DataFrame({
        "problem_id": ["p1", "p2"], "district": ["昆山市"] * 2, "enterprise_code": ["X", None],
        "found_on": pd.to_datetime(["2020-10-01", "2020-10-02"]), "deadline": pd.to_datetime(["2020-10-10", None]),
        "category": ["环境"] * 2, "description": ["d1", "d2"], "handling": ["限期整改"] * 2, "origin": ["现场检查"] * 2,
        "days_overdue": [21, 0],
    })
    firms = pd.DataFrame({"credit_code": ["X"], "name": ["华林热镀锌"]})
    table = labels.problem_table(problems, firms)
    assert list(table.columns)[:3] == ["问题编号", "行政区", "逾期天数"]
    assert table["企业"].tolist() == ["华林热镀锌", "—"]
    assert table["整改期限"].tolist() == ["2020-10-10", "—"]


def test_daily_chart_draws_a_bar_a_point_and_a_hover_text_per_day():
    days = pd.DataFrame({"day": pd.date_range("2020-10-01", periods=3), "inspections": [70, 71, 69],
                         "person_times": [190] * 3, "points": [70] * 3, "teams": [12] * 3, "problems": [5, 0, 2]})
    svg = charts.daily_chart(days)
    assert svg.startswith("<svg") and svg.count("<title>") == 3
    assert "2020-10-02：检查 71 次，出动 190 人次，执法小组 12 个，发现问题 0 个" in svg
    assert svg.count("<polyline") == 1 and "检查次数（左轴）" in svg


@pytest.mark.parametrize("value, top", [(0, 1), (0.4, 1), (7, 10), (11, 20), (21, 25), (26, 50), (100, 100),
                                        (101, 200), (float("nan"), 1)])
def test_axis_tops_are_round_numbers(value, top):
    assert charts.nice_top(value) == top


def test_stacked_daily_fills_missing_days_and_stacks_groups():
    frame = pd.DataFrame({"日期": pd.to_datetime(["2020-10-01", "2020-10-01", "2020-10-03"]),
                          "行政区": ["昆山市", "<b>太仓市</b>", "昆山市"], "火点事件": [2, 3, 1]})
    svg = charts.stacked_daily(frame, "日期", "火点事件", "行政区", "火点事件")
    assert svg.count("<title>") == 3  # one part per (day, district) with a value; 10-02 drawn empty
    assert "2020-10-01 昆山市：火点事件 2" in svg and "&lt;b&gt;太仓市&lt;/b&gt;" in svg and "<b>太仓市" not in svg
    assert "无数据" in charts.stacked_daily(frame.iloc[:0], "日期", "火点事件", "行政区", "火点事件")


def test_a_long_range_is_drawn_one_bar_a_week():
    days = pd.DataFrame({"day": pd.date_range("2020-01-06", periods=364), "inspections": [10] * 364,
                         "person_times": [25] * 364, "points": [9] * 364, "teams": [3] * 363 + [7],
                         "problems": [1] * 364})
    svg = charts.daily_chart(days)
    assert svg.count("<title>") == 52 and "每周检查次数与发现问题" in svg
    assert "2020-12-28 起一周：检查 70 次，出动 175 人次，单日最多 7 个小组，发现问题 7 个" in svg
