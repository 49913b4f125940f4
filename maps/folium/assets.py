"""Serve Leaflet and its plugins from the vendored copies, never from a CDN.

folium elements list their JS/CSS as ``(name, url)`` pairs pointing at public
CDNs; with no internet the map is blank (``L is not defined``). :func:`localise`
rewrites those lists on every element of a map to ``data:`` URLs built from
``maps/folium/vendor/``. It works inside streamlit-folium's iframe and in standalone
HTML files. An asset the project does not know raises, so no CDN link slips in.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

import folium

VENDOR = Path(__file__).resolve().parent / "vendor"

#: folium asset name -> vendored file
LOCAL_ASSETS: dict[str, str] = {
    "leaflet": "leaflet/leaflet.js",
    "jquery": "jquery/jquery.min.js",  # folium's Popup builds its HTML with $(...)
    "leaflet_css": "leaflet/leaflet.css",
    "markerclusterjs": "markercluster/leaflet.markercluster.js",
    "markerclustercss": "markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "markercluster/MarkerCluster.Default.css",
    "leaflet_draw_js": "draw/leaflet.draw.js",
    "leaflet_draw_css": "draw/leaflet.draw.css",
}
#: folium asset names the project's maps do not need (Bootstrap, icon fonts).
DROPPED_ASSETS: frozenset[str] = frozenset({
    "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
    "awesome_markers_font_css", "awesome_markers_css", "awesome_rotate_css",
})


class UnknownAssetError(RuntimeError):
    """A map element wants a JS/CSS asset that is not vendored."""


def _data_url(mime: str, payload: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"


def _inline_css_images(css: str, folder: Path) -> str:
    def repl(match: re.Match) -> str:
        ref = match.group(1).strip("'\"")
        path = folder / ref
        if ref.startswith("data:") or not path.is_file():
            return match.group(0)
        mime = "image/svg+xml" if path.suffix == ".svg" else "image/png"
        return f"url({_data_url(mime, path.read_bytes())})"

    return re.sub(r"url\(([^)]+)\)", repl, css)


@cache
def asset_url(name: str) -> str:
    """The ``data:`` URL of a vendored asset, by its folium name."""
    try:
        rel = LOCAL_ASSETS[name]
    except KeyError:
        raise UnknownAssetError(
            f"map asset {name!r} is not vendored; add it to maps/folium/vendor and "
            "LOCAL_ASSETS, or to DROPPED_ASSETS if the map does not need it"
        ) from None
    path = VENDOR / rel
    if path.suffix == ".css":
        css = _inline_css_images(path.read_text(encoding="utf-8"), path.parent)
        return _data_url("text/css", css.encode("utf-8"))
    return _data_url("text/javascript", path.read_bytes())


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _needs_dropped_assets(element) -> bool:
    """True for elements whose script calls a library the project drops (the
    Awesome-Markers icons: ``folium.Icon``, or a marker cluster's default callback)."""
    return isinstance(element, folium.Icon) or \
        "AwesomeMarkers" in str(getattr(element, "callback", "") or "")


def localise(m: folium.Map) -> folium.Map:
    """Point every element's JS/CSS at vendored copies (in place); return ``m``.

    Raises :class:`UnknownAssetError` for an element whose asset is not vendored, or
    whose script needs one the project drops (e.g. ``L.AwesomeMarkers``)."""
    for element in _walk(m):
        if _needs_dropped_assets(element):
            raise UnknownAssetError(
                f"{type(element).__name__} draws with L.AwesomeMarkers, which is not "
                "served; draw points with CircleMarker or an L.divIcon instead")
        for attr in ("default_js", "default_css"):
            pairs = getattr(element, attr, None)
            if not pairs:
                continue
            setattr(element, attr, [(name, asset_url(name)) for name, _ in pairs
                                    if name not in DROPPED_ASSETS])
    return m
