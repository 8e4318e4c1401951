"""Colours the maps share, each declared once, with the legend rows that explain them."""

from __future__ import annotations

import pandas as pd

from geo import schema

# Inspection kinds in drawing order: a site visited several ways shows the last of these it had.
KIND_COLORS = {"日常": "#2b6cb0", "节假日": "#dd6b20", "夜查": "#6b46c1", "四不两直": "#c53030"}
COVERAGE_COLORS = ("#f7fcf5", "#c7e9c0", "#74c476", "#31a354", "#006d2c")
NO_DATA_COLOR = "#d9d9d9"
# Density cells at city zoom (few -> many), on a log scale of the cell's count.
DENSITY_COLORS = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
# GB 3838-2002 classes 1..6 (6 = 劣V): I–II blue, III green, IV yellow, V orange, 劣V red; grey unmeasured.
WATER_CLASS_COLORS = {1: "#2b6cb0", 2: "#2b6cb0", 3: "#38a169", 4: "#d69e2e", 5: "#dd6b20", 6: "#c53030"}
UNMEASURED_COLOR = "#a0aec0"

assert set(KIND_COLORS) == set(schema.INSPECTION_KINDS), "every inspection kind needs a colour"


def coverage_color(share: float | None) -> str:
    """Colour for an inspection-coverage share 0..1 in five equal classes; grey for no data."""
    if share is None or pd.isna(share):
        return NO_DATA_COLOR
    index = min(int(float(share) * len(COVERAGE_COLORS)), len(COVERAGE_COLORS) - 1)
    return COVERAGE_COLORS[max(index, 0)]


def coverage_legend_items() -> list[tuple[str, str]]:
    step = 100 // len(COVERAGE_COLORS)
    items = [(c, f"{i * step}–{(i + 1) * step}%") for i, c in enumerate(COVERAGE_COLORS)]
    return items + [(NO_DATA_COLOR, "无企业数据")]


def kind_legend_items() -> list[tuple[str, str]]:
    return [(colour, kind) for kind, colour in KIND_COLORS.items()]


def density_legend_items() -> list[tuple[str, str]]:
    return [(DENSITY_COLORS[0], "少（圆小）"), (DENSITY_COLORS[2], "中"), (DENSITY_COLORS[-1], "多（圆大）")]
