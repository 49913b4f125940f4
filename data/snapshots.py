"""Register snapshots in the workspace as the tables the rest of the project reads: a
:class:`~data.points_io.PointTable` saved with everything it carries (every row, the
report, the address warnings, the column roles, the file-level notes) and read back the
same. The app's 数据 page and the CLI's ``workspace`` commands both go through here.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from core.errors import Problem
from core.i18n import Msg, from_record, to_record
from data.points_io import PointTable
from data.workspace import RegisterInfo, Workspace

#: A notes entry that is not a note: the report's messages by their English text, so a
#: snapshot read again shows its report in either language.
_MESSAGES = "_messages"
_REPORT_TEXT = ("problem", "fix")


def _messages(*frames: pd.DataFrame) -> dict:
    """English text → message record of every distinct message in the reports."""
    out: dict = {}
    for frame in frames:
        for col in _REPORT_TEXT:
            if col in frame.columns:
                for v in pd.unique(frame[col].to_numpy(dtype=object)):
                    if isinstance(v, Msg) and v.key:
                        out.setdefault(str(v), to_record(v))
    return out


def _with_messages(frame: pd.DataFrame, records: dict) -> pd.DataFrame:
    """The report with its texts turned back into messages (the others as they are)."""
    if not records or not len(frame):
        return frame
    frame = frame.copy()
    for col in _REPORT_TEXT:
        if col in frame.columns:
            codes, uniques = pd.factorize(frame[col].to_numpy(dtype=object))
            back = pd.array([from_record(records[u]) if u in records else u
                             for u in uniques], dtype=object)
            values = back.to_numpy()[codes] if len(codes) else back.to_numpy()
            frame[col] = pd.Series(values, index=frame.index, dtype=object).where(
                codes >= 0, frame[col])
    return frame


def save_table(ws: Workspace, table: PointTable, *, name: str, as_of: str | None,
               crs: str, owner: str | None = None, shared: bool = True) -> RegisterInfo:
    """Save ``table`` as a new snapshot named ``name`` (``name (2)`` … when taken);
    ``as_of``: the date the register describes (ISO 8601), ``crs``: the coordinate
    system its file was declared in; ``owner``/``shared``: who saves it and whether
    every user sees it (see :meth:`Workspace.save_register`). One transaction (see
    :mod:`data.workspace`)."""
    return ws.save_register(
        table.frame, name=ws.free_name(name), file_name=table.source, as_of=as_of,
        source_crs=crs, report=table.report, warnings=table.warnings,
        columns=table.columns, notes=[_note_record(n) for n in table.notes]
        + [{_MESSAGES: _messages(table.report, table.warnings)}], owner=owner, shared=shared)


def _note_record(note: Problem) -> dict:
    return {"source": note.source, "row": note.row, "column": note.column,
            "message": to_record(note.message), "fix": to_record(note.fix)}


def load_table(ws: Workspace, key: int | str) -> tuple[PointTable, RegisterInfo]:
    """The snapshot of id or name ``key`` as the table it was read as, and its info."""
    stored = ws.load_register(key)
    fields = {f.name for f in dataclasses.fields(Problem)}
    records = next((n[_MESSAGES] for n in stored.notes if _MESSAGES in n), {})
    notes = [Problem(**{k: from_record(v) for k, v in n.items() if k in fields})
             for n in stored.notes if _MESSAGES not in n]
    table = PointTable(frame=stored.frame, report=_with_messages(stored.report, records),
                       columns=dict(stored.columns), source=stored.info.file_name,
                       notes=notes, warnings=_with_messages(stored.warnings, records))
    return table, stored.info


def key_of(ws: Workspace, text: str) -> int | str:
    """A snapshot named on a command line: its name when a snapshot has that name (a
    name may be all digits, e.g. ``2024``), else an id when ``text`` is a number."""
    text = str(text).strip()
    if text.isdigit() and text not in set(ws.list_registers()["name"]):
        return int(text)
    return text
