"""Rivers for planners: water class against target per section and reach, the tributaries that hold a section
back (ranked, with the reason in words), and what lies downstream of an outlet (溯源).

`prepare(layers, start, end)` does the work shared by every question for one period (the network, the
monthly classes of every section, riverside firms); the questions are then cheap:

- `reach_classes(w)`: each reach's latest class (worst section on it), for colouring the network;
- `tributaries(w, section_id)`: the tributaries reaching a section;
- `tributary_ranking(w, section_id)`: one row per tributary, problem tributaries first, with 原因;
- `downstream_sections(w, outlet_id)`: the sections an outlet's water passes, nearest first;
- `section_series(w, section_id)`: a section's samples and monthly classes, for the chart.

A section's tributaries are the rivers joining the section's own reach above the section, with every river
that feeds them (a 支浜 flowing into a 支流 is its own row); the section's river itself, further upstream,
is not a tributary. For 瓜泾口北 on the demo data these are the bulletin's seven rivers.
"""

from __future__ import annotations

import html
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from geo import campaign, network, water
from geo.maps.styles import UNMEASURED_COLOR, WATER_CLASS_COLORS
from geo.network import Network, Place

CLASS_COLORS = WATER_CLASS_COLORS  # I–II blue, III green, IV yellow, V orange, 劣V red (geo.maps.styles)
UNMEASURED = UNMEASURED_COLOR
OUTLET_STATUS_COLORS = {"疑似直排": "#c53030", "整治中": "#dd6b20", "已整治": "#38a169", "正常": "#4a5568"}
OUTLET_SHORT = {"工业排污口": "工业", "城镇污水处理厂排污口": "污水厂", "农业排口": "农业", "其他排口": "其他"}
SUSPECT = "疑似直排"


def class_color(code) -> str:
    """Map colour of a class code (I–II blue, III green, IV yellow, V orange, 劣V red); grey when unmeasured."""
    return UNMEASURED if code is None or pd.isna(code) else CLASS_COLORS[int(code)]


def class_legend_items() -> list[tuple[str, str]]:
    return [(CLASS_COLORS[1], "I–II 类"), (CLASS_COLORS[3], "III 类"), (CLASS_COLORS[4], "IV 类"),
            (CLASS_COLORS[5], "V 类"), (CLASS_COLORS[6], "劣V 类"), (UNMEASURED, "未监测")]


@dataclass(frozen=True)
class Waters:
    """What every question about one period needs; built by `prepare`, never mutated."""

    net: Network
    layers: dict
    start: date
    end: date
    months: pd.DataFrame  # section_id, month, n, item means, water_class, worst_items, target_class, passes, ...
    firms: pd.DataFrame  # riverside firms: credit_code, reach_id, how, distance_m
    firm_problems: pd.DataFrame  # riverside firms with problems open at the end: code, open, name, last
    sampled: frozenset  # outlets sampled by the period's end
    by_reach: dict  # "outlets" / "sections" -> {reach_id: [row dicts]}
    by_section: dict  # section_id -> [assessed months as dicts, oldest first]
    places: dict  # section_id -> Place


LAYERS = ("rivers", "sections", "samples", "outlets", "enterprises", "inspections", "problems")


def prepare(layers: dict, start: date, end: date, net: Network | None = None) -> Waters:
    """Monthly classes of every section within [start, end] and the riverside firms, on the network."""
    missing = [name for name in LAYERS if name not in layers]
    if missing:
        raise ValueError(f"缺少图层：{'、'.join(missing)}")
    net = net or Network(layers["rivers"])
    samples = layers["samples"]
    when = samples["sampled_at"]
    period = samples[(when >= pd.Timestamp(start)) & (when < pd.Timestamp(end) + pd.Timedelta(days=1))]
    sections = layers["sections"]
    months = water.monthly(water.read_samples(period), key="section_id")
    targets = months["section_id"].map(sections.set_index("section_id")["target_class"])
    months = water.assess(months, targets)
    firms = network.riverside_firms(layers["enterprises"], layers["rivers"], layers["outlets"])
    places = {sid: p for sid, p in zip(sections["section_id"], net.places(sections)) if p is not None}
    by_reach = {name: _rows_by(layers[name], "reach_id", columns) for name, columns in (
        ("outlets", ["outlet_id", "type", "status"]), ("sections", ["section_id", "target_class"]))}
    assessed = months[months["water_class"].notna()]
    by_section = _rows_by(assessed.assign(water_class=assessed["water_class"].astype(int),
                                          passes=assessed["passes"].astype(bool)),
                          "section_id", ["month", "water_class", "max_times", "passes", "worst_items", "over_text"])
    return Waters(net, dict(layers), start, end, months, firms, _open_problems(layers, firms, end),
                  _sampled_outlets(samples, end), by_reach, by_section, places)


