"""The interactive map as one standalone HTML file (Leaflet inlined, works offline)."""

from __future__ import annotations

from pathlib import Path

from core import settings
from data import loaders
from data.areas import load_areas
from data.catalogues import load_enterprises, load_facilities
from maps.folium.compose import MapLayers, MapView, build_map
from maps.folium.geometry import for_display


def shipped_layers() -> MapLayers:
    """The shipped data as the maps draw it (display copies of the boundaries)."""
    return MapLayers(districts=for_display(loaders.load_districts()),
                     subdistricts=for_display(loaders.load_subdistricts()),
                     shenshan=for_display(loaders.load_shenshan()),
                     areas=for_display(load_areas()), facilities=load_facilities(),
                     enterprises=load_enterprises(), is_sample=True)


def export_html(path: str | Path, *, lang: str = "zh", tiles: str = settings.DEFAULT_TILES
                ) -> Path:
    """Write the cluster map (districts, 街道, 深汕, areas with popups, facilities, the
    enterprise sample, legend) to ``path``, built as the 地图 page builds it."""
    from core.safe_io import write_bytes

    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"cannot export {path.suffix!r} as HTML; use .html")
    m = build_map(shipped_layers(), MapView(lang=lang, tiles=tiles))
    return write_bytes(path, m.get_root().render().encode("utf-8"))
