"""The batch pipeline: a register, chunk by chunk, through the placement check into a
result file and its report — the one pipeline the CLI (and the app) use.

A register is read as a stream of :class:`~data.points_io.PointTable` chunks
(:func:`data.points_io.iter_point_chunks`); :func:`check_stream` checks each chunk
(:func:`analysis.placement.check_placement` on its valid rows) and yields the result
rows with their report, and :func:`write_checked` appends them to the output and the
``<out>_report.csv`` as they come (.csv/.parquet: temporary files renamed at the end,
so memory stays that of a few chunks whatever the register's size; .xlsx/.gpkg/.geojson
are written whole at the end). :class:`CheckSummary` gathers what is printed after a
run — rows in and out, verdict counts, the first rejected rows, unknown industry
labels — across chunks.

A chunk's result is exactly what the whole-frame check gives for its rows: every
column of :func:`check_placement` depends on its own row only.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.context import SpatialContext
from analysis.placement import check_placement
from core.errors import Problem
from data.points_io import PointTable

#: Rejected rows kept for the summary printed after a run (the file has them all).
REPORT_HEAD = 20


@dataclass
class CheckSummary:
    """Counts of a batch check gathered chunk by chunk: ``rows_in`` (rows with content
    read), ``rows_out`` (rows written), ``rows_valid`` (rows checked), ``verdicts``
    (focus_match → rows), ``report_rows`` (rows with a coordinate problem), the first
    ``REPORT_HEAD`` report lines, the file's ``notes`` and the industry labels no
    taxonomy term matches (label → rows)."""

    source: str = ""
    rows_in: int = 0
    rows_out: int = 0
    rows_valid: int = 0
    report_rows: int = 0
    verdicts: Counter = field(default_factory=Counter)
    unmatched: Counter = field(default_factory=Counter)
    report_head: pd.DataFrame | None = None
    notes: list[Problem] = field(default_factory=list)

    def add_table(self, table: PointTable) -> None:
        """Count a chunk as read: rows, notes, report, unknown industry labels."""
        self.source = self.source or table.source
        self.rows_in += len(table.frame)
        self.notes += table.notes
        self.report_rows += len(table.report)
        if self.report_head is None or len(self.report_head) < REPORT_HEAD:
            head = table.report.head(REPORT_HEAD)
            self.report_head = head if self.report_head is None else pd.concat(
                [self.report_head, head], ignore_index=True).head(REPORT_HEAD)
        for r in table.unmatched_industries().itertuples():
            self.unmatched[r.label] += int(r.rows)

    def add_result(self, out: pd.DataFrame) -> None:
        """Count a chunk's result rows and verdicts."""
        self.rows_out += len(out)
        if "focus_match" in out:
            self.verdicts.update(out["focus_match"].dropna().value_counts().to_dict())
            self.rows_valid += int(out["focus_match"].notna().sum())

    def merge(self, other: CheckSummary) -> None:
        """Add the counts of another part of the same register (Dask engine: one summary
        per part file); a note already present (same text, any part) is kept once."""
        self.source = self.source or other.source
        for name in ("rows_in", "rows_out", "rows_valid", "report_rows"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.verdicts.update(other.verdicts)
        self.unmatched.update(other.unmatched)
        if other.report_head is not None and (self.report_head is None or
                                              len(self.report_head) < REPORT_HEAD):
            self.report_head = other.report_head if self.report_head is None else pd.concat(
                [self.report_head, other.report_head], ignore_index=True).head(REPORT_HEAD)
        seen = {(n.row, n.column, n.message, n.fix) for n in self.notes}
        self.notes += [n for n in other.notes if (n.row, n.column, n.message, n.fix)
                       not in seen]

    def verdict_counts(self) -> dict[str, int]:
        """{verdict: rows}, most frequent first."""
        return dict(sorted(self.verdicts.items(), key=lambda kv: (-kv[1], kv[0])))

    def unmatched_industries(self) -> pd.DataFrame:
        """Like :meth:`PointTable.unmatched_industries`, over every chunk."""
        ordered = sorted(self.unmatched.items(), key=lambda kv: (-kv[1], kv[0]))
        return pd.DataFrame(ordered, columns=["label", "rows"])


def _problem_column(rows: np.ndarray, report: pd.DataFrame) -> np.ndarray:
    """Per row of a chunk (its file row numbers ``rows``), its problems joined by "; "
    ("" for a good row)."""
    out = np.full(len(rows), "", dtype=object)
    if not len(report):
        return out
    rep_rows = report["row"].to_numpy(dtype=np.int64)
    problems = report["problem"].to_numpy(dtype=object)
    if _has_repeats(rep_rows):  # several problems on one row
        joined = report.groupby("row", sort=False)["problem"].agg("; ".join)
        rep_rows, problems = joined.index.to_numpy(dtype=np.int64), joined.to_numpy()
    where = pd.Index(rows).get_indexer(rep_rows)
    keep = where >= 0
    out[where[keep]] = problems[keep]
    return out


def _has_repeats(values: np.ndarray) -> bool:
    """Does any value occur twice? (A report lists its rows in order, so neighbours
    are compared: a sort or hash of the rows cost ≈0.2 s per 160k-row report.)"""
    if len(values) < 2:
        return False
    step = np.diff(values)
    if (step >= 0).all():
        return bool((step == 0).any())
    return bool(pd.Series(values).duplicated().any())


def check_chunk(table: PointTable, ctx: SpatialContext, *, lang: str = "zh",
                facilities: pd.DataFrame | None = None, k: int = 0
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(result, report) of one chunk: every input row with the user's columns, the
    placement-check columns (empty where the coordinates were rejected) and
    ``problem``; the report of its rejected rows (row numbers of the whole file)."""
    frame = table.frame
    rows = frame["row"].to_numpy()
    bad = np.isin(rows, table.report["row"].to_numpy()) if len(table.report) else \
        np.zeros(len(frame), dtype=bool)
    col = table.columns.get("industry")
    good = frame.index[~bad]
    pts = pd.DataFrame({"lon_wgs84": frame["lon_wgs84"].to_numpy()[~bad],
                        "lat_wgs84": frame["lat_wgs84"].to_numpy()[~bad],
                        # object, as check_placement reads it (no Arrow text round trip)
                        "_industry": pd.Series(frame[col][~bad].to_numpy(dtype=object),
                                               index=good, dtype=object) if col else None},
                       index=good)
    # a register placed from its addresses: each point's own error bound widens what
    # counts as near an area's edge
    if table.geocoded and "precision_m" in frame.columns:
        pts["_precision_m"] = frame["precision_m"].to_numpy()[~bad]
    res = check_placement(pts, ctx, industry_col="_industry", lang=lang, lon="lon_wgs84",
                          lat="lat_wgs84", facilities=facilities if k else None, k=k,
                          point_precision="_precision_m" if table.geocoded else None)
    out = pd.concat([frame, res.reindex(frame.index)], axis=1)
    # object, as the writers take it (a str column would be converted to Arrow and back)
    out["problem"] = pd.Series(_problem_column(rows, table.report), index=out.index,
                               dtype=object)
    return out.drop(columns=["row"]), table.report


def check_stream(chunks: Iterable[PointTable], ctx: SpatialContext, *, lang: str = "zh",
                 facilities: pd.DataFrame | None = None, k: int = 0,
                 summary: CheckSummary | None = None
                 ) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """:func:`check_chunk` of each chunk as it arrives, counted in ``summary``; the next
    chunk is read on a second thread meanwhile (:func:`_read_ahead`)."""
    for table in _read_ahead(chunks):
        if summary is not None:
            summary.add_table(table)
        out, report = check_chunk(table, ctx, lang=lang, facilities=facilities, k=k)
        if summary is not None:
            summary.add_result(out)
        yield out, report


_END = object()


def _read_ahead(items: Iterable) -> Iterator:
    """The items of ``items`` in order, the next one made on a second thread while the
    caller works on this one (reading a chunk — Arrow's CSV parser, the land test, the
    CRS transform — releases the GIL much of the time). One item at most waits; an
    error raised making an item is raised here when that item is asked for; a caller
    that stops early waits for the item under way."""
    from concurrent.futures import ThreadPoolExecutor

    it = iter(items)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(next, it, _END)
        while (item := pending.result()) is not _END:
            pending = pool.submit(next, it, _END)
            yield item


def write_checked(results: Iterable[tuple[pd.DataFrame, pd.DataFrame]], out_path: Path,
                  report_path: Path) -> None:
    """Write the results of :func:`check_stream` to ``out_path`` and the rejected rows to
    ``report_path`` (made only when there are any; an earlier run's report is removed
    otherwise). Both appear together when everything is written, or not at all.

    .csv/.parquet outputs are appended chunk by chunk to temporary files (bounded
    memory); other outputs (.xlsx, .gpkg, .geojson) are collected and written whole —
    check their size before the work (:func:`core.safe_io.check_whole_frame_rows`)."""
    from concurrent.futures import ThreadPoolExecutor

    from core.safe_io import STREAMED_SUFFIXES, remove_stale, streamed_table
    from data.points_io import write_table

    out_path, report_path = Path(out_path), Path(report_path)
    streamed = out_path.suffix.lower() in STREAMED_SUFFIXES

    def write(out: pd.DataFrame, report: pd.DataFrame) -> None:
        if streamed:
            outs.write(out)
        if len(report):
            reports.write(report)

    with contextlib.ExitStack() as stack:
        # entered first, committed last: the output is renamed, then the report
        reports = stack.enter_context(streamed_table(report_path, optional=True))
        outs = stack.enter_context(streamed_table(out_path)) if streamed else None
        # a chunk is written on a second thread while the next is read and checked
        # (Arrow's CSV/Parquet writers and much of the check release the GIL); one
        # chunk at most waits, so memory stays that of a few chunks. Leaving the block
        # waits for the write under way before the files are committed or removed.
        writer = stack.enter_context(ThreadPoolExecutor(max_workers=1))
        frames, pending = [], None
        for out, report in results:
            if pending is not None:
                pending.result()  # a failed write stops the run here
            if not streamed:
                frames.append(out)
            pending = writer.submit(write, out, report)
        if pending is not None:
            pending.result()
        if not streamed:
            whole = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
            frames.clear()
            write_table(whole, out_path)
        wrote_report = reports.rows > 0
    if not wrote_report:
        remove_stale(report_path)  # an earlier run's report no longer applies


def register_points(table: PointTable, *, kind: str = "enterprise", taxonomy=None,
                    labels: bool = False) -> pd.DataFrame:
    """The point frame the map and the statistics take from a register's valid rows:
    ``lon``/``lat`` (WGS-84 degrees), ``kind``, ``category`` (the register's category
    column, else ``kind``; categorical), ``industries`` (ids from the one term resolver,
    a list per row), and ``precision_m`` (metres, NaN where unknown) when the register
    states error bounds: the geocoder's for a register placed from its addresses, else
    the register's own ``precision_m`` column (the statistics split points surely
    inside an area from uncertain ones by it, in the app and the CLI alike; the observed
    concentrations leave out points coarser than their scale). With ``labels``, also
    ``_name`` and ``_label`` (the name and the industry text as written, for popups).
    The user's other columns are not copied."""
    from core.taxonomy import load_taxonomy, resolve_terms

    v = table.valid
    ind_col, cat_col, name_col = (table.columns.get(r) for r in ("industry", "category",
                                                                 "name"))
    ids, _ = resolve_terms(v[ind_col].tolist() if ind_col else [None] * len(v),
                           taxonomy or load_taxonomy())
    category = (pd.Categorical(v[cat_col].astype(str).to_numpy()) if cat_col
                else pd.Categorical([kind] * len(v)))
    out = pd.DataFrame({"lon": v["lon_wgs84"].to_numpy(), "lat": v["lat_wgs84"].to_numpy(),
                        "kind": kind, "category": category,
                        "industries": pd.Series(ids, dtype=object)})
    if labels:
        out["_name"] = v[name_col].to_numpy() if name_col else ""
        out["_label"] = v[ind_col].to_numpy() if ind_col else ""
    from data.points_io import RENAMED_SUFFIX

    prec = next((c for c in ("precision_m", "precision_m" + RENAMED_SUFFIX)
                 if c in v.columns), None)
    if prec is not None:
        out["precision_m"] = pd.to_numeric(v[prec], errors="coerce").to_numpy(
            dtype="float64")
    return out


def stats_points(chunks: Iterable[PointTable], *, kind: str,
                 summary: CheckSummary | None = None) -> pd.DataFrame:
    """The frame the coverage statistics take (lon, lat, kind, category, industries)
    from the valid rows of a stream of chunks (:func:`register_points` of each); the
    user's other columns are dropped chunk by chunk."""
    from core.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    frames = []
    for table in chunks:
        if summary is not None:
            summary.add_table(table)
        frames.append(register_points(table, kind=kind, taxonomy=taxonomy))
        if summary is not None:
            summary.rows_out += len(frames[-1])
    points = pd.concat(frames, ignore_index=True)
    points["category"] = points["category"].astype(object)
    return points