def _rows_by(frame: pd.DataFrame, key: str, columns: list[str]) -> dict:
    """{key value: [row dicts of `columns`]}, in the frame's order: Python lookups for per-row work."""
    out: dict = {}
    for row in frame[[key, *columns]].to_dict("records"):
        out.setdefault(row.pop(key), []).append(row)
    return out


# --- sections and reaches ---------------------------------------------------------------------------------


def latest(w: Waters) -> pd.DataFrame:
    """Each measured section's latest month in the period (one row per section_id)."""
    return w.months.sort_values("month").groupby("section_id", sort=False).tail(1).set_index("section_id")


def section_status(w: Waters) -> pd.DataFrame:
    """Every section with its latest class, target and 达标 in words: section_id, name, water_class, label
    (e.g. "IV 类（目标 III，未达标）"), color."""
    last = latest(w)
    sections = w.layers["sections"][["section_id", "name", "reach_id", "level", "target_class"]].copy()
    code = sections["section_id"].map(last["water_class"])
    sections["water_class"] = code.astype("Int64")
    sections["label"] = [_status_words(c, t) for c, t in zip(sections["water_class"], sections["target_class"])]
    sections["color"] = [class_color(c) for c in sections["water_class"]]
    return sections


def _status_words(code, target) -> str:
    aim = f"目标 {water.class_label(int(target))}"
    if pd.isna(code):
        return f"本期未监测（{aim}）"
    verdict = "达标" if water.passes(int(code), int(target)) else "未达标"
    return f"{water.class_label(int(code))} 类（{aim}，{verdict}）"


def reach_classes(w: Waters) -> pd.Series:
    """reach_id -> latest class of the worst section on the reach (Int64; NA where no section was measured)."""
    status = section_status(w)
    worst = status.groupby("reach_id")["water_class"].max()
    return w.layers["rivers"]["reach_id"].map(worst).astype("Int64").set_axis(w.layers["rivers"]["reach_id"])


def section_choices(w: Waters, first: str = "瓜泾口北") -> list[str]:
    """Section ids for a picker: `first` (by name) first, then failing sections, then the rest by name."""
    status = section_status(w)
    fails = status["water_class"].fillna(0).astype(int) > status["target_class"]
    order = status.assign(_first=status["name"] != first, _ok=~fails).sort_values(["_first", "_ok", "name"])
    return order["section_id"].tolist()


def section_place(w: Waters, section_id: str) -> Place:
    if section_id not in w.places:
        raise ValueError(f"断面“{section_id}”不存在或不在河网上")
    return w.places[section_id]


def upstream_reaches(w: Waters, section_id: str) -> list[str]:
    """Every reach whose water passes the section (its own reach included)."""
    return w.net.upstream_of(section_place(w, section_id))


# --- tributaries ------------------------------------------------------------------------------------------


def tributaries(w: Waters, section_id: str) -> pd.DataFrame:
    """The tributaries reaching a section: name, reach_ids (list), flows_into (the river it joins), mouth
    (the reach at its mouth) and distance_m (along the river from its mouth to the section)."""
    at = section_place(w, section_id)
    rivers = w.layers["rivers"].set_index("reach_id")
    own = rivers.loc[at.reach_id, "name"]
    entering = [r for r in w.net.inflows_above(at) if rivers.loc[r, "name"] != own]
    reaches = w.net.with_upstream(entering)
    rows = []
    for name, group in pd.Series(reaches, dtype=object).groupby(rivers.loc[reaches, "name"].to_numpy(), sort=False):
        ids = group.tolist()
        mouth = next(r for r in ids if w.net.down[r] not in ids)
        distance = w.net.flow_distance_m(Place(mouth, w.net.length[mouth]), at)
        rows.append({"name": name, "reach_ids": ids, "mouth": mouth,
                     "flows_into": rivers.loc[w.net.down[mouth], "name"], "distance_m": distance})
    return pd.DataFrame(rows, columns=["name", "reach_ids", "mouth", "flows_into", "distance_m"])


