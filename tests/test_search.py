"""The map's search box: which choices it offers and where each frames the map."""

import pytest
from shapely.geometry import box

from data import loaders
from data.areas import load_areas
from data.catalogues import load_facilities
from maps.folium.search import search_targets, target_bounds


@pytest.fixture(scope="module")
def layers():
    return dict(areas=load_areas(), facilities=load_facilities(),
                districts=loaders.load_districts(), shenshan=loaders.load_shenshan())


def _as_box(frame):
    (s, w), (n, e) = frame
    assert s < n and w < e
    return box(w, s, e, n)


def test_whole_city_choice_comes_first_and_its_frame_includes_shenshan(layers):
    targets = search_targets(**layers, lang="zh")
    assert next(iter(targets)) == "all" and "深汕" in targets["all"]
    frame = _as_box(target_bounds("all", **layers))
    assert frame.contains(layers["shenshan"].union_all())
    assert frame.contains(layers["districts"].union_all())


def test_every_district_shenshan_area_and_facility_is_offered_and_framed(layers):
    targets = search_targets(**layers, lang="en")
    assert sum(k.startswith("d:") for k in targets) == len(layers["districts"]) == 10
    assert sum(k.startswith("z:") for k in targets) == 1
    assert sum(k.startswith("a:") for k in targets) == len(layers["areas"])
    assert sum(k.startswith("f:") for k in targets) == len(layers["facilities"])
    for key in ("d:" + layers["districts"]["id"].iloc[0], "a:" + layers["areas"]["id"].iloc[0]):
        table = layers["districts"] if key.startswith("d:") else layers["areas"]
        geom = table.set_index("id").loc[key[2:]].geometry
        assert _as_box(target_bounds(key, **layers)).buffer(1e-9).contains(geom)
    fac = layers["facilities"].iloc[0]
    frame = _as_box(target_bounds("f:" + fac["id"], **layers))
    assert frame.centroid.distance(box(fac["lon"], fac["lat"], fac["lon"], fac["lat"])) < 1e-9
    assert frame.bounds[2] - frame.bounds[0] == pytest.approx(0.02)


def test_english_labels_use_english_names(layers):
    targets = search_targets(**layers, lang="en")
    d = layers["districts"].iloc[0]
    assert targets["d:" + d["id"]] == d["name_en"]
    assert targets["all"].startswith("Whole city")


def test_an_unknown_or_vanished_key_is_refused_by_name(layers):
    with pytest.raises(KeyError, match="a:no_such_area"):
        target_bounds("a:no_such_area", **layers)
    with pytest.raises(KeyError, match="unknown search key"):
        target_bounds("x:1", **layers)


def test_layers_in_metres_are_refused_with_the_fix(layers):
    with pytest.raises(ValueError, match="to_crs"):
        target_bounds("all", **{**layers, "districts": layers["districts"].to_crs(4547)})
