"""The plumbing every map element here shares: scripts added to the page as rendered, and values written as
JavaScript literals that are safe inside a <script> element.

An element whose browser code lives in `static/app/` declares it in `default_js` with a name that
`geo.assets.APP` knows, as folium's plugins declare theirs; `geo.assets.localize` turns it into a served URL."""

from __future__ import annotations

import json

from branca.element import Element, MacroElement, Template
from folium.elements import JSCSSMixin


class Script(MacroElement):
    """A MacroElement whose rendered script is added to the page as it is. branca wraps a rendered script
    in a new Element, i.e. compiles it again as a Jinja template: for a layer carrying 600 kB of data that
    cost 0.2 s on every rerun (st_folium renders each feature group)."""

    def render(self, **kwargs):
        self.get_root().script.add_child(Raw(self._template.module.script(self, kwargs)), name=self.get_name())


class Raw(Element):
    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class AppElement(JSCSSMixin, Script):
    """An element whose browser code is one of our files under static/app/ (named in `default_js`, e.g.
    `[("emap_points", "app/points.js")]`). st_folium loads every JSCSSMixin's scripts before the map script;
    `geo.assets.localize` rewrites the relative path to the served URL."""

    default_js: list[tuple[str, str]] = []


def js_string(value) -> str:
    """`value` as a JavaScript literal that is safe inside a <script> element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


class Update(Script):
    """What a persistent layer shows now: `window.emap.update(name, payload)`, and nothing else. Sent each
    rerun through st_folium's feature_group_to_add, which keeps every group it ever received; this one holds
    no layers and its payload is dropped once applied, so reruns leave nothing behind in the browser."""

    _template = Template(
        "{% macro script(this, kwargs) %}window.emap.update({{ this.target }}, {{ this.payload }});{% endmacro %}"
    )

    def __init__(self, target: str, payload: dict):
        super().__init__()
        self._name = "Update"
        self.target = js_string(target)
        self.payload = js_string(payload)


def update_group(target: str, payload: dict):
    """A folium.FeatureGroup carrying one `Update` (st_folium's feature_group_to_add takes feature groups)."""
    import folium

    group = folium.FeatureGroup(name=f"update-{target}", control=False)
    Update(target, payload).add_to(group)
    return group
