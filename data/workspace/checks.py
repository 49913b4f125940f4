"""Placement-check records in the workspace: every check (a point, a drawn site, a batch
of a register) kept with its inputs, verdict, certainty, reasons, the boundary versions
it used, when and by whom. Records are only added, never changed.
:class:`data.workspace.Workspace` calls these functions with its store."""

from __future__ import annotations

import datetime as dt
import json
import math

import pandas as pd
import sqlalchemy as sa

from core.i18n import msg
from data.workspace._errors import WorkspaceError
from data.workspace._schema import check_records
from data.workspace.boundaries import current_user, now

KINDS = ("point", "site", "batch")
LIST_COLUMNS = ("id", "created_at", "author", "kind", "lon", "lat", "register_id",
                "file_name", "industry", "verdict", "certainty", "reasons", "area_ids",
                "boundary_versions", "summary", "inputs")
_JSON = ("reasons", "area_ids", "boundary_versions", "summary", "inputs")


def _dumps(value, what: str, where: str) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, default=_plain)
    except (TypeError, ValueError) as exc:
        raise WorkspaceError(msg("ws.err.check_not_json", what=what, detail=str(exc)),
                             msg("ws.err.pass_plain_json"), source=where) from exc


def _plain(value):
    """numpy scalars and the like as plain JSON values."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def _coord(value, what: str, where: str) -> float | None:
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = math.nan
    if not math.isfinite(v):
        raise WorkspaceError(msg("ws.err.check_not_number", what=what, value=value),
                             msg("ws.err.pass_degrees"), source=where)
    return v


def record(store, *, kind: str, verdict=None, certainty=None, reasons=(), lon=None,
           lat=None, register_id=None, file_name=None, industry=None, area_ids=(),
           boundary_versions=None, summary=None, inputs=None, author=None) -> int:
    where = store.where
    if kind not in KINDS:
        raise WorkspaceError(msg("ws.err.unknown_check_kind", kind=kind),
                             msg("areas.use_one_of", choices=", ".join(KINDS)), source=where)
    values = {
        "created_at": now(), "author": _text(author) or current_user(), "kind": kind,
        "lon": _coord(lon, msg("read.role.longitude"), where),
        "lat": _coord(lat, msg("read.role.latitude"), where),
        "register_id": None if register_id is None else int(register_id),
        "file_name": _text(file_name), "industry": _text(industry),
        "verdict": _text(verdict), "certainty": _text(certainty),
        "reasons": _dumps([str(r) for r in (reasons or ())], "reasons", where),
        "area_ids": _dumps([str(a) for a in (area_ids or ())], "areas", where),
        "boundary_versions": _dumps(dict(boundary_versions or {}), "boundary versions",
                                    where),
        "summary": _dumps(dict(summary or {}), "summary", where),
        "inputs": _dumps(dict(inputs or {}), "inputs", where),
    }
    with store.tx(write=True) as conn:
        return int(conn.execute(sa.insert(check_records).values(**values)
                                .returning(check_records.c.id)).scalar_one())


def _since(value, where: str) -> str:
    """An ISO UTC bound comparable with created_at (a date means its 00:00 UTC)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds") + "Z"
    if isinstance(value, dt.date):
        return value.isoformat() + "T00:00:00.000000Z"
    try:
        return _since(dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")), where)
    except ValueError:
        raise WorkspaceError(msg("ws.err.not_a_date", value=value), msg("ws.err.write_date"),
                             source=where) from None


def _until(value, where: str) -> str:
    """An exclusive ISO UTC upper bound: a date means the whole day (its next 00:00
    UTC), a datetime that instant."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return _since(value + dt.timedelta(days=1), where)
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return _until(dt.date.fromisoformat(value.strip()), where)
        except ValueError:
            pass
    return _since(value, where)


def rows(store, *, user=None, since=None, until=None, area_id=None, verdict=None,
         check_id=None) -> pd.DataFrame:
    q = sa.select(check_records).order_by(check_records.c.created_at, check_records.c.id)
    if check_id is not None:
        q = q.where(check_records.c.id == int(check_id))
    if user is not None:
        q = q.where(check_records.c.author == str(user))
    if since is not None:
        q = q.where(check_records.c.created_at >= _since(since, store.where))
    if until is not None:
        q = q.where(check_records.c.created_at < _until(until, store.where))
    if verdict is not None:
        q = q.where(check_records.c.verdict == str(verdict))
    with store.tx() as conn:
        got = conn.execute(q).all()
    frame = pd.DataFrame([tuple(r) for r in got], columns=[c.name for c in check_records.c])
    for c in _JSON:
        frame[c] = [json.loads(v) for v in frame[c]]
    if area_id is not None:
        keep = [str(area_id) in ids for ids in frame["area_ids"]]
        frame = frame[keep] if len(frame) else frame
    frame = frame[list(LIST_COLUMNS)].reset_index(drop=True)
    return frame.astype({"id": "int64", "lon": "float64", "lat": "float64",
                         "register_id": "Int64"})
