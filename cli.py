"""Command line for batch work and exports: ``python cli.py --help``.

Every command reads the shipped data (offline) and uses the same functions as the
app. Bad input ends with a clear message and exit status 2, never a traceback.
Outputs are checked before the work (extension, folder, not an input), written to a
temporary file and renamed when complete, and carry no live spreadsheet formula;
Ctrl-C ends with "interrupted, nothing written" and exit status 130 (SIGTERM: 143).
Errors, rejected rows and a check's stages and outcome are written in ``--lang``
(every command takes it; Chinese by default, as the app), from the one catalogue
(core.i18n).
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
import warnings
from pathlib import Path

from core import settings
from core.errors import DataValidationError
from core.i18n import localize, msg, t

#: Folders of shipped data: no command writes its --out there.
PROTECTED = (settings.GEODATA_DIR, settings.CLUSTER_DEFS_DIR)
_warned: set[str] = set()


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C so that temporary files are removed."""


def _on_sigterm(signum, frame):
    raise Terminated


def _stop_behind(exc: BaseException) -> BaseException | None:
    """The Ctrl-C or SIGTERM behind ``exc``, if any: one that lands inside a compiled
    (numba) call comes back as a SystemError caused by it."""
    while exc is not None:
        if isinstance(exc, KeyboardInterrupt | Terminated):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def _out(path, *, inputs=(), suffixes=None) -> Path:
    """``path`` checked as an output before any work (see core.safe_io)."""
    from core.safe_io import TABLE_SUFFIXES, check_output_path

    return check_output_path(path, inputs=inputs, allowed_suffixes=suffixes or
                             TABLE_SUFFIXES, protected=PROTECTED)


def _say(key: str, lang: str, **params) -> None:
    """A catalogue message (``cli.<key>``) in ``lang`` on stderr."""
    print(t("cli." + key, lang, **params), file=sys.stderr)


def _row_problems(rows, lang: str, *, limit: int = 20, more: str = "more_in_report",
                  total: int | None = None) -> None:
    """The first ``limit`` of ``rows`` (each with row, column, problem, fix) on stderr,
    one line each in ``lang``, then how many more there are (of ``total``)."""
    rows = list(rows)
    for r in rows[:limit]:
        _say("row_problem", lang, row=r.row, column=r.column,
             problem=localize(r.problem, lang), fix=localize(r.fix, lang))
    total = len(rows) if total is None else total
    if total > limit:
        _say(more, lang, n=f"{total - limit:,}")


def _warn_ignored_overrides(areas, lang: str) -> None:
    """Say on stderr which imported boundaries were unusable (built polygon used)."""
    for item in areas.attrs.get("ignored_overrides", []):
        if item["file"] not in _warned:
            _warned.add(item["file"])
            _say("override_ignored", lang, file=item["file"],
                 reason=localize(item["reason"], lang))


def cmd_info(_args) -> int:
    """Print the shipped layers with feature counts and areas."""
    from data.shipped import shipped_layers

    print(shipped_layers().to_string(index=False))
    print("\nAreas in km² measured in EPSG:4547. Base layers © OpenStreetMap contributors "
          "(ODbL 1.0); see geodata/SOURCES.md.")
    return 0


def cmd_validate(args) -> int:
    """Validate a polygon file (schema-free): CRS, geometry, bounds."""
    from build.boundary_import import read_layer
    from data import loaders

    path = Path(args.file)
    gdf = read_layer(path)
    loaders.validate_polygon_layer(gdf, source=path.name, id_column=args.id_column)
    print(f"{path.name}: {len(gdf)} feature(s), all valid and inside Shenzhen/深汕.")
    return 0


def cmd_areas(args) -> int:
    """List the areas with kind, grade, precision and area."""
    from data.areas import areas_table, load_areas

    areas = load_areas()
    _warn_ignored_overrides(areas, args.lang)
    table = areas_table(areas)
    cols = ["id", "kind", "name_zh", "grade", "precision_m", "area_km2", "published_km2",
            "districts"]
    print(table[cols].to_string(index=False))
    return 0


def cmd_replace_boundary(args) -> int:
    """Swap in an official boundary for one area."""
    from build.boundary_import import replace_boundary

    messages: list[str] = []
    target = replace_boundary(args.area_id, args.file, source=args.source,
                              declared_crs=args.crs, precision_m=args.precision_m,
                              force=args.force, messages=messages)
    for note in messages:
        _say("warning", args.lang, text=localize(note, args.lang))
    print(f"wrote {target}: {args.area_id} now uses the official boundary (grade 'official')"
          "; the previous override, if any, is kept in "
          f"{target.parent / 'previous'}.")
    if args.workspace or os.environ.get("SZMAP_DB_URL", "").strip():
        _save_imported_version(args, target)
    return 0


def _save_imported_version(args, target: Path) -> None:
    """``replace-boundary --workspace``: the imported boundary also becomes the area's
    new active version in the workspace (based on the version active now)."""
    import geopandas as gpd

    row = gpd.read_file(target).iloc[0]
    with _workspace(args) as ws:
        based_on = ws.active_boundary_version(args.area_id)
        v = ws.save_boundary_version(
            args.area_id, row.geometry, source=str(row["sources"]), grade=str(row["grade"]),
            precision_m=float(row["precision_m"]), note=args.note or str(row["method"]),
            based_on=based_on)
    print(f"saved as boundary version {v.id} of {args.area_id} in {ws.location} (active; "
          f"by {v.author}, {v.area_km2:.2f} km²)")


def _boundary_diff(ws, args) -> int:
    """`boundary-versions AREA --diff OLD NEW [--out F]`: km² kept, added, removed."""
    out_path = (_out(args.out, suffixes=(".geojson", ".gpkg")) if args.out else None)
    old_id, new_id = args.diff
    parts = ws.boundary_diff(old_id, new_id)
    if parts["area_id"].iloc[0] != args.area_id:
        raise ValueError(msg("cli.err_versions_of_other", old=old_id, new=new_id,
                             of=parts["area_id"].iloc[0], area=args.area_id))
    a = parts.attrs
    print(f"{args.area_id}: version {old_id} {a['old_km2']:.2f} km² → version {new_id} "
          f"{a['new_km2']:.2f} km² ({a['change_km2']:+.2f} km²); "
          + ", ".join(f"{r.part} {r.km2:.2f} km²" for r in parts.itertuples())
          + " (EPSG:4547)")
    if out_path is not None:
        from core.safe_io import atomic_write

        with atomic_write(out_path) as tmp:
            parts.to_file(tmp, driver="GPKG" if out_path.suffix.lower() == ".gpkg"
                          else "GeoJSON", engine="pyogrio")
        print(f"wrote {out_path}: the parts as polygons (EPSG:4326)")
    return 0


def cmd_boundary_versions(args) -> int:
    """List an area's boundary versions in the workspace, or make one active."""
    with _workspace(args) as ws:
        print(f"workspace: {ws.location} ({ws.backend})", file=sys.stderr)
        if args.activate is not None:
            version = ws.boundary_version(args.activate)
            if version.area_id != args.area_id:
                raise ValueError(msg("cli.err_version_of_other", version=args.activate,
                                     of=version.area_id, area=args.area_id))
            ws.activate_boundary_version(
                args.activate, based_on=ws.active_boundary_version(args.area_id))
            print(f"version {args.activate} is now the active boundary of {args.area_id}")
        frame = ws.list_boundary_versions(args.area_id)
        if args.diff:
            return _boundary_diff(ws, args)
    if not len(frame):
        print(f"{args.area_id}: no boundary version in the workspace (the built polygon "
              "is used): `python cli.py replace-boundary AREA_ID FILE --source … "
              "--workspace URL` saves one")
        return 0
    for r in frame.itertuples():
        print(f"{r.id}\t{'active' if r.active else '-'}\t{r.source}\t{r.author}\t"
              f"{r.created_at}\t{r.grade}\t{r.area_km2:.2f} km²")
    return 0


