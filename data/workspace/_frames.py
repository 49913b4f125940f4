"""A pandas frame ⇄ SQL columns of plain types, losing nothing.

Each frame column becomes one SQL column of a type every reader knows (QGIS/GDAL,
PostgreSQL): ``integer``, ``real``, ``text`` or ``boolean``, plus a JSON ``spec`` that
restores the pandas dtype on load. A cell the stored value cannot reproduce (an int in
a column of strings read from Excel, a string holding a NUL character, a ``None`` in a
column whose other gaps are NaN) is also kept as a typed JSON *cell* in a side table,
so the frame comes back with the same values and types. Column names become SQL names
unchanged unless they collide (with ``fid``/``geom``/system columns, or with another
name that differs only in case, which SQLite cannot tell apart), are empty, hold a NUL
or exceed PostgreSQL's 63 bytes: those get ``field_<n>`` and the spec keeps the
original.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import decimal
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import infer_dtype

from core.i18n import msg
from data.workspace._errors import WorkspaceError

#: Names a stored column may not take (ours, SQLite's and PostgreSQL's system columns).
RESERVED = frozenset({"fid", "geom", "rowid", "oid", "_rowid_", "ctid", "xmin", "xmax",
                      "cmin", "cmax", "tableoid"})
#: PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1).
MAX_NAME_BYTES = 63


@dataclass
class Column:
    """One frame column ready to store. ``values``: float64 array (NaN = NULL) for
    ``real``; for text, an arrow string array (nulls = NULL) when the column is one
    already; else an array of Python/numpy scalars with None for NULL. ``cells``:
    (row position, typed JSON) of cells the stored value does not reproduce."""

    label: Any
    stored: str
    sql: str
    values: np.ndarray | pa.Array
    spec: dict
    cells: list[tuple[int, str]] = field(default_factory=list)


def quote(name: str) -> str:
    """An SQL identifier quoted for SQLite and PostgreSQL (``"`` doubled)."""
    return '"' + name.replace('"', '""') + '"'


# --- names ----------------------------------------------------------------------------

def _json_label(label) -> Any:
    if isinstance(label, np.generic):
        label = label.item()
    if label is None or isinstance(label, (str, int, float, bool)):
        return label
    raise WorkspaceError(msg("ws.err.bad_label", label=label, kind=type(label).__name__),
                         msg("ws.err.text_labels"))


def stored_names(labels: list) -> list[str]:
    """The SQL name of each column: its own where usable, else ``field_<position>``."""
    out: list[str | None] = [None] * len(labels)
    used: set[str] = set(RESERVED)
    for i, label in enumerate(labels):
        text = label if isinstance(label, str) else None
        if (text and "\x00" not in text and text.casefold() not in used
                and len(text.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES
                and _encodable(text)):
            out[i] = text
            used.add(text.casefold())
    for i, name in enumerate(out):
        if name is None:
            n, candidate = 1, f"field_{i + 1}"
            while candidate.casefold() in used:
                n += 1
                candidate = f"field_{i + 1}_{n}"
            out[i] = candidate
            used.add(candidate.casefold())
    return out  # type: ignore[return-value]


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- typed JSON of one cell -------------------------------------------------------------

def typed(v) -> str:
    """A scalar as typed JSON, e.g. ``["int", 5]``, restored exactly by :func:`untyped`
    (anything unknown is kept as its text, ``["repr", "…"]``)."""
    if v is None:
        t: list = ["none"]
    elif v is pd.NA:
        t = ["na"]
    elif v is pd.NaT:
        t = ["nat"]
    elif isinstance(v, (bool, np.bool_)):
        t = ["bool", bool(v)]
    elif isinstance(v, (int, np.integer)):
        t = ["int", int(v)]
    elif isinstance(v, (float, np.floating)):
        t = ["float", repr(float(v))]
    elif isinstance(v, str):
        t = ["str", v]
    elif isinstance(v, pd.Timestamp):
        t = ["timestamp", v.isoformat()]
    elif isinstance(v, dt.datetime):
        t = ["datetime", v.isoformat()]
    elif isinstance(v, dt.date):
        t = ["date", v.isoformat()]
    elif isinstance(v, dt.time):
        t = ["time", v.isoformat()]
    elif isinstance(v, np.datetime64):
        t = ["nat"] if np.isnat(v) else ["datetime64", str(v)]
    elif isinstance(v, pd.Timedelta):
        t = ["timedelta", v.value]
    elif isinstance(v, decimal.Decimal):
        t = ["decimal", str(v)]
    elif isinstance(v, bytes):
        t = ["bytes", base64.b64encode(v).decode("ascii")]
    elif type(v).__module__.startswith("shapely"):
        import shapely
        t = ["wkb", shapely.to_wkb(v, hex=True)]
    else:
        t = ["repr", str(v)]
    return json.dumps(t, ensure_ascii=True)


def untyped(text: str):
    """The scalar of :func:`typed`."""
    t = json.loads(text)
    kind, arg = t[0], (t[1] if len(t) > 1 else None)
    if kind == "none":
        return None
    if kind == "na":
        return pd.NA
    if kind == "nat":
        return pd.NaT
    if kind in ("bool", "int", "str", "repr"):
        return arg
    if kind == "float":
        return float(arg)
    if kind == "timestamp":
        return pd.Timestamp(arg)
    if kind == "datetime":
        return dt.datetime.fromisoformat(arg)
    if kind == "date":
        return dt.date.fromisoformat(arg)
    if kind == "time":
        return dt.time.fromisoformat(arg)
    if kind == "datetime64":
        return np.datetime64(arg)
    if kind == "timedelta":
        return pd.Timedelta(arg)
    if kind == "decimal":
        return decimal.Decimal(arg)
    if kind == "bytes":
        return base64.b64decode(arg)
    if kind == "wkb":
        import shapely
        return shapely.from_wkb(arg)
    raise WorkspaceError(msg("ws.err.unknown_cell", kind=kind), msg("ws.err.newer_writer"))


def _missing_kind(v) -> str:
    if v is None:
        return "none"
    if v is pd.NA:
        return "na"
    if v is pd.NaT or isinstance(v, np.datetime64):
        return "nat"
    return "nan"


_MISSING = {"none": None, "na": pd.NA, "nat": pd.NaT, "nan": math.nan}


# --- dtypes -----------------------------------------------------------------------------

def dtype_spec(dtype) -> Any:
    """A pandas dtype as JSON (StringDtype keeps its storage and missing-value kind)."""
    if isinstance(dtype, pd.StringDtype):
        return {"string": dtype.storage, "na": "nan" if dtype.na_value is not pd.NA else "NA"}
    return str(dtype)


def dtype_from_spec(spec):
    if isinstance(spec, dict):
        return pd.StringDtype(spec["string"], na_value=np.nan if spec["na"] == "nan"
                              else pd.NA)
    return pd.api.types.pandas_dtype(spec)


# --- encode -----------------------------------------------------------------------------

def encode_frame(frame: pd.DataFrame) -> list[Column]:
    """Every column of ``frame`` (by position: repeated names are fine)."""
    labels = [_json_label(c) for c in frame.columns]
    names = stored_names(labels)
    return [encode_series(frame.iloc[:, i], label, names[i])
            for i, label in enumerate(labels)]


def encode_series(s: pd.Series, label, stored: str) -> Column:
    dtype = s.dtype
    base = {"name": label, "stored": stored, "dtype": dtype_spec(dtype)}
    if isinstance(dtype, pd.CategoricalDtype):
        col = _encode_object(s.astype(object).to_numpy(), label, stored, base)
        col.spec["categories"] = [typed(c) for c in dtype.categories]
        col.spec["ordered"] = bool(dtype.ordered)
        return col
    if _is_geometry(dtype):
        import shapely
        arr = np.asarray(s.array, dtype=object)
        missing = pd.isna(arr)
        vals = np.full(len(arr), None, dtype=object)
        vals[~missing] = shapely.to_wkb(arr[~missing], hex=True)
        crs = getattr(s.array, "crs", None)
        return Column(label, stored, "text", vals,
                      {**base, "kind": "geometry", "crs": crs.to_wkt() if crs else None})
    if dtype == np.bool_:
        return Column(label, stored, "boolean", s.to_numpy(), {**base, "kind": "bool"})
    if isinstance(dtype, pd.BooleanDtype):
        return Column(label, stored, "boolean", s.to_numpy(dtype=object, na_value=None),
                      {**base, "kind": "bool"})
    if isinstance(dtype, np.dtype) and dtype.kind in "iu":
        if dtype == np.uint64 and len(s) and s.max() > np.iinfo(np.int64).max:
            return _encode_object(s.astype(object).to_numpy(), label, stored, base)
        return Column(label, stored, "integer", s.to_numpy(dtype=np.int64),
                      {**base, "kind": "int"})
    if isinstance(dtype, pd.core.dtypes.dtypes.BaseMaskedDtype) and dtype.kind in "iu":
        return Column(label, stored, "integer", s.to_numpy(dtype=object, na_value=None),
                      {**base, "kind": "int"})
    if dtype.kind == "f" and not isinstance(dtype, pd.ArrowDtype):
        return Column(label, stored, "real", s.to_numpy(dtype=np.float64, na_value=np.nan),
                      {**base, "kind": "float"})
    if dtype.kind == "M" and not isinstance(dtype, pd.ArrowDtype):
        values = s.dt.tz_convert("UTC").dt.tz_localize(None) if s.dt.tz else s
        arr = values.to_numpy()
        text = np.datetime_as_string(arr, unit="auto").astype(object)
        text[np.isnat(arr)] = None
        return Column(label, stored, "text", text, {**base, "kind": "datetime"})
    if isinstance(dtype, pd.StringDtype):
        col = Column(label, stored, "text", None, {**base, "kind": "string"})
        arrow, positions = _unstorable(s)
        if arrow is None or len(positions):
            col.values = s.to_numpy(dtype=object, na_value=None)
            _clean(col, positions)
        else:
            col.values = arrow  # no copy into Python objects unless a backend wants them
        return col
    # object columns, and anything else (timedelta, period, complex …) as objects
    return _encode_object(s.astype(object).to_numpy(), label, stored, base)


def _is_geometry(dtype) -> bool:
    return type(dtype).__name__ == "GeometryDtype"


def _unstorable(values) -> tuple[pa.Array | None, np.ndarray]:
    """The strings as an arrow array (None when some are not valid UTF-8) and the
    positions of those no database text can hold: with a NUL character (PostgreSQL
    refuses it, GDAL cuts there) or a lone surrogate (not UTF-8). One pyarrow pass."""
    try:
        arrow = pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeEncodeError):
        arrow = None
    if arrow is not None:
        if not _any_nul(arrow):  # the usual case, found with one memchr per buffer
            return arrow, np.zeros(0, dtype=np.int64)
        hits = pc.fill_null(pc.match_substring(arrow, "\x00"), False)
        return arrow, np.flatnonzero(hits.to_numpy(zero_copy_only=False))
    return None, np.flatnonzero([isinstance(v, str) and not _storable(v)
                                 for v in np.asarray(values, dtype=object)])


def _any_nul(arrow: pa.Array | pa.ChunkedArray) -> bool:
    """Whether any string's bytes may hold NUL (its data buffers hold a zero byte)."""
    chunks = arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]
    for chunk in chunks:
        data = chunk.buffers()[2]
        if data is not None and data.to_pybytes().find(b"\x00") >= 0:
            return True
    return False


