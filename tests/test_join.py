"""Point-in-polygon join: boundary rule, overlaps, bad coordinates, and agreement with
geopandas.sjoin on the real layers."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon, box

from analysis.context import SpatialContext
from analysis.join import GridIndex, sjoin_reference
from data import loaders


@pytest.fixture
def two_squares():
    """Two 0.01° squares in 南山 sharing the edge lon = 113.95, and a third overlapping."""
    return gpd.GeoDataFrame(
        {"id": ["west", "east", "overlap"], "name_zh": ["西", "东", "叠"],
         "district_zh": ["南山区", "南山区", "南山区"]},
        geometry=[box(113.94, 22.52, 113.95, 22.53), box(113.95, 22.52, 113.96, 22.53),
                  box(113.945, 22.525, 113.955, 22.535)],
        crs="EPSG:4326")


@pytest.mark.parametrize("cell", [0.0025, 0.003, 0.01])
def test_point_on_a_shared_edge_is_counted_once_in_an_exclusive_layer(two_squares, cell):
    idx = GridIndex(two_squares.iloc[:2], cell_deg=cell)
    got = idx.assign_first([113.95, 113.945, 113.955, 113.97], [22.522, 22.522, 22.522, 22.5])
    assert got.tolist() == [0, 0, 1, -1]  # edge -> first listed; outside -> -1


def test_points_on_outer_edges_and_corners_are_inside(two_squares):
    idx = GridIndex(two_squares.iloc[:2])
    got = idx.assign_first([113.94, 113.96, 113.94, 113.955], [22.525, 22.53, 22.52, 22.53])
    assert (got >= 0).all()


def test_overlapping_areas_give_one_pair_per_area(two_squares):
    idx = GridIndex(two_squares)
    pt, poly = idx.pairs([113.948, 113.952, 113.941, 113.99], [22.527, 22.527, 22.521, 22.5])
    assert list(zip(pt.tolist(), poly.tolist(), strict=True)) == [
        (0, 0), (0, 2), (1, 1), (1, 2), (2, 0)]


def test_nan_and_far_away_points_join_nothing(two_squares):
    idx = GridIndex(two_squares)
    pt, _ = idx.pairs([np.nan, 0.0, 180.0], [22.5, np.nan, 90.0])
    assert len(pt) == 0


def test_polygon_with_hole_excludes_the_hole():
    ring = Polygon(box(113.90, 22.50, 113.94, 22.54).exterior.coords,
                   [box(113.91, 22.51, 113.93, 22.53).exterior.coords])
    idx = GridIndex(gpd.GeoDataFrame(geometry=[ring], crs="EPSG:4326"))
    assert idx.assign_first([113.92, 113.905], [22.52, 22.505]).tolist() == [-1, 0]


def test_wrong_crs_is_refused(two_squares):
    with pytest.raises(ValueError, match="EPSG:4326"):
        GridIndex(two_squares.to_crs(4547))


def test_pairs_equal_geopandas_sjoin_on_the_74_subdistricts():
    subs = loaders.load_subdistricts()
    rng = np.random.default_rng(3)
    n = 50_000
    pts = pd.DataFrame({"lon": rng.uniform(113.75, 114.62, n),
                        "lat": rng.uniform(22.40, 22.86, n)})
    # plus every vertex of a few 街道: exactly on boundaries
    verts = np.asarray(subs.geometry.iloc[0].exterior.coords)[:200]
    pts = pd.concat([pts, pd.DataFrame(verts, columns=["lon", "lat"])], ignore_index=True)
    got = GridIndex(subs).pairs(pts["lon"], pts["lat"])
    ref = sjoin_reference(pts, subs)
    assert np.array_equal(got[0], ref[0]) and np.array_equal(got[1], ref[1])


def test_context_locates_subdistrict_and_district_and_lists_area_memberships(two_squares):
    ctx = SpatialContext.from_layers(two_squares, two_squares.iloc[:2])
    located = ctx.locate([113.948, 113.99], [22.527, 22.5])
    assert located.loc[0, "subdistrict"] == "西" and located.loc[0, "district"] == "南山区"
    assert pd.isna(located.loc[1, "subdistrict"])
    pt, poly = ctx.memberships([113.948, 113.99], [22.527, 22.5])
    assert two_squares["id"].to_numpy()[poly].tolist() == ["west", "overlap"]
    assert pt.tolist() == [0, 0]


def test_points_in_shenshan_get_its_district():
    from analysis.context import build_context
    ctx = build_context()
    located = ctx.locate([115.0], [22.85])
    assert located.loc[0, "district"] == "深汕特别合作区"
    assert pd.isna(located.loc[0, "subdistrict"])


def test_identical_polygons_each_get_their_points(two_squares):
    dup = pd.concat([two_squares, two_squares.iloc[[0]]], ignore_index=True)
    pt, poly = GridIndex(dup).pairs([113.941, 113.95], [22.521, 22.5205])
    assert list(zip(pt.tolist(), poly.tolist(), strict=True)) == [
        (0, 0), (0, 3), (1, 0), (1, 1), (1, 3)]


def test_cached_context_answers_like_a_fresh_one_and_follows_its_inputs(tmp_path,
                                                                         monkeypatch):
    import numpy as np

    from analysis import context
    monkeypatch.setattr(context, "CACHE_DIR", tmp_path)
    fresh = context.build_context(use_cache=False)
    first = context.build_context()           # builds and writes the cache
    assert len(list(tmp_path.glob("context-*.pkl"))) == 1
    cached = context.build_context()          # read back
    rng = np.random.default_rng(5)
    lon, lat = rng.uniform(113.8, 114.6, 5000), rng.uniform(22.45, 22.85, 5000)
    for ctx in (first, cached):
        for a, b in zip(ctx.memberships(lon, lat), fresh.memberships(lon, lat), strict=True):
            assert np.array_equal(a, b)
        assert ctx.locate(lon, lat).equals(fresh.locate(lon, lat))
    key = context._input_fingerprint()
    monkeypatch.setattr(context.settings, "OVERRIDES_DIR", tmp_path)
    (tmp_path / "x.geojson").write_text("{}", encoding="utf-8")
    assert context._input_fingerprint() != key  # a new override file → a new key


# --- the compiled kernel against geopandas.sjoin: several sizes, hostile points -------
def _first_of(pairs, n):
    """assign_first from sorted (point, polygon) pairs: the lowest polygon, else -1."""
    pt, poly = pairs
    out = np.full(n, -1, dtype=np.int64)
    first = np.ones(len(pt), dtype=bool)
    first[1:] = pt[1:] != pt[:-1]
    out[pt[first]] = poly[first]
    return out


def _hostile_points(layer, cell):
    """Points where a fast test could go wrong: every vertex, edge midpoints, vertices
    nudged by one ulp, points on the grid's cell lines."""
    xy = shapely.get_coordinates(layer.geometry.to_numpy())
    mid = (xy[:-1] + xy[1:]) / 2
    nudged = np.nextafter(xy, xy + 1)
    rng = np.random.default_rng(11)
    x0, y0 = xy.min(axis=0)
    lines_x = x0 + cell * rng.integers(0, 200, 3000)
    on_x = np.column_stack([lines_x, rng.uniform(22.45, 22.85, 3000)])
    on_y = np.column_stack([rng.uniform(113.8, 114.6, 3000),
                            y0 + cell * rng.integers(0, 200, 3000)])
    pts = np.concatenate([xy, mid, nudged, on_x, on_y])
    return pd.DataFrame(pts, columns=["lon", "lat"])


