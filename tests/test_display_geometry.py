"""Display copies of the boundaries: fewer vertices, never further than the tolerance
(plus the 1e-5° grid) from the stored geometry, and only for EPSG:4326 input."""

import geopandas as gpd
import pytest
import shapely

from core import settings
from data import loaders
from maps.folium.geometry import DISPLAY_TOLERANCE_M, for_display


def test_the_subdistricts_for_display_have_fewer_vertices_and_stay_within_tolerance():
    stored = loaders.load_subdistricts()
    shown = for_display(stored)
    n_stored = shapely.get_num_coordinates(stored.geometry.to_numpy()).sum()
    n_shown = shapely.get_num_coordinates(shown.geometry.to_numpy()).sum()
    assert n_shown < 0.7 * n_stored
    assert shown.is_valid.all() and (shown.index == stored.index).all()
    a = stored.geometry.to_crs(settings.CRS_METRIC).to_numpy()
    b = shown.geometry.to_crs(settings.CRS_METRIC).to_numpy()
    # 1e-5° is at most ≈ 1.1 m per axis here; Hausdorff distance in metres
    assert shapely.hausdorff_distance(a, b).max() <= DISPLAY_TOLERANCE_M + 2.0
    assert list(shown.columns) == list(stored.columns)


def test_display_copies_refuse_a_frame_not_in_wgs84():
    metric = loaders.load_districts().to_crs(settings.CRS_METRIC)
    with pytest.raises(ValueError, match="EPSG:4326"):
        for_display(metric)
    with pytest.raises(ValueError, match="EPSG:4326"):
        for_display(gpd.GeoDataFrame(geometry=[shapely.Point(0, 0)]))
