"""The workspace storage layer (data.workspace) on both backends: every storage test runs
on a GeoPackage file and on a real throw-away PostGIS server (devtools.postgis; nothing
mocked). Process-level tests (kill, concurrency, migrations) are in
test_workspace_processes.py; the fixtures are in tests/conftest.py."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3

import numpy as np
import pandas as pd
import pytest

from data.workspace import WorkspaceError, open_workspace
from data.workspace import _store as store_mod

EMPTY_REPORT = pd.DataFrame({c: pd.Series([], dtype=object)
                             for c in ("row", "column", "problem", "fix")})


def register_frame(n: int, seed: int = 0) -> pd.DataFrame:
    """A SYNTHETIC register like read_points returns: user columns, row, lon/lat WGS-84
    with every tenth row rejected (NaN)."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(113.8, 114.6, n)
    lat = rng.uniform(22.45, 22.85, n)
    lon[::10] = np.nan
    lat[::10] = np.nan
    inds = np.array(["半导体与集成电路", "生物医药", "智能机器人", "新材料", ""], dtype=object)
    return pd.DataFrame({
        "企业名称": pd.Series(np.char.add("synthetic-", np.arange(n).astype(str)), dtype="str"),
        "industry": pd.Series(inds[np.arange(n) % len(inds)], dtype="str"),
        "注册资本": rng.uniform(0, 1e6, n).round(2),
        "employees": rng.integers(0, 5000, n),
        "row": np.arange(1, n + 1),
        "lon_wgs84": lon, "lat_wgs84": lat,
    })


def report_of(frame: pd.DataFrame) -> pd.DataFrame:
    bad = frame.loc[frame["lon_wgs84"].isna(), "row"].to_numpy()
    return pd.DataFrame({"row": bad.astype(np.int64),
                         "column": pd.Series(["lon"] * len(bad), dtype="str"),
                         "problem": pd.Series(["outside Shenzhen"] * len(bad), dtype="str"),
                         "fix": pd.Series(["check the CRS"] * len(bad), dtype="str")})


def save(ws, frame, name, **kw):
    if "report" not in kw:
        kw["report"] = report_of(frame) if "row" in frame else EMPTY_REPORT
    return ws.save_register(frame, name=name, file_name=kw.pop("file_name", f"{name}.csv"),
                            as_of=kw.pop("as_of", None),
                            source_crs=kw.pop("source_crs", "wgs84"), **kw)


def feature_tables(ws) -> set[str]:
    """Names of the register feature tables in the workspace's database."""
    st = ws._store
    with st.tx() as conn:
        if ws.backend == "geopackage":
            sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        names = {r[0] for r in conn.exec_driver_sql(sql)}
    return {n for n in names if re.fullmatch(r"szmap_register_\d+", n)}


# --- round trip --------------------------------------------------------------------------

def hostile_frame() -> pd.DataFrame:
    """Odd column names, Chinese text, formula-looking strings, NULL geometry rows,
    ints/floats/strings/bools/datetimes and an Excel-like mixed object column."""
    n = 6
    cols = {
        "名称": pd.Series(["华为技术有限公司", "腾讯", None, "", "比亚迪\n第二行", "a,b\"c"],
                        dtype="str"),
        "geom": pd.Series(["g1", "g2", "g3", "g4", "g5", "g6"], dtype="str"),
        "fid": [10, 20, 30, 40, 50, 60],
        '"; DROP TABLE szmap_registers; --': pd.Series(["x"] * n, dtype="str"),
        "with space ": [1.5, np.nan, -0.0, 1e300, np.inf, 0.1 + 0.2],
        "Name": pd.Series(["=SUM(A1:A9)", "+86 755 1234", "-1", "@cmd", "00123",
                           "=HYPERLINK(\"http://x\")"], dtype="str"),
        "name": pd.Series(["lower"] * n, dtype="str"),
        "": pd.Series(["empty header"] * n, dtype="str"),
        "长" * 30: pd.Series(["long header"] * n, dtype="str"),
        "nul": pd.Series(["a\x00b", "ok", None, "\x00", "x", "y"], dtype="str"),
        "count": pd.array([1, None, 3, 4, None, 6], dtype="Int64"),
        "flag": [True, False, True, True, False, False],
        "maybe": pd.array([True, None, False, None, True, False], dtype="boolean"),
        "when": pd.to_datetime(["2024-01-02", None, "2023-12-31 23:59:59.5", "2020-02-29",
                                None, "1999-01-01"], format="ISO8601"),
        "excel": pd.Series([1, "text", 2.5, None, dt.datetime(2024, 5, 1, 8, 30), True],
                           dtype=object),
        "small": np.array([1, 2, 3, 4, 5, 6], dtype=np.int16),
        "cat": pd.Categorical(["a", "b", None, "a", "b", "a"]),
        "nan_or_none": pd.Series([None, math.nan, "v", None, None, "w"], dtype=object),
        "row": np.arange(1, n + 1),
        "lon_wgs84": [114.05, np.nan, 113.93, 114.2, np.nan, 114.0],
        "lat_wgs84": [22.55, np.nan, 22.52, 22.7, 22.6, 22.5],
    }
    return pd.DataFrame(cols)


