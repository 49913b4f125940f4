"""The 11 innovation clusters, 4 platforms and their 片区: definitions, provenance,
geometry and validation."""

import geopandas as gpd
import pytest
import shapely

from build import area_geometry
from core import settings
from core.taxonomy import load_taxonomy
from data.area_defs import read_definitions
from data.areas import load_areas, validate_areas

CLUSTER_NAMES = ["深圳湾", "坪山园区", "坂雪岗-观澜", "九龙山-福民", "宝龙科技城-大运",
                 "宝安园区", "前海（宝安）", "玉塘-马田-燕罗", "梅林-笋岗-清水河",
                 "东部滨海国际生物谷", "深汕智造城"]
PLATFORMS = ["光明科学城", "河套深港科技创新合作区", "前海深港现代服务业合作区", "西丽湖国际科教城"]


@pytest.fixture(scope="module")
def areas():
    return load_areas()


def metric_area_km2(geom):
    return gpd.GeoSeries([geom], crs=settings.CRS_STORAGE).to_crs(settings.CRS_METRIC).area[0] / 1e6


def test_all_eleven_clusters_and_four_platforms_are_defined(areas):
    clusters = areas[areas.kind == "innovation_cluster"]["name_zh"].tolist()
    platforms = areas[areas.kind == "strategic_platform"]["name_zh"].tolist()
    assert len(clusters) == 11 and len(platforms) == 4
    for name in CLUSTER_NAMES:
        assert sum(name in c for c in clusters) == 1, name
    for name in PLATFORMS:
        assert sum(p.startswith(name) for p in platforms) == 1, name


def test_every_area_states_method_sources_and_a_precision(areas):
    for _, row in areas.iterrows():
        assert row["method"].strip() and row["sources"].strip(), row["id"]
        assert row["precision_m"] > 0, row["id"]
        assert row["grade"] in settings.PRECISION_GRADES, row["id"]


def test_every_area_quotes_the_plan_and_has_industries(areas):
    for _, row in areas.iterrows():
        assert "seeds/000_fd5c39e6cab42f66.txt" in row["plan_section"], row["id"]
        assert len(row["focus_text"]) > 10, row["id"]
        assert row["industry_ids"], row["id"]
    tax = load_taxonomy()
    assert set(i for ids in areas["industry_ids"] for i in ids) <= set(tax.industry_ids)


def test_subareas_lie_inside_their_parent_within_precision(areas):
    m = areas.to_crs(settings.CRS_METRIC).set_index("id")
    subs = m[m["kind"] == "sub_area"]
    assert len(subs) >= 20
    for i, row in subs.iterrows():
        parent = m.at[row["parent"], "geometry"].buffer(row["precision_m"])
        assert row.geometry.difference(parent).area / row.geometry.area < 0.001, i


def test_names_that_list_places_span_their_districts(areas):
    d = areas.set_index("id")["districts"]
    assert set(d["c03_banxuegang_guanlan"].split("、")) == {"龙岗区", "龙华区"}
    assert set(d["c08_yutang_matian_yanluo"].split("、")) == {"光明区", "宝安区"}
    assert set(d["c09_meilin_sungang_qingshuihe"].split("、")) == {"福田区", "罗湖区"}


def test_shenshan_cluster_lies_in_the_shenshan_zone_east_of_the_city(areas):
    row = areas.set_index("id").loc["c11_shenshan"]
    assert row["districts"] == "深汕特别合作区"
    assert row.geometry.bounds[0] > 114.85  # west edge east of 大鹏


def test_published_areas_are_matched_where_the_method_fits_to_them(areas):
    by = areas.set_index("id")
    assert metric_area_km2(by.at["qianhai", "geometry"]) == pytest.approx(120.56, rel=0.005)
    assert metric_area_km2(by.at["guangming_science_city", "geometry"]) == pytest.approx(
        99.0, rel=0.1)
    # 河套: 社区-based, larger than the published 3.02 km² for a stated reason
    assert 3.02 < by.at["hetao_szhk", "area_km2"] < 5.0
    assert "larger than the published 3.02" in by.at["hetao_szhk", "method"]


def test_platform_and_cluster_overlap_is_kept_not_clipped(areas):
    by = areas.set_index("id")
    qh = by.at["qianhai", "geometry"]
    qb = by.at["c07_qianhai_baoan", "geometry"]
    assert qb.intersection(qh).area / qb.area > 0.99
    gm = by.at["guangming_science_city", "geometry"]
    assert gm.intersects(by.at["c08_matian_fenghuang_yutang", "geometry"])


def test_shipped_geojson_is_what_the_recipes_build():
    built = area_geometry.build_all_areas().set_index("id")
    shipped = gpd.read_file(settings.AREAS_GEOJSON).set_index("id")
    assert list(built.index) == list(shipped.index)
    for i in built.index:
        a = shapely.area(shapely.symmetric_difference(built.at[i, "geometry"],
                                                      shipped.at[i, "geometry"]))
        assert a / shapely.area(built.at[i, "geometry"]) < 1e-5, i  # 1e-7° rounding


