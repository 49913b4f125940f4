"""The interactive map as one standalone HTML file (Leaflet inlined, works offline)."""

from __future__ import annotations

from pathlib import Path

from core import loaders, settings
from core.areas import load_areas
from core.facilities import load_facilities
from layers import areas as area_layers
from layers import base, basemap, points


def export_html(path: str | Path, *, lang: str = "zh", tiles: str = settings.DEFAULT_TILES
                ) -> Path:
    """Write the cluster map (districts, 街道, 深汕, areas with popups) to ``path``."""
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"cannot export {path.suffix!r} as HTML; use .html")
    m = basemap.new_map(tiles=tiles)
    base.add_subdistricts(m, loaders.load_subdistricts(), lang=lang)
    base.add_districts(m, loaders.load_districts(), lang=lang)
    base.add_shenshan(m, loaders.load_shenshan(), lang=lang)
    area_layers.add_areas(m, load_areas(), lang=lang)
    points.add_facilities(m, load_facilities(), lang=lang)
    basemap.finish(m)
    m.save(str(path))
    return path
