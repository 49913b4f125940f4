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


def _as_text_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Every object column that holds anything but text made text cell by cell first
    (the cells a spreadsheet reads back are their text either way)."""
    out = frame.copy()
    for c in out.columns:
        s = out[c]
        if s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) not in (
                "string", "empty"):
            note = s.notna()
            s = s.copy()
            s[note] = s[note].map(str)
            out[c] = s
    return out


def test_object_columns_of_numbers_bytes_dates_or_a_mix_are_written_as_their_text():
    n = 2_000
    frame = pd.DataFrame({
        "ints": pd.Series(list(range(n)), dtype=object),
        "floats": pd.Series([0.1 * i if i % 5 else None for i in range(n)], dtype=object),
        "flags": pd.Series([i % 2 == 0 for i in range(n)], dtype=object),
        "bytes": pd.Series([b"=x" if i % 3 else b"y" for i in range(n)], dtype=object),
        "dates": pd.Series([pd.Timestamp("2025-01-01") + pd.Timedelta(days=i % 9)
                            for i in range(n)], dtype=object),
        "mixed": pd.Series([i if i % 2 else f"=cell {i}" for i in range(n)], dtype=object),
        "few_mixed": pd.Series([1, "=x", 2.5, None] * (n // 4), dtype=object),
        "text": pd.Series([f"-{i}" if i % 11 == 0 else f"row {i}" for i in range(n)],
                          dtype=object),
        "gaps": pd.Series([None, np.nan] * (n // 2), dtype=object),
    })
    written = safe_io.csv_bytes(frame)
    assert written == safe_io.csv_bytes(_as_text_first(frame))
    assert b"'=cell 0" in written and b'"b\'=x\'"' in written  # neutralised / as text
