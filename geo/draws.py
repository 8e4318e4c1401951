"""双随机一公开: draw inspection targets from a pool of firms and inspectors from the team lists, reproducibly.

A draw is fixed by its pool (districts, tags: firms in those districts carrying any of those tags), its
ratio and its seed. The pool is ordered by credit code before drawing, so storage order does not matter,
and its fingerprint (`pool_digest`) is recorded so that a replay can tell whether the firms have changed
since. Targets come from numpy's PCG64 generator seeded with `seed`, inspectors from an independent
stream of the same seed. Every draw is appended to the store's `draws` layer (append-only); a draw's
targets can be handed to the route planner (geo.routing.candidates, reason "drawn").
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

SEP = "、"


class DrawError(ValueError):
    """A draw cannot be made as asked; the message says why, in Chinese."""


@dataclass(frozen=True)
class Draw:
    record: dict  # one row of the `draws` layer
    targets: pd.DataFrame  # the drawn firms, in drawn order

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([self.record])


def pool(enterprises: pd.DataFrame, districts=(), tags=()) -> pd.DataFrame:
    """Firms in `districts` (all when empty) with any of `tags` (any firm when empty), by credit code."""
    out = enterprises
    if districts:
        out = out[out["district"].isin(list(districts))]
    if tags:
        wanted = set(tags)
        out = out[out["tags"].fillna("").str.split(SEP).map(lambda have: bool(wanted & set(have)))]
    return out.sort_values("credit_code")


def digest(codes) -> str:
    return hashlib.sha256("\n".join(sorted(codes)).encode("utf-8")).hexdigest()[:16]


def draw(
    enterprises: pd.DataFrame,
    teams: pd.DataFrame,
    *,
    ratio: float,
    team_ids,
    inspectors: int,
    drawn_by: str,
    districts=(),
    tags=(),
    seed: int | None = None,
    now: datetime | None = None,
    note: str = "",
) -> Draw:
    """Draw ceil(ratio × pool) firms and `inspectors` people from the members of `team_ids`."""
    if not 0 < ratio <= 1:
        raise DrawError(f"抽取比例“{ratio}”应在 0 到 1 之间（如 0.05 表示 5%）")
    if not drawn_by.strip():
        raise DrawError("请填写抽取人")
    firms = pool(enterprises, districts, tags)
    if firms.empty:
        raise DrawError(f"对象库为空：{_pool_words(districts, tags)} 没有企业")
    people = _people(teams, team_ids)
    if inspectors < 1 or inspectors > len(people):
        raise DrawError(f"执法人员应抽 1 到 {len(people)} 人（所选小组共 {len(people)} 人），实际要求 {inspectors} 人")
    seed = secrets.randbits(31) if seed is None else int(seed)
    chosen, drawn_people = _pick(len(firms), ratio, len(people), inspectors, seed)
    targets = firms.iloc[chosen]
    now = now or datetime.now()
    record = {
        "draw_id": f"SJ{now:%Y%m%d%H%M%S}-{seed}", "drawn_at": pd.Timestamp(now).floor("s"),
        "drawn_by": drawn_by.strip(), "districts": SEP.join(districts) or None, "tags": SEP.join(tags) or None,
        "pool_size": len(firms), "pool_digest": digest(firms["credit_code"]), "ratio": float(ratio),
        "seed": seed, "targets": SEP.join(targets["credit_code"]) or None, "target_count": len(targets),
        "teams": SEP.join(team_ids), "inspectors": SEP.join(people[i] for i in drawn_people) or None,
        "note": note or None, "source": "本系统抽取",
    }
    return Draw(record, targets)


def replay(record, enterprises: pd.DataFrame, teams: pd.DataFrame) -> Draw:
    """Make the draw of a stored row again from its pool, ratio and seed (for audit)."""
    record = dict(record)
    firms = pool(enterprises, _split(record.get("districts")), _split(record.get("tags")))
    if digest(firms["credit_code"]) != record["pool_digest"]:
        raise DrawError(f"抽取 {record['draw_id']} 的对象库已变化（企业名录有增删），无法按原样复现")
    people = _people(teams, _split(record["teams"]))
    n_people = len(_split(record.get("inspectors")))
    chosen, drawn_people = _pick(len(firms), float(record["ratio"]), len(people), n_people, int(record["seed"]))
    again = {**record, "targets": SEP.join(firms.iloc[chosen]["credit_code"]) or None,
             "target_count": len(chosen), "inspectors": SEP.join(people[i] for i in drawn_people) or None}
    return Draw(again, firms.iloc[chosen])


def reproduces(record, enterprises: pd.DataFrame, teams: pd.DataFrame) -> bool:
    """True when replaying the stored row gives the same firms and inspectors in the same order."""
    again = replay(record, enterprises, teams).record
    return all(_same(again[k], dict(record)[k]) for k in ("targets", "inspectors"))


def log(store, result: Draw) -> None:
    """Append the draw to the store's `draws` layer (append-only: earlier draws are never rewritten)."""
    store.append("draws", result.frame())


def history(store) -> pd.DataFrame:
    """Every logged draw, newest first (empty when none yet)."""
    if "draws" not in store.layers():
        from geo.schema import LAYERS

        return pd.DataFrame(columns=LAYERS["draws"].column_names)
    return store.read("draws").sort_values("drawn_at", ascending=False)


def targets_of(record) -> tuple[str, ...]:
    """The credit codes a stored draw picked: hand them to the planner as `drawn=`."""
    return tuple(_split(dict(record).get("targets")))


def _pick(n_firms: int, ratio: float, n_people: int, n_inspectors: int, seed: int):
    k = min(n_firms, max(1, math.ceil(ratio * n_firms - 1e-9)))
    firms = np.random.Generator(np.random.PCG64(seed)).choice(n_firms, size=k, replace=False)
    people = np.random.Generator(np.random.PCG64([seed, 1])).choice(n_people, size=n_inspectors, replace=False)
    return [int(i) for i in firms], [int(i) for i in people]


def _people(teams: pd.DataFrame, team_ids) -> list[str]:
    chosen = teams[teams["team_id"].isin(list(team_ids))]
    missing = sorted(set(team_ids) - set(chosen["team_id"]))
    if missing:
        raise DrawError(f"执法小组中找不到：{SEP.join(missing)}")
    people = sorted({f"{t}:{name}" for t, names in zip(chosen["team_id"], chosen["member_names"].fillna(""))
                     for name in names.split(SEP) if name.strip()})
    if not people:
        raise DrawError("所选小组没有登记组员姓名，无法抽取执法人员")
    return people


def _split(text) -> list[str]:
    if text is None or (isinstance(text, float) and math.isnan(text)) or text is pd.NA:
        return []
    return [part for part in str(text).split(SEP) if part]


def _same(a, b) -> bool:
    return _split(a) == _split(b)


def _pool_words(districts, tags) -> str:
    return f"{SEP.join(districts) or '全市'}、标签 {SEP.join(tags) or '不限'}"
