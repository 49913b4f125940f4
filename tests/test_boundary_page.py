"""The 边界 Boundaries page's logic (app_pages.boundary_edit) on a real GeoPackage
workspace: a boundary drawn, edited, cut or read from a file is checked like every
boundary, saved as the active version based on the one the user started from (a
concurrent save is refused and named), an older version made active again, and the
areas 统计 counts with name it."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import mapping

from app_pages import boundary_edit as be
from core import crs as crs_mod
from core.errors import DataValidationError
from core.messages import describe, describe_error
from data.areas import boundary_labels, load_areas
from data.workspace import open_workspace
from exports.report_tables import boundary_versions_text

AREA = "c01_shenzhen_bay"
# SYNTHETIC squares inside 粤海街道 (the 深圳湾 cluster), WGS-84 degrees
SQUARE = shapely.box(113.940, 22.530, 113.955, 22.545)
EAST_HALF = shapely.box(113.9475, 22.528, 113.957, 22.547)
BOWTIE = shapely.Polygon([(113.94, 22.53), (113.95, 22.54), (113.95, 22.53),
                          (113.94, 22.54)])
GUANGZHOU = shapely.box(113.30, 23.10, 113.32, 23.12)


def drawing(geom) -> dict:
    """A feature as streamlit-folium returns a drawing (GeoJSON, WGS-84)."""
    return {"type": "Feature", "properties": {}, "geometry": mapping(geom)}


@pytest.fixture
def ws(tmp_path):
    w = open_workspace(f"gpkg://{tmp_path / 'workspace.gpkg'}")
    yield w
    w.close()


@pytest.fixture(scope="module")
def areas():
    return load_areas()


def _in_force_areas(ws):
    return load_areas(versions=ws.active_boundaries())


def test_a_drawn_polygon_is_saved_as_the_active_version_and_the_areas_name_it(ws, areas):
    cand = be.from_drawings([drawing(SQUARE)], mode="new", active=None, area_id=AREA,
                            areas=areas, source="drawn")
    assert cand.ok
    assert cand.km2 == pytest.approx(2.56, abs=0.02)  # EPSG:4547
    out = be.save(ws, AREA, cand, source="drawn in the app", grade="digitised",
                  precision_m=20, note="从规划图勾绘", based_on=None, author="alice")
    assert out.error is None and not out.problems
    v = out.version
    assert v.active and v.based_on is None and v.author == "alice"
    assert v.note == "从规划图勾绘" and v.grade == "digitised"
    now = _in_force_areas(ws)
    assert boundary_labels(now)[AREA] == f"workspace:{v.id}"
    info = be.in_force(AREA, now, ws.list_boundary_versions(AREA))
    assert info["version_id"] == v.id and info["author"] == "alice"
    assert info["km2"] == pytest.approx(v.area_km2)
    table = now[["id", "name_zh", "name_en", "area_km2"]]  # as the coverage table has them
    line = boundary_versions_text(boundary_labels(now), table, "zh")
    assert line.startswith(f"深圳高新区深圳湾创新集群区：工作空间版本 #{v.id}（2.56 km²）")
    assert f"{len(now) - 1} 个区域为项目构建边界" in line
    assert f"workspace version #{v.id} (2.56 km²)" in boundary_versions_text(
        boundary_labels(now), table, "en")


def test_the_built_polygon_is_in_force_before_any_version(ws, areas):
    info = be.in_force(AREA, areas, ws.list_boundary_versions(AREA))
    assert info["version_id"] is None and info["label"] == "built"
    assert info["km2"] == pytest.approx(14.6, abs=0.1)


@pytest.mark.parametrize(("geom", "zh", "en"), [
    (BOWTIE, "无效多边形（Self-intersection", "invalid polygon (Self-intersection"),
    (GUANGZHOU, "位于深圳及深汕之外", "lies outside Shenzhen and 深汕"),
])
def test_a_bad_drawing_is_refused_in_the_users_language_and_nothing_is_saved(
        ws, areas, geom, zh, en):
    cand = be.from_drawings([drawing(geom)], mode="new", active=None, area_id=AREA,
                            areas=areas, source="绘制的边界")
    assert not cand.ok and cand.geometry is None
    assert zh in describe(cand.problems[0], "zh")
    assert en in describe(cand.problems[0], "en")
    assert describe(cand.problems[0], "zh").startswith("绘制的边界 第 1 行")
    out = be.save(ws, AREA, cand, source="x", grade="digitised", precision_m=20,
                  note="n", based_on=None)
    assert out.version is None and out.problems
    assert len(ws.list_boundary_versions()) == 0


def test_no_drawing_is_no_candidate_and_a_cut_of_everything_is_refused(areas):
    assert be.from_drawings([], mode="new", active=None, area_id=AREA, areas=areas,
                            source="d") is None
    assert be.from_drawings(None, mode="edit", active=SQUARE, area_id=AREA, areas=areas,
                            source="d") is None
    cand = be.from_drawings([drawing(SQUARE.buffer(0.001))], mode="cut", active=SQUARE,
                            area_id=AREA, areas=areas, source="d")
    assert not cand.ok
    assert "剪去后当前边界什么也不剩" in describe(cand.problems[0], "zh")


def test_a_sub_area_drawn_outside_its_parent_is_refused(areas):
    # 坂雪岗科学城片区 (Longgang) drawn in Nanshan: outside its parent cluster
    cand = be.from_drawings([drawing(SQUARE)], mode="new", active=None,
                            area_id="c03_banxuegang", areas=areas, source="d")
    assert not cand.ok
    text = describe_error(DataValidationError(list(cand.problems)), "zh")
    assert "c03_banxuegang：有" in text and "位于其上级区域 c03_banxuegang_guanlan 之外" in text


def test_editing_unites_the_edited_polygons_and_cutting_removes_the_drawn_part(areas):
    edited = be.from_drawings([drawing(SQUARE), drawing(EAST_HALF)], mode="edit",
                              active=SQUARE, area_id=AREA, areas=areas, source="d")
    assert edited.geometry.equals(shapely.MultiPolygon([shapely.union(SQUARE, EAST_HALF)]))
    cut = be.from_drawings([drawing(EAST_HALF)], mode="cut", active=SQUARE, area_id=AREA,
                           areas=areas, source="d")
    assert cut.ok
    assert cut.km2 == pytest.approx(2.56 / 2, abs=0.02)  # the west half is left
    assert cut.geometry.bounds[2] == pytest.approx(113.9475)


def test_a_note_and_a_source_are_required(ws, areas):
    cand = be.from_drawings([drawing(SQUARE)], mode="new", active=None, area_id=AREA,
                            areas=areas, source="d")
    out = be.save(ws, AREA, cand, source=" ", grade="digitised", precision_m=20,
                  note="  ", based_on=None)
    assert out.version is None
    text = [describe(p, "zh") for p in out.problems]
    assert any("说明为空" in s for s in text) and any("来源为空" in s for s in text)
    assert len(ws.list_boundary_versions()) == 0


def test_a_save_based_on_a_replaced_version_is_refused_naming_the_winner(ws, areas):
    cand = be.from_drawings([drawing(SQUARE)], mode="new", active=None, area_id=AREA,
                            areas=areas, source="d")
    # bob saves while alice still works from the built polygon (based_on None)
    won = be.save(ws, AREA, cand, source="s", grade="digitised", precision_m=20,
                  note="bob", based_on=None, author="bob").version
    lost = be.save(ws, AREA, cand, source="s", grade="digitised", precision_m=20,
                   note="alice", based_on=None, author="alice")
    assert lost.version is None and lost.conflict
    assert f"version {won.id} was made active by bob" in str(lost.error)
    assert "nothing was saved" in str(lost.error)
    assert ws.list_boundary_versions(AREA)["note"].tolist() == ["bob"]
    # based on bob's version, alice's save goes through
    again = be.save(ws, AREA, cand, source="s", grade="digitised", precision_m=20,
                    note="alice", based_on=won.id, author="alice")
    assert again.version.based_on == won.id and again.version.active


def test_an_older_version_is_made_active_again_unless_another_won_meanwhile(ws, areas):
    first = ws.save_boundary_version(AREA, SQUARE, source="a", grade="digitised",
                                     precision_m=20, note="1", based_on=None)
    second = ws.save_boundary_version(AREA, EAST_HALF, source="b", grade="digitised",
                                      precision_m=20, note="2", based_on=first.id)
    stale = be.activate(ws, AREA, first.id, based_on=first.id)
    assert stale.conflict and stale.version is None
    assert ws.active_boundary_version(AREA) == second.id
    back = be.activate(ws, AREA, first.id, based_on=second.id, author="carol")
    assert back.version.id == first.id and back.version.active
    assert boundary_labels(_in_force_areas(ws))[AREA] == f"workspace:{first.id}"
    table = be.versions_table(ws.list_boundary_versions(AREA), "en")
    assert table["Active"].tolist() == [True, False]  # nothing overwritten
    assert table["Note"].tolist() == ["1", "2"]


def _write(path, geoms, crs):
    gpd.GeoDataFrame(geometry=geoms, crs=crs).to_file(path, driver="GeoJSON")
    return path


def test_a_file_is_read_as_replace_boundary_reads_it_in_any_declared_crs(tmp_path, areas):
    want = be.checked(SQUARE, area_id=AREA, areas=areas, source="s").km2
    metric = gpd.GeoSeries([SQUARE], crs=4326).to_crs(4547)
    in_4547 = _write(tmp_path / "red_4547.geojson", metric, 4547)
    got = be.from_file(in_4547, declared_crs=None, area_id=AREA, areas=areas)
    assert got.ok and got.km2 == pytest.approx(want, rel=1e-6)
    # GCJ-02 has no EPSG code: the file is written as if WGS-84 and declared
    x, y = crs_mod.from_wgs84(*[list(c) for c in zip(*SQUARE.exterior.coords, strict=True)],
                              "gcj02")
    shifted = shapely.Polygon(list(zip(x, y, strict=True)))
    assert shapely.hausdorff_distance(shifted, SQUARE) > 0.003  # ~500 m off
    in_gcj = _write(tmp_path / "red_gcj.geojson", [shifted], 4326)
    got = be.from_file(in_gcj, declared_crs="gcj02", area_id=AREA, areas=areas)
    assert got.ok and got.km2 == pytest.approx(want, rel=1e-3)
    assert shapely.hausdorff_distance(got.geometry, SQUARE) < 2e-5  # about 2 m
    declared = be.from_file(_write(tmp_path / "no_crs.geojson", metric, 4547),
                            declared_crs="epsg4547", area_id=AREA, areas=areas)
    assert declared.ok


def test_a_file_that_is_not_a_boundary_is_refused_naming_it(tmp_path, areas):
    table = tmp_path / "红线.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    got = be.from_file(table, declared_crs=None, area_id=AREA, areas=areas)
    assert not got.ok and got.problems[0].source == "红线.csv"
    points = tmp_path / "pts.geojson"
    points.write_text(json.dumps({"type": "FeatureCollection", "features": [
        drawing(shapely.Point(113.95, 22.53))]}), encoding="utf-8")
    got = be.from_file(points, declared_crs="wgs84", area_id=AREA, areas=areas)
    assert not got.ok
    assert "Point" in describe(got.problems[0], "en")
