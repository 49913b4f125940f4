"""Read a file uploaded in the app through the project's point reader."""

import tempfile
from pathlib import Path

from core.errors import DataValidationError
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
