"""A fixed legend box on the folium map (kinds, boundary grades, facility categories)."""

from __future__ import annotations

import folium

from core import settings
from core.i18n import t
from maps import style
from maps.folium.popups import esc

_DASH_CSS = {None: "solid", "4 3": "dashed", "6 4": "dashed", "2 4": "dotted"}




def legend_html(*, lang: str = "zh", categories=(), color_by: str = "kind",
                enterprise_categories=(), floating: bool = True,
                open_: bool = True, concentrations: bool = False) -> str:
    """The legend as HTML; every label comes from the project's own strings, escaped.
    It sits bottom-left, over the estuary and Hong Kong at the city view (bottom-right
    would hide 大鹏), and folds away with a click on its title. ``concentrations``:
    the two kinds of observed concentration come first (the "observed vs plan"
    mode)."""
    from core.taxonomy import load_taxonomy

    tax = load_taxonomy()
    rows = []
    if concentrations:
        from maps.folium.concentrations import legend_rows

        for path, label in legend_rows(lang):
            rows.append(f"<div><span style='display:inline-block;width:14px;height:10px;"
                        f"background:{path['fillColor']};opacity:.8;border:2px "
                        f"{_DASH_CSS.get(path['dashArray'], 'dashed')} {path['color']};"
                        f"vertical-align:middle'></span> {esc(label)}</div>")
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
    for names, colors, cats in ((settings.FACILITY_CATEGORIES, style.CATEGORY_COLORS,
                                 categories),
                                (settings.ENTERPRISE_CATEGORIES, style.ENTERPRISE_COLORS,
                                 enterprise_categories)):
        for cat in cats:
            zh, en = names[cat]
            rows.append(f"<div><span style='display:inline-block;width:10px;height:10px;"
                        f"border-radius:5px;background:{colors[cat]}'></span> "
                        f"{esc(zh if lang == 'zh' else en)}</div>")
    if categories or enterprise_categories:  # points drawn: located vs area-level
        rows.append("<div><span style='display:inline-block;width:10px;height:10px;"
                    "border-radius:5px;background:#666;border:1px solid white'></span> "
                    f"{esc(t('legend_located', lang))}</div>")
        rows.append("<div><span style='display:inline-block;width:12px;height:12px;"
                    "box-sizing:border-box;border-radius:6px;border:2px dashed #666;"
                    "background:#fff;vertical-align:middle'></span> "
                    f"{esc(t('legend_area_level', lang))}</div>")
    # floating: placed over the map page by itself; else inside a Leaflet control,
    # which places it
    where = "position:absolute;bottom:64px;left:10px;z-index:9999;" if floating else ""
    return (f"<details{' open' if open_ else ''} style='{where}"
            "background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;"
            "font-size:11px;line-height:1.5;box-shadow:0 1px 4px rgba(0,0,0,.3)'>"
            f"<summary style='cursor:pointer'><b>{esc(t('legend', lang))}</b></summary>"
            + "".join(rows) + "</details>")


def add_legend(m: folium.Map, *, lang: str = "zh", categories=(), color_by: str = "kind",
               enterprise_categories=()) -> folium.Map:
    m.get_root().html.add_child(folium.Element(legend_html(
        lang=lang, categories=categories, color_by=color_by,
        enterprise_categories=enterprise_categories)))
    return m
