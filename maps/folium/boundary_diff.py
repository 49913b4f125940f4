"""Two boundary versions of one area drawn over each other (issue 20 item 1, the diff
view): the part kept in both, the part the newer version adds and the part it
removes, each with its km², from :meth:`data.workspace.Workspace.boundary_diff`."""

from __future__ import annotations

import folium
import geopandas as gpd

from core.i18n import t
from maps.folium.popups import esc

#: Colour of each part: kept grey, added green, removed red.
PART_COLORS = {"kept": "#7a7a7a", "added": "#1a9850", "removed": "#d73027"}


def add_context(m: folium.Map, context: gpd.GeoDataFrame | None, bounds, *, lang: str,
                margin_deg: float = 0.05) -> None:
    """Draw the polygons of ``context`` (the 街道) within ``margin_deg`` degrees of
    ``bounds`` (west, south, east, north; WGS-84) as thin grey outlines, where a
    boundary lies."""
    if context is None or not len(context):
        return
    w, s, e, n = bounds
    near = context.cx[w - margin_deg:e + margin_deg, s - margin_deg:n + margin_deg]
    if len(near):
        folium.GeoJson(near[["geometry"]].to_json(), name=esc(t("subdistricts", lang)),
                       style_function=lambda _f: {"color": "#888888", "weight": 0.8,
                                                  "fill": False},
                       control=False).add_to(m)


def add_boundary_diff(m: folium.Map, diff: gpd.GeoDataFrame, *, lang: str,
                      context: gpd.GeoDataFrame | None = None) -> folium.Map:
    """Add the parts of ``diff`` (columns part, km2; EPSG:4326) to ``m``, one layer
    each, with a tooltip naming the part and its km² (escaped); the map is framed on
    both versions. ``context``: polygons drawn as thin grey outlines underneath (the
    街道), where the versions lie."""
    add_context(m, context, diff.total_bounds, lang=lang)
    for _, r in diff.iterrows():
        if r.geometry is None or r.geometry.is_empty:
            continue
        color = PART_COLORS[r["part"]]
        label = t("history.diff_" + r["part"], lang)
        group = folium.FeatureGroup(name=esc(label))
        folium.GeoJson(
            gpd.GeoSeries([r.geometry], crs=diff.crs).to_json(),
            style_function=lambda _f, c=color: {"color": c, "weight": 2, "fillColor": c,
                                                "fillOpacity": 0.35},
            tooltip=esc(f"{label}: {r['km2']:,.3f} km²")).add_to(group)
        group.add_to(m)
    w, s, e, n = diff.total_bounds
    m.fit_bounds([[s, w], [n, e]])
    return m
