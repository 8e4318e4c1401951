"""Surface-water quality by GB 3838-2002 (Table 1) and the single-factor method.

Class codes are ints 1..5 for I..V and 6 for 劣V (worse than V), so "better" is "smaller" and a
sample's class is the largest of its items' classes. Each item gets the best class whose limit its
value meets; a value equal to a limit meets it; where two classes share a limit the better class
wins; DO is the one item where higher is better; pH outside 6–9 is 劣V. TN does not count for river
sections (环办〔2011〕22号). See DOMAIN.md §2.

`item_class` and `sample_class` read the standard one value at a time and are the reference;
`classify_samples` does the same for a whole DataFrame with array operations, and a property test
holds the two to the same answers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

WORST = 6  # 劣V
CLASS_LABELS = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "劣V"}
CLASS_WORDS = {1: "优", 2: "优", 3: "良好", 4: "轻度污染", 5: "中度污染", 6: "重度污染"}

ITEMS = ("do", "codmn", "cod", "bod5", "nh3n", "tp", "tn", "ph")
ITEM_NAMES = {
    "do": "DO", "codmn": "高锰酸盐指数", "cod": "COD", "bod5": "BOD5",
    "nh3n": "氨氮", "tp": "总磷", "tn": "总氮", "ph": "pH",
}
WATERBODIES = {"river": "河流", "lake": "湖库"}

# GB 3838-2002 Table 1, limits for classes I..V in mg/L.
_RIVER_LIMITS = {
    "do": (7.5, 6.0, 5.0, 3.0, 2.0),  # at least
    "codmn": (2.0, 4.0, 6.0, 10.0, 15.0),
    "cod": (15.0, 15.0, 20.0, 30.0, 40.0),
    "bod5": (3.0, 3.0, 4.0, 6.0, 10.0),
    "nh3n": (0.15, 0.5, 1.0, 1.5, 2.0),
    "tp": (0.02, 0.1, 0.2, 0.3, 0.4),
}
_LAKE_LIMITS = {
    **_RIVER_LIMITS,
    "tp": (0.01, 0.025, 0.05, 0.1, 0.2),
    "tn": (0.2, 0.5, 1.0, 1.5, 2.0),
}
LIMITS = {"river": _RIVER_LIMITS, "lake": _LAKE_LIMITS}
PH_RANGE = (6.0, 9.0)  # every class
HIGHER_IS_BETTER = frozenset({"do"})
# Items that count towards a sample's class; TN is absent for rivers (环办〔2011〕22号).
ASSESSED = {
    "river": ("do", "codmn", "cod", "bod5", "nh3n", "tp", "ph"),
    "lake": ("do", "codmn", "cod", "bod5", "nh3n", "tp", "tn", "ph"),
}

MIN_SECTIONS = 5  # below this a river is assessed from its mean values


# --- class codes ------------------------------------------------------------------------------


def class_label(c) -> str:
    """Roman label as printed in bulletins: 3 -> "III", 6 -> "劣V"."""
    return CLASS_LABELS[_check_class(c)]


def class_words(c) -> str:
    """Qualitative status (水质状况): 优, 良好, 轻度污染, 中度污染 or 重度污染."""
    return CLASS_WORDS[_check_class(c)]


def parse_class(text) -> int:
    """Class code from how people write it: "III", "Ⅲ", "3", "Ⅲ类", "三类", "劣V", "劣Ⅴ类" (or a code 1..6)."""
    if isinstance(text, (int, np.integer)) and not isinstance(text, bool):
        return _check_class(text)
    key = unicodedata.normalize("NFKC", str(text)).replace(" ", "").upper()
    key = key.removesuffix("水质").removesuffix("水").removesuffix("类")
    if key in _CLASS_KEYS:
        return _CLASS_KEYS[key]
    raise ValueError(
        f"无法识别水质类别“{text}”；可用：I、II、III、IV、V、劣V（也可写作 Ⅲ、Ⅲ类、3、三类、劣Ⅴ类）"
    )


# Keys after NFKC (which turns Ⅲ into III and full-width letters into ASCII) and upper-casing.
_CLASS_KEYS = {
    "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "劣V": 6,
    "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6,
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "劣五": 6,
}


def _check_class(c, allowed=range(1, WORST + 1), what="水质类别") -> int:
    if isinstance(c, (int, np.integer)) and not isinstance(c, bool) and int(c) in allowed:
        return int(c)
    codes = "、".join(f"{code}（{CLASS_LABELS[code]}）" for code in allowed)
    raise ValueError(f"{what}“{c}”无效；应为类别代码 {codes}")


def _check_target(target) -> int:
    return _check_class(target, range(1, 6), "目标类别")


def _check_waterbody(waterbody: str) -> None:
    if waterbody not in WATERBODIES:
        kinds = "、".join(f"{k}（{v}）" for k, v in WATERBODIES.items())
        raise ValueError(f"水体类型“{waterbody}”无效；应为 {kinds}")


def _check_item(item: str) -> None:
    if item not in ITEMS:
        names = "、".join(f"{k}（{v}）" for k, v in ITEM_NAMES.items())
        raise ValueError(f"未知的监测项目“{item}”；可用：{names}")


# --- one value at a time (the reference reading of the standard) -------------------------------


def item_class(item: str, value, waterbody: str = "river") -> int | None:
    """Class 1..6 of one measured value; None when the value is missing or the item does not count.

    TN is not assessed for rivers, so `item_class("tn", x, "river")` is None.
    """
    _check_item(item)
    _check_waterbody(waterbody)
    number = _number(value, item)
    if number is None or item not in ASSESSED[waterbody]:
        return None
    if item == "ph":
        low, high = PH_RANGE
        return 1 if low <= number <= high else WORST
    for code, limit in enumerate(LIMITS[waterbody][item], start=1):
        if _meets(item, number, limit):
            return code
    return WORST


def _meets(item: str, value: float, limit: float) -> bool:
    return value >= limit if item in HIGHER_IS_BETTER else value <= limit


def _number(value, item: str) -> float | None:
    """The value as a float, None for None/NaN/NA; a Chinese error for text that is not a number."""
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"{ITEM_NAMES[item]}（{item}）的值“{value}”不是数值；请填写数值（mg/L，pH 无量纲），未监测的留空"
        ) from None
    return None if math.isnan(number) else number


def sample_class(row_or_dict, waterbody: str = "river") -> tuple[int | None, list[str]]:
    """(class, items that set it) for one sample; missing items are skipped.

    The items are those whose class equals the sample's, in the order of ITEMS; with nothing
    assessed the answer is (None, []).
    """
    _check_waterbody(waterbody)
    classes = {
        item: item_class(item, row_or_dict.get(item), waterbody)
        for item in ASSESSED[waterbody]
        if item in row_or_dict
    }
    classes = {item: code for item, code in classes.items() if code is not None}
    if not classes:
        return None, []
    worst = max(classes.values())
    return worst, [item for item, code in classes.items() if code == worst]


def exceedance(row, target_class, waterbody: str = "river") -> dict[str, float]:
    """超标倍数 for each item over its target-class limit: (value − limit) / limit, for DO (limit − value) / limit.

    pH has a range rather than a limit, so it has no multiple and is left out (an out-of-range pH
    already shows as 劣V in `sample_class`).
    """
    target = _check_target(target_class)
    _check_waterbody(waterbody)
    result = {}
    for item, limits in LIMITS[waterbody].items():
        number = _number(row.get(item), item) if item in row else None
        if number is None:
            continue
        limit = limits[target - 1]
        over = (limit - number) if item in HIGHER_IS_BETTER else (number - limit)
        if over > 0:
            result[item] = over / limit
    return result


def passes(water_class, target_class) -> bool:
    """达标: the class is at least as good as the target (III or better for a target of III)."""
    if water_class is None or water_class is pd.NA:
        raise ValueError("水质类别为空（未评价），无法判断是否达标；请先筛除没有监测数据的断面")
    return _check_class(water_class) <= _check_target(target_class)


# --- a whole table at once --------------------------------------------------------------------


def classify_samples(df: pd.DataFrame, waterbody: str = "river") -> pd.DataFrame:
    """A copy of `df` with `water_class` (Int64, NA when nothing is assessed) and `worst_items`.

    `worst_items` names the items that set the class in Chinese, joined by "、" ("" when nothing is
    assessed). Columns that are absent are skipped, like NaN values.
    """
    _check_waterbody(waterbody)
    items = [item for item in ASSESSED[waterbody] if item in df.columns]
    matrix = np.column_stack(
        [_item_classes(item, _numeric_column(df, item), waterbody) for item in items]
        or [np.full(len(df), np.nan)]
    )
    worst = np.fmax.reduce(matrix, axis=1)
    out = df.copy()
    out["water_class"] = pd.array(worst, dtype="Float64").astype("Int64")
    out["worst_items"] = _names_where(matrix == worst[:, None], items)
    return out


def _item_classes(item: str, values: np.ndarray, waterbody: str) -> np.ndarray:
    """Class codes as floats (NaN where the value is missing) for an array of one item's values."""
    if item == "ph":
        low, high = PH_RANGE
        codes = np.where((values >= low) & (values <= high), 1.0, float(WORST))
    else:
        limits = np.asarray(LIMITS[waterbody][item])
        if item in HIGHER_IS_BETTER:
            # Count the limits the value falls short of; negating turns ">= limit" into "<= -limit".
            codes = np.searchsorted(-limits, -values, side="left") + 1.0
        else:
            # Count the limits the value exceeds; side="left" lets a value equal to a limit meet it.
            codes = np.searchsorted(limits, values, side="left") + 1.0
    return np.where(np.isnan(values), np.nan, codes)


