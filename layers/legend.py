"""A fixed legend box on the folium map (kinds, boundary grades, facility categories)."""

from __future__ import annotations

import folium

from core import settings
from core.i18n import t
from layers import style
from layers.popups import esc

_DASH_CSS = {None: "solid", "4 3": "dashed", "6 4": "dashed", "2 4": "dotted"}




def legend_html(*, lang: str = "zh", categories=(), color_by: str = "kind") -> str:
    """The legend as HTML; every label comes from the project's own strings, escaped."""
    from core.taxonomy import load_taxonomy

    tax = load_taxonomy()
    rows = []
    if color_by == "sector":
        swatches = [(c, tax.name(s, lang) if s != "future" else t("future_industries", lang))
                    for s, c in style.SECTOR_COLORS.items()]
    else:
        swatches = [(c, t("kind_" + k, lang)) for k, c in style.KIND_COLORS.items()]
    for color, label in swatches:
        rows.append(f"<div><span style='display:inline-block;width:14px;height:10px;"
                    f"background:{color};opacity:.5;border:1px solid {color}'></span> "
                    f"{esc(label)}</div>")
    for grade, dash in style.GRADE_DASH.items():
        rows.append(f"<div><span style='display:inline-block;width:22px;border-top:2px "
                    f"{_DASH_CSS.get(dash, 'dashed')} #333;vertical-align:middle'></span> "
                    f"{esc(t('grade_' + grade, lang))}</div>")
    for cat in categories:
        zh, en = settings.FACILITY_CATEGORIES[cat]
        rows.append(f"<div><span style='display:inline-block;width:10px;height:10px;"
                    f"border-radius:5px;background:{style.CATEGORY_COLORS[cat]}'></span> "
                    f"{esc(zh if lang == 'zh' else en)}</div>")
    return ("<div style='position:absolute;bottom:28px;right:10px;z-index:9999;"
            "background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;"
            "font-size:11px;line-height:1.5;box-shadow:0 1px 4px rgba(0,0,0,.3)'>"
            f"<b>{esc(t('legend', lang))}</b>" + "".join(rows) + "</div>")


def add_legend(m: folium.Map, *, lang: str = "zh", categories=(), color_by: str = "kind"
               ) -> folium.Map:
    m.get_root().html.add_child(folium.Element(legend_html(
        lang=lang, categories=categories, color_by=color_by)))
    return m
