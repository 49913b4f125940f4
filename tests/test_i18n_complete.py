"""The one catalogue (core.i18n) says every message in both languages: an entry with
English has Chinese and the other way round, and both take the same parameters (name,
``!r`` conversion and format spec), so a message formats in either language with the
parameters its caller gives. Bad input is told in the user's language: a Chinese user
uploading a table as a boundary reads the refusal in Chinese."""

from string import Formatter

import pytest

from build.boundary_import import read_layer
from core.errors import DataValidationError
from core.i18n import STRINGS
from core.messages import describe_error


def placeholders(template: str) -> set[tuple[str, str | None, str]]:
    """The ``{name!conversion:spec}`` fields of a template (``{{`` is no field)."""
    return {(name, conversion, spec)
            for _, name, spec, conversion in Formatter().parse(template) if name is not None}


def test_every_catalogue_entry_has_english_and_chinese():
    one_sided = {key: sorted(entry) for key, entry in STRINGS.items()
                 if ("en" in entry) != ("zh" in entry)}
    assert not one_sided, f"{len(one_sided)} entries in one language only: {one_sided}"


@pytest.mark.parametrize("key", sorted(k for k, e in STRINGS.items() if {"en", "zh"} <= e.keys()))
def test_english_and_chinese_of_an_entry_take_the_same_placeholders(key):
    entry = STRINGS[key]
    assert placeholders(entry["zh"]) == placeholders(entry["en"])


@pytest.mark.parametrize("en, zh", [
    ("precision {value!r} m", "精度 {value} 米"),           # conversion dropped
    ("{rows:,} rows", "{rows} 行"),                          # format spec dropped
    ("{id}: unknown parent {parent!r}", "{id}：未知的上级区域"),  # parameter dropped
    ("no area has id {id!r}", "没有 id 为 {ids!r} 的区域"),     # parameter renamed
])
def test_a_dropped_or_changed_placeholder_is_seen(en, zh):
    assert placeholders(zh) != placeholders(en)


def test_a_table_given_as_a_boundary_is_refused_in_chinese(tmp_path):
    table = tmp_path / "红线表.csv"
    table.write_text("name,lon,lat\na,113.9,22.5\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        read_layer(table)
    assert describe_error(err.value, "zh") == (
        "发现 1 个问题：\n"
        "红线表.csv：是不含几何的表格，不是地图图层 —— 请提供含面要素的 GeoJSON、GeoPackage "
        "或（压缩为 .zip 的）Shapefile；点位表格请用 `python cli.py check` 检查")
    assert str(err.value.problems[0].message) == "is a table without geometry, not a map layer"
