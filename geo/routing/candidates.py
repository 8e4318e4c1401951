"""Candidates: every place a team could visit tonight, with a priority, a service time and the reason in words.

Reasons (kinds), each with a weight (priority points) and an on-site time, both configurable
(`EMAP_ROUTE_WEIGHTS`, `EMAP_ROUTE_SERVICE_MIN`):

- overdue   a problem past its deadline and still open (geo.campaign.overdue): re-check at the firm, or at
            the inspection's place when no firm is named;
- outlet    a discharge outlet with status 疑似直排;
- fire      a satellite fire point still 待核查 (layer fire_points);
- drawn     a firm drawn by a 双随机 draw (geo.draws);
- complaint a firm tagged 信访;
- stale     a firm not inspected for `stale_days` days (or never).

One place gets one row: its priority is the sum of the weights of its reasons, its service time the longest
of theirs. Places may carry an opening window (`open_from`/`open_until`, HH:MM) — e.g. a firm that runs only
at night — and a pin (must be visited).
"""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import campaign

KINDS = ("overdue", "outlet", "fire", "drawn", "complaint", "stale")
KIND_LABELS = {
    "overdue": "逾期问题复查", "outlet": "疑似直排排口", "fire": "待核查火点",
    "drawn": "双随机抽中", "complaint": "信访企业", "stale": "久未检查企业",
}
COLUMNS = ["place_id", "name", "kind", "district", "priority", "reasons", "reason_kinds", "service_min",
           "open_from", "open_until", "pinned", "contact", "geometry"]


def parse_kind_numbers(text: str) -> dict[str, float]:
    """`overdue=5,outlet=5` -> {"overdue": 5.0, "outlet": 5.0}; every kind must be known, numbers ≥ 0."""
    out = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        kind, sep, number = part.partition("=")
        kind = kind.strip()
        if not sep or kind not in KINDS:
            raise ValueError(f"“{part}”不是“种类=数值”，或种类未知")
        try:
            value = float(number)
        except ValueError:
            raise ValueError(f"“{part}”的数值“{number.strip()}”不是数") from None
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"“{part}”的数值应为非负数")
        out[kind] = value
    return out


def candidates(
    layers: dict[str, pd.DataFrame],
    as_of: date,
    *,
    stale_days: int,
    weights: dict[str, float],
    service_min: dict[str, float],
    kinds: tuple[str, ...] = KINDS,
    districts: tuple[str, ...] = (),
    drawn: tuple[str, ...] = (),
    limit: int | None = None,
) -> gpd.GeoDataFrame:
    """The places worth a visit on `as_of`, highest priority first (ties: longest since last inspection).

    `layers` holds enterprises, inspections, problems, outlets and fire_points (missing ones are skipped);
    `drawn` credit codes from a 双随机 draw; `districts` limits the places (empty = whole city)."""
    reasons = pd.concat([
        frame for frame in (
            _overdue(layers, as_of) if "overdue" in kinds else None,
            _outlets(layers) if "outlet" in kinds else None,
            _fires(layers) if "fire" in kinds else None,
            _drawn(layers, drawn) if "drawn" in kinds else None,
            _complaints(layers) if "complaint" in kinds else None,
            _stale(layers, as_of, stale_days) if "stale" in kinds else None,
        ) if frame is not None and len(frame)
    ] or [_empty_reasons()], ignore_index=True)
    if districts:
        reasons = reasons[reasons["district"].isin(districts)]
    reasons = reasons[reasons["kind"].map(lambda k: weights.get(k, 0) > 0)]
    return _combine(reasons, weights, service_min, limit)


def _empty_reasons() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in
                         ["place_id", "name", "kind", "district", "text", "contact", "geometry", "age"]})


def _combine(reasons: pd.DataFrame, weights, service_min, limit) -> gpd.GeoDataFrame:
    """One row per place. Priorities are summed with a numeric group-by first, so that words and geometry
    are gathered only for the places kept (the top `limit`): at city scale most places are never shown."""
    r = reasons.assign(
        weight=reasons["kind"].map(lambda k: float(weights.get(k, 0))),
        service=reasons["kind"].map(lambda k: float(service_min.get(k, 30))),
        order=reasons["kind"].map(KINDS.index),
        age=pd.to_numeric(reasons["age"], errors="coerce"),
    )
    ranked = r.groupby("place_id", sort=False).agg(
        priority=("weight", "sum"), service_min=("service", "max"), age=("age", "max")).reset_index()
    ranked = ranked.sort_values(["priority", "age", "place_id"], ascending=[False, False, True], na_position="last")
    if limit is not None:
        ranked = ranked.head(limit)
    kept = r[r["place_id"].isin(ranked["place_id"])].sort_values(["place_id", "order"])
    first = kept.drop_duplicates("place_id").set_index("place_id").reindex(ranked["place_id"])
    words = kept.groupby("place_id")["text"].agg("；".join).reindex(ranked["place_id"])
    kinds = kept.groupby("place_id")["kind"].agg(",".join).reindex(ranked["place_id"])
    out = pd.DataFrame({
        "place_id": ranked["place_id"].to_numpy(), "name": first["name"].to_numpy(),
        "kind": first["kind"].to_numpy(), "district": first["district"].to_numpy(),
        "priority": ranked["priority"].to_numpy(), "reasons": words.to_numpy(), "reason_kinds": kinds.to_numpy(),
        "service_min": ranked["service_min"].to_numpy(), "open_from": None, "open_until": None, "pinned": False,
        "contact": first["contact"].to_numpy(), "geometry": first["geometry"].to_numpy(),
    })
    return gpd.GeoDataFrame(out[COLUMNS], geometry="geometry", crs="EPSG:4326")


