"""A throw-away PostgreSQL 15 + PostGIS server on localhost, for the workspace tests and
the benchmarks (not used by the app).

:func:`postgis_server` runs ``initdb`` into a temporary folder as a non-root user (the
``postgres`` system user of the Debian package, through ``runuser``, when we are root:
PostgreSQL refuses to run as root), starts it with ``pg_ctl`` on a free 127.0.0.1 port
with its unix socket in that folder, creates a database with the ``postgis`` extension,
yields its URL and on exit stops the server and deletes the folder (also when the body
raised). Nothing is skipped silently: a missing binary or extension raises
:class:`PostgisUnavailable` naming the Debian packages to install.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Debian's PostgreSQL 15 binaries (preferred over /usr/local/bin, which may hold others).
PG_BIN = Path("/usr/lib/postgresql/15/bin")
#: Where Debian's postgresql-15-postgis-3 puts the extension's control file.
POSTGIS_CONTROL = Path("/usr/share/postgresql/15/extension/postgis.control")
DEBIAN_PACKAGES = "postgresql postgresql-15-postgis-3"
#: Superuser of the throw-away cluster (trust authentication on 127.0.0.1 only).
SUPERUSER = "postgres"
#: The database created with the postgis extension; :func:`new_database` copies it.
TEMPLATE_DB = "szmap"

_INSTALL_HINT = (f"install the Debian packages `{DEBIAN_PACKAGES}` (`make sysdeps` does, "
                 f"as root or with sudo)")


class PostgisUnavailable(RuntimeError):
    """PostgreSQL 15 or PostGIS is not installed (or the server would not start)."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_user(cmd: list[str]) -> list[str]:
    """``cmd`` run as the ``postgres`` user when we are root, else as ourselves."""
    if os.geteuid() == 0:
        return ["runuser", "-u", SUPERUSER, "--", *cmd]
    return cmd


def _run(cmd: list[str], what: str) -> None:
    res = subprocess.run(_as_user(cmd), capture_output=True, text=True)
    if res.returncode != 0:
        raise PostgisUnavailable(f"{what} failed (status {res.returncode}): "
                                 f"{(res.stderr or res.stdout).strip()[-2000:]}")


def _check_installed() -> None:
    missing = [str(PG_BIN / b) for b in ("initdb", "pg_ctl", "postgres")
               if not (PG_BIN / b).exists()]
    if missing:
        raise PostgisUnavailable(f"PostgreSQL 15 is not installed ({', '.join(missing)} "
                                 f"missing): {_INSTALL_HINT}")
    if not POSTGIS_CONTROL.exists():
        raise PostgisUnavailable(f"PostGIS for PostgreSQL 15 is not installed "
                                 f"({POSTGIS_CONTROL} missing): {_INSTALL_HINT}")
    if os.geteuid() == 0:
        try:
            import pwd
            pwd.getpwnam(SUPERUSER)
        except KeyError:
            raise PostgisUnavailable(f"running as root and there is no '{SUPERUSER}' system "
                                     f"user to run the server as: {_INSTALL_HINT}") from None
        if not shutil.which("runuser"):
            raise PostgisUnavailable("running as root and `runuser` (util-linux) is missing")


def _start(data: Path, sock: Path, log: Path, *, durable: bool, attempts: int = 5) -> int:
    """Start the server on a free port (another process may take the port between our
    probe and the server's bind: then try another); returns the port."""
    opts = f"-c listen_addresses=127.0.0.1 -k {sock}"
    if not durable:  # a throw-away cluster: no fsync, no full-page writes
        opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    last = ""
    for _ in range(attempts):
        port = _free_port()
        res = subprocess.run(_as_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l",
                                       str(log), "-w", "-t", "60", "-o",
                                       f"-p {port} {opts}", "start"]),
                             capture_output=True, text=True)
        if res.returncode == 0:
            return port
        last = log.read_text(errors="replace")[-2000:] if log.exists() else res.stderr
        if "already in use" not in last and "could not bind" not in last:
            break
    raise PostgisUnavailable(f"the PostgreSQL server did not start: {last.strip()}")


@contextmanager
def postgis_server(*, durable: bool = False) -> Iterator[str]:
    """Start a throw-away PostgreSQL 15 server with PostGIS; yield the URL of its
    database ``szmap`` (``postgresql://postgres@127.0.0.1:<port>/szmap``, the
    ``postgis`` extension created). ``durable``: keep fsync on (for benchmarks; the
    tests run without it). Everything is stopped and deleted on exit."""
    _check_installed()
    import psycopg

    tmp = Path(tempfile.mkdtemp(prefix="szmap-pg-"))
    data, log = tmp / "data", tmp / "server.log"
    started = False
    try:
        if os.geteuid() == 0:
            shutil.chown(tmp, SUPERUSER, SUPERUSER)
        _run([str(PG_BIN / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust",
              "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"], "initdb")
        port = _start(data, tmp, log, durable=durable)
        started = True
        admin = f"postgresql://{SUPERUSER}@127.0.0.1:{port}/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{TEMPLATE_DB}"')
        url = f"postgresql://{SUPERUSER}@127.0.0.1:{port}/{TEMPLATE_DB}"
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("CREATE EXTENSION postgis")
        except psycopg.Error as exc:
            raise PostgisUnavailable(f"CREATE EXTENSION postgis failed ({exc}): "
                                     f"{_INSTALL_HINT}") from exc
        yield url
    finally:
        if started:
            subprocess.run(_as_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m",
                                     "immediate", "-w", "stop"]), capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


def new_database(server_url: str, name: str | None = None) -> str:
    """A new, empty database (with PostGIS) on the server of ``server_url`` (a URL from
    :func:`postgis_server`), copied from its ``szmap`` template; returns its URL."""
    import psycopg

    name = name or f"ws_{uuid.uuid4().hex[:12]}"
    base, _, _ = server_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DB}"')
    return f"{base}/{name}"
