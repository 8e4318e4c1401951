"""The map layers a user can click, declared once: name -> what it is called on screen.

A click on a feature of one of these layers reaches the page as {"layer": name, "id": the feature's id}
(see ui.maps.show); a layer not named here draws, but does not report clicks."""

CLICKABLE = {
    "district": "行政区",
    "inspection_site": "检查点位",
    "route_stop": "巡查停靠点",
}


def check(name: str) -> str:
    if name not in CLICKABLE:
        raise ValueError(f"可点击图层“{name}”未在 geo.maps.layers.CLICKABLE 中声明；已有：{'、'.join(CLICKABLE)}")
    return name