def _numeric_column(df: pd.DataFrame, item: str) -> np.ndarray:
    column = df[item]
    numbers = pd.to_numeric(column, errors="coerce")
    bad = numbers.isna() & column.notna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise ValueError(
            f"第 {row} 行，列 {item}（{ITEM_NAMES[item]}）的值“{column[bad].iloc[0]}”不是数值；"
            f"请填写数值（mg/L，pH 无量纲），未监测的留空"
        )
    return numbers.to_numpy(dtype=float, na_value=np.nan)


def _names_where(mask: np.ndarray, items: list[str]) -> np.ndarray:
    """Per row, the Chinese names of the items where `mask` is true, joined by "、"."""
    # Each row's set of items becomes one integer, so the join runs once per distinct set, not per row.
    bits = mask.astype(np.int64) @ (np.int64(1) << np.arange(mask.shape[1], dtype=np.int64))
    codes = np.unique(bits)
    labels = {
        int(code): "、".join(ITEM_NAMES[item] for k, item in enumerate(items) if code >> k & 1)
        for code in codes
    }
    return pd.Series(bits).map(labels).astype("str").to_numpy()


# --- whole river ------------------------------------------------------------------------------


def river_grade(section_classes: Iterable) -> str:
    """水质状况 of a river from the classes of its sections (5 or more; unassessed ones are dropped).

    With fewer than 5 sections the method averages each item over the sections instead; that needs
    the values, not the classes, so the caller must use `river_grade_from_means`.
    """
    codes = _section_codes(section_classes)
    n = len(codes)
    if n < MIN_SECTIONS:
        raise ValueError(
            f"河流只有 {n} 个已评价断面，少于 {MIN_SECTIONS} 个时不能按断面比例评价；"
            f"请计算各断面各项目的平均浓度，用 river_grade_from_means(均值) 评价"
        )
    good = int(np.count_nonzero(codes <= 3))
    worst = int(np.count_nonzero(codes == WORST))
    # Shares compared in integers so that e.g. exactly 90% is never lost to rounding.
    if 10 * good >= 9 * n:
        return "优"
    if 4 * good >= 3 * n:
        return "良好"
    if 5 * worst < n:
        return "轻度污染"
    if 5 * worst < 2 * n:
        return "中度污染"
    return "重度污染"


