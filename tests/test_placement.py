"""Placement check: verdicts, reasons, nearest matching area, nearest facilities, sites."""

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from analysis.placement import check_placement, nearest_facilities_text, site_overlaps
from tests.test_coverage import A, B, geodesic_km2, geodesic_m
from tests.test_coverage import ctx as ctx


def run(ctx, rows, **kw):
    df = pd.DataFrame(rows, columns=["lon", "lat", "industry"])
    return check_placement(df, ctx, **kw)


def test_industry_in_the_focus_is_a_match(ctx):
    r = run(ctx, [(113.902, 22.51, "semiconductor_ic")]).iloc[0]
    assert r["focus_match"] == "match" and "甲" in r["focus_reason"]
    assert r["area_ids"] == "A" and r["cluster_ids"] == "A" and r["platform_ids"] == ""
    assert r["subdistrict"] == "W街道" and r["district"] == "南山区"
    assert r["nearest_match_id"] == "A" and r["nearest_match_m"] == 0


def test_same_sector_is_partial(ctx):
    r = run(ctx, [(113.902, 22.51, "智能终端")]).iloc[0]  # sector of semiconductor_ic
    assert r["focus_match"] == "partial" and "新一代电子信息" in r["focus_reason"]


def test_other_industry_inside_an_area_is_no_with_distance_to_nearest_match(ctx):
    r = run(ctx, [(113.902, 22.51, "biomedicine")]).iloc[0]
    assert r["focus_match"] == "no"
    assert r["nearest_match_id"] == "B"
    assert r["nearest_match_m"] == pytest.approx(geodesic_m(113.902, 22.51, 113.91, 22.51),
                                                 abs=1.0)


def test_outside_every_area(ctx):
    r = run(ctx, [(113.935, 22.505, "semiconductor_ic")]).iloc[0]
    assert r["focus_match"] == "outside" and r["area_ids"] == ""
    assert r["subdistrict"] == "E街道"
    assert r["nearest_match_id"] == "A"
    assert r["nearest_match_m"] == pytest.approx(geodesic_m(113.935, 22.505, 113.92, 22.505),
                                                 abs=1.0)


def test_missing_or_unknown_industry_is_unknown_with_the_term_listed(ctx):
    res = run(ctx, [(113.902, 22.51, None), (113.902, 22.51, "量子引力")], lang="en")
    assert res["focus_match"].tolist() == ["unknown", "unknown"]
    assert res.iloc[0]["focus_reason"] == "no industry given"
    assert "量子引力" in res.iloc[1]["focus_reason"]
    assert pd.isna(res.iloc[0]["nearest_match_id"])


def test_several_industries_in_one_cell(ctx):
    r = run(ctx, [(113.915, 22.51, "量子引力；生物医药")]).iloc[0]
    assert r["focus_match"] == "match" and "量子引力" in r["focus_reason"]
    assert r["area_ids"] == "A;B"


def test_result_keeps_the_input_index_and_every_row(ctx):
    df = pd.DataFrame({"lon": [113.902, 200.0, 113.935], "lat": [22.51, 95.0, 22.505],
                       "industry": ["biomedicine"] * 3}, index=[7, 3, 9])
    res = check_placement(df, ctx)
    assert list(res.index) == [7, 3, 9]
    assert res.loc[3, "focus_match"] == "outside" and pd.isna(res.loc[3, "district"])


def test_nearest_facilities_are_listed_by_distance(ctx):
    fac = pd.DataFrame({"name_zh": ["远", "近"], "lon": [113.935, 113.903], "lat": [22.51] * 2})
    r = run(ctx, [(113.902, 22.51, "biomedicine")], facilities=fac, k=2).iloc[0]
    assert r["nearest_facility_1"] == "近" and r["nearest_facility_2"] == "远"
    assert r["nearest_facility_1_m"] < r["nearest_facility_2_m"]
    assert r["nearest_facility_1_m"] == pytest.approx(geodesic_m(113.902, 22.51, 113.903,
                                                                 22.51), abs=1.0)
    near, far = nearest_facilities_text(r).split("; ")
    assert near.startswith("近 (") and far.startswith("远 (")


