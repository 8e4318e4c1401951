"""Campaign statistics on a small hand-made data set whose every figure can be counted by eye."""

from datetime import date

import pandas as pd
import pytest

from geo import campaign
from geo.campaign import Filters

T = pd.Timestamp


@pytest.fixture(scope="module")
def inspections():
    rows = [
        # id, started_at, district, site, team, officers, campaign, kind
        ("i1", "2020-10-01 09:00", "昆山市", "s1", "t1", 3, "百日会战", "节假日"),
        ("i2", "2020-10-01 14:00", "昆山市", "s2", "t1", 3, "百日会战", "节假日"),
        ("i3", "2020-10-01 21:00", "吴中区", "s3", "t2", 2, "百日会战", "夜查"),
        ("i4", "2020-10-02 10:00", "吴中区", "s3", "t2", 4, "百日会战", "日常"),
        ("i5", "2020-10-03 10:00", "昆山市", "s1", "t3", 2, "其他行动", "日常"),
    ]
    frame = pd.DataFrame(rows, columns=["inspection_id", "started_at", "district", "site_id", "team_id", "officers",
                                        "campaign", "kind"])
    frame["started_at"] = pd.to_datetime(frame["started_at"])
    frame["enterprise_code"] = frame["site_id"].where(frame["site_id"] != "s3")
    return frame


@pytest.fixture(scope="module")
def problems():
    rows = [
        # id, inspection, district, found, category, status, deadline, fixed_on, penalty, case
        ("p1", "i1", "昆山市", "2020-10-01", "环境", "已整改", "2020-10-10", "2020-10-05", 0.0, False),
        ("p2", "i2", "昆山市", "2020-10-01", "环境", "已整改", "2020-10-10", "2020-10-20", 50000.0, True),
        ("p3", "i2", "昆山市", "2020-10-01", "安全", "已移交", None, "2020-10-02", 0.0, False),
        ("p4", "i3", "吴中区", "2020-10-01", "环境", "整改中", "2020-10-08", None, 0.0, True),
        ("p5", None, "吴中区", "2020-10-02", "环境", "整改中", None, None, 12345.0, True),
    ]
    frame = pd.DataFrame(rows, columns=["problem_id", "inspection_id", "district", "found_on", "category", "status",
                                        "deadline", "fixed_on", "penalty_yuan", "case_filed"])
    for column in ("found_on", "deadline", "fixed_on"):
        frame[column] = pd.to_datetime(frame[column])
    frame["campaign"] = "百日会战"
    return frame


OCT1, OCT2, OCT3, OCT31 = date(2020, 10, 1), date(2020, 10, 2), date(2020, 10, 3), date(2020, 10, 31)


@pytest.mark.parametrize(
    "filters, expected",
    [
        (Filters(OCT1, OCT3), dict(inspections=5, person_times=14, points=3, teams=3, teams_min_per_day=1, days=3)),
        (Filters(OCT1, OCT1), dict(inspections=3, person_times=8, points=3, teams=2, teams_min_per_day=2)),
        (Filters(OCT1, OCT3, districts=("昆山市",)), dict(inspections=3, person_times=8, points=2, teams=2)),
        (Filters(OCT1, OCT3, campaign="百日会战"), dict(inspections=4, person_times=12, points=3, teams=2)),
        (Filters(OCT1, OCT3, kinds=("夜查", "日常")), dict(inspections=3, person_times=8, points=2, teams=2)),
        # as of Oct 3 nothing is fixed yet (p1 on Oct 5, p2 on Oct 20) and p4's deadline (Oct 8) is ahead
        (Filters(OCT1, OCT3), dict(problems=5, fixed=0, transferred=1, open=4, overdue=0, penalty_cases=2,
                                   penalty_yuan=62345.0, cases_filed=3)),
        (Filters(OCT1, OCT3, as_of=OCT31), dict(problems=5, fixed=2, transferred=1, open=2, overdue=1)),
        (Filters(OCT1, OCT1, as_of=OCT31), dict(problems=4, fixed=2, transferred=1, fix_rate=2 / 3)),
        (Filters(OCT1, OCT3, kinds=("夜查",), as_of=OCT31), dict(problems=1, fixed=0, overdue=1, fix_rate=0.0)),
        (Filters(OCT3, OCT3), dict(inspections=1, problems=0, fix_rate=None, penalty_yuan=0.0)),
    ],
)
def test_summary(inspections, problems, filters, expected):
    figures = campaign.summary(inspections, problems, filters)
    assert {key: figures[key] for key in expected} == expected


def test_status_as_of_follows_dates(problems):
    before = campaign.status_as_of(problems, OCT1).tolist()
    after = campaign.status_as_of(problems, OCT31).tolist()
    assert before == ["整改中", "整改中", "整改中", "整改中", "整改中"]
    assert after == ["已整改", "已整改", "已移交", "整改中", "整改中"]


def test_overdue_lists_days_late(problems):
    late = campaign.overdue(problems, OCT31)
    assert late["problem_id"].tolist() == ["p4"]
    assert late["days_overdue"].tolist() == [23]


def test_by_district_has_every_district_even_empty(inspections, problems):
    table = campaign.by_district(inspections, problems, Filters(OCT1, OCT3), ["昆山市", "吴中区", "太仓市"])
    assert table["district"].tolist() == ["昆山市", "吴中区", "太仓市"]
    assert table["inspections"].tolist() == [3, 2, 0]
    assert table["person_times"].tolist() == [8, 6, 0]
    assert table["problems"].tolist() == [3, 2, 0]
    assert pd.isna(table["fix_rate"].tolist()[2])


def test_by_day_fills_quiet_days(inspections, problems):
    days = campaign.by_day(inspections, problems, Filters(OCT1, date(2020, 10, 4)))
    assert days["day"].dt.day.tolist() == [1, 2, 3, 4]
    assert days["inspections"].tolist() == [3, 1, 1, 0]
    assert days["person_times"].tolist() == [8, 4, 2, 0]
    assert days["problems"].tolist() == [4, 1, 0, 0]


def test_coverage_counts_distinct_enterprises(inspections):
    enterprises = pd.DataFrame({"credit_code": ["s1", "s2", "x", "y"], "district": ["昆山市"] * 2 + ["吴中区"] * 2})
    table = campaign.coverage(inspections, enterprises, Filters(OCT1, OCT3), ["昆山市", "吴中区", "太仓市"])
    assert table["inspected"].tolist() == [2, 0, 0]
    assert table["coverage"].tolist()[:2] == [1.0, 0.0]
    assert pd.isna(table["coverage"].tolist()[2])


def test_filters_reject_reversed_range():
    with pytest.raises(ValueError, match="晚于"):
        Filters(OCT3, OCT1)


def test_kind_filter_needs_inspections(problems):
    with pytest.raises(ValueError, match="检查记录"):
        campaign.filter_problems(problems, Filters(OCT1, OCT3, kinds=("夜查",)))