def _points_for_stats(paths, *, kind, crs, industry_col, address_col=None, as_of=None,
                      lang="zh"):
    """Read point files, chunk by chunk, into the frame the statistics take (lon, lat,
    kind, category, industries — not the user's other columns)."""
    import pandas as pd

    from analysis.batch import CheckSummary, stats_points
    from data.points_io import iter_point_chunks

    frames = []
    for path in paths:
        summary = CheckSummary()
        tally = _AddressTally()
        chunks = iter_point_chunks(path, crs=crs, industry_col=industry_col,
                                   address_col=address_col, as_of=as_of)
        frames.append(stats_points(tally.watch(chunks), kind=kind, summary=summary))
        _print_report(summary, lang)
        tally.print(lang)
    return pd.concat(frames, ignore_index=True)


class _AddressTally:
    """What a register's addresses gave, counted as its chunks pass: rows placed at
    each geocoder level (a register with no coordinates) and points lying outside the
    街道 their address names (a register with both; warnings, the rows stay valid)."""

    def __init__(self) -> None:
        from collections import Counter

        self.source = ""
        self.levels: Counter = Counter()
        self.warnings = 0
        self.head: list = []

    def watch(self, chunks):
        for chunk in chunks:
            self.source = self.source or chunk.source
            if chunk.geocoded:
                self.levels.update(chunk.frame["match_level"].value_counts().to_dict())
            if len(chunk.warnings):
                self.warnings += len(chunk.warnings)
                self.head += list(chunk.warnings.head(20).itertuples(index=False))
            yield chunk

    def add_digests(self, source: str, digests) -> None:
        """Count chunks checked elsewhere (Dask workers: analysis.distributed)."""
        self.source = self.source or source
        for d in digests:
            self.levels.update(d.levels)
            if d.n_warnings:
                self.warnings += d.n_warnings
                self.head += list(d.warnings_head.itertuples(index=False))

    def print(self, lang: str, limit: int = 20) -> None:
        if self.levels:
            from data.geocoding import LEVELS

            shown = t("cli.list_sep", lang).join(
                f"{t('cli.level.' + lv, lang)} {self.levels.get(lv, 0):,}" for lv in LEVELS)
            _say("address_levels", lang, source=self.source, shown=shown)
        if self.warnings:
            _say("address_outside", lang, source=self.source, n=f"{self.warnings:,}")
            _row_problems(self.head, lang, limit=limit, more="more", total=self.warnings)


def _print_report(summary, lang: str, limit: int = 20) -> None:
    """Unknown industry labels and the first rejected rows of a read (stderr)."""
    unmatched = summary.unmatched_industries()
    if len(unmatched):
        shown = ", ".join(f"{r.label} ({r.rows})" for r in unmatched.head(limit).itertuples())
        _say("unmatched_labels", lang, source=summary.source, shown=shown)
    n = summary.report_rows
    if n:
        _say("rows_rejected", lang, source=summary.source, n=f"{n:,}")
        _row_problems(summary.report_head.head(limit).itertuples(index=False), lang,
                      limit=limit, total=n)


def _print_outcome(summary, tally, lang: str) -> None:
    """A check's last line: rows in and out, the rejected, the verdicts (stdout)."""
    verdicts = summary.verdict_counts()
    what = "not_placed_from_address" if tally.levels else "with_coordinate_problem"
    print(t("cli.check_outcome", lang, rows_in=f"{summary.rows_in:,}",
            rows_out=f"{summary.rows_out:,}", n=f"{summary.report_rows:,}",
            what=t("cli." + what, lang),
            verdicts=t("cli.list_sep", lang).join(
                f"{t('verdict_' + k, lang)} {v:,}" for k, v in verdicts.items())
            or t("cli.no_verdicts", lang)))


def cmd_check(args) -> int:
    """Batch placement check of a file of points, read, checked and written chunk by
    chunk (.csv/.parquet output) or written whole (.xlsx/.gpkg/.geojson)."""
    import itertools

    from analysis.batch import CheckSummary, check_stream, write_checked
    from core.progress import Progress
    from core.safe_io import STREAMED_SUFFIXES, check_whole_frame_rows, report_path
    from data.points_io import iter_point_chunks

    if args.k < 0:
        raise ValueError(msg("cli.err_k", k=args.k))
    _one_register(args)
    inputs = [args.input] if args.input else []
    out_path = _out(args.out, inputs=inputs)
    rep_path = report_path(out_path)
    _out(rep_path, inputs=inputs, suffixes=(".csv",))
    if _on_dask(args):
        return _check_on_dask(args, out_path, rep_path)
    streamed = out_path.suffix.lower() in STREAMED_SUFFIXES
    prog = Progress(3 if streamed else 4, enabled=not args.quiet)
    tally = _AddressTally()
    if args.snapshot:  # saved whole: one chunk
        chunks = tally.watch(iter([_snapshot_table(args)]))
        args.input = f"snapshot {args.snapshot!r}"
    else:
        chunks = tally.watch(iter_point_chunks(
            args.input, crs=args.crs, lon_col=args.lon_col, lat_col=args.lat_col,
            industry_col=args.industry_col, name_col=args.name_col,
            chunk_rows=args.chunk_rows, progress=prog.ticker(),
            address_col=args.address_col, as_of=args.as_of))
    if streamed:  # the file is checked (encoding, header, first chunk) before the work
        with prog.stage(t("cli.stage_open", args.lang, file=args.input)):
            first = next(chunks)
        chunks = itertools.chain([first], chunks)
    else:  # written whole: read whole, refused before the check when too big
        with prog.stage(t("cli.stage_read", args.lang, file=args.input)):
            read, n_rows = [], 0
            for chunk in chunks:
                read.append(chunk)
                n_rows += len(chunk.frame)
                check_whole_frame_rows(out_path, n_rows, chunk.frame.shape[1])
        chunks = iter(read)
    with prog.stage(t("cli.stage_load", args.lang)):
        ctx = _boundary_context(args)
        facilities = None
        if args.k:
            from data.catalogues import load_facilities

            facilities = load_facilities()
    _warn_ignored_overrides(ctx.areas, args.lang)
    summary = CheckSummary()
    results = check_stream(chunks, ctx, lang=args.lang, facilities=facilities, k=args.k,
                           summary=summary)
    if streamed:
        with prog.stage(t("cli.stage_check_write", args.lang, file=args.out,
                          rows=f"{args.chunk_rows:,}")):
            write_checked(results, out_path, rep_path)
    else:
        with prog.stage(t("cli.stage_check", args.lang, rows=f"{n_rows:,}")):
            checked = list(results)
            del read
        with prog.stage(t("cli.stage_write", args.lang, file=args.out)):
            write_checked(checked, out_path, rep_path)
    _print_report(summary, args.lang)
    tally.print(args.lang)
    _print_outcome(summary, tally, args.lang)
    if args.record:
        _record_batch(args, summary, ctx.areas)
    # bad rows in a usable file are reported in place; a file with no usable row fails
    return 0 if summary.rows_valid or summary.rows_out == 0 else 2


def _boundary_context(args):
    """The spatial context with the areas' polygons as ``--boundaries`` says: ``files``
    (default: the built polygons and the overrides folder) or ``workspace`` (also the
    workspace's active boundary versions; each area then names its version)."""
    from analysis.context import build_context

    if getattr(args, "boundaries", "files") != "workspace":
        return build_context()
    from data.areas import load_areas

    with _workspace(args) as ws:
        versions = ws.active_boundaries()
    print(t("cli.boundaries_active", args.lang, n=len(versions), location=ws.location)
          + "".join(t("cli.boundary_version_of", args.lang, area=a, version=v) for a, v in
                    zip(versions["area_id"], versions["version_id"], strict=True)),
          file=sys.stderr)
    areas = load_areas(versions=versions)
    for item in areas.attrs.get("ignored_versions", []):
        _say("boundary_version_ignored", args.lang, version=item["version"],
             reason=localize(item["reason"], args.lang))
    return build_context(areas)


def _record_batch(args, summary, areas) -> None:
    """`check --record`: one record of the batch in the workspace's check log (inputs,
    counts, the boundary version of every area, time, user)."""
    from data.areas import boundary_labels

    with _workspace(args) as ws:
        register_id = None
        if args.snapshot:
            from data.snapshots import key_of

            register_id = ws.register_info(key_of(ws, args.snapshot)).id
        rid = ws.record_check(
            kind="batch", register_id=register_id,
            file_name=None if args.snapshot else Path(args.input).name,
            industry=args.industry_col,
            summary={"rows_in": summary.rows_in, "rows_out": summary.rows_out,
                     "rows_checked": summary.rows_valid,
                     "rows_rejected": summary.report_rows,
                     "verdicts": summary.verdict_counts()},
            boundary_versions=boundary_labels(areas),
            inputs={"input": args.input, "snapshot": args.snapshot, "crs": args.crs,
                    "out": Path(args.out).name, "lang": args.lang, "k": args.k})
    _say("recorded", args.lang, id=rid, location=ws.location)


