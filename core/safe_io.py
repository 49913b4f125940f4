"""Writing output files safely: checked before the work, atomic, formula-free.

Every CSV/XLSX the project writes (CLI outputs, reports, the app's downloads) goes
through this module, so that

* an output is checked *before* the work (:func:`check_output_path`): a known
  extension, an existing writable folder, not one of the inputs, not a reserved
  device name, not a shipped data file;
* a file appears complete or not at all (:func:`atomic_write`; for tables written
  chunk by chunk, :func:`streamed_table`): it is written into
  a hidden temporary folder beside the target and renamed over it on success, so
  an interrupted run (Ctrl-C, SIGTERM, a full disk, a kill) leaves the previous
  file, if any, untouched;
* a cell cannot run as a spreadsheet formula (:func:`neutralise_formulas`, the
  OWASP CSV-injection rule): text starting with ``= + - @``, a TAB or a CR, also
  after leading spaces, gets a leading apostrophe, so it stays visible as typed.
  Numbers are numbers and are never touched; text that is a plain number
  (``"-3.5"``, ``"+86"``) cannot compute anything and is kept as it is.

CSV metadata convention (:func:`csv_bytes`): metadata lines come first, each
``# key: value``, then the header and the rows; read such a file back with
``pandas.read_csv(path, skiprows=<number of metadata lines>)``.

Imports only the standard library, numpy and pandas (pyarrow and openpyxl, which
pandas uses, are imported when a file is written).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from core.errors import DataValidationError, Problem
from core.i18n import msg

#: Characters that make a spreadsheet treat a cell as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: Excel's sheet size: 1,048,576 rows (the header is one of them), 16,384 columns.
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_COLUMNS = 16_384
#: Output extensions each writer understands.
TABLE_SUFFIXES = (".csv", ".parquet", ".xlsx", ".gpkg", ".geojson")
#: Outputs written chunk by chunk (:func:`streamed_table`): any number of rows in
#: bounded memory. The others (.xlsx, .gpkg, .geojson) are written from one frame.
STREAMED_SUFFIXES = (".csv", ".parquet")
#: Rows a whole-frame .gpkg/.geojson output may hold (the whole table is in memory
#: while it is written); .xlsx is bounded by Excel's sheet size instead.
WHOLE_FRAME_MAX_ROWS = 1_000_000
#: Names Windows reserves for devices (with any extension); a file cannot have them.
RESERVED_NAMES = frozenset({"con", "prn", "aux", "nul", "clock$",
                            *(f"com{i}" for i in range(10)),
                            *(f"lpt{i}" for i in range(10))})
_PARTIAL = ".partial"

# text whose first non-blank character is = + - @, or which starts with TAB/CR
_FORMULA = re.compile(r"^(?:[\t\r]|\s*[=+\-@])")
# the same for Arrow's RE2 (its \s is ASCII only: add Unicode spaces, e.g. U+3000)
_FORMULA_RE2 = r"^(?:[\t\r]|[\s\p{Z}]*[=+\-@])"
# …unless it is a plain number: nothing for a spreadsheet to compute
_NUMBER = re.compile(r"^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$")


def is_formula_like(value) -> bool:
    """True for text a spreadsheet would run as a formula (see the module notes)."""
    return (isinstance(value, str) and _FORMULA.match(value) is not None
            and _NUMBER.match(value) is None)


def neutralise_text(value):
    """``value`` with a leading apostrophe if it is formula-like; anything else as is."""
    return "'" + value if is_formula_like(value) else value


def _candidates(s: pd.Series):
    """Positions (bool array) of text cells that may be formula-like, found with
    Arrow's vectorised regex (fast on 10⁶ rows); ``None`` when there are none."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        arr = pa.array(s, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        arr = None
    if arr is None or not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        hit = s.map(lambda v: isinstance(v, str) and _FORMULA.match(v) is not None)
        return hit.to_numpy(bool) if hit.any() else None
    m = pc.fill_null(pc.match_substring_regex(arr, _FORMULA_RE2), False)
    if not pc.any(m).as_py():
        return None
    return m.to_numpy(zero_copy_only=False)


