"""Committing an import in one transaction, logging it, and undoing it.

`commit` re-checks the file against the store inside `store.transaction()` (so a change made by someone else
since the preview is seen), writes every layer and the log row together, and lands all of it or nothing. The
log (`import_log`) is append-only: an undo is a new row pointing at the import it reverses. The log row keeps
what undo needs: the keys added and the stored values of the rows updated."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import schema
from geo.imports.files import RawTable
from geo.imports.plan import Plan, prepare, stored_reader

LOG = "import_log"


class UndoRefused(RuntimeError):
    """An import cannot be undone; the message says why, in Chinese."""


@dataclass(frozen=True)
class Committed:
    plan: Plan
    import_id: str | None  # None when nothing was written (every row rejected, or nothing new)


def commit(store, raw: RawTable, user: str, layer: str | None = None, crs: str | None = None,
           now: datetime | None = None) -> Committed:
    """Write the valid rows of `raw` and the log row in one transaction; rejected rows are left out."""
    with store.transaction() as tx:
        plan = prepare(raw, stored_reader(tx), layer, crs)
        if not any(len(c.added) or len(c.updated) for c in plan.changes.values()):
            return Committed(plan, None)
        for name, change in plan.changes.items():
            if len(change.added) or len(change.updated):
                tx.write(name, _merged(tx, name, change))
        when = pd.Timestamp(now or datetime.now()).floor("s")
        import_id = _new_id(tx, when, plan.sha256)
        tx.append(LOG, pd.DataFrame([{
            "import_id": import_id, "action": "导入", "undoes": None, "done_at": when, "user": user or "未署名",
            "file_name": plan.file_name, "sha256": plan.sha256, "target": plan.target,
            "rows_read": plan.rows_read, "added": plan.count("added"), "updated": plan.count("updated"),
            "rejected": plan.rejected_lines, "changes": _changes_json(plan),
        }]))
    return Committed(plan, import_id)


def undo(store, import_id: str, user: str, now: datetime | None = None) -> str:
    """Reverse import `import_id`: remove the rows it added, restore the rows it updated. Refused (UndoRefused)
    when it was undone already, when a later import changed the same rows, or when other rows now refer to
    rows it added. Returns the id of the undo's own log row."""
    with store.transaction() as tx:
        log = tx.read(LOG) if LOG in tx.layers() else None
        entry = _entry(log, import_id)
        changes = json.loads(entry["changes"])
        _check_later(log, entry, changes)
        touched = {name: _reverted(tx, name, change) for name, change in changes.items()}
        _check_references(tx, touched)
        for name, frame in touched.items():
            tx.write(name, frame)
        when = pd.Timestamp(now or datetime.now()).floor("s")
        undo_id = _new_id(tx, when, entry["sha256"], prefix="UNDO")
        tx.append(LOG, pd.DataFrame([{
            "import_id": undo_id, "action": "撤销", "undoes": import_id, "done_at": when, "user": user or "未署名",
            "file_name": entry["file_name"], "sha256": entry["sha256"], "target": entry["target"],
            "rows_read": 0, "added": 0, "updated": 0, "rejected": 0, "changes": "{}",
        }]))
    return undo_id


def history(store) -> pd.DataFrame:
    """The import log, newest first, with `undone` (bool) for imports that were reversed."""
    if LOG not in store.layers():
        return pd.DataFrame(columns=[*schema.LAYERS[LOG].column_names, "undone"])
    log = store.read(LOG)
    log["undone"] = log["import_id"].isin(set(log["undoes"].dropna()))
    return log.sort_values("done_at", ascending=False, kind="stable").reset_index(drop=True)


def history_table(log: pd.DataFrame) -> pd.DataFrame:
    """The log as the page shows it, in Chinese."""
    return pd.DataFrame({
        "编号": log["import_id"], "操作": log["action"], "时间": log["done_at"].dt.strftime("%Y-%m-%d %H:%M"),
        "操作人": log["user"], "文件": log["file_name"], "图层": log["target"],
        "新增": log["added"], "更新": log["updated"], "拒收": log["rejected"],
        "状态": np.where(log["undone"], "已撤销", np.where(log["action"] == "撤销", "撤销 " + log["undoes"].fillna(""), "有效")),
        "SHA-256": log["sha256"].str[:12],
    })


# --- helpers --------------------------------------------------------------------------------------------


