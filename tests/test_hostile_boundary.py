"""Hostile boundary imports: an empty, tiny, city-sized or misplaced polygon is refused
without --force, and no stored override can break the other commands.

Every file is generated at test time; each test gets its own overrides folder
(``settings.OVERRIDES_DIR`` patched), so the shipped ``cluster_defs`` is never touched.
"""

from __future__ import annotations

import json
import warnings

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from build.boundary_import import replace_boundary
from cli import main
from core import settings
from core.errors import DataValidationError
from data import loaders
from data.areas import OverrideIgnoredWarning, _load_areas_cached, load_areas

SOURCE = "深圳市规划和自然资源局 test"


@pytest.fixture
def overrides(tmp_path, monkeypatch):
    """An empty overrides folder used by every loader and command in the test."""
    folder = tmp_path / "overrides"
    monkeypatch.setattr(settings, "OVERRIDES_DIR", folder)
    _load_areas_cached.cache_clear()
    yield folder
    _load_areas_cached.cache_clear()


def built(area_id: str):
    return load_areas(overrides=settings.ROOT / "no-overrides").set_index("id").loc[area_id]


def write_layer(path, geoms, crs="EPSG:4326"):
    gpd.GeoDataFrame({"name": ["official"] * len(geoms)}, geometry=list(geoms),
                     crs=crs).to_file(path, driver="GeoJSON")
    return path


def whole_city():
    land = shapely.union_all(list(loaders.load_subdistricts().to_crs(settings.CRS_METRIC)
                                  .geometry))
    return gpd.GeoSeries([land.simplify(200).buffer(0)], crs=settings.CRS_METRIC
                         ).to_crs(settings.CRS_STORAGE).iloc[0]


def square_m(center, side_m):
    c = gpd.GeoSeries([center], crs=settings.CRS_STORAGE).to_crs(settings.CRS_METRIC).iloc[0]
    h = side_m / 2
    return gpd.GeoSeries([box(c.x - h, c.y - h, c.x + h, c.y + h)], crs=settings.CRS_METRIC
                         ).to_crs(settings.CRS_STORAGE).iloc[0]


