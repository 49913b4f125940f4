"""The 边界 page's map (issue 20 item 1): an area's boundary in force with the
leaflet-draw tools, to draw a new boundary, move the vertices of the one in force, or
draw the part to cut out of it. What the tools leave is read back from streamlit-folium
(``all_drawings``) by :func:`app_pages.boundary_edit.from_drawings`."""

from __future__ import annotations

import folium
import geopandas as gpd
import shapely
from folium.plugins import Draw

from maps.folium.boundary_diff import add_context
from maps.folium.popups import esc

#: Colour of the boundary in force, and of what is drawn.
ACTIVE_COLOR, DRAW_COLOR = "#555555", "#d7301f"


def _parts(geometry) -> list[shapely.Polygon]:
    if isinstance(geometry, shapely.Polygon):
        return [geometry]
    return [g for g in getattr(geometry, "geoms", []) if isinstance(g, shapely.Polygon)]


def _rings(polygon: shapely.Polygon) -> list[list[tuple[float, float]]]:
    """A polygon's rings as Leaflet wants them: (lat, lon), outer ring first, the
    closing vertex dropped."""
    return [[(y, x) for x, y in ring.coords[:-1]]
            for ring in (polygon.exterior, *polygon.interiors)]


def add_boundary_tools(m: folium.Map, geometry, *, mode: str, lang: str, label: str,
                       context: gpd.GeoDataFrame | None = None) -> folium.Map:
    """Add the boundary in force (``geometry``, WGS-84; ``label``: what it is, escaped)
    and the draw tools to ``m``, framed on the boundary. ``mode`` "edit": its polygons
    are the draw tools' editable layers (their vertices move; the edit toolbar's Save
    reports them); "new" and "cut": it is a dashed outline under what is drawn.
    ``context``: polygons (the 街道) drawn as thin grey outlines underneath."""
    add_context(m, context, geometry.bounds, lang=lang, margin_deg=0.03)
    tip = esc(label)
    editable = folium.FeatureGroup(name=tip, control=False)
    for part in _parts(geometry):
        if mode == "edit":
            folium.Polygon(_rings(part), color=DRAW_COLOR, weight=2, fill=True,
                           fill_opacity=0.15, tooltip=tip).add_to(editable)
        else:
            folium.Polygon(_rings(part), color=ACTIVE_COLOR, weight=2, dash_array="6 4",
                           fill=True, fill_opacity=0.08, tooltip=tip).add_to(m)
    editable.add_to(m)
    shape = {"shapeOptions": {"color": DRAW_COLOR}}
    Draw(draw_options={"polyline": False, "circle": False, "circlemarker": False,
                       "marker": False, "rectangle": shape,
                       "polygon": {**shape, "allowIntersection": False}},
         edit_options={"edit": mode == "edit", "remove": True},
         feature_group=editable, show_geometry_on_click=False).add_to(m)
    w, s, e, n = geometry.bounds
    m.fit_bounds([[s, w], [n, e]])
    return m
