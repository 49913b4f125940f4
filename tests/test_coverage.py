"""Coverage statistics pinned to values worked out by hand on a tiny fixture.

City: two 0.02° squares W (113.90–113.92) and E (113.92–113.94), 22.50–22.52.
Area A (cluster, focus semiconductor_ic) = W; area B (platform, focus biomedicine) =
113.91–113.93, overlapping half of W and half of E.
p3 lies on the W/E border, which is also A's east edge: by the boundary rule it is in
A (and B), and in the city exactly once.
"""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import box

from analysis import coverage
from analysis.context import SpatialContext

GEOD = Geod(ellps="GRS80")  # CGCS2000 uses the GRS80 ellipsoid


def geodesic_km2(geom):
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def geodesic_m(lon1, lat1, lon2, lat2):
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


W, E = box(113.90, 22.50, 113.92, 22.52), box(113.92, 22.50, 113.94, 22.52)
A, B = W, box(113.91, 22.50, 113.93, 22.52)


@pytest.fixture(scope="module")
def ctx():
    admin = gpd.GeoDataFrame({"name_zh": ["W街道", "E街道"], "district_zh": ["南山区"] * 2},
                             geometry=[W, E], crs="EPSG:4326")
    areas = gpd.GeoDataFrame({
        "id": ["A", "B"], "name_zh": ["甲", "乙"], "name_en": ["A", "B"],
        "kind": ["innovation_cluster", "strategic_platform"], "grade": ["official"] * 2,
        "parent": [None, None], "industry_ids": [["semiconductor_ic"], ["biomedicine"]]},
        geometry=[A, B], crs="EPSG:4326")
    return SpatialContext.from_layers(areas, admin)


@pytest.fixture(scope="module")
def points():
    return pd.DataFrame({
        "id": ["p1", "p2", "p3", "p4", "p5"],
        "kind": ["facility", "enterprise", "enterprise", "enterprise", "enterprise"],
        "category": ["big_science", "firm", "firm", "firm", "firm"],
        "industries": [["semiconductor_ic"], ["biomedicine"], ["semiconductor_ic"],
                       ["biomedicine"], ["biomedicine"]],
        "lon": [113.905, 113.912, 113.920, 113.935, 114.5],   # p3 on the W/E border
        "lat": [22.51, 22.51, 22.505, 22.505, 22.7]})


def test_counts_per_area_and_city_summaries(ctx, points):
    t = coverage.coverage_table(points, ctx).set_index("id")
    assert t.loc["A", ["n_facilities", "n_enterprises"]].tolist() == [1, 2]  # p2, p3
    assert t.loc["B", ["n_facilities", "n_enterprises"]].tolist() == [0, 2]
    assert t.loc["city", ["n_facilities", "n_enterprises"]].tolist() == [1, 3]  # p5 outside
    assert t.loc["inside_any", "n_enterprises"] == 2
    assert t.loc["outside_all", "n_enterprises"] == 1


def test_areas_in_km2_match_a_geodesic_measurement(ctx, points):
    t = coverage.coverage_table(points, ctx).set_index("id")
    assert t.loc["A", "area_km2"] == pytest.approx(geodesic_km2(A), rel=1e-3)
    assert t.loc["city", "area_km2"] == pytest.approx(geodesic_km2(W) + geodesic_km2(E),
                                                      rel=1e-3)
    assert t.loc["inside_any", "area_km2"] == pytest.approx(0.75 * t.loc["city", "area_km2"],
                                                            rel=1e-3)
    assert t.loc["A", "facilities_per_km2"] == pytest.approx(1 / geodesic_km2(A), rel=1e-3)
    assert 4.5 < t.loc["A", "area_km2"] < 4.7  # 0.02° × 0.02° at 22.5°N


def test_shares_of_the_city(ctx, points):
    t = coverage.coverage_table(points, ctx).set_index("id")
    assert t.loc["B", "share_city_enterprises"] == pytest.approx(2 / 3)
    assert t.loc["A", "share_city_facilities"] == 1.0


def test_focus_alignment(ctx, points):
    t = coverage.coverage_table(points, ctx).set_index("id")
    assert t.loc["A", "focus_alignment"] == pytest.approx(2 / 3)  # p1, p3 semi; p2 bio
    assert t.loc["B", "focus_alignment"] == 0.5  # p2 bio (focus) + p3 semi


def test_industry_filter_applies_to_counts(ctx, points):
    t = coverage.coverage_table(points, ctx, industries=["生物医药"]).set_index("id")
    assert t.loc["B", "n_enterprises"] == 1 and t.loc["A", "n_facilities"] == 0
    assert t.loc["city", "n_enterprises"] == 2  # p2, p4
    assert bool(t.loc["B", "focus_matches_filter"]) and not t.loc["A", "focus_matches_filter"]
    with pytest.raises(ValueError, match="unknown industry"):
        coverage.coverage_table(points, ctx, industries=["不存在"])


