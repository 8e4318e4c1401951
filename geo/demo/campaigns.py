"""Campaigns (专项行动) and the calendar of the 100-day campaign: which days are workdays, weekends
or the National Day holiday, and when the data set's statuses are taken."""

from __future__ import annotations

import pandas as pd

HUNDRED_DAYS = "百日会战"
SAFETY_DRIVE = "危险废物等安全专项整治三年行动"
OZONE = "夏季臭氧污染防治强化监督帮扶"
STRAW = "秸秆禁烧"
GUAJING_PUSH = "瓜泾口北断面水质提升百日攻坚"

START = pd.Timestamp("2020-09-27")  # 苏环办〔2020〕312号
END = pd.Timestamp("2021-01-04")  # the 100th day
AS_OF = END  # statuses (fixed, open, transferred) are as known on this day
HOLIDAY = pd.date_range("2020-10-01", "2020-10-08")  # 国庆、中秋 2020
BULLETIN_WINDOW = pd.date_range("2020-10-01", "2020-10-06")  # the bulletin's 1140 人次 and 416 点位
MAKEUP_WORKDAYS = pd.DatetimeIndex(["2020-04-26", "2020-05-09", "2020-06-28", "2020-09-27", "2020-10-10"])
NEW_YEAR = pd.DatetimeIndex(["2021-01-01"])
OTHER_HOLIDAYS = pd.DatetimeIndex(  # 清明、劳动节、端午 2020
    ["2020-04-04", "2020-04-05", "2020-04-06", "2020-05-01", "2020-05-02", "2020-05-03", "2020-05-04",
     "2020-05-05", "2020-06-25", "2020-06-26", "2020-06-27"])
STRAW_BAN = (pd.Timestamp("2020-10-10"), pd.Timestamp("2020-12-31"))

_CAMPAIGNS = (
    (HUNDRED_DAYS, "苏环办〔2020〕312号", "2020-09-27", "2021-01-04",
     "示例数据：名称、文号与开始日期取自公报，结束日期按 100 天推算"),
    (SAFETY_DRIVE, None, "2020-04-01", "2022-12-31", "示例数据：名称取自公报（昆山），起止日期为推定"),
    (OZONE, None, "2020-06-01", "2020-09-30", "示例数据：名称取自公报（生态环境部，高新区），起止日期为推定"),
    (STRAW, None, "2020-10-10", "2020-12-31", "示例数据：秋季禁烧期（江苏），张家港巡查取自公报"),
    (GUAJING_PUSH, None, "2020-10-12", "2021-01-19", "示例数据：名称取自公报（吴中），起止日期为推定"),
)


def table() -> pd.DataFrame:
    """The campaigns layer."""
    return pd.DataFrame(
        [
            {"campaign": name, "document": doc, "start_date": pd.Timestamp(start), "end_date": pd.Timestamp(end),
             "source": source}
            for name, doc, start, end, source in _CAMPAIGNS
        ]
    )


def day_kind(day: pd.Timestamp) -> str:
    """holiday / weekend / workday for a day of the campaign."""
    if day in HOLIDAY or day in NEW_YEAR or day in OTHER_HOLIDAYS:
        return "holiday"
    if day in MAKEUP_WORKDAYS:
        return "workday"
    return "weekend" if day.day_of_week >= 5 else "workday"


def campaign_days() -> pd.DatetimeIndex:
    return pd.date_range(START, END)


def workdays(start: str, end: str) -> pd.DatetimeIndex:
    """Workdays (Mon–Fri, holidays excepted, make-up days included) in [start, end]."""
    days = pd.date_range(start, end)
    return pd.DatetimeIndex([d for d in days if day_kind(d) == "workday"])