def cmd_checks(args) -> int:
    """The placement-check log: listed, filtered, or written to --out (.xlsx/.csv);
    with --print ID, that check's one-page 选址核查意见 written to --out (.pdf)."""
    import json

    import pandas as pd

    if args.print_id is not None:
        return _print_check(args)
    out_path = _out(args.out, suffixes=(".csv", ".xlsx")) if args.out else None
    with _workspace(args) as ws:
        print(f"workspace: {ws.location} ({ws.backend})", file=sys.stderr)
        log = ws.list_checks(user=args.user, since=args.since, area_id=args.area,
                             verdict=args.verdict)
    if out_path is not None:
        from core.safe_io import write_csv, write_xlsx

        table = log.copy()
        for col in ("reasons", "area_ids", "boundary_versions", "summary", "inputs"):
            table[col] = [json.dumps(v, ensure_ascii=False) for v in table[col]]
        if out_path.suffix.lower() == ".xlsx":
            write_xlsx({"checks": table}, out_path)
        else:
            write_csv(table, out_path)
        print(f"wrote {out_path}: {len(log):,} check(s)")
        return 0
    if not len(log):
        print("no check recorded (matching): `python cli.py check … --record` keeps one")
    for r in log.itertuples():
        what = (r.file_name or (f"snapshot {r.register_id}" if not pd.isna(r.register_id)
                                else f"{r.lon:.6f},{r.lat:.6f}"))
        result = r.verdict or r.summary.get("verdicts", "")
        print(f"{r.id}\t{r.created_at}\t{r.author}\t{r.kind}\t{what}\t{result}")
    return 0


def _print_check(args) -> int:
    """`checks --print ID --out x.pdf`: the check's opinion (maps.static.check_opinion)."""
    from maps.static.check_opinion import export_opinion

    if not args.out:
        raise ValueError(msg("cli.err_print_out"))
    out_path = _out(args.out, suffixes=(".pdf",))
    with _workspace(args) as ws:
        record = ws.list_checks(check_id=args.print_id)
    if not len(record):
        print(f"error: no check {args.print_id} in {ws.location}; `python cli.py checks` "
              "lists them", file=sys.stderr)
        return 2
    export_opinion(out_path, record.iloc[0], lang=args.lang)
    print(f"wrote {out_path}: the opinion of check {args.print_id}")
    return 0


def _on_dask(args) -> bool:
    """--engine dask (--scheduler only with it)."""
    if args.scheduler and args.engine != "dask":
        raise ValueError(msg("cli.err_scheduler"))
    return args.engine == "dask"


def _dask_stage(args) -> str:
    from analysis.distributed import LOCAL_WORKERS

    return (f"connecting to the Dask scheduler {args.scheduler}" if args.scheduler else
            f"starting a local Dask cluster ({LOCAL_WORKERS} worker processes)")


def _check_on_dask(args, out_path: Path, rep_path: Path) -> int:
    """`check --engine dask`: a Parquet register checked part by part on Dask, written
    here in register order (the same output as the local engine)."""
    import contextlib

    from analysis.batch import CheckSummary, write_checked
    from analysis.distributed import (
        check_register,
        check_register_to,
        dask_client,
        register_parts,
    )
    from core.progress import Progress
    from core.safe_io import check_whole_frame_rows

    src = Path(args.input)
    if src.is_dir() and out_path.resolve().is_relative_to(src.resolve()):
        raise ValueError(msg("cli.err_out_in_folder", out=args.out, folder=args.input))
    parts = register_parts(src)
    n_rows = sum(p.rows for p in parts)
    check_whole_frame_rows(out_path, n_rows)
    prog = Progress(3, enabled=not args.quiet)
    with prog.stage(t("cli.stage_load", args.lang)):
        ctx = _boundary_context(args)
        facilities = None
        if args.k:
            from data.catalogues import load_facilities

            facilities = load_facilities()
    _warn_ignored_overrides(ctx.areas, args.lang)
    summary, digests = CheckSummary(), []
    read = {"crs": args.crs, "lon_col": args.lon_col, "lat_col": args.lat_col,
            "industry_col": args.industry_col, "name_col": args.name_col,
            "chunk_rows": args.chunk_rows, "address_col": args.address_col,
            "as_of": args.as_of}
    with contextlib.ExitStack() as stack:
        with prog.stage(_dask_stage(args)):
            client = stack.enter_context(dask_client(args.scheduler))
        with prog.stage(t("cli.stage_dask_check", args.lang, rows=f"{n_rows:,}",
                          parts=len(parts), file=args.out)):
            options = {"read": read, "lang": args.lang, "facilities": facilities,
                       "k": args.k, "summary": summary, "digests": digests,
                       "progress": prog.ticker()}
            if out_path.suffix.lower() in (".csv", ".parquet"):  # written by the workers
                check_register_to(client, src, ctx, out_path, rep_path, **options)
            else:
                write_checked(check_register(client, src, ctx, **options), out_path,
                              rep_path)
    tally = _AddressTally()
    tally.add_digests(summary.source, digests)
    _print_report(summary, args.lang)
    tally.print(args.lang)
    _print_outcome(summary, tally, args.lang)
    if args.record:
        _record_batch(args, summary, ctx.areas)
    return 0 if summary.rows_valid or summary.rows_out == 0 else 2


def _stats_on_dask(args, out_path: Path) -> int:
    """`stats --engine dask`: each --enterprises register (Parquet) counted part by part
    on Dask; the facilities (a catalogue: small) here; the counts added up into the
    same tables as the local engine's."""
    from analysis import coverage
    from analysis.batch import CheckSummary
    from analysis.context import build_context
    from analysis.distributed import dask_client, register_parts, stats_register

    for path in args.enterprises or []:
        register_parts(path)  # a non-Parquet input is refused before the work
    if args.facilities:
        fac = _points_for_stats(args.facilities, kind="facility", crs=args.crs,
                                industry_col=args.industry_col,
                                address_col=args.address_col, as_of=args.as_of,
                                lang=args.lang)
    else:
        fac = _shipped_facilities()
    ctx = build_context()
    _warn_ignored_overrides(ctx.areas, args.lang)
    anchors = coverage.proximity_anchors(fac)
    options = {"industries": args.industry, "categories": args.category}
    counts = coverage.stats_counts(fac, ctx, anchors=anchors, **options)
    n_points = len(fac)
    read = {"crs": args.crs, "industry_col": args.industry_col,
            "address_col": args.address_col, "as_of": args.as_of}
    if args.enterprises:
        with dask_client(args.scheduler) as client:
            for path in args.enterprises:
                summary, digests = CheckSummary(), []
                part = stats_register(client, path, ctx, kind="enterprise", read=read,
                                      anchors=anchors, summary=summary, digests=digests,
                                      **options)
                if part is not None:
                    counts = coverage.add_counts(counts, part)
                n_points += summary.rows_out
                _print_report(summary, args.lang)
                tally = _AddressTally()
                tally.add_digests(summary.source, digests)
                tally.print(args.lang)
    tables = coverage.stats_tables(counts, ctx, industries=args.industry)
    _write_stats(args, out_path, tables["coverage"], ctx, n_points=n_points,
                 lq=tables["lq"], proximity=tables["proximity"])
    return 0


def _shipped_facilities():
    """The shipped facility catalogue as the statistics take it, with each point's
    error bound and, for an area-level point, the area or unit it is known to lie in."""
    from analysis.location_level import with_location_level
    from data.catalogues import load_facilities

    return with_location_level(load_facilities())[
        ["lon", "lat", "kind", "category", "industries", "precision_m", "container"]]


