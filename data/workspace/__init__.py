"""The workspace: the user's saved work (register snapshots with their row reports,
saved views) in one database behind one interface. Frame in, frame out: it stores
pandas frames and plain dicts and knows nothing of Streamlit.

    ws = open_workspace()            # SZMAP_DB_URL, else <data dir>/workspace.gpkg
    info = ws.save_register(table.frame, name=..., file_name=..., as_of=None,
                            source_crs="wgs84", report=table.report, ...)
    ws.load_register(info.id).frame  # the same columns, order, dtypes and values

Why it is built this way:

- **Two backends, one interface.** By default one **GeoPackage** file (SQLite): it needs
  no server, QGIS opens it as it is (each register snapshot is a point layer
  ``szmap_register_<id>`` in EPSG:4326, the metadata are attribute tables), and copying
  the file is a complete backup (rollback journal, not WAL, so no side file holds
  committed data). For an office, **PostgreSQL + PostGIS** by URL: the same tables, so
  the same tests and the same QGIS view.
- **Written by hand, not through GDAL**, for the GeoPackage: the required tables, the
  geometry blobs (built for all rows at once with numpy) and one transaction around
  everything of a save, which GDAL's writer would split. pyogrio (GDAL) reads it back in
  the tests, as QGIS would.
- **Every save is one transaction**: an exception or a killed process leaves the
  workspace as it was (SQLite rolls back the hot journal at the next open; PostgreSQL
  aborts the dead session's transaction). Writers wait for each other (SQLite busy
  timeout with BEGIN IMMEDIATE; PostgreSQL row locks) instead of failing.
- **Nothing is lost**: rejected rows are stored with no geometry; column names are
  kept (only names SQL cannot hold are stored as ``field_<n>``, the original recorded);
  dtypes are restored; cells a plain SQL type cannot reproduce (an int among strings
  from Excel, a NUL in text) are kept as typed JSON beside the table (see _frames).
- **The schema is versioned** with alembic migrations in ``migrations/versions``
  (0001 registers, 0002 saved views, 0003 boundary versions,
  0004 check records), configured in code (no alembic.ini); opening a
  workspace migrates it to the newest revision, under a lock, in one transaction.
- **Bulk rows at driver level** (sqlite3 executemany; PostgreSQL COPY of CSV written by
  pyarrow) and metadata through SQLAlchemy Core, both in the same transaction.

Errors are :class:`WorkspaceError` (a :class:`core.errors.DataValidationError`) saying
what to do, in English and Chinese (catalogue messages, ``WorkspaceError.text(lang)``).
This package imports only core.settings, core.errors, core.i18n and core.messages from
the project.
"""

from data.workspace._errors import WorkspaceError
from data.workspace.boundaries import BoundaryVersion, current_user
from data.workspace.workspace import (
    RegisterInfo,
    StoredRegister,
    Workspace,
    open_workspace,
)

__all__ = ["BoundaryVersion", "RegisterInfo", "StoredRegister", "Workspace", "WorkspaceError", "current_user",
           "open_workspace"]