def _clean(col: Column, positions: np.ndarray) -> None:
    """Store those strings cleaned (NUL dropped, surrogate → U+FFFD), each kept exactly
    as a cell."""
    vals = col.values
    for p in positions:
        v = vals[p]
        col.cells.append((int(p), typed(v)))
        vals[p] = _SURROGATE.sub("\ufffd", v.replace("\x00", ""))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _encode_object(arr: np.ndarray, label, stored: str, base: dict) -> Column:
    """An object column: stored as text, integer, real or boolean when every value is
    of that type, else as text with the non-string cells kept exactly."""
    missing = pd.isna(arr)
    if missing.dtype != bool or missing.shape != arr.shape:  # array-like cells
        missing = np.array([v is None or (np.ndim(v) == 0 and bool(pd.isna(v)))
                            for v in arr], dtype=bool)
    kinds = [_missing_kind(v) for v in arr[missing]] if missing.any() else []
    sentinel = max(set(kinds), key=kinds.count) if kinds else "none"
    cells: list[tuple[int, str]] = []
    for p in np.flatnonzero(missing):
        if _missing_kind(arr[p]) != sentinel:
            cells.append((int(p), typed(arr[p])))
    present = arr[~missing]
    inferred = infer_dtype(present, skipna=False) if len(present) else "empty"
    spec = {**base, "kind": "object", "missing": sentinel}
    sql, vals = "text", None
    if inferred == "integer":
        try:
            ints = present.astype(np.int64)
        except OverflowError:
            ints = None
        if ints is not None and np.array_equal(ints.astype(object), present):
            sql, vals = "integer", np.full(len(arr), None, dtype=object)
            vals[~missing] = ints.tolist()
    elif inferred == "floating":
        sql, vals = "real", np.full(len(arr), np.nan)
        vals[~missing] = present.astype(np.float64)
    elif inferred == "boolean":
        sql, vals = "boolean", np.full(len(arr), None, dtype=object)
        vals[~missing] = present.astype(bool).tolist()
    if vals is None:  # text (strings, or mixed: each non-string cell kept exactly)
        vals = np.full(len(arr), None, dtype=object)
        if inferred in ("string", "empty"):
            vals[~missing] = present
        else:
            positions = np.flatnonzero(~missing)
            for p, v in zip(positions, present, strict=True):
                if isinstance(v, str):
                    vals[p] = v
                else:
                    vals[p] = _display(v)
                    cells.append((int(p), typed(v)))
    col = Column(label, stored, sql, vals, {**spec, "sql": sql}, cells)
    if sql == "text":
        arrow, positions = _unstorable(vals)
        _clean(col, positions)
        col.cells.sort()
        if arrow is not None and not len(positions):
            col.values = arrow
    return col


