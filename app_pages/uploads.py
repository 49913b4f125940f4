"""Upload widgets shared by the pages: read a file through the project's point reader
and show its per-row report."""

import tempfile
from dataclasses import replace
from pathlib import Path

import streamlit as st

from core import settings
from core.errors import DataValidationError
from core.i18n import t
from core.messages import describe_error, localize_report, md_literal
from core.points_io import PointTable, read_points


def read_upload(uploaded, *, crs: str, progress=None) -> PointTable | DataValidationError:
    """The PointTable of an uploaded file, or the error to show, its problems naming
    the uploaded file (never raises). ``progress(rows_read, fraction)`` is called after
    each chunk of a large CSV."""
    suffix = Path(uploaded.name).suffix.lower()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(uploaded.getvalue())
        try:
            table = read_points(path, crs=crs, progress=progress)
        except DataValidationError as exc:
            return DataValidationError([
                replace(p, source=uploaded.name) if p.source.endswith(path.name) else p
                for p in exc.problems])
    table.source = uploaded.name
    return table


def cached_upload(uploaded, *, crs: str, key: str, lang: str
                  ) -> PointTable | DataValidationError:
    """:func:`read_upload` once per (file, CRS): reruns (a filter change, another
    widget) reuse the table instead of reading and checking the file again. A progress
    bar shows while a large file is read."""
    token = (getattr(uploaded, "file_id", None) or uploaded.name, uploaded.size, crs)
    slot = f"_upload_{key}"
    hit = st.session_state.get(slot)
    if hit is not None and hit[0] == token:
        return hit[1]
    bar = st.progress(0.0, text=t("reading_file", lang).format(name=uploaded.name))

    def progress(rows: int, fraction: float) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0),
                     text=t("reading_rows", lang).format(name=uploaded.name, rows=rows))

    table = read_upload(uploaded, crs=crs, progress=progress)
    bar.empty()
    st.session_state[slot] = (token, table)
    return table


def upload_points(key: str, lang: str) -> PointTable | None:
    """CRS choice + uploader; shows the error or the rejected-rows report. Returns the
    table when a file was read, else None."""
    crs = st.selectbox(t("crs", lang), list(settings.INPUT_CRS_CHOICES), key=f"{key}_crs",
                       format_func=lambda k: t("crs_" + k, lang))
    up = st.file_uploader(t("upload", lang), type=["csv", "xlsx", "geojson", "gpkg", "zip"],
                          key=f"{key}_upload")
    if up is None:
        return None
    table = cached_upload(up, crs=crs, key=key, lang=lang)
    if isinstance(table, DataValidationError):
        st.error(md_literal(describe_error(table, lang)))
        return None
    st.success(md_literal(t("upload_summary", lang).format(
        name=table.source, rows=len(table.frame), valid=len(table.valid),
        rejected=len(table.report))))
    if len(table.report):
        st.warning(t("rejected_rows", lang))
        st.dataframe(localize_report(table.report, lang), hide_index=True, width="stretch",
                     key=f"{key}_report", column_config={
                         c: st.column_config.Column(t("report_" + c, lang))
                         for c in ("row", "column", "problem", "fix")})
    unmatched = table.unmatched_industries()
    if len(unmatched):
        st.info(t("unmatched_industries", lang))
        st.dataframe(unmatched, hide_index=True, key=f"{key}_unmatched")
    return table
