"""Read the project's definition and data files into validated GeoDataFrames.

Validation happens here, once, at the edge: schema, CRS, geometry validity and
plausible bounds (Shenzhen city proper or 深汕). Every problem in a file is
collected and raised as one :class:`core.errors.DataValidationError` naming the
file, the row (1-based feature/data row) and what to do. Everything returned is
in EPSG:4326.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from core import settings
from core.errors import DataValidationError, Problem

POLYGON_TYPES = ("Polygon", "MultiPolygon")

SUBDISTRICT_COLUMNS = ("id", "name_zh", "district_zh", "district_en", "osm_id", "source")
DISTRICT_COLUMNS = ("id", "name_zh", "name_en", "n_subdistricts", "source")
GRADED_COLUMNS = ("id", "name_zh", "name_en", "precision_m", "method", "sources")


# --- reading -------------------------------------------------------------------
def read_vector(path: str | Path) -> gpd.GeoDataFrame:
    """Read any vector file GDAL understands; a clear error if it cannot."""
    path = Path(path)
    if not path.exists():
        raise DataValidationError(
            [Problem(str(path), None, None, "file not found", "check the path")]
        )
    try:
        return gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # GDAL raises many types; all mean "unreadable"
        raise DataValidationError(
            [
                Problem(
                    str(path), None, None,
                    f"cannot be read as a vector file ({type(exc).__name__}: {exc})",
                    "open it in QGIS or a text editor and re-export it as GeoJSON/GPKG",
                )
            ]
        ) from None


# --- checks --------------------------------------------------------------------
def _in_any_box(minx, miny, maxx, maxy, boxes) -> np.ndarray:
    ok = np.zeros(np.shape(minx), dtype=bool)
    for b in boxes:
        ok |= b.contains(minx, miny) & b.contains(maxx, maxy)
    return ok


def check_columns(frame: pd.DataFrame, required: Iterable[str], source: str) -> list[Problem]:
    """Problems for every required column that is missing."""
    present = set(frame.columns)
    return [
        Problem(
            source, None, col, "required column is missing",
            f"add it; the file has: {', '.join(map(str, frame.columns)) or 'no columns'}",
        )
        for col in required
        if col not in present
    ]


def check_crs(gdf: gpd.GeoDataFrame, source: str) -> list[Problem]:
    """The file must declare WGS-84 (EPSG:4326 / OGC CRS84)."""
    if gdf.crs is None:
        return [Problem(source, None, None, "the file declares no coordinate system",
                        "declare EPSG:4326, or import it with its CRS stated")]
    if gdf.crs.to_epsg() != 4326:
        return [Problem(source, None, None,
                        f"coordinate system is {gdf.crs.to_string()}, expected EPSG:4326",
                        "reproject to WGS-84 (EPSG:4326) or import it with its CRS stated")]
    return []


def check_unique(frame: pd.DataFrame, column: str, source: str) -> list[Problem]:
    """Problems for every repeated value of ``column``."""
    if column not in frame.columns:
        return []
    dup = frame[column].duplicated(keep="first").to_numpy()
    return [
        Problem(source, int(i) + 1, column, f"value {frame[column].iloc[i]!r} is repeated",
                "ids must be unique")
        for i in np.flatnonzero(dup)
    ]


def check_polygons(gdf: gpd.GeoDataFrame, source: str, *, boxes=settings.PLAUSIBLE_BOXES
                   ) -> list[Problem]:
    """Null/empty/non-polygon/invalid geometries and features outside Shenzhen."""
    problems: list[Problem] = []
    geoms = gdf.geometry.to_numpy()
    for i, geom in enumerate(geoms):
        row = i + 1
        if geom is None or shapely.is_empty(geom):
            problems.append(Problem(source, row, "geometry", "geometry is empty",
                                    "draw the polygon or remove the feature"))
        elif geom.geom_type not in POLYGON_TYPES:
            problems.append(Problem(source, row, "geometry",
                                    f"geometry is a {geom.geom_type}, expected a polygon",
                                    "export polygons only"))
        elif not geom.is_valid:
            problems.append(Problem(source, row, "geometry",
                                    f"invalid polygon ({shapely.is_valid_reason(geom)})",
                                    "repair it (QGIS 'Fix geometries' or shapely.make_valid)"))
    problems += _check_feature_bounds(gdf, source, boxes)
    return problems


def _check_feature_bounds(gdf, source, boxes) -> list[Problem]:
    b = shapely.bounds(gdf.geometry.to_numpy())  # NaN for empty
    finite = np.isfinite(b).all(axis=1)
    ok = _in_any_box(b[:, 0], b[:, 1], b[:, 2], b[:, 3], boxes)
    swapped = _in_any_box(b[:, 1], b[:, 0], b[:, 3], b[:, 2], boxes)
    problems = []
    for i in np.flatnonzero(finite & ~ok):
        lon = (b[i, 0] + b[i, 2]) / 2
        lat = (b[i, 1] + b[i, 3]) / 2
        if swapped[i]:
            msg = f"coordinates look swapped (x={lon:.4f}, y={lat:.4f} is lat/lon)"
            fix = "write longitude as x and latitude as y"
        else:
            msg = (f"lies outside Shenzhen and 深汕 (extent {b[i, 0]:.4f},{b[i, 1]:.4f} – "
                   f"{b[i, 2]:.4f},{b[i, 3]:.4f})")
            fix = "check the coordinates and their declared CRS"
        problems.append(Problem(source, int(i) + 1, "geometry", msg, fix))
    return problems


def _as_float(values) -> np.ndarray:
    arr = np.asarray(values) if not isinstance(values, pd.Series) else values.to_numpy()
    if arr.dtype.kind == "f":
        return arr.astype("float64", copy=False)
    return pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype="float64")


def check_points(lon, lat, source: str, *, boxes=settings.PLAUSIBLE_BOXES,
                 lon_col: str = "lon", lat_col: str = "lat", raw_lon=None, raw_lat=None
                 ) -> list[Problem]:
    """Missing, non-numeric, swapped or far-away point coordinates (WGS-84).

    ``lon``/``lat`` may be numbers or text; ``raw_lon``/``raw_lat`` (the values as the
    user wrote them) are quoted in messages when given.
    """
    lon_num = _as_float(lon)
    lat_num = _as_float(lat)
    lon_raw = np.asarray(raw_lon if raw_lon is not None else lon, dtype=object)
    lat_raw = np.asarray(raw_lat if raw_lat is not None else lat, dtype=object)
    problems = []
    bad_lon = ~np.isfinite(lon_num)
    bad_lat = ~np.isfinite(lat_num)
    ok = np.zeros(len(lon_num), dtype=bool)
    swapped = np.zeros(len(lon_num), dtype=bool)
    for b in boxes:
        ok |= b.contains(lon_num, lat_num)
        swapped |= b.contains(lat_num, lon_num)
    bad = bad_lon | bad_lat | ~ok
    for i in np.flatnonzero(bad):
        row = int(i) + 1
        if bad_lon[i] or bad_lat[i]:
            col = lon_col if bad_lon[i] else lat_col
            val = lon_raw[i] if bad_lon[i] else lat_raw[i]
            problems.append(Problem(source, row, col, f"not a number: {val!r}",
                                    "give decimal degrees, e.g. 113.94"))
        elif swapped[i]:
            problems.append(Problem(source, row, f"{lon_col}/{lat_col}",
                                    f"longitude and latitude look swapped "
                                    f"({lon_col}={lon_num[i]}, {lat_col}={lat_num[i]})",
                                    "exchange the two columns"))
        else:
            problems.append(Problem(source, row, f"{lon_col}/{lat_col}",
                                    f"point ({lon_num[i]}, {lat_num[i]}) lies outside "
                                    "Shenzhen and 深汕",
                                    "check the coordinates and their declared CRS"))
    return problems


def raise_if(problems: list[Problem]) -> None:
    """Raise one DataValidationError if there is any problem."""
    if problems:
        raise DataValidationError(problems)


def validate_polygon_layer(gdf: gpd.GeoDataFrame, *, source: str,
                           required: Iterable[str] = (), id_column: str | None = "id",
                           graded: bool = False,
                           boxes=settings.PLAUSIBLE_BOXES) -> gpd.GeoDataFrame:
    """Validate a polygon layer read from ``source``; return it in EPSG:4326.

    ``graded`` also requires non-empty ``method``/``sources`` and a positive
    ``precision_m`` on every feature.
    """
    problems = check_columns(gdf, required, source) + check_crs(gdf, source)
    if id_column:
        problems += check_unique(gdf, id_column, source)
    problems += check_polygons(gdf, source, boxes=boxes)
    if graded:
        problems += check_graded(gdf, source)
    raise_if(problems)
    return gdf.set_crs(settings.CRS_STORAGE, allow_override=True)


def check_graded(gdf: pd.DataFrame, source: str) -> list[Problem]:
    """Every feature must say how it was made (method, sources) and how precise."""
    problems = []
    for col in ("method", "sources"):
        if col in gdf.columns:
            empty = gdf[col].isna() | (gdf[col].astype(str).str.strip() == "")
            problems += [Problem(source, int(i) + 1, col, "is empty",
                                 "say how/where the boundary comes from")
                         for i in np.flatnonzero(empty.to_numpy())]
    if "precision_m" in gdf.columns:
        p = pd.to_numeric(gdf["precision_m"], errors="coerce")
        bad = ~(p > 0)
        problems += [Problem(source, int(i) + 1, "precision_m",
                             f"must be a positive number of metres, got {gdf['precision_m'].iloc[i]!r}",
                             "give an honest error bound in metres")
                     for i in np.flatnonzero(bad.to_numpy())]
    return problems


# --- the shipped layers --------------------------------------------------------
@lru_cache(maxsize=8)
def _cached(path: str, required: tuple, graded: bool) -> gpd.GeoDataFrame:
    return validate_polygon_layer(read_vector(path), source=Path(path).name,
                                  required=required, graded=graded)


def load_subdistricts(path: Path = settings.SUBDISTRICTS_FILE) -> gpd.GeoDataFrame:
    """The 74 街道 (OpenStreetMap, ODbL), EPSG:4326; one row per 街道."""
    return _cached(str(path), SUBDISTRICT_COLUMNS, False).copy()


def load_districts(path: Path = settings.DISTRICTS_FILE) -> gpd.GeoDataFrame:
    """The 10 districts dissolved from the 街道, EPSG:4326."""
    return _cached(str(path), DISTRICT_COLUMNS, False).copy()


def load_shenshan(path: Path = settings.SHENSHAN_FILE) -> gpd.GeoDataFrame:
    """深汕特别合作区, approximated (see its ``method`` and ``precision_m``), EPSG:4326."""
    return _cached(str(path), GRADED_COLUMNS, True).copy()