def _section_codes(section_classes: Iterable) -> np.ndarray:
    """Assessed class codes as ints; None/NaN/NA (sections without data) are dropped."""
    values = pd.Series(list(section_classes), dtype="object")
    values = values[values.notna()]
    # Class columns read through numpy arrive as floats such as 3.0; they are still codes.
    codes = [int(c) if isinstance(c, (float, np.floating)) and float(c).is_integer() else c for c in values]
    return np.array([_check_class(c) for c in codes], dtype=int)


def river_grade_from_means(mean_values: Mapping, waterbody: str = "river") -> str:
    """水质状况 of a river with fewer than 5 sections: the mean value of each item, classified as one sample.

    `sample_class(mean_values)` gives the class and the items behind it when those are wanted too.
    """
    code, _ = sample_class(mean_values, waterbody)
    if code is None:
        raise ValueError(
            f"均值中没有可评价的项目；应包含 {'、'.join(ASSESSED[waterbody])} 中的至少一项"
        )
    return class_words(code)


# --- values as laboratories write them ----------------------------------------------------------------------

# What a value below the detection limit counts as, by setting EMAP_BELOW_DETECTION (README, 配置).
BELOW_RULES = {"half": 0.5, "zero": 0.0, "limit": 1.0}
# Method detection limits (mg/L) used when a lab writes only "ND" / "未检出" without the limit:
# 氨氮 HJ 535-2009 0.025, 总磷 GB 11893-89 0.01, COD HJ 828-2017 4, BOD5 HJ 505-2009 0.5, 总氮 HJ 636-2012 0.05,
# 高锰酸盐指数 GB 11892-89 0.5. DO and pH have none: "ND" there is an error.
DETECTION_LIMITS = {"nh3n": 0.025, "tp": 0.01, "cod": 4.0, "bod5": 0.5, "tn": 0.05, "codmn": 0.5}
_NUMBER = r"(\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_BELOW_FORMS = (
    re.compile(rf"^<=?(?P<limit>{_NUMBER})$"),  # <0.05, ＜0.05 (NFKC makes it <), ≤0.05
    re.compile(rf"^(?P<limit>{_NUMBER})L$"),  # 0.025L (the limit, followed by L)
    re.compile(rf"^(?:ND|N\.D\.?|未检出|BDL)(?:\(<?(?P<limit>{_NUMBER})\))?$"),  # ND, ND(0.025), 未检出(<0.025)
)
_PLAIN = re.compile(rf"^[-+]?{_NUMBER}$")


