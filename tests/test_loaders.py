"""Loaders accept the shipped files and reject broken ones with a clear message."""

import geopandas as gpd
import pytest

from core.errors import DataValidationError
from data import loaders
from tests.conftest import NANSHAN_SQUARE, feature

GOOD = {"id": "a1", "name_zh": "测试", "name_en": "Test", "precision_m": 50,
        "method": "drawn by hand for the test", "sources": "test fixture"}


def load(path):
    return loaders.validate_polygon_layer(loaders.read_vector(path), source=path.name,
                                          required=loaders.GRADED_COLUMNS, graded=True)


def test_shipped_base_layers_load_in_wgs84():
    for gdf, n in ((loaders.load_subdistricts(), 74), (loaders.load_districts(), 10),
                   (loaders.load_shenshan(), 1)):
        assert len(gdf) == n
        assert gdf.crs.to_epsg() == 4326
        assert gdf.is_valid.all()


def test_a_clean_layer_passes(write_geojson):
    gdf = load(write_geojson([feature(NANSHAN_SQUARE, **GOOD)]))
    assert list(gdf["id"]) == ["a1"]


def test_missing_column_is_named_with_the_columns_present(write_geojson):
    props = {k: v for k, v in GOOD.items() if k != "precision_m"}
    with pytest.raises(DataValidationError) as err:
        load(write_geojson([feature(NANSHAN_SQUARE, **props)]))
    msg = str(err.value)
    assert "column 'precision_m'" in msg and "missing" in msg and "name_zh" in msg


def test_invalid_geometry_names_the_row_and_the_fix(write_geojson):
    bowtie = [[113.93, 22.52], [113.95, 22.54], [113.95, 22.52], [113.93, 22.54],
              [113.93, 22.52]]
    feats = [feature(NANSHAN_SQUARE, **GOOD), feature(bowtie, **{**GOOD, "id": "a2"})]
    with pytest.raises(DataValidationError) as err:
        load(write_geojson(feats, name="bad.geojson"))
    (problem,) = err.value.problems
    assert problem.row == 2 and problem.source == "bad.geojson"
    assert "invalid polygon" in problem.message and "Self-intersection" in problem.message
    assert "make_valid" in problem.fix


def test_coordinates_outside_shenzhen_are_rejected(write_geojson):
    beijing = [[116.3, 39.9], [116.4, 39.9], [116.4, 40.0], [116.3, 40.0], [116.3, 39.9]]
    with pytest.raises(DataValidationError, match=r"row 1.*outside Shenzhen"):
        load(write_geojson([feature(beijing, **GOOD)]))


def test_swapped_lat_lon_is_detected(write_geojson):
    swapped = [[lat, lon] for lon, lat in NANSHAN_SQUARE]
    with pytest.raises(DataValidationError, match="look swapped"):
        load(write_geojson([feature(swapped, **GOOD)]))


def test_every_problem_in_a_file_is_reported_at_once(write_geojson):
    swapped = [[lat, lon] for lon, lat in NANSHAN_SQUARE]
    feats = [feature(swapped, **GOOD), feature(NANSHAN_SQUARE, **{**GOOD, "method": " "}),
             feature(NANSHAN_SQUARE, **{**GOOD, "precision_m": -3})]
    with pytest.raises(DataValidationError) as err:
        load(write_geojson(feats))
    rows = sorted((p.row, p.column) for p in err.value.problems)
    assert rows == [(1, "geometry"), (2, "id"), (2, "method"), (3, "id"), (3, "precision_m")]


def test_file_without_crs_is_rejected(write_geojson):
    # A GeoJSON without "crs" is CRS84 by the standard; a GeoPackage can lack one.
    import geopandas as gpd
    from shapely.geometry import Polygon
    gdf = gpd.GeoDataFrame([GOOD], geometry=[Polygon(NANSHAN_SQUARE)], crs=None)
    with pytest.raises(DataValidationError, match="declares no coordinate system"):
        loaders.validate_polygon_layer(gdf, source="x.gpkg")


def test_unreadable_file_says_how_to_fix(tmp_path):
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"broken.geojson: cannot be read"):
        loaders.read_vector(path)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(DataValidationError, match="file not found"):
        loaders.read_vector(tmp_path / "nope.geojson")


def test_point_checks_report_each_bad_row():
    lon = [113.95, "abc", 22.54, 116.4, 114.95]
    lat = [22.54, 22.5, 113.95, 39.9, 22.85]
    problems = loaders.check_points(lon, lat, "points.csv")
    by_row = {p.row: p.message for p in problems}
    assert set(by_row) == {2, 3, 4}  # row 1 in Shenzhen, row 5 in 深汕
    assert "not a number" in by_row[2]
    assert "swapped" in by_row[3]
    assert "outside Shenzhen" in by_row[4]


def test_points_in_the_box_but_off_shenzhens_land_are_rejected_naming_the_neighbour():
    lon = [113.9365, 114.03, 113.75, 114.17, 115.0]   # 南山, 元朗, 东莞, 九龙 (off box), 深汕
    lat = [22.5405, 22.44, 22.88, 22.32, 22.85]
    assert loaders.land_contains(lon, lat).tolist() == [True, False, False, False, True]
    by_row = {p.row: p.message for p in loaders.check_points(lon, lat, "p.csv", land=True)}
    assert set(by_row) == {2, 3, 4}
    assert "(in Hong Kong?)" in by_row[2] and "(in Dongguan?)" in by_row[3]
    assert "outside Shenzhen and 深汕" in by_row[4]          # far off: the box says so
    assert loaders.check_points(lon, lat, "p.csv") == [      # land test is opt-in
        p for p in loaders.check_points(lon, lat, "p.csv") if p.row == 4]


def test_a_gbk_dbf_without_cpg_is_judged_gb18030_and_one_with_cpg_left_to_gdal(tmp_path):
    gdf = gpd.GeoDataFrame({"名称": ["腾讯"]}, geometry=gpd.points_from_xy([113.93], [22.54]),
                           crs=4326)
    gdf.to_file(tmp_path / "a.shp", encoding="GBK")
    assert loaders.dbf_encoding(tmp_path / "a.shp")[0] is None       # has a .cpg
    (tmp_path / "a.cpg").unlink()
    enc, reason = loaders.dbf_encoding(tmp_path / "a.shp")
    assert enc == "GB18030" and "no .cpg" in reason
    assert loaders.read_vector(tmp_path / "a.shp")["名称"].tolist() == ["腾讯"]


def test_a_shapefile_without_shx_is_refused_and_errors_name_the_file_not_its_folder(tmp_path):
    gdf = gpd.GeoDataFrame({"n": [1]}, geometry=gpd.points_from_xy([113.93], [22.54]), crs=4326)
    gdf.to_file(tmp_path / "b.shp")
    (tmp_path / "b.shx").unlink()
    with pytest.raises(DataValidationError) as err:
        loaders.read_vector(tmp_path / "b.shp")
    assert err.value.problems[0].source == "b.shp"
    assert "has no b.shx" in str(err.value) and str(tmp_path) not in str(err.value)
