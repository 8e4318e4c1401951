"""巡查路线规划 — for officers on a campaign night: which places each team visits, in what order and when.
Candidates: geo.routing.candidates; the plan and every figure shown: geo.routing.plan.plan (Plan.totals)."""

import streamlit as st

from geo import maps, settings
from geo.routing import candidates as cand, export, mapping, teams as tm
from ui import data, filters, frame, patrol
from ui import maps as map_view

frame.use_navigation_only()  # a first request straight to this page's address

f = filters.current()
teams = data.layer("teams")
names = dict(zip(teams["team_id"], teams["name"]))
st.title("巡查路线规划")
st.caption(f"截至 {f.end} · {'、'.join(f.districts) or '全市'}的候选点位 · 示例数据，仅供演示")

a, b, c = st.columns([4, 1, 1])
team_ids = a.multiselect("出动小组", list(teams["team_id"]), default=tm.default_team_ids(teams, f.districts),
                         format_func=names.get, key="patrol_teams", placeholder="选择出动小组")
shift = b.text_input("班次", settings.get("EMAP_ROUTE_SHIFT"), key="patrol_shift", help="HH:MM-HH:MM，可跨午夜")
speed = c.number_input("车速 km/h", 5.0, 120.0, float(settings.get("EMAP_ROUTE_SPEED_KMH")), key="patrol_speed")
d, e = st.columns([4, 2])
kinds = d.multiselect("候选点位类型", list(cand.KINDS), default=list(cand.KINDS), format_func=cand.KIND_LABELS.get,
                      key="patrol_kinds", placeholder="选择候选点位类型")
stale = e.slider("久未检查：超过 N 天", 30, 365, int(settings.get("EMAP_ROUTE_STALE_DAYS")), key="patrol_stale")
drawn = patrol.draw_form(data.layer("enterprises"), teams, team_ids, f.districts)

cands = patrol.candidates(f.end, stale, tuple(kinds), tuple(f.districts), tuple(drawn))  # geo.routing.candidates
label = dict(zip(cands["place_id"], cands["name"] + "（" + cands["reasons"] + "）"))
pins = st.multiselect(f"必访点位（候选 {len(cands)} 个，按优先级排序）", list(cands["place_id"]),
                      format_func=label.get, key="patrol_pins", placeholder="可不选；选中的点位必须排入路线")
cands = cands.assign(pinned=cands["place_id"].isin(pins))

if st.button("生成路线", type="primary", key="patrol_go"):
    try:
        chosen = tm.teams_from_layer(teams, team_ids, tm.parse_shift(shift), speed)
        patrol.run(cands, chosen, detour=float(settings.get("EMAP_ROUTE_DETOUR")),
                   point_km=float(settings.get("EMAP_ROUTE_POINT_KM")),
                   seconds=float(settings.get("EMAP_ROUTE_SECONDS")))
    except ValueError as exc:
        st.error(f"无法规划：{exc}")

p = st.session_state.get(patrol.PLAN)
if p is None:
    st.info("选择出动小组、班次和候选点位类型，然后点“生成路线”。")
    st.stop()
patrol.totals(p)
basemap = filters.basemap()
m = maps.base_map({"lakes": data.layer("lakes"), "rivers": data.layer("rivers")}, basemap)
mapping.add_routes(m, p, basemap.system)
selected = st.session_state.get("export_team")
map_view.show(m, key="patrol_map", layers=mapping.route_updates(p, basemap.system, selected),
              on_click=patrol.on_click)
patrol.clicked_stop(p)

st.subheader("各组停靠点", help="到达时间按出发后连续行驶估算；理由即该点位列入候选的原因")
st.dataframe(export.stop_table(p.stops), hide_index=True, width="stretch")
patrol.downloads(p)
st.subheader(f"未安排的候选点位（{len(p.left_out)}）")
st.dataframe(p.left_out.rename(columns={"place_id": "编号", "name": "点位", "kind": "类别", "priority": "优先级",
                                        "district": "行政区", "why": "原因"}), hide_index=True, width="stretch")
