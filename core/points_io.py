"""Read a table of points (a user's register, a batch to check) into WGS-84.

Formats: CSV (UTF-8, UTF-8 with BOM, or GBK/GB18030), XLSX, GeoJSON, GeoPackage,
Shapefile (also zipped). Coordinates come from point geometry or from columns found
by common Chinese/English headers (经度/纬度, lon/lng/longitude/x, lat/latitude/y),
in a declared coordinate system: "wgs84", "gcj02" (Amap/Tencent), "bd09" (Baidu) or
"epsg4547" (CGCS2000 GK metres).

Nothing is dropped silently: :func:`read_points` returns every row, the user's
columns untouched plus ``lon_wgs84``/``lat_wgs84`` where valid, and a report of each
rejected row (its 1-based row number, the column, the problem and the fix).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from core import crs as crs_mod
from core import loaders, settings
from core.errors import DataValidationError, Problem

LON_HEADERS = ("lon", "lng", "long", "longitude", "x", "经度", "东经", "x坐标")
LAT_HEADERS = ("lat", "latitude", "y", "纬度", "北纬", "y坐标")
NAME_HEADERS = ("name", "name_zh", "名称", "企业名称", "机构名称", "设施名称", "单位名称")
INDUSTRY_HEADERS = ("industry", "industries", "行业", "产业", "所属行业", "产业领域")
CATEGORY_HEADERS = ("category", "类别", "类型", "分类")
VECTOR_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".zip")
#: Rows per chunk when a CSV is read in pieces (about 30–60 MB of text).
CHUNK_ROWS = 250_000


@dataclass
class PointTable:
    """``frame``: every input row (the original columns untouched, plus ``lon_wgs84``/
    ``lat_wgs84``, NaN where rejected, and ``row`` = 1-based data row); ``report``: one line per
    problem (row, column, problem, fix); ``columns``: the columns that were used."""

    frame: pd.DataFrame
    report: pd.DataFrame
    columns: dict[str, str | None]
    source: str

    def unmatched_industries(self) -> pd.DataFrame:
        """Industry labels (as written in the file) that match no taxonomy id, name or
        alias, with how many rows carry each; empty when there is no industry column."""
        col = self.columns.get("industry")
        if not col:
            return pd.DataFrame(columns=["label", "rows"])
        from analysis.placement import resolve_terms
        from core.taxonomy import load_taxonomy

        per_value = self.frame[col].dropna().value_counts()  # each distinct value once
        _, bad = resolve_terms(per_value.index.tolist(), load_taxonomy())
        rows: dict[str, int] = {}
        for b, n in zip(bad, per_value.to_numpy(), strict=True):
            for label in (b.split("、") if b else []):
                rows[label] = rows.get(label, 0) + int(n)
        ordered = sorted(rows.items(), key=lambda kv: (-kv[1], kv[0]))
        return pd.DataFrame(ordered, columns=["label", "rows"])

    @property
    def valid(self) -> pd.DataFrame:
        """The rows whose coordinates passed every check."""
        bad = set(self.report["row"])
        return self.frame[~self.frame["row"].isin(bad)]


def _read_table(path: Path) -> tuple[pd.DataFrame, np.ndarray | None]:
    """(attributes, point xy or None) from an XLSX or vector file (CSV is streamed by
    :func:`_read_csv_points`)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            return pd.read_excel(path, dtype=object), None
        except Exception as exc:
            raise DataValidationError([Problem(path.name, None, None,
                                               f"cannot be read as Excel ({exc})",
                                               "save it again as .xlsx or CSV")]) from None
    if suffix in VECTOR_SUFFIXES:
        gdf = loaders.read_vector(path)
        if gdf.crs is not None and gdf.crs.to_epsg() not in (4326, None):
            gdf = gdf.to_crs(settings.CRS_STORAGE)
        types = set(gdf.geom_type.dropna())
        if types - {"Point"}:
            raise DataValidationError([Problem(path.name, None, "geometry",
                                               f"expected points, found {sorted(types)}",
                                               "export point features")])
        xy = np.column_stack([gdf.geometry.x.to_numpy(), gdf.geometry.y.to_numpy()])
        return pd.DataFrame(gdf.drop(columns="geometry")), xy
    raise DataValidationError([Problem(path.name, None, None, f"unsupported file type "
                                       f"{suffix!r}", "use CSV, XLSX, GeoJSON, GPKG or SHP")])