def test_location_quotient_formula(ctx, points):
    lq = coverage.location_quotients(points, ctx)
    # city enterprise labels: bio 2/3, semi 1/3 (p5 outside the city); A holds p2 bio
    # and p3 semi: (1/2)/(2/3) and (1/2)/(1/3)
    assert lq.loc["A", "biomedicine"] == pytest.approx(0.75)
    assert lq.loc["A", "semiconductor_ic"] == pytest.approx(1.5)
    assert lq.loc["B", "semiconductor_ic"] == pytest.approx(1.5)
    assert lq.loc["B", "biomedicine"] == pytest.approx(0.75)
    assert np.isnan(lq.loc["A", "quantum_info"])


def test_overlap_of_areas(ctx):
    o = coverage.overlaps(ctx)
    assert o[["area_a", "area_b"]].values.tolist() == [["A", "B"]]
    assert o.loc[0, "share_of_a"] == pytest.approx(0.5, rel=1e-3)
    assert o.loc[0, "overlap_km2"] == pytest.approx(geodesic_km2(box(113.91, 22.50, 113.92,
                                                                     22.52)), rel=1e-3)


def test_proximity_coverage_in_metres(ctx, points):
    # p2 is ≈719 m, p3 ≈1.54 km and p4 ≈3.08 km from the big-science facility p1
    assert 700 < geodesic_m(113.905, 22.51, 113.912, 22.51) < 740
    p = coverage.proximity_coverage(points, ctx).set_index("id")
    assert p.loc["city", ["share_within_1000m", "share_within_2000m",
                          "share_within_5000m"]].tolist() == pytest.approx([1 / 3, 2 / 3, 1])
    assert p.loc["B", "share_within_1000m"] == 0.5 and p.loc["B", "share_within_2000m"] == 1
    assert p.loc["A", "n_enterprises"] == 2 and p.loc["A", "share_within_1000m"] == 0.5


def test_counts_by_category_and_industry(ctx, points):
    c = coverage.counts_by(points, ctx, by="industry")
    b = c[c.area_id == "B"].set_index("key")["count"].to_dict()
    assert b == {"biomedicine": 1, "semiconductor_ic": 1}
    k = coverage.counts_by(points, ctx, by="category")
    assert k[(k.area_id == "A") & (k.key == "big_science")]["count"].item() == 1


def test_statistics_do_not_mutate_their_inputs(ctx, points):
    before = points.copy(deep=True)
    coverage.coverage_table(points, ctx, industries=["biomedicine"])
    pd.testing.assert_frame_equal(points, before)


@pytest.mark.parametrize("kw", [{}, {"industries": ["biomedicine"]},
                                {"categories": ["big_science"]},
                                {"industries": ["semiconductor_ic"], "categories": ["lab"]}])
def test_a_join_computed_once_gives_the_same_table_under_every_filter(ctx, points, kw):
    joined = coverage.join(points, ctx)
    fresh = coverage.coverage_table(points, ctx, **kw)
    reused = coverage.coverage_table(points, ctx, joined=joined, **kw)
    pd.testing.assert_frame_equal(fresh, reused)
    pd.testing.assert_frame_equal(coverage.location_quotients(points, ctx),
                                  coverage.location_quotients(points, ctx, joined=joined))
    pd.testing.assert_frame_equal(coverage.counts_by(points, ctx, by="industry"),
                                  coverage.counts_by(points, ctx, by="industry",
                                                     joined=joined))


def test_category_filter_applies_to_facilities_only(points):
    kept = coverage.filter_points(points, categories=["lab"])
    assert (kept["kind"] == "enterprise").all() and len(kept) == 4


def test_a_join_of_other_points_is_refused(ctx, points):
    joined = coverage.join(points.iloc[:3], ctx)
    with pytest.raises(ValueError, match="does not belong"):
        coverage.coverage_table(points, ctx, joined=joined)


@pytest.mark.parametrize("kw", [{}, {"industries": ["biomedicine"]},
                                {"categories": ["big_science"]}])
def test_counts_of_parts_add_up_to_the_tables_of_the_whole(ctx, points, kw):
    whole = pd.concat([points] * 3, ignore_index=True)  # facilities in the later parts too
    anchors = coverage.proximity_anchors(whole)
    parts = [whole.iloc[:4], whole.iloc[4:9], whole.iloc[9:9], whole.iloc[9:]]
    counts = coverage.stats_counts(parts[0], ctx, anchors=anchors, **kw)
    for part in parts[1:]:
        counts = coverage.add_counts(counts, coverage.stats_counts(part, ctx,
                                                                   anchors=anchors, **kw))
    got = coverage.stats_tables(counts, ctx, industries=kw.get("industries"))
    pd.testing.assert_frame_equal(got["coverage"], coverage.coverage_table(whole, ctx, **kw))
    pd.testing.assert_frame_equal(got["lq"], coverage.location_quotients(whole, ctx))
    pd.testing.assert_frame_equal(got["proximity"], coverage.proximity_coverage(whole, ctx))


