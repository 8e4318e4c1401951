"""geo.water: GB 3838-2002 single-factor classification, exceedance, targets and whole-river grades.

Expected classes are typed from the standard's Table 1 (DOMAIN.md §2), not derived from geo.water.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import water

# --- single items at and around every limit -------------------------------------------------------


@pytest.mark.parametrize(
    "item, value, expected",
    [
        # DO: higher is better
        ("do", 9.0, 1), ("do", 7.5, 1), ("do", 7.49, 2), ("do", 6, 2), ("do", 5.99, 3), ("do", 5, 3),
        ("do", 4.99, 4), ("do", 3, 4), ("do", 2.99, 5), ("do", 2, 5), ("do", 1.9, 6), ("do", 0, 6),
        # CODMn
        ("codmn", 0, 1), ("codmn", 2, 1), ("codmn", 2.01, 2), ("codmn", 4, 2), ("codmn", 4.01, 3), ("codmn", 6, 3),
        ("codmn", 6.01, 4), ("codmn", 10, 4), ("codmn", 10.01, 5), ("codmn", 15, 5), ("codmn", 15.01, 6),
        # COD: I and II share 15, which gives the better class
        ("cod", 10, 1), ("cod", 15, 1), ("cod", 15.1, 3), ("cod", 20, 3), ("cod", 20.1, 4), ("cod", 30, 4),
        ("cod", 30.1, 5), ("cod", 40, 5), ("cod", 40.1, 6),
        # BOD5: I and II share 3
        ("bod5", 3, 1), ("bod5", 3.1, 3), ("bod5", 4, 3), ("bod5", 4.1, 4), ("bod5", 6, 4), ("bod5", 6.1, 5),
        ("bod5", 10, 5), ("bod5", 10.1, 6),
        # NH3-N
        ("nh3n", 0.15, 1), ("nh3n", 0.16, 2), ("nh3n", 0.5, 2), ("nh3n", 0.51, 3), ("nh3n", 1.0, 3),
        ("nh3n", 1.01, 4), ("nh3n", 1.5, 4), ("nh3n", 1.51, 5), ("nh3n", 2.0, 5), ("nh3n", 2.01, 6),
        # TP, rivers
        ("tp", 0.02, 1), ("tp", 0.021, 2), ("tp", 0.1, 2), ("tp", 0.11, 3), ("tp", 0.2, 3), ("tp", 0.21, 4),
        ("tp", 0.3, 4), ("tp", 0.31, 5), ("tp", 0.4, 5), ("tp", 0.41, 6),
        # pH 6–9 for every class
        ("ph", 6, 1), ("ph", 7.2, 1), ("ph", 9, 1), ("ph", 5.9, 6), ("ph", 9.1, 6),
        # TN does not count for rivers
        ("tn", 0.1, None), ("tn", 5.0, None),
        # not assessed
        ("nh3n", None, None), ("nh3n", float("nan"), None), ("nh3n", pd.NA, None), ("do", np.nan, None),
        # numbers as text and numpy scalars
        ("nh3n", "1.01", 4), ("cod", np.float32(15), 1), ("do", np.int64(6), 2),
    ],
)
def test_item_class_river(item, value, expected):
    assert water.item_class(item, value, "river") == expected


@pytest.mark.parametrize(
    "item, value, expected",
    [
        # TP, lakes and reservoirs
        ("tp", 0.01, 1), ("tp", 0.011, 2), ("tp", 0.025, 2), ("tp", 0.026, 3), ("tp", 0.05, 3), ("tp", 0.051, 4),
        ("tp", 0.1, 4), ("tp", 0.11, 5), ("tp", 0.2, 5), ("tp", 0.21, 6),
        # TN, lakes and reservoirs only
        ("tn", 0.2, 1), ("tn", 0.21, 2), ("tn", 0.5, 2), ("tn", 0.51, 3), ("tn", 1.0, 3), ("tn", 1.01, 4),
        ("tn", 1.5, 4), ("tn", 1.51, 5), ("tn", 2.0, 5), ("tn", 2.01, 6),
        # the rest as for rivers
        ("nh3n", 1.01, 4), ("do", 6, 2), ("cod", 15, 1), ("ph", 5.9, 6),
    ],
)
def test_item_class_lake(item, value, expected):
    assert water.item_class(item, value, "lake") == expected


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("nh4", 1.0), "“nh4”"),
        (("nh3n", 1.0, "sea"), "“sea”"),
        (("nh3n", "0.5L"), "“0.5L”"),
    ],
)
def test_item_class_errors_name_the_value(args, fragment):
    with pytest.raises(ValueError, match=fragment):
        water.item_class(*args)


@settings(deadline=None)
@given(
    st.sampled_from(["codmn", "cod", "bod5", "nh3n", "tp", "tn"]),
    st.floats(0, 100),
    st.floats(0, 100),
    st.sampled_from(["river", "lake"]),
)
def test_more_pollutant_never_gives_a_better_class(item, a, b, waterbody):
    low, high = sorted((a, b))
    classes = water.item_class(item, low, waterbody), water.item_class(item, high, waterbody)
    assert classes == (None, None) or classes[0] <= classes[1]


@given(st.floats(0, 20), st.floats(0, 20))
def test_more_oxygen_never_gives_a_worse_class(a, b):
    low, high = sorted((a, b))
    assert water.item_class("do", low) >= water.item_class("do", high)


# --- samples ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sample, waterbody, expected",
    [
        ({"do": 7.5, "nh3n": 1.2, "tp": 0.3}, "river", (4, ["nh3n", "tp"])),
        ({"do": 1.5, "nh3n": 2.5, "cod": 10}, "river", (6, ["do", "nh3n"])),
        ({"do": 8, "codmn": 2, "cod": 15, "bod5": 3, "nh3n": 0.15, "tp": 0.02}, "river",
         (1, ["do", "codmn", "cod", "bod5", "nh3n", "tp"])),
        ({"nh3n": 0.1, "tn": 5.0}, "river", (1, ["nh3n"])),  # TN ignored for rivers
        ({"nh3n": 0.1, "tn": 5.0}, "lake", (6, ["tn"])),  # ... but used for lakes
        ({"tp": 0.05}, "river", (2, ["tp"])),
        ({"tp": 0.05}, "lake", (3, ["tp"])),
        ({"do": 9, "ph": 5.9}, "river", (6, ["ph"])),
        ({"nh3n": None, "tp": float("nan"), "cod": 25}, "river", (4, ["cod"])),
        ({}, "river", (None, [])),
        ({"nh3n": None}, "river", (None, [])),
        ({"tn": 3.0}, "river", (None, [])),
        ({"temperature": 20, "nh3n": 0.6}, "river", (3, ["nh3n"])),  # unknown columns are ignored
    ],
)
def test_sample_class(sample, waterbody, expected):
    assert water.sample_class(sample, waterbody) == expected


def test_sample_class_reads_a_series_row():
    row = pd.Series({"sample_id": "S1", "do": 4.0, "nh3n": 0.4, "ph": 7.1})
    assert water.sample_class(row) == (4, ["do"])


# --- whole tables ----------------------------------------------------------------------------------------


@pytest.fixture
def samples() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sample_id": ["a", "b", "c", "d", "e"],
            "do": [7.5, 6.0, np.nan, 1.9, None],
            "nh3n": [0.1, 1.2, np.nan, 2.01, None],
            "tp": [0.02, 0.3, 0.05, 0.1, None],
            "tn": [5.0, 5.0, 0.4, 1.0, None],
            "ph": [7.0, 7.0, 5.5, 8.0, None],
        },
        index=[101, 102, 103, 104, 105],
    )


@pytest.mark.parametrize(
    "waterbody, classes, items",
    [
        ("river", [1, 4, 6, 6, pd.NA], ["DO、氨氮、总磷、pH", "氨氮、总磷", "pH", "DO、氨氮", ""]),
        ("lake", [6, 6, 6, 6, pd.NA], ["总氮", "总磷、总氮", "pH", "DO、氨氮", ""]),  # lake TP 0.3 is 劣V
    ],
)
def test_classify_samples(samples, waterbody, classes, items):
    out = water.classify_samples(samples, waterbody)
    assert out["water_class"].dtype == "Int64"
    assert out["water_class"].tolist() == classes
    assert out["worst_items"].tolist() == items
    assert out.index.tolist() == samples.index.tolist()


def test_classify_samples_does_not_mutate(samples):
    before = samples.copy()
    out = water.classify_samples(samples)
    pd.testing.assert_frame_equal(samples, before)
    assert "water_class" not in samples.columns and out is not samples


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"sample_id": ["a", "b"]}),  # no item columns at all
        pd.DataFrame({"nh3n": pd.Series([None, None], dtype="Float64")}),
        pd.DataFrame({"nh3n": []}, dtype=float),
    ],
)
def test_classify_samples_without_data(frame):
    out = water.classify_samples(frame)
    assert out["water_class"].isna().all() and (out["worst_items"] == "").all()
    assert len(out) == len(frame)


def test_classify_samples_reads_nullable_and_text_numbers():
    frame = pd.DataFrame({"nh3n": pd.array([1.01, None], dtype="Float64"), "cod": [None, "15"]})
    out = water.classify_samples(frame)
    assert out["water_class"].tolist() == [4, 1]
    assert out["worst_items"].tolist() == ["氨氮", "COD"]


def test_classify_samples_names_the_bad_cell():
    frame = pd.DataFrame({"nh3n": [0.5, "0.025L"]})
    with pytest.raises(ValueError, match="第 2 行.*nh3n.*“0.025L”"):
        water.classify_samples(frame)


def test_classify_samples_rejects_unknown_waterbody(samples):
    with pytest.raises(ValueError, match="“reservoir”"):
        water.classify_samples(samples, "reservoir")


# Values that hit the limits exactly, just miss them, or land anywhere in range; NaN and None are "not measured".
_LIMIT_VALUES = [0.01, 0.02, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0,
                 7.5, 9.0, 10.0, 15.0, 20.0, 30.0, 40.0]
value = st.one_of(
    st.none(),
    st.just(float("nan")),
    st.sampled_from(_LIMIT_VALUES),
    st.sampled_from(_LIMIT_VALUES).map(lambda v: v * 1.001),
    st.floats(0, 50),
)
sample_rows = st.lists(st.fixed_dictionaries({item: value for item in water.ITEMS}), min_size=1, max_size=40)


@settings(deadline=None, max_examples=150)
@given(sample_rows, st.sets(st.sampled_from(water.ITEMS)), st.sampled_from(["river", "lake"]))
def test_classify_samples_agrees_with_sample_class(rows, dropped, waterbody):
    frame = pd.DataFrame(rows).drop(columns=list(dropped))
    out = water.classify_samples(frame, waterbody)
    for (_, row), got_class, got_items in zip(frame.iterrows(), out["water_class"], out["worst_items"]):
        expected_class, expected_items = water.sample_class(row, waterbody)
        assert (None if got_class is pd.NA else got_class) == expected_class
        assert got_items == "、".join(water.ITEM_NAMES[i] for i in expected_items)


def test_classify_samples_handles_10k_rows_fast():
    rng = np.random.default_rng(3838)
    n = 10_000
    frame = pd.DataFrame({item: rng.uniform(0, 3, n) for item in water.ITEMS})
    frame["do"] = rng.uniform(0, 10, n)
    frame["ph"] = rng.uniform(5, 10, n)
    frame = frame.mask(rng.random(frame.shape) < 0.1)
    started = time.perf_counter()
    out = water.classify_samples(frame)
    assert time.perf_counter() - started < 2.0  # about 20 ms in practice
    for i in rng.choice(n, 50, replace=False):
        assert out["water_class"].iloc[i] == water.sample_class(frame.iloc[i])[0]


# --- exceedance and targets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "row, target, waterbody, expected",
    [
        ({"nh3n": 1.5}, 3, "river", {"nh3n": 0.5}),
        ({"nh3n": 2.0, "tp": 0.5, "cod": 20}, 3, "river", {"nh3n": 1.0, "tp": 1.5}),  # COD at the limit is not over
        ({"do": 4.0}, 3, "river", {"do": 0.2}),  # (5 − 4) / 5
        ({"do": 6.0}, 3, "river", {}),
        ({"tn": 2.0}, 3, "river", {}),  # TN not assessed for rivers
        ({"tn": 2.0}, 3, "lake", {"tn": 1.0}),
        ({"tp": 0.1}, 3, "lake", {"tp": 1.0}),
        ({"tp": 0.1}, 3, "river", {}),
        ({"cod": 18}, 2, "river", {"cod": 0.2}),
        ({"ph": 5.0, "nh3n": None, "bod5": float("nan")}, 3, "river", {}),  # pH has no multiple
        ({"codmn": 12}, 5, "river", {}),
    ],
)
def test_exceedance(row, target, waterbody, expected):
    got = water.exceedance(row, target, waterbody)
    assert got == pytest.approx(expected)
    assert set(got) == set(expected)


def test_exceedance_reads_a_series_and_rejects_a_bad_target():
    assert water.exceedance(pd.Series({"nh3n": 3.0}), 4) == pytest.approx({"nh3n": 1.0})
    with pytest.raises(ValueError, match="目标类别“6”"):
        water.exceedance({"nh3n": 3.0}, 6)


@pytest.mark.parametrize(
    "water_class, target, expected",
    [(1, 3, True), (3, 3, True), (4, 3, False), (6, 5, False), (5, 5, True), (2, 1, False), (np.int64(3), 3, True)],
)
def test_passes(water_class, target, expected):
    assert water.passes(water_class, target) is expected


@pytest.mark.parametrize("water_class, target", [(None, 3), (pd.NA, 3), (7, 3), (3, 6), (3, 0), ("III", 3), (True, 3)])
def test_passes_rejects(water_class, target):
    with pytest.raises(ValueError):
        water.passes(water_class, target)


# --- whole river -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sections, expected",
    [
        ([1, 2, 3, 3, 3, 3, 3, 3, 3, 4], "优"),  # exactly 90% in I–III
        ([3] * 5, "优"),
        ([3] * 8 + [6, 6], "良好"),  # 80%, the 劣V share does not matter above 75%
        ([3] * 6 + [4, 5], "良好"),  # exactly 75%
        ([3] * 7 + [4, 4, 6], "轻度污染"),  # 70%, 劣V 10%
        ([3, 3, 3, 3, 4, 4, 4, 4, 4, 4], "轻度污染"),  # 40%, no 劣V
        ([3] * 5 + [4] * 3 + [6, 6], "中度污染"),  # 劣V exactly 20%
        ([3] * 4 + [4, 5] + [6] * 3 + [4], "中度污染"),  # 劣V 30%
        ([3, 3, 3, 6, 6], "重度污染"),  # 劣V exactly 40%
        ([6] * 5, "重度污染"),
        ([3, 3, 3, 3, 3, None, float("nan")], "优"),  # unassessed sections are dropped
        (pd.Series([1, 2, 3, 6, 6, None], dtype="Int64"), "重度污染"),
        (np.array([3.0, 3.0, 3.0, 3.0, 4.0]), "良好"),
    ],
)
def test_river_grade(sections, expected):
    assert water.river_grade(sections) == expected


@pytest.mark.parametrize("sections", [[], [3, 3, 3, 3], [3, 3, 3, 3, None]])
def test_river_grade_with_fewer_than_5_sections_points_to_means(sections):
    with pytest.raises(ValueError, match="river_grade_from_means"):
        water.river_grade(sections)


def test_river_grade_rejects_bad_codes():
    with pytest.raises(ValueError, match="“7”"):
        water.river_grade([3, 3, 3, 3, 7])


@pytest.mark.parametrize(
    "means, expected",
    [
        ({"do": 6.5, "nh3n": 0.4, "tp": 0.08}, "优"),
        ({"do": 5.5, "nh3n": 0.9, "cod": 18}, "良好"),
        ({"do": 5.5, "nh3n": 1.2}, "轻度污染"),
        ({"nh3n": 1.8, "tn": 9.0}, "中度污染"),
        ({"nh3n": 2.4}, "重度污染"),
    ],
)
def test_river_grade_from_means(means, expected):
    assert water.river_grade_from_means(means) == expected


def test_river_grade_from_means_needs_an_item():
    with pytest.raises(ValueError, match="没有可评价的项目"):
        water.river_grade_from_means({"tn": 3.0})


# --- labels ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, label, words",
    [(1, "I", "优"), (2, "II", "优"), (3, "III", "良好"), (4, "IV", "轻度污染"), (5, "V", "中度污染"), (6, "劣V", "重度污染")],
)
def test_class_label_and_words(code, label, words):
    assert water.class_label(code) == label
    assert water.class_words(code) == words
    assert water.parse_class(label) == code


@pytest.mark.parametrize("bad", [0, 7, None, "III", 3.5, True])
@pytest.mark.parametrize("fn", [water.class_label, water.class_words])
def test_class_label_and_words_reject(fn, bad):
    with pytest.raises(ValueError, match="水质类别"):
        fn(bad)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I", 1), ("II", 2), ("III", 3), ("IV", 4), ("V", 5), ("劣V", 6),
        ("Ⅰ", 1), ("Ⅱ", 2), ("Ⅲ", 3), ("Ⅳ", 4), ("Ⅴ", 5), ("劣Ⅴ", 6),
        ("3", 3), (3, 3), (np.int64(6), 6), ("6", 6),
        ("Ⅲ类", 3), ("III类", 3), ("劣Ⅴ类", 6), ("劣V类", 6), ("iv", 4), (" Ⅱ 类 ", 2),
        ("三类", 3), ("Ⅲ类水", 3), ("劣五类", 6), ("ＩＩＩ", 3),
    ],
)
def test_parse_class(text, expected):
    assert water.parse_class(text) == expected


@pytest.mark.parametrize("text", ["IIII", "VI", "劣IV", "7", "0", "", "A类", "3.5", "None"])
def test_parse_class_rejects_and_quotes(text):
    with pytest.raises(ValueError) as caught:
        water.parse_class(text)
    assert f"“{text}”" in str(caught.value) and "劣V" in str(caught.value)


@pytest.mark.parametrize("bad", [None, True, 7, 3.0])
def test_parse_class_rejects_non_text(bad):
    with pytest.raises(ValueError):
        water.parse_class(bad)


def test_nan_is_not_a_class():
    assert math.isnan(float("nan"))  # guard for the NaN literal used in tables above
    with pytest.raises(ValueError):
        water.class_label(float("nan"))


# --- values as labs write them -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, item, rule, expected",
    [
        ("0.025L", "nh3n", "half", (0.0125, True)),
        ("0.025l", "nh3n", "half", (0.0125, True)),
        ("<0.05", "tp", "half", (0.025, True)),
        ("＜0.05", "tp", "half", (0.025, True)),
        ("< 0.05", "tp", "limit", (0.05, True)),
        ("≤0.05", "tp", "zero", (0.0, True)),
        ("ND", "nh3n", "half", (0.0125, True)),  # the method's limit (HJ 535-2009: 0.025)
        ("nd", "tp", "limit", (0.01, True)),
        ("N.D.", "cod", "half", (2.0, True)),
        ("未检出", "bod5", "half", (0.25, True)),
        ("ND(0.02)", "nh3n", "half", (0.01, True)),
        ("未检出（<0.02）", "nh3n", "limit", (0.02, True)),
        ("1.25", "nh3n", "half", (1.25, False)),
        (" 7.1 ", "ph", "half", (7.1, False)),
        ("１．５", "nh3n", "half", (1.5, False)),  # full-width digits
        (1.5, "nh3n", "half", (1.5, False)),
        (np.float32(0.5), "tp", "half", (0.5, False)),
        (None, "nh3n", "half", (None, False)),
        (float("nan"), "nh3n", "half", (None, False)),
        ("", "nh3n", "half", (None, False)),
        ("—", "nh3n", "half", (None, False)),
    ],
)
def test_read_value(value, item, rule, expected):
    number, below = water.read_value(value, item, "YP1", rule)
    assert below is expected[1]
    assert number == (pytest.approx(expected[0]) if expected[0] is not None else None)


@pytest.mark.parametrize(
    "value, item, fragment",
    [
        ("1.2mg/L", "nh3n", "“1.2mg/L”无法识别"),
        ("超标", "tp", "“超标”无法识别"),
        ("0.025LL", "nh3n", "“0.025LL”"),
        ("ND", "do", "未写检出限"),  # DO has no detection limit
        ("<", "tp", "“<”无法识别"),
        ("1,2", "cod", "“1,2”"),
    ],
)
def test_read_value_names_sample_item_and_value(value, item, fragment):
    with pytest.raises(water.ValueFormatError) as caught:
        water.read_value(value, item, "YP20201005")
    message = str(caught.value)
    assert "样品 YP20201005" in message and water.ITEM_NAMES[item] in message and fragment in message


def test_the_rule_comes_from_the_setting(monkeypatch):
    monkeypatch.setenv("EMAP_BELOW_DETECTION", "limit")
    assert water.read_value("0.05L", "tp") == (0.05, True)
    monkeypatch.setenv("EMAP_BELOW_DETECTION", "twice")
    with pytest.raises(ValueError, match="EMAP_BELOW_DETECTION"):
        water.read_value("0.05L", "tp")


limits = st.decimals(min_value="0.001", max_value="500", places=3).map(str)


@given(limits, st.sampled_from(["{}L", "<{}", "＜{}", " < {} ", "{}l"]), st.sampled_from(sorted(water.BELOW_RULES)))
def test_below_detection_counts_as_the_rule_says(limit, form, rule):
    number, below = water.read_value(form.format(limit), "nh3n", "YP1", rule)
    assert below and number == pytest.approx(float(limit) * water.BELOW_RULES[rule])


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_numbers_written_as_text_read_back_exactly(x):
    assert water.read_value(repr(x), "cod", "YP1") == (x, False)
    assert water.read_value(x, "cod", "YP1") == (x, False)


@given(st.text(min_size=1, max_size=8).filter(lambda t: any(c.isalpha() for c in t)))
def test_text_is_read_or_refused_with_its_value_quoted(text):
    try:
        number, below = water.read_value(text, "tp", "YP9")
    except water.ValueFormatError as error:
        assert f"“{text}”" in str(error) and "样品 YP9" in str(error)
    else:
        assert below or number is None or math.isfinite(number) or math.isinf(number)


def test_read_samples_turns_text_into_numbers_and_marks_below():
    frame = pd.DataFrame({"sample_id": ["a", "b", "c"], "nh3n": ["0.025L", "1.2", None], "tp": [0.1, 0.2, 0.3],
                          "cod": ["ND", "<4", "18"]})
    before = frame.copy()
    out = water.read_samples(frame, rule="half")
    pd.testing.assert_frame_equal(frame, before)  # the input is left alone
    assert out["nh3n"].tolist()[:2] == [0.0125, 1.2] and math.isnan(out["nh3n"].iloc[2])
    assert out["cod"].tolist() == [2.0, 2.0, 18.0]
    assert out["below"].tolist() == ["COD、氨氮", "COD", ""]
    assert water.classify_samples(out)["water_class"].tolist() == [2, 4, 4]


def test_read_samples_names_the_sample_in_errors():
    frame = pd.DataFrame({"sample_id": ["a", "YP7"], "nh3n": ["0.5", "0.5 mg"]})
    with pytest.raises(water.ValueFormatError, match="样品 YP7，氨氮（nh3n）的值“0.5 mg”"):
        water.read_samples(frame)
    with pytest.raises(water.ValueFormatError, match="样品 第 2 行"):
        water.read_samples(frame.drop(columns="sample_id"))


# --- over time ---------------------------------------------------------------------------------------------


@pytest.fixture
def series() -> pd.DataFrame:
    """Two sections; S1 sampled twice in October (means: NH3-N 1.6 -> V, TP 0.25 -> IV), once in November."""
    return pd.DataFrame({
        "section_id": ["S1", "S1", "S1", "S2", None],
        "sampled_at": pd.to_datetime(["2020-10-05", "2020-10-20", "2020-11-03", "2020-10-09", "2020-10-09"]),
        "nh3n": [1.2, 2.0, 0.4, 0.9, 9.0],
        "tp": [0.2, 0.3, 0.05, 0.1, 9.0],
    })


def test_monthly_classifies_the_mean_of_the_month(series):
    out = water.monthly(series)
    assert out[["section_id", "n"]].values.tolist() == [["S1", 2], ["S1", 1], ["S2", 1]]
    assert out["month"].dt.strftime("%Y-%m").tolist() == ["2020-10", "2020-11", "2020-10"]
    assert out["nh3n"].tolist() == pytest.approx([1.6, 0.4, 0.9])
    assert out["water_class"].tolist() == [5, 2, 3]  # October's single samples were IV and V; the mean is V
    assert out["worst_items"].tolist() == ["氨氮", "氨氮、总磷", "氨氮"]


def test_assess_against_targets(series):
    out = water.assess(water.monthly(series), pd.Series([3, 3, 2]))
    assert out["passes"].tolist() == [False, True, False]
    assert out["times_over"].iloc[0] == pytest.approx({"nh3n": 0.6, "tp": 0.25})
    assert out["over_text"].tolist() == ["氨氮 0.60 倍、总磷 0.25 倍", "", "氨氮 0.80 倍"]
    assert out["max_times"].tolist() == pytest.approx([0.6, 0.0, 0.8])


def test_assess_leaves_unassessed_months_open():
    frame = water.classify_samples(pd.DataFrame({"nh3n": [None, 0.3]}))
    out = water.assess(frame, 3)
    assert out["passes"].isna().tolist() == [True, False]
    with pytest.raises(ValueError, match="目标类别“6”"):
        water.assess(frame, 6)


@pytest.mark.parametrize(
    "classes, expected",
    [
        ([6, 6, 5, 4, 4], "好转"),
        ([3, 3, 4, 5, 6], "变差"),
        ([4, 3, 4, 3, 4], "基本稳定"),
        ([6, pd.NA, 4, None, 3], "好转"),
        ([4, 4], "数据不足"),
        ([pd.NA, 4, pd.NA, 3], "数据不足"),
    ],
)
def test_trend(classes, expected):
    assert water.trend(pd.Series(classes, dtype="object")) == expected
