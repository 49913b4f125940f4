"""Read a table of points (a user's register, a batch to check) into WGS-84.

Formats: CSV (UTF-8, UTF-8 with BOM, or GBK/GB18030), Parquet, GeoParquet (point
geometry), XLSX, GeoJSON, GeoPackage, Shapefile (also zipped). CSV and (Geo)Parquet
can be read as a stream of chunks (:func:`iter_point_chunks`), so a register of
millions of rows is never whole in memory. Coordinates come from point geometry or from
columns found by common Chinese/English headers (经度/纬度, lon/lng/longitude/x,
lat/latitude/y), in a declared coordinate system: "wgs84", "gcj02" (Amap/Tencent), "bd09" (Baidu) or
"epsg4547" (CGCS2000 GK metres).

Nothing is dropped silently: :func:`read_points` (all chunks joined) returns every
row with content, the user's columns (one whose name the results use is renamed "name (输入)", never
overwritten) plus ``lon_wgs84``/``lat_wgs84`` where valid, a report of each rejected
row (its 1-based row number, the column, the problem and the fix) and notes on the
file (encoding and why, empty rows skipped, sheets/layers read, CRS assumed). Hostile
files are refused with one :class:`~core.errors.DataValidationError` naming the file
(never a folder) and what to do: mixed text encodings (with the byte offset), several
sheets/layers with different columns, a repeated coordinate header, a file over
``settings.MAX_INPUT_BYTES`` or ``MAX_INPUT_ROWS``, a pipe, an ``.xls``, a shapefile
missing its ``.shx``. Points are checked against Shenzhen's land (districts and 深汕),
not a box, so Hong Kong and 东莞 are rejected.

A register with addresses and no coordinates is geocoded on import (offline gazetteer,
:mod:`data.geocoding`); one with both keeps its coordinates and warns where a point
lies outside the 街道 its address names (see :func:`iter_point_chunks`).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from core import crs as crs_mod
from core import settings
from core.errors import DataValidationError, Problem
from core.i18n import joined, msg, repeated
from data import loaders

LON_HEADERS = ("lon", "lng", "long", "longitude", "x", "经度", "东经", "x坐标")
LAT_HEADERS = ("lat", "latitude", "y", "纬度", "北纬", "y坐标")
NAME_HEADERS = ("name", "name_zh", "名称", "企业名称", "机构名称", "设施名称", "单位名称")
INDUSTRY_HEADERS = ("industry", "industries", "行业", "产业", "所属行业", "产业领域")
CATEGORY_HEADERS = ("category", "类别", "类型", "分类")
#: A point farther than this (metres, EPSG:4547) outside the 街道 (or district) its
#: address names is flagged: the shipped boundaries are approximate (OpenStreetMap) and
#: firms on a boundary road are common, so a few metres across one is not a mismatch.
ADDRESS_TOLERANCE_M = 100.0
#: Rows per chunk when a CSV is read in pieces (about 30–60 MB of text).
CHUNK_ROWS = 250_000


@dataclass
class PointTable:
    """``frame``: every input row with content (the user's columns, renamed only where a
    name is one the results use — see ``notes`` — plus ``lon_wgs84``/``lat_wgs84``, NaN
    where rejected, and ``row`` = 1-based data row of the file); ``report``: one line per
    problem (row, column, problem, fix); ``columns``: the columns that were used;
    ``notes``: file-level facts the user should see (encoding chosen and why, renamed
    or duplicated headers, sheets/layers combined, empty rows skipped, CRS assumed),
    as problems with ``row`` None so they print and translate like the report."""

    frame: pd.DataFrame
    report: pd.DataFrame
    columns: dict[str, str | None]
    source: str
    notes: list[Problem] = field(default_factory=list)
    #: rows kept and valid but worth a look (row, column, problem, fix): a point that
    #: lies outside the 街道 its address names (also in the ``address_check`` column).
    warnings: pd.DataFrame = field(default_factory=lambda: _empty_report())

    def unmatched_industries(self) -> pd.DataFrame:
        """Industry labels (as written in the file) that match no taxonomy id, name or
        alias, with how many rows carry each; empty when there is no industry column."""
        col = self.columns.get("industry")
        if not col:
            return pd.DataFrame(columns=["label", "rows"])
        from core.taxonomy import load_taxonomy, resolve_terms

        per_value = self.frame[col].dropna().value_counts()  # each distinct value once
        _, bad = resolve_terms(per_value.index.tolist(), load_taxonomy())
        rows: dict[str, int] = {}
        for b, n in zip(bad, per_value.to_numpy(), strict=True):
            for label in (b.split("、") if b else []):
                rows[label] = rows.get(label, 0) + int(n)
        ordered = sorted(rows.items(), key=lambda kv: (-kv[1], kv[0]))
        return pd.DataFrame(ordered, columns=["label", "rows"])

    @property
    def geocoded(self) -> bool:
        """Whether the points were placed from an address column (no coordinates)."""
        return "match_level" in self.frame.columns and self.columns.get("lon") is None

    def match_levels(self) -> pd.DataFrame:
        """Rows placed at each geocoder level (road … none), for a geocoded table;
        empty otherwise."""
        if not self.geocoded:
            return pd.DataFrame(columns=["match_level", "rows"])
        from data.geocoding import LEVELS

        counts = self.frame["match_level"].value_counts()
        return pd.DataFrame({"match_level": list(LEVELS),
                             "rows": [int(counts.get(lv, 0)) for lv in LEVELS]})

    @property
    def valid(self) -> pd.DataFrame:
        """The rows whose coordinates passed every check."""
        bad = set(self.report["row"])
        return self.frame[~self.frame["row"].isin(bad)]


def _empty_report() -> pd.DataFrame:
    return pd.DataFrame(columns=["row", "column", "problem", "fix"])


def _fail(source: str, message: str, fix: str, *, row: int | None = None,
          column: str | None = None) -> DataValidationError:
    return DataValidationError([Problem(source, row, column, message, fix)])


# --- names shown to the user -----------------------------------------------------
#: Bidirectional-text controls: a file name holding one (e.g. U+202E) would reverse
#: the text shown after it.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def display_name(name: str) -> str:
    """A file name as shown in messages: bidirectional controls and other invisible
    format/control characters removed, so the summary line reads as written."""
    text = _BIDI.sub("", str(name))
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))


# --- columns ---------------------------------------------------------------------
#: Columns the reader and the placement check add to a table; a user column of the
#: same name is renamed (``RENAMED_SUFFIX``) at read time, never overwritten.
RESERVED_COLUMNS = frozenset({
    "row", "lon_wgs84", "lat_wgs84", "problem", "sheet", "layer",
    "district", "subdistrict", "area_ids", "platform_ids", "cluster_ids", "subarea_ids",
    "industry_ids", "focus_match", "focus_reason", "certainty", "boundary_note",
    "nearest_match_id",
    "nearest_match_m",
    # a register placed from its addresses, or checked against them
    "precision_m", "match_level", "geocode_note", "address_check"})
_RESERVED_PATTERN = re.compile(r"^nearest_facility_\d+(_m|_precision_m)?$")
RENAMED_SUFFIX = " (输入)"


def _is_reserved(name: str) -> bool:
    return name in RESERVED_COLUMNS or bool(_RESERVED_PATTERN.match(name))


def _clean_headers(raw, src: str, explicit: tuple[str | None, ...]
                   ) -> tuple[list[str], list[Problem]]:
    """Unique text headers for ``raw`` (blank → "column N", a repeat → "name (2)", a
    reserved name → "name (输入)"), with a note for each change. A repeated header
    that names the coordinates is refused: which copy holds them cannot be guessed."""
    names = []
    for i, h in enumerate(raw):
        text = "" if h is None or (isinstance(h, float) and np.isnan(h)) else str(h)
        names.append(text if text.strip() else f"column {i + 1}")
    notes: list[Problem] = []
    counts = pd.Series(names).value_counts()
    repeated = [n for n in names if counts[n] > 1]
    coord = {c.lower() for c in LON_HEADERS + LAT_HEADERS} | {c.lower() for c in explicit if c}
    bad = sorted({n for n in repeated if n.strip().lower() in coord})
    if bad:
        raise DataValidationError([Problem(
            src, None, n,
            msg("read.header_repeated_coordinate", name=n, n=counts[n],
                columns=", ".join(str(i + 1) for i, m in enumerate(names) if m == n)),
            msg("read.dedupe_coordinate"))
            for n in bad])
    taken = set(names)
    out, seen = [], {}
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        new = n
        if seen[n] > 1:
            k = seen[n]
            while f"{n} ({k})" in taken:
                k += 1
            new = f"{n} ({k})"
            notes.append(Problem(src, None, n, msg("read.note.header_renamed", name=n,
                                                   column=len(out) + 1, new=new),
                                 msg("read.unique_headers")))
        if _is_reserved(new):
            renamed = new + RENAMED_SUFFIX
            while renamed in taken:
                renamed += "'"
            notes.append(Problem(src, None, new, msg("read.note.reserved_renamed", name=new,
                                                     new=renamed),
                                 msg("read.keep_own_name")))
            new = renamed
        taken.add(new)
        out.append(new)
    return out, notes


def find_column(columns, candidates, explicit: str | None = None, *, source: str = "",
                role: str = "", renamed: dict[str, str] | None = None) -> str | None:
    """The column to use for a role: the explicit name (as given, or as the reader
    renamed it), or the first header matching a candidate (case-insensitive)."""
    cols = [str(c) for c in columns]
    if explicit:
        explicit = (renamed or {}).get(explicit, explicit)
        if explicit not in cols:
            raise DataValidationError([Problem(source, None, explicit,
                                               msg("read.column_not_found", role=role),
                                               msg("read.file_has", columns=", ".join(cols)))])
        return explicit
    lower = {}
    for c in cols:
        lower.setdefault(c.strip().lower(), c)
    for cand in candidates:
        if cand.lower() in lower:
            return lower[cand.lower()]
    return None


def _drop_empty_rows(table: pd.DataFrame, rows: np.ndarray
                     ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """(table without the rows that have no content in any cell, their numbers, the
    numbers of the rows dropped)."""
    if not len(table):
        return table, rows, rows[:0]
    filled = table.notna()
    for c in table.columns:
        if table[c].dtype == object or pd.api.types.is_string_dtype(table[c]):
            filled[c] &= table[c].astype(str).str.strip().ne("")
    empty = ~filled.any(axis=1).to_numpy()
    if not empty.any():
        return table, rows, rows[:0]
    return table.loc[~empty].reset_index(drop=True), rows[~empty], rows[empty]


def _empty_note(src: str, dropped, label: str = "", trailing: int = 0,
                total: int | None = None) -> list[Problem]:
    """A note counting the empty rows skipped (``total``, default the rows in
    ``dropped`` and ``trailing``) and naming the first few."""
    n = len(dropped) + trailing if total is None else total
    if not n:
        return []
    shown = ", ".join(map(str, list(dropped[:5]))) + (" …" if len(dropped) > 5 else "")
    text = msg("read.note.empty_rows", n=n, label=label,
               rows=msg("read.note.empty_rows.rows", rows=shown) if len(dropped) else "",
               trailing=msg("read.note.empty_rows.trailing", n=trailing) if trailing else "")
    return [Problem(src, None, None, text, msg("read.nothing_to_do"))]


# --- limits ---------------------------------------------------------------------------
def _check_file(path: Path, src: str) -> None:
    """Refuse what no read should start on: a missing, special (FIFO, device) or
    over-large file."""
    if not path.exists():
        raise _fail(src, msg("read.file_not_found"), msg("read.check_path"))
    if not path.is_file():
        raise _fail(src, msg("read.not_regular"), msg("read.save_to_file"))
    size = path.stat().st_size
    if size > settings.MAX_INPUT_BYTES:
        raise _fail(src, msg("read.too_big", size=size, limit=settings.MAX_INPUT_BYTES),
                    msg("read.split_or_raise", setting="MAX_INPUT_BYTES"))
    if path.suffix.lower() in (".zip", *EXCEL_SUFFIXES):
        import zipfile

        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                unpacked = sum(i.file_size for i in zf.infolist())
            if unpacked > settings.MAX_INPUT_BYTES:
                raise _fail(src, msg("read.unpacks_too_big", size=unpacked,
                                     limit=settings.MAX_INPUT_BYTES),
                            msg("read.split_or_raise", setting="MAX_INPUT_BYTES"))


def _too_many_rows(src: str, rows: int) -> DataValidationError:
    return _fail(src, msg("read.too_many_rows", limit=settings.MAX_INPUT_ROWS, rows=rows),
                 msg("read.split_or_raise", setting="MAX_INPUT_ROWS"))


# --- text encoding --------------------------------------------------------------------
def _line_of(path: Path, offset: int) -> int:
    """1-based line number of the byte at ``offset``."""
    lines, done = 1, 0
    with open(path, "rb") as fh:
        while done < offset:
            block = fh.read(min(16 << 20, offset - done))
            if not block:
                break
            lines += block.count(b"\n")
            done += len(block)
    return lines


def _where(path: Path, offset: int) -> tuple[str, int | None]:
    line = _line_of(path, offset)
    return msg("read.where", offset=offset, line=line), (line - 1 if line > 1 else None)


def _blocks(path: Path, size: int = 16 << 20):
    with open(path, "rb") as fh:
        while block := fh.read(size):
            yield block


def detect_encoding(path: str | Path, *, source: str | None = None) -> tuple[str, str]:
    """(Python codec, reason) of a text file, judged on the whole file.

    UTF-8 (with or without BOM) if every byte decodes as UTF-8; GB18030 (a superset of
    GBK) if the file is not UTF-8, has no UTF-8 Chinese before its first non-UTF-8
    byte and decodes as GB18030 throughout with no line that reads as UTF-8 Chinese.
    Anything else — UTF-16, a UTF-8 file with one Latin-1 or GBK byte, a GBK file with a
    pasted UTF-8 row — is refused, naming the byte offset and line."""
    path = Path(path)
    src = source or display_name(path.name)
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise _fail(src, msg("read.utf16"), msg("read.save_csv_utf8_excel"))
    bom = head.startswith(b"\xef\xbb\xbf")
    carry, base, multibyte = b"", 0, 0
    bad_at = None
    for block in _blocks(path):
        data = carry + block
        try:
            text = data.decode("utf-8")
            carry = b""
        except UnicodeDecodeError as exc:
            if exc.end == len(data) and "unexpected end" in exc.reason:
                carry, data = data[exc.start:], data[:exc.start]  # a cut character
                text = data.decode("utf-8")
            else:
                bad_at = base + exc.start
                multibyte += exc.start - len(data[:exc.start].decode("utf-8"))
                break
        multibyte += len(data) - len(text)
        base += len(data)
    if bad_at is None and carry:
        bad_at = base
    if bad_at is None:
        return ("utf-8-sig" if bom else "utf-8"), msg(
            "read.encoding.utf8", bom=msg("read.encoding.bom") if bom else "")
    with open(path, "rb") as fh:
        fh.seek(bad_at)
        byte = fh.read(1)
    where, row = _where(path, bad_at)
    if multibyte:
        raise DataValidationError([Problem(
            src, row, None, msg("read.mixed_utf8", where=where, byte=byte.hex()),
            msg("read.fix_row_or_resave"))])
    _check_gb18030(path, src)
    return "gb18030", msg("read.encoding.gbk", where=where)


def _check_gb18030(path: Path, src: str) -> None:
    """Refuse a file that is not GB18030 throughout, or holds a line that reads as
    UTF-8 Chinese (four or more non-ASCII characters) among GBK lines."""
    import codecs

    dec = codecs.getincrementaldecoder("gb18030")()
    base, tail = 0, b""
    for block in _blocks(path):
        try:
            dec.decode(block)
        except UnicodeDecodeError as exc:
            at = max(base + exc.start - len(tail), base)
            where, row = _where(path, at)
            raise DataValidationError([Problem(
                src, row, None, msg("read.not_utf8_gbk", where=where),
                msg("read.save_csv_utf8"))]) from None
        # lines that are valid UTF-8 with Chinese in them: a pasted UTF-8 row
        lines = (tail + block).split(b"\n")
        tail = lines.pop()
        for ln in lines:
            if not ln.isascii():
                try:
                    text = ln.decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if sum(ord(c) > 127 for c in text) >= 4:
                    at = _find(path, ln)
                    where, row = _where(path, at)
                    raise DataValidationError([Problem(
                        src, row, None, msg("read.mixed_gbk", where=where),
                        msg("read.fix_row_or_resave"))])
        base += len(block)
    try:
        dec.decode(b"", final=True)
    except UnicodeDecodeError:
        where, row = _where(path, max(base - 1, 0))
        raise DataValidationError([Problem(
            src, row, None, msg("read.not_utf8_gbk", where=where),
            msg("read.save_csv_utf8"))]) from None


def _find(path: Path, needle: bytes) -> int:
    """Offset of the first occurrence of ``needle`` (a whole line) in the file."""
    base, prev = 0, b""
    for block in _blocks(path):
        hay = prev + block
        at = hay.find(needle)
        if at >= 0:
            return base - len(prev) + at
        prev = hay[-len(needle):]
        base += len(block)
    return 0


# --- CSV -----------------------------------------------------------------------------
CSV_SUFFIXES = (".csv", ".txt", ".tsv")


def _csv_header(path: Path, enc: str, sep: str, src: str) -> tuple[list[str], int, str]:
    """(header cells, physical lines up to and including the header, delimiter): the
    first line with any content is the header (blank lines before it are skipped); a
    header that ``sep`` does not split is tried with tab, ";" and "|"."""
    import csv as csv_mod

    first = None
    for delimiter in (sep, *(d for d in ("\t", ";", "|", ",") if d != sep)):
        with open(path, encoding=enc, newline="") as fh:
            reader = csv_mod.reader(fh, delimiter=delimiter)
            cells = next((c for c in reader if any(x.strip() for x in c)), None)
            line = reader.line_num
        if cells is None:
            raise _fail(src, msg("read.empty_no_header"), msg("read.export_with_header"))
        if len(cells) > 1:
            return cells, line, delimiter
        first = first or (cells, line, sep)
    return first


def _csv_chunks(path: Path, *, chunk_rows: int = CHUNK_ROWS, progress=None,
                src: str | None = None, explicit: tuple = (), notes: list | None = None):
    """Yield the CSV as DataFrames of text columns (empty cells NaN), ``chunk_rows``
    at a time, streaming with Arrow; ``progress(rows_so_far, fraction)`` is called
    after each chunk (the fraction estimates the total from the first 4 MB's rows).
    Notes (encoding and why, header changes) are appended to ``notes``."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    src = src or display_name(path.name)
    notes = notes if notes is not None else []
    enc, reason = detect_encoding(path, source=src)
    notes.append(Problem(src, None, None, msg("read.note.encoding", reason=reason), ""))
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    raw, header_lines, delimiter = _csv_header(path, enc, sep, src)
    if delimiter != sep:
        notes.append(Problem(src, None, None, msg("read.note.delimiter", found=delimiter,
                                                  expected=sep), ""))
        sep = delimiter
    if header_lines > 1:
        notes.append(Problem(src, None, None, msg("read.note.blank_lines",
                                                  n=header_lines - 1), ""))
    names, header_notes = _clean_headers(raw, src, explicit)
    notes += header_notes
    est_rows = _estimated_rows(path)
    done = 0
    bad_rows = _BadRows()

    def emit(table):
        nonlocal done
        done += table.num_rows
        if done > settings.MAX_INPUT_ROWS:
            raise _too_many_rows(src, done)
        if progress:
            progress(done, min(done / est_rows, 0.99))
        return table.to_pandas()

    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(encoding="utf-8" if enc == "utf-8-sig" else enc,
                                           block_size=8 << 20, skip_rows=header_lines,
                                           column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=sep,
                                             invalid_row_handler=bad_rows.append_and_stop),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in names},
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
        if bad_rows.rows:
            raise bad_rows.error(path, src, header_lines) from None
        text = str(exc).replace(str(path.parent) + "/", "")
        raise _fail(src, msg("read.not_csv", detail=text), msg("read.check_delimiter")) from None
    if progress:
        progress(done, 1.0)