def _merged(tx, name: str, change) -> pd.DataFrame:
    key = schema.LAYERS[name].key
    if name not in tx.layers():
        return pd.concat([change.updated, change.added], ignore_index=True)
    current = tx.read(name)
    keep = current[~current[key].isin(set(change.updated[key]))]
    parts = [p for p in (keep, change.updated, change.added) if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else current


def _new_id(tx, when: pd.Timestamp, sha: str, prefix: str = "IMP") -> str:
    taken = set(tx.read(LOG)["import_id"]) if LOG in tx.layers() else set()
    base = f"{prefix}{when:%Y%m%d%H%M%S}-{sha[:6]}"
    n, candidate = 1, base
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _changes_json(plan: Plan) -> str:
    key = {name: schema.LAYERS[name].key for name in plan.changes}
    return json.dumps({
        name: {"added": c.added[key[name]].tolist(), "updated": c.updated[key[name]].tolist(),
               "previous": _records(c.previous)}
        for name, c in plan.changes.items() if len(c.added) or len(c.updated)
    }, ensure_ascii=False)


def _records(frame: pd.DataFrame) -> list[dict]:
    out = []
    for record in frame.to_dict("records"):
        row = {}
        for column, value in record.items():
            if column == "geometry":
                row[column] = None if value is None else shapely.to_wkt(value, rounding_precision=-1)
            elif value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
                row[column] = None
            elif isinstance(value, pd.Timestamp):
                row[column] = value.isoformat()
            elif isinstance(value, np.generic):
                row[column] = value.item()
            else:
                row[column] = value
        out.append(row)
    return out


def _from_records(name: str, records: list[dict]) -> pd.DataFrame:
    spec = schema.LAYERS[name]
    frame = pd.DataFrame(records, columns=spec.column_names + (["geometry"] if spec.geometry else []))
    if spec.geometry:
        frame = gpd.GeoDataFrame(frame.assign(geometry=shapely.from_wkt(frame["geometry"].to_numpy())),
                                 geometry="geometry", crs=schema.CRS)
    return schema.validate(name, frame)


def _entry(log: pd.DataFrame | None, import_id: str) -> pd.Series:
    if log is None or import_id not in set(log["import_id"]):
        raise UndoRefused(f"没有编号为“{import_id}”的导入记录")
    entry = log.set_index("import_id").loc[import_id]
    if entry["action"] != "导入":
        raise UndoRefused(f"“{import_id}”是一条撤销记录，不能再撤销")
    if import_id in set(log["undoes"].dropna()):
        raise UndoRefused(f"导入“{import_id}”已经撤销过了")
    return entry


def _check_later(log: pd.DataFrame, entry: pd.Series, changes: dict) -> None:
    """Refuse when a later import, not undone, added or updated a row this import touched."""
    undone = set(log["undoes"].dropna())
    log = log.sort_values("done_at", kind="stable").reset_index(drop=True)  # append order breaks ties in a second
    position = log.index[log["import_id"] == entry.name][0]
    later = log.loc[position:].iloc[1:]
    later = later[(later["action"] == "导入") & ~later["import_id"].isin(undone)]
    mine = {(n, k) for n, c in changes.items() for k in c["added"] + c["updated"]}
    for _, other in later.iterrows():
        theirs = {(n, k) for n, c in json.loads(other["changes"]).items() for k in c["added"] + c["updated"]}
        both = mine & theirs
        if both:
            layer, key = sorted(both)[0]
            raise UndoRefused(f"之后的导入“{other['import_id']}”（{other['file_name']}）也改动了{schema.LAYERS[layer].title}"
                              f"“{key}”等 {len(both)} 条记录；请先撤销该导入")


def _reverted(tx, name: str, change: dict) -> pd.DataFrame:
    key = schema.LAYERS[name].key
    current = tx.read(name)
    gone = set(change["added"]) | set(change["updated"])
    kept = current[~current[key].isin(gone)]
    previous = _from_records(name, change["previous"])
    return pd.concat([kept, previous], ignore_index=True) if len(previous) else kept


def _check_references(tx, touched: dict[str, pd.DataFrame]) -> None:
    """Refuse when removing rows would leave other rows pointing at nothing (a firm still inspected later)."""
    def dangling(frames: dict) -> set:
        out = set()
        for name, frame in frames.items():
            for column, (target, key) in schema.LAYERS[name].references.items():
                if target in frames and column in frame.columns:
                    values = frame[column].dropna()
                    out |= {(name, column, v) for v in values[~values.isin(set(frames[target][key]))]}
        return out

    names = [n for n in schema.LAYERS if n in tx.layers() and n != LOG]
    before = {n: tx.read(n) for n in names}
    new = dangling({**before, **touched}) - dangling(before)
    if new:
        name, column, value = sorted(new)[0]
        raise UndoRefused(f"撤销后会有 {len(new)} 条记录引用不存在的数据，如{schema.LAYERS[name].title}.{column}“{value}”；"
                          "请先撤销之后用到这些数据的导入")