def _firm_rows(firms: pd.DataFrame, kind: str, texts, age=np.nan) -> pd.DataFrame:
    contact = firms["contact"] if "contact" in firms.columns else pd.Series("", index=firms.index)
    return pd.DataFrame({
        "place_id": "E:" + firms["credit_code"], "name": firms["name"], "kind": kind,
        "district": firms["district"], "text": texts, "contact": contact.fillna(""),
        "geometry": firms.geometry, "age": age,
    })


def _overdue(layers, as_of) -> pd.DataFrame | None:
    problems = layers.get("problems")
    if problems is None or not len(problems):
        return None
    late = campaign.overdue(problems, as_of)
    rows = []
    firms = layers.get("enterprises")
    if firms is not None:
        at_firm = late[late["enterprise_code"].notna()]
        per_firm = at_firm.groupby("enterprise_code").agg(n=("problem_id", "size"), days=("days_overdue", "max"))
        hit = firms[firms["credit_code"].isin(per_firm.index)]
        stats = per_firm.loc[hit["credit_code"]]
        texts = [f"{n} 个问题逾期未整改（最久逾期 {d} 天），复查整改" for n, d in zip(stats["n"], stats["days"])]
        rows.append(_firm_rows(hit, "overdue", texts, stats["days"].to_numpy()))
    inspections = layers.get("inspections")
    if inspections is not None:
        loose = late[late["enterprise_code"].isna() & late["inspection_id"].notna()]
        needed = inspections[inspections["inspection_id"].isin(loose["inspection_id"])]
        places = needed.drop_duplicates("inspection_id").set_index("inspection_id").reindex(loose["inspection_id"])
        found = places["geometry"].notna().to_numpy()
        loose, places = loose[found], places[found]
        rows.append(pd.DataFrame({
            "place_id": ("P:" + loose["problem_id"]).to_numpy(), "name": places["place"].to_numpy(),
            "kind": "overdue", "district": loose["district"].to_numpy(),
            "text": [f"问题“{d}”逾期 {n} 天未整改，复查" for d, n in zip(loose["description"], loose["days_overdue"])],
            "contact": "", "geometry": places["geometry"].to_numpy(), "age": loose["days_overdue"].to_numpy(),
        }))
    return pd.concat(rows, ignore_index=True) if rows else None


def _outlets(layers) -> pd.DataFrame | None:
    outlets = layers.get("outlets")
    if outlets is None:
        return None
    hit = outlets[outlets["status"] == "疑似直排"]
    return pd.DataFrame({
        "place_id": "O:" + hit["outlet_id"], "name": hit["name"], "kind": "outlet", "district": hit["district"],
        "text": "排口疑似直排（" + hit["type"] + "），现场查看、采样", "contact": "责任主体：" + hit["owner"],
        "geometry": hit.geometry, "age": np.nan,
    })


def _fires(layers) -> pd.DataFrame | None:
    fires = layers.get("fire_points")
    if fires is None:
        return None
    hit = fires[fires["status"] == "待核查"]
    when = hit["detected_bj"].dt.strftime("%Y-%m-%d %H:%M")
    return pd.DataFrame({
        "place_id": "F:" + hit["fire_id"], "name": "火点 " + hit["fire_id"], "kind": "fire",
        "district": hit["district"].fillna(""), "text": "卫星火点待核查（北京时间 " + when + " 探测）",
        "contact": "", "geometry": hit.geometry, "age": np.nan,
    })


def _drawn(layers, drawn) -> pd.DataFrame | None:
    firms = layers.get("enterprises")
    if firms is None or not drawn:
        return None
    hit = firms[firms["credit_code"].isin(drawn)]
    return _firm_rows(hit, "drawn", "双随机抽查抽中")


def _complaints(layers) -> pd.DataFrame | None:
    firms = layers.get("enterprises")
    if firms is None:
        return None
    hit = firms[firms["tags"].fillna("").str.split("、").map(lambda tags: "信访" in tags)]
    return _firm_rows(hit, "complaint", "信访投诉企业")


def _stale(layers, as_of, stale_days) -> pd.DataFrame | None:
    firms, inspections = layers.get("enterprises"), layers.get("inspections")
    if firms is None:
        return None
    cutoff = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    last = pd.Series(dtype="datetime64[ns]")
    if inspections is not None:
        done = inspections[inspections["started_at"] < cutoff]
        last = done.dropna(subset=["enterprise_code"]).groupby("enterprise_code")["started_at"].max()
    seen = firms["credit_code"].map(last)
    days = (pd.Timestamp(as_of) - seen.dt.normalize()).dt.days
    stale = seen.isna() | (days > stale_days)
    hit, seen, days = firms[stale], seen[stale], days[stale]
    texts = ("已 " + days.astype("Int64").astype(str) + " 天未检查（上次 " + seen.dt.strftime("%Y-%m-%d") + "）"
             ).where(seen.notna(), "从未检查")
    age = days.fillna(100000).to_numpy(dtype=float)  # never inspected sorts as the oldest
    return _firm_rows(hit, "stale", texts, age)
