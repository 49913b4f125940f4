"""An official boundary file replaces an area's polygon through the import path."""

import geopandas as gpd
import pytest
from shapely.geometry import Polygon

from build.boundary_import import read_boundary, replace_boundary
from core import crs, settings
from core.errors import DataValidationError
from data.areas import _load_areas_cached, load_areas

# A square inside 粤海街道 (the 深圳湾 cluster), WGS-84 degrees
SQUARE = [(113.940, 22.530), (113.955, 22.530), (113.955, 22.545), (113.940, 22.545)]


def write(tmp_path, name, coords, crs_code, driver):
    gdf = gpd.GeoDataFrame({"name": ["official"]}, geometry=[Polygon(coords)], crs=crs_code)
    path = tmp_path / name
    gdf.to_file(path, driver=driver)
    return path


def to_coords(func):
    lon, lat = func([p[0] for p in SQUARE], [p[1] for p in SQUARE])
    return list(zip(lon, lat, strict=True))


def centroid_shift_m(gdf):
    c = gdf.to_crs(settings.CRS_METRIC).geometry.iloc[0].centroid
    ref = gpd.GeoSeries([Polygon(SQUARE)], crs=4326).to_crs(settings.CRS_METRIC)[0].centroid
    return c.distance(ref)


def test_gcj02_file_lands_within_5_m_of_its_wgs84_twin(tmp_path):
    path = write(tmp_path, "gcj.geojson", to_coords(crs.wgs84_to_gcj02), 4326, "GeoJSON")
    assert centroid_shift_m(read_boundary(path, declared_crs="gcj02")) < 5
    # read as plain WGS-84 it would be ~600 m off: the declaration matters
    assert centroid_shift_m(read_boundary(path)) > 400


def test_bd09_file_is_converted(tmp_path):
    path = write(tmp_path, "bd.geojson", to_coords(crs.wgs84_to_bd09), 4326, "GeoJSON")
    assert centroid_shift_m(read_boundary(path, declared_crs="bd09")) < 5


def test_cgcs2000_gpkg_in_metres_is_reprojected(tmp_path):
    path = write(tmp_path, "gk.gpkg", to_coords(crs.to_metric), "EPSG:4547", "GPKG")
    assert centroid_shift_m(read_boundary(path)) < 0.5


def test_zipped_shapefile_is_read(tmp_path):
    import zipfile
    shp_dir = tmp_path / "shp"
    shp_dir.mkdir()
    write(shp_dir, "b.shp", SQUARE, 4326, "ESRI Shapefile")
    zpath = tmp_path / "b.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        for f in shp_dir.iterdir():
            z.write(f, f.name)
    assert centroid_shift_m(read_boundary(zpath)) < 0.5


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_undeclared_crs_is_refused(tmp_path):
    path = write(tmp_path, "nocrs.gpkg", SQUARE, None, "GPKG")
    with pytest.raises(DataValidationError, match="declares no coordinate system"):
        read_boundary(path)


def test_replaced_boundary_is_graded_official_and_used_by_the_loader(tmp_path):
    path = write(tmp_path, "gcj.geojson", to_coords(crs.wgs84_to_gcj02), 4326, "GeoJSON")
    out_dir = tmp_path / "overrides"
    # the test square is a fifth of the published 11.52 km²: confirmed with force
    target = replace_boundary("c01_shenzhen_bay", path, source="深圳市规划和自然资源局 test",
                              declared_crs="gcj02", precision_m=5, out_dir=out_dir,
                              force=True)
    assert target.exists()
    try:
        areas = load_areas(overrides=out_dir).set_index("id")
    finally:
        _load_areas_cached.cache_clear()
    row = areas.loc["c01_shenzhen_bay"]
    assert row["grade"] == "official" and row["precision_m"] == 5
    assert "gcj.geojson" in row["method"] and "gcj02" in row["method"]
    assert row["area_km2"] == pytest.approx(2.6, abs=0.3)  # 1.5 km × 1.67 km
    assert areas.loc["qianhai", "grade"] == "fitted"  # others untouched


def test_unknown_area_and_missing_source_are_refused(tmp_path):
    path = write(tmp_path, "a.geojson", SQUARE, 4326, "GeoJSON")
    with pytest.raises(DataValidationError, match="no area has id"):
        replace_boundary("nowhere", path, source="x", out_dir=tmp_path)
    with pytest.raises(DataValidationError, match="no source"):
        replace_boundary("qianhai", path, source=" ", out_dir=tmp_path)
