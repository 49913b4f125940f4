"""The CLI explains itself, reports the shipped layers and rejects bad files cleanly."""

import subprocess
import sys

from cli import main
from tests.conftest import NANSHAN_SQUARE, ROOT, feature


def test_info_lists_layers_with_areas(capsys):
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "subdistricts" in out and "74" in out and "OpenStreetMap" in out


def test_validate_accepts_a_good_file(write_geojson, capsys):
    path = write_geojson([feature(NANSHAN_SQUARE, id="x")])
    assert main(["validate", str(path)]) == 0
    assert "all valid" in capsys.readouterr().out


def test_validate_reports_bad_rows_with_exit_2_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.geojson"
    swapped = [[lat, lon] for lon, lat in NANSHAN_SQUARE]
    bad.write_text('{"type":"FeatureCollection","features":[' +
                   str(feature(swapped)).replace("'", '"') + "]}", encoding="utf-8")
    run = subprocess.run([sys.executable, "cli.py", "validate", str(bad)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert "bad.geojson, row 1" in run.stderr and "swapped" in run.stderr
    assert "Traceback" not in run.stderr


def test_help_explains_the_commands():
    run = subprocess.run([sys.executable, "cli.py", "--help"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0 and "info" in run.stdout and "validate" in run.stdout
