"""The Dask engine: ``check`` and ``stats`` of a partitioned Parquet register on a Dask
cluster (``dask.distributed``), with the same functions as the local engine.

A register for Dask is a folder of Parquet part files (as dask's ``to_parquet``,
pyarrow's ``write_dataset`` or Spark write them; sorted by name with numbers in
natural order) or one Parquet file (one partition). Each part file is one task: a
worker reads it with the project's own reader (:func:`data.points_io.iter_point_chunks`
— the same header, coordinate and Shenzhen-land checks as the local engine), checks
or counts it chunk by chunk, and sends back the result. The spatial context (areas,
街道 and their grid indexes, ~10 MB) is sent to every worker once
(``client.scatter(..., broadcast=True)``); inside a task the join kernel runs on one
thread (Dask's workers are the parallelism).

Results are those of the local engine reading the same rows as one file:

- ``check``: row numbers continue across parts (each part starts after the rows of
  the parts before it, from the Parquet footers). For a .csv/.parquet output
  (:func:`check_register_to`) each worker writes its part's rows with the same writer
  (:func:`analysis.batch.write_checked`) into a temporary folder beside the output,
  and the parts are joined in order into the output as bytes (CSV) or Arrow row
  groups (Parquet): the rows never travel through the machine running the command.
  Other outputs (.xlsx …, at most ~10⁶ rows) take the rows back
  (:func:`check_register`).
- ``stats``: each part gives additive counts (:func:`analysis.coverage.stats_counts`)
  that are summed and turned into the same tables (:func:`analysis.coverage.stats_tables`).

The limit on rows per input file (``settings.MAX_INPUT_ROWS``) applies to each part
file, not to the register. The workers must see the register at the same path (a
shared disk) and run the project's code with the pinned requirements. File-level
notes are kept once (not once per part); a part's note on empty rows names rows of
that part file.
"""

from __future__ import annotations

import contextlib
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.batch import CheckSummary, check_chunk, register_points, write_checked
from analysis.context import SpatialContext
from analysis.coverage import add_counts, stats_counts
from data.points_io import PARQUET_SUFFIXES, PointTable, display_name, iter_point_chunks

#: Workers of the LocalCluster started when no scheduler is given.
LOCAL_WORKERS = 2
#: No dashboard; the scheduler's own HTTP routes (health) on a free localhost port
#: rather than on 8787 of every interface.
LOCAL_HTTP = {"scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"}}


@dataclass(frozen=True)
class Part:
    """One part file of a register and the number of rows of the parts before it."""

    path: Path
    rows_before: int
    rows: int


@dataclass
class ChunkDigest:
    """What the command line prints about a chunk's addresses (see ``cli``'s tally):
    its source, rows per geocoder level (a geocoded register) and its address
    warnings (count and the first 20)."""

    source: str
    levels: dict = field(default_factory=dict)
    n_warnings: int = 0
    warnings_head: pd.DataFrame | None = None

    @classmethod
    def of(cls, table: PointTable) -> ChunkDigest:
        levels = (table.frame["match_level"].value_counts().to_dict() if table.geocoded
                  else {})
        return cls(table.source, levels, len(table.warnings), table.warnings.head(20))


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, *, n_workers: int = LOCAL_WORKERS):
    """A ``distributed.Client`` for the scheduler at ``scheduler`` (``tcp://HOST:8786``),
    or for a LocalCluster of ``n_workers`` worker processes (one thread each) on
    localhost, closed at the end."""
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler, timeout="30s") as client:
            yield client
        return
    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                      host="127.0.0.1", dashboard_address=None, **LOCAL_HTTP,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def _natural(path: Path):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path.name)]


def register_parts(path: str | Path) -> list[Part]:
    """The part files of a Parquet register (a folder of ``*.parquet`` files, or one
    file), in order, with their row counts from the Parquet footers."""
    import pyarrow.parquet as pq

    path = Path(path)
    if path.is_dir():
        files = sorted((p for p in path.rglob("*") if p.is_file()
                        and p.suffix.lower() in PARQUET_SUFFIXES
                        and not p.name.startswith((".", "_"))),
                       key=lambda p: (_natural(p.parent), str(p.parent), _natural(p)))
        if not files:
            raise ValueError(f"{path.name}: no .parquet part files in this folder — the "
                             "dask engine reads a Parquet register (a .parquet file or a "
                             "folder of part files)")
    elif path.suffix.lower() in PARQUET_SUFFIXES:
        files = [path]
    else:
        raise ValueError(f"{path.name}: the dask engine reads Parquet registers (a "
                         ".parquet file or a folder of part files); convert it (e.g. "
                         "pandas/dask to_parquet) or use --engine local")
    parts, before = [], 0
    for f in files:
        try:
            n = pq.read_metadata(f).num_rows
        except Exception as exc:  # pyarrow raises several types for a bad footer
            raise ValueError(f"{f.name}: cannot be read as Parquet ({exc}) — write the "
                             "part again") from None
        parts.append(Part(f, before, n))
        before += n
    return parts


