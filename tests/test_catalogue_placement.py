"""Where the catalogues put their points: every located point rests on a published
address or coordinate with a source and lies in the 街道/社区 it names; the shipped
files are what the source tables build; the placement figures are measured from the
shipped files (issue 18 items 3–4, issue 17 item 6)."""

import io
import re

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from build.catalogue import build_catalogue, build_enterprises, build_facilities
from core import settings
from core.errors import DataValidationError
from data.catalogues import AREA_LEVEL_PREFIX, load_enterprises, load_facilities, placement_figures

CATALOGUES = {
    "facilities": (settings.FACILITIES_SRC_FILE, settings.FACILITIES_FILE, build_facilities),
    "enterprises": (settings.ENTERPRISES_SRC_FILE, settings.ENTERPRISES_FILE,
                    build_enterprises),
}
CHANGES = settings.GEODATA_DIR / "catalogue_changes.md"


def _src(kind: str) -> pd.DataFrame:
    return pd.read_csv(CATALOGUES[kind][0], dtype=str, keep_default_na=False)


def _shipped(kind: str) -> pd.DataFrame:
    return load_facilities() if kind == "facilities" else load_enterprises()


@pytest.fixture(scope="module")
def subdistricts():
    from data.loaders import load_subdistricts
    return load_subdistricts().to_crs(settings.CRS_METRIC).set_index("name_zh").geometry


@pytest.fixture(scope="module")
def split_successors():
    """A 街道 re-divided after an address was written names any of its successors."""
    ch = pd.read_csv(settings.GEODATA_DIR / "gazetteer_changes.csv", dtype=str,
                     keep_default_na=False)
    return {r.name: set(r.successors.split(";")) | {r.name}
            for r in ch[ch["kind"] == "split"].itertuples()}


def _metric(lon, lat):
    return gpd.GeoSeries([shapely.Point(lon, lat)], crs=settings.CRS_STORAGE).to_crs(
        settings.CRS_METRIC).iloc[0]


@pytest.mark.parametrize("kind", list(CATALOGUES))
def test_the_shipped_file_is_exactly_what_its_source_table_builds(kind):
    """`make catalogue` was run after the last edit of the *_src.csv (rebuild = shipped)."""
    src_path, out_path, build = CATALOGUES[kind]
    built = build(_src(kind))
    shipped = pd.read_csv(out_path, dtype=str, keep_default_na=False)
    rebuilt = pd.read_csv(io.StringIO(built.to_csv(index=False)), dtype=str,
                          keep_default_na=False)
    pd.testing.assert_frame_equal(rebuilt, shipped)


@pytest.mark.parametrize("kind", list(CATALOGUES))
def test_no_point_is_presented_as_located_without_a_sourced_address_or_coordinate(kind):
    """A row not marked area-level ("known only to lie in …") must come from a published
    coordinate or a geocoded published address, with its source named."""
    src = _src(kind).set_index("id")
    shipped = _shipped(kind)
    located = shipped[~shipped["location_method"].str.startswith(AREA_LEVEL_PREFIX)]
    assert len(located) >= 3
    for r in located.itertuples():
        s = src.loc[r.id]
        assert s["source"].strip(), r.id
        assert not s["located_in"].strip(), r.id
        has_point = bool(s["lon"].strip() and s["lat"].strip())
        assert has_point or s["address"].strip(), r.id
        expected = "published" if has_point else "geocoded offline from the published address"
        assert r.location_method.startswith(expected), (r.id, r.location_method)
    for r in shipped[shipped["location_method"].str.startswith(AREA_LEVEL_PREFIX)].itertuples():
        where = src.loc[r.id, "located_in"]
        assert where.split(":", 1)[1] in r.location_method, (r.id, where)


@pytest.mark.parametrize("kind", list(CATALOGUES))
def test_every_point_lies_in_the_subdistrict_its_address_names(kind, subdistricts,
                                                               split_successors):
    """Placed finer than a district, a row whose address prints a 街道 lies in that
    街道 (or a successor of it, for an address written before a re-division), within
    its own error bound; a 社区 named in the location method is the one the address
    prints."""
    shipped = _shipped(kind)
    checked = 0
    for r in shipped.itertuples():
        if "(district)" in r.location_method:
            continue
        address = str(r.address)
        named = [n for n in subdistricts.index
                 if n in address or n.removesuffix("街道") + "办事处" in address]
        if not named:
            continue
        allowed = set().union(*(split_successors.get(n, {n}) for n in named))
        p = _metric(r.lon, r.lat)
        gap = min(subdistricts[n].distance(p) for n in allowed if n in subdistricts.index)
        assert gap <= r.precision_m, (r.id, named, round(gap))
        m = re.search(r"/(\S+社区)", r.location_method)
        if m:
            assert m.group(1) in address, (r.id, m.group(1))
        checked += 1
    assert checked >= (3 if kind == "facilities" else 60)


