"""环境执法一张图 — the frame: page config, the shared sidebar and navigation. No logic lives here."""

import streamlit as st

from ui import filters, frame

frame.use_navigation_only()
st.set_page_config(page_title="环境执法一张图", page_icon="🗺️", layout="wide")

filters.sidebar()
pages = [
    st.Page("pages/overview.py", title="专项行动总览", icon="📊", default=True),
    st.Page("pages/patrol.py", title="巡查路线规划", icon="🚓"),
]
st.navigation(pages).run()