CSV_SUFFIXES = (".csv", ".txt", ".tsv")


def _csv_encoding(path: Path, probe: int = 4 << 20) -> str:
    """"utf-8" (with or without BOM) or "gb18030", judged on the first ``probe`` bytes."""
    with open(path, "rb") as fh:
        head = fh.read(probe)
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if len(head) == probe and exc.start >= probe - 3 and "end of data" in exc.reason:
            return "utf-8"  # a character cut by the probe, not a bad byte
    try:
        head.decode("gb18030")
    except UnicodeDecodeError:
        raise DataValidationError([Problem(path.name, None, None,
                                           "text encoding is neither UTF-8 nor GBK",
                                           "save the file as UTF-8")]) from None
    return "gb18030"


def _csv_chunks(path: Path, *, chunk_rows: int = CHUNK_ROWS, progress=None):
    """Yield the CSV as DataFrames of text columns (empty cells NaN), ``chunk_rows``
    at a time, streaming with Arrow; ``progress(rows_so_far, fraction)`` is called
    after each chunk (the fraction estimates the total from the first 4 MB's rows)."""
    import csv as csv_mod

    import pyarrow as pa
    import pyarrow.csv as pacsv

    enc = _csv_encoding(path)
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    with open(path, encoding="utf-8-sig" if enc == "utf-8" else enc, newline="") as fh:
        header = next(csv_mod.reader(fh, delimiter=sep), None)
    if not header:
        raise DataValidationError([Problem(path.name, None, None, "is empty",
                                           "export the table with a header row")])
    est_rows = _estimated_rows(path)
    done = 0

    def emit(table):
        nonlocal done
        done += table.num_rows
        if progress:
            progress(done, min(done / est_rows, 0.99))
        return table.to_pandas()

    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(encoding=enc, block_size=8 << 20),
            parse_options=pacsv.ParseOptions(delimiter=sep),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in header},
                strings_can_be_null=True, null_values=[""]))
        rest = pa.Table.from_batches([], schema=reader.schema)
        for batch in reader:
            rest = pa.concat_tables([rest, pa.Table.from_batches([batch])])
            while rest.num_rows >= chunk_rows:
                yield emit(rest.slice(0, chunk_rows))
                rest = rest.slice(chunk_rows)
        if rest.num_rows or done == 0:
            yield emit(rest)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise DataValidationError([Problem(path.name, None, None,
                                           f"cannot be read as CSV ({exc})",
                                           "check the delimiter and quoting")]) from None
    if progress:
        progress(done, 1.0)