def _display(v) -> str:
    """What QGIS shows for a non-string cell of a text column (the exact value is kept
    as a cell)."""
    if type(v).__module__.startswith("shapely"):
        return v.wkt
    if isinstance(v, bytes):
        return v.hex()
    return str(v)


# --- decode -----------------------------------------------------------------------------

def decode_column(spec: dict, values: np.ndarray, cells: list[tuple[int, str]]) -> pd.Series:
    """The pandas column of ``spec`` from stored ``values`` (float64 with NaN for
    ``real``; else an array of Python scalars with None for NULL) and its cells."""
    kind = spec["kind"]
    dtype = dtype_from_spec(spec["dtype"])
    n = len(values)
    if kind == "float":
        out = pd.Series(np.asarray(values, dtype=np.float64)).astype(dtype)
    elif kind == "int":
        arr = np.asarray(values)
        if arr.dtype == object and any(v is None for v in arr):
            out = pd.Series(pd.array(arr, dtype="Int64")).astype(dtype)
        else:
            out = pd.Series(arr.astype(np.int64)).astype(dtype)
    elif kind == "bool":
        arr = np.asarray(values, dtype=object)
        if isinstance(dtype, pd.BooleanDtype):
            out = pd.Series(pd.array([None if v is None else bool(v) for v in arr],
                                     dtype="boolean"))
        else:
            out = pd.Series(arr.astype(bool))
    elif kind == "datetime":
        parsed = pd.to_datetime(pd.Series(np.asarray(values, dtype=object)), format="ISO8601")
        if getattr(dtype, "tz", None) is not None:
            parsed = parsed.dt.tz_localize("UTC").dt.tz_convert(dtype.tz)
        out = parsed.astype(dtype)
    elif kind == "geometry":
        import geopandas as gpd
        import shapely
        arr = np.asarray(values, dtype=object)
        geoms = np.full(n, None, dtype=object)
        have = np.array([v is not None for v in arr], dtype=bool)
        geoms[have] = shapely.from_wkb(arr[have].astype(str))
        out = gpd.GeoSeries(geoms, crs=spec.get("crs"))
    elif kind == "string":
        out = pd.Series(np.asarray(values, dtype=object), dtype=dtype)
    else:  # object (also categories and dtypes stored as objects)
        out = _apply_cells(pd.Series(_decode_object(spec, values, n), dtype=object), cells)
        if "categories" in spec:
            cats = [untyped(c) for c in spec["categories"]]
            return pd.Series(pd.Categorical(out, categories=cats, ordered=spec["ordered"]))
        if spec["dtype"] != "object":
            with contextlib.suppress(TypeError, ValueError):  # else kept as objects
                out = out.astype(dtype)
        return out
    return _apply_cells(out, cells)


