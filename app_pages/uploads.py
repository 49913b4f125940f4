"""Upload widgets shared by the pages: read a file through the project's point reader
and show its notes and per-row report."""

import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import streamlit as st

from app_pages.lang_widgets import option_widget
from core import settings
from core.errors import DataValidationError, Problem
from core.i18n import t
from core.messages import describe, describe_error, localize_report, md_literal
from data.points_io import PointTable, display_name, list_parts, read_points

#: Suffixes offered by the uploader (.xls only to say how to convert it).
UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "geojson", "json", "gpkg", "zip"]


def _scrub(text, tmp: str, stand_in: str, name: str):
    """``text`` with the server's temporary folder and file name replaced by the
    user's file name."""
    if not isinstance(text, str):
        return text
    return text.replace(f"{tmp}/{stand_in}", name).replace(tmp + "/", "").replace(
        tmp, "").replace(stand_in, name)


def _named(problems: list[Problem], tmp: str, stand_in: str, name: str) -> list[Problem]:
    return [replace(p, source=name if p.source in (stand_in, f"{tmp}/{stand_in}")
                    else _scrub(p.source, tmp, stand_in, name),
                    message=_scrub(p.message, tmp, stand_in, name),
                    fix=_scrub(p.fix, tmp, stand_in, name)) for p in problems]


def read_upload(uploaded, *, crs: str, progress=None, part: str | None = None,
                as_of: int | None = None) -> PointTable | DataValidationError:
    """The PointTable of an uploaded file, or the error to show, its problems and notes
    naming the uploaded file (never the server's temporary path; bidirectional controls
    removed from the name) — never raises. ``part`` is the sheet (XLSX) or layer to read
    (default: all of them when their columns agree). ``progress(rows_read, fraction)``
    is called after each chunk of a large CSV. ``as_of``: the year the addresses of
    an address-only register were written (see :func:`data.points_io.read_points`)."""
    name = display_name(uploaded.name)
    suffix = Path(uploaded.name).suffix.lower()
    kind = "sheet" if suffix in (".xlsx", ".xlsm") else "layer"
    with tempfile.TemporaryDirectory() as tmp:
        stand_in = f"upload{suffix}"
        path = Path(tmp) / stand_in
        path.write_bytes(uploaded.getvalue())
        try:
            table = read_points(path, crs=crs, progress=progress, as_of=as_of,
                                **({kind: part} if part is not None else {}))
        except DataValidationError as exc:
            return DataValidationError(_named(exc.problems, tmp, stand_in, name))
    table.source = name
    table.notes = _named(table.notes, tmp, stand_in, name)
    return table


def upload_parts(uploaded) -> list[str]:
    """Sheets/layers of an uploaded workbook or vector file ([] when it has one or
    cannot be opened: reading it then says why)."""
    suffix = Path(uploaded.name).suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".gpkg", ".zip"):
        return []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(uploaded.getvalue())
        try:
            parts = list_parts(path)
        except DataValidationError:
            return []
    return parts if len(parts) > 1 else []


def cached_upload(uploaded, *, crs: str, key: str, lang: str, part: str | None = None,
                  as_of: int | None = None) -> PointTable | DataValidationError:
    """:func:`read_upload` once per (file, CRS, sheet/layer, address year): reruns (a filter change,
    another widget) reuse the table instead of reading and checking the file again. A
    progress bar shows while a large file is read."""
    token = _read_token(uploaded, crs, part, as_of)
    slot = f"_upload_{key}"
    hit = st.session_state.get(slot)
    if hit is not None and hit[0] == token:
        return hit[1]
    name = display_name(uploaded.name)
    bar = st.progress(0.0, text=t("reading_file", lang).format(name=name))

    def progress(rows: int, fraction: float) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0),
                     text=t("reading_rows", lang).format(name=name, rows=rows))

    table = read_upload(uploaded, crs=crs, progress=progress, part=part, as_of=as_of)
    bar.empty()
    st.session_state[slot] = (token, table)
    return table


def _read_token(uploaded, crs: str | None, part: str | None, as_of: int | None) -> tuple:
    """What a read of an upload depends on: the file, CRS, sheet/layer, address year."""
    return (getattr(uploaded, "file_id", None) or uploaded.name, uploaded.size, crs, part,
            as_of)


def upload_keys(key: str) -> tuple[str, ...]:
    """The session keys :func:`table_read` looks at for the uploader ``key``."""
    return (f"{key}_upload", f"{key}_crs", f"{key}_part", f"{key}_as_of", f"_upload_{key}")


