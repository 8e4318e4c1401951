"""From a file's rows to what would change in the store: every row checked before anything is written.

`prepare(raw, stored, layer=None, crs=None)` returns a `Plan`: rows read and accepted, every rejected row with
its line, column, value and a Chinese reason (all of them at once), and per layer the rows to add, the rows to
update (with their stored values, for undo) and how many are already stored unchanged.

Rule for keys already stored (README "导入规则"): a row whose key is stored is an update when any value differs
(the file is the newer word; the stored values go to the import log so the import can be undone) and is left
alone when nothing differs. Fire points are the exception: a FIRMS point already stored is skipped ("已导入过"),
since its verification status lives in the store. Firms named in an inspection list are added when new and
never changed by it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import codes, crs as geocrs, firms, schema
from geo.imports import columns, dates
from geo.imports.files import ImportFailure, RawTable

SYSTEMS = ("wgs84", "cgcs2000", "gcj02", "bd09")
SYSTEM_LABELS = {"wgs84": "WGS84", "cgcs2000": "CGCS2000", "gcj02": "GCJ-02（高德/腾讯）", "bd09": "BD-09（百度）"}
# Suzhou's extent when the store has no district outlines (lon, lat).
SUZHOU_BOX = (119.90, 30.75, 121.40, 32.05)
NO_PROBLEM = {"无", "没有", "未发现", "未发现问题", "无问题", "正常", "/", "-", "—", "——", "无异常", "未发现明显问题"}
FIXED_WORDS = ("已整改", "已完成", "整改完成", "完成整改", "整改到位", "已落实", "已办结", "已销号")


@dataclass(frozen=True)
class Rejection:
    line: int
    column: str
    value: str | None
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "value": self.value, "message": self.message}


@dataclass
class Change:
    """What one layer gets: rows added, rows updated (new values) and those rows' stored values."""

    layer: str
    added: pd.DataFrame
    updated: pd.DataFrame
    previous: pd.DataFrame
    unchanged: int = 0
    skipped: int = 0


@dataclass
class Plan:
    file_name: str
    sha256: str
    target: str
    crs: str
    rows_read: int
    line_word: str
    rejected: list[Rejection]
    changes: dict[str, Change]
    preview: gpd.GeoDataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def rejected_lines(self) -> int:
        return len({r.line for r in self.rejected})

    @property
    def rows_accepted(self) -> int:
        return self.rows_read - self.rejected_lines

    def count(self, what: str) -> int:
        return sum(len(getattr(c, what)) if what in ("added", "updated") else getattr(c, what)
                   for c in self.changes.values())

    def report(self) -> dict:
        """The report as one JSON-ready object (the CLI's --report json and the page show the same)."""
        return {
            "file": self.file_name, "sha256": self.sha256, "layer": self.target, "crs": self.crs,
            "rows_read": self.rows_read, "rows_accepted": self.rows_accepted,
            "rows_rejected": self.rejected_lines,
            "added": {name: len(c.added) for name, c in self.changes.items()},
            "updated": {name: len(c.updated) for name, c in self.changes.items()},
            "unchanged": {name: c.unchanged for name, c in self.changes.items()},
            "already_loaded": {name: c.skipped for name, c in self.changes.items() if c.skipped},
            "notes": self.notes,
            "rejected": [r.as_dict() for r in self.rejected],
        }

    def rejected_table(self) -> pd.DataFrame:
        table = pd.DataFrame([r.as_dict() for r in self.rejected], columns=["line", "column", "value", "message"])
        return table.rename(columns={"line": self.line_word, "column": "列", "value": "值", "message": "问题"})


def stored_reader(source):
    """name -> the stored layer or None when absent, from a store or a transaction."""
    def read(name: str) -> pd.DataFrame | None:
        return source.read(name) if name in source.layers() else None

    return read


