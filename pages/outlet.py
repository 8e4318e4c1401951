"""排口档案（一口一档）— one outlet: type, status, fix category, owner, receiving reach, what lies downstream,
every sample with its class, the owner's inspections and problems. Figures: geo.profiles.outlet_profile."""

import streamlit as st

from geo import profiles
from ui import frame
from ui import profiles as ui

frame.use_navigation_only()  # a first request straight to this page's address

p = ui.load("outlet", profiles.outlet_profile)

o, k = p.outlet, p.figures
st.title(o["name"])
st.caption(f"{o['outlet_id']} · {o['district']} · 截至 {p.as_of} · 示例数据")
for column, (label, value) in zip(st.columns(4), [
        ("排口类型", f"{o['type']}{'（' + o['subtype'] + '）' if isinstance(o['subtype'], str) else ''}"),
        ("状态", o["status"]), ("整治类型", o["fix_category"] if isinstance(o["fix_category"], str) else "—"),
        ("受纳河段", f"{o['reach_name']}（{o['reach_id']}）")]):
    column.metric(label, value)
for column, (label, value) in zip(st.columns(4), [
        ("监测次数", k["samples"]), ("最差类别", k["worst_class"]), ("下游断面", k["downstream_sections"]),
        ("责任主体逾期问题", k["overdue"])]):
    column.metric(label, value)

st.subheader("责任主体")
if p.owner is not None:
    ui.page_links("firm", [p.owner["credit_code"]], [p.owner["name"]])
else:
    st.write(f"{o['owner']}（无企业信用代码记录）")

st.subheader("位置与下游", help="粗线为受纳河段及其下游；蓝点为其上的监测断面。点击断面或企业打开其档案。")
owner = [p.owner["credit_code"]] if p.owner is not None else []
ui.show_map(f"outlet_map_{o['outlet_id']}",
            {"outlet": [o["outlet_id"]], "enterprise": owner, "section": p.sections["section_id"]},
            p.downstream["reach_id"], [o.geometry, *([p.owner.geometry] if owner else []), *p.sections.geometry], 380)

st.subheader(f"下游断面（{len(p.sections)}）")
ui.table(profiles.labelled(p.sections, "sections"), linked={"断面编号": "section"})
st.subheader(f"监测记录（{len(p.samples)}）", help="GB 3838-2002 单因子评价；定类项目为决定类别的项目")
ui.table(profiles.labelled(p.samples, "samples"))
st.subheader(f"责任主体的检查记录（{len(p.inspections)}）")
ui.table(profiles.labelled(p.inspections, "inspections"))
st.subheader(f"责任主体的问题（{len(p.problems)}）", help=f"状态为截至 {p.as_of} 的状态")
ui.table(profiles.labelled(p.problems, "problems"))
