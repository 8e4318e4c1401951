"""The only non-page code that imports streamlit: cached loaders, session-state keys, shared widgets."""
