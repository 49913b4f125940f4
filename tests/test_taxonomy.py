"""The industry taxonomy matches plan §五: 7 sectors, 20 clusters, 8 future industries."""

import pytest

from core.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


def test_counts_match_the_plan(tax):
    levels = [v["level"] for v in tax.entries.values()]
    assert levels.count("sector") == 7
    assert levels.count("industry") == 20
    assert levels.count("future") == 8


def test_each_sector_has_the_clusters_the_plan_lists(tax):
    sizes = {s: len(tax.children(s)) for s, v in tax.entries.items() if v["level"] == "sector"}
    assert sizes == {"sector_electronic_info": 5, "sector_digital_fashion": 3,
                     "sector_high_end_equipment": 4, "sector_green_low_carbon": 3,
                     "sector_new_materials": 1, "sector_biomed_health": 3, "sector_marine": 1}


def test_ids_are_ascii_slugs_and_names_bilingual(tax):
    for k, v in tax.entries.items():
        assert k.isascii() and k == k.lower() and " " not in k
        assert v["name_zh"] and v["name_en"]


@pytest.mark.parametrize("term, expected", [
    ("智能机器人", ["intelligent_robots"]),
    ("Quantum information", ["quantum_info"]),
    ("新一代电子信息", ["network_communication", "semiconductor_ic", "uhd_video_display",
                        "smart_terminal", "smart_sensor"]),
    ("新能源汽车", ["intelligent_connected_vehicles", "new_energy"]),
])
def test_names_sectors_and_plan_phrases_expand_to_ids(tax, term, expected):
    assert tax.expand(term) == expected


def test_broad_plan_phrases_are_mapped_not_dropped(tax):
    for phrase in ("新一代信息技术", "人工智能", "先进制造", "数字经济"):
        assert tax.expand(phrase), phrase


def test_unknown_phrase_is_none(tax):
    assert tax.expand("元宇宙") is None
