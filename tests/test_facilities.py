"""The facility catalogue: every row sourced, precise only as far as its source allows."""

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from build.catalogue import build_facilities, place_in
from core import settings
from core.errors import DataValidationError
from data.catalogues import load_facilities, validate_facilities


@pytest.fixture(scope="module")
def fac():
    return load_facilities()


def test_every_row_has_a_source_a_precision_and_a_method(fac):
    assert len(fac) >= 80
    assert fac["source"].str.strip().ne("").all()
    assert (fac["precision_m"] > 0).all()
    assert fac["location_method"].str.strip().ne("").all()


def test_every_point_lies_in_shenzhen_or_shenshan(fac):
    from analysis.context import build_context
    located = build_context().locate(fac["lon"].to_numpy(), fac["lat"].to_numpy())
    assert located["district"].notna().all()


def test_plan_named_facilities_are_inside_their_platform(fac):
    from analysis.context import build_context
    ctx = build_context()
    pt, ap = ctx.memberships(fac["lon"].to_numpy(), fac["lat"].to_numpy())
    ids = ctx.areas["id"].to_numpy()
    members = pd.Series(ids[ap]).groupby(pt).agg(set)
    for i, r in fac.iterrows():
        if r["location_method"].startswith("known only to lie in guangming_science_city"):
            assert "guangming_science_city" in members[i], r["id"]


def test_container_precision_bounds_the_whole_container():
    square = shapely.box(500_000, 2_490_000, 502_000, 2_492_000)  # 2 km × 2 km, EPSG:4547
    lon, lat, prec = place_in(square)
    assert 1_400 <= prec <= 2_900  # farthest corner from an interior point, rounded up
    assert prec % 100 == 0


def test_the_shipped_csv_is_what_the_source_table_builds(fac):
    src = pd.read_csv(settings.FACILITIES_SRC_FILE, dtype=str, keep_default_na=False)
    built = build_facilities(src)
    assert built["id"].tolist() == fac["id"].tolist()
    assert built["lon"].astype(float).round(6).tolist() == fac["lon"].round(6).tolist()


def test_validation_names_rows_and_problems():
    df = pd.DataFrame([{"id": "a", "name_zh": "甲", "name_en": "A", "category": "castle",
                        "industries": "teleport", "lon": 116.4, "lat": 39.9,
                        "precision_m": 0, "address": "", "source": "",
                        "location_method": "x"}])
    text = "\n".join(map(str, validate_facilities(df, "f.csv")))
    for expected in ("row 1, column 'category'", "unknown industry id 'teleport'",
                     "column 'source': is empty", "precision_m", "outside Shenzhen"):
        assert expected in text


def test_unknown_container_is_refused():
    src = pd.DataFrame([{"id": "x", "name_zh": "甲", "name_en": "A", "category": "lab",
                         "industries": "", "located_in": "area:atlantis", "source": "s"}])
    with pytest.raises(DataValidationError, match="unknown container 'area:atlantis'"):
        build_facilities(src)


def test_a_published_coordinate_lies_in_the_subdistrict_its_address_names(fac):
    """A coordinate taken from a page is cross-checked against the 街道 in the
    address: a GCJ-02 coordinate mislabelled WGS-84 or a typo would show here."""
    from data.loaders import load_subdistricts
    subs = load_subdistricts()
    published = fac[fac["location_method"].str.startswith("published")]
    checked = 0
    for r in published.itertuples():
        named = [n for n in subs["name_zh"] if n in str(r.address)]
        if not named:
            continue
        poly = subs.loc[subs["name_zh"] == named[0]].to_crs(settings.CRS_METRIC).geometry.iloc[0]
        p = gpd.GeoSeries([shapely.Point(r.lon, r.lat)], crs=settings.CRS_STORAGE).to_crs(
            settings.CRS_METRIC).iloc[0]
        assert poly.distance(p) <= r.precision_m, (r.id, named[0])
        checked += 1
    assert checked >= 2


@pytest.fixture(scope="module")
def ents():
    from data.catalogues import load_enterprises
    return load_enterprises()


def test_every_enterprise_has_a_source_a_precision_and_lies_in_the_city(ents):
    from analysis.context import build_context
    assert len(ents) >= 150
    assert ents["source"].str.strip().ne("").all()
    assert (ents["precision_m"] > 0).all()
    assert set(ents["category"]) <= set(settings.ENTERPRISE_CATEGORIES)
    assert (ents["kind"] == "enterprise").all()
    located = build_context().locate(ents["lon"].to_numpy(), ents["lat"].to_numpy())
    assert located["district"].notna().all()


def test_an_enterprise_placed_by_its_address_lies_in_the_subdistrict_it_names(ents):
    """A row whose address names a 街道 and that is placed in a 街道 must be placed in
    that one (catches a located_in typed against the address)."""
    checked = 0
    for r in ents.itertuples():
        m = r.location_method
        if ("(subdistrict)" in m or "(community)" in m) and "街道" in str(r.address):
            named = str(r.address).split("街道")[0][-2:] + "街道"
            assert named in m, (r.id, named, m)
            checked += 1
        if "(community)" in m:
            community = m.split("/")[1].split(" ")[0]
            assert community in str(r.address), (r.id, community)
    assert checked >= 50


def test_unicorn_and_little_giant_rows_cite_the_list_that_names_them(ents):
    """The category is a claim about a ranking or list: the row's source must cite it."""
    evidence = {"unicorn": "独角兽榜", "little_giant": "小巨人"}
    for cat, word in evidence.items():
        rows = ents[ents["category"] == cat]
        assert len(rows) >= 1, cat
        for r in rows.itertuples():
            assert word in r.source and "Category" in r.source, (r.id, cat)


def test_enterprise_and_facility_ids_do_not_collide(fac, ents):
    assert not set(fac["id"]) & set(ents["id"])
