"""What the map's search box offers and where each choice frames the map.

Keys: ``"all"`` (the whole city including the 深汕 zone), ``"d:<id>"`` a district,
``"z:<id>"`` the 深汕 zone, ``"a:<id>"`` a cluster / platform / 片区, ``"f:<id>"`` a
facility. Bounds are ``[[south, west], [north, east]]`` in degrees (EPSG:4326), the
form ``folium.Map.fit_bounds`` takes.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from core.i18n import name_col, t

FACILITY_MARGIN_DEG = 0.01
"""Half-width of the frame around a single facility, degrees (≈1 km)."""


def search_targets(*, areas: gpd.GeoDataFrame, facilities: pd.DataFrame,
                   districts: gpd.GeoDataFrame, shenshan: gpd.GeoDataFrame,
                   lang: str = "zh") -> dict[str, str]:
    """Search choices in display order: whole city, districts, 深汕, areas, facilities.

    Returns ``{key: label}``; labels are in ``lang`` (``"zh"`` or ``"en"``).
    """
    col = name_col(lang)
    out = {"all": t("search_whole_city", lang)}
    out |= {f"d:{r.id}": r[col] for _, r in districts.iterrows()}
    out |= {f"z:{r.id}": t("shenshan", lang) for _, r in shenshan.iterrows()}
    out |= {f"a:{r.id}": r[col] for _, r in areas.iterrows()}
    out |= {f"f:{r.id}": r[col] for _, r in facilities.iterrows()}
    return out


def _frame(minx: float, miny: float, maxx: float, maxy: float) -> list[list[float]]:
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]


def target_bounds(key: str, *, areas: gpd.GeoDataFrame, facilities: pd.DataFrame,
                  districts: gpd.GeoDataFrame, shenshan: gpd.GeoDataFrame
                  ) -> list[list[float]]:
    """The map frame for a search key, ``[[south, west], [north, east]]`` in degrees.

    A facility is framed ±``FACILITY_MARGIN_DEG`` around its point. Raises
    ``KeyError`` naming the key when it is not one :func:`search_targets` offers.
    """
    for gdf in (areas, districts, shenshan):
        if gdf.crs is None or gdf.crs.to_epsg() != 4326:
            raise ValueError("search layers must be in EPSG:4326; reproject with "
                             "gdf.to_crs(4326) first")
    if key == "all":
        parts = [districts.total_bounds, shenshan.total_bounds]
        return _frame(min(p[0] for p in parts), min(p[1] for p in parts),
                      max(p[2] for p in parts), max(p[3] for p in parts))
    kind, _, ident = key.partition(":")
    tables = {"d": districts, "z": shenshan, "a": areas}
    if kind in tables:
        rows = tables[kind][tables[kind]["id"] == ident]
        if rows.empty:
            raise KeyError(f"search key {key!r}: no such item to frame (filtered out?)")
        return _frame(*rows.geometry.iloc[0].bounds)
    if kind == "f":
        rows = facilities[facilities["id"] == ident]
        if rows.empty:
            raise KeyError(f"search key {key!r}: no such facility to frame (filtered out?)")
        lon, lat = float(rows["lon"].iloc[0]), float(rows["lat"].iloc[0])
        d = FACILITY_MARGIN_DEG
        return _frame(lon - d, lat - d, lon + d, lat + d)
    raise KeyError(f"unknown search key {key!r}; expected all, d:, z:, a: or f:")