def _write_stats(args, out_path: Path, table, ctx, *, n_points: int, lq, proximity) -> None:
    """Write the coverage table: a .csv as the table itself (ids, English column names,
    one row per area), a .xlsx as the 统计 page's workbook in ``--lang``
    (``exports.report_tables.coverage_workbook``); then say what was written and how
    far the counts and densities can be trusted."""
    from core.i18n import t
    from core.safe_io import write_bytes
    from data.areas import boundary_labels
    from data.points_io import write_table
    from exports import report_tables as rt

    if out_path.suffix.lower() == ".xlsx":
        from analysis.coverage import overlaps

        def files(paths):
            return ", ".join(Path(p).name for p in paths or []) or None

        n_fac, n_ent = (int(table.loc[table["id"] == "city", c].iloc[0])
                        for c in ("n_facilities", "n_enterprises"))
        ent_name = files(args.enterprises) or getattr(args, "snapshot", None)
        meta = rt.coverage_metadata(
            args.lang, table, n_facilities=n_fac, facility_files=files(args.facilities),
            enterprises=[(n_ent, False, ent_name)] if ent_name else [],
            industries=args.industry or (), categories=args.category or (),
            boundaries=boundary_labels(ctx.areas))
        write_bytes(out_path, rt.coverage_workbook(table, args.lang, metadata=meta,
                                                   overlaps=overlaps(ctx), lq=lq,
                                                   proximity=proximity))
    else:
        write_table(table, out_path)
    print(f"wrote {args.out}: {len(table)} rows ({n_points:,} points; areas in km² "
          "measured in EPSG:4547)")
    city = table[table["id"] == "city"].iloc[0]
    print(t("stats_cli_area_level", args.lang, fac=int(city["n_facilities_area_level"]),
            ent=int(city["n_enterprises_area_level"])))
    n_low = int(table["density_lower_bound"].fillna(False).sum())
    if n_low:
        print(t("stats_cli_lower_bounds", args.lang, n=n_low))


def cmd_stats(args) -> int:
    """Coverage statistics per area for the given point files (read chunk by chunk;
    only each point's coordinates, kind, category and industries are kept)."""
    import pandas as pd

    from analysis import coverage

    inputs = [*(args.enterprises or []), *(args.facilities or [])]
    out_path = _out(args.out, inputs=inputs, suffixes=(".csv", ".xlsx"))
    if args.compare:
        return _compare_snapshots(args, out_path)
    if _on_dask(args):
        if args.snapshot:
            raise ValueError(msg("cli.err_local_only", what="--snapshot"))
        if args.boundaries == "workspace":
            raise ValueError(msg("cli.err_local_only", what="--boundaries workspace"))
        return _stats_on_dask(args, out_path)
    frames = [_points_for_stats(paths, kind=kind, crs=args.crs,
                                industry_col=args.industry_col,
                                address_col=args.address_col, as_of=args.as_of,
                                lang=args.lang)
              for kind, paths in (("enterprise", args.enterprises),
                                  ("facility", args.facilities)) if paths]
    if args.snapshot:
        frames.append(_snapshot_points(args.snapshot, args))
    if not args.facilities:  # the shipped catalogue unless the user gives their own
        frames.append(_shipped_facilities())
    points = pd.concat(frames, ignore_index=True)
    ctx = _boundary_context(args)
    _warn_ignored_overrides(ctx.areas, args.lang)
    table = coverage.coverage_table(points, ctx, industries=args.industry,
                                    categories=args.category)
    if "boundary_version" in ctx.areas.columns:  # --boundaries workspace: named per area
        from data.areas import boundary_labels

        table.insert(1, "boundary_version", table["id"].map(boundary_labels(ctx.areas)))
    workbook = out_path.suffix.lower() == ".xlsx"
    _write_stats(args, out_path, table, ctx, n_points=len(points),
                 lq=coverage.location_quotients(points, ctx) if workbook else None,
                 proximity=coverage.proximity_coverage(points, ctx) if workbook else None)
    return 0


def _workspace(args):
    from data.workspace import open_workspace

    return open_workspace(getattr(args, "workspace", None))


def _one_register(args) -> None:
    """A check reads one register: a file or a saved snapshot, not both, not neither."""
    if bool(args.input) == bool(args.snapshot):
        raise ValueError(msg("cli.err_one_register"))
    if args.snapshot and _on_dask(args):
        raise ValueError(msg("cli.err_local_only", what="--snapshot"))


def _snapshot_table(args):
    """The saved register ``args.snapshot`` (name or id) as the table it was read as."""
    from data.snapshots import key_of, load_table

    with _workspace(args) as ws:
        table, info = load_table(ws, key_of(ws, args.snapshot))
    print(f"snapshot {info.name!r} (id {info.id}, {info.file_name}, imported "
          f"{info.imported_at}, as of {info.as_of or 'not stated'}): {info.rows:,} rows, "
          f"{info.valid_rows:,} with a point", file=sys.stderr)
    return table


def _snapshot_points(name, args):
    """The statistics' point frame of a saved register."""
    from analysis.batch import register_points

    args = argparse.Namespace(**{**vars(args), "snapshot": name})
    return register_points(_snapshot_table(args))


def _compare_snapshots(args, out_path: Path) -> int:
    """``stats --compare BEFORE``: counts per area and industry, before and after."""
    from analysis.change import compare_snapshots
    from analysis.context import build_context
    from core.safe_io import write_xlsx
    from data.points_io import write_table

    if bool(args.snapshot) + len(args.enterprises or []) != 1 or args.facilities:
        raise ValueError(msg("cli.err_compare_one"))
    if _on_dask(args):
        raise ValueError(msg("cli.err_local_only", what="--compare"))
    before = _snapshot_points(args.compare, args)
    after = (_snapshot_points(args.snapshot, args) if args.snapshot else
             _points_for_stats(args.enterprises, kind="enterprise", crs=args.crs,
                               industry_col=args.industry_col,
                               address_col=args.address_col, as_of=args.as_of,
                               lang=args.lang))
    ctx = build_context()
    _warn_ignored_overrides(ctx.areas, args.lang)
    table = compare_snapshots(before, after, ctx, industries=args.industry)
    if out_path.suffix.lower() == ".xlsx":
        write_xlsx({"change": table}, out_path)
    else:
        write_table(table, out_path)
    city = table[(table["area_id"] == "city") & (table["industry"] == "all")]
    total = (f"city: {int(city['before'].iloc[0]):,} → {int(city['after'].iloc[0]):,}"
             if len(city) else "no points in the city")
    print(f"wrote {args.out}: {len(table)} rows (area × industry; {total})")
    return 0


def cmd_users(args) -> int:
    """The office's user list (core.users): list, add, passwd, role, remove."""
    from core import users

    path = Path(args.file) if args.file else users.users_file()
    if path is None:
        raise ValueError(msg("cli.err_no_user_list"))
    if args.action == "list":
        directory = users.load(path)
        print(f"{path}: login by {directory.method}", file=sys.stderr)
        for u in directory.users:
            print(f"{u.name}\t{u.role}\t{u.display}\t{u.email}")
        return 0
    if args.action == "remove":
        users.remove_user(path, args.name)
        print(f"removed {args.name} from {path} (their records keep their name)")
        return 0
    password_hash = None
    if args.action == "passwd" or (args.action == "add" and not args.no_password):
        password_hash = users.hash_password(_new_password(args.password_stdin))
    role = args.role if args.action in ("add", "role") else None
    user = users.set_user(path, args.name, role=role, password_hash=password_hash,
                          display=getattr(args, "display", None),
                          email=getattr(args, "email", None))
    print(f"{args.action}: {user.name} ({user.role}) in {path}")
    return 0


