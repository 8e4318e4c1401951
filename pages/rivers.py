"""河道水质与溯源 — for planners: which tributaries hold a section back, and which sections an outlet can harm.

Figures: reach colours and highlight from geo.rivers.reach_styles (+ upstream_reaches), section markers from
geo.rivers.section_classes, outlets from geo.rivers.outlet_classes, the ranked list from
geo.rivers.tributary_ranking (Excel: ranking_xlsx), the outlet's sections from geo.rivers.downstream_sections,
the chart from geo.charts.water_chart over geo.rivers.section_series."""

import streamlit as st

from geo import charts, maps, rivers
from ui import data, filters, frame
from ui import maps as map_view
from ui import rivers as river_data

frame.use_navigation_only()  # a first request straight to this page's address

f = filters.current()
w = river_data.waters(f.start, f.end)
status = rivers.section_status(w).set_index("section_id")
outlets = data.layer("outlets").set_index("outlet_id")

st.title("河道水质与溯源")
st.caption(f"{f.start} 至 {f.end} 的月均水质（GB 3838-2002 单因子评价）· 示例数据，仅供演示")
for problem in w.net.problems:
    st.warning(f"河网数据问题：{problem}")

left, right = st.columns(2)
section = left.selectbox("断面（查看上游支流）", rivers.section_choices(w), key=river_data.SECTION,
                         format_func=lambda s: f"{status.loc[s, 'name']} · {status.loc[s, 'label']}")
outlet = right.selectbox("排口（查看下游断面）", [None, *outlets.index], key=river_data.OUTLET,
                         format_func=lambda o: "—" if o is None else f"{outlets.loc[o, 'name']}（{o}）")

basemap = filters.basemap()
m = maps.base_map({"lakes": data.layer("lakes"), "districts": data.layer("districts")}, basemap)
maps.ShapeLayer("reaches", data.layer("rivers").assign(id=lambda r: r["reach_id"]), rivers.REACH_BASE, "reach",
                tooltips=data.layer("rivers")["reach_id"].map(rivers.reach_tips(w)), system=basemap.system).add_to(m)
maps.PointLayer("outlets", river_data.points("outlets", basemap.system), rivers.OUTLET_PALETTE, "outlet",
                names=rivers.OUTLET_NAMES, radius=3.5, system=basemap.system).add_to(m)
maps.PointLayer("sections", river_data.points("sections", basemap.system), rivers.SECTION_PALETTE, "section",
                names=rivers.SECTION_NAMES, radius=7, system=basemap.system).add_to(m)
maps.legend([("河段与断面水质（最新月）", rivers.class_legend_items(), "square"),
             ("排口状态", list(zip(rivers.OUTLET_STATUS_COLORS.values(), rivers.OUTLET_STATUSES)), "circle")]).add_to(m)
upstream = rivers.upstream_reaches(w, section)
below = rivers.downstream_sections(w, outlet) if outlet else None
down = rivers.downstream_reaches(w, outlet) if outlet else None
st.subheader(f"{status.loc[section, 'name']}的上游河段", help="粗线为断面上游的全部河段，虚线为所选排口以下的河段；点击断面、河段或排口可选中。")
map_view.show(m, key="rivers_map", on_click=river_data.on_click(w), layers=[
    maps.shape_update("reaches", rivers.reach_styles(w, upstream, down), front=True),
    maps.point_update("sections", rivers.section_classes(w, section)),
    maps.point_update("outlets", rivers.outlet_classes(w, outlet)),
])

if below is not None:
    st.subheader(f"{outlets.loc[outlet, 'name']} 下游的断面（{len(below)}）")
    st.dataframe(below, hide_index=True, width="stretch")

ranking = rivers.tributary_ranking(w, section)
st.subheader(f"汇入{status.loc[section, 'name']}的支流（{len(ranking)}）",
             help="问题突出的支流在前：期间出现劣V类水且有疑似直排排口的最先，其次最新仍未达标的，再按超标程度、不达标月数、疑似直排、问题企业。")
st.markdown("  \n".join(f"{i}\\. **{n}** — {why}" for i, n, why in zip(ranking["score"], ranking["支流"], ranking["原因"])))
st.dataframe(ranking.drop(columns=["reach_ids", "score"]), hide_index=True, width="stretch")
st.download_button("下载支流排查清单（Excel）", lambda: rivers.ranking_xlsx(ranking, status.loc[section, "name"]),
                   file_name=f"{status.loc[section, 'name']}_支流排查_{f.end}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

long, items, target = rivers.section_series(w, section)
st.subheader(f"{status.loc[section, 'name']}水质变化", help="色带为 GB 3838-2002 各类限值，红色虚线为考核目标类别的限值。")
if long.empty:
    st.info("所选时段内该断面没有监测数据。")
else:
    st.markdown(charts.water_chart(long, items, target, rivers.CLASS_COLORS), unsafe_allow_html=True)
