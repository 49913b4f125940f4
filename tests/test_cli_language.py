"""The command line speaks the user's language: errors, rejected rows, a check's stages
and outcome in ``--lang`` — Chinese by default, as the app — and English on request."""

from __future__ import annotations

import argparse
import errno

import pytest

from cli import build_parser, main

REGISTER = "名称,经度,纬度,行业\n甲公司,abc,22.53,智能终端\n乙公司,113.94,22.53,生物医药\n"


def _register(tmp_path, text: str = REGISTER):
    path = tmp_path / "名录.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_check_names_the_bad_row_and_its_problem_in_chinese_by_default(tmp_path, capsys):
    assert main(["check", str(_register(tmp_path)), "--out", str(tmp_path / "o.csv")]) == 0
    out, err = capsys.readouterr()
    assert "名录.csv：1 行被拒绝（保留在输出中，并写明问题）：" in err
    assert "  第 1 行，列“经度”：不是数字：'abc'——请填写十进制度数" in err
    assert "[1/3] 打开" in err and "[2/3] 载入区域和街道" in err and "[3/3] 核查并写出" in err
    assert out.startswith("读入 2 行，写出 2 行（1 行坐标有问题）；结论：")
    assert "rows in" not in out and "row(s) rejected" not in err


def test_the_same_check_speaks_english_when_asked(tmp_path, capsys):
    assert main(["check", str(_register(tmp_path)), "--out", str(tmp_path / "o.csv"),
                 "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert "名录.csv: 1 row(s) rejected (kept in the output with the problem stated):" in err
    assert "  row 1, 经度: not a number: 'abc' — give decimal degrees" in err
    assert out.startswith("2 rows in, 2 rows out (1 with a coordinate problem); verdicts: ")


def test_an_address_register_says_what_its_addresses_gave_in_chinese(tmp_path, capsys):
    path = _register(tmp_path, "名称,地址,行业\n甲,深圳市南山区粤海街道,智能终端\n乙,火星,智能终端\n")
    assert main(["check", str(path), "--out", str(tmp_path / "o.csv"), "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert "按地址定位（离线地名库" in err and "街道（subdistrict） 1" in err
    assert "未定位（none） 1" in err and "  第 2 行，列“地址”：" in err
    assert "（1 行无法按地址定位）" in out


@pytest.mark.parametrize(("out", "said"), [
    ("o.txt", "无法写出 '.txt' 文件"),
    ("missing/o.csv", "不存在"),
])
def test_a_refused_output_is_an_error_in_chinese_before_any_work(tmp_path, capsys, out,
                                                                  said):
    assert main(["check", str(_register(tmp_path)), "--out", str(tmp_path / out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and said in err and "Traceback" not in err
    assert "[1/3]" not in err  # refused before the file was read


def test_a_missing_register_is_said_in_chinese_on_its_own_line(tmp_path, capsys):
    assert main(["check", str(tmp_path / "无.csv"), "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[0].startswith("[1/3] 打开") and lines[0].endswith("…")  # the stage ends
    assert lines[1] == "错误：发现 1 个问题：" and "文件不存在" in lines[2]


def test_a_full_disk_and_ctrl_c_are_said_in_chinese(tmp_path, monkeypatch, capsys):
    import pyarrow.csv as pacsv

    src, out = _register(tmp_path), tmp_path / "o.csv"

    def full_disk(table, fh, *a, **k):
        raise OSError(errno.ENOSPC, "No space left on device", str(out))

    monkeypatch.setattr(pacsv, "write_csv", full_disk)
    assert main(["check", str(src), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：无法使用") and "请腾出磁盘空间" in err
    assert "没有写出或改动任何输出文件" in err

    def interrupted(table, fh, *a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(pacsv, "write_csv", interrupted)
    assert main(["check", str(src), "--out", str(out), "--quiet"]) == 130
    assert capsys.readouterr().err == "已中断，未写出任何文件\n"
    assert not out.exists()


def _commands(parser: argparse.ArgumentParser, path=()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, command in action.choices.items():
                yield from _commands(command, (*path, name))
            return
    yield path, parser


def test_every_command_takes_lang_with_chinese_by_default():
    commands = list(_commands(build_parser()))
    assert len(commands) > 20
    for path, command in commands:
        lang = command._option_string_actions.get("--lang")
        assert lang is not None, path
        assert lang.default == "zh" and set(lang.choices) == {"zh", "en"}, path


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "错误：未知的区域编号 'nosuch'：见 `python cli.py areas`"),
    ("en", "error: unknown area id 'nosuch': see `python cli.py areas`"),
])
def test_a_wrong_option_is_refused_in_the_users_language(tmp_path, capsys, lang, said):
    assert main(["profile", "nosuch", "--out", str(tmp_path / "p.pdf"), "--lang", lang]) == 2
    assert capsys.readouterr().err == said + "\n"
    assert main(["check", str(_register(tmp_path)), "--out", str(tmp_path / "o.csv"),
                 "--k", "-1", "--lang", lang]) == 2
    assert ("请给 0（不列设施）或正整数" if lang == "zh" else "give 0 (no facilities)"
            ) in capsys.readouterr().err
