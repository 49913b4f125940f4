"""Replace an area's polygon with an official boundary file supplied by a user.

The file (GeoJSON, GeoPackage, Shapefile or a zipped Shapefile) may be in any CRS
the file declares, or in one the user declares: "wgs84", "gcj02", "bd09",
"epsg4547" or any "EPSG:nnnn". GCJ-02 and BD-09 have no EPSG code, so a file in
them must be declared. The features are dissolved into one polygon, validated
like every other layer, and written to ``cluster_defs/overrides/<id>.geojson`` with
grade ``official``; :func:`core.areas.load_areas` then uses it instead of the
built polygon.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import shapely

from core import crs as crs_mod
from core import loaders, settings
from core.errors import DataValidationError, Problem

SHIFTED_DATUMS = ("gcj02", "bd09")


def _norm(name: str) -> str:
    return str(name).lower().replace("-", "").replace("_", "").replace(":", "")


def read_boundary(path: str | Path, *, declared_crs: str | None = None) -> gpd.GeoDataFrame:
    """Read a boundary file into EPSG:4326 (one row per feature), converting its CRS.

    Raises DataValidationError naming the file when the CRS is unknown or the
    geometry is broken or outside Shenzhen/深汕.
    """
    path = Path(path)
    gdf = loaders.read_vector(path)
    src = path.name
    key = _norm(declared_crs) if declared_crs else None
    if key in SHIFTED_DATUMS:
        geoms = crs_mod.transform_geometries(
            gdf.geometry.to_numpy(), lambda x, y: crs_mod.to_wgs84(x, y, key))
        gdf = gpd.GeoDataFrame(gdf.drop(columns="geometry"), geometry=list(geoms),
                               crs=settings.CRS_STORAGE)
    elif key is not None:
        code = "EPSG:4326" if key == "wgs84" else "EPSG:4547" if key == "epsg4547" else \
            declared_crs
        try:
            gdf = gdf.set_crs(code, allow_override=True).to_crs(settings.CRS_STORAGE)
        except Exception:
            raise DataValidationError([Problem(
                src, None, None, f"unknown coordinate system {declared_crs!r}",
                "use wgs84, gcj02, bd09, epsg4547 or EPSG:nnnn")]) from None
    elif gdf.crs is None:
        raise DataValidationError([Problem(
            src, None, None, "the file declares no coordinate system",
            "state it (--crs wgs84|gcj02|bd09|epsg4547|EPSG:nnnn)")])
    else:
        gdf = gdf.to_crs(settings.CRS_STORAGE)
    loaders.raise_if(loaders.check_polygons(gdf, src))
    return gdf


def replace_boundary(area_id: str, path: str | Path, *, source: str,
                     declared_crs: str | None = None, precision_m: float = 10.0,
                     areas_file: Path = settings.AREAS_GEOJSON,
                     out_dir: Path = settings.OVERRIDES_DIR) -> Path:
    """Write ``out_dir/<area_id>.geojson`` from an official boundary file; return its path.

    ``source`` names the authority/document (required: a boundary without a
    source is not official). ``precision_m`` is the file's stated accuracy, metres.
    """
    path = Path(path)
    if not str(source).strip():
        raise DataValidationError([Problem(path.name, None, "source", "no source given",
                                           "name the authority and document")])
    known = set(gpd.read_file(areas_file, columns=["id"], ignore_geometry=True)["id"])
    if area_id not in known:
        raise DataValidationError([Problem(
            path.name, None, "id", f"no area has id {area_id!r}",
            "use an id from `python cli.py areas`")])
    gdf = read_boundary(path, declared_crs=declared_crs)
    geom = shapely.union_all(gdf.geometry.to_numpy())
    declared = declared_crs or (gdf.crs.to_string() if gdf.crs else "file CRS")
    out = gpd.GeoDataFrame([{
        "id": area_id, "grade": "official", "precision_m": float(precision_m),
        "method": f"official boundary imported from {path.name} (declared CRS: {declared}, "
                  f"converted to WGS-84) on {dt.date.today().isoformat()}; "
                  f"{len(gdf)} feature(s) dissolved",
        "sources": str(source).strip(), "geometry": geom}],
        geometry="geometry", crs=settings.CRS_STORAGE)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{area_id}.geojson"
    out.to_file(target, driver="GeoJSON", engine="pyogrio")
    return target