def test_round_trip_keeps_names_order_types_and_values_exactly(workspace):
    frame = hostile_frame()
    report = pd.DataFrame({"row": np.array([2, 5], dtype=np.int64),
                           "column": pd.Series(["经度", None], dtype="str"),
                           "problem": pd.Series(["坐标缺失", "out"], dtype="str"),
                           "fix": pd.Series(["补充坐标", "=cmd|' /C calc'!A0"], dtype="str")})
    warnings = pd.DataFrame({"row": [3], "column": ["address_check"],
                             "problem": ["outside its 街道"], "fix": [""]})
    roles = {"lon": "lon", "lat": "lat", "name": "名称", "industry": None}
    notes = [{"source": "a.csv", "row": None, "message": "text encoding: GBK", "fix": ""}]
    info = save(workspace, frame, "登记 2024", report=report, warnings=warnings,
                columns=roles, notes=notes, as_of="2024-06-30", source_crs="gcj02")
    assert (info.rows, info.valid_rows) == (6, 4)
    back = workspace.load_register("登记 2024")
    pd.testing.assert_frame_equal(back.frame, frame, check_exact=True)
    assert list(back.frame.columns) == list(frame.columns)
    assert [type(v) for v in back.frame["excel"]] == [type(v) for v in frame["excel"]]
    assert back.frame["nan_or_none"].iloc[0] is None
    assert isinstance(back.frame["nan_or_none"].iloc[1], float)
    assert back.frame["nul"].iloc[0] == "a\x00b"
    pd.testing.assert_frame_equal(back.report, report, check_exact=True)
    pd.testing.assert_frame_equal(back.warnings, warnings, check_exact=True)
    assert back.columns == roles and back.notes == notes
    assert back.info == info
    assert (info.as_of, info.source_crs, info.file_name) == ("2024-06-30", "gcj02",
                                                            "登记 2024.csv")


def test_round_trip_of_an_empty_register_and_of_one_with_no_valid_point(workspace):
    empty = register_frame(0)
    save(workspace, empty, "empty")
    back = workspace.load_register("empty")
    pd.testing.assert_frame_equal(back.frame, empty)
    assert back.report.empty
    rejected = register_frame(5)
    rejected[["lon_wgs84", "lat_wgs84"]] = np.nan
    info = save(workspace, rejected, "rejected")
    assert (info.rows, info.valid_rows) == (5, 0)
    pd.testing.assert_frame_equal(workspace.load_register(info.id).frame, rejected)


def test_round_trip_of_a_frame_read_by_read_points(workspace, tmp_path):
    from data.points_io import read_points

    src = tmp_path / "企业名录.csv"
    src.write_text("企业名称,经度,纬度,行业,统一社会信用代码\n"
                   "甲公司,114.05,22.55,生物医药,0091440300\n"
                   "乙公司,200,22.5,,=1+1\n"
                   "丙公司,113.93,22.52,新材料,\n", encoding="utf-8")
    table = read_points(src)
    notes = [{"source": p.source, "row": p.row, "column": p.column, "message": p.message,
              "fix": p.fix} for p in table.notes]
    save(workspace, table.frame, "read", report=table.report, warnings=table.warnings,
         columns=table.columns, notes=notes)
    back = workspace.load_register("read")
    pd.testing.assert_frame_equal(back.frame, table.frame, check_exact=True)
    pd.testing.assert_frame_equal(back.report, table.report, check_exact=True)
    pd.testing.assert_frame_equal(back.warnings, table.warnings, check_exact=True)
    assert back.frame["统一社会信用代码"].tolist()[:2] == ["0091440300", "=1+1"]