def _estimated_rows(path: Path, probe: int = 4 << 20) -> float:
    """Data rows in the file, estimated from the line length of its first ``probe`` bytes."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(probe)
    lines = max(head.count(b"\n"), 1)
    return max(size / (len(head) / lines) - 1, 1.0)


def find_column(columns, candidates, explicit: str | None = None, *, source: str = "",
                role: str = "") -> str | None:
    """The column to use for a role: the explicit name, or the first header matching a
    candidate (case-insensitive)."""
    cols = [str(c) for c in columns]
    if explicit:
        if explicit not in cols:
            raise DataValidationError([Problem(source, None, explicit,
                                               f"column for {role} not found",
                                               f"the file has: {', '.join(cols)}")])
        return explicit
    lower = {c.strip().lower(): c for c in cols}
    for cand in candidates:
        if cand.lower() in lower:
            return lower[cand.lower()]
    return None


def _crs_key(crs: str, *, source: str) -> str:
    """The settings key of a declared coordinate system ("WGS-84" → "wgs84"), or a
    DataValidationError listing the choices."""
    key = str(crs).lower().replace("-", "").replace(":", "")
    if key not in settings.INPUT_CRS_CHOICES:
        raise DataValidationError([Problem(source, None, None, f"unknown coordinate system "
                                           f"{crs!r}", "use one of: " + ", ".join(
                                               settings.INPUT_CRS_CHOICES))])
    return key


def read_points(path: str | Path, *, crs: str = "wgs84", lon_col: str | None = None,
                lat_col: str | None = None, name_col: str | None = None,
                industry_col: str | None = None, chunk_rows: int = CHUNK_ROWS,
                progress=None) -> PointTable:
    """Read any supported file into a :class:`PointTable` (WGS-84, every row kept).

    A CSV is read and checked ``chunk_rows`` at a time (row numbers in the report are
    those of the whole file); ``progress(rows_read, fraction)`` is called after each
    chunk and once at the end for every format."""
    path = Path(path)
    src = path.name
    key = _crs_key(crs, source=src)
    if path.suffix.lower() in CSV_SUFFIXES:
        return _read_csv_points(path, key, lon_col=lon_col, lat_col=lat_col,
                                name_col=name_col, industry_col=industry_col,
                                chunk_rows=chunk_rows, progress=progress)
    table, xy = _read_table(path)
    result = _table_points(table, xy, key, src, lon_col=lon_col, lat_col=lat_col,
                           name_col=name_col, industry_col=industry_col)
    if progress:
        progress(len(result.frame), 1.0)
    return result


def _read_csv_points(path: Path, key: str, *, chunk_rows: int, progress,
                     **columns) -> PointTable:
    """:func:`read_points` for CSV, chunk by chunk; the parts are joined at the end."""
    parts, reports, cols, offset = [], [], None, 0
    for chunk in _csv_chunks(path, chunk_rows=chunk_rows, progress=progress):
        part = _table_points(chunk, None, key, path.name, **columns)
        part.frame["row"] += offset
        if len(part.report):
            part.report["row"] += offset
            reports.append(part.report)
        parts.append(part.frame)
        cols = part.columns
        offset += len(chunk)
    frame = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    report = (pd.concat(reports, ignore_index=True) if reports else
              pd.DataFrame(columns=["row", "column", "problem", "fix"]))
    return PointTable(frame=frame, report=report, columns=cols, source=path.name)


def _table_points(table: pd.DataFrame, xy, key: str, src: str, *, lon_col=None,
                  lat_col=None, name_col=None, industry_col=None) -> PointTable:
    """Find the columns, convert to WGS-84 and check every row of one table."""
    cols = {
        "name": find_column(table.columns, NAME_HEADERS, name_col, source=src, role="name"),
        "industry": find_column(table.columns, INDUSTRY_HEADERS, industry_col, source=src,
                                role="industry"),
        "category": find_column(table.columns, CATEGORY_HEADERS, source=src),
    }
    if xy is None:
        cols["lon"] = find_column(table.columns, LON_HEADERS, lon_col, source=src,
                                  role="longitude")
        cols["lat"] = find_column(table.columns, LAT_HEADERS, lat_col, source=src,
                                  role="latitude")
        missing = [r for r in ("lon", "lat") if cols[r] is None]
        if missing:
            raise DataValidationError([Problem(
                src, None, "/".join(missing), "no coordinate column found",
                "name them lon/lat or 经度/纬度, or pass --lon-col/--lat-col; the file has: "
                + ", ".join(map(str, table.columns)))])
        raw_x = table[cols["lon"]]
        raw_y = table[cols["lat"]]
    else:
        cols["lon"] = cols["lat"] = "geometry"
        raw_x, raw_y = pd.Series(xy[:, 0]), pd.Series(xy[:, 1])
    frame, report = convert_and_check(raw_x, raw_y, key, source=src,
                                      lon_col=cols["lon"], lat_col=cols["lat"])
    out = table.copy()  # the user's columns are never overwritten
    out["row"] = np.arange(1, len(out) + 1)
    out["lon_wgs84"] = frame["lon"].to_numpy()
    out["lat_wgs84"] = frame["lat"].to_numpy()
    return PointTable(frame=out, report=report, columns=cols, source=src)


def convert_and_check(raw_x, raw_y, crs_key: str, *, source: str, lon_col: str = "lon",
                      lat_col: str = "lat") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Convert coordinates to WGS-84 and check each row; (lon/lat frame, report)."""
    x = pd.to_numeric(pd.Series(raw_x).reset_index(drop=True), errors="coerce").to_numpy(float)
    y = pd.to_numeric(pd.Series(raw_y).reset_index(drop=True), errors="coerce").to_numpy(float)
    if crs_key == "epsg4547":
        # metres: check after conversion; a swap shows as a point far away
        lon, lat = crs_mod.to_wgs84(x, y, crs_key)
        problems = loaders.check_points(lon, lat, source, lon_col=lon_col, lat_col=lat_col)
    else:
        # degrees: check the values as given (GCJ-02/BD-09 offsets are < 1 km, inside
        # the margins of the Shenzhen boxes), then convert
        problems = loaders.check_points(x, y, source, lon_col=lon_col, lat_col=lat_col,
                                        raw_lon=pd.Series(raw_x).to_numpy(dtype=object),
                                        raw_lat=pd.Series(raw_y).to_numpy(dtype=object))
        lon, lat = crs_mod.to_wgs84(x, y, crs_key)
    bad_rows = np.array([p.row for p in problems], dtype=int)
    lon = np.asarray(lon, dtype=float).copy()
    lat = np.asarray(lat, dtype=float).copy()
    if len(bad_rows):
        lon[bad_rows - 1] = np.nan
        lat[bad_rows - 1] = np.nan
    report = pd.DataFrame([{"row": p.row, "column": p.column, "problem": p.message,
                            "fix": p.fix} for p in problems],
                          columns=["row", "column", "problem", "fix"])
    return pd.DataFrame({"lon": lon, "lat": lat}), report