def _random_points(n, seed):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"lon": rng.uniform(113.75, 114.65, n),
                         "lat": rng.uniform(22.40, 22.87, n)})


@pytest.fixture(scope="module")
def real_layers():
    from analysis.context import admin_layer
    from data.areas import load_areas

    admin = admin_layer(loaders.load_subdistricts(), loaders.load_shenshan())
    return {"admin": admin, "areas": load_areas()}


@pytest.mark.parametrize("layer", ["admin", "areas"])
@pytest.mark.parametrize("n", [1_000, 30_000, 200_000])
def test_kernel_pairs_and_first_equal_sjoin_at_several_sizes(real_layers, layer, n):
    gdf = real_layers[layer]
    idx = GridIndex(gdf)
    pts = _random_points(n, seed=n)
    ref = sjoin_reference(pts, gdf)
    got = idx.pairs(pts["lon"], pts["lat"])
    assert np.array_equal(got[0], ref[0]) and np.array_equal(got[1], ref[1])
    assert np.array_equal(idx.assign_first(pts["lon"], pts["lat"]), _first_of(ref, n))


@pytest.mark.parametrize("layer", ["admin", "areas"])
@pytest.mark.parametrize("cell", [0.0025, 0.0007])
def test_kernel_equals_sjoin_on_vertices_edges_and_cell_lines(real_layers, layer, cell):
    gdf = real_layers[layer]
    idx = GridIndex(gdf, cell_deg=cell)
    pts = _hostile_points(gdf, cell)
    ref = sjoin_reference(pts, gdf)
    got = idx.pairs(pts["lon"], pts["lat"])
    assert np.array_equal(got[0], ref[0]) and np.array_equal(got[1], ref[1])
    assert np.array_equal(idx.assign_first(pts["lon"], pts["lat"]),
                          _first_of(ref, len(pts)))