def test_validation_reports_unknown_industry_and_subarea_outside_parent(areas):
    records = read_definitions()
    broken = [dict(r) for r in records]
    broken[0] = {**broken[0], "industries": ["teleportation"]}
    gdf = areas.copy()
    i = gdf.index[gdf["id"] == "c09_sungang"][0]
    # move 笋岗片区 onto 深汕, far outside its parent
    gdf.at[i, "geometry"] = areas.set_index("id").at["c11_shenshan", "geometry"]
    problems = validate_areas(gdf, broken, load_taxonomy())
    text = "\n".join(map(str, problems))
    assert "unknown industry id 'teleportation'" in text
    assert "c09_sungang" in text and "outside its parent" in text


def test_a_recipe_naming_an_unknown_subdistrict_fails_clearly():
    from data import loaders
    b = area_geometry.GeometryBuilder(loaders.load_subdistricts(),
                                      gpd.read_file(settings.RAW_COMMUNITIES),
                                      loaders.load_districts(), loaders.load_shenshan())
    with pytest.raises(area_geometry.RecipeError, match="unknown 街道"):
        b.build("x", {"subdistricts": ["不存在街道"]})


# ---------------------------------------------------- published figures (issue 18)
FOLLOW_TOLERANCE = 0.25  # a polygon that claims to follow an area: within ±25 %


def _geometry_tables():
    return {r["id"]: r.get("geometry") or {} for r in read_definitions()}


def test_every_area_records_a_published_figure_with_source_or_says_none_was_found():
    for i, g in _geometry_tables().items():
        if g.get("published_km2") is not None:
            assert g["published_km2"] > 0, i
            assert "http" in g.get("published_source", ""), i  # title, URL, date
            assert g.get("published_quote", "").strip(), i  # the description quoted
        else:
            assert g.get("published_search", "").startswith("not found"), i


def test_no_envelope_is_smaller_than_its_published_area(areas):
    env = areas[(areas["grade"] == "envelope") & areas["published_km2"].notna()]
    assert len(env) >= 3
    for _, row in env.iterrows():
        assert row["area_km2"] >= row["published_km2"], row["id"]


def test_a_polygon_that_follows_an_area_is_within_a_quarter_of_its_figure_or_says_why(areas):
    tables = _geometry_tables()
    follow = areas[(areas["grade"] != "envelope") & areas["published_km2"].notna()]
    assert len(follow) >= 5
    for _, row in follow.iterrows():
        off = abs(row["area_km2"] / row["published_km2"] - 1)
        reason = tables[row["id"]].get("published_gap_reason", "")
        assert off <= FOLLOW_TOLERANCE or (reason.strip() and reason in row["published_note"]), \
            (row["id"], round(off, 2))


def test_readme_table_shows_built_and_published_km2_of_every_area(areas):
    text = (settings.CLUSTER_DEFS_DIR / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): [c.strip() for c in line.split("|")[1:-1]]
            for line in text.splitlines() if line.startswith("| `")}
    for _, row in areas.iterrows():
        cells = rows[row["id"]]
        assert cells[3] == row["grade"] and float(cells[5]) == row["area_km2"], row["id"]
        pub = row["published_km2"]
        assert (cells[6] == "" and "not found" in cells[8]) if pub != pub else \
            float(cells[6]) == pub, row["id"]


def test_a_recipe_of_traffic_zones_is_clipped_to_its_subdistrict_and_unknown_zones_fail():
    from data import loaders
    subs = loaders.load_subdistricts()
    b = area_geometry.GeometryBuilder(subs, gpd.read_file(settings.RAW_COMMUNITIES),
                                      loaders.load_districts(), loaders.load_shenshan(),
                                      gpd.read_file(settings.RAW_TAZ))
    geom, _ = b.build("x", {"taz": [44, 48], "intersect_subdistricts": ["葵涌街道"]})
    kui = subs.set_index("name_zh").geometry["葵涌街道"]
    assert metric_area_km2(geom.difference(kui)) < 0.01  # the 大鹏 part of zone 44 is cut
    assert 30 < metric_area_km2(geom) < 40
    with pytest.raises(area_geometry.RecipeError, match="unknown traffic-analysis zone"):
        b.build("y", {"taz": [9999]})


def test_a_named_road_cuts_a_polygon_and_the_keep_side_stays():
    from data import loaders
    subs = loaders.load_subdistricts()
    b = area_geometry.GeometryBuilder(subs, gpd.read_file(settings.RAW_COMMUNITIES),
                                      loaders.load_districts(), loaders.load_shenshan(),
                                      roads=area_geometry.load_roads())
    keep = (114.045, 22.508)  # the 福田保税区 side, south of 福强路
    whole, _ = b.build("w", {"subdistricts": ["福保街道"]})
    south, _ = b.build("s", {"subdistricts": ["福保街道"],
                             "cut_by_road": {"name": "福强路", "keep": list(keep)}})
    assert 0.5 < metric_area_km2(south) < metric_area_km2(whole) - 0.5
    assert south.contains(shapely.Point(keep)) and whole.covers(south.buffer(-1e-6))
    with pytest.raises(area_geometry.RecipeError, match="no road named"):
        b.build("n", {"subdistricts": ["福保街道"],
                      "cut_by_road": {"name": "不存在路", "keep": list(keep)}})
