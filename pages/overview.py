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
for column, (_, label, value, note) in zip(st.columns(6) + st.columns(6), labels.kpi_cards(k, f.as_of_date)):
    column.metric(label, value, help=note)

per_district = campaign.by_district(inspections, problems, f.with_districts(), names).merge(
    campaign.coverage(inspections, data.layer("enterprises"), f.with_districts(), names), on="district")
basemap = filters.basemap()
m = maps.base_map({"lakes": data.layer("lakes"), "rivers": data.layer("rivers")}, basemap)
maps.legend([("企业检查覆盖率", maps.coverage_legend_items(), "square"),
             ("检查方式", maps.kind_legend_items(), "circle")]).add_to(m)
points = campaign.filter_inspections(inspections, f)
st.subheader("检查覆盖地图", help="按企业检查覆盖率着色；点为所选时段的检查点位。点击行政区筛选本页，再次点击取消。")
map_view.show(
    m, key="overview_map",
    layers=[maps.district_layer(data.district_land(), labels.coverage_shading(per_district), basemap, f.districts),
            maps.point_layer(data.inspection_marks(basemap.system).loc[points.index])],
    on_click=lambda p: filters.toggle_district(p["district"]) if p.get("layer") == "district" else None,
)

st.subheader("分区统计")
st.dataframe(labels.district_table(per_district), hide_index=True, width="stretch")

st.subheader("每日检查与发现问题")
st.altair_chart(charts.daily_chart(campaign.by_day(inspections, problems, f)), width="stretch")

late = campaign.overdue(campaign.filter_problems(problems, f, inspections), f.as_of_date)
late_table = labels.problem_table(late, data.layer("enterprises"))
st.subheader(f"逾期未整改问题（{len(late)}）", help=f"截至 {f.as_of_date} 仍未整改且已过整改期限，逾期最久的在前")
st.dataframe(late_table, hide_index=True, width="stretch")
st.download_button("下载逾期问题清单（CSV）", late_table.to_csv(index=False).encode("utf-8-sig"),
                   file_name=f"逾期问题_{f.as_of_date}.csv", mime="text/csv")
