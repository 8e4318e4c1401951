"""数据导入与导出 — for the district data clerks: check a file row by row, see the rows on a map, commit them in
one logged step (undo from the history), and export any layer as filtered on screen. Logic: geo.imports
(read_file, preview, commit, undo, history), geo.imports.view, geo.exports."""

import streamlit as st

from geo import exports, imports, schema
from geo.imports import view
from geo.store import StoreError
from ui import data, filters, frame
from ui import maps as map_view

frame.use_navigation_only()  # a first request straight to this page's address
st.title("数据导入与导出")
store = data.store()
AUTO = "自动识别"

st.subheader("导入", help="检查台账、企业名录、火点（FIRMS）等；先检查并预览，确认后才写入。规则见 README“导入规则”。")
upload = st.file_uploader("选择文件", type=["csv", "txt", "xlsx", "geojson", "json", "gpkg", "zip", "kml", "kmz"])
left, middle, right = st.columns(3)
system = left.selectbox("坐标系", [AUTO, *imports.SYSTEMS], format_func=lambda s: imports.SYSTEM_LABELS.get(s, s),
                        help="自动：按标题行（如“坐标系：GCJ-02”）判断，否则按 WGS84")
target = middle.selectbox("目标图层", [AUTO, *[n for n in schema.LAYERS if n != "import_log"]],
                          format_func=lambda n: schema.LAYERS[n].title if n in schema.LAYERS else n)
user = right.text_input("导入人", placeholder="姓名")
options = {"layer": None if target == AUTO else target, "crs": None if system == AUTO else system}

if upload is not None:
    try:
        raw = imports.read_file(upload.name, upload.getvalue())
        plan = imports.prepare(raw, lambda name: data.layer(name) if name in store.layers() else None, **options)
    except imports.ImportFailure as exc:
        st.error(view.plain(exc))
    else:
        st.info(view.plain(view.summary(plan)))
        for note in plan.notes:
            st.caption(view.plain(note))
        if plan.rejected:
            st.markdown(f"**拒收的{plan.line_word}（{plan.rejected_lines}）** — 改正后可重新导入")
            table = st.table if len(plan.rejected) <= 300 else st.dataframe  # a plain table up to 300 reasons
            table(plan.rejected_table(), hide_index=True)
        preview, update = view.preview_map(plan, {"districts": data.layer("districts")}, filters.basemap())
        map_view.show(preview, key=f"preview_{plan.sha256[:12]}", layers=[update], height=420)
        if st.button(f"提交 {plan.rows_accepted} {plan.line_word}", type="primary", disabled=not plan.rows_accepted,
                     help="只写入检查通过的行；全部写入或全部不写"):
            try:
                done = imports.commit(store, raw, user=user.strip(), **options)
            except (imports.ImportFailure, StoreError) as exc:
                st.error(view.plain(f"写入失败，数据未改动：{exc}"))
            else:
                st.success(view.plain(f"已写入（导入编号 {done.import_id}）：{view.summary(done.plan)}")
                           if done.import_id else "没有需要写入的新数据")

st.subheader("导入记录")
log = imports.history(store)
if log.empty:
    st.caption("尚无导入记录")
else:
    st.dataframe(imports.history_table(log), hide_index=True, width="stretch")
undoable = log.loc[(log["action"] == "导入") & ~log["undone"], "import_id"].tolist()
if undoable:
    names = dict(zip(log["import_id"], log["file_name"]))
    chosen = st.selectbox("撤销导入", undoable, format_func=lambda i: f"{i} · {names[i]}")
    if st.button("撤销所选导入"):
        try:
            st.success(view.plain(f"已撤销 {chosen}（记录 {imports.undo(store, chosen, user=user.strip())}）"))
        except (imports.UndoRefused, StoreError) as exc:
            st.error(view.plain(exc))

st.subheader("导出", help="按侧栏的日期、行政区、专项行动与检查方式筛选后的数据")
left, right = st.columns(2)
layer = left.selectbox("图层", [n for n in schema.LAYERS if n in store.layers()],
                       format_func=lambda n: schema.LAYERS[n].title)
frame = view.filtered(layer, data.layer(layer), filters.current(),
                      data.layer("inspections") if layer == "problems" else None)
fmt = right.selectbox("格式", exports.formats_for(frame), format_func=lambda k: exports.FORMATS[k].label)
st.download_button(f"下载 {len(frame):,} 条（{exports.FORMATS[fmt].label}）",
                   lambda: exports.export(frame, layer, fmt).data,  # made when clicked
                   file_name=f"{schema.LAYERS[layer].title}_{len(frame)}条{exports.FORMATS[fmt].suffix}",
                   mime=exports.FORMATS[fmt].mime)