RANKING_COLUMNS = {
    "name": "支流", "reason": "原因", "latest": "最新水质", "target": "目标", "limiting": "定类因子",
    "times_over": "超标倍数", "worst": "期间最差", "months_failing": "不达标月数", "trend": "趋势",
    "outlets_by_type": "排口（类型）", "outlets_by_status": "排口（状态）", "suspects": "疑似直排",
    "suspects_sampled": "疑似直排采样", "problem_firms": "问题企业", "firms_detail": "问题企业及最近检查",
    "distance_km": "距断面（km）", "flows_into": "汇入",
}


def tributary_ranking(w: Waters, section_id: str) -> pd.DataFrame:
    """One row per tributary of the section, problem tributaries first, columns as RANKING_COLUMNS (Chinese
    headers) plus `reach_ids` and `score` (the sort key in words is `原因`).

    Order: tributaries with both 疑似直排 outlets and 劣V water in the period first; then those failing their
    target in the latest month; then by how far the worst month was from target, months failing, suspected
    discharges, riverside firms with open problems; nearer to the section first on ties."""
    tribs = tributaries(w, section_id)
    rows = [_tributary_row(w, t) for t in tribs.itertuples()]
    table = pd.DataFrame(rows, columns=[*RANKING_COLUMNS, "reach_ids", "_key"])
    if len(table):
        table = table.sort_values("_key", kind="stable").reset_index(drop=True)
    table["score"] = np.arange(1, len(table) + 1)
    return table.drop(columns="_key").rename(columns=RANKING_COLUMNS)


def _tributary_row(w: Waters, t) -> dict:
    water_row = _tributary_water(w, t.reach_ids)
    mine = [o for r in t.reach_ids for o in w.by_reach["outlets"].get(r, [])]
    suspects = [o["outlet_id"] for o in mine if o["status"] == SUSPECT]
    unsampled = [o for o in suspects if o not in w.sampled]
    firms = _problem_firms(w, t.reach_ids)
    row = {
        "name": t.name, "flows_into": t.flows_into,
        "distance_km": None if t.distance_m is None else round(t.distance_m / 1000, 2),
        **water_row,
        "outlets_by_type": _counts([OUTLET_SHORT.get(o["type"], o["type"]) for o in mine]),
        "outlets_by_status": _counts([o["status"] for o in mine]),
        "suspects": len(suspects),
        "suspects_sampled": _sampled_words(suspects, unsampled),
        "problem_firms": len(firms),
        "firms_detail": "；".join(f"{r.name}（{r.open} 项未整改，最近检查 {r.last}）" for r in firms.itertuples()),
        "reach_ids": list(t.reach_ids),
    }
    fails_now = water_row["_latest_code"] > water_row["_target_code"] if water_row["_latest_code"] else False
    row["reason"] = _reason(row, water_row, len(suspects), len(unsampled), fails_now)
    row["_key"] = (
        not (len(suspects) > 0 and water_row["_worst_code"] == water.WORST),
        not fails_now,
        -(water_row["_worst_code"] - water_row["_target_code"]) if water_row["_worst_code"] else 0,
        -water_row["_failing"], -len(suspects), -len(firms), t.distance_m if t.distance_m is not None else np.inf,
    )
    for key in ("_latest_code", "_target_code", "_worst_code", "_failing", "_worst_month", "_worst_over"):
        row.pop(key, None)
    return row