def _new_password(from_stdin: bool) -> str:
    """A new password: one line of stdin, or typed twice at a prompt (not echoed)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass("new password: ")
    if getpass.getpass("again: ") != first:
        raise ValueError(msg("cli.err_passwords_differ"))
    return first


def cmd_workspace(args) -> int:
    """Saved registers in the workspace: list, import, export, rename, delete, use."""
    import pandas as pd

    with _workspace(args) as ws:
        print(f"workspace: {ws.location} ({ws.backend})", file=sys.stderr)
        from data.snapshots import key_of

        key = None if getattr(args, "name", None) is None else key_of(ws, args.name)
        if args.action == "list":
            saved = ws.list_registers()
            if not len(saved):
                print("no register saved yet: `python cli.py workspace import FILE`")
            else:
                with pd.option_context("display.width", 200, "display.max_columns", 20,
                                       "display.max_colwidth", 40):
                    print(saved.to_string(index=False))
        elif args.action == "import":
            from data.points_io import read_points
            from data.snapshots import save_table

            table = read_points(args.file, crs=args.crs, industry_col=args.industry_col,
                                address_col=args.address_col, as_of=args.address_year)
            _print_table_report(table, args.lang)
            info = save_table(ws, table, name=args.save_as or Path(args.file).name,
                              as_of=args.as_of, crs=args.crs)
            if args.use:
                ws.set_active_register(info.id)
            print(f"saved {args.file} as {info.name!r} (id {info.id}): {info.rows:,} rows, "
                  f"{info.valid_rows:,} with a point")
        elif args.action == "export":
            from core.safe_io import write_xlsx
            from data.points_io import write_table
            from data.snapshots import load_table

            out_path = _out(args.out, suffixes=(".csv", ".xlsx", ".parquet", ".gpkg",
                                                ".geojson"))
            table, info = load_table(ws, key)
            if out_path.suffix.lower() == ".xlsx":
                write_xlsx({"register": table.frame, "report": table.report}, out_path)
            else:
                write_table(table.frame, out_path)
            print(f"wrote {args.out}: snapshot {info.name!r}, {len(table.frame):,} rows")
        elif args.action == "rename":
            ws.rename_register(key, args.new_name)
            print(f"renamed {args.name!r} to {args.new_name!r}")
        elif args.action == "delete":
            ws.delete_register(key)
            print(f"deleted {args.name!r}")
        elif args.action == "use":
            ws.set_active_register(key)
            print(f"{args.name!r} is the workspace's active register")
    return 0


def _print_table_report(table, lang: str) -> None:
    n = len(table.report)
    if n:
        _say("rows_rejected_snapshot", lang, source=table.source, n=f"{n:,}")
        _row_problems(table.report.head(20).itertuples(index=False), lang, total=n)


def cmd_concentrations(args) -> int:
    """Observed concentrations of a register's firms, one industry at a time, set
    beside the plan's areas (.gpkg/.geojson/.xlsx)."""
    from analysis.batch import CheckSummary
    from analysis.concentrations import (
        concentrations_by_industry,
        plan_vs_reality,
        register_points,
    )
    from analysis.context import build_context
    from core.taxonomy import expand_filter
    from data.points_io import iter_point_chunks
    from exports.concentration_report import (
        SUFFIXES,
        report_metadata,
        summary_lines,
        write_report,
    )

    for term in args.industry or ():  # a bad term is refused before the register is read
        try:
            expand_filter([term])
        except ValueError as exc:
            raise ValueError(f"--industry {term!r}: {exc}") from None
    out_path = _out(args.out, inputs=[args.register], suffixes=SUFFIXES)
    summary, tally = CheckSummary(), _AddressTally()
    chunks = iter_point_chunks(args.register, crs=args.crs, industry_col=args.industry_col,
                               address_col=args.address_col, as_of=args.as_of)
    points = register_points(tally.watch(chunks), precision_col=args.precision_col,
                             summary=summary)
    _print_report(summary, args.lang)
    tally.print(args.lang)
    ctx = build_context()
    _warn_ignored_overrides(ctx.areas, args.lang)
    found = concentrations_by_industry(
        points, industries=args.industry, min_firms=args.min_firms, scale_m=args.scale_m,
        method=args.method, max_precision_m=args.max_precision_m, land_km2=ctx.city_km2)
    result = plan_vs_reality(points, found, ctx)
    write_report(out_path, found, result, lang=args.lang, metadata=report_metadata(
        found, args.lang, source=Path(args.register).name, terms=args.industry or ()))
    for line in summary_lines(found):
        print(line)
    print(f"wrote {out_path}: {len(found)} concentration(s), {len(result.outside)} outside "
          "every area focused on their industry (areas in km², distances in m, EPSG:4547)")
    return 0


def cmd_export_map(args) -> int:
    """A print-ready static map (PNG/PDF/SVG by extension)."""
    from core.safe_io import atomic_write
    from maps.static.render import FORMATS, MapSpec, export_map

    out_path = _out(args.out, inputs=[args.register] if args.register else [],
                    suffixes=FORMATS)
    firms, source = _register_firms(args)
    spec = MapSpec(size=args.size, orientation=args.orientation, dpi=args.dpi,
                   area_ids=tuple(args.area or ()), industries=tuple(args.industry or ()),
                   layers=tuple(args.layers.split(",")) if args.layers else
                   MapSpec().layers, lang=args.lang, title=args.title,
                   subtitle=args.subtitle, tiles=args.tiles, color_by=args.color_by,
                   disclaimer=args.disclaimer or MapSpec().disclaimer)
    messages: list[str] = []
    with atomic_write(out_path) as tmp:
        export_map(tmp, spec, messages=messages, enterprises=firms,
                   enterprises_are_sample=firms is None)
    path = out_path
    for note in messages:
        print(localize(note, args.lang), file=sys.stderr)
    w, h = spec.pixels()
    print(f"wrote {path} ({spec.size} {spec.orientation}, {spec.dpi} dpi"
          + (f", {w} × {h} px" if path.suffix.lower() == ".png" else "")
          + (f"; firms: {source.name}, {len(firms):,} rows" if source else "") + ")")
    return 0


def cmd_export_html(args) -> int:
    """The interactive map as one standalone, offline HTML file."""
    from core.safe_io import atomic_write
    from data.areas import load_areas
    from maps.folium.html_export import export_html

    out_path = _out(args.out, suffixes=(".html", ".htm"))
    _warn_ignored_overrides(load_areas(), args.lang)
    for term in args.industry or ():  # a bad term is refused before the work
        from core.taxonomy import expand_filter

        try:
            expand_filter([term])
        except ValueError as exc:
            raise ValueError(f"--industry {term!r}: {exc}") from None
    with atomic_write(out_path) as tmp:
        export_html(tmp, lang=args.lang, title=args.title, subtitle=args.subtitle,
                    industries=tuple(args.industry or ()))
    print(f"wrote {out_path}")
    return 0


def _register_firms(args):
    """(firms, FirmSource) of the register a command draws (``--register FILE`` or
    ``--snapshot NAME``), or (None, None) for the shipped curated sample."""
    from analysis.profile import FirmSource, firm_points

    if args.register and args.snapshot:
        raise ValueError(msg("cli.err_register_or_snapshot"))
    if args.register:
        from data.points_io import iter_point_chunks

        firms = firm_points(iter_point_chunks(
            args.register, crs=args.crs, industry_col=args.industry_col,
            address_col=args.address_col, as_of=args.as_of),
            size_col=getattr(args, "size_col", None))
        return firms, FirmSource(sample=False, name=Path(args.register).name,
                                 rows=len(firms), size_col=getattr(args, "size_col", None))
    if args.snapshot:
        from data.snapshots import key_of, load_table

        with _workspace(args) as ws:
            table, info = load_table(ws, key_of(ws, args.snapshot))
        firms = firm_points([table], size_col=getattr(args, "size_col", None))
        return firms, FirmSource(sample=False, name=info.name, snapshot=info.id,
                                 as_of=info.as_of, imported_at=info.imported_at,
                                 rows=info.valid_rows,
                                 size_col=getattr(args, "size_col", None))
    return None, None


def cmd_profile(args) -> int:
    """The area profile (一区一画像): two A4 pages as a PDF, the same as the app's."""
    from analysis.context import build_context
    from core.safe_io import write_bytes
    from maps.static.profile import profile_pdf
    from maps.static.spec import DEFAULT_DISCLAIMER

    out_path = _out(args.out, inputs=[args.register] if args.register else [],
                    suffixes=(".pdf",))
    ctx = build_context()
    _warn_ignored_overrides(ctx.areas, args.lang)
    if args.area_id not in set(ctx.areas["id"]):  # refused before a register is read
        raise ValueError(msg("cli.err_unknown_area", area=repr(args.area_id)))
    firms, source = _register_firms(args)
    command = " ".join(["python cli.py profile", args.area_id, "--lang", args.lang]
                       + ([f"--register {Path(args.register).name}"] if args.register else [])
                       + ([f"--snapshot {args.snapshot}"] if args.snapshot else [])
                       + ([f"--size-col {args.size_col}"] if args.size_col else []))
    pdf = profile_pdf(args.area_id, lang=args.lang, firms=firms, firm_source=source,
                      command=command, disclaimer=args.disclaimer or DEFAULT_DISCLAIMER,
                      ctx=ctx)
    write_bytes(out_path, pdf)
    print(f"wrote {out_path}: area profile of {args.area_id} (2 A4 pages, {args.lang}; "
          f"firms: {source.name if source else 'the shipped curated sample'}; areas in km² "
          "measured in EPSG:4547)")
    return 0


