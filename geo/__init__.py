"""Everything but rendering: schema, store, coordinates, water quality, campaign statistics, map builders.

Nothing in this package imports streamlit.
"""