def _tributary_water(w: Waters, reach_ids: list[str]) -> dict:
    """Latest and worst month of the tributary's sections (the worst section each month stands for it)."""
    sections = [sec for r in reach_ids for sec in w.by_reach["sections"].get(r, [])]
    target_code = min((int(sec["target_class"]) for sec in sections), default=None)
    per_month: dict = {}
    for sec in sections:
        for m in w.by_section.get(sec["section_id"], []):
            if m["month"] not in per_month or _severity(m) > _severity(per_month[m["month"]]):
                per_month[m["month"]] = m
    if not per_month:
        return {"latest": "未监测", "target": water.class_label(target_code) if target_code else "—",
                "limiting": "", "times_over": "", "worst": "未监测", "months_failing": "—", "trend": "—",
                "_latest_code": None, "_target_code": target_code or 0, "_worst_code": None, "_failing": 0}
    months = [per_month[k] for k in sorted(per_month)]
    last, worst = months[-1], max(reversed(months), key=_severity)
    failing = sum(1 for m in months if m["passes"] is False)
    return {
        "latest": f"{water.class_label(last['water_class'])}（{last['month']:%Y-%m}）",
        "target": water.class_label(target_code),
        "limiting": last["worst_items"], "times_over": last["over_text"],
        "worst": f"{water.class_label(worst['water_class'])}（{worst['month']:%Y-%m}）",
        "months_failing": f"{failing}/{len(months)}",
        "trend": water.trend(pd.Series([m["water_class"] for m in months])),
        "_latest_code": last["water_class"], "_target_code": target_code,
        "_worst_code": worst["water_class"], "_failing": failing,
        "_worst_month": worst["month"], "_worst_over": worst["over_text"],
    }


def _severity(month: dict) -> tuple:
    return month["water_class"], month["max_times"]


def _reason(row: dict, wr: dict, suspects: int, unsampled: int, fails_now: bool) -> str:
    parts = []
    if wr["_worst_code"] and wr["_worst_code"] > wr["_target_code"]:
        over = wr["_worst_over"].split("、")[0] if wr["_worst_over"] else ""
        parts.append(f"{wr['_worst_month']:%m}月出现{water.class_label(wr['_worst_code'])}类水"
                     + (f"（{over}）" if over else ""))
    if fails_now:
        parts.append(f"最新仍未达标（{row['latest'].split('（')[0]}类，目标 {row['target']}）")
    elif wr["_latest_code"]:
        parts.append("最新已达标")
    if suspects:
        parts.append(f"{suspects} 个疑似直排排口" + (f"，{unsampled} 个未采样" if unsampled else "，均已采样"))
    if wr["_failing"]:
        parts.append(f"{row['months_failing'].split('/')[1]} 个月中 {wr['_failing']} 个月不达标")
    if row["problem_firms"]:
        parts.append(f"沿河 {row['problem_firms']} 家企业问题未整改")
    if wr["_latest_code"] is None:
        parts.append("本期无监测数据")
    return "；".join(parts) or "无明显问题"


def _counts(values: list[str]) -> str:
    counts = Counter(values).most_common()
    return "、".join(f"{k} {v}" for k, v in counts) or "无"


def _sampled_words(suspects: list[str], unsampled: list[str]) -> str:
    if not suspects:
        return "—"
    done = len(suspects) - len(unsampled)
    return f"已采样 {done}/{len(suspects)}" + (f"（未采样：{'、'.join(unsampled)}）" if unsampled else "")


def _sampled_outlets(samples: pd.DataFrame, end: date) -> frozenset:
    by_end = samples["sampled_at"] < pd.Timestamp(end) + pd.Timedelta(days=1)
    return frozenset(samples.loc[by_end & samples["outlet_id"].notna(), "outlet_id"])


def _problem_firms(w: Waters, reach_ids: list[str]) -> pd.DataFrame:
    """Riverside firms of these reaches with problems open at the period's end: name, open, last (inspection)."""
    codes = w.firms.loc[w.firms["reach_id"].isin(reach_ids), "credit_code"].unique()
    found = w.firm_problems[w.firm_problems["code"].isin(codes)]
    return found.sort_values(["open", "name"], ascending=[False, True]).reset_index(drop=True)