def test_site_overlap_with_each_area(ctx):
    site = box(113.905, 22.50, 113.915, 22.52)  # half in A only, half in A∩B
    o = site_overlaps(site, ctx).set_index(["layer", "id"])
    assert o.loc[("area", "A"), "share_of_site"] == pytest.approx(1.0, rel=1e-4)
    assert o.loc[("area", "B"), "share_of_site"] == pytest.approx(0.5, rel=1e-3)
    assert o.loc[("area", "A"), "overlap_km2"] == pytest.approx(geodesic_km2(site), rel=1e-3)
    assert o.loc[("area", "A"), "share_of_area"] == pytest.approx(0.5, rel=1e-3)
    with pytest.raises(ValueError, match="no area"):
        site_overlaps(box(113.9, 22.5, 113.9, 22.5), ctx)
    assert A.area > 0 and B.area > 0


def test_known_point_on_real_data_lands_in_yuehai_and_the_shenzhen_bay_cluster():
    from analysis.context import build_context
    # representative point of 粤海街道 (geodata/raw/sz_subdistricts74_attributes.csv)
    df = pd.DataFrame({"lon": [113.937938], "lat": [22.532219], "industry": ["半导体与集成电路"]})
    r = check_placement(df, build_context()).iloc[0]
    assert r["subdistrict"] == "粤海街道" and r["district"] == "南山区"
    assert "c01_shenzhen_bay" in r["cluster_ids"].split(";")
    assert r["focus_match"] == "match"


def test_boundary_distance_is_exact_on_squares_and_holes_and_bounded_elsewhere():
    import numpy as np
    import shapely
    from shapely.geometry import Polygon

    from analysis.nearest import BoundaryNearest
    holed = Polygon(box(2000, 0, 4000, 2000).exterior.coords,
                    [box(2500, 500, 3000, 1000).exterior.coords])
    geoms = np.array([box(0, 0, 1000, 1000), holed])
    near = BoundaryNearest(geoms)
    d, which = near.query([500, 5000, 2700, 1400], [1500, 500, 700, 500])
    assert d.tolist() == pytest.approx([500.0, 1000.0, 200.0, 400.0])
    assert which.tolist() == [0, 1, 1, 0]
    rng = np.random.default_rng(0)
    x, y = rng.uniform(-3000, 7000, 5000), rng.uniform(-3000, 5000, 5000)
    exact = shapely.distance(shapely.points(x, y), shapely.union_all(
        shapely.boundary(geoms)))
    got, _ = near.query(x, y)
    assert (got >= exact - 1e-6).all() and (got - exact).max() <= 10.0


def test_empty_input_gives_an_empty_result(ctx):
    res = run(ctx, [])
    assert len(res) == 0 and "focus_match" in res.columns


def test_nearest_facilities_state_their_location_precision(ctx):
    fac = pd.DataFrame({"name_zh": ["甲"], "lon": [113.903], "lat": [22.51],
                        "precision_m": [2200.0]})
    r = run(ctx, [(113.902, 22.51, "biomedicine")], facilities=fac, k=1).iloc[0]
    assert r["nearest_facility_1_precision_m"] == 2200
    assert nearest_facilities_text(r).endswith("±2,200 m)")


