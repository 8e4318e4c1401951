"""Browser assets for offline maps: every script, style and font a folium map asks for, served by the app.

folium and its plugins name CDN addresses in `default_js` / `default_css`; on a closed network one failed
script leaves the st_folium map blank with no error. `localize` rewrites those lists, element by element,
to files that `make setup` installs from the npm registry into `static/node_modules` (pinned in
`static/package.json` and its lock file) and that Streamlit serves under `<baseUrlPath>/app/static/`.
An asset this table does not know is an error, not a silent CDN fallback.
"""

from __future__ import annotations

from pathlib import Path

import folium

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

# folium's resource name -> path under static/. None: deliberately not loaded (see comments).
LOCAL = {
    "leaflet": "node_modules/leaflet/dist/leaflet.js",
    "leaflet_css": "node_modules/leaflet/dist/leaflet.css",
    "jquery": "node_modules/jquery/dist/jquery.min.js",
    "bootstrap": "node_modules/bootstrap/dist/js/bootstrap.bundle.min.js",
    "bootstrap_css": "node_modules/bootstrap/dist/css/bootstrap.min.css",
    "awesome_markers": "node_modules/leaflet.awesome-markers/dist/leaflet.awesome-markers.js",
    "awesome_markers_css": "node_modules/leaflet.awesome-markers/dist/leaflet.awesome-markers.css",
    "awesome_markers_font_css": "node_modules/@fortawesome/fontawesome-free/css/all.min.css",
    # Glyphicons exist only in Bootstrap 3, whose full CSS would fight Bootstrap 5; every icon here is
    # drawn with Font Awesome (prefix "fa"), so the glyphicon sheet is dropped.
    "glyphicons_css": None,
    # Rotated awesome-marker icons are not used; folium's rotate sheet is not on any registry.
    "awesome_rotate_css": None,
    "markerclusterjs": "node_modules/leaflet.markercluster/dist/leaflet.markercluster.js",
    "markerclustercss": "node_modules/leaflet.markercluster/dist/MarkerCluster.css",
    "markerclusterdefaultcss": "node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css",
}

# Loaded by every folium.Map, but used only by folium.Icon markers (awesome-markers draws them with
# Font Awesome glyphs and Bootstrap colours). st_folium loads scripts one after another, and these
# four scripts and three sheets cost 0.7 s of every map's first paint here, so a map without an Icon
# does not load them.
ICON_ONLY = {"jquery", "bootstrap", "bootstrap_css", "awesome_markers", "awesome_markers_css",
             "awesome_markers_font_css"}

# Our own browser code (static/app/), one file per custom element; elements name these in `default_js`.
# emap.js is the registry every persistent layer joins (window.emap); it must load before the others.
APP = {
    "emap": "app/emap.js",
    "emap_points": "app/points.js",
    "emap_shapes": "app/shapes.js",
}

# Our own script, loaded right after leaflet.js: st_folium adds leaflet.css after the map script runs,
# so Leaflet cannot guess where its marker images are; this tells it.
ICON_PATH_SCRIPT = "app/leaflet-offline.js"


class MissingAsset(LookupError):
    """A map element asks for a browser asset that is not available offline."""


def static_url(relative: str, base_url_path: str = "") -> str:
    """URL of a file under static/, honouring Streamlit's `server.baseUrlPath`."""
    prefix = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    return f"{prefix}/app/static/{relative}"


def localize(root, base_url_path: str = "", layers=()):
    """Point every element under `root` (a map or a feature group, and all its children) at the app's own
    copies. Call it after the last element is added; `layers` are feature groups that will be drawn on the
    map too (st_folium's feature_group_to_add). Returns `root`, for chaining."""
    for element in _walk(root):
        if hasattr(element, "localize_urls"):
            element.localize_urls(base_url_path)
        if hasattr(element, "default_js"):
            element.default_js = _rewrite(element, "default_js", base_url_path)
            element.default_css = _rewrite(element, "default_css", base_url_path)
    if isinstance(root, folium.Map):
        root.default_js = _with_icon_path(root.default_js, base_url_path)
        if not _has_icons(root, layers):
            root.default_js = [item for item in root.default_js if item[0] not in ICON_ONLY]
            root.default_css = [item for item in root.default_css if item[0] not in ICON_ONLY]
    return root


def _has_icons(root, layers) -> bool:
    return any(isinstance(e, folium.Icon) for tree in (root, *layers) for e in _walk(tree))


CACHE_DIR = "cache"  # under static/: files written per data version (point positions, hover text)


def cache_file(prefix: str, data: bytes, suffix: str) -> str:
    """Write `data` under static/cache/ once, named by its content hash, and return its path under static/.

    The same data give the same name, so every app instance and every rerun shares one file, and a browser
    that cached it never needs it again; new data get a new name. Written to a temporary file and renamed,
    so a reader never sees half a file."""
    import hashlib
    import os
    import tempfile

    name = f"{CACHE_DIR}/{prefix}-{hashlib.sha256(data).hexdigest()[:20]}{suffix}"
    target = STATIC_DIR / name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    return name


def missing_files() -> list[str]:
    """Files the table expects under static/ that are not installed (run `make setup`)."""
    wanted = [path for path in LOCAL.values() if path] + [ICON_PATH_SCRIPT, *APP.values()]
    return [path for path in wanted if not (STATIC_DIR / path).is_file()]


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _rewrite(element, attribute: str, base_url_path: str) -> list[tuple[str, str]]:
    out = []
    for name, url in getattr(element, attribute, None) or []:
        if url.startswith("/"):  # already local
            out.append((name, url))
            continue
        if name in APP:
            out.append((name, static_url(APP[name], base_url_path)))
            continue
        if name not in LOCAL:
            raise MissingAsset(
                f"{type(element).__name__} needs browser asset {name!r} ({url}), which is not installed for "
                "offline use; add it to static/package.json and geo/assets.LOCAL"
            )
        if LOCAL[name]:
            out.append((name, static_url(LOCAL[name], base_url_path)))
    return out


def _with_icon_path(js: list[tuple[str, str]], base_url_path: str) -> list[tuple[str, str]]:
    js = [item for item in js if item[0] != "leaflet_offline"]
    at = next(i for i, (name, _) in enumerate(js) if name == "leaflet") + 1
    return js[:at] + [("leaflet_offline", static_url(ICON_PATH_SCRIPT, base_url_path))] + js[at:]