def check_point(x: float, y: float, crs: str, *, lang: str = "zh"
                ) -> tuple[float, float, list[str]]:
    """One typed point checked exactly like a row of an uploaded file.

    ``x``/``y`` are longitude/latitude in degrees (``crs`` "wgs84", "gcj02", "bd09") or
    east/north in metres ("epsg4547"). Returns (lon, lat) in WGS-84 (NaN when the point
    is rejected) and the problems as sentences in ``lang`` ("zh" or "en"), each with
    its fix; an empty list means the point is fine."""
    from core.messages import localize

    key = _crs_key(crs, source="point")
    names = ("x", "y") if key == "epsg4547" else ("lon", "lat")
    frame, report = convert_and_check(pd.Series([x], dtype=object),
                                      pd.Series([y], dtype=object), key, source="point",
                                      lon_col=names[0], lat_col=names[1])
    dash = " —— " if lang == "zh" else " — "
    problems = [localize(r.problem, lang) + (dash + localize(r.fix, lang) if r.fix else "")
                for r in report.itertuples()]
    return float(frame["lon"].iloc[0]), float(frame["lat"].iloc[0]), problems


def _write_csv_fast(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 CSV with a byte-order mark (so Excel shows Chinese), via Arrow's writer;
    formula cells neutralised, written atomically (:mod:`core.safe_io`)."""
    from core.safe_io import write_csv

    write_csv(frame, path)


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write by extension: .csv (UTF-8 with BOM, opens in Excel), .xlsx, .gpkg, .geojson.

    The file appears complete or not at all (a temporary file renamed on success);
    text that a spreadsheet would run as a formula is neutralised in .csv/.xlsx."""
    import geopandas as gpd

    from core.safe_io import atomic_write, write_xlsx

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        _write_csv_fast(frame, path)
    elif suffix == ".xlsx":
        write_xlsx({"data": frame}, path)
    elif suffix in (".gpkg", ".geojson"):
        lon = frame["lon_wgs84"] if "lon_wgs84" in frame else frame["lon"]
        lat = frame["lat_wgs84"] if "lat_wgs84" in frame else frame["lat"]
        gdf = gpd.GeoDataFrame(frame.drop(columns=["geometry"], errors="ignore"),
                               geometry=gpd.points_from_xy(lon, lat),
                               crs=settings.CRS_STORAGE)
        with atomic_write(path) as tmp:
            gdf.to_file(tmp, driver="GPKG" if suffix == ".gpkg" else "GeoJSON",
                        engine="pyogrio")
    else:
        raise DataValidationError([Problem(path.name, None, None,
                                           f"cannot write {suffix!r} files",
                                           "use .csv, .xlsx, .gpkg or .geojson")])
    return path