def run(argv, capsys):
    """The command's exit status, stdout and stderr (its messages in English)."""
    code = main([*(str(a) for a in argv), "--lang", "en"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


def other_commands_work(tmp_path, capsys):
    """areas, check, stats and export-html all succeed; their stderr."""
    pts = tmp_path / "pts.csv"
    pd.DataFrame({"name": ["a"], "lon": [113.94], "lat": [22.53], "industry": ["智能终端"]}
                 ).to_csv(pts, index=False)
    errs = []
    for argv in (["areas"],
                 ["check", pts, "--out", tmp_path / "c.csv", "--quiet"],
                 ["stats", "--enterprises", pts, "--out", tmp_path / "s.csv"],
                 ["export-html", "--out", tmp_path / "m.html"]):
        code, _, err = run(argv, capsys)
        assert code == 0, (argv, err)
        errs.append(err)
    return errs


# --------------------------------------------------------------------- refused
def test_an_empty_feature_collection_is_refused_by_validate_and_replace(tmp_path, overrides,
                                                                       capsys):
    empty = tmp_path / "empty.geojson"
    empty.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    code, out, err = run(["validate", empty], capsys)
    assert code == 2 and "has no features" in err and "all valid" not in out
    code, _, err = run(["replace-boundary", "qianhai", empty, "--source", SOURCE,
                        "--force"], capsys)
    assert code == 2 and "has no features" in err
    assert not overrides.exists() or not list(overrides.glob("*.geojson"))


@pytest.mark.parametrize(("geom", "ratio"), [
    (lambda: whole_city(), "ratio 16."),
    (lambda: square_m(built("qianhai").geometry.centroid, 1.0), "ratio 8.29e-09"),
], ids=["whole-city", "1-m2"])
def test_a_boundary_far_from_the_published_area_needs_force_and_states_the_ratio(
        tmp_path, overrides, capsys, geom, ratio):
    path = write_layer(tmp_path / "b.geojson", [geom()])
    code, _, err = run(["replace-boundary", "qianhai", path, "--source", SOURCE], capsys)
    assert code == 2
    assert ratio in err and "published 120.56 km²" in err and "--force" in err
    assert not (overrides / "qianhai.geojson").exists()


def test_a_right_sized_boundary_in_the_wrong_place_needs_force(tmp_path, overrides, capsys):
    qianhai = built("qianhai").geometry
    moved = shapely.affinity.translate(qianhai, xoff=0.35, yoff=0.12)  # to 龙岗
    code, _, err = run(["replace-boundary", "qianhai",
                        write_layer(tmp_path / "m.geojson", [moved]), "--source", SOURCE],
                       capsys)
    assert code == 2 and "overlaps the current polygon" in err


def test_a_boundary_breaking_the_cross_checks_is_refused_even_with_force(tmp_path, overrides,
                                                                        capsys):
    # a city-sized 片区 would lie far outside its parent cluster
    path = write_layer(tmp_path / "b.geojson", [whole_city()])
    code, _, err = run(["replace-boundary", "c09_bagualing", path, "--source", SOURCE,
                        "--force"], capsys)
    assert code == 2 and "outside its parent" in err
    assert not (overrides / "c09_bagualing.geojson").exists()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_table_given_as_a_boundary_is_refused_without_a_traceback(tmp_path, overrides,
                                                                   capsys, suffix):
    table = pd.DataFrame({"name": ["a"], "lon": [113.94], "lat": [22.53]})
    path = tmp_path / f"t{suffix}"
    table.to_csv(path, index=False) if suffix == ".csv" else table.to_excel(path, index=False)
    for argv in (["validate", path],
                 ["replace-boundary", "qianhai", path, "--source", SOURCE]):
        code, _, err = run(argv, capsys)
        assert code == 2 and "table without geometry" in err


def test_a_plausible_boundary_is_accepted_and_the_previous_one_kept(tmp_path, overrides,
                                                                   capsys):
    qianhai = built("qianhai").geometry
    first = write_layer(tmp_path / "a.geojson", [qianhai.buffer(-0.001)])
    second = write_layer(tmp_path / "b.geojson", [qianhai.buffer(-0.002)])
    assert run(["replace-boundary", "qianhai", first, "--source", SOURCE], capsys)[0] == 0
    assert run(["replace-boundary", "qianhai", second, "--source", SOURCE], capsys)[0] == 0
    kept = list((overrides / "previous").glob("qianhai.*.geojson"))
    assert len(kept) == 1 and "a.geojson" in kept[0].read_text(encoding="utf-8")
    assert "b.geojson" in load_areas().set_index("id").loc["qianhai", "method"]


# --------------------------------------------------------------------- never breaks
def test_after_a_forced_whole_city_boundary_the_other_commands_still_work(tmp_path,
                                                                          overrides,
                                                                          capsys):
    path = write_layer(tmp_path / "city.geojson", [whole_city()])
    code, out, _ = run(["replace-boundary", "qianhai", path, "--source", SOURCE,
                        "--force"], capsys)
    assert code == 0 and "qianhai" in out
    row = load_areas().set_index("id").loc["qianhai"]
    assert row["area_km2"] > 1500 and "accepted with --force" in row["method"]
    other_commands_work(tmp_path, capsys)


def test_after_a_forced_1_m2_boundary_the_other_commands_still_work(tmp_path, overrides,
                                                                    capsys):
    tiny = square_m(built("qianhai").geometry.centroid, 1.0)
    path = write_layer(tmp_path / "tiny.geojson", [tiny])
    assert run(["replace-boundary", "qianhai", path, "--source", SOURCE, "--force"],
               capsys)[0] == 0
    other_commands_work(tmp_path, capsys)


BAD_OVERRIDES = {
    "truncated": lambda geom: '{"type": "FeatureCollection", "features": [{"type": "Fea',
    "empty": lambda geom: json.dumps({"type": "FeatureCollection", "features": []}),
    "unknown-id": lambda geom: gpd.GeoDataFrame(
        [{"id": "nowhere", "grade": "official", "precision_m": 5, "method": "m",
          "sources": "s", "geometry": geom}], crs=4326).to_json(),
    # a 1 m² parent leaves all four of its 片区 outside it: a cross-check fails
    "parent-1m2": lambda geom: gpd.GeoDataFrame(
        [{"id": "c09_meilin_sungang_qingshuihe", "grade": "official", "precision_m": 5,
          "method": "m", "sources": "s", "geometry": square_m(geom.centroid, 1.0)}],
        crs=4326).to_json(),
}


@pytest.mark.parametrize("kind", list(BAD_OVERRIDES))
def test_a_bad_stored_override_falls_back_to_the_built_polygon_with_a_warning(
        tmp_path, overrides, capsys, kind):
    parent = built("c09_meilin_sungang_qingshuihe")
    overrides.mkdir()
    (overrides / f"{kind}.geojson").write_text(BAD_OVERRIDES[kind](parent.geometry),
                                               encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        areas = load_areas()
    assert any(issubclass(w.category, OverrideIgnoredWarning) for w in caught)
    assert [i["file"] for i in areas.attrs["ignored_overrides"]] == \
        [f"overrides/{kind}.geojson"]
    row = areas.set_index("id").loc["c09_meilin_sungang_qingshuihe"]
    assert row["area_km2"] == parent["area_km2"] and row["grade"] == parent["grade"]
    errs = other_commands_work(tmp_path, capsys)
    assert f"warning: overrides/{kind}.geojson is ignored" in errs[0]


def test_a_good_override_beside_a_bad_one_is_still_used(tmp_path, overrides, capsys):
    path = write_layer(tmp_path / "q.geojson", [built("qianhai").geometry.buffer(-0.001)])
    assert replace_boundary("qianhai", path, source=SOURCE, out_dir=overrides)
    (overrides / "broken.geojson").write_text("not json", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OverrideIgnoredWarning)
        areas = load_areas().set_index("id")
    assert areas.loc["qianhai", "grade"] == "official"
    assert len(areas.attrs["ignored_overrides"]) == 1


def test_replace_boundary_refuses_a_non_positive_precision(tmp_path, overrides):
    path = write_layer(tmp_path / "q.geojson", [built("qianhai").geometry])
    with pytest.raises(DataValidationError, match="positive number of metres"):
        replace_boundary("qianhai", path, source=SOURCE, precision_m=0, out_dir=overrides)
