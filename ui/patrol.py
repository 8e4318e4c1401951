"""Widgets of the patrol page (巡查路线规划): running the planner with a progress bar, the 双随机 form,
the plan's figures and the downloads. Logic lives in geo.routing and geo.draws."""

from __future__ import annotations

import streamlit as st

from geo import draws, schema, settings
from geo.routing import candidates as cand
from geo.routing import export
from geo.routing.plan import plan
from ui import data

PLAN, DRAWN, STOP = "patrol_plan", "patrol_drawn", "patrol_stop"


def candidates(as_of, stale_days: int, kinds: tuple, districts: tuple, drawn: tuple):
    """geo.routing.candidates.candidates on the store's layers, computed once per data version and choice
    (the page reruns on every widget; at city scale the candidates take about half a second)."""
    s = data.store()
    return _candidates(str(s.path), s.version(), as_of, stale_days, kinds, districts, drawn,
                       settings.get("EMAP_ROUTE_WEIGHTS"), settings.get("EMAP_ROUTE_SERVICE_MIN"),
                       int(settings.get("EMAP_ROUTE_MAX_CANDIDATES")))


@st.cache_resource(show_spinner=False, max_entries=8)
def _candidates(path, version, as_of, stale_days, kinds, districts, drawn, weights, service, limit):
    layers = {n: data.layer(n) for n in ("enterprises", "inspections", "problems", "outlets", "fire_points")}
    return cand.candidates(layers, as_of, stale_days=stale_days, kinds=kinds, districts=districts, drawn=drawn,
                           weights=cand.parse_kind_numbers(weights), service_min=cand.parse_kind_numbers(service),
                           limit=limit)


def run(candidates, teams, **options):
    """geo.routing.plan.plan with Streamlit's progress bar fed by the solver's callback; kept in the session."""
    bar = st.progress(0.0, text="准备求解…")
    result = plan(candidates, teams, progress=lambda share, words: bar.progress(share, text=words), **options)
    bar.empty()
    st.session_state[PLAN] = result
    return result


def draw_form(enterprises, teams, team_ids, districts) -> tuple[str, ...]:
    """The 双随机 draw: pool (sidebar districts + tags), ratio, who draws; logged in the store. Returns the
    drawn credit codes the planner should add as candidates (empty when no draw is in use)."""
    with st.expander("双随机抽取（抽中企业可加入候选点位）"):
        a, b, c, d = st.columns([2, 1, 1, 1])
        tags = a.multiselect("企业标签（含其一即入库；空为不限）", list(schema.ENTERPRISE_TAGS), key="draw_tags")
        ratio = b.number_input("抽取比例 %", 0.1, 100.0, 5.0, step=0.5, key="draw_ratio") / 100
        people = c.number_input("抽执法人员", 1, 20, 2, key="draw_people")
        who = d.text_input("抽取人", key="draw_by")
        if st.button("抽取并记录", key="draw_go"):
            try:
                result = draws.draw(enterprises, teams, ratio=ratio, team_ids=team_ids, inspectors=int(people),
                                    drawn_by=who, districts=tuple(districts), tags=tuple(tags))
                draws.log(data.store(), result)
                st.session_state[DRAWN] = result.record
            except draws.DrawError as exc:
                st.error(str(exc))
        record = st.session_state.get(DRAWN)
        if record:
            st.success(f"抽取 {record['draw_id']}：对象库 {record['pool_size']} 家，抽中 {record['target_count']} 家；"
                       f"种子 {record['seed']}；执法人员 {record['inspectors']}（已记入抽取记录）")
            if st.checkbox("把抽中企业加入候选点位", value=True, key="draw_use"):
                return draws.targets_of(record)
    return ()


def totals(p) -> None:
    t = p.totals
    cards = [("出动小组", f"{t['teams_used']}/{t['teams']}"), ("安排点位", f"{t['visited']}/{t['candidates']}"),
             ("收集优先级", f"{t['priority_collected']:g}/{t['priority_total']:g}"),
             ("总里程", f"{t['distance_km']:.1f} km"), ("总用时", f"{t['hours']:.1f} 小时"),
             ("未安排", str(t["left_out"]))]
    for column, (label, value) in zip(st.columns(len(cards)), cards):
        column.metric(label, value)
    st.caption(f"{t['method']} 求解 {t['solve_seconds']:.1f} 秒；行程按{t['travel']}估算。"
               + ("" if t["feasible"] else "⚠ 固定必访点位未能全部排入班次，请减少固定点位或延长班次。"))


def downloads(p) -> None:
    used = p.routes[p.routes["stops"] > 0]
    if used.empty:
        return
    a, b = st.columns([2, 2])
    team_id = a.selectbox("导出小组", used["id"], format_func=dict(zip(used["id"], used["team"])).get,
                          key="export_team")
    system = b.radio("坐标系", list(export.SYSTEMS), format_func=export.SYSTEMS.get, horizontal=True,
                     key="export_system")
    row = used.set_index("id").loc[team_id]
    stops = p.stops[p.stops["team_id"] == team_id]
    c1, c2, c3 = st.columns(3)
    c1.download_button("下载 GPX（手机导航）", export.gpx(stops, row.geometry, row["team"], system).encode("utf-8"),
                       file_name=f"{team_id}_{system}.gpx", mime="application/gpx+xml", key="dl_gpx")
    c2.download_button("下载 KML（奥维、GIS）", export.kml(stops, row.geometry, row["team"], system).encode("utf-8"),
                       file_name=f"{team_id}_{system}.kml", mime="application/vnd.google-earth.kml+xml", key="dl_kml")
    c3.download_button("下载全部停靠点（Excel）", export.excel(p, system), file_name=f"巡查路线_{system}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="dl_xlsx")


def on_click(clicked: dict) -> None:
    """A click on a stop (layer "route_stop") shows its details; a second click hides them."""
    if clicked["layer"] == "route_stop":
        st.session_state[STOP] = None if st.session_state.get(STOP) == clicked["id"] else clicked["id"]


def clicked_stop(p) -> None:
    chosen = st.session_state.get(STOP)
    if not chosen:
        return
    from geo.routing.mapping import stop_ids

    row = p.stops[[i == chosen for i in stop_ids(p.stops)]]
    if len(row):
        r = row.iloc[0]
        st.info(f"**{r['team']} 第 {r['seq']} 站：{r['name']}**（{r['district']}）  \n到达 {r['arrive']}，"
                f"检查 {r['start']}–{r['depart']}；{r['reasons']}；联系：{r['contact']}")
