"""The Markdown table of a benchmark result (bench/results/latest.json), one table per map page: rows are the
measures with the issue's targets, columns the data sets, ours and the naive way side by side with their ratio."""

from __future__ import annotations

from bench.pages import NAIVE, PAGES

TARGETS = {  # issue 5, item 4 (city-scale set, this 2-core machine)
    "new_tab_map_s": "≤ 2.6 s", "change": "≤ 1 s", "change_script": "< 0.5 s", "page_view": "≤ 2 MB",
    "change_bytes": "远少于 2 MB", "heap_after_load_mb": "< 150 MB", "heap_growth_pct": "< 10%",
    "server_rss_two_sessions_mb": "< 1 GB", "outside_requests": "0",
}


def markdown(result: dict) -> str:
    records = result["records"]
    out = [_header(result)]
    for key in dict.fromkeys(r["page"] for r in records if r["page"] in PAGES):
        out.append(_page_table(key, records, list(result["data"])))
    extra = [r for r in records if (r["page"] not in PAGES and not r["page"].endswith("-naive"))
             or r["measure"] == "error"]
    if extra:
        out.append("| 其他 | 数据集 | 结果 |\n| --- | --- | --- |")
        out += [f"| {r['measure']}（{r['note']}） | {r['data']} | {_fmt(r['value'], r['unit'])} |" for r in extra]
    return "\n".join(out) + "\n"


def _header(result: dict) -> str:
    m = result["machine"]
    sets = "；".join(f"{name}：{d['file']} {d['mb']} MB，{d['inspections']:,} 条检查、{d['enterprises']:,} 家企业、"
                    f"{d['fire_points']:,} 个火点、{d['outlets']:,} 个排口" for name, d in result["data"].items())
    runs = result["runs"]
    ran_naive = any(r["page"].endswith("-naive") for r in result["records"])
    naive = f"，朴素做法筛选 {runs['naive_changes']} 次" if ran_naive and runs["naive_changes"] != runs["changes"] else ""
    return (f"机器：{m['cpus']} 核 {m['cpu_model']}，内存 {m['memory_gb']} GB；Python {m['python']}，{m['chromium']}，"
            f"Streamlit {m['streamlit']}，folium {m['folium']}；{m['date_utc']}，负载 {m['load_before'][0]:.2f} → "
            f"{m['load_after'][0]:.2f}。\n数据：{sets}。\n每页新开 {runs['tabs']} 个标签页、在一个会话中筛选 "
            f"{runs['changes']} 次{naive}（时间取中位数）；页面以“全部行动”打开（所有记录都在视图内）。\n")


def _page_table(key: str, records: list[dict], sets: list[str]) -> str:
    spec = PAGES[key]
    naive = NAIVE.get(key)
    values = {(r["page"], r["data"], r["measure"]): r for r in records}
    cols = []
    for data in sets:
        cols.append((data, spec.name, "本页"))
        if naive and any(k[0] == naive.name and k[1] == data for k in values):
            cols += [(data, naive.name, "朴素"), (data, "ratio", "朴素/本页")]
    head = "| " + spec.title + " | 目标 | " + " | ".join(f"{d} {what}" for d, _, what in cols) + " |"
    lines = [head, "| " + " | ".join(["---"] * (len(cols) + 2)) + " |"]
    rows = [("new_tab_map_s", "新开标签页 → 地图绘出", TARGETS["new_tab_map_s"]),
            ("new_tab_idle_s", "新开标签页 → 脚本运行结束", "")]
    for change in spec.changes:
        for way, label in (("narrow", change.narrow_label), ("widen", change.widen_label)):
            rows.append((f"change_{change.name}_{way}_s", f"{change.name}：{label} → 指标、地图重绘完成", TARGETS["change"]))
            rows.append((f"change_{change.name}_{way}_script_s", "　其中脚本运行", TARGETS["change_script"]))
    rows += [
        ("page_view_ws_bytes", "每次打开页面：WebSocket 收到", TARGETS["page_view"]),
        ("page_view_ws_largest", "　其中最大一帧", ""),
        ("page_view_cache_bytes", "　/app/static/cache/ 文件", ""),
        ("change_ws_bytes", "每次筛选：WebSocket 收到（中位数）", TARGETS["change_bytes"]),
        ("change_cache_bytes", "　/app/static/cache/ 文件", ""),
        ("heap_after_load_mb", "浏览器 JS 堆：加载后", TARGETS["heap_after_load_mb"]),
        ("heap_after_changes_mb", "浏览器 JS 堆：多次筛选后（次数见上）", ""),
        ("heap_growth_pct", "　增长（自加载后）", ""),
        ("heap_after_warmup_mb", "浏览器 JS 堆：前 2 次筛选后", ""),
        ("heap_growth_after_warmup_pct", "　其后的增长", TARGETS["heap_growth_pct"]),
        ("server_rss_two_sessions_mb", "服务端 RSS（两个会话）", TARGETS["server_rss_two_sessions_mb"]),
        ("cold_start_s", "冷启动：启动服务到第一张地图", ""),
        ("outside_requests", "离开本机的请求", TARGETS["outside_requests"]),
    ]
    for measure, label, target in rows:
        cells = []
        for data, page, what in cols:
            if what == "朴素/本页":
                ours, theirs = values.get((spec.name, data, measure)), values.get((naive.name, data, measure))
                cells.append(_ratio(ours, theirs, measure))
            else:
                r = values.get((page, data, measure))
                cells.append(_fmt(r["value"], r["unit"]) if r else "—")
        if any(c != "—" for c in cells):
            lines.append(f"| {label} | {target} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _ratio(ours, theirs, measure: str) -> str:
    if not ours or not theirs or measure in ("heap_growth_pct", "heap_growth_after_warmup_pct", "outside_requests"):
        return ""
    a, b = ours["value"], theirs["value"]
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or a <= 0 or b <= 0:
        return ""
    return f"{b / a:.1f}×"


def _fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "B":
        return f"{value / 1e6:.2f} MB" if value >= 1e6 else f"{value / 1e3:.1f} kB"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "%":
        return f"{value:+.0f}%"
    return f"{value}{unit}"