def table_read(state: Mapping, key: str) -> PointTable | None:
    """The table read from the file now in the uploader ``key``, with the CRS,
    sheet/layer and address year now chosen — or None when there is no file, it has not
    been read yet (the page reads it on its run), or reading it failed. ``state``: session
    values holding :func:`upload_keys` (e.g. ``workspace_state.read_state``). For widget
    callbacks, which run before the page: the table the last run kept may be the last
    file's while the uploader already holds the next one."""
    up, hit = state.get(f"{key}_upload"), state.get(f"_upload_{key}")
    if up is None or hit is None:
        return None
    as_of = state.get(f"{key}_as_of")
    token = _read_token(up, state.get(f"{key}_crs"), state.get(f"{key}_part"),
                        int(as_of) if as_of is not None else None)
    return hit[1] if hit[0] == token and isinstance(hit[1], PointTable) else None


def _choose_part(uploaded, key: str, lang: str) -> str | None:
    """A sheet/layer picker when the upload has several (None = all of them)."""
    token = (getattr(uploaded, "file_id", None) or uploaded.name, uploaded.size)
    slot = f"_upload_parts_{key}"
    hit = st.session_state.get(slot)
    if hit is None or hit[0] != token:
        hit = (token, upload_parts(uploaded))
        st.session_state[slot] = hit
    parts = hit[1]
    if not parts:
        return None
    choice = option_widget(st.selectbox, t("upload_part", lang), [None, *parts],
                           key=f"{key}_part",
                           format_func=lambda p: t("upload_part_all", lang) if p is None
                           else p)
    return choice


def upload_points(key: str, lang: str) -> PointTable | None:
    """CRS choice + uploader; shows the error or the file's notes and rejected-rows
    report. Returns the table when a file was read, else None."""
    crs = option_widget(st.selectbox, t("crs", lang), list(settings.INPUT_CRS_CHOICES),
                        key=f"{key}_crs", format_func=lambda k: t("crs_" + k, lang))
    up = st.file_uploader(t("upload", lang), type=UPLOAD_TYPES, key=f"{key}_upload")
    if up is None:
        return None
    part = _choose_part(up, key, lang)
    # the address year is a widget shown below once the file proves address-only; its
    # value (kept by Streamlit under the key) is read before, for this read
    as_of = st.session_state.get(f"{key}_as_of")
    table = cached_upload(up, crs=crs, key=key, lang=lang, part=part,
                          as_of=int(as_of) if as_of is not None else None)
    if isinstance(table, DataValidationError):
        st.error(md_literal(describe_error(table, lang)))
        return None
    st.success(md_literal(t("upload_summary", lang).format(
        name=table.source, rows=len(table.frame), valid=len(table.valid),
        rejected=len(table.report))))
    if table.geocoded:
        _geocoded_summary(table, key, lang)
    if table.notes:
        with st.expander(t("upload_notes", lang), expanded=False):
            st.markdown(md_literal("\n".join(describe(n, lang) for n in table.notes)))
    if len(table.report):
        st.warning(t("rejected_rows", lang))
        st.dataframe(localize_report(table.report, lang), hide_index=True, width="stretch",
                     key=f"{key}_report", column_config={
                         c: st.column_config.Column(t("report_" + c, lang))
                         for c in ("row", "column", "problem", "fix")})
    if len(table.warnings):
        st.info(t("address_warnings", lang))
        st.dataframe(localize_report(table.warnings, lang), hide_index=True,
                     width="stretch", key=f"{key}_address_warnings", column_config={
                         c: st.column_config.Column(t("report_" + c, lang))
                         for c in ("row", "column", "problem", "fix")})
    unmatched = table.unmatched_industries()
    if len(unmatched):
        st.info(t("unmatched_industries", lang))
        st.dataframe(unmatched, hide_index=True, key=f"{key}_unmatched")
    return table


def _geocoded_summary(table: PointTable, key: str, lang: str) -> None:
    """An address-only register: rows placed at each match level, and the year the
    addresses were written (optional; changing it reads the file again)."""
    levels = table.match_levels()
    st.info(t("geocoded_levels", lang))
    st.dataframe(
        levels.assign(match_level=[t("match_level_" + lv, lang)
                                   for lv in levels["match_level"]]),
        hide_index=True, key=f"{key}_match_levels", column_config={
            "match_level": st.column_config.Column(t("match_level", lang)),
            "rows": st.column_config.NumberColumn(t("match_rows", lang), format="%d")})
    st.number_input(t("address_year", lang), min_value=1979, max_value=2100, value=None,
                    step=1, key=f"{key}_as_of", help=t("address_year_help", lang))