def _decode_object(spec: dict, values, n: int) -> np.ndarray:
    arr = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) \
        else values.astype(object)
    sql = spec.get("sql", "text")
    fill = _MISSING[spec["missing"]]
    if sql == "real":
        floats = np.asarray(values, dtype=np.float64)
        nulls = np.isnan(floats)
        arr = np.array(floats.tolist(), dtype=object)
    else:
        nulls = np.array([v is None for v in arr], dtype=bool) if n else np.zeros(0, bool)
        if sql == "integer":
            arr[~nulls] = [int(v) for v in arr[~nulls]]
        elif sql == "boolean":
            arr[~nulls] = [bool(v) for v in arr[~nulls]]
    if nulls.any():
        arr[nulls] = fill
    return arr


def _apply_cells(out: pd.Series, cells: list[tuple[int, str]]) -> pd.Series:
    if not cells:
        return out
    positions = [p for p, _ in cells]
    values = [untyped(c) for _, c in cells]
    if out.dtype != object:
        try:
            out.iloc[positions] = values
            return out
        except (TypeError, ValueError):
            out = out.astype(object)
    arr = out.to_numpy(dtype=object).copy()
    for p, v in zip(positions, values, strict=True):
        arr[p] = v
    return pd.Series(arr, dtype=object, name=out.name)
