"""Tables as the app shows them: labels, text values and blank empty cells."""

import re

import numpy as np
import pandas as pd

from app_pages.tables import compare_frame, coverage_label, heat_styler


def _show():
    return pd.DataFrame({
        "id": ["a1", "a2"], "name_zh": ["甲区", "乙区"], "name_en": ["A", "B"],
        "area_km2": [14.602909459, 165.5925154], "n_facilities": [8, 5],
        "facilities_per_km2": [0.5478360337, 0.0301946], "share_city_facilities": [0.0987, 0.0617],
    })


def test_compare_frame_labels_measures_and_formats_values_as_in_the_coverage_table():
    out = compare_frame(_show().drop(columns="name_en"), ["a2", "a1"], lang="zh")
    assert list(out.columns) == ["乙区", "甲区"]
    assert list(out.index) == ["面积（km²，EPSG:4547）", "设施数", "设施密度（/km²）", "占全市设施比例"]
    assert out.loc["面积（km²，EPSG:4547）", "甲区"] == "14.60"
    assert out.loc["设施数", "乙区"] == "5"
    assert out.loc["设施密度（/km²）", "甲区"] == "0.548"


def test_compare_frame_in_english_uses_english_names_and_labels():
    out = compare_frame(_show().drop(columns="name_zh"), ["a1", "a2"], lang="en")
    assert list(out.columns) == ["A", "B"]
    assert "Facilities per km²" in out.index and coverage_label("n_facilities", "en") in out.index


def _cell_css(html: str, row: int, col: int) -> str:
    """The CSS the rendered Styler gives one cell ("" when none)."""
    for selectors, body in re.findall(r"([^{}]*)\{([^}]*)\}", html):
        if re.search(rf"_row{row}_col{col}(?=[ ,]|$)", selectors.strip()):
            return body
    return ""


def test_heat_styler_leaves_missing_and_plain_zero_cells_blank_and_colours_the_rest():
    values = pd.DataFrame({"x": [np.nan, 0.0, 2.0], "y": [0.5, 1.0, 10.0]}, index=list("pqr"))
    styler = heat_styler(values, fmt="{:.2f}", cmap="RdBu_r", vmin=0, vmax=2, plain_zero=True)
    assert styler.data.loc["p", "x"] == "" and styler.data.loc["q", "x"] == "0.00"
    html = styler.to_html()
    assert _cell_css(html, 0, 0) == "" and _cell_css(html, 1, 0) == ""  # NaN, plain zero
    two, ten = _cell_css(html, 2, 0), _cell_css(html, 2, 1)
    assert "background-color: #67001f" in two  # the top of RdBu_r
    assert ten == two  # clipped at vmax
    assert "color: #ffffff" in two  # white ink on a dark cell
    assert "None" not in html and "nan" not in html


def test_heat_styler_without_plain_zero_colours_zero_as_the_bottom_of_the_scale():
    styler = heat_styler(pd.DataFrame({"x": [0.0]}), fmt="{:.0%}", cmap="Blues", vmin=0, vmax=1)
    assert styler.data.iloc[0, 0] == "0%"
    assert "background-color: #f7fbff" in _cell_css(styler.to_html(), 0, 0)  # Blues at 0


def test_every_coverage_column_has_a_help_text_in_both_languages():
    from app_pages.tables import COVERAGE_FORMATS, coverage_help
    for lang in ("zh", "en"):
        for col in [*COVERAGE_FORMATS, "name_zh", "name_en", "kind", "grade"]:
            text = coverage_help(col, lang)
            assert text and not text.startswith("help_"), (col, lang)
    assert "EPSG:4547" in coverage_help("area_km2", "en")
    assert coverage_help("no_such_column", "zh") is None


def test_bar_chart_shows_every_label_whole_and_grows_with_the_rows():
    from app_pages.tables import bar_chart
    names = ["Hetao Shenzhen-Hong Kong Science and Technology Innovation Cooperation Zone "
             "(Shenzhen Park)", "B"]
    frame = pd.DataFrame({"name": names, "n_facilities": [9, 1], "n_enterprises": [0, 3]})
    spec = bar_chart(frame, label="name", values=["n_facilities", "n_enterprises"],
                     lang="en", titles={"n_facilities": "Facilities",
                                        "n_enterprises": "Enterprises"}).to_dict()
    axis = spec["encoding"]["y"]["axis"]
    assert axis["labelLimit"] == 0 and axis["labelOverlap"] is False
    assert spec["encoding"]["y"]["sort"] == names  # the frame's order, not alphabetical
    assert spec["encoding"]["color"]["sort"] == ["Facilities", "Enterprises"]
    assert spec["height"] == 120  # at least 120 px, else 20 px per bar
    one = bar_chart(pd.DataFrame({"name": list("abcdefghij"), "n": range(10)}),
                    label="name", values=["n"], lang="zh").to_dict()
    assert "color" not in one["encoding"] and one["height"] == 10 * 20 + 20
    assert one["encoding"]["x"]["title"] == "数量"