def test_round_trip_of_repeated_and_non_text_labels_and_a_geodataframe(workspace):
    import geopandas as gpd

    frame = pd.DataFrame([[1, "x", 2.5, 114.0, 22.5], [2, "y", None, np.nan, np.nan]],
                         columns=["a", "a", 7, "lon_wgs84", "lat_wgs84"])
    save(workspace, frame, "labels", report=EMPTY_REPORT)
    pd.testing.assert_frame_equal(workspace.load_register("labels").frame, frame)
    gdf = gpd.GeoDataFrame({"名称": ["甲", "乙"], "lon_wgs84": [114.0, np.nan],
                            "lat_wgs84": [22.5, np.nan]},
                           geometry=gpd.points_from_xy([114.0, 0], [22.5, 0]),
                           crs="EPSG:4326", index=pd.Index([10, 20], name="id"))
    save(workspace, gdf, "geo", report=EMPTY_REPORT)
    back = workspace.load_register("geo").frame
    assert isinstance(back, gpd.GeoDataFrame) and back.crs == gdf.crs
    pd.testing.assert_frame_equal(pd.DataFrame(back.drop(columns="geometry")),
                                  pd.DataFrame(gdf.drop(columns="geometry")))
    assert back.geometry.equals(gdf.geometry)


def test_round_trip_keeps_the_index_of_a_filtered_frame(workspace):
    frame = register_frame(30, seed=9)
    subset = frame[frame["employees"] > 2000]
    save(workspace, subset, "subset", report=EMPTY_REPORT)
    pd.testing.assert_frame_equal(workspace.load_register("subset").frame, subset)
    sliced = frame.iloc[5:12]  # a RangeIndex from 5
    save(workspace, sliced, "sliced", report=EMPTY_REPORT)
    back = workspace.load_register("sliced").frame
    pd.testing.assert_frame_equal(back, sliced)
    assert isinstance(back.index, pd.RangeIndex)


# --- list, rename, delete, active ----------------------------------------------------------

def test_list_rename_delete_and_active_register(workspace):
    a = save(workspace, register_frame(30, seed=1), "first")
    b = save(workspace, register_frame(20, seed=2), "second")
    listed = workspace.list_registers()
    assert list(listed.columns) == ["id", "name", "file_name", "imported_at", "as_of",
                                    "source_crs", "rows", "valid_rows", "owner", "shared",
                                    "active"]
    assert listed["name"].tolist() == ["first", "second"]
    assert listed["rows"].tolist() == [30, 20] and listed["valid_rows"].tolist() == [27, 18]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", listed["imported_at"].iloc[0])
    assert not listed["active"].any() and workspace.active_register() is None

    workspace.set_active_register("second")
    assert workspace.active_register().id == b.id
    assert workspace.list_registers()["active"].tolist() == [False, True]
    workspace.rename_register(b.id, "二号")
    assert workspace.active_register().name == "二号"
    with pytest.raises(WorkspaceError, match="already exists"):
        workspace.rename_register("二号", "first")
    with pytest.raises(WorkspaceError, match="already exists.*first \\(2\\)"):
        save(workspace, register_frame(3), "first")

    workspace.delete_register("二号")
    assert workspace.active_register() is None
    assert workspace.list_registers()["name"].tolist() == ["first"]
    assert feature_tables(workspace) == {f"szmap_register_{a.id}"}
    c = save(workspace, register_frame(4), "third")
    assert c.id > b.id  # ids (and table names) are never reused
    assert workspace.free_name("first") == "first (2)"
    assert workspace.register_info("first") == a
    workspace.set_active_register(None)
    assert workspace.active_register() is None