# --- surely inside vs uncertain, located vs area-level, lower-bound densities -------
def _edge_distance_m(lon, lat, area):
    """Distance (m, EPSG:4547) from a point to the edge of a WGS-84 polygon."""
    from core.crs import to_metric

    metric = gpd.GeoSeries([area], crs="EPSG:4326").to_crs("EPSG:4547").iloc[0]
    x, y = to_metric(np.array([lon]), np.array([lat]))
    return float(metric.boundary.distance(shapely.Point(x[0], y[0])))


def _one_facility(lon, lat, precision_m, container=""):
    return pd.DataFrame({"kind": ["facility"], "category": ["lab"],
                         "industries": [["semiconductor_ic"]], "lon": [lon], "lat": [lat],
                         "precision_m": [precision_m], "container": [container]})


@pytest.mark.parametrize(("margin_m", "sure"), [(-50.0, True), (50.0, False)])
def test_a_point_is_surely_inside_only_when_farther_from_the_edge_than_its_bound(
        ctx, margin_m, sure):
    lon, lat = 113.903, 22.51  # in A (= W), about 300 m from its west edge
    d = _edge_distance_m(lon, lat, A)
    assert 250 < d < 350
    row = coverage.coverage_table(_one_facility(lon, lat, d + margin_m), ctx
                                  ).set_index("id").loc["A"]
    assert row["n_facilities"] == 1
    assert (row["n_facilities_sure"], row["n_facilities_uncertain"]) == \
        ((1, 0) if sure else (0, 1))
    assert row["n_facilities_area_level"] == 0  # located, not area-level


def test_a_point_without_an_error_bound_is_taken_at_its_coordinate(ctx):
    pts = _one_facility(113.903, 22.51, np.nan).drop(columns=["precision_m"])
    row = coverage.coverage_table(pts, ctx).set_index("id").loc["A"]
    assert (row["n_facilities_sure"], row["n_facilities_uncertain"]) == (1, 0)


def test_an_area_level_point_is_sure_in_its_own_area_and_counted_apart(ctx):
    # placed at A's middle with A's radius: its disc crosses A's and B's edges, but its
    # source says it lies in A; for B it stays uncertain
    pts = _one_facility(113.915, 22.51, 1600.0, container="area:A")
    t = coverage.coverage_table(pts, ctx).set_index("id")
    assert (t.loc["A", "n_facilities_sure"], t.loc["A", "n_facilities_uncertain"]) == (1, 0)
    assert (t.loc["B", "n_facilities_sure"], t.loc["B", "n_facilities_uncertain"]) == (0, 1)
    assert t.loc["A", "n_facilities_area_level"] == 1
    assert t.loc["city", "n_facilities_area_level"] == 1
    assert pd.isna(t.loc["city", "n_facilities_sure"])  # no edge to measure from


def test_sure_and_uncertain_add_up_to_the_count(ctx, points):
    t = coverage.coverage_table(points.assign(precision_m=[5000.0, 10, 10, 10, 10]), ctx)
    areas = t[t["kind"] != "summary"]
    for word in ("facilities", "enterprises"):
        assert (areas[f"n_{word}_sure"] + areas[f"n_{word}_uncertain"]
                == areas[f"n_{word}"]).all()
    assert t.set_index("id").loc["A", "n_facilities_uncertain"] == 1  # p1, ±5 km


def test_densities_of_an_envelope_area_are_flagged_as_lower_bounds(ctx, points):
    envelope = SpatialContext.from_layers(
        ctx.areas.assign(grade=["envelope", "official"]), ctx.admin)
    t = coverage.coverage_table(points, envelope).set_index("id")
    assert t.loc["A", "density_lower_bound"]
    assert not t.loc["B", "density_lower_bound"]
    assert pd.isna(t.loc["city", "density_lower_bound"])


def test_area_level_points_are_read_from_the_catalogues_location_method():
    from analysis.location_level import container_of, containers
    from core.i18n import msg

    method = msg("catalogue.method.located_in", name="粤海街道",
                 unit=msg("catalogue.unit.subdistrict")).text("en")
    assert container_of(method) == "subdistrict:粤海街道"
    assert container_of("published address/coordinate (see source)") == ""
    frame = pd.DataFrame({"location_method": [method, None, "x"]})
    assert containers(frame).tolist() == ["subdistrict:粤海街道", "", ""]
    assert containers(pd.DataFrame({"lon": [1.0]})).tolist() == [""]


@pytest.mark.parametrize("kw", [{}, {"industries": ["biomedicine"]},
                                {"categories": ["big_science"]}])
def test_surely_inside_measured_once_gives_the_same_table_under_every_filter(ctx, points,
                                                                             kw):
    pts = points.assign(precision_m=[5000.0, 10, 600, 10, np.nan],
                        container=["area:A", "", "", "", ""])
    measured = coverage.with_certainty(coverage.join(pts, ctx), pts, ctx)
    pd.testing.assert_frame_equal(coverage.coverage_table(pts, ctx, **kw),
                                  coverage.coverage_table(pts, ctx, joined=measured, **kw))