def prepare(raw: RawTable, stored, layer: str | None = None, crs: str | None = None) -> Plan:
    """Check every row of `raw` against the rules and the stored layers (`stored(name)` -> frame or None)."""
    empty = {c for c in raw.frame.columns if raw.frame[c].isna().all()}
    fields = columns.match(list(raw.frame.columns), empty=empty)
    target, exact = detect_layer(raw, fields, layer)
    system, notes = _system(raw, crs)
    ctx = _Context(raw, fields, stored, system, target)
    if target == "fire_points" and not exact:
        frames = _firms(ctx)
    elif exact:
        frames = _generic(ctx, target)
    elif target == "inspections":
        frames = _inspection_list(ctx)
    elif target == "enterprises":
        frames = _enterprise_list(ctx)
    else:
        raise ImportFailure(f"文件“{raw.file_name}”导入图层“{schema.LAYERS[target].title}”({target}) 时，"
                            f"列名须与数据模型一致（{'、'.join(schema.LAYERS[target].column_names)}）")
    changes = {name: _against_store(name, frame, stored(name), add_only=name in ctx.add_only)
               for name, frame in frames.items()}
    preview = _preview(frames.get(target), target)
    rejected = sorted(ctx.rejected, key=lambda r: (r.line, r.column))
    return Plan(raw.file_name, raw.sha256, target, system, len(raw.frame), raw.line_word, rejected, changes, preview,
                raw.notes + notes + ctx.notes)


def detect_layer(raw: RawTable, fields: dict, layer: str | None) -> tuple[str, bool]:
    """(target layer, whether the columns are the data model's own names)."""
    headers = set(raw.frame.columns)
    if layer:
        named = {v.title: k for k, v in schema.LAYERS.items()}
        target = named.get(layer, layer)
        if target not in schema.LAYERS or target == "import_log":
            raise ImportFailure(f"未知图层“{layer}”；可选：{'、'.join(n for n in schema.LAYERS if n != 'import_log')}")
        return target, _is_exact(schema.LAYERS[target], headers)
    if _firms_kind(raw):
        return "fire_points", False
    exact = [n for n, spec in schema.LAYERS.items() if n != "import_log" and _is_exact(spec, headers)]
    if raw.layer_name in exact:
        return raw.layer_name, True
    if exact:
        return max(exact, key=lambda n: len(headers & set(schema.LAYERS[n].column_names))), True
    if "started_at" in fields:
        return "inspections", False
    if "credit_code" in fields and "enterprise_name" in fields:
        return "enterprises", False
    raise ImportFailure(
        f"无法判断文件“{raw.file_name}”要导入哪个图层：检查表需要“企业名称”“检查时间”等列，企业名录需要“企业名称”"
        f"“统一社会信用代码”；或用 --layer 指定（{'、'.join(n for n in schema.LAYERS if n != 'import_log')}）")


def _is_exact(spec: schema.Layer, headers: set) -> bool:
    required = {c.name for c in spec.columns if c.required and c.name != "source"}
    return spec.key in headers and required <= headers


def _firms_kind(raw: RawTable) -> str | None:
    return firms.sniff(list(raw.frame.columns))


def _system(raw: RawTable, crs: str | None) -> tuple[str, list[str]]:
    if crs:
        if crs not in SYSTEMS:
            raise ImportFailure(f"未知坐标系“{crs}”；可选：{'、'.join(SYSTEMS)}")
        if raw.crs_hint and raw.crs_hint != crs and {raw.crs_hint, crs} != {"wgs84", "cgcs2000"}:
            return crs, [f"文件标题写的是 {SYSTEM_LABELS[raw.crs_hint]}，按指定的 {SYSTEM_LABELS[crs]} 换算"]
        return crs, []
    if raw.crs_hint:
        return raw.crs_hint, [f"坐标系按文件标题取 {SYSTEM_LABELS[raw.crs_hint]}，已换算为 WGS84"]
    return "wgs84", []


# --- per-row checking -------------------------------------------------------------------------------