def _chunks(part: Part, read: dict) -> Iterator[PointTable]:
    """The part's chunks with row numbers of the whole register."""
    for table in iter_point_chunks(part.path, **read):
        if part.rows_before:
            table.frame["row"] += part.rows_before
            for rep in (table.report, table.warnings):
                if len(rep):
                    rep["row"] = rep["row"].astype("int64") + part.rows_before
        yield table


def _one_thread() -> None:
    """Inside a Dask task the kernel runs on one thread: the workers are the
    parallelism (two levels of threads would fight over the cores)."""
    import numba

    numba.set_num_threads(1)


def _check_part(part: Part, ctx: SpatialContext, facilities, read: dict, lang: str,
                k: int, *, summary=None, digests=None, lazy: bool = False):
    """(results, summary, digests) of a part; with ``lazy``, the results as they come
    (counted in the ``summary`` and ``digests`` given)."""
    _one_thread()
    summary = CheckSummary() if summary is None else summary
    digests = [] if digests is None else digests

    def results():
        for table in _chunks(part, read):
            summary.add_table(table)
            digests.append(ChunkDigest.of(table))
            out, report = check_chunk(table, ctx, lang=lang, facilities=facilities, k=k)
            summary.add_result(out)
            yield out, report

    if lazy:
        return results()
    return list(results()), summary, digests


def _check_part_files(job: tuple[Part, Path, Path], ctx: SpatialContext, facilities,
                      read: dict, lang: str, k: int):
    """A part checked and written to its own (output, report) files."""
    part, out_file, rep_file = job
    summary, digests = CheckSummary(), []
    write_checked(_check_part(part, ctx, facilities, read, lang, k, summary=summary,
                              digests=digests, lazy=True), out_file, rep_file)
    return summary, digests


def _stats_part(part: Part, ctx: SpatialContext, read: dict, kind: str, options: dict):
    _one_thread()
    summary, digests, counts = CheckSummary(), [], None
    for table in _chunks(part, read):
        summary.add_table(table)
        digests.append(ChunkDigest.of(table))
        points = register_points(table, kind=kind)
        summary.rows_out += len(points)
        c = stats_counts(points, ctx, **options)
        counts = c if counts is None else add_counts(counts, c)
    return counts, summary, digests


def _in_order(client, fn, parts: list, *args, window: int):
    """Results of ``fn(part, *args)`` for each part (or job), in order, with at most
    ``window`` of them submitted and not yet collected."""
    pending: deque = deque()
    todo = iter(parts)
    for part in todo:
        pending.append(client.submit(fn, part, *args, pure=False))
        if len(pending) >= window:
            break
    while pending:
        fut = pending.popleft()
        result = fut.result()
        fut.release()
        nxt = next(todo, None)
        if nxt is not None:
            pending.append(client.submit(fn, nxt, *args, pure=False))
        yield result


def _window(client) -> int:
    return 2 * max(1, len(client.scheduler_info().get("workers", {})))


def _ticker(parts: list[Part], progress):
    """A callable to call as each part is collected: ``progress(rows, fraction)``."""
    total = sum(p.rows for p in parts)
    done = iter(np.cumsum([p.rows for p in parts]).tolist())

    def tick() -> None:
        rows = next(done)
        if progress:
            progress(rows, rows / total if total else 1.0)
    return tick


def _merge(summary: CheckSummary | None, part: CheckSummary, source: str) -> None:
    if summary is not None:
        summary.merge(part)
        summary.source = source


def check_register(client, path: str | Path, ctx: SpatialContext, *,
                   read: dict | None = None, lang: str = "zh",
                   facilities: pd.DataFrame | None = None, k: int = 0,
                   summary: CheckSummary | None = None,
                   digests: list | None = None, progress=None
                   ) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """:func:`analysis.batch.check_stream` of a register on Dask: (result, report) per
    chunk in register order, for :func:`analysis.batch.write_checked`. ``read``: the
    options of :func:`data.points_io.iter_point_chunks` (crs, columns, chunk_rows …);
    ``summary`` and ``digests`` gather what is printed after the run;
    ``progress(rows, fraction)`` is called as each part is collected."""
    parts = register_parts(path)
    source = display_name(Path(path).name)
    ctx_f = client.scatter(ctx, broadcast=True, hash=False)
    fac_f = client.scatter(facilities, broadcast=True, hash=False) if k else None
    tick = _ticker(parts, progress)
    for results, part_summary, part_digests in _in_order(
            client, _check_part, parts, ctx_f, fac_f, dict(read or {}), lang, k,
            window=_window(client)):
        _merge(summary, part_summary, source)
        if digests is not None:
            digests += part_digests
        yield from results
        tick()


