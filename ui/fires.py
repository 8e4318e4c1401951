"""The fire page's cached events, filters and verification form (widgets only; the logic is in geo.fires)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo import fires, firms, maps
from geo.schema import FIRE_STATUS
from geo.store import StoreError
from ui import data
from ui import maps as map_view

KINDS = {"秸秆焚烧": "straw", "疑似工业热源": "heat", "全部": "all"}


def events() -> fires.Events:
    """Events with their latest status, computed once per data version (a saved check makes a new version)."""
    return data.derived(_events)


def event_points(system: str) -> maps.points.Packed:
    """Every event written once per data version for the map's persistent point layer."""
    return data.derived(_event_points, system)


def all_cells() -> gpd.GeoDataFrame:
    """Repeated-burning cells over all detections (a selection shows those that repeat within it)."""
    return data.derived(_all_cells)


def cell_points(system: str) -> maps.points.Packed:
    return data.derived(_cell_points, system)


def show_map(shown: fires.Events, cells, as_of, basemap) -> None:
    """The map: events coloured by status and age at `as_of` (density cells at city zoom), repeated-burning
    cells; a click on an event opens it below. The map's HTML does not change with the filters (it stays
    mounted); only the two updates do."""
    e = events()
    m = maps.base_map({"lakes": data.layer("lakes"), "rivers": data.layer("rivers")}, basemap)
    maps.PointLayer("fire_cells", cell_points(basemap.system), [fires.CELL_COLOR], "fire_cell",
                    names=["反复焚烧网格"], radius=7, system=basemap.system).add_to(m)
    maps.PointLayer("fire_events", event_points(basemap.system), fires.PALETTE, "fire_event",
                    names=fires.CLASS_NAMES, radius=4, cells_below=11, unit="次探测", system=basemap.system).add_to(m)
    p = fires.params()
    maps.legend([("火点事件（放大至街道级）", list(zip(fires.PALETTE, fires.CLASS_NAMES)),
                  "circle"), ("火点探测密度（全市视图）", maps.density_legend_items(), "square"),
                 (f"反复焚烧网格中心（{p.cell_m:g} 米，≥{p.repeat_days} 天）", [(fires.CELL_COLOR, "网格")],
                  "circle")]).add_to(m)
    classes, counts = fires.map_classes(e.events, shown, as_of)
    map_view.show(m, key="fire_map", layers=[maps.point_update("fire_cells", fires.cell_classes(all_cells(), cells)),
                                             maps.point_update("fire_events", classes, counts)],
                  on_click=_clicked)


def _clicked(clicked: dict) -> None:
    if clicked["layer"] == "fire_event":
        st.session_state["fire_event"] = st.session_state["fire_clicked"] = clicked["id"]


def event_picker(shown: fires.Events) -> str | None:
    """The event list (the clicked event first, then the latest 200); the chosen event's id."""
    choices = fires.event_choices(shown.events, st.session_state.get("fire_clicked"))
    if choices.empty:
        return None
    return st.selectbox("火点事件", choices.index, key="fire_event", format_func=choices.get,
                        help="点击地图上的火点事件也可选中；列表为最新的 200 个")


def _events(layer) -> fires.Events:
    built = fires.build_events(layer("fire_points"), layer("enterprises"), layer("districts"), layer("teams"),
                               fires.params())
    try:
        checks = layer("fire_checks")
    except StoreError:  # no check saved yet
        checks = None
    return fires.with_status(built, checks)


def _event_points(layer, system):
    frame = fires.event_points(data.derived(_events).events)
    return maps.pack(frame, frame["label"], system, prefix="fire_events")


def _all_cells(layer):
    return fires.repeat_cells(data.derived(_events), fires.params())


def _cell_points(layer, system):
    frame = fires.cell_points(data.derived(_all_cells))
    return maps.pack(frame, frame["label"], system, prefix="fire_cells")


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
