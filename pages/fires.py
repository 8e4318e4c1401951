"""秸秆焚烧火点 — satellite fire points: events by age and status, straw or industrial heat, checks in the field.

Figures: geo.fires.counts (cards), daily_counts (per district and day), repeat_cells (repeated burning),
patrol_order (a team's unverified events), detection_table/history (one event); events from build_events."""

import streamlit as st

from geo import charts, fires
from ui import data, filters, frame
from ui import fires as fire_ui

frame.use_navigation_only()  # a first request straight to this page's address

f = filters.current()
st.title("秸秆焚烧火点")
st.caption(f"{f.start} 至 {f.end}（北京时间）· {'、'.join(f.districts) or '全市'} · 一个“事件”是同一火点被多次过境或"
           "多颗卫星探测到的合并；示例数据，仅供演示")
with st.expander("导入火点文件（同一文件重复导入不会重复添加）"):
    fire_ui.upload()
events, p = fire_ui.events(), fires.params()
view = fire_ui.view(events, f.start, f.end, f.districts)
shown = fires.select(events, view)
for column, (label, value) in zip(st.columns(5), fires.counts(events, view, shown).items()):
    column.metric(label, f"{value:,}")

as_of = fires.as_of(f.end)
cells = fires.repeat_cells(shown, p)
st.subheader("火点地图", help=f"全市视图按网格汇总火点探测次数；放大至街道级显示各火点事件，颜色为核查状态与时长"
             f"（时长截至 {as_of:%Y-%m-%d %H:%M}）。点击火点事件在下方查看其探测记录并填写核查结果。")
fire_ui.show_map(shown, cells, as_of, filters.basemap())

left, right = st.columns(2)
daily = fires.daily_counts(shown)
left.subheader("每日火点（按行政区）", help="火点事件按首次探测的北京日期计；探测次数为全部过境记录")
left.markdown(charts.stacked_daily(daily, "日期", "火点事件", "行政区", "火点事件"), unsafe_allow_html=True)
left.dataframe(daily.assign(日期=daily["日期"].dt.strftime("%Y-%m-%d")), hide_index=True, height=200)
right.subheader(f"反复焚烧网格（{len(cells)}）", help=f"边长 {p.cell_m:g} 米的网格中至少 {p.repeat_days} 天出现火点")
right.dataframe(cells.drop(columns="geometry").rename(columns={
    "id": "网格", "days": "天数", "seasons": "季节数", "events": "事件", "detections": "探测次数", "first": "最早",
    "last": "最晚"}), hide_index=True, height=470)

st.subheader("待核查清单（按巡查顺序）", help="从小组驻地出发，每次去最近的下一个待核查事件（最近邻）")
team_names = data.layer("teams").set_index("team_id")["name"]
pending = shown.events[shown.events["status"] == fires.UNCHECKED]["team_id"].value_counts()
if len(pending):
    team = st.selectbox("执法小组", pending.index, format_func=lambda t: f"{team_names[t]}（{pending[t]} 个）")
    patrol = fires.event_table(fires.patrol_order(shown.events, data.layer("teams"), team))
    st.dataframe(patrol, hide_index=True)
    st.download_button("下载巡查清单（CSV）", patrol.to_csv(index=False).encode("utf-8-sig"),
                       file_name=f"火点巡查_{team_names[team]}_{f.end}.csv", mime="text/csv")
else:
    st.info("所选范围内没有待核查的火点事件")

st.subheader("火点事件详情与核查")
if chosen := fire_ui.event_picker(shown):
    st.markdown(fires.status_line(events.events.loc[chosen]))
    st.dataframe(fires.detection_table(events, chosen), hide_index=True)
    st.dataframe(fires.history(events, fire_ui.checks(), chosen), hide_index=True)
    fire_ui.verification_form(events, chosen)
