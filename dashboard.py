"""环境执法一张图 — the frame: page config, the shared sidebar and navigation. No logic lives here."""

import streamlit as st

from ui import filters, frame

frame.use_navigation_only()
st.set_page_config(page_title="环境执法一张图", page_icon="🗺️", layout="wide")

filters.sidebar()
# Material icons ship with Streamlit (offline); emoji need a colour-emoji font that intranet PCs may lack.
pages = [
    st.Page("pages/overview.py", title="专项行动总览", icon=":material/dashboard:", default=True),
    st.Page("pages/rivers.py", title="河道水质与溯源", icon=":material/water:"),
    st.Page("pages/patrol.py", title="巡查路线规划", icon=":material/route:"),
    st.Page("pages/fires.py", title="秸秆焚烧火点", icon=":material/local_fire_department:"),
    st.Page("pages/imports.py", title="数据导入与导出", icon=":material/upload_file:"),
]
st.navigation(pages).run()