def test_a_private_register_is_seen_and_changed_only_by_its_owner(workspace):
    frame = register_frame(5, seed=3)
    mine = save(workspace, frame, "wang's", owner="wang", shared=False)
    shared = save(workspace, frame, "team", owner="li", shared=True)
    assert (mine.owner, mine.shared, shared.owner, shared.shared) == ("wang", False,
                                                                      "li", True)
    assert workspace.list_registers(visible_to="li")["name"].tolist() == ["team"]
    assert workspace.list_registers(visible_to="wang")["name"].tolist() == ["wang's",
                                                                            "team"]
    assert workspace.list_registers()["name"].tolist() == ["wang's", "team"]  # CLI: all
    # li can neither load it by id or name, nor learn that it exists
    for key in (mine.id, "wang's"):
        with pytest.raises(WorkspaceError) as err:
            workspace.load_register(key, visible_to="li")
        assert "wang's" not in err.value.message.replace(repr(key), "") and \
            "may see" in str(err.value)
        with pytest.raises(WorkspaceError):
            workspace.register_info(key, visible_to="li")
    assert workspace.load_register(mine.id, visible_to="wang").info == mine
    # only the owner renames, deletes or shares it
    for change in (lambda: workspace.rename_register("team", "x", by="wang"),
                   lambda: workspace.delete_register("team", by="wang"),
                   lambda: workspace.share_register("team", False, by="wang")):
        with pytest.raises(WorkspaceError, match="only 'li'"):
            change()
    assert workspace.share_register(mine.id, True, by="wang").shared
    assert workspace.list_registers(visible_to="li")["name"].tolist() == ["wang's", "team"]
    workspace.delete_register("team", by="li")
    assert workspace.list_registers()["name"].tolist() == ["wang's"]


def test_a_register_saved_without_owner_is_the_current_users(workspace, monkeypatch):
    monkeypatch.setenv("SZMAP_USER", "zhao")
    info = save(workspace, register_frame(3), "cli")
    assert (info.owner, info.shared) == ("zhao", True)


def test_unknown_register_error_lists_the_names(workspace):
    with pytest.raises(WorkspaceError, match="holds none"):
        workspace.load_register("nope")
    save(workspace, register_frame(3), "甲")
    save(workspace, register_frame(3), "乙")
    with pytest.raises(WorkspaceError) as err:
        workspace.load_register("丙")
    assert "'甲' (id 1)" in str(err.value) and "'乙' (id 2)" in str(err.value)
    with pytest.raises(WorkspaceError, match="no register has the id 99"):
        workspace.delete_register(99)
    with pytest.raises(WorkspaceError, match="non-empty"):
        workspace.rename_register("甲", "  ")


# --- views ---------------------------------------------------------------------------------

def test_views_get_short_ids_and_the_same_state_the_same_id(workspace):
    state = {"lang": "zh", "industries": ["生物医药", "新材料"], "area": "光明科学城",
             "zoom": 11.5, "point": None}
    vid = workspace.save_view(state)
    assert re.fullmatch(r"[A-Za-z0-9_-]{8}", vid)
    assert workspace.save_view(dict(reversed(list(state.items())))) == vid
    assert workspace.load_view(vid) == state
    other = workspace.save_view({**state, "lang": "en"}, name="English")
    assert other != vid
    assert workspace.save_view(state, name="主视图") == vid  # naming it later keeps the id
    views = workspace.list_views()
    assert views["id"].tolist() == [vid, other]
    assert views["name"].tolist() == ["主视图", "English"]
    assert views["state"].iloc[1]["lang"] == "en"
    workspace.delete_view(vid)
    with pytest.raises(WorkspaceError, match="no saved view"):
        workspace.load_view(vid)
    with pytest.raises(WorkspaceError, match="JSON"):
        workspace.save_view({"x": {1, 2}})


# --- transactions ---------------------------------------------------------------------------

def test_an_exception_midway_through_a_save_leaves_the_previous_state(workspace, monkeypatch):
    before = save(workspace, register_frame(50, seed=3), "kept")
    workspace.set_active_register("kept")
    monkeypatch.setattr(store_mod, "CHUNK_ROWS", 40)
    cls = type(workspace._store)
    real = cls._write_chunk
    calls = []

    def failing(self, raw, table, *args):
        real(self, raw, table, *args)  # the rows are written, then the next step fails
        calls.append(table)
        if len(calls) == 3:
            raise RuntimeError("disk pulled out")

    monkeypatch.setattr(cls, "_write_chunk", failing)
    with pytest.raises(RuntimeError, match="disk pulled out"):
        save(workspace, register_frame(100, seed=4), "lost")
    assert calls[:2] == ["szmap_register_2"] * 2  # failed inside the feature rows
    monkeypatch.setattr(cls, "_write_chunk", real)

    listed = workspace.list_registers()
    assert listed["name"].tolist() == ["kept"] and workspace.active_register() == before.__class__(
        **{**before.__dict__, "active": True})
    assert feature_tables(workspace) == {f"szmap_register_{before.id}"}
    with workspace._store.tx() as conn:
        n_problems = conn.exec_driver_sql("SELECT count(*) FROM szmap_register_problems"
                                          ).scalar()
    assert n_problems == 5
    # and the workspace takes the same save afterwards
    again = save(workspace, register_frame(100, seed=4), "lost")
    pd.testing.assert_frame_equal(workspace.load_register(again.id).frame,
                                  register_frame(100, seed=4))


