"""专项行动总览, its map drawn the naive way (bench/naive.py) — for `make bench` only, not part of the app.

Same data, same sidebar (ui.filters), same caption and KPI cards as pages/overview.py; the map is rebuilt
with one folium element per inspection (first bench.naive.CAP of the selection) on every rerun and shown with
st_folium's defaults (every event returned). Assets pass through geo.assets.localize, so no CDN is used."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from bench.naive import CAP, naive_map  # noqa: E402
from geo import assets, campaign, labels  # noqa: E402
from ui import data, filters  # noqa: E402

st.set_page_config(page_title="总览（朴素做法，基准测试用）", layout="wide")
filters.sidebar()
f = filters.current()
inspections, problems = data.layer("inspections"), data.layer("problems")

st.title("专项行动总览（朴素做法）")
st.caption(f"{f.campaign or '全部行动'} · {f.start} 至 {f.end} · {'、'.join(f.districts) or '全市'}"
           f" · 地图只画所选检查的前 {CAP:,} 条 · 基准测试用")
k = campaign.summary(inspections, problems, f)
for column, (_, label, value, note) in zip(st.columns(6) + st.columns(6), labels.kpi_cards(k, f.as_of_date)):
    column.metric(label, value, help=note)

points = campaign.filter_inspections(inspections, f).head(CAP)
m = naive_map(points, data.layer("districts"), data.layer("lakes"), data.layer("rivers"))
assets.localize(m, st.get_option("server.baseUrlPath") or "")
st_folium(m, height=640, use_container_width=True)