def cmd_osm_candidates(args) -> int:
    """Facility candidates from OpenStreetMap (local .osm file, or --online)."""
    from build.osm_candidates import candidates_table, fetch_candidates, write_candidates
    from data.catalogues import load_facilities

    feats = fetch_candidates(osm_file=args.osm, online=args.online)
    table = candidates_table(feats, catalogue=load_facilities())
    path = write_candidates(table, force=args.force)
    new = int((~table["in_catalogue"]).sum()) if len(table) else 0
    print(f"wrote {path}: {len(table)} candidate(s), {new} not in the catalogue. "
          "Review them; to accept one, copy it into geodata/facilities_src.csv with its "
          "source, category and industries, then run `make catalogue`.")
    return 0


def cmd_geocode(args) -> int:
    """Place a register's addresses offline: every input column, then lon, lat,
    precision_m, match_level, matched, problem (data.geocode_table)."""
    from core.progress import Progress
    from data.geocode_table import geocode_file
    from data.geocoding import LEVELS

    out_path = _out(args.out, inputs=[args.input])
    online = None
    if args.online:
        from data.geocoding_online import POINT_LEVEL, OnlineGeocoder

        online = OnlineGeocoder(args.online)  # the key from the environment
        LEVELS = (POINT_LEVEL, *LEVELS)
    prog = Progress(1, enabled=not args.quiet)
    try:
        with prog.stage(t("cli.stage_geocode", args.lang, file=args.input, out=args.out)):
            s = geocode_file(args.input, out_path, address_col=args.address_col,
                             as_of=args.as_of, lang=args.lang, progress=prog.ticker(),
                             online=online)
    finally:
        if online is not None:
            online.close()
    shown = t("cli.list_sep", args.lang).join(
        f"{t('cli.level.' + lv, args.lang)} {s.levels.get(lv, 0):,}" for lv in LEVELS)
    how = (t("cli.how_online", args.lang, note=online.service.crs_note,
             n=f"{online.requests:,}") if online is not None
           else t("cli.how_offline", args.lang))
    _say("geocoded", args.lang, out=out_path, rows=f"{s.rows:,}", placed=f"{s.placed():,}",
         column=repr(s.address_column), how=how, shown=shown)
    for row, problem in s.unplaced_head[:20]:
        _say("row_problem_only", args.lang, row=row, problem=localize(problem, args.lang))
    if s.levels.get("none", 0) > 20:
        _say("more_in_problem_column", args.lang, n=f"{s.levels['none'] - 20:,}")
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text}: give a positive number of rows")
    return value


def _year(text: str) -> int:
    value = int(text)
    if not 1979 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"{text}: give the year the addresses were "
                                         "written, e.g. 2024")
    return value


def _address_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--address-col",
                   help="address column (default: 注册地址, 经营地址, 地址, address …); a file "
                        "with no coordinate columns is placed from it offline (precision_m "
                        "and match_level per row; unplaced rows reported, never dropped); "
                        "with coordinates, points outside the 街道 it names are flagged")
    p.add_argument("--as-of", type=_year, default=None, metavar="YEAR",
                   help="year the addresses were written (e.g. the register's date): a "
                        "re-divided 街道 name (西乡, 公明 …) then means today's 街道; "
                        "default: unknown, such rows are placed in their district")


def _snapshot_option(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--snapshot", metavar="NAME", help=f"{what} (name or id; see `python "
                   "cli.py workspace list`)")
    p.add_argument("--workspace", metavar="URL",
                   help="workspace: a .gpkg path or postgresql://… (default: SZMAP_DB_URL, "
                        "else <SZMAP_DATA_DIR>/workspace.gpkg)")


def _boundaries_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--boundaries", default="files", choices=["files", "workspace"],
                   help="area polygons: files (default: built + cluster_defs/overrides) or "
                        "workspace (its active boundary versions too, named in the "
                        "statistics and the check record; see boundary-versions)")


def _date(text: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD"
                                         ) from None


def _engine_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--engine", default="local", choices=["local", "dask"],
                   help="local (default): this process; dask: a Dask cluster, for a "
                        "Parquet register (a .parquet file or a folder of part files, "
                        "one task per part; see README)")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786",
                   help="with --engine dask: the scheduler of a running Dask cluster "
                        "(default: a local cluster of 2 worker processes, closed at the "
                        "end)")


