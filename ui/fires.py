"""The fire page's cached events, filters and verification form (widgets only; the logic is in geo.fires)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import fires, firms
from geo.schema import FIRE_STATUS
from ui import data

KINDS = {"秸秆焚烧": "straw", "疑似工业热源": "heat", "全部": "all"}


def events() -> fires.Events:
    """Events with their latest status, computed once per data version (a saved check makes a new version)."""
    s = data.store()
    return _events(str(s.path), s.version())


@st.cache_resource(show_spinner="正在归并火点…", max_entries=4)
def _events(path: str, version: str) -> fires.Events:
    s = data.store()
    built = fires.build_events(data.layer("fire_points"), data.layer("enterprises"), data.layer("districts"),
                               data.layer("teams"), fires.params())
    return fires.with_status(built, fires.read_checks(s))


def checks() -> pd.DataFrame:
    return fires.read_checks(data.store())


def view(e: fires.Events, start, end, districts) -> fires.View:
    """The page's filters, in one row."""
    det = e.detections
    c = st.columns([2, 1.4, 1.4, 1, 2, 1.3])
    hours = c[0].slider("时段（北京时间，时）", 0, 23, (0, 23), key="fire_hours")
    conf = c[1].multiselect("置信度", ["高", "中", "低"], key="fire_conf", placeholder="全部")
    sats = c[2].multiselect("卫星", sorted(det["sat_label"].unique()), key="fire_sat", placeholder="全部")
    dn = c[3].multiselect("昼夜", ["D", "N"], format_func={"D": "白天", "N": "夜间"}.get, key="fire_dn",
                          placeholder="全部")
    status = c[4].multiselect("核查状态", list(FIRE_STATUS), key="fire_status", placeholder="全部")
    kind = c[5].radio("类别", list(KINDS), key="fire_kind", help="疑似工业热源：FIRMS 类型 2、靠近“热源”企业、"
                      "或同一地点跨季节多日出现；不计入秸秆焚烧统计")
    return fires.View(start, end, tuple(hours), tuple(conf), tuple(sats), tuple(dn), tuple(status), KINDS[kind],
                      tuple(districts))


def verification_form(e: fires.Events, event_id: str) -> None:
    """Set an event's status; saved at once to the store (fire_checks, append-only)."""
    with st.form(f"check_{event_id}", clear_on_submit=True):
        c = st.columns([2, 1, 3])
        current = e.events.loc[event_id, "status"]
        status = c[0].selectbox("核查结果", FIRE_STATUS, index=FIRE_STATUS.index(current), key="check_status")
        who = c[1].text_input("核查人", key="check_who")
        note = c[2].text_input("说明（如：1 公里内无焚烧痕迹）", key="check_note")
        if st.form_submit_button("保存核查结果"):
            try:
                fires.save_check(data.store(), event_id, status, who, note)
            except ValueError as exc:
                st.error(str(exc))
                return
            st.toast(f"已保存：{event_id} → {status}")
            st.rerun()


def upload() -> None:
    """Load a FIRMS CSV or a provincial list: only detections not stored yet are added."""
    file = st.file_uploader("FIRMS CSV（VIIRS/MODIS）或省级火点清单（CSV/XLSX）", type=["csv", "xlsx"], key="fire_file")
    if file is None or st.session_state.get("fire_file_done") == file.file_id:
        return
    try:
        frame, kind = firms.read_upload(file.name, file.getvalue())
    except ValueError as exc:
        st.error(str(exc))
        return
    if kind is None:
        st.error(f"文件“{file.name}”不像火点文件：需要 FIRMS 列（latitude、longitude、acq_date、acq_time …）"
                 "或省级清单列（中心经度、中心纬度、过境日期 …）")
        return
    parsed = firms.parse(frame, kind, source=file.name)
    added = fires.load_new_points(data.store(), parsed)
    st.session_state["fire_file_done"] = file.file_id
    st.success(f"读入 {len(frame)} 行，新增 {added} 个火点（已有的 {len(parsed.rows) - added} 个未重复添加）")
    if parsed.rejected:
        st.warning(f"{len(parsed.rejected)} 处无法读取，相应的行未导入：")
        st.dataframe(pd.DataFrame(parsed.rejected).rename(columns={"line": "行", "column": "列", "value": "值",
                                                                   "message": "说明"}), hide_index=True)


def map_layers(shown: fires.Events, cells, as_of, system: str) -> list:
    """The page's two changing layers: events coloured by status and age, and the repeated-burning cells."""
    import folium

    from geo import maps

    marks = fires.event_marks(shown.events, as_of, system)
    points = maps.point_layer(marks, name="火点事件", radius=4)
    group = folium.FeatureGroup(name="反复焚烧网格", control=False)
    if len(cells):
        frame = cells[["geometry"]] if system == "wgs84" else geocrs_shift(cells[["geometry"]], system)
        tips = "反复焚烧网格：" + cells["days"].astype(str) + " 天 · " + cells["seasons"].astype(str) + " 个季节 · 探测 " \
            + cells["detections"].astype(str) + " 次"
        maps.vector_layer(frame, style={"color": "#c05621", "weight": 1, "fillColor": "#f6ad55", "fillOpacity": 0.35},
                          tooltips=tips).add_to(group)
    return [group, points]


def geocrs_shift(frame, system: str):
    from geo import crs

    return crs.shift_frame(frame, to=system)
