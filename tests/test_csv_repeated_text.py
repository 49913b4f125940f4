"""CSV writing of text columns with few distinct values (core.safe_io._few_texts): the
file is byte for byte the one the cell-by-cell conversion writes, formulas
neutralised the same way."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core import safe_io


def _cell_by_cell(frame: pd.DataFrame, monkeypatch) -> bytes:
    with monkeypatch.context() as m:
        m.setattr(safe_io, "_few_texts", lambda s: None)
        return safe_io.csv_bytes(frame)


def test_repeated_text_with_formulas_and_gaps_writes_the_same_bytes(monkeypatch):
    rng = np.random.default_rng(3)
    pool = np.array(["match", "=SUM(A1:A9)", "-3.5", " @cmd", "\tx", "深圳湾", None,
                     np.nan, "", "+1", "a;b"], dtype=object)
    frame = pd.DataFrame({
        "verdict": pd.Series(pool[rng.integers(0, len(pool), 30_000)], dtype=object),
        "unique": pd.Series([f"=row {i}" if i % 7 == 0 else f"row {i}"
                             for i in range(30_000)], dtype=object),
        "metres": rng.uniform(0, 1e4, 30_000).round(1),
    })
    fast = safe_io.csv_bytes(frame)
    assert fast == _cell_by_cell(frame, monkeypatch)
    assert b"'=SUM(A1:A9)" in fast and b"'=row 0" in fast  # neutralised, both paths


def test_a_column_of_only_gaps_or_of_numbers_as_objects_writes_the_same_bytes(monkeypatch):
    frame = pd.DataFrame({"empty": pd.Series([None] * 50, dtype=object),
                          "mixed": pd.Series([1, "=x", 2.5, None] * 50, dtype=object)})
    assert safe_io.csv_bytes(frame) == _cell_by_cell(frame, monkeypatch)
