"""Facility candidates from OpenStreetMap, through osmnx.

Offline is the default: candidates are read from a local ``.osm`` XML file with
``osmnx.features_from_xml``. Only when asked (``online=True``) does osmnx query the
Overpass API for the city polygon. Either way the result is written to a *new*
dated file ``geodata/osm_candidates_<date>.csv`` for a person to review; curated
rows (``facilities_src.csv``) are never touched. A candidate becomes a facility only
when someone copies it into ``facilities_src.csv`` with its source.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from core import settings

#: What counts as a facility candidate in OpenStreetMap tagging.
TAGS: dict[str, list[str]] = {
    "amenity": ["university", "college", "research_institute"],
    "office": ["research"],
    "healthcare": ["laboratory"],
}
OSM_SOURCE = "OpenStreetMap (ODbL 1.0, © OpenStreetMap contributors)"
POINT_PRECISION_M = 50.0


def _city_polygon():
    from data import loaders

    geoms = list(loaders.load_subdistricts().geometry) + list(
        loaders.load_shenshan().geometry)
    return shapely.union_all(geoms)


def fetch_candidates(*, osm_file: str | Path | None = None, online: bool = False
                     ) -> gpd.GeoDataFrame:
    """OSM features matching TAGS inside Shenzhen + 深汕 (EPSG:4326)."""
    import osmnx as ox

    city = _city_polygon()
    if osm_file is not None:
        gdf = ox.features_from_xml(osm_file, polygon=city, tags=TAGS)
    elif online:
        gdf = ox.features_from_polygon(city, tags=TAGS)
    else:
        raise ValueError("give a local .osm file (offline), or ask for online=True "
                         "(needs a network)")
    return gdf.set_crs(settings.CRS_STORAGE, allow_override=True)


def candidates_table(features: gpd.GeoDataFrame, *, catalogue: pd.DataFrame | None = None
                     ) -> pd.DataFrame:
    """One row per candidate: OSM id, names, tag, a point with its precision, and
    whether a catalogue facility already has the same name."""
    if features.empty:
        return pd.DataFrame(columns=["osm_type", "osm_id", "name", "name_en", "tag",
                                     "lon", "lat", "precision_m", "in_catalogue",
                                     "source"])
    f = features.reset_index()
    pts = f.geometry.representative_point()
    metric = f.geometry.to_crs(settings.CRS_METRIC)
    b = metric.bounds
    half_diag = np.hypot(b["maxx"] - b["minx"], b["maxy"] - b["miny"]) / 2
    precision = np.where(f.geom_type == "Point", POINT_PRECISION_M,
                         np.maximum(POINT_PRECISION_M, np.ceil(half_diag / 10) * 10))
    tag = [next((f"{k}={r[k]}" for k in TAGS if k in f and isinstance(r.get(k), str)), "")
           for _, r in f.iterrows()]
    names = f["name"] if "name" in f else pd.Series([""] * len(f))
    known = set(catalogue["name_zh"]) if catalogue is not None else set()
    return pd.DataFrame({
        "osm_type": f["element"] if "element" in f else f.get("element_type", ""),
        "osm_id": f["id"] if "id" in f else f.get("osmid", ""),
        "name": names.fillna(""),
        "name_en": f["name:en"].fillna("") if "name:en" in f else "",
        "tag": tag,
        "lon": pts.x.round(6), "lat": pts.y.round(6),
        "precision_m": precision,
        "in_catalogue": names.isin(known),
        "source": OSM_SOURCE,
    })


def write_candidates(table: pd.DataFrame, *, folder: Path = settings.GEODATA_DIR,
                     day: dt.date | None = None, force: bool = False) -> Path:
    """Write ``osm_candidates_<date>.csv`` (UTF-8 with BOM, written atomically, cells
    that a spreadsheet would run as formulas neutralised: OpenStreetMap names are
    anyone's text); refuse to overwrite unless ``force``."""
    from core.safe_io import write_csv

    day = day or dt.date.today()
    path = folder / f"osm_candidates_{day.isoformat()}.csv"
    if path.exists() and not force:
        raise FileExistsError(f"{path.name} exists; pass --force to replace it")
    write_csv(table, path)
    return path
