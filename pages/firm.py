"""企业档案（一企一档）— everything about one firm: summary, map, inspections, problems, outlets, samples.
Figures: geo.profiles.firm_profile (summary: firm_figures / summary_text); export: firm_sheets + workbook."""

import streamlit as st

from geo import profile_charts, profiles
from ui import frame
from ui import profiles as ui

frame.use_navigation_only()  # a first request straight to this page's address

p = ui.load("firm", profiles.firm_profile)

firm = p.firm
st.title(firm["name"])
st.caption(f"{firm['credit_code']} · {firm['district']} · {firm['industry']} · 标签：{'、'.join(p.tags) or '无'}"
           f" · 截至 {p.as_of}（数据最新日期，可用网址参数 as_of 指定）· 示例数据")
st.info(p.summary)
k = p.figures
for column, (label, value) in zip(st.columns(5), [
        ("检查（全部）", k["inspections_all"]), ("发现问题（全部）", k["problems_all"]), ("整改中", k["open"]),
        ("逾期未整改", k["overdue"]), ("排口", len(p.outlets))]):
    column.metric(label, f"{value:,}")
st.download_button("导出企业档案（Excel，每表一页）", profiles.workbook(profiles.firm_sheets(p)),
                   file_name=f"企业档案_{firm['name']}_{p.as_of}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

st.subheader("位置、排口与下游", help=f"红点为企业，橙点为排口，蓝点为下游断面，紫点为 {profiles.NEAR_KM:g} km 内的火点；"
             "粗线为排口受纳河段及其下游。点击排口或断面打开其档案。")
ui.show_map(f"firm_map_{firm['credit_code']}",
            {"enterprise": [firm["credit_code"]], "outlet": p.outlets["outlet_id"],
             "section": p.sections["section_id"], "fire_point": p.fires["fire_id"]},
            p.downstream["reach_id"], [firm.geometry, *p.outlets.geometry, *p.fires.geometry])

st.subheader(f"检查记录（{len(p.inspections)}）")
if len(p.inspections) or len(p.problems):
    st.altair_chart(profile_charts.timeline(p.inspections, p.problems), width="stretch")
ui.table(profiles.labelled(p.inspections, "inspections"))

st.subheader(f"发现问题（{len(p.problems)}）", help=f"状态为截至 {p.as_of} 的状态；逾期 = 仍在整改且已过整改期限")
ui.table(profiles.labelled(p.problems, "problems"))

st.subheader(f"排口（{len(p.outlets)}）与排污许可")
ui.page_links("outlet", p.outlets["outlet_id"], p.outlets["name"])
ui.table(profiles.labelled(p.outlets, "outlets"), linked={"排口编号": "outlet"})
ui.table(profiles.labelled(p.permits, "permits"), linked={"排口编号": "outlet"})
st.caption("排污许可证编号按 HJ 608-2017 由信用代码推算（信用代码 + 001 + P），不是核发记录。")

st.subheader(f"排口监测（{len(p.samples)}）")
ui.table(profiles.labelled(p.samples, "samples"), linked={"排口编号": "outlet"})

st.subheader(f"下游断面（{len(p.sections)}）", help="排口受纳河段及其下游河段上的监测断面（按 rivers.flows_into 追溯）")
ui.table(profiles.labelled(p.sections, "sections"), linked={"断面编号": "section"})

st.subheader(f"周边 {profiles.NEAR_KM:g} km 火点（{len(p.fires)}）")
ui.table(profiles.labelled(p.fires, "fires"))
