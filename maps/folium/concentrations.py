"""Observed concentrations of firms on the folium map (the 地图 page's "observed vs
plan" mode): one polygon each, drawn over the plan's areas, with a popup of what it
holds and how it sits against the plan.

Input: the concentrations of :func:`analysis.concentrations.find_concentrations` (one
row per polygon, EPSG:4326) carrying the plan columns of
:class:`analysis.concentrations.PlanVsReality` ``.concentrations`` — ``inside``,
``nearest_area_id``, ``nearest_area_name_zh``/``_en``, ``distance_m``. A
concentration *inside* an area whose focus includes its industry is drawn solid; one
outside every such area dashed red (:data:`maps.style.CONCENTRATION_STYLES`).

Every text goes through :mod:`maps.folium.popups` (escaped). The zh/en words are the
catalogue's ``conc.map.*`` keys (core.i18n).
"""

from __future__ import annotations

import math

import folium
import geopandas as gpd

from core.taxonomy import load_taxonomy
from maps import style
from maps.folium.popups import esc, table


#: zh/en words of the layer, its popups and its legend rows.
def tr(key: str, lang: str) -> str:
    """The word ``key`` in ``lang`` (catalogue keys ``conc.map.*``)."""
    from core.i18n import t

    return t("conc.map." + key, lang)


def _names(ids, lang: str) -> str:
    tax = load_taxonomy()
    parts = [tax.name(i, lang) for i in str(ids or "").split(";") if i in tax.entries]
    return ("、" if lang == "zh" else "; ").join(parts)


def _number(value, fmt: str) -> str | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else format(v, fmt)


def _ratio(value) -> str:
    """A ratio as a reader takes it in: 3.4, 27, 1,254."""
    v = _number(value, ".6g")
    if v is None:
        return "—"
    return format(float(v), ".1f" if float(v) < 10 else ",.0f")


def popup_rows(row, lang: str) -> list[tuple[str, object]]:
    """(label, value) rows of a concentration's popup: firms and sites, km², density
    (and its ratio to the land mean), dominant industries, LQ, where it sits against
    the plan, the nearest matching area and its distance, the coarsest error bound."""
    unit = "m" if lang == "en" else "米"
    rows: list[tuple[str, object]] = [
        (tr("firms", lang), tr("firms_value", lang).format(
            firms=f"{int(row['firms']):,}", sites=f"{int(row['sites']):,}")),
        (tr("area", lang), f"{float(row['area_km2']):.2f} km²"),
        (tr("density", lang), tr("density_value", lang).format(
            d=_number(row["density_per_km2"], ",.0f") or "—",
            r=_ratio(row.get("density_ratio")))),
        (tr("dominant", lang), _names(row.get("dominant_industries"), lang) or "—"),
        (tr("lq", lang), _number(row.get("lq"), ".2f") or "—"),
    ]
    if "inside" in row:
        rows.append((tr("plan", lang), tr("plan_inside" if bool(row["inside"])
                                          else "plan_outside", lang)))
        name = row.get(f"nearest_area_name_{'zh' if lang == 'zh' else 'en'}")
        if isinstance(name, str) and name:
            rows.append((tr("nearest", lang), name))
            rows.append((tr("distance", lang),
                         f"{_number(row.get('distance_m'), ',.0f') or '—'} {unit}"))
        else:
            rows.append((tr("nearest", lang), tr("no_matching_area", lang)))
    prec = _number(row.get("max_precision_m"), ",.0f")
    rows.append((tr("precision", lang), f"± {prec} {unit}" if prec else tr("unknown", lang)))
    return rows


def _industry(row, lang: str) -> str:
    return _names(row.get("industry") or row.get("top_industry"), lang)


def popup_html(row, lang: str) -> str:
    """A concentration's popup: its id and industry as the title, then
    :func:`popup_rows`; every text escaped."""
    return table(popup_rows(row, lang), title=tr("title", lang).format(
        id=row["concentration_id"], industry=_industry(row, lang)))


def add_concentrations(m: folium.Map, concentrations: gpd.GeoDataFrame, *,
                       lang: str = "zh") -> folium.Map:
    """One toggleable layer of the concentrations, drawn above the areas (added
    after them): solid when inside an area focused on its industry, dashed red when
    outside every such area (:data:`maps.style.CONCENTRATION_STYLES`). Each polygon
    is a GeoJSON feature with ``concentration_id`` and ``plan`` ("inside" |
    "outside") properties, a tooltip and a popup; a click on one opens its own popup
    (it does not reach the map, whose click lists the areas at a point)."""
    group = folium.FeatureGroup(name=tr("layer", lang), show=True)
    for _, row in concentrations.iterrows():
        plan = "inside" if bool(row.get("inside", False)) else "outside"
        path_style = style.CONCENTRATION_STYLES[plan]
        folium.GeoJson(
            {"type": "FeatureCollection", "features": [{
                "type": "Feature", "id": str(row["concentration_id"]),
                "properties": {"concentration_id": str(row["concentration_id"]),
                               "plan": plan},
                "geometry": row.geometry.__geo_interface__}]},
            style_function=lambda _f, s=path_style: s,
            highlight_function=lambda _f, s=path_style: {"weight": s["weight"] + 2},
            tooltip=esc(tr("tooltip", lang).format(
                id=row["concentration_id"], industry=_industry(row, lang),
                firms=f"{int(row['firms']):,}")),
            popup=folium.Popup(popup_html(row, lang), max_width=420),
            bubbling_mouse_events=False, class_name=f"sz-concentration sz-{plan}",
        ).add_to(group)
    group.add_to(m)
    return m


#: Radius (pixels) of a concentration's centre ring: a concentration of 1 km² is a
#: few pixels wide at the city view and would hide under a facility marker.
CENTRE_RADIUS_PX = 7


def add_concentration_centres(m: folium.Map, concentrations: gpd.GeoDataFrame, *,
                              lang: str = "zh") -> folium.Map:
    """A ring at each concentration's centre (mean member position), styled as its
    polygon, with the same tooltip and popup: what keeps a small concentration
    visible and clickable at the city view. Drawn after the facilities (above
    them), in a layer of its own."""
    group = folium.FeatureGroup(name=tr("layer_centres", lang), show=True)
    for _, row in concentrations.iterrows():
        plan = "inside" if bool(row.get("inside", False)) else "outside"
        s = style.CONCENTRATION_STYLES[plan]
        folium.CircleMarker(
            location=[float(row["centre_lat"]), float(row["centre_lon"])],
            radius=CENTRE_RADIUS_PX, color=s["color"], weight=2.5,
            dash_array=s["dashArray"], fill=True, fill_color="#ffffff", fill_opacity=0.85,
            tooltip=esc(tr("tooltip", lang).format(
                id=row["concentration_id"], industry=_industry(row, lang),
                firms=f"{int(row['firms']):,}")),
            popup=folium.Popup(popup_html(row, lang), max_width=420),
            bubbling_mouse_events=False,
        ).add_to(group)
    group.add_to(m)
    return m


def legend_rows(lang: str) -> list[tuple[dict, str]]:
    """(path style, label) of the two kinds of concentration, for the legend."""
    return [(style.CONCENTRATION_STYLES["inside"], tr("legend_inside", lang)),
            (style.CONCENTRATION_STYLES["outside"], tr("legend_outside", lang))]
