"""Dates and times as districts write them in their lists, read into Beijing-time timestamps.

Accepted: 2020-10-01, 2020/10/1, 2020.10.01, 20201001, 2020年10月1日, each optionally followed by a time
(9:30, 09:30:15, 9时30分, 9点30分); ISO text with a "T"; Excel's day numbers (44105 = 2020-10-01, with a
fraction for the time of day) when a date cell was saved as a number. Impossible dates (2020-02-30) and years
outside 2000–2099 are errors that say so."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

import pandas as pd

ACCEPTED = "可接受的格式：2020-10-01、2020/10/1、2020.10.01、20201001、2020年10月1日，可带时间（9:30、09:30:15、9时30分）"
_EXCEL_EPOCH = datetime(1899, 12, 30)
_YEARS = (2000, 2099)
_DATE = re.compile(
    r"(?P<y>\d{4})(?:(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})|年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})[日号]?"
    r"|(?P<m3>\d{2})(?P<d3>\d{2}))"
)
_TIME = re.compile(
    r"[T\s]*(?P<H>\d{1,2})(?:[:：时点](?:(?P<M>\d{1,2})(?:[:：分](?P<S>\d{1,2}(?:\.\d+)?))?)?)?[分秒]?"
)
_EXCEL_NUMBER = re.compile(r"\d{5}(?:\.\d+)?")


class DateError(ValueError):
    """A date or time cannot be read; the message quotes it and says why."""


def parse_datetime(text) -> pd.Timestamp:
    """A timestamp (no zone, Beijing time) from the text or value of one cell."""
    if isinstance(text, pd.Timestamp | datetime):
        return _in_range(pd.Timestamp(text), text)
    raw = "" if text is None else str(text)
    body = unicodedata.normalize("NFKC", raw).strip()
    if not body:
        raise DateError("日期为空；" + ACCEPTED)
    if _EXCEL_NUMBER.fullmatch(body):
        return _in_range(pd.Timestamp(_EXCEL_EPOCH + timedelta(days=float(body))).round("s"), raw)
    match = _DATE.match(body)
    if not match:
        raise DateError(f"无法识别日期“{raw}”；{ACCEPTED}")
    year = int(match["y"])
    month = int(match["m"] or match["m2"] or match["m3"])
    day = int(match["d"] or match["d2"] or match["d3"])
    hour = minute = 0
    second = 0.0
    rest = body[match.end():]
    if rest.strip():
        timed = _TIME.fullmatch(rest.rstrip())
        joined = body[match.end() - 1] not in "日号" and rest[:1] not in ("T", " ", "\t")
        if not timed or joined:
            raise DateError(f"无法识别日期“{raw}”中的时间“{rest.strip()}”；{ACCEPTED}")
        hour, minute, second = int(timed["H"]), int(timed["M"] or 0), float(timed["S"] or 0)
    return _in_range(_build(year, month, day, hour, minute, second, raw), raw)


def parse_date(text) -> pd.Timestamp:
    """The day (midnight) of a date cell; a time in the cell is allowed and dropped."""
    return parse_datetime(text).normalize()


def _build(year, month, day, hour, minute, second, raw) -> pd.Timestamp:
    if not 1 <= month <= 12:
        raise DateError(f"日期“{raw}”不存在：月份 {month} 应在 1–12")
    try:
        base = datetime(year, month, day)
    except ValueError:
        raise DateError(f"日期“{raw}”不存在：{year} 年 {month} 月没有 {day} 日") from None
    if hour > 23 or minute > 59 or second >= 60:
        raise DateError(f"日期“{raw}”中的时间 {hour}:{minute:02d} 不存在（时 0–23，分、秒 0–59）")
    return pd.Timestamp(base + timedelta(hours=hour, minutes=minute, seconds=second))


def _in_range(ts: pd.Timestamp, raw) -> pd.Timestamp:
    if ts.tzinfo is not None:
        ts = ts.tz_convert("Asia/Shanghai").tz_localize(None)
    if not _YEARS[0] <= ts.year <= _YEARS[1]:
        raise DateError(f"日期“{raw}”的年份 {ts.year} 不在 {_YEARS[0]}–{_YEARS[1]} 之间，请检查是否填错")
    return ts
