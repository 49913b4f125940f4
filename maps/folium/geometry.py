"""Geometry as the browser draws it: simplified and rounded for display only.

The shipped boundaries carry far more vertices than a screen shows (the 74 街道:
26k vertices, 1 MB of map HTML). :func:`for_display` simplifies them in EPSG:4547
by ``tolerance_m`` metres (topology kept) and snaps coordinates to a 1e-5° grid
(≈ 1 m), so the page is smaller and redraws faster. Analysis never uses these
copies: measurements stay on the stored geometry.
"""

from __future__ import annotations

import geopandas as gpd
import shapely

from core import settings

#: Display simplification: 5 m is under one screen pixel up to zoom 14 (9.5 m/px)
#: and far inside every boundary's error bound (the finest is ±10 m, official).
DISPLAY_TOLERANCE_M = 5.0


def for_display(gdf: gpd.GeoDataFrame, *, tolerance_m: float = DISPLAY_TOLERANCE_M
                ) -> gpd.GeoDataFrame:
    """A copy of ``gdf`` (EPSG:4326) with its geometry simplified by ``tolerance_m``
    metres (in EPSG:4547, topology preserved) and snapped to a 1e-5° grid; other
    columns untouched. Raises ValueError for a frame not in EPSG:4326."""
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise ValueError(f"for_display expects EPSG:4326, got {gdf.crs}; convert with "
                         "to_crs(4326) first")
    metric = gdf.geometry.to_crs(settings.CRS_METRIC)
    simple = gpd.GeoSeries(shapely.simplify(metric.to_numpy(), tolerance_m,
                                            preserve_topology=True),
                           index=gdf.index, crs=settings.CRS_METRIC)
    back = simple.to_crs(settings.CRS_STORAGE)
    out = gdf.copy()
    out.geometry = gpd.GeoSeries(shapely.set_precision(back.to_numpy(), 1e-5),
                                 index=gdf.index, crs=settings.CRS_STORAGE)
    return out
