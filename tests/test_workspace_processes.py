"""The workspace across processes and versions, on both backends (a GeoPackage file and
a real throw-away PostGIS server): a saver killed with SIGKILL mid-save, two processes
saving at once, and a workspace made at schema revision 0001 opened by today's code."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from data.workspace import _migrate, open_workspace
from tests.conftest import downgrade
from tests.test_workspace import feature_tables, register_frame, report_of, save

ROOT = Path(__file__).resolve().parent.parent

#: A child process that saves registers; argv: url, name, rows, seed, then optional
#: "go=<file>" (wait for that file first: a start line for concurrent savers),
#: "chunk=<rows>" (rows per bulk write) and "pause=<file>" (after the first chunk of
#: feature rows is written inside the save's transaction, create that file and sleep,
#: so the parent's SIGKILL lands mid-save, deterministically).
CHILD = r"""
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.test_workspace import register_frame, save
from data.workspace import _store, open_workspace

url, name, rows, seed = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
opts = dict(a.split("=", 1) for a in sys.argv[6:])
frame = register_frame(rows, seed=seed)
_store.CHUNK_ROWS = int(opts.get("chunk", _store.CHUNK_ROWS))
if "go" in opts:
    while not Path(opts["go"]).exists():
        time.sleep(0.005)
ws = open_workspace(url, busy_timeout_s=60)
if "pause" in opts:
    from sqlalchemy import event
    store = type(ws._store)
    real = store._write_chunk
    def write_chunk(self, raw, table, *args):
        real(self, raw, table, *args)
        if table.startswith("szmap_register_") and table[15:].isdigit():
            Path(opts["pause"]).write_text("mid-save")
            time.sleep(120)
    store._write_chunk = write_chunk
    if ws.backend == "geopackage":  # a small page cache: uncommitted pages reach the file
        ws._store.engine.dispose()
        event.listen(ws._store.engine, "connect",
                     lambda c, r: c.execute("PRAGMA cache_size = -1000"))
save(ws, frame, name)
print("saved", name, flush=True)
"""


def child(url: str, name: str, rows: int, seed: int, **opts) -> subprocess.Popen:
    args = [f"{k}={v}" for k, v in opts.items()]
    return subprocess.Popen([sys.executable, "-c", CHILD, str(ROOT), url, name, str(rows),
                             str(seed), *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(path: Path, proc: subprocess.Popen, timeout_s: float = 60) -> None:
    end = time.monotonic() + timeout_s
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"child ended early: {proc.communicate()}")
        if time.monotonic() > end:
            proc.kill()
            raise AssertionError("child never reached the middle of its save")
        time.sleep(0.01)


def test_a_saver_killed_mid_save_leaves_the_earlier_registers(ws_url, tmp_path):
    with open_workspace(ws_url) as ws:
        earlier = save(ws, register_frame(1000, seed=1), "earlier")
        ws.set_active_register(earlier.id)
    gpkg = Path(ws_url[len("gpkg://"):]) if ws_url.startswith("gpkg://") else None
    size_before = gpkg.stat().st_size if gpkg else 0

    marker = tmp_path / "mid-save"
    proc = child(ws_url, "big", 100_000, 2, pause=marker, chunk=25_000)
    wait_for(marker, proc)
    if gpkg:  # killed inside the transaction: a hot journal, uncommitted pages in the file
        journal = gpkg.with_name(gpkg.name + "-journal")
        assert journal.exists() and journal.stat().st_size > 0
        assert gpkg.stat().st_size > size_before
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with open_workspace(ws_url) as ws:
        listed = ws.list_registers()
        assert listed["name"].tolist() == ["earlier"]
        assert ws.active_register().id == earlier.id
        assert feature_tables(ws) == {f"szmap_register_{earlier.id}"}
        pd.testing.assert_frame_equal(ws.load_register("earlier").frame,
                                      register_frame(1000, seed=1))
        again = save(ws, register_frame(500, seed=2), "big")  # the name is free again
        assert again.rows == 500
    if gpkg:
        conn = sqlite3.connect(gpkg)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
        assert not gpkg.with_name(gpkg.name + "-journal").exists()


def test_two_processes_saving_at_once_both_succeed(ws_url, tmp_path):
    """Both start from the same start line on a new workspace: each creates the schema
    (one waits for the other's migration lock) and saves; neither fails."""
    go = tmp_path / "go"
    sizes = {"one": (60_000, 11), "two": (50_000, 12)}
    procs = {name: child(ws_url, name, rows, seed, go=go, chunk=10_000)
             for name, (rows, seed) in sizes.items()}
    time.sleep(0.5)  # both imported and waiting at the start line
    go.write_text("go")
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert f"saved {name}" in out
    with open_workspace(ws_url) as ws:
        listed = ws.list_registers().set_index("name")
        assert sorted(listed.index) == ["one", "two"]
        for name, (rows, seed) in sizes.items():
            assert listed.loc[name, "rows"] == rows
            back = ws.load_register(name)
            frame = register_frame(rows, seed=seed)
            pd.testing.assert_frame_equal(back.frame, frame)
            pd.testing.assert_frame_equal(back.report, report_of(frame))


def test_a_workspace_made_at_revision_0001_opens_at_head_intact(ws_url):
    frame = register_frame(2_000, seed=7)
    old = open_workspace(ws_url)
    try:
        info = save(old, frame, "老登记", as_of="2023-12-31", notes=[{"n": 1}])
        old.set_active_register(info.id)
        downgrade(old, "0001")
        assert old._store.revision() == "0001"
        with old._store.tx() as conn:
            tables = set(sa_tables(conn))
        assert "szmap_registers" in tables and "szmap_views" not in tables
    finally:
        old.close()

    with open_workspace(ws_url) as ws:
        assert ws._store.revision() == _migrate.head()
        back = ws.load_register("老登记")
        pd.testing.assert_frame_equal(back.frame, frame)
        pd.testing.assert_frame_equal(back.report, report_of(frame))
        # saved before users: no owner, shared, so every user of the office sees it
        assert back.info == info.__class__(**{**info.__dict__, "active": True,
                                              "owner": None, "shared": True})
        assert ws.list_registers(visible_to="anyone")["name"].tolist() == ["老登记"]
        assert back.notes == [{"n": 1}]
        vid = ws.save_view({"lang": "en"})
        assert ws.load_view(vid) == {"lang": "en"}
    if ws_url.startswith("gpkg://"):
        import pyogrio
        layers = dict(pyogrio.list_layers(ws_url[len("gpkg://"):]))
        assert layers[f"szmap_register_{info.id}"] == "Point"
        assert "szmap_views" in layers


def sa_tables(conn) -> list[str]:
    import sqlalchemy as sa
    return sa.inspect(conn).get_table_names()
