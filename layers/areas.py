"""Cluster / platform / 片区 polygons on the folium map, with their provenance."""

from __future__ import annotations

import folium
import geopandas as gpd

from core.i18n import t
from core.taxonomy import load_taxonomy
from layers import style
from layers.popups import esc, table

LAYER_ORDER = ("sub_area", "innovation_cluster", "strategic_platform")


def method_text(row, lang: str) -> str:
    """The boundary method in the page language (Chinese where the definitions give
    it, else the English text)."""
    zh = row.get("method_zh")
    return zh if lang == "zh" and isinstance(zh, str) and zh else row["method"]


def area_popup_html(row, *, lang: str = "zh", counts: dict | None = None) -> str:
    """Popup: kind, plan section and quoted focus, industries, km², point counts (if
    given: {"n_facilities": …, "n_enterprises": …}), grade and method."""
    tax = load_taxonomy()
    name = row["name_zh"] if lang == "zh" else row["name_en"]
    published = row.get("published_km2")
    rows = [
        (t("kind_" + row["kind"], lang), row["name_en"] if lang == "zh" else row["name_zh"]),
        (t("districts_in", lang), row["districts"]),
        (t("area_km2", lang), f"{row['area_km2']:.2f}"),
    ]
    if published == published and published is not None:  # not NaN
        rows.append((t("published_km2", lang), f"{published:g}"))
    for key in ("n_facilities", "n_enterprises"):
        if counts and key in counts:
            rows.append((t("col_" + key, lang), f"{int(counts[key]):,}"))
    rows += [
        (t("grade", lang), f"{t('grade_' + row['grade'], lang)} · ± "
                           f"{row['precision_m']:.0f} {t('metres', lang)}"),
        (t("method", lang), method_text(row, lang)),
        (t("plan_section", lang), row["plan_section"]),
        (t("focus", lang), row["focus_text"]),
        (t("industries", lang), "、".join(tax.name(i, lang) for i in row["industry_ids"])),
        (t("source", lang), row["sources"]),
    ]
    return table(rows, title=name)


def add_areas(m: folium.Map, areas: gpd.GeoDataFrame, *, lang: str = "zh",
              color_by: str = "kind", counts: dict | None = None) -> folium.Map:
    """One toggleable layer per kind; each polygon with tooltip (name) and popup.

    ``color_by``: "kind" (platform / cluster / 片区) or "sector" (the sector holding
    most of the area's focus industries).
    """
    tax = load_taxonomy()
    for kind in LAYER_ORDER:
        part = areas[areas["kind"] == kind]
        if part.empty:
            continue
        group = folium.FeatureGroup(name=t("kind_" + kind, lang), show=True)
        for _, row in part.iterrows():
            name = row["name_zh"] if lang == "zh" else row["name_en"]
            path_style = style.area_style(kind, row["grade"])
            if color_by == "sector":
                c = style.SECTOR_COLORS[style.dominant_sector(row["industry_ids"], tax)]
                path_style = {**path_style, "color": c, "fillColor": c}
            folium.GeoJson(
                row.geometry.__geo_interface__,
                style_function=lambda _f, s=path_style: s,
                highlight_function=lambda _f: {"weight": 4},
                tooltip=esc(name),
                popup=folium.Popup(area_popup_html(
                    row, lang=lang, counts=(counts or {}).get(row["id"])), max_width=380),
            ).add_to(group)
        group.add_to(m)
    return m
