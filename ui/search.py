"""The search box at the top of the shared sidebar: a firm, an outlet or a section, results as you type.

The index (geo.search.SearchIndex) is built once per data version and shared by every session; typing
reruns only this fragment (the rest of the page stays as it is). Each result opens the place's page."""

from __future__ import annotations

import streamlit as st

from geo import links, search
from ui import data, urlstate

QUERY = "search_text"
LIMIT = 8


def index() -> search.SearchIndex:
    """The search index, built once per data version and shared by every session."""
    return data.derived(_index)


def _index(layer) -> search.SearchIndex:
    return search.SearchIndex(layer("enterprises"), layer("outlets"), layer("sections"))


def search_box() -> None:
    """Draw the search box and its results (call inside `with st.sidebar:`)."""
    _box()


@st.fragment
def _box() -> None:
    text = st.text_input("查找企业、排口、断面", key=QUERY, live=True, type="search",
                         placeholder="名称、信用代码、拼音首字母、编号",
                         help="输入名称的一部分（如“凯凌”）、统一社会信用代码的一部分、企业名称拼音首字母（如 klhg）、"
                              "排口编号或断面名称；边输入边显示结果")
    if not text.strip():
        return
    hits = index().query(text, limit=LIMIT)
    if hits.empty:
        st.caption(f"没有找到与“{text.strip()}”匹配的企业、排口或断面")
        return
    for hit in hits.itertuples():
        target = links.TARGETS[hit.kind]
        st.page_link(target.script, label=f"{search.KIND_LABELS[hit.kind]} · {hit.label}",
                     query_params={**links.query(hit.kind, hit.key), **urlstate.params()}, help=hit.detail)
