"""OpenStreetMap candidates, offline from a small .osm file the project made."""

import datetime as dt

import pytest

from build.osm_candidates import candidates_table, fetch_candidates, write_candidates
from data.catalogues import load_facilities
from tests.conftest import ROOT

OSM = ROOT / "tests" / "fixtures" / "small.osm"


@pytest.fixture(scope="module")
def table():
    return candidates_table(fetch_candidates(osm_file=OSM), catalogue=load_facilities())


def test_only_tagged_features_inside_the_city_become_candidates(table):
    assert sorted(table["name"]) == ["测试大学", "深圳虚拟大学园"]  # no bakery, not Beijing
    assert set(table["osm_type"]) == {"node", "way"} and 1 in set(table["osm_id"])


def test_candidates_carry_tag_precision_and_catalogue_match(table):
    t = table.set_index("name")
    assert t.loc["测试大学", "tag"] == "amenity=university"
    assert t.loc["测试大学", "precision_m"] == 50
    assert t.loc["深圳虚拟大学园", "precision_m"] >= 200  # a 400 m × 330 m way
    assert bool(t.loc["深圳虚拟大学园", "in_catalogue"])
    assert not bool(t.loc["测试大学", "in_catalogue"])
    assert t["source"].str.contains("OpenStreetMap").all()


def test_candidates_go_to_a_new_dated_file_never_over_curated_rows(table, tmp_path):
    before = (ROOT / "geodata" / "facilities_src.csv").read_bytes()
    path = write_candidates(table, folder=tmp_path, day=dt.date(2026, 11, 23))
    assert path.name == "osm_candidates_2026-11-23.csv"
    with pytest.raises(FileExistsError):
        write_candidates(table, folder=tmp_path, day=dt.date(2026, 11, 23))
    assert (ROOT / "geodata" / "facilities_src.csv").read_bytes() == before


def test_without_a_file_it_does_not_go_online():
    with pytest.raises(ValueError, match="local .osm file"):
        fetch_candidates()


def test_a_candidate_name_that_looks_like_a_formula_is_written_as_text(tmp_path):
    import pandas as pd

    from build.osm_candidates import write_candidates
    table = pd.DataFrame({"name": ["=HYPERLINK(\"http://x\")", "深圳湾实验室"],
                          "lon": [113.9, 113.95], "lat": [22.5, 22.55]})
    path = write_candidates(table, folder=tmp_path)
    text = path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
    assert "深圳湾实验室" in text