def build_parser() -> argparse.ArgumentParser:
    from data.points_io import CHUNK_ROWS

    parser = argparse.ArgumentParser(
        prog="python cli.py",
        description="Shenzhen innovation-cluster map: batch checks, statistics and exports "
                    "from the shipped data (offline).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("info", help="list the shipped layers with counts and areas (km²)")
    p.set_defaults(func=cmd_info)
    p = sub.add_parser("validate", help="check a polygon file: CRS, geometry, inside Shenzhen")
    p.add_argument("file", help="GeoJSON, GeoPackage or Shapefile in EPSG:4326")
    p.add_argument("--id-column", default=None,
                   help="column whose values must be unique (default: none)")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("areas", help="list the clusters, platforms and 片区 with their "
                                     "boundary grade, precision and km²")
    p.set_defaults(func=cmd_areas)
    p = sub.add_parser("replace-boundary",
                       help="replace an area's polygon with an official boundary file")
    p.add_argument("area_id", help="id from `python cli.py areas`, e.g. qianhai")
    p.add_argument("file", help="GeoJSON, GeoPackage, Shapefile or zipped Shapefile")
    p.add_argument("--source", required=True,
                   help="the authority and document the boundary comes from")
    p.add_argument("--crs", default=None,
                   help="CRS of the coordinates if the file does not declare it, or if "
                        "they are GCJ-02/BD-09: wgs84, gcj02, bd09, epsg4547 or EPSG:nnnn")
    p.add_argument("--precision-m", type=float, default=10.0,
                   help="stated accuracy of the boundary in metres (default 10)")
    p.add_argument("--force", action="store_true",
                   help="accept a boundary whose area is far from the published one or "
                        "that lies away from the current polygon (the refusal states why)")
    p.add_argument("--workspace", metavar="URL",
                   help="also save it as the area's new active boundary version in this "
                        "workspace (.gpkg path or postgresql://…; done anyway when "
                        "SZMAP_DB_URL is set)")
    p.add_argument("--note", help="note stored with the boundary version (default: how "
                                  "it was imported)")
    p.set_defaults(func=cmd_replace_boundary)
    p = sub.add_parser("boundary-versions",
                       help="an area's boundary versions in the workspace (id, active, "
                            "source, author, time, grade, km²); --activate one")
    p.add_argument("area_id", help="id from `python cli.py areas`, e.g. qianhai")
    p.add_argument("--activate", type=int, metavar="VERSION_ID",
                   help="make this version the area's active boundary again")
    p.add_argument("--workspace", metavar="URL",
                   help="workspace: a .gpkg path or postgresql://… (default: SZMAP_DB_URL, "
                        "else <SZMAP_DATA_DIR>/workspace.gpkg)")
    p.add_argument("--diff", type=int, nargs=2, metavar=("OLD", "NEW"),
                   help="two versions over each other: km² kept, added and removed")
    p.add_argument("--out", help="with --diff: write the parts to a .geojson or .gpkg")
    p.set_defaults(func=cmd_boundary_versions)

    p = sub.add_parser("check", help="batch placement check: which 街道/district/areas "
                                     "each point is in and whether its industry fits")
    p.add_argument("input", nargs="?",
                   help="CSV (UTF-8 or GBK), Parquet, GeoParquet, XLSX, GeoJSON or GPKG with "
                        "points (CSV and Parquet are read in chunks); or --snapshot")
    _snapshot_option(p, "check a register saved in the workspace instead of a file")
    p.add_argument("--out", required=True,
                   help="output .csv or .parquet (written chunk by chunk as the rows are "
                        "checked: any size in bounded memory), or .xlsx, .gpkg, .geojson "
                        "(built whole: at most 1,048,575 rows for .xlsx, 1,000,000 for "
                        ".gpkg/.geojson, refused before the work); every input row is kept")
    p.add_argument("--crs", default="wgs84", choices=["wgs84", "gcj02", "bd09", "epsg4547"],
                   help="coordinate system of the input (Amap/Tencent = gcj02, Baidu = bd09)")
    p.add_argument("--lon-col", help="longitude/x column (default: lon, lng, 经度, x …)")
    p.add_argument("--lat-col", help="latitude/y column (default: lat, 纬度, y …)")
    p.add_argument("--industry-col", help="industry column (default: industry, 行业, 产业 …)")
    p.add_argument("--name-col", help="name column (default: name, 名称 …)")
    _address_options(p)
    p.add_argument("--lang", default="zh", choices=["zh", "en"], help="language of reasons")
    p.add_argument("--k", type=int, default=0,
                   help="add the k nearest catalogue facilities with distances and their "
                        "location precision (default 0: none; costs time on large files)")
    p.add_argument("--chunk-rows", type=_positive, default=CHUNK_ROWS,
                   help=f"rows read, checked and written at a time (default {CHUNK_ROWS:,}; "
                        "memory grows with it)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    _boundaries_option(p)
    p.add_argument("--record", action="store_true",
                   help="keep one record of this batch in the workspace's check log "
                        "(inputs, counts, boundary versions, time, user; see `checks`)")
    _engine_options(p)
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("checks", help="the placement-check log in the workspace: list or "
                                      "export (.xlsx/.csv), filtered")
    p.add_argument("--user", help="only checks by this user")
    p.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="only checks since")
    p.add_argument("--area", metavar="AREA_ID", help="only checks about this area")
    p.add_argument("--verdict", help="only checks with this verdict")
    p.add_argument("--out", help="write the log to a .xlsx or .csv file (with --print: "
                                 "the opinion's .pdf)")
    p.add_argument("--print", dest="print_id", type=int, metavar="ID",
                   help="print check ID as a one-page A4 选址核查意见 (PDF) to --out")
    p.add_argument("--lang", choices=("zh", "en"), default="zh",
                   help="language of the printed opinion (default zh)")
    p.add_argument("--workspace", metavar="URL",
                   help="workspace: a .gpkg path or postgresql://… (default: SZMAP_DB_URL, "
                        "else <SZMAP_DATA_DIR>/workspace.gpkg)")
    p.set_defaults(func=cmd_checks)

    p = sub.add_parser("stats", help="coverage statistics per area (shipped facility "
                                     "catalogue, plus your files)")
    p.add_argument("--enterprises", action="append", help="enterprise file (repeatable)")
    _snapshot_option(p, "enterprises from a register saved in the workspace")
    p.add_argument("--compare", metavar="SNAPSHOT",
                   help="change over time: counts per area and industry in SNAPSHOT (before) "
                        "and in the register given (after: --snapshot or one --enterprises "
                        "file), the change and the growth rate (%%), instead of coverage")
    p.add_argument("--facilities", action="append",
                   help="facility file (repeatable; replaces the shipped catalogue)")
    p.add_argument("--out", required=True, help=".csv (the table, ids and English column "
                                                "names) or .xlsx (the 统计 page's workbook: "
                                                "coverage, overlaps, LQ, proximity and what "
                                                "the numbers rest on, in --lang)")
    p.add_argument("--lang", default="zh", choices=["zh", "en"],
                   help="language of the workbook's sheets, headers and words, and of the "
                        "notes printed")
    p.add_argument("--industry", action="append",
                   help="filter: taxonomy id, sector or name (repeatable)")
    p.add_argument("--category", action="append", help="filter: category (repeatable)")
    p.add_argument("--crs", default="wgs84", choices=["wgs84", "gcj02", "bd09", "epsg4547"])
    p.add_argument("--industry-col", help="industry column name")
    _address_options(p)
    _engine_options(p)
    _boundaries_option(p)
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("workspace", help="saved registers (dated snapshots) in the "
                                         "workspace: list, import, export, rename, delete")
    wsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    w = wsub.add_parser("list", help="the saved registers")
    w = wsub.add_parser("import", help="read a register file and save it as a snapshot")
    w.add_argument("file", help="CSV (UTF-8 or GBK), Parquet, XLSX, GeoJSON or GPKG")
    w.add_argument("--save-as", metavar="NAME", help="snapshot name (default: the file "
                                                      "name; '(2)' … added when taken)")
    w.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                   help="the date the register describes (kept with the snapshot)")
    w.add_argument("--crs", default="wgs84", choices=["wgs84", "gcj02", "bd09", "epsg4547"])
    w.add_argument("--industry-col", help="industry column name")
    w.add_argument("--address-col", help="address column (see `check --help`)")
    w.add_argument("--address-year", type=_year, metavar="YEAR",
                   help="year the addresses were written (see `check --as-of`)")
    w.add_argument("--use", action="store_true", help="make it the active register")
    w = wsub.add_parser("export", help="write a snapshot's rows (every column, rejected rows "
                                       "included) to a file")
    w.add_argument("name", help="snapshot name or id")
    w.add_argument("--out", required=True, help=".csv, .xlsx (with the report), .parquet, "
                                                ".gpkg or .geojson")
    w = wsub.add_parser("rename", help="rename a snapshot")
    w.add_argument("name", help="snapshot name or id")
    w.add_argument("new_name")
    w = wsub.add_parser("delete", help="delete a snapshot (its rows and report)")
    w.add_argument("name", help="snapshot name or id")
    w = wsub.add_parser("use", help="mark a snapshot as the workspace's active register")
    w.add_argument("name", help="snapshot name or id")
    for w in wsub.choices.values():
        w.add_argument("--workspace", metavar="URL",
                       help="a .gpkg path or postgresql://… (default: SZMAP_DB_URL, else "
                            "<SZMAP_DATA_DIR>/workspace.gpkg)")
    p.set_defaults(func=cmd_workspace)

    p = sub.add_parser("users", help="the office's user list (login on when SZMAP_USERS "
                                     "names it): list, add, passwd, role, remove")
    usub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    usub.add_parser("list", help="name, role, display name, e-mail of each user")
    u = usub.add_parser("add", help="add a user (asks for the password twice)")
    u.add_argument("name")
    u.add_argument("--role", required=True, choices=["viewer", "editor", "admin"])
    u.add_argument("--display", help="the name shown in the app and on records")
    u.add_argument("--email", help="the identity provider's e-mail (OIDC login)")
    u.add_argument("--no-password", action="store_true",
                   help="no password (a user who signs in by OIDC only)")
    u = usub.add_parser("passwd", help="set a user's password")
    u.add_argument("name")
    u = usub.add_parser("role", help="change a user's role")
    u.add_argument("name")
    u.add_argument("role", choices=["viewer", "editor", "admin"])
    u = usub.add_parser("remove", help="take a user off the list")
    u.add_argument("name")
    for u in usub.choices.values():
        u.add_argument("--file", metavar="PATH", help="the user list (TOML; default: "
                                                      "SZMAP_USERS)")
        u.add_argument("--password-stdin", action="store_true",
                       help="read the new password from one line of stdin")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("concentrations",
                       help="observed concentrations of a register's firms per industry "
                            "(HDBSCAN/DBSCAN, metres in EPSG:4547) and plan vs reality")
    p.add_argument("register", help="CSV (UTF-8 or GBK), Parquet, XLSX, GeoJSON or GPKG "
                                    "of firms with coordinates or addresses")
    p.add_argument("--out", required=True,
                   help="out.gpkg (polygons + plan tables), out.geojson (polygons) or "
                        "out.xlsx (tables)")
    p.add_argument("--industry", action="append",
                   help="taxonomy id, sector or name (repeatable; a sector is pooled); "
                        "default: each industry in the register, one at a time")
    p.add_argument("--min-firms", type=int, default=None,
                   help="fewest firms in a concentration (default: the dense-disc "
                        "threshold, at least 10; see analysis/concentrations.py)")
    p.add_argument("--scale-m", type=float, default=1000.0,
                   help="neighbourhood radius in metres (default 1000)")
    p.add_argument("--method", default="hdbscan", choices=["hdbscan", "dbscan"])
    p.add_argument("--max-precision-m", type=float, default=None,
                   help="leave out points whose error bound is coarser (metres; default: "
                        "the scale); the count left out is reported")
    p.add_argument("--precision-col",
                   help="column with each point's error bound in metres (default: the "
                        "geocoder's precision_m, or the register's own precision_m)")
    p.add_argument("--crs", default="wgs84", choices=["wgs84", "gcj02", "bd09", "epsg4547"])
    p.add_argument("--industry-col", help="industry column name")
    _address_options(p)
    p.add_argument("--lang", default="zh", choices=["zh", "en"],
                   help="language of names, headers and sheets")
    p.set_defaults(func=cmd_concentrations)

    from maps.static.spec import LAYERS  # not render: matplotlib is not for every command
    p = sub.add_parser("export-map", help="print-ready static map: PNG, PDF or SVG "
                                          "(by the extension of --out)")
    p.add_argument("--out", required=True, help="map.png | map.pdf | map.svg")
    p.add_argument("--size", default="A4", choices=["A4", "A3"])
    p.add_argument("--orientation", default="portrait", choices=["portrait", "landscape"])
    p.add_argument("--dpi", type=int, default=300, help="150 or 300 (PNG resolution)")
    p.add_argument("--area", action="append",
                   help="zoom to this area id (repeatable; see `cli.py areas`)")
    p.add_argument("--industry", action="append",
                   help="highlight areas whose focus includes this industry and draw only "
                        "the facilities and firms carrying it (repeatable)")
    p.add_argument("--layers", help="comma-separated, from: " + ", ".join(LAYERS))
    p.add_argument("--lang", default="zh", choices=["zh", "en"])
    p.add_argument("--title", help="title (default: from the view)")
    p.add_argument("--subtitle", help="subtitle (default: the plan reference)")
    p.add_argument("--disclaimer", help="bottom line, e.g. 示意图 or a map review number")
    p.add_argument("--color-by", default="kind", choices=["kind", "sector"],
                   help="colour areas by kind (default) or by their dominant focus sector")
    p.add_argument("--tiles", help="optional tile background (needs a network): osm, "
                                   "cartodb_light or an http(s) {z}/{x}/{y} template; "
                                   "default: offline vector base")
    p.add_argument("--register", help="draw the firms of this register (CSV, Parquet, XLSX, "
                                      "GeoJSON, GPKG); default: the shipped curated sample")
    _snapshot_option(p, "draw the firms of a register saved in the workspace")
    p.add_argument("--crs", default="wgs84", choices=["wgs84", "gcj02", "bd09", "epsg4547"])
    p.add_argument("--industry-col", help="industry column name")
    _address_options(p)
    p.set_defaults(func=cmd_export_map)

    p = sub.add_parser("profile", help="area profile (一区一画像): two A4 pages as a PDF "
                                       "— map, plan focus, boundary grade, counts, industry "
                                       "mix, LQ, largest firms and facilities, observed "
                                       "concentrations, sources")
    p.add_argument("area_id", help="cluster, platform or 片区 id (see `python cli.py areas`)")
    p.add_argument("--out", required=True, help="profile.pdf")
    p.add_argument("--lang", default="zh", choices=["zh", "en"])
    p.add_argument("--register", help="firms from this register (CSV, Parquet, XLSX, "
                                      "GeoJSON, GPKG); default: the shipped curated sample")
    _snapshot_option(p, "firms from a register saved in the workspace")
    p.add_argument("--size-col", help="register column to rank the largest firms by (e.g. "
                                      "employees or registered capital); default: by category")
    p.add_argument("--crs", default="wgs84", choices=["wgs84", "gcj02", "bd09", "epsg4547"])
    p.add_argument("--industry-col", help="industry column name")
    _address_options(p)
    p.add_argument("--disclaimer", help="footer line, e.g. 示意图 or a map review number")
    p.set_defaults(func=cmd_profile)

    p = sub.add_parser("osm-candidates",
                       help="facility candidates from OpenStreetMap via osmnx "
                            "(offline from a .osm file by default)")
    p.add_argument("--osm", help="local OSM XML file (offline)")
    p.add_argument("--online", action="store_true",
                   help="query the Overpass API instead (needs a network)")
    p.add_argument("--force", action="store_true", help="replace today's candidate file")
    p.set_defaults(func=cmd_osm_candidates)

    p = sub.add_parser("export-html", help="the interactive map as a standalone HTML file")
    p.add_argument("--out", required=True, help="map.html")
    p.add_argument("--lang", default="zh", choices=["zh", "en"])
    p.add_argument("--title", help="title shown over the map (default: from the view)")
    p.add_argument("--subtitle", help="line under the title (default: the plan reference)")
    p.add_argument("--industry", action="append",
                   help="show only areas, facilities and firms of this industry (repeatable)")
    p.set_defaults(func=cmd_export_html)

    p = sub.add_parser("geocode", help="place a register's addresses offline: every input "
                                       "column plus lon, lat, precision_m, match_level, "
                                       "matched, problem (unplaced rows kept, with the reason)")
    p.add_argument("input", help="register: .csv, .xlsx, .parquet, .gpkg, .geojson …")
    p.add_argument("--out", required=True, help="output: .csv, .xlsx, .parquet, .gpkg or "
                                                ".geojson (written whole, atomically)")
    _address_options(p)
    p.add_argument("--lang", default="zh", choices=["zh", "en"],
                   help="language of the problem and note texts")
    p.add_argument("--online", choices=["amap", "tianditu"],
                   help="also ask this service (key in SZMAP_AMAP_KEY / SZMAP_TIANDITU_KEY; "
                        "rate-limited, answers cached in <data dir>/geocode_cache.sqlite): "
                        "its point replaces the offline result where it agrees with it "
                        "(match_level 'point'; Amap's GCJ-02 converted to WGS-84); offline "
                        "stays the fallback")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=cmd_geocode)
    _every_command_takes_lang(parser)
    return parser


