"""Coordinate conversions: GCJ-02 against the shipped file pair, round trips, metric."""

import geopandas as gpd
import numpy as np
import pytest
import shapely

from core import crs, settings


@pytest.fixture(scope="module")
def vertex_pairs():
    """Every vertex of the 74 街道 in WGS-84 and in GCJ-02 (same order in both files)."""
    w = gpd.read_file(settings.RAW_SUBDISTRICTS_WGS84)
    g = gpd.read_file(settings.RAW_SUBDISTRICTS_GCJ02)
    assert (w["osm_id"].to_numpy() == g["osm_id"].to_numpy()).all()
    return shapely.get_coordinates(w.geometry), shapely.get_coordinates(g.geometry)


def test_gcj02_to_wgs84_reproduces_published_wgs84_file_within_5_m(vertex_pairs):
    wgs, gcj = vertex_pairs
    lon, lat = crs.gcj02_to_wgs84(gcj[:, 0], gcj[:, 1])
    err = crs.distance_m(lon, lat, wgs[:, 0], wgs[:, 1])
    assert len(err) > 20_000
    assert err.max() < 5.0


def test_gcj02_offset_in_shenzhen_is_about_600_m(vertex_pairs):
    wgs, gcj = vertex_pairs
    off = crs.distance_m(gcj[:, 0], gcj[:, 1], wgs[:, 0], wgs[:, 1])
    assert off.min() > 500 and off.max() < 700


@pytest.mark.parametrize(
    "forward, backward",
    [
        (crs.wgs84_to_gcj02, crs.gcj02_to_wgs84),
        (crs.wgs84_to_bd09, crs.bd09_to_wgs84),
        (crs.gcj02_to_bd09, crs.bd09_to_gcj02),
        (crs.to_metric, crs.from_metric),
    ],
)
def test_round_trip_stays_within_half_a_metre(forward, backward):
    rng = np.random.default_rng(7)
    lon = rng.uniform(113.75, 114.62, 5000)
    lat = rng.uniform(22.40, 22.86, 5000)
    lon2, lat2 = backward(*forward(lon, lat))
    assert crs.distance_m(lon, lat, lon2, lat2).max() < 0.5


def test_bd09_is_further_from_wgs84_than_gcj02():
    lon, lat = np.array([114.0579]), np.array([22.5431])  # 市民中心 area
    g = crs.distance_m(lon, lat, *crs.wgs84_to_gcj02(lon, lat))[0]
    b = crs.distance_m(lon, lat, *crs.wgs84_to_bd09(lon, lat))[0]
    assert 500 < g < 700
    assert b > g + 300


def test_conversion_accepts_scalars_and_keeps_shape():
    lon, lat = crs.gcj02_to_wgs84(114.0, 22.5)
    assert np.ndim(lon) == 0 and np.ndim(lat) == 0
    arr = np.full((3, 4), 114.0)
    assert crs.wgs84_to_gcj02(arr, arr * 0 + 22.5)[0].shape == (3, 4)


def test_metric_crs_is_cgcs2000_gauss_kruger_114e():
    x, y = crs.to_metric(114.0, 22.5)
    # EPSG:4547 is the "CM 114E" variant: false easting 500,000 m, no zone prefix
    # (the zone-prefixed EPSG:4526 would give 38,500,000 m).
    assert abs(float(x) - 500_000) < 1.0
    assert 2_480_000 < float(y) < 2_500_000


@pytest.mark.parametrize("name, expect_shift", [("wgs84", False), ("WGS-84", False),
                                                ("gcj02", True), ("bd09", True)])
def test_to_wgs84_dispatches_on_declared_crs(name, expect_shift):
    lon, lat = crs.to_wgs84([114.05], [22.55], name)
    moved = crs.distance_m(114.05, 22.55, lon, lat)[0]
    assert (moved > 100) == expect_shift


def test_to_wgs84_from_epsg4547_metres():
    x, y = crs.to_metric(113.95, 22.53)
    lon, lat = crs.to_wgs84(x, y, "epsg4547")
    assert crs.distance_m(113.95, 22.53, lon, lat) < 0.01


def test_unknown_crs_names_the_choices():
    with pytest.raises(ValueError, match="gcj02"):
        crs.to_wgs84([1], [2], "mercator")
