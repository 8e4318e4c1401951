"""Reading FIRMS files and provincial fire lists exactly as they come (files written here, in code)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import fires, firms, schema
from geo.store import GeoPackageStore

VIIRS_HEADER = ("latitude,longitude,bright_ti4,scan,track,acq_date,acq_time,satellite,instrument,confidence,"
                "version,bright_ti5,frp,daynight")
# Four VIIRS detections in the farmland of 张家港/常熟/太仓, with the quirks of real files: acq_time that lost
# its leading zeros (534 = 05:34, 5 = 00:05), a night pass at 17:30 UTC (01:30 Beijing, the next date),
# confidence spelt both ways, NOAA-20 written as "N20".
VIIRS_ROWS = [
    "31.85012,120.54321,333.52,0.39,0.36,2020-11-05,534,N,VIIRS,n,2.0NRT,290.14,3.21,D",
    "31.66103,120.87455,301.84,0.44,0.38,2020-11-05,1730,N20,VIIRS,high,2.0NRT,279.65,1.75,N",
    "31.54377,121.14012,367.00,0.41,0.37,2020-11-06,442,N20,VIIRS,h,2.0NRT,301.22,14.80,D",
    "31.60020,120.99001,310.10,0.39,0.36,2020-11-06,5,N,VIIRS,low,2.0NRT,280.10,0.95,N",
]
MODIS_HEADER = "latitude,longitude,brightness,scan,track,acq_date,acq_time,satellite,instrument,confidence,version," \
               "bright_t31,frp,daynight"
MODIS_ROWS = [
    "31.8512,120.5441,318.4,1.1,1.0,2020-11-05,245,T,MODIS,72,6.1NRT,291.3,12.4,D",
    "31.6611,120.8750,305.9,1.0,1.0,2020-11-05,1820,A,MODIS,45,6.1NRT,282.0,6.3,N",
    "31.5439,121.1403,330.2,1.2,1.1,2020-11-06,525,Aqua,MODIS,100,6.1NRT,295.0,30.1,D",
]


def csv_text(header: str, rows: list[str], drop: tuple[str, ...] = (), add_front: dict | None = None,
             add_back: dict | None = None) -> str:
    """A FIRMS file's text, variant: columns dropped (e.g. instrument), columns added in front (country_id) or at
    the end (type), as the different FIRMS products write them."""
    frame = pd.read_csv(io.StringIO("\n".join([header, *rows])), dtype=str, keep_default_na=False)
    frame = frame.drop(columns=list(drop))
    for name, value in (add_front or {}).items():
        frame.insert(0, name, value)
    for name, value in (add_back or {}).items():
        frame[name] = value
    return frame.to_csv(index=False, lineterminator="\n")


def read(text: str, tmp_path, name: str = "fires.csv", kind: str | None = None, crs: str = "wgs84"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    kind = kind or firms.sniff(list(frame.columns))
    return firms.parse(frame, kind, source=name, crs=crs)


VARIANTS = {
    "viirs": (VIIRS_HEADER, VIIRS_ROWS, {}),
    "viirs without instrument": (VIIRS_HEADER, VIIRS_ROWS, {"drop": ("instrument",)}),
    "viirs country archive": (VIIRS_HEADER, VIIRS_ROWS, {"add_front": {"country_id": "CHN"},
                                                         "add_back": {"type": "0"}}),
    "viirs without version": (VIIRS_HEADER, VIIRS_ROWS, {"drop": ("version",)}),
    "modis": (MODIS_HEADER, MODIS_ROWS, {}),
    "modis archive without instrument": (MODIS_HEADER, MODIS_ROWS, {"drop": ("instrument",),
                                                                  "add_back": {"type": "0"}}),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_firms_variant_is_recognised_and_loads_whole(variant, tmp_path):
    header, rows, how = VARIANTS[variant]
    text = csv_text(header, rows, **how)
    assert firms.sniff(text.splitlines()[0].split(",")) == "firms"
    parsed = read(text, tmp_path)
    assert parsed.rejected == []
    assert len(parsed.rows) == len(rows)
    checked = schema.validate("fire_points", parsed.rows)  # fits the layer as it is
    assert set(checked["instrument"]) == {"MODIS" if variant.startswith("modis") else "VIIRS"}
    assert (checked["status"] == "待核查").all()


def test_viirs_times_are_read_as_utc_and_shown_in_beijing_time(tmp_path):
    rows = read(csv_text(VIIRS_HEADER, VIIRS_ROWS), tmp_path).rows
    assert rows["detected_utc"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2020-11-05 05:34", "2020-11-05 17:30", "2020-11-06 04:42", "2020-11-06 00:05"]
    assert rows["detected_bj"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2020-11-05 13:34", "2020-11-06 01:30", "2020-11-06 12:42", "2020-11-06 08:05"]
    assert rows["acq_time"].tolist() == ["0534", "1730", "0442", "0005"]  # stored with its zeros back
    assert rows["acq_date"].tolist() == ["2020-11-05", "2020-11-05", "2020-11-06", "2020-11-06"]
    assert rows["confidence"].tolist() == ["n", "h", "h", "l"]
    assert rows["satellite"].tolist() == ["N", "N20", "N20", "N"]


def test_modis_confidence_and_satellites(tmp_path):
    rows = read(csv_text(MODIS_HEADER, MODIS_ROWS), tmp_path).rows
    assert rows["confidence"].tolist() == ["72", "45", "100"]
    assert rows["satellite"].tolist() == ["Terra", "Aqua", "Aqua"]
    assert rows["brightness"].tolist() == [318.4, 305.9, 330.2]
    assert rows["detected_bj"].dt.strftime("%m-%d %H:%M").tolist() == ["11-05 10:45", "11-06 02:20", "11-06 13:25"]


def test_the_same_detection_gets_the_same_id_from_any_variant(tmp_path):
    full = read(csv_text(VIIRS_HEADER, VIIRS_ROWS), tmp_path, "a.csv").rows
    bare = read(csv_text(VIIRS_HEADER, VIIRS_ROWS, drop=("instrument", "version"),
                         add_front={"country_id": "CHN"}), tmp_path, "b.csv").rows
    assert full["fire_id"].tolist() == bare["fire_id"].tolist()
    assert full["fire_id"].is_unique


def test_loading_the_same_file_twice_adds_nothing(tmp_path):
    store = GeoPackageStore(tmp_path / "s.gpkg")
    parsed = read(csv_text(VIIRS_HEADER, VIIRS_ROWS), tmp_path)
    assert fires.load_new_points(store, parsed) == 4
    assert fires.load_new_points(store, parsed) == 0
    more = read(csv_text(VIIRS_HEADER, VIIRS_ROWS + [VIIRS_ROWS[0].replace("534", "535")]), tmp_path, "c.csv")
    assert fires.load_new_points(store, more) == 1
    assert len(store.read("fire_points")) == 5


BAD_ROWS = [  # (row text, column, value, words in the message)
    ("31.85,abc,333.5,0.39,0.36,2020-11-05,534,N,VIIRS,n,2.0NRT,290.1,3.2,D", "longitude", "abc", "经度"),
    ("31.85,120.54,333.5,0.39,0.36,2020-11-05,2460,N,VIIRS,n,2.0NRT,290.1,3.2,D", "acq_time", "2460", "HHMM"),
    ("31.85,120.54,333.5,0.39,0.36,2020-11-05,1275,N,VIIRS,n,2.0NRT,290.1,3.2,D", "acq_time", "1275", "HHMM"),
    ("31.85,120.54,333.5,0.39,0.36,2020-13-05,534,N,VIIRS,n,2.0NRT,290.1,3.2,D", "acq_date", "2020-13-05", "日期"),
    ("31.85,120.54,333.5,0.39,0.36,2020-11-05,534,N,VIIRS,medium,2.0NRT,290.1,3.2,D", "confidence", "medium",
     "l/n/h"),
    ("95.2,120.54,333.5,0.39,0.36,2020-11-05,534,N,VIIRS,n,2.0NRT,290.1,3.2,D", "latitude", "95.2", "纬度"),
    ("31.85,120.54,333.5,0.39,0.36,2020-11-05,534,N,VIIRS,n,2.0NRT,290.1,3.2,X", "daynight", "X", "D（白天）"),
    ("31.85,120.54,333.5,0.39,0.36,2020-11-05,,N,VIIRS,n,2.0NRT,290.1,3.2,D", "acq_time", "", "HHMM"),
]


@pytest.mark.parametrize("row, column, value, words", BAD_ROWS)
def test_a_malformed_row_is_reported_with_line_column_value_and_the_rest_load(row, column, value, words, tmp_path):
    parsed = read(csv_text(VIIRS_HEADER, VIIRS_ROWS[:2] + [row] + VIIRS_ROWS[2:]), tmp_path)
    assert len(parsed.rows) == 4
    assert [(r["line"], r["column"], r["value"]) for r in parsed.rejected] == [(4, column, value)]  # header is line 1
    assert words in parsed.rejected[0]["message"]


def test_modis_confidence_out_of_range_is_rejected(tmp_path):
    bad = MODIS_ROWS[0].replace(",72,", ",172,")
    parsed = read(csv_text(MODIS_HEADER, [bad] + MODIS_ROWS[1:]), tmp_path)
    assert [(r["line"], r["column"], r["value"]) for r in parsed.rejected] == [(2, "confidence", "172")]
    assert "0–100" in parsed.rejected[0]["message"]


def test_type_column_is_kept_and_checked(tmp_path):
    text = csv_text(VIIRS_HEADER, VIIRS_ROWS, add_back={"type": "0"})
    lines = text.splitlines()
    lines[2] = lines[2][:-1] + "2"  # a static industrial source
    lines[3] = lines[3][:-1] + "7"
    parsed = read("\n".join(lines) + "\n", tmp_path)
    assert parsed.rows["type"].tolist() == [0, 2, 0]
    assert [(r["line"], r["column"], r["value"]) for r in parsed.rejected] == [(4, "type", "7")]


def test_a_repeated_row_loads_once(tmp_path):
    parsed = read(csv_text(VIIRS_HEADER, VIIRS_ROWS + VIIRS_ROWS[:1]), tmp_path)
    assert len(parsed.rows) == 4 and parsed.duplicates == 1


def test_first_line_shifts_the_reported_lines(tmp_path):
    frame = pd.read_csv(io.StringIO("\n".join([VIIRS_HEADER, VIIRS_ROWS[0], BAD_ROWS[0][0]])), dtype=str,
                        keep_default_na=False)
    parsed = firms.parse(frame, "firms", "x.csv", first_line=5)
    assert parsed.rejected[0]["line"] == 6


PROVINCE = pd.DataFrame({
    "序号": ["1", "2", "3", "4"],
    "市": ["苏州市"] * 4,
    "县（市、区）": ["张家港市", "常熟市", "太仓市", "昆山市"],
    "乡镇": ["乐余镇", "古里镇", "沙溪镇", "周市镇"],
    "中心经度": ["120°37'12.5\"E", "120°52′30″", "31.5544", "121度1分"],
    "中心纬度": ["31°52'1.2\"N", "31.6610", "121.1403", "北纬31°25'"],  # row 3 has the two columns swapped
    "过境日期": ["2020-11-05", "2020/11/06", "2020年11月6日", "20201107"],
    "过境时间": ["13:32", "01:30", "1342", "25:00"],
})


def test_a_provincial_list_with_dms_text_and_swapped_columns(tmp_path):
    assert firms.sniff(list(PROVINCE.columns)) == "province"
    parsed = firms.parse(PROVINCE, "province", "江苏省火点清单.xlsx")
    assert [(r["line"], r["column"], r["value"]) for r in parsed.rejected] == [(5, "过境时间", "25:00")]
    rows = parsed.rows
    assert rows["longitude"].round(5).tolist() == [120.62014, 120.875, 121.1403]
    assert rows["latitude"].round(5).tolist() == [31.867, 31.661, 31.5544]
    assert rows["detected_bj"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2020-11-05 13:32", "2020-11-06 01:30", "2020-11-06 13:42"]
    assert rows["acq_date"].tolist() == ["2020-11-05", "2020-11-05", "2020-11-06"]  # UTC, as FIRMS writes it
    assert rows["place"].tolist() == ["苏州市张家港市乐余镇", "苏州市常熟市古里镇", "苏州市太仓市沙溪镇"]
    schema.validate("fire_points", rows)


def test_a_provincial_list_without_times_is_placed_at_noon():
    parsed = firms.parse(PROVINCE.drop(columns="过境时间"), "province", "清单.csv")
    assert parsed.rejected == []
    assert set(parsed.rows["detected_bj"].dt.strftime("%H:%M")) == {"12:00"}
    assert parsed.rows["daynight"].isna().all()


def test_a_bad_dms_text_names_the_column_and_what_is_accepted():
    bad = PROVINCE.assign(中心经度=["120°75'0\"E", *PROVINCE["中心经度"][1:]])
    parsed = firms.parse(bad, "province", "清单.csv")
    first = parsed.rejected[0]
    assert (first["line"], first["column"], first["value"]) == (2, "中心经度", "120°75'0\"E")
    assert "分应小于 60" in first["message"] and "可接受的格式" in first["message"]


def test_gcj02_coordinates_are_moved_back_to_wgs84(tmp_path):
    wgs = read(csv_text(VIIRS_HEADER, VIIRS_ROWS), tmp_path, "w.csv").rows
    gcj = read(csv_text(VIIRS_HEADER, VIIRS_ROWS), tmp_path, "g.csv", crs="gcj02").rows
    shift_m = (gcj["longitude"] - wgs["longitude"]).abs() * 95000
    assert ((shift_m > 300) & (shift_m < 700)).all()


@pytest.mark.parametrize("columns, kind", [
    (VIIRS_HEADER.split(","), "firms"),
    (["country_id", *VIIRS_HEADER.split(","), "type"], "firms"),
    (["\ufefflatitude", "longitude", "brightness", "acq_date", "acq_time", "confidence"], "firms"),
    (["市", "县", "乡镇", "中心经度", "中心纬度", "过境日期"], "province"),
    (["序号", "县（市、区）", "经度", "纬度", "监测日期"], "province"),
    (["latitude", "longitude", "name"], None),
    (["企业名称", "经度", "纬度"], None),
])
def test_sniff(columns, kind):
    assert firms.sniff(columns) == kind


@pytest.mark.parametrize("text, hm", [
    ("234", (2, 34)), ("5", (0, 5)), ("0", (0, 0)), ("0005", (0, 5)), ("1730", (17, 30)), ("2359", (23, 59)),
    ("02:34", (2, 34)), ("534.0", (5, 34)), ("60", None), ("2400", None), ("12345", None), ("ab", None),
    ("", None), ("-5", None),
])
def test_parse_hhmm_table(text, hm):
    hours, minutes = firms.parse_hhmm([text])
    if hm is None:
        assert np.isnan(hours[0]) and np.isnan(minutes[0])
    else:
        assert (hours[0], minutes[0]) == hm


@settings(deadline=None)  # pandas per example; the shared machine is slow at times
@given(st.integers(0, 23), st.integers(0, 59), st.booleans())
def test_hhmm_with_or_without_leading_zeros(h, m, padded):
    text = f"{h:02d}{m:02d}" if padded else str(h * 100 + m)
    hours, minutes = firms.parse_hhmm([text])
    assert (hours[0], minutes[0]) == (h, m)


@settings(deadline=None)
@given(st.integers(0, 23), st.integers(60, 99))
def test_minutes_over_59_are_never_read(h, m):
    assert np.isnan(firms.parse_hhmm([str(h * 100 + m)])[0][0])


@settings(deadline=None)
@given(st.dates(min_value=pd.Timestamp("2012-01-01").date(), max_value=pd.Timestamp("2035-12-31").date()),
       st.integers(0, 23), st.integers(0, 59))
def test_beijing_date_moves_on_exactly_from_16_utc(day, h, m):
    utc = pd.Timestamp(day) + pd.Timedelta(hours=h, minutes=m)
    bj = firms.to_beijing([utc]).iloc[0]
    assert (bj.date() - day).days == (1 if h >= 16 else 0)
    assert (bj.hour, bj.minute) == ((h + 8) % 24, m)


@pytest.mark.parametrize("confidence, instrument, word", [
    ("l", "VIIRS", "低"), ("n", "VIIRS", "中"), ("h", "VIIRS", "高"), ("nominal", "VIIRS", "中"),
    ("0", "MODIS", "低"), ("29", "MODIS", "低"), ("30", "MODIS", "中"), ("79", "MODIS", "中"), ("80", "MODIS", "高"),
    ("100", "MODIS", "高"), (None, "VIIRS", None),
])
def test_confidence_classes(confidence, instrument, word):
    assert firms.confidence_class([confidence], [instrument]).iloc[0] == word
