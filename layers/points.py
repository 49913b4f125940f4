"""Facility points on the folium map: one marker per location, every facility listed."""

from __future__ import annotations

import folium
import pandas as pd

from core import settings
from core.i18n import t
from core.taxonomy import load_taxonomy
from layers import style
from layers.popups import esc, table


def _facility_rows(f, lang: str) -> list[tuple[str, object]]:
    tax = load_taxonomy()
    cat = settings.FACILITY_CATEGORIES.get(f["category"], (f["category"],) * 2)
    return [
        (t("category", lang), cat[0] if lang == "zh" else cat[1]),
        (t("industries", lang), "、".join(tax.name(i, lang) for i in f["industries"])),
        (t("precision", lang), f"± {f['precision_m']:,.0f} {t('metres', lang)}"),
        (t("location_method", lang), f["location_method"]),
        (t("source", lang), f["source"]),
    ]


def facility_popup_html(group: pd.DataFrame, *, lang: str = "zh") -> str:
    """All facilities sharing one location, each with category, precision and source."""
    col = "name_zh" if lang == "zh" else "name_en"
    return "<hr style='margin:4px 0'>".join(
        table(_facility_rows(f, lang), title=f[col]) for _, f in group.iterrows())


def add_facilities(m: folium.Map, facilities: pd.DataFrame, *, lang: str = "zh",
                   show_precision: bool = False) -> folium.Map:
    """Markers coloured by the (first) category at each location; a second layer,
    hidden by default, draws each location's precision circle (metres)."""
    points = folium.FeatureGroup(name=t("facilities", lang), show=True)
    circles = folium.FeatureGroup(name=t("precision_circles", lang), show=show_precision)
    col = "name_zh" if lang == "zh" else "name_en"
    for (lon, lat), group in facilities.groupby(["lon", "lat"], sort=False):
        cat = group["category"].iloc[0]
        color = style.CATEGORY_COLORS.get(cat, "#444444")
        n = len(group)
        tip = group[col].iloc[0] if n == 1 else \
            t("n_facilities_here", lang).format(n=n) + "：" + "、".join(group[col].head(3)) + \
            ("…" if n > 3 else "")
        tip += f"（±{group['precision_m'].max():,.0f} m）"
        folium.CircleMarker(
            location=[lat, lon], radius=5 + min(n, 20) ** 0.5 * 2, color="white", weight=1.5,
            fill=True, fill_color=color, fill_opacity=0.9, tooltip=esc(tip),
            popup=folium.Popup(facility_popup_html(group, lang=lang), max_width=380),
        ).add_to(points)
        folium.Circle(location=[lat, lon], radius=float(group["precision_m"].max()),
                      color=color, weight=1, dash_array="4 4", fill=False,
                      interactive=False).add_to(circles)
    points.add_to(m)
    circles.add_to(m)
    return m


def add_enterprises(m: folium.Map, enterprises: pd.DataFrame, *, lang: str = "zh"
                    ) -> folium.Map:
    """Uploaded enterprises as client-side clusters (fine to ~10⁵ points); no per-point
    popup, so no user text reaches the page."""
    from folium.plugins import FastMarkerCluster

    data = enterprises[["lat", "lon"]].to_numpy().round(6).tolist()
    FastMarkerCluster(data, name=t("enterprises_uploaded", lang)).add_to(m)
    return m