def _every_command_takes_lang(parser: argparse.ArgumentParser) -> None:
    """Give ``--lang`` to every command that does not define its own (the language of
    its errors and messages; Chinese by default, as the app)."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for command in action.choices.values():
            if any(isinstance(a, argparse._SubParsersAction) for a in command._actions):
                _every_command_takes_lang(command)
            elif "--lang" not in command._option_string_actions:
                command.add_argument("--lang", default="zh", choices=["zh", "en"],
                                     help=t("cli.lang_help", "en"))


def _os_error(exc: OSError, lang: str = "en") -> str:
    """One line for a failed read/write: which file, what happened, what to do."""
    where = f" {exc.filename}" if exc.filename else ""
    what = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = "fix_disk"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = "fix_permission"
    else:
        fix = "fix_path"
    return t("cli.os_error", lang, where=where, what=what, fix=t("cli." + fix, lang))


def _error_text(exc: ValueError, lang: str) -> str:
    """A refusal in ``lang``: every problem of a bad file, or the message of a bad
    option or value (a catalogue message in ``lang``, plain text as it is)."""
    if isinstance(exc, DataValidationError):
        from core.messages import describe_error

        return describe_error(exc, lang)
    return localize(exc.args[0], lang) if len(exc.args) == 1 else str(exc)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang = args.lang
    # data.areas.OverrideIgnoredWarning: said once by the command, as a plain line
    warnings.filterwarnings("ignore", message=r"overrides/.* is ignored")
    previous = signal.getsignal(signal.SIGTERM)
    try:
        signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (tests calling main): keep the default
        previous = None
    try:
        return args.func(args)
    except OSError as exc:
        print(_os_error(exc, lang), file=sys.stderr)
        return 2
    except ValueError as exc:  # DataValidationError too: every problem of a bad file
        _say("error", lang, text=_error_text(exc, lang))
        return 2
    except (KeyboardInterrupt, Terminated, SystemError) as exc:
        stop = _stop_behind(exc)
        if isinstance(stop, KeyboardInterrupt):
            _say("interrupted", lang)
            return 130
        if stop is None:
            raise
        _say("terminated", lang)
        return 143
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
