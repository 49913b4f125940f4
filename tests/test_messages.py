"""Problem messages in the page language: every message the point reader writes has
a Chinese form that keeps the values it quotes, rendered from the one catalogue by key
(a text that is not a catalogue message is shown as it is)."""

import pickle
import re

import pandas as pd
import pytest

from core.errors import DataValidationError, Problem
from core.i18n import Msg, from_record, joined, msg, row_messages, to_record
from core.messages import describe, describe_error, localize, localize_report
from data.points_io import read_points

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def bad_register(tmp_path):
    path = tmp_path / "bad.csv"
    pd.DataFrame({"名称": ["a", "b", "c", "d"], "经度": ["abc", "22.54", "116.4", ""],
                  "纬度": ["22.5", "113.95", "39.9", "22.5"]}).to_csv(path, index=False)
    return read_points(path)


def test_every_row_problem_of_the_point_reader_reads_in_chinese(bad_register):
    zh = localize_report(bad_register.report, "zh")
    assert len(zh) == 4
    assert zh["problem"].map(lambda s: bool(CJK.search(s))).all(), zh["problem"].tolist()
    assert zh["fix"].map(lambda s: bool(CJK.search(s))).all(), zh["fix"].tolist()
    assert "'abc'" in " ".join(zh["problem"])           # the quoted value is kept
    assert zh["row"].tolist() == bad_register.report["row"].tolist()


def test_english_and_unknown_texts_pass_through_unchanged(bad_register):
    en = localize_report(bad_register.report, "en")
    pd.testing.assert_frame_equal(en, bad_register.report)
    assert localize("something new", "zh") == "something new"


@pytest.mark.parametrize("name, content", [("x.docx", b"PK"), ("x.csv", b"\xff\xfe\x00\xd8")])
def test_file_level_errors_read_in_chinese_and_name_the_file(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DataValidationError) as err:
        read_points(path)
    text = describe_error(err.value, "zh")
    assert text.startswith("发现 1 个问题") and name in text
    assert all(CJK.search(line) for line in text.splitlines())


def test_a_problem_names_row_and_column_in_chinese():
    p = Problem("in.csv", 7, "经度", msg("point.not_a_number", value="'x'"),
                msg("point.decimal_degrees"))
    assert str(p) == "in.csv, row 7, column '经度': not a number: 'x' — give decimal degrees, e.g. 113.94"
    assert describe(p, "zh") == "in.csv 第 7 行，列“经度”：不是数字：'x' —— 请填写十进制度数，例如 113.94"
    assert describe(p, "en") == str(p)
    assert (p.key, p.params) == ("point.not_a_number", {"value": "'x'"})


@pytest.mark.parametrize("n", [1, 2, 25])
def test_english_summary_is_the_errors_own_message_with_count_and_overflow(n):
    problems = [Problem("in.csv", i + 1, "lon", "not a number: 'x'") for i in range(n)]
    err = DataValidationError(problems)
    text = describe_error(err, "en")
    assert text == str(err)
    assert text.startswith(f"{n} problem found:" if n == 1 else f"{n} problems found:")
    assert ("... and 5 more problems" in text) == (n == 25)


def test_md_literal_escapes_markdown_latex_and_directives_and_keeps_line_breaks():
    from core.messages import md_literal
    out = md_literal("a [x](javascript:1) $y$ :red[z] **b** <i>\nline2")
    assert out == (r"a \[x\]\(javascript\:1\) \$y\$ \:red\[z\] \*\*b\*\* \<i\>" + "  \nline2")


def test_a_message_whose_key_is_gone_or_whose_template_breaks_shows_its_english():
    m = msg("point.not_a_number", value="'x'")
    gone = pickle.loads(pickle.dumps(m).replace(b"point.not_a_number", b"point.no_such_key!"))
    assert gone.key == "point.no_such_key!" and gone.text("zh") == "not a number: 'x'"
    broken = Msg("point.not_a_number", {}, "not a number: ?")  # a parameter missing
    assert broken.text("zh") == "not a number: ?"
    assert localize(gone, "zh") == "not a number: 'x'"
    assert describe(Problem("a.csv", None, None, gone), "zh") == "a.csv：not a number: 'x'"


def test_a_message_survives_pickling_copying_and_a_replaced_temporary_path():
    m = msg("read.not_vector", detail="DataSourceError: /tmp/x1/upload.gpkg: bad")
    back = pickle.loads(pickle.dumps(m))
    assert back == m and back.text("zh") == m.text("zh") and back.key == m.key
    named = m.replace("/tmp/x1/upload.gpkg", "名录.gpkg")
    assert named == "cannot be read as a vector file (DataSourceError: 名录.gpkg: bad)"
    assert named.text("zh") == "无法作为矢量文件读取（DataSourceError: 名录.gpkg: bad）"
    assert m.replace("nothing", "x") is m
    # text that is not in its parameters: plain English from then on
    assert type(m.replace("vector", "raster")) is str


def test_row_messages_share_equal_values_and_render_like_any_message():
    rows = row_messages("point.outside", "point", ["1.0, 2.0", "3.0, 4.0", "1.0, 2.0"])
    assert list(rows) == [str(msg("point.outside", point=p)) for p in
                          ("1.0, 2.0", "3.0, 4.0", "1.0, 2.0")]
    assert rows[0] is rows[2]
    assert rows[1].text("zh") == "点（3.0, 4.0）位于深圳及深汕之外"
    assert rows[1].params == {"point": "3.0, 4.0"} and rows[1].key == "point.outside"
    again = pickle.loads(pickle.dumps(rows[1]))
    assert again == rows[1] and again.text("zh") == rows[1].text("zh")
    land = row_messages("point.outside_land", "point", ["114.03, 22.44"],
                        place=msg("place.hong_kong"))[0]
    assert land.text("zh") == "点（114.03, 22.44）不在深圳陆域范围内（位于香港？）"


def test_a_report_keeps_its_messages_through_the_readers_concatenation(tmp_path):
    path = tmp_path / "bad.csv"
    pd.DataFrame({"名称": ["a"] * 6, "经度": ["x", "", "22.54", "116.4", "114.03", "113.9"],
                  "纬度": ["22.5"] * 3 + ["39.9", "22.44", "22.5"]}).to_csv(path, index=False)
    whole = read_points(path, chunk_rows=2)
    zh = localize_report(whole.report, "zh")
    assert len(zh) == 5 and zh["problem"].map(lambda s: bool(CJK.search(s))).all()
    assert "香港" in " ".join(zh["problem"])


def test_a_message_stored_as_plain_data_reads_back_in_both_languages():
    import json

    import numpy as np

    m = joined([msg("geo.note.former_name", old="光明新区", new="光明区"),
                msg("read.note.empty_rows", n=np.int64(3),
                    label=msg("read.label.sheet", name="a"), rows="", trailing="")])
    back = from_record(json.loads(json.dumps(to_record(m), ensure_ascii=False)))
    assert back == m and back.text("zh") == m.text("zh")
    assert back.text("zh") == "光明新区 是 光明区 的旧称；已跳过 3 个空行（工作表 'a'）"
    row = row_messages("point.outside", "point", ["1.0, 2.0"])[0]
    assert from_record(json.loads(json.dumps(to_record(row)))).text("zh") == row.text("zh")
    assert to_record("plain") == "plain" and from_record("plain") == "plain"
