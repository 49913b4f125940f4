"""One map builder for every interactive map: the 地图 page, the standalone HTML
export and the benchmark all draw through it, so what is timed and exported is what
the page shows.

A map is a **base** that does not change with the sidebar (tiles, attribution, 街道,
districts, 深汕) and **overlays** that do (the areas shown, their colours and counts,
facilities, enterprises, the legend). The page sends the base once and swaps only the
overlays on a filter change (streamlit-folium's ``feature_group_to_add``), so Leaflet
is not started again; :func:`build_map` joins both into one standalone map.

Frames in EPSG:4326 (display copies from ``maps.folium.geometry.for_display`` are fine);
nothing here measures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from analysis.coverage import areas_matching, filter_points
from core import settings
from maps.folium import areas as area_layers
from maps.folium import base, basemap, legend, points
from maps.folium import change as change_layer
from maps.folium import concentrations as concentration_layer
from maps.folium.assets import localise


@dataclass(frozen=True)
class MapView:
    """What the user chose: language, filters (industry terms, facility categories),
    area colouring ("kind" | "sector"), tile provider, the bounds to frame
    (``[[south, west], [north, east]]`` degrees, or None for the city view),
    whether the legend starts unfolded (a small map keeps it folded), the
    "observed vs plan" mode (``observed``: the layers' concentrations are drawn) and
    ``centre`` — (lat, lon, zoom) where a shared link left the map, which wins over
    ``bounds``."""

    lang: str = "zh"
    industries: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    color_by: str = "kind"
    tiles: str = settings.DEFAULT_TILES
    bounds: tuple | None = None
    legend_open: bool = True
    observed: bool = False
    centre: tuple[float, float, int] | None = None


@dataclass
class MapLayers:
    """The data a map draws. ``enterprises`` is the curated sample (``is_sample``) or
    a user's register (lon/lat, optional ``_name``/``_label`` text for popups);
    ``counts``: area id → {"n_facilities": …, "n_enterprises": …} for the popups;
    ``concentrations``: observed concentrations with their plan columns, drawn in the
    "observed vs plan" mode (``maps.folium.concentrations``); ``change``: the change
    between two saved registers (``maps.folium.change``) — a :class:`MapChange`."""

    districts: gpd.GeoDataFrame
    subdistricts: gpd.GeoDataFrame
    shenshan: gpd.GeoDataFrame
    areas: gpd.GeoDataFrame
    facilities: pd.DataFrame
    enterprises: pd.DataFrame | None = None
    is_sample: bool = True
    counts: dict = field(default_factory=dict)
    concentrations: gpd.GeoDataFrame | None = None
    change: MapChange | None = None


@dataclass
class MapChange:
    """The change drawn over the map: the firms that came and went (``entries_exits``
    of :func:`analysis.change.entries_exits`, matched on the column ``key_name``), or,
    where no id matches or there are too many to draw, each area's counts
    (``area_counts``: ``area_id``, ``before``, ``after``)."""

    entries_exits: pd.DataFrame | None = None
    key_name: str | None = None
    area_counts: pd.DataFrame | None = None


def shown(layers: MapLayers, view: MapView) -> tuple[gpd.GeoDataFrame, pd.DataFrame,
                                                     pd.DataFrame | None]:
    """(areas, facilities, enterprises) left by the view's filters."""
    areas = layers.areas[areas_matching(layers.areas, list(view.industries))]
    fac = filter_points(layers.facilities, industries=list(view.industries),
                        categories=list(view.categories))
    ents = None if layers.enterprises is None else filter_points(
        layers.enterprises, industries=list(view.industries))
    return areas, fac, ents


def base_map(layers: MapLayers, view: MapView) -> folium.Map:
    """The map without overlays: tiles, attribution, 街道, districts and 深汕, framed
    on ``view.centre``, else ``view.bounds``, else the city view; every plugin the overlays may need is
    loaded with it (an overlay sent later cannot bring its own script)."""
    if view.centre is not None:
        lat, lon, zoom = view.centre
        m = basemap.new_map(tiles=view.tiles, location=(lat, lon), zoom=int(zoom))
    else:
        m = basemap.new_map(tiles=view.tiles)
    if view.bounds is not None and view.centre is None:
        m.fit_bounds([list(view.bounds[0]), list(view.bounds[1])])
    base.add_subdistricts(m, layers.subdistricts, lang=view.lang)
    base.add_districts(m, layers.districts, lang=view.lang)
    base.add_shenshan(m, layers.shenshan, lang=view.lang)
    _PluginAssets().add_to(m)
    return m


def overlays(layers: MapLayers, view: MapView) -> list[folium.FeatureGroup]:
    """The layers the sidebar changes, each a FeatureGroup (in drawing order): the
    areas by kind (with the click list of every area at a point), the observed
    concentrations over them (``view.observed``), facilities and their precision
    circles, the concentrations' centre rings (above the facilities), the
    enterprises, the change between two registers (``layers.change``) and the
    legend."""
    areas, fac, ents = shown(layers, view)
    scratch = folium.Map(tiles=None)
    area_layers.add_areas(scratch, areas, lang=view.lang, color_by=view.color_by,
                          counts=layers.counts)
    observed = view.observed and layers.concentrations is not None
    if observed and len(layers.concentrations):
        concentration_layer.add_concentrations(scratch, layers.concentrations,
                                               lang=view.lang)
    points.add_facilities(scratch, fac, lang=view.lang)
    if observed and len(layers.concentrations):  # above the facilities: seen at any zoom
        concentration_layer.add_concentration_centres(scratch, layers.concentrations,
                                                      lang=view.lang)
    if ents is not None and layers.is_sample:
        points.add_enterprise_sample(scratch, ents, lang=view.lang)
    elif ents is not None:
        points.add_enterprises(scratch, ents, lang=view.lang, name_col="_name",
                               label_col="_label")
    change = layers.change
    if change is not None and change.entries_exits is not None:
        change_layer.add_entries_exits(scratch, change.entries_exits,
                                       key_name=change.key_name, lang=view.lang)
    elif change is not None and change.area_counts is not None:
        change_layer.add_area_changes(scratch, areas, change.area_counts, lang=view.lang)
    groups = _as_groups(scratch)
    key = legend.legend_html(
        lang=view.lang, color_by=view.color_by,
        categories=[c for c in settings.FACILITY_CATEGORIES if c in set(fac["category"])],
        enterprise_categories=[c for c in settings.ENTERPRISE_CATEGORIES
                               if layers.is_sample and ents is not None
                               and c in set(ents["category"])], floating=False,
        open_=view.legend_open, concentrations=observed)
    box = folium.FeatureGroup(name="legend", control=False)
    _LegendControl(key).add_to(box)
    groups.append(box)
    return groups


def page_parts(layers: MapLayers, view: MapView
               ) -> tuple[folium.Map, list[folium.FeatureGroup], folium.LayerControl]:
    """(base map, overlays, layer control) for ``st_folium(base,
    feature_group_to_add=overlays, layer_control=control)``: the base's script stays
    the same across filter changes, so the browser keeps its map and swaps the
    overlays. Every part's assets are served locally."""
    m = localise(base_map(layers, view))
    groups = overlays(layers, view)
    for group in groups:
        if not group.show:  # the page adds every overlay: a hidden one steps back
            _StartHidden().add_to(group)
        localise(group)
    return m, groups, folium.LayerControl(collapsed=True)


def build_map(layers: MapLayers, view: MapView, *, finish: bool = True) -> folium.Map:
    """Base and overlays as one map with its layer control, assets served locally:
    for a standalone HTML file and the benchmark (the 地图 page uses the two parts).
    ``finish=False`` leaves the layer control and asset swap to the caller, who adds
    layers of its own first (``basemap.finish``)."""
    m = base_map(layers, view)
    for group in overlays(layers, view):
        group.add_to(m)
    return basemap.finish(m) if finish else m


def _as_groups(scratch: folium.Map) -> list[folium.FeatureGroup]:
    """The layers drawn on ``scratch`` as FeatureGroups: groups as they are, a bare
    layer (the register's cluster or grid) in a group of its own name; a script
    element (the areas' click list) joins the group before it."""
    groups: list[folium.FeatureGroup] = []
    for child in list(scratch._children.values()):
        if isinstance(child, folium.FeatureGroup):
            groups.append(child)
        elif isinstance(child, folium.map.Layer):
            group = folium.FeatureGroup(name=child.layer_name, show=child.show)
            child.layer_name, child.control = None, False
            group.add_child(child)
            groups.append(group)
        elif isinstance(child, MacroElement) and groups:
            groups[-1].add_child(child)
        else:
            continue
        del scratch._children[child.get_name()]
    return groups


class _LegendControl(MacroElement):
    """The legend as a Leaflet control that comes and goes with its FeatureGroup (so a
    new legend replaces the old one when the overlays are swapped)."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var group = {{ this._parent.get_name() }};
  var control = L.control({position: "bottomleft"});
  control.onAdd = function () {
    var div = L.DomUtil.create("div");
    div.innerHTML = {{ this.html_js }};
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  group.on("add", function () { control.addTo(group._map); });
  group.on("remove", function () { control.remove(); });
})();
{% endmacro %}
""")

    def __init__(self, html: str):
        super().__init__()
        self._name = "LegendControl"
        self.html_js = area_layers._js(html)


class _StartHidden(MacroElement):
    """Takes its FeatureGroup off the map the first time it is added (a layer shown
    only on request, e.g. precision circles); the layer control can add it back."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.once("add", function (e) {
  var group = e.target;
  setTimeout(function () { if (group._map) { group._map.removeLayer(group); } }, 0);
});
{% endmacro %}
""")


class _PluginAssets(MacroElement):
    """Loads the marker-cluster plugin with the base map (no script of its own)."""

    _template = Template("")
    default_js = [("markerclusterjs", "")]
    default_css = [("markerclustercss", ""), ("markerclusterdefaultcss", "")]