class ValueFormatError(ValueError):
    """A measured value cannot be read; the message names the sample, the item and the value."""


def below_factor(rule: str | None = None) -> float:
    """The share of the detection limit a below-detection value counts as (setting EMAP_BELOW_DETECTION)."""
    from geo import settings

    rule = settings.get("EMAP_BELOW_DETECTION") if rule is None else rule
    if rule not in BELOW_RULES:
        raise ValueError(f"低于检出限的计值规则“{rule}”无效；可选：{'、'.join(BELOW_RULES)}")
    return BELOW_RULES[rule]


def read_value(value, item: str, sample: str = "", rule: str | None = None) -> tuple[float | None, bool]:
    """(number to count, below detection?) for one value as a lab writes it.

    Numbers and number text are read as they are; `0.025L`, `<0.05`, `＜0.05`, `ND`, `未检出`, `ND(0.025)` are
    below detection and count as the rule says (default half the limit; a bare ND takes the method's limit
    from DETECTION_LIMITS). Empty cells are (None, False). Anything else raises ValueFormatError naming
    `sample`, the item and the value."""
    _check_item(item)
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None, False
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return float(value), False
    text = unicodedata.normalize("NFKC", str(value)).replace(" ", "").replace("≤", "<=").upper()
    text = text.replace("（", "(").replace("）", ")")
    if text == "" or text in ("NAN", "-", "—", "/"):
        return None, False
    if _PLAIN.match(text):
        return float(text), False
    for form in _BELOW_FORMS:
        found = form.match(text)
        if found:
            limit = found.group("limit")
            limit = float(limit) if limit else DETECTION_LIMITS.get(item)
            if limit is None:
                raise ValueFormatError(
                    f"{_where(sample)}{ITEM_NAMES[item]}（{item}）的值“{value}”未写检出限，且该项目没有默认检出限；"
                    f"请写成 0.5L 或 <0.5 的形式")
            return limit * below_factor(rule), True
    raise ValueFormatError(
        f"{_where(sample)}{ITEM_NAMES[item]}（{item}）的值“{value}”无法识别；应为数值（mg/L，pH 无量纲），"
        f"或低于检出限的写法 0.025L、<0.05、ND、未检出，未监测的留空")


def _where(sample: str) -> str:
    return f"样品 {sample}，" if sample else ""


def read_samples(df: pd.DataFrame, rule: str | None = None, id_column: str = "sample_id") -> pd.DataFrame:
    """A copy of `df` whose item columns are numbers, with `below` naming (in Chinese, "、") the items that
    were below detection in each row. Errors name the sample (its `id_column`, else the row number)."""
    out = df.copy()
    below = np.zeros((len(df), 0), dtype=bool)
    present = [item for item in ITEMS if item in df.columns]
    for item in present:
        column = df[item]
        if pd.api.types.is_numeric_dtype(column.dtype):
            numbers, flags = pd.to_numeric(column).astype(float).to_numpy(na_value=np.nan), np.zeros(len(df), bool)
        else:
            numbers, flags = _read_column(df, item, rule, id_column)
        out[item] = numbers
        below = np.column_stack([below, flags])
    out["below"] = _names_where(below, present) if present else np.full(len(df), "", dtype=object)
    return out