def stats_register(client, path: str | Path, ctx: SpatialContext, *, kind: str,
                   read: dict | None = None, industries=None, categories=None,
                   anchors: tuple[np.ndarray, np.ndarray],
                   summary: CheckSummary | None = None, digests: list | None = None,
                   progress=None) -> dict[str, np.ndarray] | None:
    """:func:`analysis.coverage.stats_counts` of a register's valid rows (as ``kind``)
    on Dask, summed over its parts (None for a register with no row). ``anchors``: the
    proximity anchors of the whole input (:func:`analysis.coverage.proximity_anchors`
    of the facilities)."""
    parts = register_parts(path)
    source = display_name(Path(path).name)
    ctx_f = client.scatter(ctx, broadcast=True, hash=False)
    options = {"industries": industries, "categories": categories, "anchors": anchors}
    total = None
    tick = _ticker(parts, progress)
    for counts, part_summary, part_digests in _in_order(
            client, _stats_part, parts, ctx_f, dict(read or {}), kind, options,
            window=_window(client)):
        _merge(summary, part_summary, source)
        if digests is not None:
            digests += part_digests
        if counts is not None:
            total = counts if total is None else add_counts(total, counts)
        tick()
    return total


def check_register_to(client, path: str | Path, ctx: SpatialContext, out_path: Path,
                      report_path: Path, *, read: dict | None = None, lang: str = "zh",
                      facilities: pd.DataFrame | None = None, k: int = 0,
                      summary: CheckSummary | None = None, digests: list | None = None,
                      progress=None) -> None:
    """:func:`check_register` written to ``out_path`` (.csv or .parquet) and
    ``report_path`` (made only when rows were rejected) by the workers: each part into
    the temporary folder of the output (beside it: the workers must see it), joined
    here in order; both files appear when complete, or not at all (an earlier run's
    report is removed), as with :func:`analysis.batch.write_checked`."""
    from core.safe_io import atomic_write, remove_stale

    out_path, report_path = Path(out_path), Path(report_path)
    suffix = out_path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ValueError(f"{out_path.name}: the workers write .csv or .parquet; use "
                         "check_register for other outputs")
    parts = register_parts(path)
    source = display_name(Path(path).name)
    ctx_f = client.scatter(ctx, broadcast=True, hash=False)
    fac_f = client.scatter(facilities, broadcast=True, hash=False) if k else None
    tick = _ticker(parts, progress)
    with contextlib.ExitStack() as stack:
        # entered first, committed last: the output is renamed, then the report
        rep_tmp = stack.enter_context(atomic_write(report_path, optional=True))
        out_tmp = stack.enter_context(atomic_write(out_path))
        folder = out_tmp.parent
        jobs = [(part, folder / f"part-{i:06d}{suffix}", folder / f"part-{i:06d}_report.csv")
                for i, part in enumerate(parts)]
        outs, reports = _Joiner(out_tmp), _Joiner(rep_tmp)
        try:
            for (_, out_file, rep_file), (part_summary, part_digests) in zip(
                    jobs, _in_order(client, _check_part_files, jobs, ctx_f, fac_f,
                                    dict(read or {}), lang, k, window=_window(client) * 2),
                    strict=True):
                _merge(summary, part_summary, source)
                if digests is not None:
                    digests += part_digests
                outs.add(out_file)
                if rep_file.exists():
                    reports.add(rep_file)
                tick()
        finally:
            outs.close()
            reports.close()
        wrote_report = reports.parts > 0
    if not wrote_report:
        remove_stale(report_path)  # an earlier run's report no longer applies


class _Joiner:
    """Appends part files written by :func:`analysis.batch.write_checked` into one
    file: CSV parts without their byte-order mark and header (but the first), Parquet
    parts row group by row group (cast to the first part's schema, as the writer
    casts later chunks); each part file is deleted once appended."""

    def __init__(self, target: Path):
        self.target, self.parts = target, 0
        self._fh = None
        self._writer = None

    def add(self, part: Path) -> None:
        if self.target.suffix.lower() == ".parquet":
            self._add_parquet(part)
        else:
            self._add_csv(part)
        part.unlink()
        self.parts += 1

    def _add_csv(self, part: Path) -> None:
        import shutil

        if self._fh is None:
            self._fh = open(self.target, "wb")  # noqa: SIM115 — closed by close()
        with open(part, "rb") as src:
            if self.parts:
                src.seek(_csv_header_end(part))
            shutil.copyfileobj(src, self._fh, 16 << 20)

    def _add_parquet(self, part: Path) -> None:
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(part)
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.target, pf.schema_arrow,
                                            compression="zstd")
        schema = self._writer.schema
        for i in range(pf.num_row_groups):
            table = pf.read_row_group(i)
            if not table.schema.equals(schema, check_metadata=False):
                table = table.cast(schema)
            self._writer.write_table(table)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def _csv_header_end(path: Path) -> int:
    """Byte offset just after the byte-order mark and header record of a CSV file
    written by the project's writer (a newline inside a quoted name is skipped)."""
    with open(path, "rb") as fh:
        data = fh.read(1 << 20)
        quoted, i = False, 0
        while True:
            for j in range(i, len(data)):
                c = data[j]
                if c == 0x22:  # "
                    quoted = not quoted
                elif c == 0x0A and not quoted:
                    return j + 1
            i = len(data)
            more = fh.read(1 << 20)
            if not more:
                return len(data)  # a header and no row
            data += more
