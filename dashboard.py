"""环境执法一张图 — the frame: page config, the shared sidebar and navigation. No logic lives here."""

import streamlit as st

from ui import filters, frame

frame.use_navigation_only()
st.set_page_config(page_title="环境执法一张图", page_icon="🗺️", layout="wide")

# Material icons ship with Streamlit (offline); emoji need a colour-emoji font that intranet PCs may lack.
pages = [
    st.Page("pages/overview.py", title="专项行动总览", icon=":material/dashboard:", default=True),
    st.Page("pages/rivers.py", title="河道水质与溯源", icon=":material/water:"),
    st.Page("pages/patrol.py", title="巡查路线规划", icon=":material/route:"),
    st.Page("pages/fires.py", title="秸秆焚烧火点", icon=":material/local_fire_department:"),
    st.Page("pages/firm.py", title="企业档案", icon=":material/factory:"),
    st.Page("pages/outlet.py", title="排口档案", icon=":material/valve:"),
    st.Page("pages/section.py", title="断面档案", icon=":material/location_on:"),
    st.Page("pages/imports.py", title="数据导入与导出", icon=":material/upload_file:"),
]
page = st.navigation(pages)
filters.sidebar()  # after st.navigation, so that the sidebar's search results can link to the pages
page.run()