def _read_column(df: pd.DataFrame, item: str, rule, id_column: str) -> tuple[np.ndarray, np.ndarray]:
    """Parse one text column: each distinct value once (a column has few distinct values per lab form)."""
    column = df[item]
    ids = df[id_column].astype(str).to_numpy() if id_column in df.columns else None
    readings: dict = {}
    numbers = np.full(len(df), np.nan)
    flags = np.zeros(len(df), dtype=bool)
    for i, value in enumerate(column.to_numpy(dtype=object)):
        key = (type(value), value) if not _is_nan(value) else None
        if key not in readings:
            sample = ids[i] if ids is not None else f"第 {i + 1} 行"
            readings[key] = read_value(value, item, sample, rule)
        number, below = readings[key]
        numbers[i] = np.nan if number is None else number
        flags[i] = below
    return numbers, flags


def _is_nan(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


# --- over time: months, targets, trends ---------------------------------------------------------------------


def monthly(samples: pd.DataFrame, key: str = "section_id", waterbody: str = "river") -> pd.DataFrame:
    """Per `key` (a section or an outlet) and month: n samples, the mean of each item (the assessment method
    classifies monthly means, not single samples), `water_class` and `worst_items` (定类因子).

    `samples` has `key`, `sampled_at` and numeric item columns (see `read_samples`); rows without `key` are
    skipped. `month` is the first day of the month."""
    rows = samples[samples[key].notna()]
    items = [item for item in ITEMS if item in rows.columns]
    month = rows["sampled_at"].dt.to_period("M").dt.to_timestamp()
    grouped = rows.assign(month=month).groupby([key, "month"], sort=True)
    out = grouped[items].mean().assign(n=grouped.size()).reset_index()
    return classify_samples(out[[key, "month", "n", *items]], waterbody)


def assess(frame: pd.DataFrame, target: pd.Series | int, waterbody: str = "river") -> pd.DataFrame:
    """A copy of a classified frame (e.g. `monthly`) with `target_class`, `passes` (达标; NA when not
    assessed), `times_over` ({item: 超标倍数} for items over their target-class limit), `over_text`
    ("氨氮 1.2 倍、总磷 0.5 倍", largest first) and `max_times` (largest multiple, 0 when none)."""
    _check_waterbody(waterbody)
    out = frame.copy()
    targets = pd.Series(target, index=frame.index)
    for t in pd.unique(targets.dropna()):
        _check_target(int(t))
    out["target_class"] = targets.astype("Int64")
    cls = out["water_class"]
    out["passes"] = (cls <= out["target_class"]).astype("boolean").where(cls.notna() & out["target_class"].notna())
    multiples = {}
    for item, limits in LIMITS[waterbody].items():
        if item not in out.columns:
            continue
        limit = out["target_class"].map(lambda t, lim=limits: lim[int(t) - 1] if pd.notna(t) else np.nan)
        values = out[item].astype(float)
        over = (limit - values) if item in HIGHER_IS_BETTER else (values - limit)
        multiples[item] = (over / limit).where(over > 0)
    table = pd.DataFrame(multiples, index=out.index)
    out["times_over"] = [{k: float(v) for k, v in row.items() if pd.notna(v)} for row in table.to_dict("records")]
    out["over_text"] = [_over_text(d) for d in out["times_over"]]
    out["max_times"] = table.max(axis=1).fillna(0.0) if len(table.columns) else 0.0
    return out


def _over_text(times: dict[str, float]) -> str:
    ordered = sorted(times.items(), key=lambda kv: -kv[1])
    return "、".join(f"{ITEM_NAMES[item]} {value:.2f} 倍" for item, value in ordered)


TREND_STEP = 0.2  # class codes per month: a least-squares slope beyond ±0.2 is a trend
TREND_WORDS = {-1: "好转", 0: "基本稳定", 1: "变差"}


def trend(classes: pd.Series) -> str:
    """好转 / 基本稳定 / 变差 over a period, from the monthly class codes in time order (NA skipped): the
    least-squares slope of class code against month number, with ±TREND_STEP class a month as the threshold.
    Fewer than 3 assessed months: 数据不足."""
    codes = pd.to_numeric(pd.Series(classes), errors="coerce").to_numpy(dtype=float)
    months = np.arange(len(codes), dtype=float)
    keep = ~np.isnan(codes)
    if keep.sum() < 3:
        return "数据不足"
    slope = np.polyfit(months[keep], codes[keep], 1)[0]
    return TREND_WORDS[int(np.sign(slope)) if abs(slope) > TREND_STEP else 0]