def test_a_geocoded_point_lies_in_the_unit_it_was_placed_in(subdistricts):
    """The geocoder's 街道 (named in the location method) holds the point."""
    checked = 0
    for kind in CATALOGUES:
        shipped = _shipped(kind)
        for r in shipped[shipped["location_method"].str.startswith("geocoded")].itertuples():
            sub = re.search(r" to (\S+街道)", r.location_method)
            if sub is None:
                continue
            assert subdistricts[sub.group(1)].distance(_metric(r.lon, r.lat)) <= 100, r.id
            checked += 1
    assert checked >= 15


def test_every_geocoded_or_replaced_row_is_listed_in_catalogue_changes():
    text = CHANGES.read_text(encoding="utf-8")
    for kind in CATALOGUES:
        shipped = _shipped(kind)
        for r in shipped[shipped["location_method"].str.startswith("geocoded")].itertuples():
            assert f"`{r.id}`" in text, r.id
    assert "catalogue_changes.md" in (settings.GEODATA_DIR / "SOURCES.md").read_text(
        encoding="utf-8")


def _stated_after(kind: str) -> tuple[float, float, int]:
    """The 'after' row of the figures table in catalogue_changes.md."""
    text = CHANGES.read_text(encoding="utf-8")
    row = re.search(rf"^\| {kind} after \| ([\d,]+) m \| ([\d.]+) % .*?\| (\d+) ", text, re.M)
    assert row, kind
    return float(row.group(1).replace(",", "")), float(row.group(2)), int(row.group(3))


@pytest.mark.parametrize("kind", list(CATALOGUES))
def test_the_figures_stated_in_catalogue_changes_are_the_shipped_files(kind):
    f = placement_figures(_shipped(kind))
    median, share, stack = _stated_after(kind)
    assert f["median_m"] == median
    assert round(100 * f["share_le_1km"], 1) == share
    assert f["largest_stack"] == stack


@pytest.mark.parametrize("kind", list(CATALOGUES))
def test_no_more_than_five_located_points_share_one_location(kind):
    """Located points are never stacked beyond a road piece's or a 社区's few firms;
    area-level rows share their unit's point (drawn as one marker per area)."""
    assert placement_figures(_shipped(kind))["largest_located_stack"] <= 5


@pytest.mark.xfail(strict=True, reason="issue 18 target not met by the data found offline: "
                   "57 of 81 facilities are known only to their platform/片区 (see "
                   "geodata/catalogue_changes.md); strict, so meeting it flips this test")
def test_facilities_median_error_bound_meets_the_issue_18_target():
    f = placement_figures(load_facilities())
    assert f["median_m"] <= 1_500 and f["largest_stack"] <= 5


@pytest.mark.xfail(strict=True, reason="issue 18 target not met: the offline gazetteer has 社区 "
                   "polygons and whole road pieces only for central Shenzhen (see "
                   "geodata/catalogue_changes.md)")
def test_enterprises_median_error_bound_meets_the_issue_18_target():
    assert placement_figures(load_enterprises())["median_m"] <= 2_000


def _row(**kw):
    base = {"id": "x", "name_zh": "甲", "name_en": "A", "category": "lab", "industries": "",
            "located_in": "", "lon": "", "lat": "", "precision_m": "", "address": "",
            "source": "s"}
    return pd.DataFrame([base | kw])


def test_an_address_only_row_is_geocoded_at_build_time_with_the_geocoders_bound():
    built = build_catalogue(_row(address="深圳市南山区粤海街道科技南十二路迈瑞大厦"), "t.csv")
    r = built.iloc[0]
    assert r["location_method"].startswith("geocoded offline from the published address")
    assert "科技南十二路" in r["location_method"] and "(road piece)" in r["location_method"]
    assert "路段" in r["location_method_zh"] and "离线地理编码" in r["location_method_zh"]
    assert 0 < r["precision_m"] <= 1_000


def test_a_located_in_row_keeps_its_container_although_it_has_an_address():
    built = build_catalogue(_row(located_in="subdistrict:粤海街道",
                                 address="深圳市南山区粤海街道科技南十二路"), "t.csv")
    assert built.iloc[0]["location_method"].startswith(AREA_LEVEL_PREFIX)


def test_an_address_the_geocoder_cannot_place_is_refused_naming_row_and_column():
    with pytest.raises(DataValidationError) as err:
        build_catalogue(_row(address="北京市海淀区中关村大街1号"), "t.csv")
    text = str(err.value)
    assert "row 1" in text and "address" in text and "cannot be placed" in text
    zh = "\n".join(p.message.text("zh") for p in err.value.problems)
    assert "地址无法定位" in zh
