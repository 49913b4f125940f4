"""Give a closed tab's memory back to the system (issue 22, item 10).

When a tab closes, Streamlit keeps its session for ``server.disconnectedSessionTTL``
seconds so that a reconnecting tab (a network blip, a refresh) finds its state again.
Three things keep that memory for much longer (Streamlit 1.67):

* The session store (a ``TTLCache``) drops an expired session lazily, only when
  another session disconnects (a write to the store). On a quiet server a closed
  tab's session — its uploaded file's bytes, its parsed register — stays for good.
* Streamlit's flush loop (``Runtime._loop_coroutine``) keeps the last session it
  served in a loop variable until it serves another one, and ``AppSession.shutdown()``
  leaves the session's ``session_state`` in place: the last tab to close keeps its
  state even once shut down.
* What is freed goes back to glibc's arenas (one per script thread) and to pyarrow's
  pool (pandas' strings), which keep it: the process's resident size does not fall.

:func:`install` (called by ``app.py`` on every run; it acts once per server) starts a
timer **on the server's event loop** — the thread on which Streamlit itself connects,
resumes, disconnects and closes sessions, so no move of a session between "active"
and "stored" can interleave with a sweep. Every :func:`period_s` seconds a sweep
expires the session store, shuts down the sessions it dropped and empties their
state, frees the uploads of sessions Streamlit no longer knows, and, when anything
was freed, trims the allocators.

What it never touches: an active session (checked explicitly), and a stored session
still within its TTL — that may be a tab reconnecting, or one that a slow rerun or a
page switch made look disconnected. A session is only shut down once the store has
ruled it expired, after which Streamlit refuses to resume it anyway (a reconnecting
tab gets a new session, as it would without this module). The shared, read-only
caches (``st.cache_resource``: the shipped layers, the saved registers' points and
joins) are left alone: they are meant to stay.

Streamlit's internals move between versions: every private attribute is looked up
with a guard, and when one is missing the module logs one line and does nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import logging
import sys
import threading
from typing import Any

_LOG = logging.getLogger(__name__)

#: Longest wait between two sweeps (seconds); the TTL's half when that is shorter.
MAX_PERIOD_S = 30.0
#: Shortest wait between two sweeps (seconds).
MIN_PERIOD_S = 1.0

_lock = threading.Lock()
#: This module as imported: sweeps started by an older copy (a module reloaded by
#: Streamlit's file watcher) stop, so there is one chain of sweeps per server.
_THIS = sys.modules[__name__]
#: The runtime the sweeps are installed on (None: not yet, or not possible).
_installed_on: Any = None
#: Sweeps that should still trim the allocators (what a session's script thread
#: lets go of a moment after the shutdown).
_release_pending = 0


def _internals() -> tuple[Any, Any, Any, Any] | None:
    """(runtime, session manager, session store's TTLCache, event loop), or None with a
    log line when this Streamlit does not have them where they were in 1.67."""
    try:
        from streamlit.runtime import Runtime

        if not Runtime.exists():
            return None
        rt = Runtime.instance()
        mgr = rt._session_mgr
        cache = mgr._session_storage._cache
        loop = rt._async_objs.eventloop
        for name in ("is_active_session", "list_sessions"):
            if not callable(getattr(mgr, name, None)):
                raise AttributeError(name)
        if not callable(getattr(cache, "expire", None)):
            raise AttributeError("expire")
    except Exception as exc:  # any change in Streamlit: do nothing
        _LOG.warning("session_memory: Streamlit internals not found (%s); closed "
                     "sessions are left to Streamlit", exc)
        return None
    return rt, mgr, cache, loop


def period_s() -> float:
    """Seconds between two sweeps: half the disconnected-session TTL, within
    [MIN_PERIOD_S, MAX_PERIOD_S]."""
    try:
        from streamlit import config

        ttl = float(config.get_option("server.disconnectedSessionTTL"))
    except Exception:  # an unreadable setting: the default
        ttl = 120.0
    return min(max(ttl / 2, MIN_PERIOD_S), MAX_PERIOD_S)


def install() -> None:
    """Start the sweeps on the server's event loop, once per server. Safe to call on
    every script run (cheap after the first); does nothing outside ``streamlit run``
    (tests, bare mode) or when Streamlit's internals are not where they were."""
    global _installed_on
    if _installed_on is not None:
        return
    with _lock:
        if _installed_on is not None:
            return
        found = _internals()
        if found is None:
            _installed_on = False  # not possible in this process: do not look again
            return
        rt, _, _, loop = found
        _installed_on = rt
    try:
        loop.call_soon_threadsafe(_schedule, loop, rt)
    except RuntimeError as exc:  # the loop is closed: the server is stopping
        _LOG.warning("session_memory: not started (%s)", exc)


def _schedule(loop, rt) -> None:
    """On the event loop: the next sweep, unless the server stops."""
    state = getattr(getattr(rt, "state", None), "name", "")
    if state in ("STOPPING", "STOPPED") or loop.is_closed() or sys.modules.get(
            __name__) is not _THIS:
        return
    loop.call_later(period_s(), _tick, loop, rt)


def _tick(loop, rt) -> None:
    """On the event loop: one sweep, then the next one. A failure is logged, never
    raised into the server's loop; a missing internal stops the sweeps."""
    global _release_pending
    try:
        found = _internals()
        if found is None:
            return  # logged; no more sweeps
        _, mgr, cache, _ = found
        if sweep(mgr, cache, rt.uploaded_file_mgr):
            release_heap(collect=True)
            _release_pending = 1
        elif _release_pending:
            _release_pending -= 1
            release_heap(collect=False)
    except Exception:  # never break the server's loop
        _LOG.exception("session_memory: sweep failed")
    _schedule(loop, rt)


def sweep(mgr, cache, uploaded_file_mgr=None) -> int:
    """Expire the session store now and shut down the sessions it dropped (never an
    active one); empty the state of the sessions shut down (now, or earlier while
    their script was still running); free the uploaded files of sessions that are
    neither active nor stored (dropped by the store earlier without a shutdown).
    Must run on the server's event loop. Returns how many things were freed."""
    with getattr(mgr, "_storage_lock", None) or contextlib.nullcontext():
        expired = cache.expire()
    freed = 0
    for session_id, info in expired:
        session = getattr(info, "session", None)
        if session is None or mgr.is_active_session(session_id):
            continue  # resumed under its id (cannot happen once expired): keep it
        session.shutdown()  # its uploads, media, dataframe sources, session caches
        _shut_down.append(session)
        freed += 1
    freed += _empty_shut_down(mgr)
    storage = getattr(uploaded_file_mgr, "file_storage", None)
    if isinstance(storage, dict) and storage:
        known = {info.session.id for info in mgr.list_sessions()}
        for session_id in [s for s in list(storage) if s not in known]:
            uploaded_file_mgr.remove_session_files(session_id)
            freed += 1
    if freed:
        _LOG.info("session_memory: freed %d closed session part(s)", freed)
    return freed


#: Sessions shut down by :func:`sweep` whose state is not emptied yet.
_shut_down: list[Any] = []


def _empty_shut_down(mgr) -> int:
    """Empty the state and the unsent messages of the shut-down sessions whose script
    has stopped. A shut-down ``AppSession`` is not always let go at once: Streamlit's
    flush loop keeps the last session it served in a local variable until it serves
    another one (a server whose only tab closed keeps that tab's state for good), and
    ``shutdown()`` leaves ``session_state`` — the parsed register, the pages' objects
    held by widget callbacks — in place. A session whose script still runs (a large
    file being read when the tab closed) is emptied on a later sweep."""
    emptied, waiting = 0, []
    for session in _shut_down:
        if mgr.is_active_session(session.id):
            continue  # never touch a session in use (cannot happen once shut down)
        if getattr(session, "_scriptrunner", None) is not None:
            waiting.append(session)  # its script has not stopped yet
            continue
        state = session.session_state
        state.clear()
        # clear() keeps the widgets' metadata: their callbacks and callback arguments
        # (数据's "use" box holds the parsed register), and through the callbacks the
        # page scripts' globals
        metadata = getattr(getattr(state, "_new_widget_state", None), "widget_metadata",
                           None)
        if isinstance(metadata, dict):
            metadata.clear()
        session.flush_browser_queue()
        emptied += 1
    _shut_down[:] = waiting
    return emptied


def _libc_malloc_trim():
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


_malloc_trim = _libc_malloc_trim()


def release_heap(*, collect: bool = True) -> None:
    """Hand freed memory back to the system: collect reference cycles (``collect``;
    ~0.3 s with this app's objects, on the event loop: once per freed session), then
    glibc's ``malloc_trim(0)`` (every arena: each script thread allocates in its
    own) and pyarrow's pool (pandas' strings live there), if pyarrow is loaded. A
    step that does not exist here is skipped."""
    if collect:
        gc.collect()
    if _malloc_trim is not None:
        _malloc_trim(0)
    pa = sys.modules.get("pyarrow")
    if pa is not None:
        with contextlib.suppress(Exception):
            pa.default_memory_pool().release_unused()
