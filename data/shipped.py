"""What data the project ships: one row per layer with its size and source."""

from __future__ import annotations

import pandas as pd

from core import settings
from data import loaders


def shipped_layers() -> pd.DataFrame:
    """One row per shipped layer: name, features, area_km2 (EPSG:4547), file."""
    rows = []
    for name, load, path in (
        ("districts", loaders.load_districts, settings.DISTRICTS_FILE),
        ("subdistricts", loaders.load_subdistricts, settings.SUBDISTRICTS_FILE),
        ("shenshan", loaders.load_shenshan, settings.SHENSHAN_FILE),
    ):
        gdf = load()
        rows.append({
            "layer": name,
            "features": len(gdf),
            "area_km2": round(gdf.to_crs(settings.CRS_METRIC).area.sum() / 1e6, 2),
            "file": str(path.relative_to(settings.ROOT)),
        })
    return pd.DataFrame(rows)
