"""Importing the files Suzhou's teams have: read (`files`), check every row (`plan`), commit and undo (`log`).

    raw = imports.read_file("检查台账.xlsx", data)          # ImportFailure for a file that cannot be read
    plan = imports.preview(store, raw, crs="gcj02")         # report, rejected rows, preview points; writes nothing
    done = imports.commit(store, raw, user="张三")            # one transaction: the valid rows and the log row
    imports.undo(store, done.import_id, user="张三")

The command line (`python -m geo.imports FILE ...`) and the page run exactly these functions."""

from __future__ import annotations

from geo.imports.files import ImportFailure, Limits, RawTable, read as read_file
from geo.imports.log import Committed, UndoRefused, commit, history, history_table, undo
from geo.imports.plan import SYSTEM_LABELS, SYSTEMS, Plan, Rejection, prepare, stored_reader

__all__ = [
    "ImportFailure", "Limits", "RawTable", "read_file", "Committed", "UndoRefused", "commit", "history",
    "history_table", "undo", "SYSTEMS", "SYSTEM_LABELS", "Plan", "Rejection", "prepare", "preview",
]


def preview(store, raw: RawTable, layer: str | None = None, crs: str | None = None) -> Plan:
    """The plan for `raw` against the store as it is now; nothing is written."""
    return prepare(raw, stored_reader(store), layer, crs)
