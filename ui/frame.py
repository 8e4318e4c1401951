"""Plumbing for the frame (dashboard.py) and the first line of every page."""

from __future__ import annotations

import streamlit as st


def use_navigation_only() -> None:
    """Leave Streamlit's old pages/-folder mode before anything is drawn.

    Because a `pages/` folder sits next to dashboard.py, Streamlit runs the very first script run after the
    server starts in its v1 multipage mode, wrapping the frame in a navigation of its own; st.navigation
    turns that mode off, but only from the next run on. Widgets drawn in that first run get other identities,
    so the first user's first click on a filter lost the sidebar's state; and when that first request is a
    page's own address (a shared link such as /patrol), v1 mode runs the page script alone, without the
    frame's sidebar. So the frame and every page call this first: switching the mode off and starting the
    run again costs one empty run, once per server."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
