"""District / 街道 nesting, areas in EPSG:4547, the 深汕 approximation, attribution."""

import geopandas as gpd
import numpy as np
import pytest

from build import base_layers
from core import settings
from data import loaders


@pytest.fixture(scope="module")
def layers():
    return loaders.load_districts(), loaders.load_subdistricts(), loaders.load_shenshan()


def test_there_are_74_subdistricts_in_10_districts(layers):
    districts, subs, _ = layers
    assert len(subs) == 74 and subs["name_zh"].is_unique
    assert sorted(districts["name_zh"]) == sorted(settings.DISTRICT_NAMES_EN)
    assert districts["n_subdistricts"].sum() == 74


def test_every_subdistrict_lies_in_exactly_one_district(layers):
    districts, subs, _ = layers
    d = districts.to_crs(settings.CRS_METRIC)
    s = subs.to_crs(settings.CRS_METRIC)
    for _, row in s.iterrows():
        shares = d.intersection(row.geometry).area / row.geometry.area
        assert (shares > 0.999).sum() == 1, row["name_zh"]
        assert (shares > 0.001).sum() == 1, row["name_zh"]
        assert d.loc[shares.idxmax(), "name_zh"] == row["district_zh"]


def test_district_areas_sum_to_the_subdistrict_total_within_1_percent(layers):
    districts, subs, _ = layers
    d_km2 = districts.to_crs(settings.CRS_METRIC).area.sum() / 1e6
    s_km2 = subs.to_crs(settings.CRS_METRIC).area.sum() / 1e6
    assert abs(d_km2 - s_km2) / s_km2 < 0.01
    # Land-only city total is about 1,960 km² (official ≈1,997 km² incl. some water).
    assert 1900 < s_km2 < 2000


def test_area_in_degrees_fails_the_suite(layers):
    _, subs, _ = layers
    with pytest.raises(UserWarning, match="geographic CRS"):
        _ = subs.area


def test_shenshan_matches_published_land_area_and_states_its_grade(layers):
    _, _, shenshan = layers
    km2 = shenshan.to_crs(settings.CRS_METRIC).area.iloc[0] / 1e6
    assert km2 == pytest.approx(settings.SHENSHAN_LAND_AREA_KM2, rel=0.001)
    row = shenshan.iloc[0]
    assert row["grade"] == "approximate" and row["precision_m"] >= 1000
    assert "460.41" in row["method"] and "shenzhenshizhi" in row["sources"]
    minx, miny, maxx, maxy = shenshan.total_bounds
    assert settings.SHENSHAN_BBOX.contains(np.array([minx, maxx]), np.array([miny, maxy])).all()


def test_shipped_files_are_what_the_build_script_makes():
    for path, built in base_layers.build_all().items():
        shipped = gpd.read_file(path)
        assert list(shipped["id"]) == list(built["id"]), path
        a = shipped.to_crs(settings.CRS_METRIC).geometry
        b = built.to_crs(settings.CRS_METRIC).geometry
        diff = a.symmetric_difference(b, align=False).area / b.area
        assert (diff < 1e-6).all(), path  # coordinates are rounded to 1e-7° when written


def test_every_base_layer_carries_osm_attribution(layers):
    districts, subs, _ = layers
    assert subs["source"].str.contains("OpenStreetMap").all()
    assert districts["source"].str.contains("OpenStreetMap").all()
    sources_md = (settings.GEODATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert "© OpenStreetMap contributors" in sources_md and "ODbL" in sources_md