@pytest.fixture(scope="module")
def graded_ctx():
    """A (±500 m, admin_derived) holds semiconductors; V (±3 km, envelope) biomedicine."""
    import geopandas as gpd

    from analysis.context import SpatialContext
    from tests.test_coverage import E, W
    admin = gpd.GeoDataFrame({"name_zh": ["W街道", "E街道"], "district_zh": ["南山区"] * 2},
                             geometry=[W, E], crs="EPSG:4326")
    areas = gpd.GeoDataFrame({
        "id": ["A", "V"], "name_zh": ["甲", "封"], "name_en": ["A", "V"],
        "kind": ["innovation_cluster"] * 2, "grade": ["admin_derived", "envelope"],
        "precision_m": [500, 3000], "parent": [None, None],
        "industry_ids": [["semiconductor_ic"], ["biomedicine"]]},
        geometry=[box(113.90, 22.50, 113.92, 22.52), box(113.93, 22.45, 114.03, 22.55)],
        crs="EPSG:4326")
    return SpatialContext.from_layers(areas, admin)


def test_a_point_outside_but_within_the_error_bound_reads_near_the_boundary(graded_ctx):
    # 113.924 E is ≈ 410 m east of A's edge (113.92 E), within its ±500 m bound
    r = run(graded_ctx, [(113.924, 22.51, "semiconductor_ic")], lang="en").iloc[0]
    assert r["focus_match"] == "outside" and r["certainty"] == "near_boundary"
    assert "near the boundary, verify" in r["boundary_note"] and "±500 m" in r["boundary_note"]


def test_a_point_inside_but_near_the_edge_reads_near_the_boundary_too(graded_ctx):
    r = run(graded_ctx, [(113.918, 22.51, "semiconductor_ic")]).iloc[0]
    assert r["focus_match"] == "match" and r["certainty"] == "near_boundary"
    assert "边界附近，需核实" in r["boundary_note"] and "甲" in r["boundary_note"]


def test_a_point_deep_inside_a_precise_area_is_firm(graded_ctx):
    r = run(graded_ctx, [(113.91, 22.51, "semiconductor_ic")]).iloc[0]
    assert r["focus_match"] == "match" and r["certainty"] == "firm"
    assert r["boundary_note"] == ""


def test_containment_in_an_envelope_reads_possibly(graded_ctx):
    r = run(graded_ctx, [(113.98, 22.50, "biomedicine")], lang="en").iloc[0]
    assert r["focus_match"] == "match" and r["certainty"] == "possibly"
    assert r["boundary_note"].startswith("possibly:")


def test_a_near_edge_that_cannot_change_the_verdict_leaves_it_firm(graded_ctx):
    # deep in A; V's edge (±3 km) is ≈ 1 km away but V does not hold semiconductors,
    # so counting the point in V or not leaves "match"
    r = run(graded_ctx, [(113.91, 22.51, "semiconductor_ic")]).iloc[0]
    assert r["certainty"] == "firm"


def test_a_point_with_its_own_error_bound_is_near_an_edge_that_bound_reaches():
    """A geocoded point carries its own precision_m: an area's edge within the
    boundary's bound plus the point's makes the verdict 'near the boundary', named in
    the note with both bounds; the same point without a bound stays firm."""
    from analysis.context import build_context
    from analysis.placement import check_placement

    ctx = build_context()
    # 粤海街道's published point lies inside 深圳湾 (c01), about 1 km from its edge
    pts = pd.DataFrame({"lon": [113.937938, 113.937938], "lat": [22.532219, 22.532219],
                        "industry": ["智能终端", "智能终端"], "p": [np.nan, 3000.0]})
    res = check_placement(pts, ctx, lang="en", point_precision="p")
    assert res["focus_match"].tolist() == ["match", "match"]
    assert res["certainty"].tolist() == ["firm", "near_boundary"]
    assert "plus the point's own ±3,000 m" in res["boundary_note"].iloc[1]
    zh = check_placement(pts, ctx, lang="zh", point_precision="p")
    assert "该点定位误差 ±3,000 米" in zh["boundary_note"].iloc[1]
    # a bound that reaches no edge changes nothing
    small = check_placement(pts.assign(p=[np.nan, 5.0]), ctx, point_precision="p")
    assert small["certainty"].tolist() == ["firm", "firm"]