class _Context:
    """What the row checks share: the file, its column map, the stored layers, the rejections so far."""

    def __init__(self, raw: RawTable, fields: dict, stored, system: str, target: str):
        self.raw, self.fields, self.stored, self.system, self.target = raw, fields, stored, system, target
        self.rejected: list[Rejection] = []
        self.notes: list[str] = []
        self.add_only: set[str] = set()
        self.source = f"导入：{raw.file_name}"
        self._districts = stored("districts")
        self.records = raw.frame.to_dict("records")

    def header(self, name: str) -> str:
        return self.fields.get(name) or columns.BY_NAME[name].label

    def rows(self):
        for i in range(len(self.raw.frame)):
            yield _Row(self, i)

    def district_names(self) -> list[str]:
        return [] if self._districts is None else self._districts["name"].tolist()

    def match_district(self, text: str) -> str | None:
        names = self.district_names()
        if not names or text in names:
            return text if text in names or not names else None
        short = text.removesuffix("区").removesuffix("市").replace("苏州", "")
        hits = [n for n in names if short and short in n]
        return hits[0] if len(hits) == 1 else None

    def locate(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(inside Suzhou, district name or None) for WGS84 points (n, 2)."""
        if self._districts is None or self._districts.empty:
            x, y = xy[:, 0], xy[:, 1]
            box = SUZHOU_BOX
            inside = (x >= box[0]) & (x <= box[2]) & (y >= box[1]) & (y <= box[3])
            return inside, np.full(len(xy), None, dtype=object)
        points = shapely.points(xy)
        areas = self._districts.geometry.values
        tree = shapely.STRtree(areas)
        which = np.full(len(xy), None, dtype=object)
        hit_point, hit_area = tree.query(points, predicate="within")
        which[hit_point] = self._districts["name"].to_numpy()[hit_area]
        near = shapely.union_all(areas).buffer(0.01)  # ~1 km margin for outlines drawn coarsely
        inside = shapely.contains_xy(near, xy[:, 0], xy[:, 1])
        return inside, which


class _Row:
    def __init__(self, ctx: _Context, i: int):
        self.ctx, self.i = ctx, i
        self.line = ctx.raw.lines[i]
        self.values = ctx.records[i]
        self.errors: list[Rejection] = []

    def text(self, name: str) -> str | None:
        header = self.ctx.fields.get(name)
        value = self.values.get(header) if header else None
        return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value).strip() or None

    def fail(self, name: str, message: str, value: str | None = ...) -> None:
        shown = self.text(name) if value is ... else value
        self.errors.append(Rejection(self.line, self.ctx.header(name), shown, message))

    def require(self, name: str) -> str | None:
        value = self.text(name)
        if value is None:
            self.fail(name, f"必填项“{self.ctx.header(name)}”为空")
        return value

    def date(self, name: str, required: bool = False, day: bool = False) -> pd.Timestamp | None:
        value = self.require(name) if required else self.text(name)
        if value is None:
            return None
        try:
            return dates.parse_date(value) if day else dates.parse_datetime(value)
        except dates.DateError as exc:
            self.fail(name, str(exc))
            return None

    def credit_code(self) -> str | None:
        value = self.text("credit_code")
        if value is None:
            return None
        try:
            return codes.validate_credit_code(value)
        except codes.CodeError as exc:
            self.fail("credit_code", f"{exc}（GB 32100 校验不通过）")
            return None

    def point(self, fallback=None) -> tuple[float, float] | None:
        """(lon, lat) in WGS84 from the longitude/latitude columns or the feature's geometry, or `fallback`."""
        lon_text, lat_text = self.text("lon"), self.text("lat")
        geometry = self.ctx.raw.geometry
        if lon_text is None and lat_text is None:
            if geometry is not None and geometry.iloc[self.i] is not None and not geometry.iloc[self.i].is_empty:
                geom = geometry.iloc[self.i]
                if geom.geom_type != "Point":
                    self.fail("lon", f"几何类型是 {geom.geom_type}，此图层需要点（Point）", geom.geom_type)
                    return None
                return self._to_wgs84(geom.x, geom.y)
            if fallback is not None:
                return fallback
            self.fail("lon", "缺少经纬度（经度、纬度两列都为空）")
            return None
        if lon_text is None or lat_text is None:
            missing = "lon" if lon_text is None else "lat"
            self.fail(missing, f"必填项“{self.ctx.header(missing)}”为空")
            return None
        try:
            lon = geocrs.parse_coordinate(lon_text, "lon")
        except geocrs.CoordinateError as exc:
            swapped = _swapped(lon_text, lat_text)
            self.fail("lon", swapped or str(exc))
            return None
        try:
            lat = geocrs.parse_coordinate(lat_text, "lat")
        except geocrs.CoordinateError as exc:
            self.fail("lat", _swapped(lon_text, lat_text) or str(exc))
            return None
        if geocrs.fix_swapped(lon, lat)[2]:
            self.fail("lat", _swapped(lon_text, lat_text))
            return None
        return self._to_wgs84(lon, lat)

    def _to_wgs84(self, lon: float, lat: float) -> tuple[float, float]:
        system = self.ctx.system
        if system == "gcj02":
            return geocrs.gcj02_to_wgs84(lon, lat)
        if system == "bd09":
            return geocrs.bd09_to_wgs84(lon, lat)
        return lon, lat


def _swapped(lon_text: str, lat_text: str) -> str | None:
    """The message for a pair that only makes sense the other way round, or None."""
    try:
        lon = geocrs.parse_coordinate(lat_text, "lon")
        lat = geocrs.parse_coordinate(lon_text, "lat")
    except geocrs.CoordinateError:
        return None
    if 73 <= lon <= 136 and 3 <= lat <= 54:
        return (f"经纬度填反了：纬度“{lat_text}”是经度的值，经度“{lon_text}”是纬度的值；"
                "请把两列对调（苏州约为经度 120.6、纬度 31.3）")
    return None


def _finish(ctx: _Context, rows: list[tuple[_Row, dict, tuple | None]], key: str, label: str) -> list[tuple]:
    """Spatial checks for all rows at once (inside Suzhou, district), then duplicates within the file."""
    located = [(i, xy) for i, (_, _, xy) in enumerate(rows) if xy is not None]
    if located:
        xy = np.array([p for _, p in located], dtype=float)
        inside, district = ctx.locate(xy)
        for (i, point), ok, name in zip(located, inside, district):
            row, record, _ = rows[i]
            if not ok:
                row.fail("lon", f"坐标（{point[0]:.5f}, {point[1]:.5f}）不在苏州市范围内"
                                f"（按 {SYSTEM_LABELS[ctx.system]} 换算后）；请核对经纬度和坐标系",
                         f"{row.text('lon') or point[0]}, {row.text('lat') or point[1]}")
            elif record.get("district") is None and name is not None:
                record["district"] = name
    first: dict = {}
    kept = []
    for row, record, xy in rows:
        if record.get("district") is None and not any(e.column == ctx.header("district") for e in row.errors):
            row.fail("district", "所属区县为空，且无法由坐标判断")
        if not row.errors and record.get(key) is not None:
            if record[key] in first:
                row.fail("seq", f"与第 {first[record[key]]} {ctx.raw.line_word}重复（{label}相同）")
            else:
                first[record[key]] = row.line
        ctx.rejected.extend(row.errors)
        if not row.errors:
            kept.append((row, record, xy))
    return kept


def _district(ctx: _Context, row: _Row) -> str | None:
    text = row.text("district")
    if text is None:
        return None
    name = ctx.match_district(text)
    if name is None:
        row.fail("district", f"所属区县“{text}”不是苏州的区县；可填：{'、'.join(ctx.district_names())}")
    return name


def _number(row: _Row, name: str) -> float | None:
    text = row.text(name)
    if text is None:
        return None
    clean = text.replace(",", "").replace("，", "").replace("元", "").strip()
    scale = 1.0
    if clean.endswith("万"):
        clean, scale = clean[:-1], 10000.0
    try:
        value = float(clean) * scale
    except ValueError:
        row.fail(name, f"“{text}”不是数字")
        return None
    if not np.isfinite(value) or value < 0:
        row.fail(name, f"“{text}”应为不小于 0 的数")
        return None
    return value


# --- inspection lists ------------------------------------------------------------------------------


def _inspection_list(ctx: _Context) -> dict[str, pd.DataFrame]:
    firms = ctx.stored("enterprises")
    firm_points = {} if firms is None else dict(zip(firms["credit_code"], zip(firms.geometry.x, firms.geometry.y)))
    firm_names = {} if firms is None else dict(
        firms.drop_duplicates("name", keep=False)[["name", "credit_code"]].itertuples(index=False))
    teams = _team_index(ctx.stored("teams"))
    campaigns = ctx.stored("campaigns")
    known_campaigns = set() if campaigns is None else set(campaigns["campaign"])
    visits = ctx.stored("inspections")
    by_visit = {} if visits is None else dict(
        zip(zip(visits["site_id"], visits["started_at"]), visits["inspection_id"]))
    rows = []
    for row in ctx.rows():
        name = row.require("enterprise_name")
        code = row.credit_code()
        if code is None and row.text("credit_code") is None and name in firm_names:
            code = firm_names[name]
        started = row.date("started_at", required=True)
        district = _district(ctx, row)
        xy = row.point(firm_points.get(code))
        names = _names(row.text("officer_names"))
        officers = _number(row, "officers")
        if officers is None and not names and not row.errors:
            row.fail("officer_names", "检查人员为空（填写人名，多人用“、”分隔）")
        count = int(officers) if officers else max(len(names), 1)
        campaign = row.text("campaign")
        if campaign and campaign not in known_campaigns:
            row.fail("campaign", f"专项行动“{campaign}”未登记；可填：{'、'.join(sorted(known_campaigns))}，或留空")
        site = code or name
        visit_id = row.text("inspection_id") or (
            by_visit.get((site, started)) or _make_id("DR", site, started) if started is not None and site else None)
        record = {
            "inspection_id": visit_id, "started_at": started, "district": district, "site_id": site,
            "enterprise_code": code, "place": row.text("place") or name,
            "team_id": row.text("team_id") if row.text("team_id") in teams["ids"] else _team(teams, names),
            "officers": count, "officer_names": "、".join(names) or None,
            "inspection_type": row.text("inspection_type"),
            "kind": _kind(row.text("kind") or row.text("inspection_type")),
            "topic": row.text("topic") or "综合", "findings": row.text("problem"), "campaign": campaign,
            "source": ctx.source, "_name": name,
        }
        record["_problem"] = _problem(row, record, started)
        rows.append((row, record, xy))
    kept = _finish(ctx, rows, "inspection_id", "企业和检查时间")
    visits_out, problems_out, firms_out = [], [], {}
    for row, record, xy in kept:
        problem = record.pop("_problem")
        name = record.pop("_name")
        visits_out.append({**record, "geometry": shapely.Point(xy)})
        if problem is not None:
            problems_out.append({**problem, "problem_id": f"{record['inspection_id']}-1",
                                 "inspection_id": record["inspection_id"], "district": record["district"],
                                 "enterprise_code": record["enterprise_code"], "campaign": record["campaign"],
                                 "source": ctx.source})
        code = record["enterprise_code"]
        if code and code not in firm_points and code not in firms_out:
            firms_out[code] = {"credit_code": code, "name": name, "district": record["district"],
                               "industry": row.text("industry") or "未填写", "source": ctx.source,
                               "geometry": shapely.Point(xy)}
    ctx.add_only.add("enterprises")
    out = {"inspections": _frame("inspections", visits_out, lines=[r.line for r, _, _ in kept])}
    out["problems"] = _frame("problems", problems_out)
    out["enterprises"] = _frame("enterprises", list(firms_out.values()))
    return out


def _problem(row: _Row, record: dict, started: pd.Timestamp | None) -> dict | None:
    text = row.text("problem")
    wan, yuan = _number(row, "penalty_wan"), _number(row, "penalty_yuan")
    penalty = round(wan * 10000, 2) if wan is not None else (yuan or 0.0)
    if (text is None or text in NO_PROBLEM) and not penalty:
        return None
    if started is None:
        return None
    found = started.normalize()
    deadline_text = row.text("deadline") or ""
    deadline, immediate = None, any(w in deadline_text for w in ("立行立改", "立即", "当场", "现场整改"))
    days = re.fullmatch(r"(\d{1,3})\s*(?:个)?(?:天|日|工作日)内?", deadline_text)
    if days:
        deadline = found + pd.Timedelta(days=int(days.group(1)))
    elif deadline_text and not immediate:
        deadline = row.date("deadline", day=True)
        if deadline is not None and deadline < found:
            row.fail("deadline", f"整改期限 {deadline:%Y-%m-%d} 早于检查日期 {found:%Y-%m-%d}")
    fix = row.text("fix_status") or ""
    status = "已移交" if "移交" in fix else "已整改" if any(w in fix for w in FIXED_WORDS) and "未" not in fix else "整改中"
    handling = ("移交" if status == "已移交" else "立行立改" if immediate or (deadline is None and status == "已整改")
                else "限期整改" if deadline is not None else "跟踪督办")
    category = row.text("category") or "环境"
    category = next((c for c in schema.PROBLEM_CATEGORIES if c in category), "其他")
    filed = row.text("case_filed")
    return {
        "found_on": found, "origin": "现场检查", "category": category,
        "description": text if text and text not in NO_PROBLEM else "（表中未写明问题，有罚款）",
        "handling": handling, "deadline": deadline, "status": status, "fixed_on": row.date("fixed_on", day=True),
        "penalty_yuan": penalty,
        "case_filed": (filed in ("是", "已立案", "立案", "1", "Y", "y")) if filed else penalty > 0,
    }


def _names(text: str | None) -> list[str]:
    return [n for n in re.split(r"[、,，;；/\s]+", text or "") if n]


def _team_index(teams: pd.DataFrame | None) -> dict:
    """Team ids, and for each officer's name the teams that list it among their members."""
    by_name: dict[str, list[str]] = {}
    if teams is None:
        return {"ids": set(), "by_name": by_name}
    for team, members in zip(teams["team_id"], teams["member_names"].fillna("")):
        for name in set(_names(members)):
            by_name.setdefault(name, []).append(team)
    return {"ids": set(teams["team_id"]), "by_name": by_name}


def _team(teams: dict, names: list[str]) -> str | None:
    """The team whose members include the most of these officers; None when none or a tie."""
    votes: dict[str, int] = {}
    for name in set(names):
        for team in teams["by_name"].get(name, ()):
            votes[team] = votes.get(team, 0) + 1
    ranked = sorted(votes.values(), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return None
    return max(votes, key=votes.get)


def _kind(text: str | None) -> str:
    """检查方式 from what a list writes (检查类型 or 检查方式); anything unforeseen is 日常."""
    text = text or ""
    for kind in ("四不两直", "节假日", "夜查"):
        if kind in text:
            return kind
    return "夜查" if "夜" in text else "节假日" if "假" in text else "日常"


def _make_id(prefix: str, *parts) -> str:
    digest = hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12].upper()
    return f"{prefix}{digest}"


# --- firm lists, FIRMS, the data model's own columns --------------------------------------------------


def _enterprise_list(ctx: _Context) -> dict[str, pd.DataFrame]:
    rows = []
    for row in ctx.rows():
        code = row.credit_code() if row.require("credit_code") else None
        record = {"credit_code": code, "name": row.require("enterprise_name"), "district": _district(ctx, row),
                  "industry": row.text("industry") or "未填写", "tags": row.text("tags"),
                  "eia_approved_on": row.date("eia_approved_on", day=True), "source": ctx.source}
        rows.append((row, record, row.point()))
    kept = _finish(ctx, rows, "credit_code", "统一社会信用代码")
    return {"enterprises": _frame("enterprises", [{**r, "geometry": shapely.Point(xy)} for _, r, xy in kept])}


def _firms(ctx: _Context) -> dict[str, pd.DataFrame]:
    kind = firms.sniff(list(ctx.raw.frame.columns))
    system = "wgs84" if ctx.system == "cgcs2000" else ctx.system
    parsed = firms.parse(ctx.raw.frame, kind, ctx.source, crs=system, first_line=ctx.raw.lines[0])
    ctx.rejected.extend(Rejection(int(r["line"]), str(r["column"]), r.get("value"), str(r["message"]))
                        for r in parsed.rejected)
    return {"fire_points": parsed.rows}


def _generic(ctx: _Context, name: str) -> dict[str, pd.DataFrame]:
    """A file whose columns are the data model's own names (e.g. one exported here): each cell checked."""
    spec = schema.LAYERS[name]
    frame = ctx.raw.frame
    out, lines = [], []
    for i in range(len(frame)):
        line, errors, record = ctx.raw.lines[i], [], {}
        for col in spec.columns:
            value = frame[col.name].iloc[i] if col.name in frame.columns else None
            if col.name == "source" and value is None:
                value = ctx.source
            record[col.name], problem = _cell(col, value)
            if problem:
                errors.append(Rejection(line, col.name, value, problem))
        if spec.geometry:
            geom = _generic_geometry(ctx, i)
            if geom is None:
                errors.append(Rejection(line, "geometry", None, "没有几何（坐标）"))
            record["geometry"] = geom
        ctx.rejected.extend(errors)
        if not errors:
            out.append(record)
            lines.append(line)
    frame_out = _frame(name, out, lines)
    dup = frame_out[spec.key].duplicated()
    for key, line in zip(frame_out.loc[dup, spec.key], np.asarray(lines)[dup.to_numpy()]):
        ctx.rejected.append(Rejection(int(line), spec.key, key, f"主键 {spec.key}“{key}”在文件中重复"))
    return {name: frame_out[~dup.to_numpy()]}


def _generic_geometry(ctx: _Context, i: int):
    geometry = ctx.raw.geometry
    if geometry is not None:
        geom = geometry.iloc[i]
        if geom is None or geom.is_empty:
            return None
        fn = {"gcj02": geocrs.gcj02_to_wgs84, "bd09": geocrs.bd09_to_wgs84}.get(ctx.system)
        return geocrs.shift_geometry(geom, fn) if fn else geom
    row = _Row(ctx, i)
    xy = row.point()
    ctx.rejected.extend(row.errors)
    return shapely.Point(xy) if xy else None


def _cell(col: schema.Column, value) -> tuple[object, str | None]:
    """(parsed value, None) or (None, the Chinese reason) for one cell of a data-model column."""
    if value is None:
        return None, (f"必填列 {col.name}（{col.doc}）为空" if col.required else None)
    try:
        parsed = _PARSERS[col.dtype](value)
    except dates.DateError as exc:
        return None, str(exc)
    except (ValueError, TypeError):
        return None, f"列 {col.name}（{col.doc}）的值“{value}”不是{schema._DTYPE_WORDS[col.dtype]}"
    if col.allowed and parsed not in col.allowed:
        return None, f"列 {col.name}（{col.doc}）的值“{value}”不在可选值中：{'、'.join(map(str, col.allowed))}"
    return parsed, None


_PARSERS = {
    "int": lambda v: int(float(v)), "float": float, "bool": schema._to_bool, "str": str,
    "date": dates.parse_date, "datetime": dates.parse_datetime,
}


def _frame(name: str, records: list[dict], lines: list[int] | None = None) -> pd.DataFrame:
    spec = schema.LAYERS[name]
    cols = spec.column_names + (["geometry"] if spec.geometry else [])
    frame = pd.DataFrame(records, columns=cols)
    if spec.geometry:
        frame = gpd.GeoDataFrame(frame, geometry="geometry", crs=schema.CRS)
    try:
        return schema.validate(name, frame)
    except schema.SchemaError as exc:
        raise ImportFailure(f"导入数据未通过数据模型检查：{exc}") from None


# --- against the store --------------------------------------------------------------------------------


def _against_store(name: str, new: pd.DataFrame, old: pd.DataFrame | None, add_only: bool) -> Change:
    key = schema.LAYERS[name].key
    empty = new.iloc[0:0]
    if old is None or old.empty or new.empty:
        return Change(name, new, empty, empty)
    known = new[key].isin(set(old[key]))
    added = new[~known]
    if name == "fire_points" or add_only:
        return Change(name, added, empty, empty, skipped=int(known.sum()) if name == "fire_points" else 0,
                      unchanged=0 if name == "fire_points" else int(known.sum()))
    both = new[known]
    stored = old.set_index(key).loc[both[key]]
    differs = _differs(both.set_index(key), stored)
    updated = both[differs.to_numpy()]
    previous = old[old[key].isin(set(updated[key]))]
    return Change(name, added, updated, previous, unchanged=int((~differs).sum()))


def _differs(new: pd.DataFrame, old: pd.DataFrame) -> pd.Series:
    """Per row: does any value (other than `source`) differ? NaN equals NaN; geometries within 1e-7°."""
    out = pd.Series(False, index=range(len(new)))
    for column in new.columns:
        if column == "source":
            continue
        a, b = new[column].reset_index(drop=True), old[column].reset_index(drop=True)
        if column == "geometry":
            same = pd.Series(shapely.equals_exact(np.asarray(a.values), np.asarray(b.values), tolerance=1e-7))
        else:
            same = (a.astype(object) == b.astype(object)) | (a.isna() & b.isna())
        out |= ~same.fillna(False).astype(bool).to_numpy()
    return out


def _preview(frame: pd.DataFrame | None, name: str) -> gpd.GeoDataFrame:
    """The accepted rows as points to show before anything is written: id, label, geometry."""
    if frame is None or not isinstance(frame, gpd.GeoDataFrame):
        return gpd.GeoDataFrame({"id": [], "label": []}, geometry=gpd.GeoSeries([], crs=schema.CRS))
    key = schema.LAYERS[name].key
    label = next((frame[c] for c in ("place", "name", key) if c in frame.columns))
    return gpd.GeoDataFrame({"id": frame[key].astype(str).to_numpy(), "label": label.astype(str).to_numpy()},
                            geometry=frame.geometry.to_numpy(), crs=schema.CRS)