class _BadRows:
    """Arrow's handler for a row with the wrong number of cells: remember it, stop."""

    def __init__(self):
        self.rows = []

    def append_and_stop(self, row) -> str:
        self.rows.append(row)
        return "error"

    def error(self, path: Path, src: str, header_lines: int) -> DataValidationError:
        row = self.rows[0]
        line = row.number
        if line is None:
            at = _find(path, row.text.encode("utf-8", "replace")) if row.text else 0
            line = _line_of(path, at)
        text = row.text if len(row.text) <= 60 else row.text[:60] + "…"
        return _fail(src, msg("read.ragged_row", cells=row.actual_columns,
                              expected=row.expected_columns, line=line, text=text),
                     msg("read.quote_cells"), row=max(line - header_lines, 1))


def _estimated_rows(path: Path, probe: int = 4 << 20) -> float:
    """Data rows in the file, estimated from the line length of its first ``probe`` bytes."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(probe)
    lines = max(head.count(b"\n"), 1)
    return max(size / (max(len(head), 1) / lines) - 1, 1.0)


# --- XLSX -----------------------------------------------------------------------------
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
#: Rows searched for the header below title rows (a merged "2024年企业名录" banner).
HEADER_SEARCH_ROWS = 10


def _filled(value) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _sheet_cells(ws, src: str, progress, done: int):
    """({row: {column: value}} of the cells with content, rows of the sheet's XML with
    none, merged ranges as (min_col, min_row, max_col, max_row)). The XML is read
    sparsely: a stray cell in row 1,048,576 or column XFD costs one cell, not a grid."""
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet._reader import WorkSheetParser

    wb = ws.parent
    kept: dict[int, dict[int, object]] = {}
    blank: list[int] = []
    total = ws.max_row or 0
    with ws._get_source() as fh:
        parser = WorkSheetParser(fh, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats,
                                 timedelta_formats=wb._timedelta_formats)
        for n, (r, cells) in enumerate(parser.parse(), start=1):
            values = {c["column"]: c["value"] for c in cells if _filled(c["value"])}
            if values:
                kept[r] = values
                if done + len(kept) - 1 > settings.MAX_INPUT_ROWS:
                    raise _too_many_rows(src, done + len(kept) - 1)
            else:
                blank.append(r)
            if progress and n % 100_000 == 0:
                progress(done + len(kept), min(r / max(total, r + 1), 0.99) * 0.9)
        merged = parser.merged_cells.mergeCell if parser.merged_cells else []
    merges = [range_boundaries(str(m.ref) if ":" in str(m.ref) else f"{m.ref}:{m.ref}")
              for m in merged]
    return kept, blank, [m for m in merges if m[3] > m[1] or m[2] > m[0]]


def _fill_merges(kept: dict, merges) -> int:
    """Copy each merged range's top-left value into its other cells (of rows with
    content); the number of cells filled."""
    filled = 0
    for c0, r0, c1, r1 in merges:
        value = kept.get(r0, {}).get(c0)
        if value is None:
            continue
        for r in range(r0, r1 + 1):
            row = kept.get(r)
            if row is None:
                continue
            for c in range(c0, c1 + 1):
                if c not in row:
                    row[c] = value
                    filled += 1
    return filled


def _header_row(kept: dict, explicit: tuple) -> int:
    """The header: the first row with content, or a row just below it that names the
    coordinates (or an address, for a register to geocode) when the first does not
    (title rows above a table)."""
    from data.geocoding import ADDRESS_HEADERS

    wanted = ({c.lower() for c in LON_HEADERS + LAT_HEADERS + ADDRESS_HEADERS}
              | {str(c).strip().lower() for c in explicit if c})
    first = sorted(kept)[:HEADER_SEARCH_ROWS]
    for r in first:
        if any(str(v).strip().lower() in wanted for v in kept[r].values()):
            return r
    return first[0]


def _read_sheet(ws, src: str, label: str, progress, done: int, explicit: tuple = ()
                ) -> tuple[list, list[list], np.ndarray, list[Problem]]:
    """(header cells, data rows, their data-row numbers, notes) of one sheet: title
    rows above the header skipped, empty rows dropped (counted), merged ranges filled
    with their top-left value, only columns with content kept."""
    kept, blank, merges = _sheet_cells(ws, src, progress, done)
    if not kept:
        return [], [], np.zeros(0, dtype=int), []
    notes = []
    if _fill_merges(kept, merges):
        shown = ", ".join(f"{_a1(m)}" for m in merges[:5]) + (" …" if len(merges) > 5 else "")
        notes.append(Problem(src, None, None, msg("read.note.merged", n=len(merges),
                                                  label=label, ranges=shown), ""))
    header_at = _header_row(kept, explicit)
    titles = [r for r in kept if r < header_at]
    if titles:
        notes.append(Problem(src, None, None, msg("read.note.titles", n=len(titles),
                                                  label=label,
                                                  rows=", ".join(map(str, titles))), ""))
    header = kept.pop(header_at)
    for r in titles:
        kept.pop(r)
    columns = sorted(set(header).union(*kept.values()))
    # empty rows inside the data are named; those after the last data row counted
    last = max(kept) if kept else header_at
    data_rows = sorted(kept)
    inner_n = (last - header_at) - len(data_rows)
    inner = []
    if inner_n:
        present = set(data_rows)
        for r in range(header_at + 1, last):
            if r not in present:
                inner.append(r - header_at)
                if len(inner) == 6:
                    break
    trailing = sum(1 for r in blank if r > last)
    notes += _empty_note(src, np.array(inner, dtype=int), label, trailing,
                         total=inner_n + trailing)
    rows = [[kept[r].get(c) for c in columns] for r in data_rows]
    numbers = np.array([r - header_at for r in data_rows], dtype=int)
    return [header.get(c) for c in columns], rows, numbers, notes


def _a1(m) -> str:
    from openpyxl.utils.cell import get_column_letter

    c0, r0, c1, r1 = m
    return f"{get_column_letter(c0)}{r0}:{get_column_letter(c1)}{r1}"


def _read_excel_parts(path: Path, src: str, sheet: str | None, explicit: tuple, progress
                      ) -> list[tuple[str, pd.DataFrame, np.ndarray, list[Problem]]]:
    """[(sheet name, table, data-row numbers, notes)] of the sheets to read: ``sheet``
    alone when given, else every sheet with a header row."""
    import zipfile

    from openpyxl import load_workbook

    if not zipfile.is_zipfile(path):
        raise _fail(src, msg("read.not_excel", detail=msg("read.not_xlsx_workbook")),
                    msg("read.resave_xlsx"))
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise _fail(src, msg("read.not_excel", detail=type(exc).__name__),
                    msg("read.resave_xlsx")) from None
    try:
        names = wb.sheetnames
        if sheet is not None:
            if sheet not in names:
                raise _fail(src, msg("read.no_part", kind=msg("read.kind.sheet"), name=sheet),
                            msg("read.choose_part", kind=msg("read.kind.sheet"),
                                names=", ".join(names)))
            names = [sheet]
        parts, done = [], 0
        for name in names:
            label = msg("read.label.sheet", name=name) if len(wb.sheetnames) > 1 else ""
            header, rows, numbers, notes = _read_sheet(wb[name], src, label, progress, done,
                                                       explicit)
            if not header:
                continue
            cols, header_notes = _clean_headers(header, src, explicit)
            table = pd.DataFrame(rows, columns=cols, dtype=object)
            parts.append((name, table, numbers, notes + header_notes))
            done += len(table)
    finally:
        wb.close()
    if not parts:
        raise _fail(src, msg("read.empty_no_sheet"), msg("read.export_with_header"))
    return parts


# --- vector files ---------------------------------------------------------------------
VECTOR_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".zip")


def _read_vector_parts(path: Path, src: str, layer: str | None, key: str, explicit: tuple
                       ) -> list[tuple]:
    """[(layer, attributes, feature numbers, notes, key of the coordinates' system, xy)]
    of the layers to read: ``layer`` alone when given, else every layer."""
    import geopandas as gpd

    layers = loaders.list_layers(path)
    names = [n for n, _ in layers]
    if layer is not None:
        if layer not in names:
            raise _fail(src, msg("read.no_part", kind=msg("read.kind.layer"), name=layer),
                        msg("read.choose_part", kind=msg("read.kind.layer"),
                            names=", ".join(names)))
        names = [layer]
    parts = []
    import pyogrio

    total = 0
    for name in names:
        with contextlib.suppress(Exception):  # the read below says what is wrong
            total += max(int(pyogrio.read_info(path, layer=name)["features"]), 0)
        if total > settings.MAX_INPUT_ROWS:
            raise _too_many_rows(src, total)
    for name in names:
        gdf = loaders.read_vector(path, layer=name if len(layers) > 1 else None)
        label = msg("read.label.layer", name=name) if len(layers) > 1 else ""
        if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.name not in gdf:
            raise _fail(src, msg("read.table_no_geometry", label=label),
                        msg("read.upload_unzipped"))
        types = set(gdf.geom_type.dropna())
        if types - {"Point"}:
            raise DataValidationError([Problem(src, None, "geometry",
                                               msg("read.expected_points", label=label,
                                                   found=sorted(types)),
                                               msg("read.export_points"))])
        gdf, used, notes = _vector_crs(gdf, key, src, label)
        enc, reason = loaders.dbf_encoding(path, layer=name if len(layers) > 1 else None)
        if enc:
            notes.append(Problem(src, None, None, msg("read.note.dbf", label=label,
                                                      reason=reason), ""))
        attrs = pd.DataFrame(gdf.drop(columns="geometry"))
        cols, header_notes = _clean_headers(list(attrs.columns), src, explicit)
        attrs.columns = cols
        empty = gdf.geometry.isna() | gdf.geometry.is_empty
        x = np.where(empty, np.nan, gdf.geometry.x.to_numpy() if len(gdf) else [])
        y = np.where(empty, np.nan, gdf.geometry.y.to_numpy() if len(gdf) else [])
        xy = np.column_stack([x, y]) if len(gdf) else np.zeros((0, 2))
        parts.append((name, attrs, np.arange(1, len(attrs) + 1), notes + header_notes, used,
                      xy))
    return parts


_CRS_LABEL = {"wgs84": "WGS-84", "gcj02": "GCJ-02", "bd09": "BD-09",
              "epsg4547": "EPSG:4547"}


def _vector_crs(gdf, key: str, src: str, label: str):
    """(frame with point coordinates in the system to convert from, that system's key,
    notes). No CRS in the file: the declared one is assumed (said in a note). A file
    CRS: coordinates are projected to degrees with it, then read as the declared datum
    (GCJ-02/BD-09 files are often labelled EPSG:4326); a file in EPSG:4547 declared as
    such is converted directly."""
    if gdf.crs is None:
        return gdf, key, [Problem(src, None, None, msg("read.note.crs_assumed", label=label,
                                                       crs=_CRS_LABEL[key]),
                                  msg("read.choose_right_crs"))]
    epsg = gdf.crs.to_epsg()
    if epsg == 4547 and key == "epsg4547":
        return gdf, key, []
    notes = []
    if epsg != 4326:
        notes.append(Problem(src, None, None, msg("read.note.crs_converted", label=label,
                                                  crs=gdf.crs.to_string()), ""))
        gdf = gdf.to_crs(settings.CRS_STORAGE)
    if key == "epsg4547":
        notes.append(Problem(src, None, None, msg(
            "read.note.crs_not_4547", label=label,
            crs=gdf.crs.to_string() if epsg == 4326 else msg("read.its_own_crs")), ""))
        key = "wgs84"
    elif key != "wgs84":
        notes.append(Problem(src, None, None, msg("read.note.crs_as_chosen", label=label,
                                                  crs=_CRS_LABEL[key]), ""))
    return gdf, key, notes


# --- reading --------------------------------------------------------------------------
def _crs_key(crs: str, *, source: str) -> str:
    """The settings key of a declared coordinate system ("WGS-84" → "wgs84"), or a
    DataValidationError listing the choices."""
    key = str(crs).lower().replace("-", "").replace(":", "")
    if key not in settings.INPUT_CRS_CHOICES:
        raise DataValidationError([Problem(source, None, None,
                                           msg("read.unknown_crs", crs=crs),
                                           msg("read.use_one_of", choices=", ".join(
                                               settings.INPUT_CRS_CHOICES)))])
    return key


def list_parts(path: str | Path) -> list[str]:
    """The sheets of a workbook or the layers of a vector file (one name for a CSV or a
    single-layer file), for a user to choose from."""
    path = Path(path)
    src = display_name(path.name)
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True)
        except Exception as exc:
            raise _fail(src, msg("read.not_excel", detail=type(exc).__name__),
                        msg("read.resave_xlsx")) from None
        names = list(wb.sheetnames)
        wb.close()
        return names
    if suffix in VECTOR_SUFFIXES:
        return [n for n, _ in loaders.list_layers(path)]
    return [path.name]


def iter_point_chunks(path: str | Path, *, crs: str = "wgs84", lon_col: str | None = None,
                      lat_col: str | None = None, name_col: str | None = None,
                      industry_col: str | None = None, sheet: str | None = None,
                      layer: str | None = None, chunk_rows: int = CHUNK_ROWS,
                      progress=None, address_col: str | None = None,
                      as_of=None) -> Iterator[PointTable]:
    """Read any supported file as a stream of :class:`PointTable` chunks (WGS-84, every
    row kept), each of at most ``chunk_rows`` rows, so that a register of millions of
    rows never has to be in memory at once.

    CSV and Parquet/GeoParquet are read ``chunk_rows`` at a time from the file; XLSX and
    vector files are read whole (as :func:`read_points` always did) and handed out in
    slices. Row numbers (``row``, and those in each chunk's report) continue across
    chunks: they are the rows of the whole file. Every note appears once: the file's
    notes (encoding, headers, CRS, columns used) on the first chunk, the count of empty
    rows skipped on the last. ``progress(rows_read, fraction)`` is called after each
    chunk and once at the end. The checks are those of :func:`read_points` (the file
    is validated on the first ``next()``): file size, row count, encoding, headers,
    coordinates on Shenzhen's land.

    A file with no coordinate columns but an address column (注册地址, 地址 …, or
    ``address_col``) is geocoded offline chunk by chunk
    (:func:`data.geocoding.geocode`; ``as_of``: the year the addresses were
    written, which decides re-divided 街道): each row gets ``lon_wgs84``/``lat_wgs84``,
    ``precision_m``, ``match_level`` and ``geocode_note``; a row left unplaced is in
    the report (row, reason, fix), never dropped. A file with coordinates and an
    address column keeps its coordinates; a point more than ``ADDRESS_TOLERANCE_M``
    outside the 街道 its address names is a warning (``warnings``, column
    ``address_check``), not a rejection."""
    path = Path(path)
    src = display_name(path.name)
    key = _crs_key(crs, source=src)
    _check_file(path, src)
    suffix = path.suffix.lower()
    explicit = (lon_col, lat_col)
    columns = {"lon_col": lon_col, "lat_col": lat_col, "name_col": name_col,
               "industry_col": industry_col, "address_col": address_col, "as_of": as_of}
    chunk_rows = max(int(chunk_rows), 1)
    if suffix in CSV_SUFFIXES:
        chunks = _csv_point_chunks(path, key, src=src, explicit=explicit,
                                   chunk_rows=chunk_rows, progress=progress, **columns)
    elif suffix in PARQUET_SUFFIXES:
        chunks = _parquet_point_chunks(path, key, src=src, explicit=explicit,
                                       chunk_rows=chunk_rows, progress=progress, **columns)
    else:
        whole = _read_whole(path, key, src=src, suffix=suffix, explicit=explicit,
                            sheet=sheet, layer=layer, progress=progress, columns=columns)
        chunks = _slices(whole, chunk_rows)
    done = 0
    for chunk in chunks:
        done += len(chunk.frame)
        yield chunk
    if progress:
        progress(done, 1.0)


def read_points(path: str | Path, *, crs: str = "wgs84", lon_col: str | None = None,
                lat_col: str | None = None, name_col: str | None = None,
                industry_col: str | None = None, sheet: str | None = None,
                layer: str | None = None, chunk_rows: int = CHUNK_ROWS,
                progress=None, address_col: str | None = None, as_of=None) -> PointTable:
    """Read any supported file into one :class:`PointTable` (WGS-84, every row kept):
    the chunks of :func:`iter_point_chunks` joined.

    A CSV or Parquet file is read and checked ``chunk_rows`` at a time (row numbers in
    the report are those of the whole file); ``progress(rows_read, fraction)`` is
    called after each chunk and once at the end for every format.

    Several sheets (XLSX) or layers (GeoPackage, .zip of shapefiles): ``sheet``/``layer``
    reads one. Without it every sheet/layer is read when they all have the same
    columns — a ``sheet``/``layer`` column says where each row came from and rows are
    numbered through them in order — and the file is refused, listing them, when they
    differ: never silently the first. The file's size and row count are bounded by
    ``settings.MAX_INPUT_BYTES``/``MAX_INPUT_ROWS``."""
    parts = list(iter_point_chunks(path, crs=crs, lon_col=lon_col, lat_col=lat_col,
                                   name_col=name_col, industry_col=industry_col,
                                   sheet=sheet, layer=layer, chunk_rows=chunk_rows,
                                   progress=progress, address_col=address_col,
                                   as_of=as_of))
    return parts[0] if len(parts) == 1 else _combine(parts, parts[0].source)


def _read_whole(path: Path, key: str, *, src: str, suffix: str, explicit: tuple,
                sheet, layer, progress, columns: dict) -> PointTable:
    """An XLSX or vector file read whole (all sheets/layers, numbered through)."""
    if suffix == ".xls":
        raise _fail(src, msg("read.xls"), msg("read.xls_fix"))
    if suffix in EXCEL_SUFFIXES:
        parts = [(*part, key, None) for part in
                 _read_excel_parts(path, src, sheet, explicit, progress)]
        kind = "sheet"
    elif suffix in VECTOR_SUFFIXES:
        parts = _read_vector_parts(path, src, layer, key, explicit)
        kind = "layer"
    else:
        raise _fail(src, msg("read.unsupported", suffix=suffix), msg("read.supported_types"))
    if len(parts) > 1:
        _same_columns(parts, kind, src)
    tables = []
    offset = 0
    for name, table, rows, notes, used, xy in parts:
        if len(parts) > 1:
            table = table.copy()
            table.insert(0, kind, name)
        part = _table_points(table, xy, used, src, rows=rows + offset, **columns)
        part.notes = notes + part.notes
        tables.append(part)
        offset += int(rows.max()) if len(rows) else 0
    result = _combine(tables, src)
    result.notes += _role_notes(result, src, columns)
    if len(parts) > 1:
        word = msg("read.kind." + kind)
        result.notes.append(Problem(src, None, kind, msg(
            "read.note.same_parts", n=len(parts), kind=word, column=kind,
            names=", ".join(p[0] for p in parts)), msg("read.read_one_part", kind=word)))
    return result


def _slices(table: PointTable, chunk_rows: int) -> Iterator[PointTable]:
    """A whole PointTable handed out ``chunk_rows`` rows at a time (notes on the first)."""
    n = len(table.frame)
    if n <= chunk_rows:
        yield table
        return
    rows = table.frame["row"].to_numpy()
    report_rows = table.report["row"].to_numpy()
    warning_rows = table.warnings["row"].to_numpy()
    for i, start in enumerate(range(0, n, chunk_rows)):
        frame = table.frame.iloc[start:start + chunk_rows].reset_index(drop=True)
        mine = np.isin(report_rows, rows[start:start + chunk_rows])
        warned = np.isin(warning_rows, rows[start:start + chunk_rows])
        yield PointTable(frame=frame, report=table.report[mine].reset_index(drop=True),
                         columns=table.columns, source=table.source,
                         notes=list(table.notes) if i == 0 else [],
                         warnings=table.warnings[warned].reset_index(drop=True))


_ROLES = (("lon", "read.role.longitude", LON_HEADERS, "--lon-col"),
          ("lat", "read.role.latitude", LAT_HEADERS, "--lat-col"),
          ("name", "read.role.name", NAME_HEADERS, "--name-col"),
          ("industry", "read.role.industry", INDUSTRY_HEADERS, "--industry-col"))


def _role_notes(table: PointTable, src: str, explicit: dict) -> list[Problem]:
    """A note for each role found by header when other columns also match it (经度 and
    lon both present): which one was used."""
    notes = []
    for role, word, candidates, option in _ROLES:
        col = table.columns.get(role)
        if not col or col == "geometry" or explicit.get(f"{role}_col"):
            continue
        wanted = {c.lower() for c in candidates}
        others = [c for c in table.frame.columns
                  if c != col and str(c).strip().lower() in wanted]
        if others:
            notes.append(Problem(src, None, col, msg("read.note.role", role=msg(word),
                                                     column=col,
                                                     others=", ".join(map(repr, others))),
                                 msg("read.choose_role", option=option)))
    return notes


def _same_columns(parts, kind: str, src: str) -> None:
    """Refuse sheets/layers whose columns differ, listing each with its columns."""
    first = list(parts[0][1].columns)
    if all(list(p[1].columns) == first for p in parts[1:]):
        return
    listed = joined((msg("read.part_columns", name=p[0], rows=len(p[1]),
                         columns=", ".join(map(str, p[1].columns))) for p in parts),
                    "sep.parts")
    word = msg("read.kind." + kind)
    raise _fail(src, msg("read.parts_differ", n=len(parts), kind=word, listed=listed),
                msg("read.choose_part_to_read", kind=word, column=kind))


def _combine(parts: list[PointTable], src: str) -> PointTable:
    """One PointTable of parts already numbered through the file."""
    frames = [p.frame for p in parts]
    frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    reports = [p.report for p in parts if len(p.report)]
    report = pd.concat(reports, ignore_index=True) if reports else _empty_report()
    warned = [p.warnings for p in parts if len(p.warnings)]
    warnings = pd.concat(warned, ignore_index=True) if warned else _empty_report()
    notes = list(dict.fromkeys(n for p in parts for n in p.notes))  # each note once
    return PointTable(frame=frame, report=report, columns=parts[-1].columns, source=src,
                      notes=notes, warnings=warnings)


def _csv_point_chunks(path: Path, key: str, *, src: str, explicit: tuple,
                      chunk_rows: int, progress, **columns) -> Iterator[PointTable]:
    """:func:`iter_point_chunks` for CSV: each chunk checked as it is read; the file's
    notes go on the first chunk, the empty rows' note on the last (one chunk is held
    back to know which is last)."""
    notes: list[Problem] = []
    offset, n_dropped, first_dropped = 0, 0, []
    held = None
    for chunk in _csv_chunks(path, chunk_rows=chunk_rows, progress=progress, src=src,
                             explicit=explicit, notes=notes):
        rows = np.arange(offset + 1, offset + len(chunk) + 1)
        offset += len(chunk)
        chunk, rows, gone = _drop_empty_rows(chunk, rows)
        n_dropped += len(gone)
        first_dropped += list(gone[:6 - len(first_dropped)])
        part = _table_points(chunk, None, key, src, rows=rows, **columns)
        if held is None:
            part.notes = notes + part.notes + _role_notes(part, src, columns)
        else:
            part.notes = []  # the file's notes (columns used, geocoding) are on the first
            yield held
        held = part
    held.notes += _empty_note(src, np.asarray(first_dropped, dtype=int), total=n_dropped)
    yield held


# --- Parquet / GeoParquet -------------------------------------------------------------
PARQUET_SUFFIXES = (".parquet", ".geoparquet")


def _geo_column(schema, src: str) -> tuple[str | None, object]:
    """(geometry column, its CRS as pyproj input, None when the file states none) of a
    GeoParquet file from its ``geo`` metadata; (None, None) for plain Parquet."""
    import json

    meta = (schema.metadata or {}).get(b"geo")
    if not meta:
        return None, None
    try:
        geo = json.loads(meta)
        column = geo["primary_column"]
        spec = geo.get("columns", {}).get(column, {})
    except (ValueError, KeyError, TypeError):
        raise _fail(src, msg("read.bad_geo_metadata"), msg("read.rewrite_geo")) from None
    if spec.get("encoding", "WKB").upper() != "WKB":
        raise _fail(src, msg("read.geometry_not_wkb", encoding=spec.get("encoding")),
                    msg("read.rewrite_geo_wkb"))
    # GeoParquet: a missing "crs" means OGC:CRS84 (WGS-84 lon/lat); null means unknown
    crs = spec.get("crs", "OGC:CRS84")
    if crs is not None:
        import pyproj

        crs = pyproj.CRS.from_user_input(crs)
        if crs.equals("OGC:CRS84", ignore_axis_order=True):
            crs = pyproj.CRS.from_epsg(4326)  # the same datum in lon/lat order
    return column, crs


def _pandas_index_columns(schema) -> set[str]:
    """Columns that hold a pandas index written with the table (``__index_level_0__``):
    not data."""
    import json

    meta = (schema.metadata or {}).get(b"pandas")
    try:
        return {c for c in json.loads(meta)["index_columns"] if isinstance(c, str)}
    except (TypeError, ValueError, KeyError):
        return set()


def _nullable_ints(arrow_type):
    import pyarrow as pa

    return pd.Int64Dtype() if pa.types.is_integer(arrow_type) else None


_GEOM_NAMES = {0: "Point", 1: "LineString", 2: "LinearRing", 3: "Polygon", 4: "MultiPoint",
               5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection"}


def _parquet_point_chunks(path: Path, key: str, *, src: str, explicit: tuple,
                          chunk_rows: int, progress, **columns) -> Iterator[PointTable]:
    """:func:`iter_point_chunks` for Parquet (coordinates in columns) and GeoParquet
    (point geometry, WKB), ``chunk_rows`` record-batch rows at a time."""
    import geopandas as gpd
    import pyarrow as pa
    import pyarrow.parquet as pq
    import shapely

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        text = str(exc).replace(str(path.parent) + "/", "")
        raise _fail(src, msg("read.not_parquet", detail=text),
                    msg("read.rewrite_parquet")) from None
    total = pf.metadata.num_rows
    if total > settings.MAX_INPUT_ROWS:
        raise _too_many_rows(src, total)
    schema = pf.schema_arrow
    geom, file_crs = _geo_column(schema, src)
    raw = [n for n in schema.names if n != geom and n not in _pandas_index_columns(schema)]
    names, notes = _clean_headers(raw, src, explicit)
    done, offset, n_dropped, first_dropped = 0, 0, 0, []
    held = None
    try:
        batches = pf.iter_batches(batch_size=chunk_rows)
        for batch in batches:
            n = batch.num_rows
            done += n
            # integers as nullable Int64: a chunk with a missing value keeps the type
            attrs = (batch.select(raw).to_pandas(types_mapper=_nullable_ints,
                                                 ignore_metadata=True) if raw
                     else pd.DataFrame(index=range(n)))
            attrs.columns = names
            rows = np.arange(offset + 1, offset + n + 1)
            offset += n
            chunk_notes: list[Problem] = []
            if geom is None:
                attrs, rows, gone = _drop_empty_rows(attrs, rows)
                n_dropped += len(gone)
                first_dropped += list(gone[:6 - len(first_dropped)])
                part = _table_points(attrs, None, key, src, rows=rows, **columns)
            else:
                pts = shapely.from_wkb(batch.column(geom).to_numpy(zero_copy_only=False))
                kinds = set(shapely.get_type_id(pts[~shapely.is_missing(pts)]).tolist())
                if kinds - {0}:
                    found = sorted(_GEOM_NAMES.get(t, str(t)) for t in kinds)
                    raise DataValidationError([Problem(src, None, geom,
                                                       msg("read.expected_points", label="",
                                                           found=found),
                                                       msg("read.export_points"))])
                gdf = gpd.GeoDataFrame(geometry=pts, crs=file_crs)
                gdf, used, chunk_notes = _vector_crs(gdf, key, src, "")
                g = gdf.geometry.to_numpy()
                empty = shapely.is_missing(g) | shapely.is_empty(g)
                xy = np.column_stack([np.where(empty, np.nan, shapely.get_x(g)),
                                      np.where(empty, np.nan, shapely.get_y(g))])
                part = _table_points(attrs, xy, used, src, rows=rows, **columns)
            if done > settings.MAX_INPUT_ROWS:
                raise _too_many_rows(src, done)
            if progress:
                progress(done, min(done / max(total, 1), 0.99))
            if held is None:
                part.notes = notes + chunk_notes + part.notes + _role_notes(part, src,
                                                                           columns)
            else:
                part.notes = []  # the file's notes are on the first chunk
                yield held
            held = part
    except (pa.ArrowException, OSError) as exc:
        text = str(exc).replace(str(path.parent) + "/", "")
        raise _fail(src, msg("read.not_parquet", detail=text),
                    msg("read.rewrite_parquet_short")) from None
    if held is None:  # no row group at all: an empty table with the file's columns
        attrs = pd.DataFrame({n: pd.Series([], dtype=object) for n in names})
        xy = np.zeros((0, 2)) if geom is not None else None
        held = _table_points(attrs, xy, key, src, rows=np.zeros(0, dtype=int), **columns)
        held.notes = notes + held.notes
    held.notes += _empty_note(src, np.asarray(first_dropped, dtype=int), total=n_dropped)
    yield held


def _table_points(table: pd.DataFrame, xy, key: str, src: str, *, rows=None,
                  lon_col=None, lat_col=None, name_col=None, industry_col=None,
                  address_col=None, as_of=None) -> PointTable:
    """Find the columns, convert to WGS-84 and check every row of one table whose
    headers are already clean; ``rows`` are the rows' numbers in the file (default
    1…n). A table with no coordinates but an address column is geocoded
    (:func:`_geocoded_points`); one with both keeps its coordinates and has each point
    checked against the 街道 its address names (:func:`_address_warnings`)."""
    from data.geocoding import ADDRESS_HEADERS  # core imports analysis only lazily

    renamed = {c.removesuffix(RENAMED_SUFFIX): c for c in table.columns
               if str(c).endswith(RENAMED_SUFFIX)}
    cols = {
        "name": find_column(table.columns, NAME_HEADERS, name_col, source=src, role="name",
                            renamed=renamed),
        "industry": find_column(table.columns, INDUSTRY_HEADERS, industry_col, source=src,
                                role="industry", renamed=renamed),
        "category": find_column(table.columns, CATEGORY_HEADERS, source=src),
        "address": find_column(table.columns, ADDRESS_HEADERS, address_col, source=src,
                               role="address", renamed=renamed),
    }
    rows = np.arange(1, len(table) + 1) if rows is None else np.asarray(rows, dtype=int)
    if xy is None:
        cols["lon"] = find_column(table.columns, LON_HEADERS, lon_col, source=src,
                                  role="longitude", renamed=renamed)
        cols["lat"] = find_column(table.columns, LAT_HEADERS, lat_col, source=src,
                                  role="latitude", renamed=renamed)
        missing = [r for r in ("lon", "lat") if cols[r] is None]
        if len(missing) == 2 and cols["address"] and not (lon_col or lat_col):
            return _geocoded_points(table, cols, src, rows, as_of)
        if missing:
            raise DataValidationError([Problem(
                src, None, "/".join(missing), msg("read.no_coordinate_column"),
                msg("read.name_coordinates_or_address",
                    columns=", ".join(map(str, table.columns))))])
        raw_x = table[cols["lon"]]
        raw_y = table[cols["lat"]]
    else:
        cols["lon"] = cols["lat"] = "geometry"
        raw_x, raw_y = pd.Series(xy[:, 0]), pd.Series(xy[:, 1])
    frame, report = convert_and_check(raw_x, raw_y, key, source=src,
                                      lon_col=cols["lon"], lat_col=cols["lat"])
    out = table.copy()  # the user's columns are never overwritten (reserved ones renamed)
    out["row"] = rows
    out["lon_wgs84"] = frame["lon"].to_numpy()
    out["lat_wgs84"] = frame["lat"].to_numpy()
    if len(report):
        report["row"] = rows[report["row"].to_numpy(dtype=int) - 1]
    table_out = PointTable(frame=out, report=report, columns=cols, source=src)
    if cols["address"]:
        _address_warnings(table_out, as_of)
    return table_out


def _geocoded_points(table: pd.DataFrame, cols: dict, src: str, rows: np.ndarray,
                     as_of) -> PointTable:
    """A table with addresses and no coordinates, placed by the offline geocoder
    (:func:`data.geocoding.geocode`, WGS-84 already: no CRS conversion). Every row
    is kept: ``precision_m`` (metres), ``match_level`` and ``geocode_note`` travel
    with it; a row left unplaced is reported like a bad-coordinate row (row number,
    reason, what to do) and so is not in ``valid``."""
    from data.geocoding import geocode, geocode_report

    col = cols["address"]
    res = geocode(table[col], as_of=as_of)
    out = table.copy()
    out["row"] = rows
    out["lon_wgs84"] = res["lon"].to_numpy(dtype=float)
    out["lat_wgs84"] = res["lat"].to_numpy(dtype=float)
    out["precision_m"] = res["precision_m"].to_numpy(dtype=float)
    out["match_level"] = res["match_level"].to_numpy(dtype=object)
    out["geocode_note"] = res["note"].to_numpy(dtype=object)
    report = geocode_report(res, column=col, rows=rows)
    cols["lon"] = cols["lat"] = None
    when = msg("geo.when.as_of", year=as_of) if as_of is not None else msg("geo.when.undated")
    notes = [Problem(src, None, col, msg("geo.note.placed", column=col, when=when),
                     msg("geo.fix.placed"))]
    return PointTable(frame=out, report=report, columns=cols, source=src, notes=notes)


@lru_cache(maxsize=1)
def _units() -> tuple[dict, dict]:
    """({街道 or district name: WGS-84 polygon}, {name: EPSG:4547 polygon}) of the
    shipped layers."""
    sub = loaders.load_subdistricts()
    dist = loaders.load_districts()
    names = [*sub["name_zh"], *dist["name_zh"]]
    geoms = [*sub.geometry, *dist.geometry]
    metric = [*sub.to_crs(settings.CRS_METRIC).geometry,
              *dist.to_crs(settings.CRS_METRIC).geometry]
    return dict(zip(names, geoms, strict=True)), dict(zip(names, metric, strict=True))


def _address_warnings(table: PointTable, as_of) -> None:
    """Check each valid point against the 街道 (or, when only that is certain, the
    district) its address names; a point more than ``ADDRESS_TOLERANCE_M`` outside it
    gets a warning — a line in ``table.warnings`` and the text in the
    ``address_check`` column — and stays valid: whether the address or the
    coordinates are wrong is the user's call."""
    import shapely

    from data.geocoding import geocode

    frame, col = table.frame, table.columns["address"]
    lon = frame["lon_wgs84"].to_numpy(dtype=float)
    lat = frame["lat_wgs84"].to_numpy(dtype=float)
    check = np.full(len(frame), "", dtype=object)
    ok = ~(np.isnan(lon) | np.isnan(lat))
    if ok.any():
        res = geocode(frame[col].iloc[np.flatnonzero(ok)], as_of=as_of)
        named = np.where(res["subdistrict"].to_numpy(dtype=object) != "",
                         res["subdistrict"].to_numpy(dtype=object),
                         res["district"].to_numpy(dtype=object))
        wgs, metric = _units()
        where = np.flatnonzero(ok)
        for unit in pd.unique(named):
            if unit not in wgs:
                continue  # nothing named, or a unit without a shipped polygon (深汕)
            mine = where[named == unit]
            outside = mine[~shapely.contains_xy(wgs[unit], lon[mine], lat[mine])]
            if not len(outside):
                continue
            from core.crs import to_metric

            x, y = to_metric(lon[outside], lat[outside])
            dist = shapely.distance(metric[unit], shapely.points(x, y))
            for i, d in zip(outside, dist, strict=True):
                if d <= ADDRESS_TOLERANCE_M:
                    continue
                inside = next((n for n, g in wgs.items() if n.endswith("街道")
                               and shapely.contains_xy(g, lon[i], lat[i])), "")
                check[i] = msg("geo.warning.outside_unit", distance=d, unit=unit,
                               inside=msg("geo.warning.inside", unit=inside) if inside
                               else "")
    table.frame = frame.assign(address_check=check)
    bad = check != ""
    fix = msg("geo.fix.check_address_or_coordinates")
    table.warnings = pd.DataFrame({
        "row": frame["row"].to_numpy()[bad], "column": col,
        "problem": pd.Series(check[bad], dtype=object),
        "fix": pd.Series(repeated(fix, int(bad.sum())), dtype=object)},
        columns=["row", "column", "problem", "fix"])


def convert_and_check(raw_x, raw_y, crs_key: str, *, source: str, lon_col: str = "lon",
                      lat_col: str = "lat") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Convert coordinates to WGS-84 and check each row; (lon/lat frame, report).

    Rejected: missing or non-numeric values, swapped longitude/latitude, points far
    from Shenzhen and, after conversion, points off Shenzhen's land (Hong Kong, 东莞 …;
    :func:`data.loaders.land_contains`)."""
    x = _numbers(raw_x)
    y = _numbers(raw_y)
    lon, lat = crs_mod.to_wgs84(x, y, crs_key)
    lon = np.asarray(lon, dtype=float).copy()
    lat = np.asarray(lat, dtype=float).copy()
    if crs_key == "epsg4547":
        # metres: check after conversion; a swap shows as a point far away
        report = loaders.point_problems(lon, lat, source, lon_col=lon_col, lat_col=lat_col,
                                        raw_lon=pd.Series(raw_x).to_numpy(dtype=object),
                                        raw_lat=pd.Series(raw_y).to_numpy(dtype=object),
                                        land=True)
    else:
        # degrees: check the values as given (GCJ-02/BD-09 offsets are < 1 km, inside
        # the margins of the Shenzhen boxes), the land test on the converted point
        report = loaders.point_problems(x, y, source, lon_col=lon_col, lat_col=lat_col,
                                        raw_lon=pd.Series(raw_x).to_numpy(dtype=object),
                                        raw_lat=pd.Series(raw_y).to_numpy(dtype=object),
                                        land=True, wgs_lon=lon, wgs_lat=lat)
    if len(report):
        bad = report["row"].to_numpy(dtype=int) - 1
        lon[bad] = np.nan
        lat[bad] = np.nan
    return pd.DataFrame({"lon": lon, "lat": lat}), report


def _numbers(raw) -> np.ndarray:
    """Each value as float64, NaN where it is not a number: what
    ``pd.to_numeric(errors="coerce")`` gives. A text column read by Arrow (a CSV) is
    parsed by Arrow's cast when every cell is a finite number in its syntax (the same
    correctly rounded doubles, ≈20x faster); any other column or cell (blank, spaces,
    words, inf/nan) goes through pandas."""
    values = pd.Series(raw).reset_index(drop=True)
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        try:
            out = pc.cast(pa.array(values.array), pa.float64())
        except pa.ArrowInvalid:  # some cell is not a plain number: pandas decides
            out = None
        # blank cells (null) are NaN either way
        if out is not None and (pc.sum(pc.is_finite(out)).as_py() or 0) == \
                len(out) - out.null_count:
            return out.to_numpy(zero_copy_only=False).astype(float, copy=False)
    return pd.to_numeric(values, errors="coerce").to_numpy(float)


def check_point(x: float, y: float, crs: str, *, lang: str = "zh"
                ) -> tuple[float, float, list[str]]:
    """One typed point checked exactly like a row of an uploaded file.

    ``x``/``y`` are longitude/latitude in degrees (``crs`` "wgs84", "gcj02", "bd09") or
    east/north in metres ("epsg4547"). Returns (lon, lat) in WGS-84 (NaN when the point
    is rejected) and the problems as sentences in ``lang`` ("zh" or "en"), each with
    its fix; an empty list means the point is fine."""
    from core.i18n import localize, t

    key = _crs_key(crs, source="point")
    names = ("x", "y") if key == "epsg4547" else ("lon", "lat")
    frame, report = convert_and_check(pd.Series([x], dtype=object),
                                      pd.Series([y], dtype=object), key, source="point",
                                      lon_col=names[0], lat_col=names[1])
    dash = t("problem.dash", lang)
    problems = [localize(r.problem, lang) + (dash + localize(r.fix, lang) if r.fix else "")
                for r in report.itertuples()]
    return float(frame["lon"].iloc[0]), float(frame["lat"].iloc[0]), problems


def _write_csv_fast(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 CSV with a byte-order mark (so Excel shows Chinese), via Arrow's writer;
    formula cells neutralised, written atomically (:mod:`core.safe_io`)."""
    from core.safe_io import write_csv

    write_csv(frame, path)


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write by extension: .csv (UTF-8 with BOM, opens in Excel), .parquet, .xlsx, .gpkg,
    .geojson.

    The file appears complete or not at all (a temporary file renamed on success);
    text that a spreadsheet would run as a formula is neutralised in .csv/.xlsx."""
    import geopandas as gpd

    from core.safe_io import atomic_write, write_xlsx

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        _write_csv_fast(frame, path)
    elif suffix == ".parquet":
        from core.safe_io import write_parquet

        write_parquet(frame, path)
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
                                           msg("write.cannot_write", suffix=suffix),
                                           msg("write.table_formats"))])
    return path
