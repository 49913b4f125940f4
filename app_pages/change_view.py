"""The 地图 page's "change" mode: two saved registers over the map — the firms that came
and went where both share a unique id column (:func:`analysis.change.match_key`), else
each area's count before and after (:func:`analysis.change.compare_snapshots`), drawn
by the page's one map builder (:class:`maps.folium.compose.MapChange`).

"After" is the saved register in use (else the newest saved one); "before" is chosen in
the sidebar from the other saved registers. The comparison is computed once per server
for each pair and industry filter and keeps only what is drawn (at most
:data:`maps.folium.change.MAX_MARKERS` firms, or one row per area), not the registers.

The UI words are the catalogue's ``change.map.*`` keys (core.i18n).
"""

from __future__ import annotations

import streamlit as st

from app_pages import auth
from app_pages import workspace_state as wss
from app_pages.data_cache import context
from core import settings
from core.messages import md_literal
from data.workspace import WorkspaceError
from maps.folium.change import MAX_MARKERS, tr
from maps.folium.compose import MapChange

#: Session keys: the mode switch and the base register's id (both carried by the URL).
MODE_KEY = "map_change"
BASE_KEY = "change_base"


@st.cache_resource(show_spinner=False, max_entries=8)
def _compare(url: str, before: tuple, after: tuple, industries: tuple
             ) -> tuple[MapChange, str, dict]:
    """(what to draw, the note's catalogue key, its parameters) for two saved
    registers (``before``/``after``: id and import time, their identity)."""
    from analysis.batch import register_points
    from analysis.change import (
        ALL,
        CITY,
        ID_HEADERS,
        compare_snapshots,
        entries_exits,
        match_key,
    )
    from analysis.coverage import filter_points
    from data.snapshots import load_table

    ws = wss.by_url(url)  # not wss.workspace(): a cached function keeps off session state
    tables = [load_table(ws, key[0])[0] for key in (before, after)]
    key = match_key(tables[0].valid, tables[1].valid)
    frames = []
    for table in tables:
        pts = register_points(table, labels=True)
        if key is not None:
            pts[key] = table.valid[key].to_numpy()
        frames.append(filter_points(pts, industries=list(industries)) if industries
                      else pts)
    del tables
    if key is not None:
        diff = entries_exits(frames[0], frames[1], key)
        if len(diff) <= MAX_MARKERS:
            n_entry = int((diff["status"] == "entry").sum())
            return (MapChange(entries_exits=diff, key_name=key), "matched",
                    {"key": key, "entries": f"{n_entry:,}",
                     "exits": f"{len(diff) - n_entry:,}",
                     "kept": f"{len(frames[1]) - n_entry:,}"})
        note, params = "too_many", {"n": f"{len(diff):,}", "max": f"{MAX_MARKERS:,}"}
    else:
        note, params = "no_key", {"headers": "、".join(ID_HEADERS[:4])}
    table = compare_snapshots(frames[0], frames[1], context())
    counts = table[(table["industry"] == ALL) & (table["area_id"] != CITY)]
    return MapChange(area_counts=counts[["area_id", "before", "after"]].reset_index(
        drop=True)), note, params


def sidebar(lang: str, industries) -> tuple[MapChange | None, str | None]:
    """The sidebar's switch and base picker; (what the map draws, the note under it)."""
    on = st.sidebar.toggle(tr("toggle", lang), key=MODE_KEY, help=tr("toggle_help", lang))
    if not on:
        return None, None
    ws = wss.workspace()
    try:
        if ws is None:
            raise wss.last_error()
        saved = ws.list_registers(visible_to=auth.visible_to())
    except WorkspaceError as exc:
        st.sidebar.warning(md_literal(wss.tr("workspace_error", lang).format(
            e=exc.text(lang))))
        return None, None
    if len(saved) < 2:
        st.sidebar.caption(tr("need_two", lang))
        return None, None
    in_use = st.session_state.get("user_snapshot")
    ids = [int(i) for i in saved["id"]]
    after = int(in_use) if in_use is not None and int(in_use) in ids else ids[-1]
    label = {int(r.id): f"{r.id} · {r.name}" + (f" ({r.as_of})" if r.as_of else "")
             for r in saved.itertuples()}
    stamp = {int(i): s for i, s in zip(saved["id"], saved["imported_at"], strict=True)}
    bases = [i for i in ids if i != after]
    if st.session_state.get(BASE_KEY) not in bases:  # a link's id no longer saved
        st.session_state[BASE_KEY] = max((i for i in bases if i < after), default=bases[-1])
    st.sidebar.caption(md_literal(tr("after", lang).format(name=label[after])))
    before = st.sidebar.selectbox(tr("before", lang), bases, key=BASE_KEY,
                                  format_func=label.get)
    try:
        change, note, params = _compare(settings.workspace_url(), (before, stamp[before]),
                                        (after, stamp[after]), tuple(industries))
    except WorkspaceError as exc:
        st.sidebar.warning(md_literal(wss.tr("workspace_error", lang).format(
            e=exc.text(lang))))
        return None, None
    return change, tr(note, lang).format(**params)


def frame_note(note: str | None) -> None:
    """The note under the map (escaped: a column name is the user's text)."""
    if note:
        st.caption(md_literal(note))

