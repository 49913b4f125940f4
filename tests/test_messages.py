"""Problem messages in the page language: every message the point reader writes has
a Chinese form that keeps the values it quotes."""

import re

import pandas as pd
import pytest

from core.errors import DataValidationError, Problem
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
    p = Problem("in.csv", 7, "经度", "not a number: 'x'", "give decimal degrees, e.g. 113.94")
    assert describe(p, "zh") == "in.csv 第 7 行，列“经度”：不是数字：'x' —— 请填写十进制度数，例如 113.94"
    assert describe(p, "en") == str(p)


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


@pytest.mark.parametrize("english, kept", [
    ("point (114.03, 22.44) lies outside Shenzhen's land boundary (in Hong Kong?)",
     ["114.03, 22.44", "香港"]),
    ("point (113.75, 22.88) lies outside Shenzhen's land boundary (in Dongguan?)", ["东莞"]),
    ("no value", []),
    ("mixed text encodings: UTF-8 up to byte 1,234 (line 12), where byte 0xe9 is not UTF-8 "
     "(a cell pasted from a GBK or Latin-1 file?)", ["1,234", "第 12 行", "0xe9"]),
    ("text encoding: GBK/GB18030: not UTF-8 from byte 5 (line 2) on, and the whole file "
     "decodes as GB18030", ["GB18030", "第 2 行"]),
    ("has 2 sheets with different columns: '名录' (3 rows: 名称, 经度); '说明' (1 rows: 字段)",
     ["'名录'", "'说明'", "3 行"]),
    ("3 empty row(s) in sheet 'a' skipped (rows 2, 5), 1 of them after the last data row",
     ["工作表 'a'", "2, 5"]),
    ("header '经度' appears 2 times (columns 2, 4)", ["'经度'", "2, 4"]),
    ("column 'district' was renamed 'district (输入)' (the results add a column of that name)",
     ["'district (输入)'"]),
    ("has more than 1,000 data rows (read 1,001; settings.MAX_INPUT_ROWS)", ["1,000"]),
    ("the file (layer 'a') declares no coordinate system; read as GCJ-02, the one chosen",
     ["图层 'a'", "GCJ-02"]),
    ("is an old Excel 97–2003 workbook (.xls), which is not read", [".xls"]),
])
def test_hostile_input_messages_read_in_chinese_keeping_their_values(english, kept):
    zh = localize(english, "zh")
    assert zh != english and CJK.search(zh)
    assert all(k in zh for k in kept), zh
    assert not re.search(r"\b(the|is|file|row|sheet|layer)\b", zh), zh  # no English left
