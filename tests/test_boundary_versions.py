"""Boundary versions in the workspace (issue 20 item 1), on a GeoPackage file and a real
throw-away PostGIS server: history kept, one active per area, optimistic versioning
between two Workspace objects, the layer GIS readers see, the areas loader naming the
version, the CLI, and a workspace at revision 0002 opened at head."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest
import shapely

from data.workspace import WorkspaceError, _migrate, open_workspace
from tests.conftest import downgrade

# SYNTHETIC squares inside 粤海街道 (the 深圳湾 cluster), WGS-84 degrees
SQUARE = shapely.box(113.940, 22.530, 113.955, 22.545)
BIGGER = shapely.box(113.938, 22.528, 113.957, 22.547)


def test_versions_are_kept_one_is_active_and_any_can_be_active_again(workspace,
                                                                      monkeypatch):
    monkeypatch.setenv("SZMAP_USER", "alice")
    v1 = workspace.save_boundary_version("c01_shenzhen_bay", SQUARE, source="规划局 2024",
                                         grade="official", precision_m=5, note="红线",
                                         based_on=None)
    assert v1.author == "alice" and v1.active and v1.based_on is None
    assert v1.area_km2 == pytest.approx(2.56, abs=0.02)  # EPSG:4547
    assert v1.created_at.endswith("Z")
    v2 = workspace.save_boundary_version("c01_shenzhen_bay", BIGGER, source="规划局 2025",
                                         author="bob", grade="official", precision_m=2,
                                         note=None, based_on=v1.id)
    other = workspace.save_boundary_version("qianhai", BIGGER.buffer(0.01), source="x",
                                            grade="digitised", precision_m=50, note="n",
                                            based_on=None)
    listing = workspace.list_boundary_versions("c01_shenzhen_bay")
    assert list(listing.columns) == ["id", "area_id", "active", "source", "author",
                                     "created_at", "grade", "precision_m", "area_km2", "note",
                                     "based_on"]
    assert listing["id"].tolist() == [v1.id, v2.id]
    assert listing["active"].tolist() == [False, True]
    assert listing["author"].tolist() == ["alice", "bob"]
    assert listing["based_on"].tolist() == [pd.NA, v1.id]
    assert len(workspace.list_boundary_versions()) == 3
    active = workspace.active_boundaries().set_index("area_id")
    assert active.crs.to_epsg() == 4326
    assert active.loc["c01_shenzhen_bay", "version_id"] == v2.id
    assert active.loc["qianhai", "version_id"] == other.id
    assert active.loc["c01_shenzhen_bay"].geometry.equals(shapely.MultiPolygon([BIGGER]))

    back = workspace.activate_boundary_version(v1.id, based_on=v2.id, author="carol")
    assert back.active and workspace.active_boundary_version("c01_shenzhen_bay") == v1.id
    # nothing was overwritten: both polygons are still there, exactly
    geoms = workspace.boundary_geometries().set_index("id")
    assert geoms.loc[v1.id].geometry.equals(shapely.MultiPolygon([SQUARE]))
    assert geoms.loc[v2.id].geometry.equals(shapely.MultiPolygon([BIGGER]))


def test_two_editors_one_wins_and_the_other_is_told_who_and_when(ws_url):
    with open_workspace(ws_url) as a, open_workspace(ws_url) as b:
        v1 = a.save_boundary_version("qianhai", SQUARE, source="s", author="alice",
                                     based_on=None)
        seen_a = a.active_boundary_version("qianhai")
        seen_b = b.active_boundary_version("qianhai")
        assert seen_a == seen_b == v1.id
        v2 = a.save_boundary_version("qianhai", BIGGER, source="s2", author="alice",
                                     based_on=seen_a)
        with pytest.raises(WorkspaceError) as err:
            b.save_boundary_version("qianhai", BIGGER.buffer(0.001), source="s3",
                                    author="bob", based_on=seen_b)
        text = str(err.value)
        assert f"version {v2.id} was made active by alice at {v2.created_at}" in text
        assert "nothing was saved" in text
        assert len(b.list_boundary_versions("qianhai")) == 2
        with pytest.raises(WorkspaceError, match="made active by alice"):
            b.activate_boundary_version(v1.id, based_on=seen_b, author="bob")
        assert a.active_boundary_version("qianhai") == v2.id
        # told, bob bases his change on what is active now and wins
        v3 = b.save_boundary_version("qianhai", BIGGER.buffer(0.001), source="s3",
                                     author="bob", based_on=v2.id)
        assert a.active_boundary_version("qianhai") == v3.id
        # a first save when someone else saved one meanwhile is refused too
        b.save_boundary_version("c01_shenzhen_bay", SQUARE, source="s", author="bob",
                                based_on=None)
        with pytest.raises(WorkspaceError, match="made active by bob"):
            a.save_boundary_version("c01_shenzhen_bay", BIGGER, source="s",
                                    author="alice", based_on=None)


def test_bad_boundaries_are_refused_before_anything_is_written(workspace):
    with pytest.raises(WorkspaceError, match="must be a polygon"):
        workspace.save_boundary_version("qianhai", shapely.Point(114, 22.5), source="s",
                                        based_on=None)
    bowtie = shapely.Polygon([(113.9, 22.5), (113.92, 22.52), (113.92, 22.5),
                              (113.9, 22.52)])
    with pytest.raises(WorkspaceError, match="not a valid polygon"):
        workspace.save_boundary_version("qianhai", bowtie, source="s", based_on=None)
    with pytest.raises(WorkspaceError, match="needs its source"):
        workspace.save_boundary_version("qianhai", SQUARE, source=" ", based_on=None)
    with pytest.raises(WorkspaceError, match="unknown boundary grade"):
        workspace.save_boundary_version("qianhai", SQUARE, source="s", grade="great",
                                        based_on=None)
    with pytest.raises(WorkspaceError, match="no boundary version has the id 99"):
        workspace.activate_boundary_version(99, based_on=None)
    assert len(workspace.list_boundary_versions()) == 0


def test_a_geodataframe_in_cgcs2000_metres_is_stored_in_wgs84(workspace):
    import geopandas as gpd

    gdf = gpd.GeoDataFrame(geometry=[SQUARE], crs=4326).to_crs("EPSG:4547")
    v = workspace.save_boundary_version("qianhai", gdf, source="s", based_on=None)
    got = workspace.active_boundaries().geometry.iloc[0]
    assert got.symmetric_difference(SQUARE).area < 1e-12
    assert v.area_km2 == pytest.approx(2.56, abs=0.02)


@pytest.mark.parametrize("ws_url", ["geopackage"], indirect=True)
def test_geopackage_shows_the_versions_as_a_multipolygon_layer(workspace, ws_url):
    import pyogrio

    workspace.save_boundary_version("qianhai", SQUARE, source="s", note="第一版",
                                    based_on=None)
    workspace.save_boundary_version("qianhai", BIGGER, source="s", based_on=1)
    path = ws_url[len("gpkg://"):]
    layers = dict(pyogrio.list_layers(path))
    assert layers["szmap_boundary_versions"] == "MultiPolygon"
    info = pyogrio.read_info(path, layer="szmap_boundary_versions")
    assert info["crs"] == "EPSG:4326" and info["features"] == 2
    gdf = pyogrio.read_dataframe(path, layer="szmap_boundary_versions")
    assert gdf["note"].iloc[0] == "第一版" and pd.isna(gdf["note"].iloc[1])
    assert gdf.geometry.iloc[1].equals(shapely.MultiPolygon([BIGGER]))
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ext = conn.execute("SELECT min_x, max_y FROM gpkg_contents WHERE table_name = "
                           "'szmap_boundary_versions'").fetchone()
        assert ext == pytest.approx((113.938, 22.547))
    finally:
        conn.close()


@pytest.mark.parametrize("ws_url", ["postgis"], indirect=True)
def test_postgis_stores_a_multipolygon_4326_column(workspace):
    workspace.save_boundary_version("qianhai", SQUARE, source="s", based_on=None)
    with workspace._store.tx() as conn:
        row = conn.exec_driver_sql(
            "SELECT GeometryType(geom), ST_SRID(geom), ST_Area(geom::geography) / 1e6 "
            "FROM szmap_boundary_versions").one()
    assert row[0] == "MULTIPOLYGON" and row[1] == 4326
    assert row[2] == pytest.approx(2.56, abs=0.02)


@pytest.mark.parametrize("ws_url", ["geopackage"], indirect=True)
def test_load_areas_uses_the_active_versions_and_names_them(workspace):
    from data.areas import load_areas

    default = load_areas()
    assert "boundary_version" not in default.columns  # the default is unchanged
    v = workspace.save_boundary_version("c01_shenzhen_bay", SQUARE, source="规划局 test",
                                        precision_m=5, note="红线", based_on=None)
    areas = load_areas(versions=workspace.active_boundaries()).set_index("id")
    row = areas.loc["c01_shenzhen_bay"]
    assert row["boundary_version"] == f"workspace:{v.id}"
    assert row["grade"] == "official" and row["precision_m"] == 5
    assert row["sources"] == "规划局 test" and "红线" in row["method"]
    assert row["area_km2"] == pytest.approx(2.56, abs=0.02)
    assert areas.loc["qianhai", "boundary_version"] == "built"
    assert areas.loc["qianhai", "area_km2"] == default.set_index("id").loc["qianhai",
                                                                           "area_km2"]
    # a version off Shenzhen's land is ignored with a warning; the rest still loads
    far = workspace.save_boundary_version("qianhai", shapely.box(116.0, 22.0, 116.1, 22.1),
                                          source="s", based_on=None)
    with pytest.warns(UserWarning, match=f"boundary version {far.id}"):
        areas = load_areas(versions=workspace.active_boundaries())
    assert areas.attrs["ignored_versions"][0]["version"] == str(far.id)
    assert areas.set_index("id").loc["qianhai", "boundary_version"] == "built"


def test_a_workspace_at_revision_0002_with_a_register_opens_at_head(ws_url):
    from tests.test_workspace import register_frame, report_of, save

    frame = register_frame(300, seed=3)
    old = open_workspace(ws_url)
    try:
        info = save(old, frame, "旧登记", as_of="2024-12-31")
        old.set_active_register(info.id)
        downgrade(old, "0002")
        assert old._store.revision() == "0002"
    finally:
        old.close()
    with open_workspace(ws_url) as ws:
        assert ws._store.revision() == _migrate.head()
        back = ws.load_register("旧登记")
        pd.testing.assert_frame_equal(back.frame, frame)
        pd.testing.assert_frame_equal(back.report, report_of(frame))
        assert back.info.active
        v = ws.save_boundary_version("qianhai", SQUARE, source="s", based_on=None)
        assert ws.active_boundary_version("qianhai") == v.id


def test_cli_replace_boundary_saves_a_version_and_lists_and_activates(tmp_path, monkeypatch,
                                                                      capsys):
    from cli import main
    from core import settings
    from data.areas import _load_areas_cached

    monkeypatch.setattr(settings, "OVERRIDES_DIR", tmp_path / "overrides")
    monkeypatch.setenv("SZMAP_USER", "测试员")
    monkeypatch.delenv("SZMAP_DB_URL", raising=False)
    import geopandas as gpd

    path = tmp_path / "b.geojson"
    gpd.GeoDataFrame(geometry=[SQUARE], crs=4326).to_file(path)
    url = str(tmp_path / "ws.gpkg")
    try:
        for source in ("规划局 A", "规划局 B"):
            assert main(["replace-boundary", "--lang", "en", "c01_shenzhen_bay", str(path), "--source",
                         source, "--force", "--workspace", url]) == 0
        out = capsys.readouterr().out
        assert "saved as boundary version 2 of c01_shenzhen_bay" in out
        assert (tmp_path / "overrides" / "c01_shenzhen_bay.geojson").exists()
        assert main(["boundary-versions", "--lang", "en", "c01_shenzhen_bay", "--workspace", url]) == 0
        lines = capsys.readouterr().out.strip().splitlines()
        assert [ln.split("\t")[:4] for ln in lines] == [
            ["1", "-", "规划局 A", "测试员"], ["2", "active", "规划局 B", "测试员"]]
        assert all(ln.endswith("official\t2.56 km²") for ln in lines)
        assert main(["boundary-versions", "--lang", "en", "c01_shenzhen_bay", "--workspace", url,
                     "--activate", "1"]) == 0
        out = capsys.readouterr().out
        assert "version 1 is now the active boundary" in out
        assert "1\tactive\t规划局 A" in out
        assert main(["boundary-versions", "--lang", "en", "qianhai", "--workspace", url,
                     "--activate", "1"]) == 2
        assert "is a version of c01_shenzhen_bay" in capsys.readouterr().err
        assert main(["boundary-versions", "--lang", "en", "qianhai", "--workspace", url]) == 0
        assert "no boundary version" in capsys.readouterr().out
    finally:
        _load_areas_cached.cache_clear()


def _save_in_process(url, author, barrier, results):
    """One editor in its own process: saves a version of qianhai based on none."""
    with open_workspace(url) as ws:
        barrier.wait(timeout=60)
        try:
            v = ws.save_boundary_version("qianhai", SQUARE.buffer(0.001 * len(author)),
                                         source="s", author=author, based_on=None)
            results.put(("won", author, v.id))
        except WorkspaceError as exc:
            results.put(("refused", author, str(exc)))


def test_editors_in_several_processes_one_wins_the_others_are_told(ws_url):
    import multiprocessing as mp

    open_workspace(ws_url).close()  # migrated before the race
    ctx = mp.get_context("fork")  # children start at once (no imports; nothing open)
    barrier, results = ctx.Barrier(4), ctx.Queue()
    authors = ["a", "bb", "ccc", "dddd"]
    procs = [ctx.Process(target=_save_in_process, args=(ws_url, a, barrier, results))
             for a in authors]
    for p in procs:
        p.start()
    got = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    won = [g for g in got if g[0] == "won"]
    assert len(won) == 1, got
    winner = won[0][1]
    for kind, _, text in got:
        if kind == "refused":
            assert f"made active by {winner}" in text and "nothing was saved" in text
    with open_workspace(ws_url) as ws:
        listing = ws.list_boundary_versions("qianhai")
        assert listing["author"].tolist() == [winner] and listing["active"].all()


def test_a_diff_shows_the_parts_and_the_change_in_km2(tmp_path, capsys):
    import geopandas as gpd

    from cli import main

    url = str(tmp_path / "ws.gpkg")
    with open_workspace(url) as ws:
        v1 = ws.save_boundary_version("qianhai", SQUARE, source="a", based_on=None)
        v2 = ws.save_boundary_version("qianhai", BIGGER, source="b", based_on=v1.id)
        parts = ws.boundary_diff(v1.id, v2.id).set_index("part")
        assert parts.loc["removed", "km2"] == pytest.approx(0, abs=1e-9)
        assert parts.loc["kept", "km2"] == pytest.approx(v1.area_km2, rel=1e-6)
        assert parts.loc["added", "km2"] == pytest.approx(v2.area_km2 - v1.area_km2,
                                                          rel=1e-6)
        assert parts.attrs["change_km2"] == pytest.approx(v2.area_km2 - v1.area_km2)
        other = ws.save_boundary_version("c01_shenzhen_bay", SQUARE, source="c",
                                         based_on=None)
        with pytest.raises(WorkspaceError, match="different areas"):
            ws.boundary_diff(v1.id, other.id)
    out = tmp_path / "diff.geojson"
    assert main(["boundary-versions", "qianhai", "--workspace", url, "--diff",
                 str(v1.id), str(v2.id), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert f"version {v1.id} 2.56 km² → version {v2.id} 4.11 km² (+1.55 km²)" in text
    assert gpd.read_file(out)["part"].tolist() == ["kept", "added", "removed"]
