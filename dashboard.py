"""环境执法一张图 — the frame: page config, the shared sidebar and navigation. No logic lives here."""

import streamlit as st

from ui import filters, frame

frame.use_navigation_only()
st.set_page_config(page_title="环境执法一张图", page_icon="🗺️", layout="wide")

pages = [
    st.Page("pages/overview.py", title="专项行动总览", icon="📊", default=True),
    st.Page("pages/firm.py", title="企业档案", icon="🏭"),
    st.Page("pages/outlet.py", title="排口档案", icon="🚰"),
    st.Page("pages/section.py", title="断面档案", icon="📍"),
    st.Page("pages/rivers.py", title="河道水质与溯源", icon="🌊"),
    st.Page("pages/patrol.py", title="巡查路线规划", icon="🚓"),
]
page = st.navigation(pages)
filters.sidebar()  # after st.navigation, so that the sidebar's search results can link to the pages
page.run()
