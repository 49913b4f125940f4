"""The empty map every page starts from: offline by default, vendored assets."""

from __future__ import annotations

import json

import folium
from branca.element import MacroElement
from jinja2 import Template

from core import settings
from maps import style
from maps.folium.assets import localise
from maps.folium.popups import esc


def new_map(*, tiles: str = settings.DEFAULT_TILES, location=settings.MAP_CENTER_LATLON,
            zoom: int = settings.MAP_ZOOM) -> folium.Map:
    """A folium map with the chosen tile provider (``"none"`` = no tiles, offline).

    Attribution: with no tiles the OpenStreetMap attribution of the vector base
    layers is shown in the map corner.
    """
    if tiles not in settings.TILE_PROVIDERS:
        allowed = ", ".join(settings.TILE_PROVIDERS)
        raise ValueError(f"unknown tile provider {tiles!r}; use one of: {allowed}")
    provider = settings.TILE_PROVIDERS[tiles]
    # max_zoom: the marker cluster needs one (it refuses a map without), and 19 is
    # the finest zoom of the offered tile providers
    m = folium.Map(location=list(location), zoom_start=zoom, tiles=None,
                   control_scale=True, prefer_canvas=True)
    m.options["max_zoom"] = 19  # folium passes max_zoom to tiles only, not the map
    if provider["url"] is None:
        m.get_root().header.add_child(folium.Element(
            f"<style>.leaflet-container{{background:{style.OFFLINE_BACKGROUND}}}</style>"))
    else:
        folium.TileLayer(provider["url"], attr=provider["attribution"], name=tiles).add_to(m)
    add_attribution(m, settings.OSM_ATTRIBUTION)
    return m


class _Attribution(MacroElement):
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text_js }});"
        "{% endmacro %}"
    )

    def __init__(self, text: str):
        super().__init__()
        # Leaflet inserts attribution as HTML: escape it, then quote it for JS.
        self.text_js = json.dumps(esc(text)).replace("<", "\\u003c")


def add_attribution(m: folium.Map, text: str) -> folium.Map:
    """Show ``text`` in the map's attribution corner (always visible)."""
    _Attribution(text).add_to(m)
    return m


def finish(m: folium.Map) -> folium.Map:
    """Add the layer control and swap CDN assets for the vendored copies."""
    folium.LayerControl(collapsed=True).add_to(m)
    return localise(m)
