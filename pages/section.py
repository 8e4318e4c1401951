"""断面档案 — one monitoring section: its class over time against the target, the reaches upstream, the outlets
on them and the firms that own those outlets. Figures: geo.profiles.section_profile."""

import streamlit as st

from geo import labels, profile_charts, profiles, water
from ui import frame
from ui import profiles as ui

frame.use_navigation_only()  # a first request straight to this page's address

p = ui.load("section", profiles.section_profile)

s, k = p.section, p.figures
target = int(s["target_class"])
st.title(f"{s['name']}断面")
st.caption(f"{s['section_id']} · {s['level']} · {s['district']} · {s['reach_name']}（{s['reach_id']}）· 示例数据")
for column, (label, value) in zip(st.columns(5), [
        ("目标类别", water.class_label(target)), ("最近类别", k["latest_class"]),
        ("达标率", labels.percent(k["pass_rate"])), ("上游排口", k["outlets"]), ("涉及企业", k["firms"])]):
    column.metric(label, value)

st.subheader("水质类别变化", help="每次采样的类别（单因子评价）；红色虚线为考核目标")
if k["samples"]:
    st.altair_chart(profile_charts.class_over_time(p.samples, target), width="stretch")
ui.table(profiles.labelled(p.samples, "samples"))

st.subheader(f"上游河段（{len(p.upstream)}）与排口", help="沿 rivers.flows_into 反向追溯；点击排口打开其档案")
ui.show_map(f"section_map_{s['section_id']}",
            {"section": [s["section_id"]], "outlet": p.outlets["outlet_id"], "enterprise": p.firms["credit_code"]},
            p.upstream["reach_id"], [s.geometry, *p.outlets.geometry])
ui.table(profiles.labelled(p.upstream, "reaches"))

st.subheader(f"上游排口（{len(p.outlets)}）")
ui.table(profiles.labelled(p.outlets, "outlets"), linked={"排口编号": "outlet"})
st.subheader(f"涉及企业（{len(p.firms)}）", help="上游排口的责任主体；问题状态为截至数据最新日期")
ui.table(profiles.labelled(p.firms, "firms"), linked={"统一社会信用代码": "firm"})
