"""Upload widgets shared by the pages: read a file through the project's point reader
and show its per-row report."""

import tempfile
from pathlib import Path

import streamlit as st

from core import settings
from core.errors import DataValidationError
from core.i18n import t
from core.points_io import PointTable, read_points


def read_upload(uploaded, *, crs: str) -> PointTable | str:
    """The PointTable of an uploaded file, or the error text to show (never raises)."""
    suffix = Path(uploaded.name).suffix.lower()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(uploaded.getvalue())
        try:
            table = read_points(path, crs=crs)
        except DataValidationError as exc:
            return str(exc).replace(path.name, uploaded.name)
    table.source = uploaded.name
    return table


def upload_points(key: str, lang: str) -> PointTable | None:
    """CRS choice + uploader; shows the error or the rejected-rows report. Returns the
    table when a file was read, else None."""
    crs = st.selectbox(t("crs", lang), list(settings.INPUT_CRS_CHOICES), key=f"{key}_crs")
    up = st.file_uploader(t("upload", lang), type=["csv", "xlsx", "geojson", "gpkg", "zip"],
                          key=f"{key}_upload")
    if up is None:
        return None
    table = read_upload(up, crs=crs)
    if isinstance(table, str):
        st.error(table)
        return None
    st.success(f"{table.source}: {len(table.frame):,} → {len(table.valid):,} ✓, "
               f"{len(table.report):,} ✗")
    if len(table.report):
        st.warning(t("rejected_rows", lang))
        st.dataframe(table.report, hide_index=True, width="stretch", key=f"{key}_report")
    unmatched = table.unmatched_industries()
    if len(unmatched):
        st.info(t("unmatched_industries", lang))
        st.dataframe(unmatched, hide_index=True, key=f"{key}_unmatched")
    return table