def test_points_on_edges_are_flagged_and_decided_by_geos(real_layers):
    from analysis.join import _scan

    gdf = real_layers["admin"]
    idx = GridIndex(gdf)
    xy = shapely.get_coordinates(gdf.geometry.iloc[5])
    _, _, flagged = _scan(np.ascontiguousarray(xy[:, 0]), np.ascontiguousarray(xy[:, 1]),
                          idx.n_words, *idx._kernel_args())
    assert flagged.all()  # a vertex is never decided by the fast test
    assert (idx.assign_first(xy[:, 0], xy[:, 1]) >= 0).all()  # covers: inside


def test_long_diagonal_edges_and_a_bow_tie_follow_geos():
    tri = Polygon([(113.80, 22.45), (114.40, 22.52), (113.95, 22.84)])
    bow = Polygon([(114.0, 22.5), (114.1, 22.6), (114.1, 22.5), (114.0, 22.6)])  # invalid
    gdf = gpd.GeoDataFrame(geometry=[tri, bow], crs="EPSG:4326")
    pts = _random_points(100_000, seed=4)
    got = GridIndex(gdf).pairs(pts["lon"], pts["lat"])
    ref = sjoin_reference(pts, gdf)
    assert np.array_equal(got[0], ref[0]) and np.array_equal(got[1], ref[1])


def test_more_than_64_overlapping_polygons_in_one_cell():
    squares = [box(113.9 + i * 1e-4, 22.5, 114.0 + i * 1e-4, 22.6) for i in range(70)]
    gdf = gpd.GeoDataFrame(geometry=squares, crs="EPSG:4326")
    pts = _random_points(20_000, seed=6)
    idx = GridIndex(gdf)
    assert idx.n_words == 2
    got = idx.pairs(pts["lon"], pts["lat"])
    ref = sjoin_reference(pts, gdf)
    assert np.array_equal(got[0], ref[0]) and np.array_equal(got[1], ref[1])


def test_read_only_and_list_inputs_use_the_one_compiled_kernel(two_squares):
    from analysis.join import _scan, _scan_first

    idx = GridIndex(two_squares)
    ro = pd.Series([113.948, 113.99]).to_numpy()
    ro.flags.writeable = False
    idx.pairs(ro, np.array([22.527, 22.5]))
    idx.assign_first(ro, np.array([22.527, 22.5]))
    idx.assign_first([113.948], [22.527])
    idx.pairs(np.array([113.948], dtype=np.float32), np.array([22.527], dtype=np.float32))
    assert len(_scan.signatures) == 1 and len(_scan_first.signatures) == 1


def test_a_gridindex_pickles_small_and_answers_the_same(real_layers):
    import pickle

    idx = GridIndex(real_layers["areas"])
    pts = _random_points(20_000, seed=8)
    blob = pickle.dumps(idx, protocol=pickle.HIGHEST_PROTOCOL)
    back = pickle.loads(blob)
    for a, b in zip(idx.pairs(pts["lon"], pts["lat"]), back.pairs(pts["lon"], pts["lat"]),
                    strict=True):
        assert np.array_equal(a, b)
