"""Run the alembic migrations of ``migrations/`` on a connection, with no alembic.ini
(the configuration is built here)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from core.i18n import msg
from data.workspace._errors import WorkspaceError
from data.workspace._schema import VERSION_TABLE

SCRIPTS = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS).replace("%", "%%"))
    return cfg


def head() -> str:
    """The newest revision this code knows."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def current(conn: sa.Connection) -> str | None:
    """The workspace's revision (None: no schema yet)."""
    ctx = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
    return ctx.get_current_revision()


def upgrade(conn: sa.Connection, revision: str = "head", *, where: str = "workspace") -> None:
    """Migrate the schema to ``revision`` inside the caller's transaction."""
    cfg = _config()
    cfg.attributes["connection"] = conn
    try:
        command.upgrade(cfg, revision)
    except CommandError as exc:
        if "Can't locate revision" in str(exc):
            raise WorkspaceError(msg("ws.err.newer_schema", detail=str(exc)),
                                 msg("ws.err.update_or_other"), source=where) from exc
        raise


def downgrade(conn: sa.Connection, revision: str) -> None:
    """Take the schema back to ``revision`` inside the caller's transaction (the
    migrations' ``downgrade`` steps; the tests make old workspaces with it)."""
    cfg = _config()
    cfg.attributes["connection"] = conn
    command.downgrade(cfg, revision)
