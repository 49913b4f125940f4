"""Change between two saved registers on the folium map (the 地图 page's "change" mode):
the firms that came and went where the registers share an id column, else each area's
count before and after.

Inputs are frames of :mod:`analysis.change`: :func:`analysis.change.entries_exits`
(one row per firm: ``status``, ``key``, ``lon``/``lat``, ``name``) or the ``all`` rows
of :func:`analysis.change.compare_snapshots` joined to the area polygons. Every text
goes through :mod:`maps.folium.popups` (escaped); the zh/en words are the catalogue's
``change.map.*`` keys.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from core.i18n import name_col, t
from maps.folium.popups import esc, table

#: At most this many entries and exits are drawn one by one; more than that and the
#: page shows each area's counts instead (a browser draws a few thousand markers fast).
MAX_MARKERS = 2000
#: Marker styles: an entry a filled green dot at its new place, an exit a red ring at
#: its old one (colour-blind readers tell them apart by the fill).
STYLES = {"entry": {"color": "#1b5e20", "fill_color": "#43a047", "fill_opacity": 0.9,
                    "weight": 1},
          "exit": {"color": "#c62828", "fill_color": "#ffffff", "fill_opacity": 0.0,
                   "weight": 2}}
#: Area fill by the sign of the change (more, fewer, the same).
AREA_COLORS = {1: "#43a047", -1: "#e53935", 0: "#9e9e9e"}


def tr(key: str, lang: str) -> str:
    """The word ``key`` in ``lang`` (catalogue keys ``change.map.*``)."""
    return t("change.map." + key, lang)


def add_entries_exits(m: folium.Map, diff: pd.DataFrame, *, key_name: str,
                      lang: str = "zh") -> folium.Map:
    """Two toggleable layers, entries and exits, one marker per firm (at most
    :data:`MAX_MARKERS` in all: the caller shows counts beyond that) with a popup of
    its status, name and ``key_name`` value."""
    if len(diff) > MAX_MARKERS:
        raise ValueError(f"{len(diff):,} entries and exits: draw the counts instead "
                         f"(at most {MAX_MARKERS:,} markers)")
    for status in ("exit", "entry"):  # entries on top
        rows = diff[diff["status"] == status]
        group = folium.FeatureGroup(name=tr(f"layer_{status}", lang).format(
            n=f"{len(rows):,}"), show=True)
        s = STYLES[status]
        for r in rows.itertuples(index=False):
            popup = table([(tr("status", lang), tr(status, lang)),
                           (tr("name", lang), r.name), (key_name, r.key)])
            folium.CircleMarker(
                (float(r.lat), float(r.lon)), radius=5, color=s["color"],
                weight=s["weight"], fill=True, fill_color=s["fill_color"],
                fill_opacity=s["fill_opacity"],
                tooltip=esc(f"{tr(status, lang)} · {r.name or r.key}"),
                popup=folium.Popup(popup, max_width=360), bubbling_mouse_events=False,
                class_name=f"sz-change sz-{status}").add_to(group)
        group.add_to(m)
    return m


def _growth(before: int, after: int) -> str:
    return "—" if before == 0 else f"{100.0 * (after - before) / before:+.1f}%"


def add_area_changes(m: folium.Map, areas: gpd.GeoDataFrame, counts: pd.DataFrame, *,
                     lang: str = "zh") -> folium.Map:
    """One layer of the areas coloured by the sign of their change (green more, red
    fewer, grey the same), each with a tooltip and popup of the counts before and
    after, the change and the growth rate. ``counts``: ``area_id``, ``before``,
    ``after`` (the ``all`` rows of :func:`analysis.change.compare_snapshots`)."""
    per = counts.set_index("area_id")[["before", "after"]]
    names = areas.set_index("id")[name_col(lang)]
    group = folium.FeatureGroup(name=tr("layer_areas", lang), show=True)
    for area_id, geom in zip(areas["id"], areas.geometry, strict=True):
        before, after = (int(per.at[area_id, c]) if area_id in per.index else 0
                         for c in ("before", "after"))
        sign = (after > before) - (after < before)
        color = AREA_COLORS[sign]
        text = tr("area_tooltip", lang).format(name=names[area_id], before=f"{before:,}",
                                                after=f"{after:,}",
                                                change=f"{after - before:+,}",
                                                growth=_growth(before, after))
        popup = table([(tr("before_n", lang), f"{before:,}"),
                       (tr("after_n", lang), f"{after:,}"),
                       (tr("change", lang), f"{after - before:+,}"),
                       (tr("growth", lang), _growth(before, after))], title=names[area_id])
        folium.GeoJson(
            {"type": "Feature", "id": str(area_id), "properties": {"sign": sign},
             "geometry": geom.__geo_interface__},
            style_function=lambda _f, c=color: {"color": c, "weight": 2, "fillColor": c,
                                                "fillOpacity": 0.25},
            tooltip=esc(text), popup=folium.Popup(popup, max_width=360),
            bubbling_mouse_events=False, class_name=f"sz-change-area sz-sign{sign + 1}",
        ).add_to(group)
    group.add_to(m)
    return m

