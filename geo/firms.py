"""Reading satellite fire points exactly as they come: NASA FIRMS CSV (VIIRS 375 m and MODIS 1 km) and the
provincial fire lists (市/县/乡镇/中心经度/中心纬度/过境日期).

FIRMS columns (DOMAIN.md §5): `latitude,longitude,bright_ti4,scan,track,acq_date,acq_time,satellite,instrument,
confidence,version,bright_ti5,frp,daynight`; MODIS has `brightness`/`bright_t31` instead of the `bright_ti`
columns and a 0–100 confidence. `instrument` may be missing, country archives put `country_id` first, archives
add `type` (0 vegetation, 1 volcano, 2 static industrial source, 3 offshore). `acq_time` is HHMM in UTC and may
have lost its leading zeros ("234" = 02:34, "5" = 00:05). Beijing time is UTC+8, so a night pass moves to the
next date.

Provincial lists give Beijing dates (and sometimes times) and centre coordinates, often as DMS text
(`120°37'12.5"E`); a list without a time column is given 12:00 Beijing time (documented in the README).

`sniff(columns)` says which kind a header is; `parse(frame, kind, source)` returns the rows for the
`fire_points` layer and the rejected cells (line, column, value, Chinese message). This module is called by the
general import (`geo.imports`) and never writes anything itself.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import crs as geocrs
from geo.schema import CRS, FIRE_TYPES

BEIJING = pd.Timedelta(hours=8)
VIIRS_CONFIDENCE = {"l": "l", "low": "l", "n": "n", "nominal": "n", "h": "h", "high": "h"}
# FIRMS satellite spellings -> one code per satellite
SATELLITES = {
    "N": "N", "NPP": "N", "SNPP": "N", "S-NPP": "N", "SUOMI NPP": "N", "SUOMI-NPP": "N",
    "N20": "N20", "NOAA-20": "N20", "NOAA20": "N20", "J1": "N20", "1": "N20",
    "N21": "N21", "NOAA-21": "N21", "NOAA21": "N21", "J2": "N21",
    "T": "Terra", "TERRA": "Terra", "A": "Aqua", "AQUA": "Aqua",
}
SATELLITE_LABELS = {"N": "S-NPP", "N20": "NOAA-20", "N21": "NOAA-21", "Terra": "Terra", "Aqua": "Aqua"}
MODIS_SATELLITES = ("Terra", "Aqua")

_FIRMS_REQUIRED = {"latitude", "longitude", "acq_date", "acq_time"}
_FIRMS_MARKERS = {"bright_ti4", "brightness", "frp", "confidence", "satellite"}
_PROVINCE = {  # field -> accepted header spellings (after removing spaces and brackets' contents)
    "lon": ("中心经度", "经度", "东经", "火点经度"),
    "lat": ("中心纬度", "纬度", "北纬", "火点纬度"),
    "date": ("过境日期", "监测日期", "日期", "发现日期"),
    "time": ("过境时间", "监测时间", "时间", "过境时刻"),
    "city": ("市", "地市", "设区市", "城市"),
    "county": ("县", "县区", "区县", "县市区", "县(市、区)", "县（市、区）", "县(市,区)"),
    "town": ("乡镇", "乡镇街道", "乡镇（街道）", "乡镇(街道)", "镇"),
    "satellite": ("卫星", "卫星名称", "数据源"),
    "confidence": ("可信度", "置信度"),
    "frp": ("火辐射功率", "frp", "FRP"),
}


@dataclass
class Parsed:
    """What a file gave: rows ready for `fire_points` and the cells that could not be read."""

    rows: gpd.GeoDataFrame
    rejected: list[dict] = field(default_factory=list)  # {"line", "column", "value", "message"}
    duplicates: int = 0  # rows repeating an earlier row of the same file (same satellite, time and place)


# --- which kind of file -----------------------------------------------------------------------


def sniff(columns: list[str]) -> str | None:
    """"firms" for a NASA FIRMS header, "province" for a provincial fire list, else None."""
    names = {str(c).strip().lower().lstrip("\ufeff") for c in columns}
    if _FIRMS_REQUIRED <= names and names & _FIRMS_MARKERS:
        return "firms"
    fields = _province_columns(columns)
    if {"lon", "lat", "date"} <= set(fields):
        return "province"
    return None


def _province_columns(columns) -> dict[str, str]:
    """field -> the file's own column name, for a provincial list's header."""
    found = {}
    for column in columns:
        key = re.sub(r"\s+", "", str(column).lstrip("\ufeff"))
        for name, spellings in _PROVINCE.items():
            if name not in found and (key in spellings or re.sub(r"[（(].*[)）]", "", key) in spellings):
                found[name] = column
    return found


# --- reading ----------------------------------------------------------------------------------


def parse(frame: pd.DataFrame, kind: str, source: str, crs: str = "wgs84", first_line: int = 2) -> Parsed:
    """Rows for the `fire_points` layer from a file's table (every column text, header already found).

    `first_line` is the line the user sees for the frame's first row. A row with any unreadable cell is
    left out and each bad cell reported; the other rows load. `crs` is the system of the coordinates
    (wgs84 and cgcs2000 are taken as equal; gcj02 and bd09 are shifted back to WGS84)."""
    if kind not in ("firms", "province"):
        raise ValueError(f"未知的火点文件类型“{kind}”；可用：firms（NASA FIRMS）、province（省级火点清单）")
    if crs not in ("wgs84", "cgcs2000", "gcj02", "bd09"):
        raise ValueError(f"未知的坐标系“{crs}”；可用：wgs84、cgcs2000、gcj02、bd09")
    text = frame.reset_index(drop=True).astype("object").where(frame.reset_index(drop=True).notna(), None)
    text = text.map(lambda v: None if v is None or str(v).strip() == "" else str(v).strip())
    bad = _Rejections(first_line)
    cols = _firms(text, bad) if kind == "firms" else _province(text, bad)
    return _assemble(cols, bad, source, crs)


class _Rejections:
    def __init__(self, first_line: int):
        self.first_line = first_line
        self.items: list[dict] = []
        self.rows: set[int] = set()

    def add(self, mask, column: str, values, message: str) -> None:
        for i in np.flatnonzero(np.asarray(mask, dtype=bool)):
            value = values.iloc[i] if isinstance(values, pd.Series) else values[i]
            self.items.append({"line": int(i) + self.first_line, "column": column,
                               "value": "" if value is None or value is pd.NA or value != value else str(value), "message": message})
            self.rows.add(int(i))


def _firms(text: pd.DataFrame, bad: _Rejections) -> dict:
    lower = {str(c).strip().lower().lstrip("\ufeff"): c for c in text.columns}
    col = lambda name: text[lower[name]] if name in lower else pd.Series([None] * len(text), dtype=object)  # noqa: E731
    out = {"latitude": _number(col("latitude"), "latitude", bad, -90, 90, "纬度"),
           "longitude": _number(col("longitude"), "longitude", bad, -180, 180, "经度")}
    date = _date(col("acq_date"), "acq_date", bad)
    hours, minutes = parse_hhmm(col("acq_time"))
    bad.add(np.isnan(hours), "acq_time", col("acq_time"),
            "过境时刻应为 UTC 的 HHMM（0–2359，可省略前导零，如 234 表示 02:34）")
    out["detected_utc"] = date + pd.to_timedelta(np.nan_to_num(hours) * 60 + np.nan_to_num(minutes), unit="m")
    sat_raw = col("satellite")
    sat = sat_raw.map(lambda v: None if v is None else SATELLITES.get(v.upper(), v))
    out["satellite"] = sat
    is_modis = "brightness" in lower and "bright_ti4" not in lower
    instrument = col("instrument").map(lambda v: None if v is None else v.upper())
    fallback = np.where(sat.isin(MODIS_SATELLITES) | is_modis, "MODIS", "VIIRS")
    out["instrument"] = instrument.where(instrument.notna(), pd.Series(fallback, dtype=object))
    out["confidence"] = _confidence(col("confidence"), out["instrument"], bad)
    for name in ("bright_ti4", "bright_ti5", "brightness", "frp"):
        out[name] = _number(col(name), name, bad, 0, 10000, name, required=False)
    daynight = col("daynight").map(lambda v: None if v is None else v.upper())
    bad.add(daynight.notna() & ~daynight.isin(["D", "N"]), "daynight", col("daynight"), "昼夜标记应为 D（白天）或 N（夜间）")
    out["daynight"] = daynight
    out["type"] = _fire_type(col("type"), bad)
    out["place"] = pd.Series([None] * len(text), dtype=object)
    out["district"] = pd.Series([None] * len(text), dtype=object)
    return out


def _province(text: pd.DataFrame, bad: _Rejections) -> dict:
    fields = _province_columns(text.columns)
    col = lambda name: text[fields[name]] if name in fields else pd.Series([None] * len(text), dtype=object)  # noqa: E731
    lon, lat = _lonlat(col("lon"), col("lat"), fields["lon"], fields["lat"], bad)
    out = {"longitude": lon, "latitude": lat}
    date = _date(col("date"), fields["date"], bad)
    if "time" in fields:
        minutes = _clock(col("time"), fields["time"], bad)
    else:
        minutes = np.full(len(text), 12 * 60.0)
    out["detected_utc"] = date + pd.to_timedelta(np.nan_to_num(minutes), unit="m") - BEIJING
    sat = col("satellite").map(lambda v: None if v is None else SATELLITES.get(v.upper(), v))
    out["satellite"] = sat
    out["instrument"] = sat.map(lambda s: None if s is None else (
        "MODIS" if s in MODIS_SATELLITES else "VIIRS" if s in ("N", "N20", "N21") else None))
    conf = col("confidence")
    out["confidence"] = conf
    for name in ("bright_ti4", "bright_ti5", "brightness"):
        out[name] = pd.Series(np.nan, index=range(len(text)))
    out["frp"] = _number(col("frp"), fields.get("frp", "frp"), bad, 0, 100000, "火辐射功率", required=False)
    hour_bj = (np.nan_to_num(minutes) // 60)
    out["daynight"] = pd.Series(np.where((hour_bj >= 7) & (hour_bj < 19), "D", "N"), dtype=object) \
        if "time" in fields else pd.Series([None] * len(text), dtype=object)
    out["type"] = pd.Series([pd.NA] * len(text), dtype="Int64")
    parts = [col(name) for name in ("city", "county", "town")]
    out["place"] = pd.Series(["".join(p for p in trio if p) or None for trio in zip(*parts)], dtype=object)
    out["district"] = col("county")
    return out


def _assemble(cols: dict, bad: _Rejections, source: str, crs: str) -> Parsed:
    n = len(cols["latitude"])
    keep = np.ones(n, dtype=bool)
    keep[list(bad.rows)] = False
    frame = pd.DataFrame({k: (v.reset_index(drop=True) if isinstance(v, pd.Series) else pd.Series(v))
                          for k, v in cols.items()})[keep].reset_index(drop=True)
    lon, lat = frame["longitude"].to_numpy(float), frame["latitude"].to_numpy(float)
    if crs == "gcj02":
        lon, lat = geocrs.gcj02_to_wgs84(lon, lat)
    elif crs == "bd09":
        lon, lat = geocrs.bd09_to_wgs84(lon, lat)
    frame["longitude"], frame["latitude"] = np.round(lon, 6), np.round(lat, 6)
    utc = pd.to_datetime(frame["detected_utc"]).astype("datetime64[ns]")
    frame["detected_utc"] = utc
    frame["detected_bj"] = utc + BEIJING
    frame["acq_date"] = utc.dt.strftime("%Y-%m-%d")
    frame["acq_time"] = utc.dt.strftime("%H%M")
    frame["fire_id"] = fire_ids(frame["satellite"], utc, frame["latitude"], frame["longitude"])
    frame["status"] = "待核查"
    frame["source"] = source
    dup = frame["fire_id"].duplicated()
    frame = frame[~dup.to_numpy()].reset_index(drop=True)
    rows = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["longitude"], frame["latitude"]), crs=CRS)
    rejected = sorted(bad.items, key=lambda r: (r["line"], r["column"]))
    return Parsed(rows, rejected, int(dup.sum()))


def fire_ids(satellite, detected_utc, latitude, longitude) -> pd.Series:
    """A detection's id from satellite, UTC minute and position (5 decimals, about 1 m): the same detection
    read from any variant of a file gets the same id, so loading a file twice adds nothing."""
    utc = pd.to_datetime(pd.Series(detected_utc)).dt.strftime("%Y%m%d%H%M").to_numpy()
    sat = pd.Series(satellite).fillna("").astype(str).to_numpy()
    lat = np.round(np.asarray(latitude, dtype=float), 5)
    lon = np.round(np.asarray(longitude, dtype=float), 5)
    keys = [f"{s}|{t}|{y:.5f}|{x:.5f}" for s, t, y, x in zip(sat, utc, lat, lon)]
    return pd.Series(["FP" + hashlib.sha1(k.encode()).hexdigest()[:14].upper() for k in keys], dtype=object)


# --- cells ------------------------------------------------------------------------------------


def parse_hhmm(values) -> tuple[np.ndarray, np.ndarray]:
    """(hours, minutes) from FIRMS `acq_time` texts: HHMM with leading zeros possibly lost ("234" = 02:34,
    "5" = 00:05, "0" = 00:00); also "02:34" and "234.0" (a spreadsheet's float). NaN where unreadable."""
    s = pd.Series(values, dtype=object).map(lambda v: None if v is None else str(v).strip())
    s = s.str.replace(r"^(\d{1,2}):(\d{2})$", lambda m: f"{int(m.group(1)):02d}{m.group(2)}", regex=True)
    s = s.str.replace(r"^(\d+)\.0*$", r"\1", regex=True)
    ok = s.str.fullmatch(r"\d{1,4}").fillna(False).to_numpy(dtype=bool)
    number = pd.to_numeric(s.where(ok), errors="coerce").to_numpy(dtype=float)
    hours, minutes = np.floor(number / 100), number % 100
    good = ok & (hours < 24) & (minutes < 60)
    return np.where(good, hours, np.nan), np.where(good, minutes, np.nan)


def to_beijing(detected_utc) -> pd.Series:
    """Beijing time (UTC+8, no daylight saving) for UTC times."""
    return pd.to_datetime(pd.Series(detected_utc)) + BEIJING


def confidence_class(confidence, instrument) -> pd.Series:
    """"低"/"中"/"高" for VIIRS l/n/h and MODIS 0–29/30–79/80–100 (FIRMS' own classes); None when unknown."""
    conf = pd.Series(confidence, dtype=object).reset_index(drop=True)
    number = pd.to_numeric(conf, errors="coerce")
    viirs = conf.map(lambda v: None if v is None or v is pd.NA else VIIRS_CONFIDENCE.get(str(v).strip().lower()))
    by_number = pd.Series(np.select([number < 30, number < 80, number <= 100], ["低", "中", "高"], ""), dtype=object)
    by_letter = viirs.map({"l": "低", "n": "中", "h": "高"})
    out = by_letter.where(by_letter.notna(), by_number.where(number.notna())).astype(object)
    return out.where(out.notna() & (out != ""), None)


def _confidence(values: pd.Series, instrument: pd.Series, bad: _Rejections) -> pd.Series:
    modis = (instrument == "MODIS").to_numpy()
    letter = values.map(lambda v: None if v is None else VIIRS_CONFIDENCE.get(v.lower()))
    number = pd.to_numeric(values, errors="coerce")
    numeric_ok = number.notna() & (number >= 0) & (number <= 100) & (number == number.round())
    ok = values.isna() | np.where(modis, numeric_ok, letter.notna())
    bad.add(~ok.to_numpy(dtype=bool) & modis, "confidence", values, "MODIS 置信度应为 0–100 的整数")
    bad.add(~ok.to_numpy(dtype=bool) & ~modis, "confidence", values,
            "VIIRS 置信度应为 l/n/h 或 low/nominal/high")
    as_int = number.map(lambda v: None if pd.isna(v) else str(int(v)))
    return pd.Series(np.where(modis, as_int, letter), dtype=object).where(ok.to_numpy(dtype=bool), None)


def _number(values: pd.Series, column: str, bad: _Rejections, lo: float, hi: float, word: str,
            required: bool = True) -> pd.Series:
    number = pd.to_numeric(values.str.replace(",", "", regex=False) if values.notna().any() else values,
                           errors="coerce")
    missing = values.isna().to_numpy()
    unreadable = (~missing & number.isna()).to_numpy()
    out_of_range = (number.notna() & ((number < lo) | (number > hi))).to_numpy()
    if required:
        bad.add(missing, column, values, f"{word}为空；应为 {lo:g}–{hi:g} 之间的数")
    bad.add(unreadable | out_of_range, column, values, f"{word}应为 {lo:g}–{hi:g} 之间的数")
    return number.astype(float)


def _lonlat(lon_text: pd.Series, lat_text: pd.Series, lon_col: str, lat_col: str, bad: _Rejections):
    """Decimal degrees from the lists' coordinate texts (DMS or decimal). A pair that only reads the other way
    round (the two columns swapped, as geo.crs.fix_swapped recognises) is taken swapped."""
    lon, lat = np.full(len(lon_text), np.nan), np.full(len(lon_text), np.nan)
    for i, (x, y) in enumerate(zip(lon_text, lat_text)):
        try:
            lon[i], lat[i] = geocrs.parse_coordinate(x, "lon"), geocrs.parse_coordinate(y, "lat")
            lon[i], lat[i], _ = geocrs.fix_swapped(lon[i], lat[i])
            continue
        except geocrs.CoordinateError as exc:
            first = exc
        try:
            lon[i], lat[i] = geocrs.parse_coordinate(y, "lon"), geocrs.parse_coordinate(x, "lat")
            if geocrs.fix_swapped(lat[i], lon[i])[2]:
                continue
        except geocrs.CoordinateError:
            pass
        lon[i] = lat[i] = np.nan
        column, value = (lon_col, lon_text) if "经度" in str(first) else (lat_col, lat_text)
        bad.add(np.arange(len(lon_text)) == i, column, value, str(first))
    return pd.Series(lon), pd.Series(lat)


def _date(values: pd.Series, column: str, bad: _Rejections) -> pd.Series:
    clean = values.str.replace(r"[年月/.]", "-", regex=True).str.replace("日", "", regex=False)
    parsed = pd.to_datetime(clean, errors="coerce", format="%Y-%m-%d")
    compact = pd.to_datetime(values.where(values.str.fullmatch(r"\d{8}").fillna(False)), errors="coerce",
                             format="%Y%m%d")
    parsed = parsed.fillna(compact)
    bad.add(parsed.isna().to_numpy(), column, values, "日期应为 YYYY-MM-DD（如 2020-11-05）")
    return parsed.fillna(pd.Timestamp("1970-01-01")).astype("datetime64[ns]")


def _clock(values: pd.Series, column: str, bad: _Rejections) -> np.ndarray:
    """Minutes after midnight from "13:30", "13:30:00", "1330" or "13时30分"; the lists' times are Beijing time."""
    s = values.str.replace(r"^(\d{1,2})[:时](\d{2})(?:[:分](\d{2})秒?)?分?$", r"\1\2", regex=True)
    hours, minutes = parse_hhmm(s)
    bad.add(np.isnan(hours) & values.notna().to_numpy(), column, values, "时间应为 HH:MM（北京时间，如 13:30）")
    return np.where(np.isnan(hours), 12 * 60.0, hours * 60 + minutes)


def _fire_type(values: pd.Series, bad: _Rejections) -> pd.Series:
    number = pd.to_numeric(values, errors="coerce")
    ok = values.isna() | number.isin(FIRE_TYPES)
    bad.add(~ok.to_numpy(dtype=bool), "type", values,
            "type 应为 0（植被火）、1（火山）、2（固定工业热源）或 3（海上）")
    return number.where(ok).astype("Int64")


def read_upload(name: str, data: bytes) -> tuple[pd.DataFrame, str | None]:
    """A file's table (every cell text) and its kind, for the page's loader: CSV in UTF-8 or GBK, or XLSX.
    (The general import, geo.imports, reads every other format and finds headers below title rows.)"""
    if name.lower().endswith((".xlsx", ".xlsm")):
        frame = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False)
    else:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValueError(f"文件“{name}”既不是 UTF-8 也不是 GBK 编码的文本")
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    return frame, sniff(list(frame.columns))
