"""A fixed legend in the map's corner (no d3 needed, unlike branca's colour maps)."""

from __future__ import annotations

import html

from branca.element import Template

from geo.maps.element import Script, js_string


class Legend(Script):
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function(){var c=L.control({position:'bottomright'});c.onAdd=function(){var d=L.DomUtil.create('div');"
        "d.innerHTML={{ this.box }};return d;};c.addTo({{ this._parent.get_name() }});})();"
        "{% endmacro %}"
    )

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]], str]]):
        super().__init__()
        self._name = "Legend"
        body = "".join(_section(title, items, shape) for title, items, shape in sections)
        self.box = js_string(
            '<div class="emap-legend" style="background:rgba(255,255,255,.92);padding:6px 10px;border-radius:4px;'
            'font-size:12px;line-height:18px;white-space:nowrap;box-shadow:0 1px 4px rgba(0,0,0,.3)">'
            f"{body}</div>"
        )


def legend(sections: list[tuple[str, list[tuple[str, str]], str]]) -> Legend:
    """sections: (title, [(colour, label), ...], "square" | "circle" | "line")."""
    return Legend(sections)


def _section(title: str, items: list[tuple[str, str]], shape: str) -> str:
    radius = "50%" if shape == "circle" else "2px"
    height = "3px" if shape == "line" else "11px"
    rows = "".join(
        f'<div><span style="display:inline-block;width:11px;height:{height};margin-right:6px;vertical-align:middle;'
        f'background:{html.escape(colour)};border-radius:{radius};border:1px solid #718096"></span>'
        f"{html.escape(label)}</div>"
        for colour, label in items
    )
    return f'<div style="margin-bottom:4px"><b>{html.escape(title)}</b>{rows}</div>'
