"""专项行动总览 — for leaders: the campaign's coverage and what is overdue, for the sidebar's filters."""

import streamlit as st

from geo import campaign, charts, labels, maps
from ui import data, filters
from ui import maps as map_view

f = filters.current()
inspections, problems = data.layer("inspections"), data.layer("problems")
districts = data.layer("districts")
names = districts["name"].tolist()

st.title("专项行动总览")
st.caption(f"{f.campaign or '全部行动'} · {f.start} 至 {f.end} · {'、'.join(f.districts) or '全市'}"
           " · 示例数据，仅供演示")

k = campaign.summary(inspections, problems, f)
row1, row2 = st.columns(5), st.columns(5)
row1[0].metric("检查次数", f"{k['inspections']:,}")
row1[1].metric("出动人次", f"{k['person_times']:,}")
row1[2].metric("检查点位", f"{k['points']:,}")
row1[3].metric("执法小组", k["teams"], help=f"单日最少 {k['teams_min_per_day']} 个小组在岗")
row1[4].metric("发现问题", f"{k['problems']:,}")
row2[0].metric("已整改", f"{k['fixed']:,}")
row2[1].metric("整改率", labels.percent(k["fix_rate"]), help="已整改 ÷（发现 − 已移交）")
row2[2].metric("已移交", f"{k['transferred']:,}")
row2[3].metric("逾期未改", f"{k['overdue']:,}", help=f"截至 {f.as_of_date} 仍未整改且已过整改期限")
row2[4].metric("处罚", f"{k['penalty_cases']} 件", f"{labels.wan_yuan(k['penalty_yuan'])} 万元", delta_color="off")

per_district = campaign.by_district(inspections, problems, f.with_districts(), names).merge(
    campaign.coverage(inspections, data.layer("enterprises"), f.with_districts(), names), on="district")
shading = per_district.assign(
    share=per_district["coverage"],
    label=[f"企业覆盖率 {labels.percent(c)} · 检查 {n} 次" for c, n in zip(per_district["coverage"],
                                                                      per_district["inspections"])])
basemap = filters.basemap()
m = maps.base_map({"lakes": data.layer("lakes"), "rivers": data.layer("rivers")}, basemap)
maps.legend("企业检查覆盖率", maps.coverage_legend_items()).add_to(m)
points = campaign.filter_inspections(inspections, f)
st.subheader("检查覆盖地图", help="按企业检查覆盖率着色；点为所选时段的检查点位。点击行政区筛选本页，再次点击取消。")
map_view.show(
    m, key="overview_map",
    layers=[maps.district_layer(districts, shading, basemap, f.districts), maps.point_layer(points, basemap)],
    on_click=lambda p: filters.toggle_district(p["district"]) if p.get("layer") == "district" else None,
)

st.subheader("分区统计")
st.dataframe(labels.district_table(per_district), hide_index=True, width="stretch")

st.subheader("每日检查与发现问题")
st.altair_chart(charts.daily_chart(campaign.by_day(inspections, problems, f)), width="stretch")

late = campaign.overdue(campaign.filter_problems(problems, f, inspections), f.as_of_date)
st.subheader(f"逾期未整改问题（{len(late)}）")
st.dataframe(labels.problem_table(late, data.layer("enterprises")), hide_index=True, width="stretch")
