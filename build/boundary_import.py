"""Replace an area's polygon with an official boundary file supplied by a user.

The file (GeoJSON, GeoPackage, Shapefile or a zipped Shapefile) may be in any CRS
the file declares, or in one the user declares: "wgs84", "gcj02", "bd09",
"epsg4547" or any "EPSG:nnnn". GCJ-02 and BD-09 have no EPSG code, so a file in
them must be declared. The features are dissolved into one polygon, validated
like every other layer, and written to ``cluster_defs/overrides/<id>.geojson`` with
grade ``official``; :func:`data.areas.load_areas` then uses it instead of the
built polygon.

A boundary that is empty is refused. One whose area is far from the published
area (or, without one, from the current polygon's) — outside
``AREA_RATIO_RANGE`` — or that overlaps the current polygon by less than
``MIN_OVERLAP`` is refused unless the caller confirms it (``force=True``,
``--force``); the refusal states the ratio. One that would break a cross-check of
the areas (a 片区 outside its parent …) is refused always, since the loader would
ignore it. The previous override, if any, is kept in ``overrides/previous/`` and
the new file is written atomically.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import geopandas as gpd
import shapely

from core import crs as crs_mod
from core import settings
from core.errors import DataValidationError, Problem
from core.i18n import msg
from data import loaders

SHIFTED_DATUMS = ("gcj02", "bd09")
#: Accepted range of (imported area ÷ published area, or ÷ the current polygon's area
#: when nothing is published) without ``force``.
AREA_RATIO_RANGE = (0.5, 2.0)
#: Least share of the smaller of (imported, current polygon) that must overlap the
#: other without ``force``; less means the boundary lies somewhere else.
MIN_OVERLAP = 0.25
#: Folder (inside the overrides folder) keeping replaced overrides.
PREVIOUS_DIR = "previous"


def _norm(name: str) -> str:
    return str(name).lower().replace("-", "").replace("_", "").replace(":", "")


def read_layer(path: str | Path) -> gpd.GeoDataFrame:
    """Read a map layer with at least one feature; refuse tables and empty files.

    GDAL also reads CSV and XLSX files, as tables without geometry; those, and a
    layer with no feature, raise DataValidationError saying what to use instead.
    """
    path = Path(path)
    gdf = loaders.read_vector(path)
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.name not in gdf.columns:
        raise DataValidationError([Problem(path.name, None, None, msg("boundary.table"),
                                           msg("boundary.give_polygons"))])
    if len(gdf) == 0:
        raise DataValidationError([Problem(path.name, None, None, msg("boundary.no_features"),
                                           msg("boundary.export_again"))])
    return gdf


def read_boundary(path: str | Path, *, declared_crs: str | None = None) -> gpd.GeoDataFrame:
    """Read a boundary file into EPSG:4326 (one row per feature), converting its CRS.

    Raises DataValidationError naming the file when it is a table or empty, the CRS
    is unknown, or the geometry is broken or outside Shenzhen/深汕.
    """
    path = Path(path)
    gdf = read_layer(path)
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
                src, None, None, msg("read.unknown_crs", crs=declared_crs),
                msg("boundary.crs_choices"))]) from None
    elif gdf.crs is None:
        raise DataValidationError([Problem(src, None, None, msg("read.no_crs"),
                                           msg("boundary.state_crs"))])
    else:
        gdf = gdf.to_crs(settings.CRS_STORAGE)
    loaders.raise_if(loaders.check_polygons(gdf, src))
    return gdf


def _area_km2(geom) -> float:
    return float(gpd.GeoSeries([geom], crs=settings.CRS_STORAGE)
                 .to_crs(settings.CRS_METRIC).area.iloc[0]) / 1e6


def plausibility_concerns(area_id: str, geom, current: gpd.GeoDataFrame) -> list[str]:
    """Why ``geom`` looks wrong as the boundary of ``area_id`` (empty list: plausible).

    ``current`` is the areas layer as loaded now (``id``, ``geometry`` and, when
    known, ``published_km2``). Compares the area with the published one (or the
    current polygon's) and the overlap with the current polygon.
    """
    row = current.loc[current["id"] == area_id].iloc[0]
    new_km2 = _area_km2(geom)
    cur_km2 = _area_km2(row.geometry)
    published = row.get("published_km2")
    ref, what = ((float(published), "the published") if published and published > 0
                 else (cur_km2, "the current polygon's"))
    concerns = []
    ratio = new_km2 / ref if ref > 0 else float("inf")
    lo, hi = AREA_RATIO_RANGE
    if not lo <= ratio <= hi:
        concerns.append(f"it measures {new_km2:.6g} km², {ratio:.3g} × {what} {ref:.2f} km² "
                        f"of {area_id} (ratio {ratio:.3g}; expected {lo:g}–{hi:g})")
    if new_km2 > 0 and cur_km2 > 0:
        inter = _area_km2(shapely.intersection(geom, row.geometry))
        share = inter / min(new_km2, cur_km2)
        if share < MIN_OVERLAP:
            concerns.append(f"only {share:.0%} of it overlaps the current polygon of "
                            f"{area_id} (expected at least {MIN_OVERLAP:.0%}): it lies "
                            "somewhere else")
    return concerns


def replace_boundary(area_id: str, path: str | Path, *, source: str,
                     declared_crs: str | None = None, precision_m: float = 10.0,
                     force: bool = False, areas_file: Path | None = None,
                     out_dir: Path | None = None, messages: list[str] | None = None) -> Path:
    """Write ``out_dir/<area_id>.geojson`` from an official boundary file; return its path.

    ``source`` names the authority/document (required: a boundary without a
    source is not official). ``precision_m`` is the file's stated accuracy, metres.
    ``force`` accepts a boundary whose size or place is far from the expected one
    (see :func:`plausibility_concerns`); nothing accepts an empty one or one that
    breaks the areas' cross-checks. ``areas_file`` and ``out_dir`` default to
    ``settings.AREAS_GEOJSON`` and ``settings.OVERRIDES_DIR``. The file is
    checked completely before anything is written; a previous override of the area
    is kept in ``out_dir/previous/``. What ``force`` accepted is appended to
    ``messages`` (and stated in the stored ``method``).
    """
    from core.safe_io import atomic_write
    from core.taxonomy import load_taxonomy
    from data.area_defs import read_definitions
    from data.areas import _apply_one, _load_areas_cached, load_areas, validate_areas

    areas_file = settings.AREAS_GEOJSON if areas_file is None else Path(areas_file)
    out_dir = settings.OVERRIDES_DIR if out_dir is None else Path(out_dir)
    path = Path(path)
    if not str(source).strip():
        raise DataValidationError([Problem(path.name, None, "source",
                                           msg("boundary.no_source"),
                                           msg("boundary.name_authority"))])
    if not precision_m > 0:
        raise DataValidationError([Problem(path.name, None, "precision_m",
                                           msg("boundary.bad_precision", value=precision_m),
                                           msg("boundary.positive_metres"))])
    known = set(gpd.read_file(areas_file, columns=["id"], ignore_geometry=True)["id"])
    if area_id not in known:
        raise DataValidationError([Problem(path.name, None, "id",
                                           msg("areas.no_such_id", id=area_id),
                                           msg("boundary.use_cli_id"))])
    gdf = read_boundary(path, declared_crs=declared_crs)
    geom = shapely.union_all(gdf.geometry.to_numpy())
    if geom.is_empty or _area_km2(geom) <= 0:
        raise DataValidationError([Problem(path.name, None, "geometry",
                                           msg("boundary.no_area"),
                                           msg("boundary.export_real"))])
    current = load_areas(areas_file, overrides=out_dir)
    concerns = plausibility_concerns(area_id, geom, current)
    if concerns and not force:
        raise DataValidationError([Problem(
            path.name, None, "geometry", msg("boundary.implausible", id=area_id, concern=c),
            msg("boundary.check_or_force")) for c in concerns])
    if concerns and messages is not None:
        messages += [f"accepted with --force: {c}" for c in concerns]
    declared = declared_crs or (gdf.crs.to_string() if gdf.crs else "file CRS")
    out = gpd.GeoDataFrame([{
        "id": area_id, "grade": "official", "precision_m": float(precision_m),
        "method": f"official boundary imported from {path.name} (declared CRS: {declared}, "
                  f"converted to WGS-84) on {dt.date.today().isoformat()}; "
                  f"{len(gdf)} feature(s) dissolved"
                  + (" (accepted with --force: " + "; ".join(concerns) + ")"
                     if concerns else ""),
        "sources": str(source).strip(), "geometry": geom}],
        geometry="geometry", crs=settings.CRS_STORAGE)
    name = f"overrides/{area_id}.geojson"
    loaders.raise_if(validate_areas(_apply_one(current, out, name),
                                    read_definitions(), load_taxonomy(), source=name))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{area_id}.geojson"
    if target.exists():
        keep = out_dir / PREVIOUS_DIR
        keep.mkdir(exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
        shutil.copy2(target, keep / f"{area_id}.{stamp}.geojson")
    with atomic_write(target) as tmp:
        out.to_file(tmp, driver="GeoJSON", engine="pyogrio")
    _load_areas_cached.cache_clear()  # the next load_areas() sees the new boundary
    return target
