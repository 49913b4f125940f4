"""Register snapshots in the workspace as the tables the rest of the project reads: a
:class:`~data.points_io.PointTable` saved with everything it carries (every row, the
report, the address warnings, the column roles, the file-level notes) and read back the
same. The app's 数据 page and the CLI's ``workspace`` commands both go through here.
"""

from __future__ import annotations

import dataclasses

from core.errors import Problem
from data.points_io import PointTable
from data.workspace import RegisterInfo, Workspace


def save_table(ws: Workspace, table: PointTable, *, name: str, as_of: str | None,
               crs: str) -> RegisterInfo:
    """Save ``table`` as a new snapshot named ``name`` (``name (2)`` … when taken);
    ``as_of``: the date the register describes (ISO 8601), ``crs``: the coordinate
    system its file was declared in. One transaction (see :mod:`data.workspace`)."""
    return ws.save_register(
        table.frame, name=ws.free_name(name), file_name=table.source, as_of=as_of,
        source_crs=crs, report=table.report, warnings=table.warnings,
        columns=table.columns, notes=[dataclasses.asdict(n) for n in table.notes])


def load_table(ws: Workspace, key: int | str) -> tuple[PointTable, RegisterInfo]:
    """The snapshot of id or name ``key`` as the table it was read as, and its info."""
    stored = ws.load_register(key)
    fields = {f.name for f in dataclasses.fields(Problem)}
    notes = [Problem(**{k: v for k, v in n.items() if k in fields}) for n in stored.notes]
    table = PointTable(frame=stored.frame, report=stored.report,
                       columns=dict(stored.columns), source=stored.info.file_name,
                       notes=notes, warnings=stored.warnings)
    return table, stored.info


def key_of(ws: Workspace, text: str) -> int | str:
    """A snapshot named on a command line: its name when a snapshot has that name (a
    name may be all digits, e.g. ``2024``), else an id when ``text`` is a number."""
    text = str(text).strip()
    if text.isdigit() and text not in set(ws.list_registers()["name"]):
        return int(text)
    return text