# --- GeoPackage specifics --------------------------------------------------------------------

def gpkg_path(url: str):
    from pathlib import Path
    return Path(url[len("gpkg://"):])


@pytest.mark.parametrize("ws_url", ["geopackage"], indirect=True)
def test_geopackage_opens_in_gdal_with_one_point_layer_per_register(workspace, ws_url):
    import pyogrio

    frames = {"深圳 A": register_frame(200, seed=5), "B": hostile_frame()}
    infos = {name: save(workspace, f, name) for name, f in frames.items()}
    path = gpkg_path(ws_url)
    layers = pyogrio.list_layers(path)
    points = sorted(name for name, geom in layers if geom == "Point")
    assert points == sorted(f"szmap_register_{i.id}" for i in infos.values())
    assert all(geom is None for name, geom in layers
               if name not in points and name != "szmap_boundary_versions")
    for name, frame in frames.items():
        layer = f"szmap_register_{infos[name].id}"
        info = pyogrio.read_info(path, layer=layer)
        assert info["crs"] == "EPSG:4326" and info["geometry_type"] == "Point"
        assert info["features"] == len(frame)
        assert info["layer_metadata"]["IDENTIFIER"] == f"{name} (register {infos[name].id})"
        gdf = pyogrio.read_dataframe(path, layer=layer)
        valid = frame["lon_wgs84"].notna().to_numpy()
        assert gdf.geometry.notna().sum() == infos[name].valid_rows == valid.sum()
        np.testing.assert_array_equal(gdf.geometry.x.to_numpy()[valid],
                                      frame["lon_wgs84"].to_numpy()[valid])
        np.testing.assert_array_equal(gdf.geometry.y.to_numpy()[valid],
                                      frame["lat_wgs84"].to_numpy()[valid])
    gdf = pyogrio.read_dataframe(path, layer=f"szmap_register_{infos['B'].id}")
    assert gdf["名称"].iloc[0] == "华为技术有限公司"
    assert gdf["Name"].iloc[0] == "=SUM(A1:A9)"
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 10300
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        srs = {r[0] for r in conn.execute("SELECT srs_id FROM gpkg_spatial_ref_sys")}
        assert srs == {-1, 0, 4326}
        blob = conn.execute(f"SELECT geom FROM szmap_register_{infos['B'].id} "
                            "WHERE fid = 1").fetchone()[0]
        assert blob[:4] == b"GP\x00\x01" and int.from_bytes(blob[4:8], "little") == 4326
        assert blob[8:13] == b"\x01\x01\x00\x00\x00" and len(blob) == 29
    finally:
        conn.close()


@pytest.mark.parametrize("ws_url", ["geopackage"], indirect=True)
def test_deleting_a_register_removes_its_layer_records(workspace, ws_url):
    import pyogrio

    a = save(workspace, register_frame(10), "a")
    save(workspace, register_frame(10), "b")
    workspace.delete_register(a.id)
    path = gpkg_path(ws_url)
    assert [n for n, g in pyogrio.list_layers(path) if g == "Point"] == ["szmap_register_2"]
    conn = sqlite3.connect(path)
    try:
        for table in ("gpkg_contents", "gpkg_geometry_columns"):
            assert conn.execute(f"SELECT count(*) FROM {table} WHERE table_name = "
                                "'szmap_register_1'").fetchone()[0] == 0
    finally:
        conn.close()


def test_a_file_that_is_not_a_geopackage_is_refused(tmp_path):
    text = tmp_path / "notes.gpkg"
    text.write_text("just text, not a database", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="not a GeoPackage"):
        open_workspace(str(text))
    other = tmp_path / "other.gpkg"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(WorkspaceError, match="SQLite database but not a GeoPackage"):
        open_workspace(f"gpkg://{other}")
    with pytest.raises(WorkspaceError, match="address"):
        open_workspace("mysql://x/y")


