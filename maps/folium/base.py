"""Base layers: districts, 街道 and the 深汕 zone, as folium GeoJson layers."""

from __future__ import annotations

import folium
import geopandas as gpd

from core.i18n import name_col, t
from maps import style
from maps.folium.popups import esc, table


def _props_geojson(gdf: gpd.GeoDataFrame, columns: list[str]) -> dict:
    """GeoJSON of ``gdf`` with only ``columns``, every text value pre-escaped."""
    out = gdf[columns + ["geometry"]].copy()
    for col in columns:
        out[col] = out[col].map(esc)
    return out.__geo_interface__


def add_subdistricts(m: folium.Map, gdf: gpd.GeoDataFrame, *, lang: str = "zh") -> folium.Map:
    """The 74 街道 as a thin-outlined layer with a name tooltip."""
    data = _props_geojson(gdf, ["name_zh", "district_zh"])
    folium.GeoJson(
        data,
        name=t("subdistricts", lang),
        style_function=lambda _f: style.SUBDISTRICT_STYLE,
        tooltip=folium.GeoJsonTooltip(
            ["name_zh", "district_zh"], aliases=[t("subdistrict", lang), t("district", lang)]
        ),
    ).add_to(m)
    return m


def add_districts(m: folium.Map, gdf: gpd.GeoDataFrame, *, lang: str = "zh") -> folium.Map:
    """The 10 districts as bold outlines (no fill, so clicks reach layers below)."""
    data = _props_geojson(gdf, ["name_zh", "name_en"])
    folium.GeoJson(
        data,
        name=t("districts", lang),
        style_function=lambda _f: style.DISTRICT_STYLE,
        interactive=False,
    ).add_to(m)
    return m


def shenshan_popup_html(row, *, lang: str = "zh") -> str:
    """深汕's popup: its precision, how the outline was made and the sources. The
    method and sources are fixed texts written by build.base_layers (in English, with
    Chinese place names); the popup gives them in the page language."""
    name = row[name_col(lang)]
    return table(
        [(t("precision", lang), f"± {row['precision_m']:,.0f} {t('metres', lang)}"),
         (t("method", lang), t("shenshan_method", lang)),
         (t("source", lang), t("shenshan_sources", lang).split(t("sep.sentences", lang)))],
        title=name,
    )


def add_shenshan(m: folium.Map, gdf: gpd.GeoDataFrame, *, lang: str = "zh") -> folium.Map:
    """深汕 with a dashed outline and a popup stating its method and precision."""
    row = gdf.iloc[0]
    name = row[name_col(lang)]
    folium.GeoJson(
        gdf[["geometry"]].__geo_interface__,
        name=t("shenshan", lang),
        style_function=lambda _f: style.SHENSHAN_STYLE,
        tooltip=esc(name),
        popup=folium.Popup(shenshan_popup_html(row, lang=lang), max_width=360),
    ).add_to(m)
    return m
