"""The interactive map as one standalone HTML file (Leaflet inlined, works offline)."""

from __future__ import annotations

from pathlib import Path

import folium

from core import settings
from data import loaders
from data.areas import load_areas
from data.catalogues import load_enterprises, load_facilities
from maps.folium.compose import MapLayers, MapView, build_map
from maps.folium.geometry import for_display
from maps.folium.popups import esc


def shipped_layers() -> MapLayers:
    """The shipped data as the maps draw it (display copies of the boundaries)."""
    return MapLayers(districts=for_display(loaders.load_districts()),
                     subdistricts=for_display(loaders.load_subdistricts()),
                     shenshan=for_display(loaders.load_shenshan()),
                     areas=for_display(load_areas()), facilities=load_facilities(),
                     enterprises=load_enterprises(), is_sample=True)


def default_title(lang: str, industries=()) -> str:
    """The title the static map gives the same view (city, industries)."""
    from core.taxonomy import expand_filter, load_taxonomy
    from maps.static.spec import text

    title = text("title_city", lang)
    ids = expand_filter(list(industries))
    if ids:
        tax = load_taxonomy()
        title += text("title_sep", lang) + "、".join(tax.name(i, lang) for i in ids[:3]) \
            + ("…" if len(ids) > 3 else "")
    return title


def export_html(path: str | Path, *, lang: str = "zh", tiles: str = settings.DEFAULT_TILES,
                title: str | None = None, subtitle: str | None = None,
                industries=()) -> Path:
    """Write the cluster map (districts, 街道, 深汕, areas with popups, facilities, the
    enterprise sample, legend) to ``path``, built as the 地图 page builds it, with a
    title box (``title``, default from the view; ``subtitle``, default the plan
    reference) that is also the page's ``<title>``. ``industries``: as the sidebar
    filter (areas, facilities and firms)."""
    from core.safe_io import write_bytes
    from maps.static.spec import text

    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"cannot export {path.suffix!r} as HTML; use .html")
    m = build_map(shipped_layers(), MapView(lang=lang, tiles=tiles,
                                            industries=tuple(industries)))
    title = title or default_title(lang, industries)
    subtitle = subtitle if subtitle is not None else text("subtitle_plan", lang)
    add_title(m, title, subtitle)
    return write_bytes(path, m.get_root().render().encode("utf-8"))


def add_title(m: folium.Map, title: str, subtitle: str = "") -> folium.Map:
    """A title box over the top centre of the map (escaped), and the page title."""
    m.get_root().title = esc(title)
    box = ("<div class='szmap-title' style='position:fixed;top:10px;left:50%;"
           "transform:translateX(-50%);z-index:1000;max-width:60%;text-align:center;"
           "background:rgba(255,255,255,.92);padding:6px 14px;border-radius:4px;"
           "box-shadow:0 1px 4px rgba(0,0,0,.3);font-family:sans-serif'>"
           f"<div style='font-size:17px;font-weight:bold'>{esc(title)}</div>"
           + (f"<div style='font-size:12px;color:#444'>{esc(subtitle)}</div>"
              if subtitle else "") + "</div>")
    m.get_root().html.add_child(folium.Element(box))
    return m
