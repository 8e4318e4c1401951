"""专项行动总览 — for leaders: the campaign's coverage and what is overdue, for the sidebar's filters.

Every figure comes from one selection (geo.campaign.select): the cards from Selection.summary, the district
shading and table from Selection.by_district + Selection.coverage, the chart from Selection.by_day, the
overdue list from Selection.overdue, the map's points from geo.sites.shown."""

import pandas as pd
import streamlit as st

from geo import campaign, charts, labels, maps, sites
from ui import data, filters, frame
from ui import maps as map_view
from ui import profiles as profile_ui

frame.use_navigation_only()  # a first request straight to this page's address

f = filters.current()
names = data.district_names()
everywhere = campaign.select(data.records(), f.with_districts())
chosen = everywhere.in_districts(f.districts)

st.title("专项行动总览")
st.caption(f"{f.campaign or '全部行动'} · {f.start} 至 {f.end} · {'、'.join(f.districts) or '全市'}"
           " · 示例数据，仅供演示")

k = chosen.summary()
for column, (_, label, value, note) in zip(st.columns(6) + st.columns(6), labels.kpi_cards(k, f.as_of_date)):
    column.metric(label, value, help=note)

per_district = everywhere.by_district(names).merge(everywhere.coverage(data.layer("enterprises"), names),
                                                    on="district")
basemap = filters.basemap()
m = maps.base_map({"lakes": data.layer("lakes"), "rivers": data.layer("rivers")}, basemap)
maps.district_shapes(data.district_land(), basemap.system).add_to(m)
maps.PointLayer("sites", data.site_points(basemap.system), sites.PALETTE, "inspection_site", names=list(sites.KINDS),
                radius=3.5, cells_below=11, unit="次检查", system=basemap.system).add_to(m)
maps.legend([("企业检查覆盖率", maps.coverage_legend_items(), "square"),
             ("检查方式（放大至街道级）", maps.kind_legend_items(), "circle"),
             ("检查密度（全市视图）", maps.density_legend_items(), "square")]).add_to(m)
classes, counts = sites.shown(data.inspection_sites(), chosen.inspections)
st.subheader("检查覆盖地图", help="按企业检查覆盖率着色。全市视图按网格汇总检查次数，放大后显示各检查点位（颜色为检查方式）。"
             "点击行政区筛选本页，再次点击取消；点击点位查看其检查记录。")
map_view.show(m, key="overview_map",
              layers=[maps.district_shading(labels.coverage_shading(per_district), f.districts),
                      maps.point_update("sites", classes, counts)],
              on_click=filters.on_overview_click)
if site := st.session_state.get(filters.SITE):
    visits = chosen.inspections[chosen.inspections["site_id"] == site]
    st.markdown(f"**{labels.site_title(visits, site)}**")
    firm = visits["enterprise_code"].dropna().astype(str).unique()[:1]
    profile_ui.page_links("firm", pd.Series(firm), pd.Series([f"打开企业档案：{visits['place'].iloc[0]}"] * len(firm)))
    st.dataframe(labels.inspection_table(visits), hide_index=True, width="stretch")

st.subheader("分区统计")
st.dataframe(labels.district_table(per_district), hide_index=True, width="stretch")

st.subheader("每日检查与发现问题")
st.markdown(charts.daily_chart(chosen.by_day()), unsafe_allow_html=True)

late = chosen.overdue()
late_table = labels.problem_table(late, data.layer("enterprises"))
st.subheader(f"逾期未整改问题（{len(late):,}）", help=f"截至 {f.as_of_date} 仍未整改且已过整改期限，逾期最久的在前")
if len(late) > labels.TABLE_ROWS:
    st.caption(f"表中列出逾期最久的 {labels.TABLE_ROWS} 条；完整清单（{len(late):,} 条）请下载")
profile_ui.table(late_table.assign(企业档案=late["enterprise_code"].to_numpy()).head(labels.TABLE_ROWS),
                 linked={"企业档案": "firm"})
st.download_button("下载逾期问题清单（CSV）", late_table.to_csv(index=False).encode("utf-8-sig"),
                   file_name=f"逾期问题_{f.as_of_date}.csv", mime="text/csv")
