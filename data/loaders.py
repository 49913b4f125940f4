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
from core.i18n import float_texts, msg, repeated, row_messages

POLYGON_TYPES = ("Polygon", "MultiPolygon")

SUBDISTRICT_COLUMNS = ("id", "name_zh", "district_zh", "district_en", "osm_id", "source")
DISTRICT_COLUMNS = ("id", "name_zh", "name_en", "n_subdistricts", "source")
GRADED_COLUMNS = ("id", "name_zh", "name_en", "precision_m", "method", "sources")


# --- reading -------------------------------------------------------------------
def read_vector(path: str | Path, *, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read any vector file GDAL understands (one ``layer`` of it, default the first);
    a clear error if it cannot. Problems name the file only, never its folder. A
    shapefile's parts must all be there, and a ``.dbf`` with no ``.cpg`` is decoded as
    :func:`dbf_encoding` judges (GBK exports usually have none)."""
    path = Path(path)
    if not path.exists():
        raise DataValidationError([Problem(path.name, None, None, msg("read.file_not_found"),
                                           msg("read.check_path"))])
    raise_if(check_shapefile_parts(path))
    encoding, _ = dbf_encoding(path, layer=layer)
    try:
        return gpd.read_file(path, engine="pyogrio", layer=layer, encoding=encoding)
    except Exception as exc:  # GDAL raises many types; all mean "unreadable"
        text = str(exc).replace(str(path.parent) + "/", "").replace(str(path.parent), "")
        raise DataValidationError([Problem(
            path.name, None, None,
            msg("read.not_vector", detail=f"{type(exc).__name__}: {text}"),
            msg("read.reexport_vector"))]) from None


def list_layers(path: str | Path) -> list[tuple[str, str]]:
    """(layer name, geometry type) of every layer of a vector file (a GeoPackage, a
    .zip of shapefiles …); a DataValidationError if the file cannot be opened."""
    import pyogrio

    path = Path(path)
    raise_if(check_shapefile_parts(path))
    try:
        return [(str(n), str(g)) for n, g in pyogrio.list_layers(path)]
    except Exception as exc:
        text = str(exc).replace(str(path.parent) + "/", "")
        raise DataValidationError([Problem(
            path.name, None, None,
            msg("read.not_vector", detail=f"{type(exc).__name__}: {text}"),
            msg("read.reexport_vector"))]) from None


def _shapefile_members(path: Path) -> dict[str, set[str]]:
    """{stem: {".shp", ".shx", ...}} of the shapefiles at ``path`` (a .shp or a .zip)."""
    import zipfile

    if path.suffix.lower() == ".shp":
        names = [p.name for p in path.parent.iterdir() if p.stem == path.stem]
    elif path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
    else:
        return {}
    parts: dict[str, set[str]] = {}
    for n in names:
        stem, dot, ext = n.rpartition(".")
        if dot:
            parts.setdefault(stem, set()).add("." + ext.lower())
    return {stem: exts for stem, exts in parts.items() if ".shp" in exts}


def _dbf_text(data: bytes) -> bytes:
    """The text of a .dbf (field names and records), without its binary header."""
    if len(data) < 32:
        return b""
    header_len = int.from_bytes(data[8:10], "little")
    names = [data[i:i + 11].split(b"\0", 1)[0]
             for i in range(32, min(header_len, len(data)) - 1, 32)
             if data[i] != 0x0D]
    return b"\n".join(names) + b"\n" + data[header_len:].rstrip(b"\x1a")


def check_shapefile_parts(path: Path) -> list[Problem]:
    """A problem for every shapefile (alone or in a .zip) missing its .shx or .dbf."""
    problems = []
    for stem, exts in sorted(_shapefile_members(Path(path)).items()):
        missing = [e for e in (".shx", ".dbf") if e not in exts]
        if missing:
            shown = stem.rsplit("/", 1)[-1]
            problems.append(Problem(
                Path(path).name, None, None,
                msg("read.shapefile_missing", stem=shown,
                    missing=" or ".join(shown + e for e in missing)),
                msg("read.shapefile_zip", stem=shown)))
    return problems


def dbf_encoding(path: str | Path, *, layer: str | None = None,
                 probe: int = 64 << 20) -> tuple[str | None, str]:
    """(encoding to read a shapefile's attributes with, or None to let GDAL decide;
    the reason). GDAL follows a ``.cpg`` file or the .dbf's language byte; with neither
    it assumes Latin-1, which turns a GBK export's Chinese into ``Ãû³Æ``. Then the
    .dbf's header and records (the first ``probe`` bytes) are judged: UTF-8 if they
    decode as UTF-8, else GB18030 (a superset of GBK) if they decode as that."""
    import zipfile

    path = Path(path)
    members = _shapefile_members(path)
    if not members:
        return None, msg("read.dbf.not_shapefile")
    stem = next((s for s in members if layer is None or s.rsplit("/", 1)[-1] == layer),
                None)
    if stem is None or ".cpg" in members[stem]:
        return None, msg("read.dbf.has_cpg")
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            name = next(n for n in zf.namelist() if n.rpartition(".")[0] == stem
                        and n.lower().endswith(".dbf"))
            with zf.open(name) as fh:
                data = fh.read(probe)
    else:
        dbf = next(p for p in path.parent.iterdir()
                   if p.stem == stem and p.suffix.lower() == ".dbf")
        with open(dbf, "rb") as fh:
            data = fh.read(probe)
    if len(data) > 29 and data[29] != 0:
        return None, msg("read.dbf.code_page", byte=data[29])
    data = _dbf_text(data)
    if data.isascii():
        return None, msg("read.dbf.ascii")
    for enc, label in (("utf-8", "UTF-8"), ("gb18030", "GB18030")):
        try:
            data.decode(enc)
        except UnicodeDecodeError as exc:
            if len(data) == probe and exc.start >= probe - 4:
                return label, msg("read.dbf.decodes_as", encoding=label)
            continue
        return label, msg("read.dbf.decodes_as", encoding=label)
    return None, msg("read.dbf.latin1")


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
        Problem(source, None, col, msg("read.column_missing"),
                msg("read.add_column",
                    columns=", ".join(map(str, frame.columns)) or msg("read.no_columns")))
        for col in required
        if col not in present
    ]


def check_crs(gdf: gpd.GeoDataFrame, source: str) -> list[Problem]:
    """The file must declare WGS-84 (EPSG:4326 / OGC CRS84)."""
    if gdf.crs is None:
        return [Problem(source, None, None, msg("read.no_crs"), msg("read.declare_wgs84"))]
    if gdf.crs.to_epsg() != 4326:
        return [Problem(source, None, None, msg("read.crs_not_wgs84", crs=gdf.crs.to_string()),
                        msg("read.reproject"))]
    return []


def check_unique(frame: pd.DataFrame, column: str, source: str) -> list[Problem]:
    """Problems for every repeated value of ``column``."""
    if column not in frame.columns:
        return []
    dup = frame[column].duplicated(keep="first").to_numpy()
    return [
        Problem(source, int(i) + 1, column,
                msg("read.repeated_value", value=frame[column].iloc[i]), msg("read.ids_unique"))
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
            problems.append(Problem(source, row, "geometry", msg("geom.empty"),
                                    msg("geom.draw_or_remove")))
        elif geom.geom_type not in POLYGON_TYPES:
            problems.append(Problem(source, row, "geometry",
                                    msg("geom.not_polygon", type=geom.geom_type),
                                    msg("geom.export_polygons")))
        elif not geom.is_valid:
            problems.append(Problem(source, row, "geometry",
                                    msg("geom.invalid", reason=shapely.is_valid_reason(geom)),
                                    msg("geom.repair")))
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
            what = msg("geom.swapped", detail=msg("geom.swapped_detail", x=lon, y=lat))
            fix = msg("geom.x_is_lon")
        else:
            what = msg("geom.outside", detail=msg("geom.extent", x0=b[i, 0], y0=b[i, 1],
                                                   x1=b[i, 2], y1=b[i, 3]))
            fix = msg("point.check_crs")
        problems.append(Problem(source, int(i) + 1, "geometry", what, fix))
    return problems


def _as_float(values) -> np.ndarray:
    arr = np.asarray(values) if not isinstance(values, pd.Series) else values.to_numpy()
    if arr.dtype.kind == "f":
        return arr.astype("float64", copy=False)
    return pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype="float64")


def check_points(lon, lat, source: str, *, boxes=settings.PLAUSIBLE_BOXES,
                 lon_col: str = "lon", lat_col: str = "lat", raw_lon=None, raw_lat=None,
                 land: bool = False, wgs_lon=None, wgs_lat=None) -> list[Problem]:
    """Missing, non-numeric, swapped or far-away point coordinates (WGS-84).

    ``lon``/``lat`` may be numbers or text; ``raw_lon``/``raw_lat`` (the values as the
    user wrote them) are quoted in messages when given. ``land`` also rejects points
    inside the boxes but off Shenzhen's land (:func:`land_contains`), tested on
    ``wgs_lon``/``wgs_lat`` (the WGS-84 position, default ``lon``/``lat``).
    """
    report = point_problems(lon, lat, source, boxes=boxes, lon_col=lon_col,
                            lat_col=lat_col, raw_lon=raw_lon, raw_lat=raw_lat, land=land,
                            wgs_lon=wgs_lon, wgs_lat=wgs_lat)
    return [Problem(source, int(r), c, m, f) for r, c, m, f in zip(
        report["row"], report["column"], report["problem"], report["fix"], strict=True)]


def point_problems(lon, lat, source: str, *, boxes=settings.PLAUSIBLE_BOXES,
                   lon_col: str = "lon", lat_col: str = "lat", raw_lon=None, raw_lat=None,
                   land: bool = False, wgs_lon=None, wgs_lat=None) -> pd.DataFrame:
    """:func:`check_points` as a report frame (row, column, problem, fix), one line per
    bad row in row order; built column-wise, so a million bad rows take seconds."""
    lon_num = _as_float(lon)
    lat_num = _as_float(lat)
    lon_raw = np.asarray(raw_lon if raw_lon is not None else lon, dtype=object)
    lat_raw = np.asarray(raw_lat if raw_lat is not None else lat, dtype=object)
    bad_lon = ~np.isfinite(lon_num)
    bad_lat = ~np.isfinite(lat_num)
    ok = np.zeros(len(lon_num), dtype=bool)
    swapped = np.zeros(len(lon_num), dtype=bool)
    with np.errstate(invalid="ignore"):
        for b in boxes:
            ok |= b.contains(lon_num, lat_num)
            swapped |= b.contains(lat_num, lon_num)
    nan = bad_lon | bad_lat
    off_land = np.zeros(len(lon_num), dtype=bool)
    if land:
        wx = lon_num if wgs_lon is None else _as_float(wgs_lon)
        wy = lat_num if wgs_lat is None else _as_float(wgs_lat)
        cand = np.flatnonzero(ok & ~nan)
        off_land[cand] = ~land_contains(wx[cand], wy[cand])
    both = f"{lon_col}/{lat_col}"
    parts = []

    def add(idx, column, problems, fix):
        if len(idx):
            parts.append(pd.DataFrame({
                "row": idx + 1, "column": column,
                "problem": pd.Series(problems, dtype=object),
                "fix": pd.Series(repeated(fix, len(idx)), dtype=object)}))

    # one catalogue message per row (core.i18n.row_messages: a cell costs its text)
    i = np.flatnonzero(nan)
    values = np.where(bad_lon[i], lon_raw[i], lat_raw[i])
    given = np.array([_given(v) for v in values], dtype=bool)
    problems = repeated(msg("point.no_value"), len(i))
    problems[given] = row_messages("point.not_a_number", "value",
                                   [repr(v) for v in values[given]])
    add(i, np.where(bad_lon[i], lon_col, lat_col), problems, msg("point.decimal_degrees"))
    i = np.flatnonzero(~nan & ~ok & swapped)
    add(i, both, row_messages("point.swapped", "detail",
                              _pair_texts(lon_num[i], lat_num[i], f"{lon_col}=",
                                          f", {lat_col}=")),
        msg("point.exchange"))
    i = np.flatnonzero(~nan & ~ok & ~swapped)
    add(i, both, row_messages("point.outside", "point",
                              _pair_texts(lon_num[i], lat_num[i])),
        msg("point.check_crs"))
    i = np.flatnonzero(off_land)
    if len(i):
        problems = np.empty(len(i), dtype=object)
        places = _neighbour_keys(lon_num[i], lat_num[i])
        for place in dict.fromkeys(places.tolist()):
            mine = places == place
            problems[mine] = row_messages("point.outside_land", "point",
                                          _pair_texts(lon_num[i][mine], lat_num[i][mine]),
                                          place=msg(place))
        add(i, both, problems, msg("point.check_crs_declared"))
    if not parts:
        return pd.DataFrame(columns=["row", "column", "problem", "fix"])
    out = pd.concat(parts, ignore_index=True).sort_values("row", kind="stable")
    return out.reset_index(drop=True)


def _given(value) -> bool:
    """Is a cell filled (not None, NaN or blank text)?"""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return False
    return not (isinstance(value, str) and not value.strip())


#: Rough boxes naming where a point just outside Shenzhen's land lies (catalogue keys);
#: first match wins.
_NEIGHBOURS: tuple[tuple[str, settings.BBox], ...] = (
    ("place.shanwei_huizhou", settings.SHENSHAN_BBOX),
    ("place.hong_kong", settings.BBox(113.82, 22.10, 114.50, 22.565)),
    ("place.estuary", settings.BBox(113.50, 22.10, 113.87, 22.80)),
    ("place.dongguan", settings.BBox(113.50, 22.565, 114.19, 23.20)),
    ("place.huizhou", settings.BBox(114.19, 22.40, 115.50, 23.20)),
)


def _pair_texts(lon: np.ndarray, lat: np.ndarray, before: str = "", between: str = ", "):
    """``f"{before}{x}{between}{y}"`` of each (lon, lat) pair, the numbers in Python's
    (and numpy's) float64 text, as an Arrow string array (core.i18n.float_texts)."""
    import pyarrow.compute as pc

    return pc.binary_join_element_wise(before, float_texts(lon), between, float_texts(lat),
                                       "")


def _neighbour_keys(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """:func:`_neighbour_key` of each point (arrays of degrees), as an object array."""
    out = np.full(len(lon), "place.neighbour", dtype=object)
    todo = np.ones(len(lon), dtype=bool)
    for key, box in _NEIGHBOURS:  # first match wins
        hit = todo & box.contains(lon, lat)
        out[hit] = key
        todo &= ~hit
    return out


def _neighbour_key(lon: float, lat: float) -> str:
    for key, box in _NEIGHBOURS:
        if box.contains(lon, lat):
            return key
    return "place.neighbour"


def neighbour(lon: float, lat: float) -> str:
    """A guess at the place a point just outside Shenzhen lies in (for messages; a
    catalogue message, English as a string)."""
    return msg(_neighbour_key(lon, lat))


@lru_cache(maxsize=1)
def _land_geometry():
    """Shenzhen's ten districts and 深汕 (the shipped layers), grown by
    ``settings.LAND_TOLERANCE_M``, as one prepared WGS-84 geometry."""
    layers = pd.concat([load_districts().geometry, load_shenshan().geometry])
    metric = gpd.GeoSeries(layers.to_numpy(), crs=settings.CRS_STORAGE).to_crs(
        settings.CRS_METRIC)
    grown = shapely.union_all(metric.buffer(settings.LAND_TOLERANCE_M).to_numpy())
    land = gpd.GeoSeries([grown], crs=settings.CRS_METRIC).to_crs(
        settings.CRS_STORAGE).iloc[0]
    shapely.prepare(land)
    return land


def land_contains(lon, lat) -> np.ndarray:
    """Element-wise: is the WGS-84 point on Shenzhen's land (districts or 深汕) or within
    ``settings.LAND_TOLERANCE_M`` of it? Points in Hong Kong or 东莞 are not, though
    Shenzhen's bounding box holds them."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    if not lon.size:
        return np.zeros(0, dtype=bool)
    return shapely.contains_xy(_land_geometry(), lon, lat)


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
            problems += [Problem(source, int(i) + 1, col, msg("read.is_empty"),
                                 msg("areas.say_method"))
                         for i in np.flatnonzero(empty.to_numpy())]
    if "precision_m" in gdf.columns:
        p = pd.to_numeric(gdf["precision_m"], errors="coerce")
        bad = ~(p > 0)
        problems += [Problem(source, int(i) + 1, "precision_m",
                             msg("areas.precision_not_positive",
                                 value=gdf["precision_m"].iloc[i]),
                             msg("areas.honest_bound"))
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
