"""Geocode a whole register file: every input column, then ``lon``, ``lat``,
``precision_m``, ``match_level``, ``matched``, ``problem`` (and ``note``) — what
``cli.py geocode`` writes.

The file is read by the project's reader (:func:`data.points_io.iter_point_chunks`:
any format, encodings, headers, reserved names renamed) and its address column placed
by the offline geocoder (:func:`data.geocoding.geocode`) — also when the file carries
coordinates of its own (they stay, as input columns). Every row is kept: an unplaced
row has empty ``lon``/``lat`` and the reason and what to do in ``problem``. The output
goes through :func:`data.points_io.write_table` (written whole under a temporary name,
formula-looking text neutralised in .csv/.xlsx).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from core.errors import DataValidationError, Problem
from core.i18n import localize

#: The columns added beside the input's, in this order.
OUTPUT_COLUMNS = ("lon", "lat", "precision_m", "match_level", "matched", "problem", "note")
#: Columns the reader adds to a table (dropped: the geocoder's own replace them).
_READER_COLUMNS = ("row", "lon_wgs84", "lat_wgs84", "precision_m", "match_level",
                   "geocode_note", "address_check")


@dataclass
class GeocodeSummary:
    """What a run gave: rows in/out, rows per level, the first unplaced rows."""

    source: str = ""
    address_column: str = ""
    rows: int = 0
    levels: dict = field(default_factory=dict)
    unplaced_head: list = field(default_factory=list)

    def placed(self) -> int:
        return self.rows - self.levels.get("none", 0)


def geocode_frame(frame: pd.DataFrame, address_col: str, *, as_of=None, lang: str = "zh",
                  online=None) -> pd.DataFrame:
    """``frame`` with :data:`OUTPUT_COLUMNS` added (a user column already named like
    one of them is renamed with the reader's suffix, never overwritten). ``problem``
    holds the reason and the fix for a row left unplaced, ``note`` the geocoder's
    remarks on a placed row (former names, ambiguities), both in ``lang``. ``online``:
    an :class:`data.geocoding_online.OnlineGeocoder` whose points replace the offline
    result where they agree with it (``match_level`` "point")."""
    from data.geocoding import geocode, geocode_report
    from data.points_io import RENAMED_SUFFIX

    res = geocode(frame[address_col], as_of=as_of)
    if online is not None:
        from data.geocoding_online import geocode_online

        res = geocode_online(frame[address_col], online, offline=res)
    out = frame.rename(columns={c: f"{c}{RENAMED_SUFFIX}" for c in frame.columns
                                if c in OUTPUT_COLUMNS})
    out = out.copy()
    n = len(out)
    unplaced = (res["match_level"] == "none").to_numpy()
    problem = np.full(n, "", dtype=object)
    report = geocode_report(res, column=address_col, rows=np.arange(n))
    problem[report["row"].to_numpy(dtype=int)] = [
        f"{localize(p, lang)} — {localize(f, lang)}"
        for p, f in zip(report["problem"], report["fix"], strict=True)]
    notes = np.array([localize(x, lang) for x in res["note"].to_numpy(dtype=object)],
                     dtype=object)
    notes[unplaced] = ""
    out["lon"] = res["lon"].to_numpy(dtype=float)
    out["lat"] = res["lat"].to_numpy(dtype=float)
    out["precision_m"] = res["precision_m"].to_numpy(dtype=float)
    out["match_level"] = res["match_level"].to_numpy(dtype=object)
    out["matched"] = res["matched_text"].to_numpy(dtype=object)
    out["problem"] = problem
    out["note"] = notes
    return out


def geocode_file(path: str | Path, out: str | Path, *, address_col: str | None = None,
                 as_of=None, lang: str = "zh", progress=None, online=None
                 ) -> GeocodeSummary:
    """Read ``path`` (any supported format), geocode its address column and write
    every row with :data:`OUTPUT_COLUMNS` to ``out`` (.csv, .parquet, .xlsx, .gpkg,
    .geojson; the geometry of .gpkg/.geojson is the placed point). Raises
    :class:`core.errors.DataValidationError` when the file has no address column."""
    from data.geocoding import remembered
    from data.points_io import iter_point_chunks, write_table

    summary = GeocodeSummary()
    parts = []
    with remembered() as memo:  # the reader places a file with no coordinates too
        for chunk in iter_point_chunks(path, address_col=address_col, as_of=as_of,
                                       progress=progress):
            parts.append(_chunk(chunk, summary, as_of=as_of, lang=lang, online=online))
            memo.clear()  # one chunk's addresses at a time
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=list(OUTPUT_COLUMNS))
    write_table(table, out)
    return summary


def _chunk(chunk, summary: GeocodeSummary, *, as_of, lang: str, online) -> pd.DataFrame:
    """One chunk of the file: its rows with the output columns, counted in ``summary``."""
    summary.source = summary.source or chunk.source
    col = chunk.columns.get("address")
    if not col:
        raise DataValidationError([Problem(
            chunk.source, None, "address", "no address column found",
            "name it 注册地址, 经营地址, 地址 or address, or pass --address-col; the file "
            "has: " + ", ".join(map(str, chunk.frame.columns)))])
    summary.address_column = col
    frame = chunk.frame.drop(columns=[c for c in _READER_COLUMNS
                                      if c in chunk.frame.columns])
    done = geocode_frame(frame, col, as_of=as_of, lang=lang, online=online)
    file_rows = chunk.frame["row"].to_numpy() if "row" in chunk.frame else (
        summary.rows + 1 + np.arange(len(done)))
    summary.rows += len(done)
    for lv, k in done["match_level"].value_counts().items():
        summary.levels[lv] = summary.levels.get(lv, 0) + int(k)
    if len(summary.unplaced_head) < 20:
        bad = np.flatnonzero((done["match_level"] == "none").to_numpy())[:20]
        summary.unplaced_head += [(int(file_rows[i]), done["problem"].iat[int(i)])
                                  for i in bad]
    return done
