"""The change between two saved registers on the map: firms matched on a shared unique
id column come and go (entries at their new place, exits at their old one); without
such a column, or with too many to draw, each area's counts are drawn instead. Every
text is escaped."""

from __future__ import annotations

import folium
import pandas as pd

from analysis.change import ENTRY, EXIT, entries_exits, match_key
from data.areas import load_areas
from maps.folium import change as change_layer
from maps.folium.compose import MapChange, MapLayers, MapView, build_map


def _frame(rows):
    return pd.DataFrame(rows, columns=["统一社会信用代码", "_name", "lon", "lat"])


BEFORE = _frame([["A1", "甲", 113.93, 22.53], ["B2", "乙", 113.94, 22.54],
                 ["C3", "丙", 114.05, 22.54]])
AFTER = _frame([["A1", "甲", 113.93, 22.53], [" B2 ", "乙", 113.95, 22.55],
                ["D4", "<script>丁</script>", 113.93, 22.74]])


def test_firms_are_matched_on_a_unique_id_column_both_registers_have():
    assert match_key(BEFORE, AFTER) == "统一社会信用代码"
    assert match_key(BEFORE.rename(columns={"统一社会信用代码": "x"}), AFTER) is None
    dup = pd.concat([AFTER, AFTER.iloc[:1]], ignore_index=True)
    assert match_key(BEFORE, dup) is None  # not unique: not an id
    gap = AFTER.assign(**{"统一社会信用代码": ["A1", None, "D4"]})
    assert match_key(BEFORE, gap) is None  # missing values: not an id
    ids = BEFORE.rename(columns={"统一社会信用代码": "ID"})
    assert match_key(ids, AFTER.rename(columns={"统一社会信用代码": "ID"})) == "ID"


def test_entries_are_at_their_new_place_and_exits_at_their_old_one():
    diff = entries_exits(BEFORE, AFTER, "统一社会信用代码")
    assert diff[["status", "key"]].values.tolist() == [[ENTRY, "D4"], [EXIT, "C3"]]
    assert diff.loc[diff["status"] == EXIT, ["lon", "lat"]].values.tolist() == \
        [[114.05, 22.54]]
    assert diff.loc[diff["status"] == ENTRY, "lat"].tolist() == [22.74]


def _html(change: MapChange, lang: str) -> str:
    from data import loaders
    from data.catalogues import load_facilities

    layers = MapLayers(districts=loaders.load_districts(),
                       subdistricts=loaders.load_subdistricts(),
                       shenshan=loaders.load_shenshan(), areas=load_areas(),
                       facilities=load_facilities().iloc[:0], change=change)
    return build_map(layers, MapView(lang=lang)).get_root().render()


def test_the_map_draws_entries_and_exits_with_escaped_popups():
    diff = entries_exits(BEFORE, AFTER, "统一社会信用代码")
    html = _html(MapChange(entries_exits=diff, key_name="统一社会信用代码"), "zh")
    assert "新增 · &lt;script&gt;丁" in html and "退出 · 丙" in html  # the tooltips
    assert html.count("sz-change sz-entry") == 1 and html.count("sz-change sz-exit") == 1
    assert "<script>丁" not in html and "&lt;script&gt;丁" in html
    assert "Entry · " in _html(MapChange(entries_exits=diff, key_name="id"), "en")


def test_without_an_id_the_map_colours_each_area_by_its_count_change():
    counts = pd.DataFrame({"area_id": ["c01_shenzhen_bay", "hetao_szhk"], "before": [2, 5],
                           "after": [3, 5]})
    html = _html(MapChange(area_counts=counts), "en")
    assert "Change of firms per area" in html
    assert "2 → 3 (+1, +50.0%)" in html and "5 → 5 (+0, +0.0%)" in html
    assert "0 → 0 (+0, —)" in html  # an area no register has a firm in


def test_too_many_entries_and_exits_are_refused_for_markers():
    big = pd.DataFrame({"status": [ENTRY] * (change_layer.MAX_MARKERS + 1), "key": "k",
                        "lon": 114.0, "lat": 22.5, "name": ""})
    try:
        change_layer.add_entries_exits(folium.Map(), big, key_name="id")
    except ValueError as exc:
        assert "counts" in str(exc)
    else:
        raise AssertionError("drew more markers than the limit")