def test_a_geopackage_in_wal_mode_is_switched_to_a_rollback_journal(tmp_path):
    path = tmp_path / "wal.gpkg"
    open_workspace(path.as_posix()).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    conn.close()
    with open_workspace(path.as_posix()) as ws:
        save(ws, register_frame(5), "after")
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
    assert not (tmp_path / "wal.gpkg-wal").exists()


def test_a_geopackage_locked_too_long_says_so(tmp_path):
    path = tmp_path / "ws.gpkg"
    open_workspace(path.as_posix()).close()
    ws = open_workspace(path.as_posix(), busy_timeout_s=0.3)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(WorkspaceError, match="locked by another program for more than "
                                                 "0.3 s"):
            save(ws, register_frame(5), "blocked")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    save(ws, register_frame(5), "blocked")  # once released it goes through
    ws.close()


def test_a_read_only_geopackage_is_read_and_says_so_on_writing(tmp_path):
    import os
    import shutil
    import subprocess

    path = tmp_path / "ro.gpkg"
    with open_workspace(path.as_posix()) as ws:
        save(ws, register_frame(5), "kept")
    if os.geteuid() == 0:  # root writes any file: make it immutable instead
        chattr = shutil.which("chattr")
        if not chattr or subprocess.run([chattr, "+i", str(path)]).returncode != 0:
            pytest.skip("as root, a read-only file needs `chattr +i`, which failed here")
        undo = [chattr, "-i", str(path)]
    else:
        path.chmod(0o444)
        undo = None
    try:
        with open_workspace(path.as_posix()) as ws:
            assert ws.list_registers()["name"].tolist() == ["kept"]
            with pytest.raises(WorkspaceError, match="is read-only"):
                save(ws, register_frame(5), "new")
    finally:
        if undo:
            subprocess.run(undo, check=True)
        path.chmod(0o644)


def test_default_location_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("SZMAP_DB_URL", raising=False)
    monkeypatch.setenv("SZMAP_DATA_DIR", str(tmp_path / "data"))
    with open_workspace() as ws:
        assert ws.backend == "geopackage"
        assert ws.location == str(tmp_path / "data" / "workspace.gpkg")
    assert (tmp_path / "data" / "workspace.gpkg").exists()


# --- PostGIS specifics ------------------------------------------------------------------------

@pytest.mark.parametrize("ws_url", ["postgis"], indirect=True)
def test_postgis_layers_are_point_4326_tables(workspace, ws_url, monkeypatch):
    info = save(workspace, register_frame(40), "pg")
    with workspace._store.tx() as conn:
        row = conn.exec_driver_sql(
            "SELECT type, srid FROM geometry_columns WHERE f_table_name = "
            f"'szmap_register_{info.id}'").one()
        assert tuple(row) == ("POINT", 4326)
        n = conn.exec_driver_sql(f"SELECT count(geom), count(*) FROM szmap_register_{info.id}"
                                 ).one()
        assert tuple(n) == (36, 40)
        x = conn.exec_driver_sql(f"SELECT ST_X(geom) FROM szmap_register_{info.id} "
                                 "WHERE fid = 2").scalar()
    assert x == register_frame(40)["lon_wgs84"].iloc[1]
    # SZMAP_DB_URL selects this database
    monkeypatch.setenv("SZMAP_DB_URL", ws_url)
    with open_workspace() as ws:
        assert ws.backend == "postgis"
        assert ws.list_registers()["name"].tolist() == ["pg"]


def test_a_database_without_postgis_gets_the_extension(postgis_url):
    import psycopg

    base = postgis_url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute('CREATE DATABASE "bare" TEMPLATE template0')
    with open_workspace(f"{base}/bare") as ws:
        info = save(ws, register_frame(10), "x")
        assert ws.load_register(info.id).info.valid_rows == 9


def test_an_unreachable_postgis_server_is_named_without_its_password():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://planner:s3cret@127.0.0.1:{port}/szmap"
    with pytest.raises(WorkspaceError) as err:
        open_workspace(url)
    text = str(err.value)
    assert "s3cret" not in text and f"planner:***@127.0.0.1:{port}/szmap" in text
    assert "cannot be reached" in text and "start the server" in text


def test_notes_and_roles_must_be_json(tmp_path):
    with open_workspace(str(tmp_path / "w.gpkg")) as ws, \
            pytest.raises(WorkspaceError, match="JSON"):
        save(ws, register_frame(2), "x", notes=[{"when": dt.date(2024, 1, 1)}])
    assert json.loads(json.dumps({"ok": 1}))