def _open_problems(layers: dict, firms: pd.DataFrame, end: date) -> pd.DataFrame:
    """Every riverside firm with problems open on `end`: code, open (count), name, last (inspection date)."""
    codes = firms["credit_code"].unique()
    problems = layers["problems"]
    problems = problems[problems["enterprise_code"].isin(codes) & (problems["found_on"] <= pd.Timestamp(end))]
    status = campaign.status_as_of(problems, end)
    open_counts = problems[status == campaign.OPEN].groupby("enterprise_code").size()
    inspections = layers["inspections"]
    visits = inspections[inspections["enterprise_code"].isin(open_counts.index)
                         & (inspections["started_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))]
    last = visits.groupby("enterprise_code")["started_at"].max()
    names = layers["enterprises"].set_index("credit_code")["name"]
    out = pd.DataFrame({"code": open_counts.index, "open": open_counts.to_numpy()})
    out["name"] = [names.get(code, code) for code in out["code"]]
    out["last"] = [f"{last[code]:%Y-%m-%d}" if code in last.index else "无" for code in out["code"]]
    return out


def ranking_xlsx(table: pd.DataFrame, section_name: str) -> bytes:
    """The ranking as an Excel workbook (one sheet, the section's name in the sheet title)."""
    buffer = io.BytesIO()
    shown = table.drop(columns=[c for c in ("reach_ids", "score") if c in table.columns])
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        shown.to_excel(writer, sheet_name=f"{section_name}支流排序"[:31], index=False)
    return buffer.getvalue()


# --- outlets ------------------------------------------------------------------------------------------------


def downstream_sections(w: Waters, outlet_id: str) -> pd.DataFrame:
    """The sections an outlet's water passes, nearest first: 断面, 级别, 最新水质, 距排口（km）."""
    outlets = w.layers["outlets"]
    row = outlets[outlets["outlet_id"] == outlet_id]
    if row.empty:
        raise ValueError(f"排口“{outlet_id}”不存在")
    at = w.net.places(row)[0]
    if at is None:
        return pd.DataFrame(columns=["断面", "级别", "最新水质", "距排口（km）"])
    found = network.sections_downstream(w.net, w.layers["sections"], at)
    status = section_status(w).set_index("section_id")["label"]
    return pd.DataFrame({"断面": found["name"], "级别": found["level"], "最新水质": found["section_id"].map(status),
                         "距排口（km）": (found["distance_m"] / 1000).round(2)})


def section_series(w: Waters, section_id: str) -> tuple[pd.DataFrame, list[str], int]:
    """(samples of the section in the period in long form: sampled_at, item, name, value; its limiting items
    over the period; its target class), for `geo.charts.water_chart`."""
    sections = w.layers["sections"].set_index("section_id")
    if section_id not in sections.index:
        raise ValueError(f"断面“{section_id}”不存在")
    target = int(sections.loc[section_id, "target_class"])
    samples = w.layers["samples"]
    when = samples["sampled_at"]
    mine = samples[(samples["section_id"] == section_id) & (when >= pd.Timestamp(w.start))
                   & (when < pd.Timestamp(w.end) + pd.Timedelta(days=1))]
    mine = water.read_samples(mine)
    items = limiting_items(w, section_id)
    long = mine.melt(id_vars=["sampled_at"], value_vars=items, var_name="item", value_name="value").dropna()
    long["name"] = long["item"].map(water.ITEM_NAMES)
    return long.reset_index(drop=True), items, target


def limiting_items(w: Waters, section_id: str, most: int = 3) -> list[str]:
    """The items that held the section back in the period: those over the target, largest total multiple
    first; when none was over, the items that set the latest month's class (定类因子)."""
    months = w.months[w.months["section_id"] == section_id].sort_values("month")
    total: dict[str, float] = {}
    for times in months["times_over"]:
        for item, multiple in times.items():
            total[item] = total.get(item, 0.0) + multiple
    if total:
        return [item for item, _ in sorted(total.items(), key=lambda kv: -kv[1])][:most]
    code_of = {v: k for k, v in water.ITEM_NAMES.items()}
    latest_items = months["worst_items"].iloc[-1].split("、") if len(months) else []
    items = [code_of[n] for n in latest_items if code_of.get(n) in water.LIMITS["river"]]
    return items[:most] or ["nh3n", "tp"]




# --- what the map shows -------------------------------------------------------------------------------------

# Persistent map layers' palettes: class k of a point is palette[k - 1] (0 = hidden).
SECTION_PALETTE = [CLASS_COLORS[1], CLASS_COLORS[3], CLASS_COLORS[4], CLASS_COLORS[5], CLASS_COLORS[6], UNMEASURED,
                   "#1a202c"]  # the last: the chosen section
SECTION_NAMES = ["I–II 类", "III 类", "IV 类", "V 类", "劣V 类", "未监测", "所选断面"]
OUTLET_STATUSES = list(OUTLET_STATUS_COLORS)
OUTLET_PALETTE = [*OUTLET_STATUS_COLORS.values(), "#1a202c"]  # the last: the chosen outlet
OUTLET_NAMES = [*OUTLET_STATUSES, "所选排口"]
REACH_BASE = {"weight": 2.5, "opacity": 0.85}
REACH_UPSTREAM = {"weight": 6, "opacity": 1.0}  # a highlighted reach: upstream of the chosen section
REACH_FADED = {"weight": 1.2, "opacity": 0.3}
REACH_DOWNSTREAM = {"weight": 4, "opacity": 1.0, "dashArray": "8 6"}  # below the chosen outlet


def reach_styles(w: Waters, upstream: list[str] | None = None, downstream: list[str] | None = None) -> dict[str, dict]:
    """Leaflet path style per reach id: coloured by latest class; with `upstream` (a section's upstream
    reaches) those are drawn thick and the others thin and faded; `downstream` (an outlet's way down) dashed."""
    classes = reach_classes(w)
    chosen, below = set(upstream or ()), set(downstream or ())
    styles = {}
    for reach_id, code in classes.items():
        look = REACH_BASE if upstream is None else (REACH_UPSTREAM if reach_id in chosen else REACH_FADED)
        style = {"color": class_color(code), **look}
        if reach_id in below:  # dashed; a reach that is also upstream of the section keeps its thick line
            style.update({k: v for k, v in REACH_DOWNSTREAM.items() if k != "weight" or reach_id not in chosen})
        styles[reach_id] = style
    return styles


def reach_tips(w: Waters) -> dict[str, str]:
    """Hover text per reach: river, reach id, latest class (HTML-safe: names are escaped)."""
    rivers = w.layers["rivers"]
    classes = reach_classes(w)
    words = {r: (f"{water.class_label(int(c))} 类" if pd.notna(c) else "未监测") for r, c in classes.items()}
    return {r: f"{_esc(n)}（{_esc(r)}）· {words[r]}" for r, n in zip(rivers["reach_id"], rivers["name"])}


def section_classes(w: Waters, chosen: str | None = None) -> np.ndarray:
    """Palette index + 1 per section, aligned with the sections layer (SECTION_PALETTE)."""
    status = section_status(w)
    index = {1: 1, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5}
    out = np.array([index[int(c)] if pd.notna(c) else 6 for c in status["water_class"]], dtype=np.uint8)
    out[(status["section_id"] == chosen).to_numpy()] = len(SECTION_PALETTE)
    return out


def section_labels(w: Waters) -> pd.Series:
    """Hover text per section (plain text): name, level, latest class and target."""
    status = section_status(w)
    return status["name"] + "（" + status["level"] + "）" + status["label"]


def outlet_classes(w: Waters, chosen: str | None = None, shown: list[str] | None = None) -> np.ndarray:
    """Palette index + 1 per outlet by status (OUTLET_PALETTE); the `chosen` outlet in the last colour; only
    outlets in `shown` when given."""
    outlets = w.layers["outlets"]
    codes = outlets["status"].map({s: k + 1 for k, s in enumerate(OUTLET_STATUSES)}).fillna(0).to_numpy("uint8")
    codes[(outlets["outlet_id"] == chosen).to_numpy()] = len(OUTLET_PALETTE)
    if shown is not None:
        codes = np.where(outlets["outlet_id"].isin(shown).to_numpy(), codes, 0).astype(np.uint8)
    return codes


def outlet_labels(w: Waters) -> pd.Series:
    outlets = w.layers["outlets"]
    return outlets["name"] + "（" + outlets["type"] + "，" + outlets["status"] + "）"


def _esc(text) -> str:
    return html.escape(str(text))


def section_below_reach(w: Waters, reach_id: str) -> str | None:
    """The first section the water of a reach meets (from the reach's upstream end), for a click on a reach."""
    below = network.sections_downstream(w.net, w.layers["sections"], Place(reach_id, 0.0))
    return None if below.empty else str(below["section_id"].iloc[0])


def downstream_reaches(w: Waters, outlet_id: str) -> list[str]:
    """The reaches an outlet's water passes: its own, then every reach below ([] when it has no reach)."""
    outlets = w.layers["outlets"]
    row = outlets[outlets["outlet_id"] == outlet_id]
    if row.empty:
        raise ValueError(f"排口“{outlet_id}”不存在")
    at = w.net.places(row)[0]
    return [] if at is None else w.net.downstream_of(at)