def _neutralise_series(s: pd.Series) -> pd.Series:
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = s.cat.categories
        if cats.dtype == object or pd.api.types.is_string_dtype(cats.dtype):
            new = [neutralise_text(c) for c in cats]
            if new != list(cats):
                if len(set(new)) == len(new):
                    return s.cat.rename_categories(new)
                return s.astype(object).map(neutralise_text, na_action="ignore")
        return s
    if not (s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
        return s
    cand = _candidates(s)
    if cand is None:
        return s
    out = _prefix_formulas(s, np.flatnonzero(cand))
    return s if out is None else out


def _prefix_formulas(s: pd.Series, idx: np.ndarray) -> pd.Series | None:
    """A copy of ``s`` whose cells at the candidate positions ``idx`` that really read
    as formulas get a leading apostrophe; None when none does (plain numbers such as
    "-3.5" among the candidates are kept)."""
    values = s.iloc[idx]
    hit = values.map(is_formula_like).to_numpy(bool)
    if not hit.any():
        return None
    out = s.copy()
    out.iloc[idx[hit]] = "'" + values[hit].astype(str)
    return out


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A new frame in which no text cell or column header can run as a formula.

    Only text (object, string and categorical-of-text columns, and the headers) is
    changed: a formula-like value gets a leading apostrophe. Numeric, boolean and
    date columns, and text that is a plain number, are returned as they are.
    """
    out = frame.copy(deep=False)
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        new = _neutralise_series(col)
        if new is not col:
            out.isetitem(i, new)
    if any(is_formula_like(c) for c in out.columns):
        out.columns = [neutralise_text(c) for c in out.columns]
    return out


# ---------------------------------------------------------------------------- paths
def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def check_output_path(out: str | Path, *, inputs: Iterable[str | Path] = (),
                      allowed_suffixes: Iterable[str] = TABLE_SUFFIXES,
                      protected: Iterable[str | Path] = (),
                      option: str = "--out") -> Path:
    """Check that ``out`` can be written, before any work is done; return it as a Path.

    Refused, each with what to do: an extension not in ``allowed_suffixes``; a
    missing folder; a folder this process cannot create files in; an existing
    folder of that name; a path that is one of ``inputs`` (the same file, also
    through a link); a reserved device name (CON, NUL, COM1 …); a path inside one
    of the ``protected`` folders (shipped data). All problems are raised together
    as one :class:`~core.errors.DataValidationError` naming ``option``.
    """
    path = Path(out)
    allowed = tuple(s.lower() for s in allowed_suffixes)
    where = f"{option} {path}"
    problems: list[Problem] = []

    def refuse(message, fix) -> None:
        problems.append(Problem(where, None, None, message, fix))

    if not path.name or path.name in (".", ".."):
        refuse(msg("write.no_name"), msg("write.give_name", suffixes=", ".join(allowed)))
        raise DataValidationError(problems)
    suffix = path.suffix.lower()
    if suffix not in allowed:
        refuse(msg("write.cannot_write", suffix=suffix) if suffix else
               msg("write.no_extension"),
               msg("write.end_name", suffixes=", ".join(allowed)))
    if path.name.split(".")[0].lower() in RESERVED_NAMES or path.name.endswith((" ", ".")):
        refuse(msg("write.reserved_name", name=path.name), msg("write.choose_other_name"))
    parent = path.parent
    if path.is_dir():
        refuse(msg("write.is_folder"), msg("write.name_inside"))
    elif not parent.is_dir():
        refuse(msg("write.no_folder", folder=str(parent)), msg("write.create_folder"))
    else:
        try:
            fd, probe = tempfile.mkstemp(prefix=".write-test.", dir=parent)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            refuse(msg("write.folder_not_writable", folder=str(parent),
                       reason=exc.strerror or str(exc)),
                   msg("write.choose_writable"))
    for src in inputs:
        if src is not None and _same_file(path, Path(src)):
            refuse(msg("write.is_input"), msg("write.choose_different"))
    for folder in protected:
        folder = Path(folder).resolve()
        if path.resolve().is_relative_to(folder):
            refuse(msg("write.in_shipped", folder=str(folder)), msg("write.elsewhere"))
    if problems:
        raise DataValidationError(problems)
    return path


def report_path(out: str | Path) -> Path:
    """Where the rejected-rows report of ``out`` goes: ``<out stem>_report.csv``."""
    out = Path(out)
    return out.with_name(out.stem + "_report.csv")


def check_xlsx_rows(path: str | Path, n_rows: int, n_columns: int = 1, *,
                    sheet: str | None = None) -> None:
    """Refuse an .xlsx output (or one ``sheet`` of it) of ``n_rows`` data rows and
    ``n_columns`` columns beyond Excel's sheet size; other extensions pass."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        return
    if n_rows + 1 > XLSX_MAX_ROWS or n_columns > XLSX_MAX_COLUMNS:
        raise DataValidationError([Problem(
            path.name + (f", sheet {sheet!r}" if sheet else ""), None, None,
            msg("write.xlsx_too_big", rows=n_rows, columns=n_columns,
                max_rows=XLSX_MAX_ROWS - 1, max_columns=XLSX_MAX_COLUMNS),
            msg("write.csv_or_gpkg"))])


def check_whole_frame_rows(path: str | Path, n_rows: int, n_columns: int = 1) -> None:
    """Refuse a whole-frame output (.xlsx beyond Excel's sheet, .gpkg/.geojson beyond
    ``WHOLE_FRAME_MAX_ROWS``) of ``n_rows`` rows; streamed outputs (.csv, .parquet)
    pass whatever their size."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        check_xlsx_rows(path, n_rows, n_columns)
    elif suffix in (".gpkg", ".geojson") and n_rows > WHOLE_FRAME_MAX_ROWS:
        raise DataValidationError([Problem(
            path.name, None, None,
            msg("write.whole_frame_too_big", rows=n_rows, suffix=suffix,
                limit=WHOLE_FRAME_MAX_ROWS),
            msg("write.csv_or_parquet"))])


# ---------------------------------------------------------------------------- atomic
def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _sweep_partials(path: Path) -> None:
    """Remove temporary folders left beside ``path`` by killed runs (owner gone)."""
    prefix = f".{path.name}."
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(_PARTIAL)):
            continue
        pid = name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


@contextlib.contextmanager
def atomic_write(path: str | Path, *, optional: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    The temporary file has the same name as ``path`` (so writers that look at the
    extension work) inside a hidden folder ``.<name>.<pid>.<random>.partial`` in the
    same directory (so the final rename is atomic). On any exception, including
    KeyboardInterrupt and SystemExit, the temporary folder is removed and ``path``
    keeps its previous content. Folders left by killed runs are swept next time.
    """
    path = Path(path)
    _sweep_partials(path)
    tmp_dir = Path(tempfile.mkdtemp(prefix=f".{path.name}.{os.getpid()}.", suffix=_PARTIAL,
                                    dir=path.parent))
    tmp = tmp_dir / path.name
    try:
        yield tmp
        if not tmp.exists():
            if optional:
                return
            raise OSError(f"nothing was written to {path}")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if exc.filename is None:  # e.g. Arrow's writer: say which file failed
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; return the path."""
    path = Path(path)
    with atomic_write(path) as tmp:
        tmp.write_bytes(data)
    return path


def remove_stale(path: str | Path) -> None:
    """Delete ``path`` if it exists (an earlier run's file that no longer applies)."""
    with contextlib.suppress(FileNotFoundError):
        Path(path).unlink()


# ---------------------------------------------------------------------------- CSV
def _metadata_lines(metadata) -> str:
    if not metadata:
        return ""

    def clean(v) -> str:
        return re.sub(r"[\r\n]+", " ", str(v))

    return "".join(f"# {clean(k)}: {clean(v)}\n" for k, v in metadata)


def _csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralised, with mixed-type text columns as text (Arrow needs one type)."""
    out = neutralise_formulas(frame)
    for i in range(out.shape[1]):
        s = out.iloc[:, i]
        if s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) not in (
                "string", "empty"):
            note = s.notna()
            fixed = s.copy()
            fixed[note] = s[note].map(str)
            out.isetitem(i, fixed)
    out.columns = [str(c) for c in out.columns]
    return out


def _csv_column(s: pd.Series):
    """One column as an Arrow array for CSV: text neutralised (:func:`_neutralise_series`
    on the few cells Arrow's regex flags), cells of a mixed-type text column as text;
    numbers, booleans and dates as they are."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(s.dtype, pd.CategoricalDtype):
        return pa.array(_neutralise_series(s), from_pandas=True)
    if not (s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
        return pa.array(s, from_pandas=True)
    if s.dtype == object:
        few = _few_texts(s)
        if few is not None:  # the same array, the same candidates, made per distinct text
            arr, cand = few
            out = _prefix_formulas(s, cand) if len(cand) else None
            return arr if out is None else pa.array(out, type=arr.type, from_pandas=True)
    arr, s = _text_array(s)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return arr
    hit = pc.fill_null(pc.match_substring_regex(arr, _FORMULA_RE2), False)
    if not pc.any(hit).as_py():
        return arr
    out = _prefix_formulas(s, np.flatnonzero(hit.to_numpy(zero_copy_only=False)))
    return arr if out is None else pa.array(out, type=arr.type, from_pandas=True)


def _text_array(s: pd.Series):
    """(``s`` as an Arrow array, the series it was made of): an object column holding
    anything but text (numbers, bytes, dates, a mix) as the text of each cell. Arrow's
    own conversion is tried first: it makes a string array exactly when every cell is
    text or missing, so the whole-column type scan (``infer_dtype``) and the copy are
    paid only by the other columns."""
    import pyarrow as pa

    if s.dtype != object:
        return pa.array(s, from_pandas=True), s
    try:
        arr = pa.array(s, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        arr = None
    if arr is not None and (pa.types.is_string(arr.type) or pa.types.is_null(arr.type)):
        return arr, s
    note = s.notna()
    s = s.copy()
    s[note] = s[note].map(str)
    return pa.array(s, from_pandas=True), s


#: Rows looked at to decide whether a text column has few distinct values.
_SAMPLE_ROWS = 10_000


def _few_texts(s: pd.Series):
    """For an object column of text with few distinct values (≤ 1 in 10 in its first
    ``_SAMPLE_ROWS`` rows; a checked register's area ids, verdicts, reasons): (its Arrow
    string array, the positions of the cells Arrow's formula regex flags), each
    distinct text converted and matched once. None for other columns (then
    :func:`_csv_column` converts cell by cell; the result is the same)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = s.to_numpy()
    sample = values[:_SAMPLE_ROWS]
    if not len(values) or len(pd.unique(sample)) * 10 > len(sample):
        return None
    codes, uniques = pd.factorize(values)
    try:
        dictionary = pa.array(uniques, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # a mix of text and other values
        return None
    if not pa.types.is_string(dictionary.type):
        return None
    missing = codes < 0
    arr = pc.take(dictionary, pa.array(codes, mask=missing))
    flagged = pc.fill_null(pc.match_substring_regex(dictionary, _FORMULA_RE2), False)
    flagged = np.append(flagged.to_numpy(zero_copy_only=False), False)  # [-1]: missing
    return arr, np.flatnonzero(flagged[codes])


def _csv_table(frame: pd.DataFrame):
    """The frame as an Arrow table ready for CSV (see :func:`_csv_column`), converted
    once per column; headers neutralised."""
    import pyarrow as pa

    arrays = [_csv_column(frame.iloc[:, i]) for i in range(frame.shape[1])]
    names = [neutralise_text(str(c)) for c in frame.columns]
    return pa.Table.from_arrays(arrays, names=names)


def _write_csv(frame: pd.DataFrame, fh, metadata=None) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    fh.write("\ufeff".encode())
    fh.write(_metadata_lines(metadata).encode())
    try:
        table = _csv_table(frame)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        _csv_ready(frame).to_csv(io.TextIOWrapper(fh, encoding="utf-8", newline="",
                                                  write_through=True), index=False)
        return
    pacsv.write_csv(table, fh)


def csv_bytes(frame: pd.DataFrame, *,
              metadata: list[tuple[str, str]] | None = None) -> bytes:
    """The frame as UTF-8 CSV with a byte-order mark (Excel shows Chinese), formulas
    neutralised; ``metadata`` as leading ``# key: value`` lines (module notes)."""
    buf = io.BytesIO()
    _write_csv(frame, buf, metadata)
    return buf.getvalue()


def write_csv(frame: pd.DataFrame, path: str | Path, *,
              metadata: list[tuple[str, str]] | None = None) -> Path:
    """:func:`csv_bytes` written atomically to ``path`` (streamed, not held in memory)."""
    path = Path(path)
    with atomic_write(path) as tmp, open(tmp, "wb") as fh:
        _write_csv(frame, fh, metadata)
    return path


# ---------------------------------------------------------------------------- streams
class TableAppender:
    """Appends frames with the same columns to one open CSV or Parquet file: see
    :func:`streamed_table`. ``rows`` counts the rows written."""

    def __init__(self, tmp: Path, kind: str):
        self.tmp, self.kind = tmp, kind
        self.rows = 0
        self._fh = None
        self._columns: list[str] | None = None
        self._writer = None  # pyarrow.parquet.ParquetWriter

    def write(self, frame: pd.DataFrame) -> None:
        """Append ``frame`` (its columns must be those of the first frame)."""
        columns = [str(c) for c in frame.columns]
        if self._columns is None:
            self._columns = columns
        elif columns != self._columns:
            raise ValueError(f"{self.tmp.name}: a chunk has columns {columns}, the file "
                             f"has {self._columns}")
        if self.kind == "csv":
            self._write_csv(frame)
        else:
            self._write_parquet(frame)
        self.rows += len(frame)

    def _write_csv(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.csv as pacsv

        first = self._fh is None
        if first:
            self._fh = open(self.tmp, "wb")  # noqa: SIM115 — closed by close()
            self._fh.write("\ufeff".encode())
        try:
            table = _csv_table(frame)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            _csv_ready(frame).to_csv(io.TextIOWrapper(self._fh, encoding="utf-8",
                                                      newline="", write_through=True),
                                     index=False, header=first)
            return
        pacsv.write_csv(table, self._fh, pacsv.WriteOptions(include_header=first))

    def _write_parquet(self, frame: pd.DataFrame) -> None:
        import pyarrow.parquet as pq

        table = _arrow_table(frame)
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.tmp, table.schema, compression="zstd")
        elif table.schema != self._writer.schema:
            table = _cast_like(table, self._writer.schema, self.tmp.name)
        self._writer.write_table(table)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def _arrow_table(frame: pd.DataFrame):
    """An Arrow table of ``frame`` whose text columns are always ``string`` (a chunk
    with no value in a column still has the file's type); other cells of a text
    column are written as text."""
    import pyarrow as pa

    arrays, names = [], []
    for i in range(frame.shape[1]):
        s = frame.iloc[:, i]
        if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            kind = pd.api.types.infer_dtype(s, skipna=True)
            if kind not in ("string", "empty"):
                note = s.notna()
                s = s.copy()
                s[note] = s[note].map(str)
            arrays.append(pa.array(s, type=pa.string(), from_pandas=True))
        else:
            arrays.append(pa.array(s, from_pandas=True))
        names.append(str(frame.columns[i]))
    return pa.Table.from_arrays(arrays, names=names)


def _cast_like(table, schema, name: str):
    """``table`` cast to the file's ``schema`` (a chunk whose column came out as int
    where the first had float, or null where it had text)."""
    import pyarrow as pa

    try:
        return table.cast(schema)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError) as exc:
        raise ValueError(f"{name}: a chunk's column types {table.schema.types} differ "
                         f"from the file's {schema.types} ({exc})") from None


@contextlib.contextmanager
def streamed_table(path: str | Path, *, optional: bool = False) -> Iterator[TableAppender]:
    """Yield a :class:`TableAppender` writing ``path`` (.csv or .parquet) chunk by chunk
    into a temporary file, renamed over ``path`` when the block ends without error —
    the file appears complete or not at all, as with :func:`atomic_write`.

    CSV: UTF-8 with a byte-order mark once, the header once, formula cells neutralised
    in every chunk (:func:`neutralise_formulas`). Parquet (zstd): typed columns, text
    as text; no neutralisation (Parquet is data, not a spreadsheet). ``optional``: when
    no frame was written, no file is made and ``path`` is left as it was."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in STREAMED_SUFFIXES:
        raise ValueError(f"{path.name}: only {', '.join(STREAMED_SUFFIXES)} files are "
                         "written chunk by chunk")
    with atomic_write(path, optional=optional) as tmp:
        appender = TableAppender(tmp, suffix.lstrip("."))
        try:
            yield appender
        finally:
            appender.close()


def write_parquet(frame: pd.DataFrame, path: str | Path) -> Path:
    """``frame`` written atomically as Parquet (zstd; text columns as text)."""
    path = Path(path)
    with streamed_table(path) as out:
        out.write(frame)
    return path


# ---------------------------------------------------------------------------- XLSX
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(name, used: set[str]) -> str:
    base = _SHEET_BAD.sub("_", str(name)).strip("'") or "sheet"
    base = base[:31]
    out, n = base, 1
    while out.lower() in used:
        n += 1
        out = f"{base[:31 - len(str(n)) - 1]}_{n}"
    used.add(out.lower())
    return out


def _xlsx_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralised; control characters Excel refuses replaced by U+FFFD; dates
    without a time zone (Excel has none)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def scrub(v):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v

    out = neutralise_formulas(frame)
    for i in range(out.shape[1]):
        s = out.iloc[:, i]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            out.isetitem(i, s.dt.tz_localize(None))
        elif s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            if pd.api.types.infer_dtype(s, skipna=True) == "string":
                bad = s.str.contains(ILLEGAL_CHARACTERS_RE.pattern, regex=True, na=False)
            else:
                bad = s.map(lambda v: isinstance(v, str) or getattr(v, "tzinfo", None)
                            is not None)
            if bad.any():
                fixed = s.copy()
                fixed[bad] = s[bad].map(lambda v: scrub(v) if isinstance(v, str)
                                        else pd.Timestamp(v).tz_localize(None))
                out.isetitem(i, fixed)
    out.columns = [scrub(str(c)) for c in out.columns]
    return out


def _write_xlsx(sheets: dict[str, pd.DataFrame], target, metadata=None) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not sheets and not metadata:
        raise ValueError("an .xlsx file needs at least one sheet")
    label = target if isinstance(target, str | Path) else "workbook.xlsx"
    for name, frame in sheets.items():
        check_xlsx_rows(label, len(frame), frame.shape[1], sheet=str(name))
    used: set[str] = set()
    with pd.ExcelWriter(target, engine="openpyxl") as xl:
        for name, frame in sheets.items():
            _xlsx_ready(frame).to_excel(xl, sheet_name=_sheet_name(name, used), index=False)
        if metadata:
            meta = pd.DataFrame([(str(k), str(v)) for k, v in metadata],
                                columns=["key", "value"])
            meta = meta.map(lambda v: ILLEGAL_CHARACTERS_RE.sub("\ufffd", v))
            _xlsx_ready(meta).to_excel(xl, sheet_name=_sheet_name("metadata", used),
                                       index=False)


def xlsx_bytes(sheets: dict[str, pd.DataFrame], *,
               metadata: list[tuple[str, str]] | None = None) -> bytes:
    """A workbook, one sheet per frame (index not written), formulas neutralised and
    text written as text; a ``metadata`` sheet (key, value) when given. Sheet names
    are made valid for Excel (31 characters, no ``[]:*?/\\``)."""
    buf = io.BytesIO()
    _write_xlsx(sheets, buf, metadata)
    return buf.getvalue()


def write_xlsx(sheets: dict[str, pd.DataFrame], path: str | Path, *,
               metadata: list[tuple[str, str]] | None = None) -> Path:
    """:func:`xlsx_bytes` written atomically to ``path``."""
    path = Path(path)
    with atomic_write(path) as tmp:
        _write_xlsx(sheets, tmp, metadata)
    return path


__all__ = ["FORMULA_TRIGGERS", "STREAMED_SUFFIXES", "TABLE_SUFFIXES", "WHOLE_FRAME_MAX_ROWS",
           "XLSX_MAX_ROWS", "TableAppender", "atomic_write", "check_output_path",
           "check_whole_frame_rows", "check_xlsx_rows", "csv_bytes", "is_formula_like",
           "neutralise_formulas", "neutralise_text", "remove_stale", "report_path",
           "streamed_table", "write_bytes", "write_csv", "write_parquet", "write_xlsx",
           "xlsx_bytes"]
