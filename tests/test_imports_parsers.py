"""Property tests (hypothesis) for what the importer parses: dates and times, coordinate text, swapped pairs,
and table-driven cases for the date formats the districts use."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from geo import crs
from geo.imports import dates, plan

MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31, 23, 59, 59)).map(
    lambda d: d.replace(microsecond=0))
FORMATS = [
    "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y.%m.%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
    "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日%H时%M分%S秒",
]


@settings(max_examples=300, deadline=None)
@given(MOMENTS, st.sampled_from(FORMATS))
def test_every_written_moment_reads_back(moment, fmt):
    assert dates.parse_datetime(moment.strftime(fmt)) == pd.Timestamp(moment)


@settings(max_examples=200, deadline=None)
@given(MOMENTS)
def test_dates_without_zero_padding_and_compact_dates_read_back(moment):
    day = pd.Timestamp(moment.date())
    assert dates.parse_date(f"{moment.year}/{moment.month}/{moment.day}") == day
    assert dates.parse_date(moment.strftime("%Y%m%d")) == day
    assert dates.parse_date(f"{moment.year}年{moment.month}月{moment.day}日") == day


@settings(max_examples=200, deadline=None)
@given(MOMENTS)
def test_excel_day_numbers_read_as_the_day_they_count(moment):
    serial = (moment - datetime(1899, 12, 30)) / timedelta(days=1)
    assert abs(dates.parse_datetime(f"{serial:.8f}") - pd.Timestamp(moment)) <= pd.Timedelta(seconds=1)


@settings(max_examples=300, deadline=None)
@given(st.integers(2000, 2099), st.integers(1, 12), st.integers(29, 40))
def test_days_a_month_does_not_have_are_impossible(year, month, day):
    last = (pd.Timestamp(year, month, 1) + pd.offsets.MonthEnd(0)).day
    text = f"{year}-{month:02d}-{day:02d}"
    if day <= last:
        assert dates.parse_date(text) == pd.Timestamp(year, month, day)
    else:
        with pytest.raises(dates.DateError, match="不存在"):
            dates.parse_date(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_a_date_or_a_chinese_date_error(text):
    try:
        value = dates.parse_datetime(text)
    except dates.DateError as exc:
        assert "日期" in str(exc)
    else:
        assert 2000 <= value.year <= 2099


@pytest.mark.parametrize("text, expected", [
    ("2020-10-01", "2020-10-01 00:00"),
    ("2020/10/1 9:30", "2020-10-01 09:30"),
    ("2020.10.01 09:30:15", "2020-10-01 09:30:15"),
    ("20201001", "2020-10-01 00:00"),
    ("2020年10月1日", "2020-10-01 00:00"),
    ("2020年10月1日 9时30分", "2020-10-01 09:30"),
    ("2020年10月1日9点", "2020-10-01 09:00"),
    ("２０２０－１０－０１", "2020-10-01 00:00"),  # full-width digits
    ("44105", "2020-10-01 00:00"),
    ("44105.5", "2020-10-01 12:00"),
])
def test_date_formats_seen_in_district_lists(text, expected):
    assert dates.parse_datetime(text) == pd.Timestamp(expected)


@pytest.mark.parametrize("text, words", [
    ("2020-02-30", "没有 30 日"), ("2020-13-01", "月份 13"), ("2020-10-01 24:00", "不存在"),
    ("1999-12-31", "年份 1999"), ("明天", "无法识别"), ("", "为空"), ("2020-10-01 上午", "时间"),
])
def test_bad_dates_say_why(text, words):
    with pytest.raises(dates.DateError, match=words):
        dates.parse_datetime(text)


# --- coordinates --------------------------------------------------------------------------------------

SUZHOU_LON = st.floats(120.2, 121.3, allow_nan=False)
SUZHOU_LAT = st.floats(30.8, 32.0, allow_nan=False)


def dms(value: float, marks: tuple[str, str, str]) -> str:
    total = round(value * 3600 * 1000)  # milliseconds of arc
    d, rest = divmod(total, 3600 * 1000)
    m, s = divmod(rest, 60 * 1000)
    return f"{d}{marks[0]}{m}{marks[1]}{s / 1000:.3f}{marks[2]}"


@settings(max_examples=300, deadline=None)
@given(SUZHOU_LON, SUZHOU_LAT, st.sampled_from([("°", "′", "″"), ("度", "分", "秒"), ("°", "'", '"')]))
def test_dms_text_reads_back_within_a_millisecond_of_arc(lon, lat, marks):
    assert abs(crs.parse_coordinate(dms(lon, marks) + "E", "lon") - lon) < 1e-6
    assert abs(crs.parse_coordinate("北纬" + dms(lat, marks), "lat") - lat) < 1e-6


@settings(max_examples=200, deadline=None)
@given(SUZHOU_LON, SUZHOU_LAT)
def test_a_swapped_suzhou_pair_is_said_to_be_swapped(lon, lat):
    message = plan._swapped(f"{lat:.6f}", f"{lon:.6f}")
    assert message and "填反" in message
    assert plan._swapped(f"{lon:.6f}", f"{lat:.6f}") is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20))
def test_swap_check_never_raises_on_any_text(a, b):
    assert plan._swapped(a, b) is None or "填反" in plan._swapped(a, b)
