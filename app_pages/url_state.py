"""The page URL carries the view: which session keys are shared through the query string,
how they are written to it and read back, and which page a link opens.

A link is read once, when a session starts (a new tab, a refresh, a link sent to a
colleague); after that the session's own choices win and are written back to the URL
as they change. Only values that differ from the default are written, so a plain view
keeps a short URL. A value a link carries is used only when it is one the page offers
(an id in the taxonomy, a listed category, a finite coordinate …); anything else, a
typo or a hostile string, is dropped and the default stays.

The page is named by ``?page=`` on the app's root path, not by a path such as
``/placement_page``: Streamlit's front end (1.67) first probes ``/<page>/_stcore/health``
and ``…/host-config`` for a deep path, gets two 404s and logs them as console errors
before it finds the server at ``/``. So the page the session is on is made the
navigation's default page (served at ``/``) and its key goes into ``?page=``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from core import settings

#: The 边界 page, where boundary versions are drawn, imported and saved: an editor's
#: page (issue 20 item 3 will show it by role; app.py builds it with the others).
BOUNDARY_PAGE = "boundaries"
#: Page keys, in navigation order, and their scripts.
PAGES: dict[str, str] = {
    "map": "app_pages/map_page.py",
    "stats": "app_pages/stats_page.py",
    "placement": "app_pages/placement_page.py",
    "data": "app_pages/data_page.py",
    "history": "app_pages/history_page.py",
    BOUNDARY_PAGE: "app_pages/boundary_page.py",
    "users": "app_pages/users_page.py",
}
DEFAULT_PAGE = "map"
#: Set in session state once the link has been read (the first run of a session).
_READ_FLAG = "_url_state_read"
#: A query value longer than this is not looked at.
MAX_VALUE_CHARS = 200
#: At most this many items of a list value are taken.
MAX_ITEMS = 40
_SEARCH_KEY = re.compile(r"^(all|[dzaf]:[A-Za-z0-9_.\-]{1,80})$")

#: The default placement point: 粤海街道 (its published representative point).
PC_DEFAULT_LON, PC_DEFAULT_LAT = 113.937938, 22.532219


@dataclass(frozen=True)
class Carried:
    """A session key the URL carries: its default and how it is read and written."""

    key: str
    default: Any
    parse: Callable[[list[str]], Any]  # query values → value, or None when not valid
    write: Callable[[Any], str]


def _one(values: list[str]) -> str | None:
    v = values[-1] if values else None
    return v if v is not None and 0 < len(v) <= MAX_VALUE_CHARS else None


def _choice(allowed: Iterable[str]) -> Callable[[list[str]], str | None]:
    allowed = tuple(allowed)

    def parse(values: list[str]) -> str | None:
        v = _one(values)
        return v if v in allowed else None
    return parse


def _choices(allowed: Iterable[str]) -> Callable[[list[str]], list[str] | None]:
    """A list, from repeated keys or one comma-joined value; unknown items dropped,
    duplicates once, in the link's order."""
    allowed = tuple(allowed)

    def parse(values: list[str]) -> list[str] | None:
        items = [i.strip() for v in values if len(v) <= MAX_VALUE_CHARS * 10
                 for i in v.split(",")]
        out = list(dict.fromkeys(i for i in items if i in allowed))[:MAX_ITEMS]
        return out or None
    return parse


def _number(values: list[str]) -> float | None:
    v = _one(values)
    if v is None or not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", v):
        return None
    x = float(v)
    return x if math.isfinite(x) and abs(x) < 1e8 else None


def _flag(values: list[str]) -> bool | None:
    """A switch that is on (``1``); anything else leaves the default (off)."""
    return True if _one(values) == "1" else None


def _search(values: list[str]) -> str | None:
    v = _one(values)
    return v if v is not None and _SEARCH_KEY.match(v) else None


#: Where a shared map view may be: Shenzhen and 深汕 with a wide margin (degrees).
_VIEW_BOX = (20.0, 111.0, 25.5, 117.0)  # south, west, north, east
#: Zoom levels a map view may have (the tile providers' range).
_VIEW_ZOOM = (3, 19)


def _map_view(values: list[str]) -> tuple[float, float, int] | None:
    """``lat,lon,zoom`` (degrees, a whole zoom level) inside :data:`_VIEW_BOX`."""
    v = _one(values)
    parts = v.split(",") if v else []
    if len(parts) != 3:
        return None
    lat, lon, zoom = (_number([p.strip()]) for p in parts)
    if None in (lat, lon, zoom) or zoom != int(zoom):
        return None
    south, west, north, east = _VIEW_BOX
    if not (south <= lat <= north and west <= lon <= east
            and _VIEW_ZOOM[0] <= zoom <= _VIEW_ZOOM[1]):
        return None
    return lat, lon, int(zoom)


def _register_id(values: list[str]) -> int | None:
    """A saved register's id (a positive whole number; the page checks it exists)."""
    v = _one(values)
    return int(v) if v is not None and re.fullmatch(r"[1-9]\d{0,8}", v) else None


def _fmt_map_view(v) -> str:
    lat, lon, zoom = v
    return f"{lat:.5f},{lon:.5f},{int(zoom)}"


def map_view_of(reported) -> tuple[float, float, int] | None:
    """The view the map reported (streamlit-folium's value: ``center`` {lat, lng} and
    ``zoom``) as (lat, lon, zoom), rounded to 5 decimals (≈ 1 m); None for no report or
    one that is not a valid view."""
    if not isinstance(reported, dict):
        return None
    centre, zoom = reported.get("center"), reported.get("zoom")
    if not isinstance(centre, dict) or zoom is None:
        return None
    try:
        text = _fmt_map_view((float(centre["lat"]), float(centre["lng"]), int(zoom)))
    except (KeyError, TypeError, ValueError):
        return None
    return _map_view([text])


def _fmt_number(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


def carried(tax) -> dict[str, Carried]:
    """The keys a URL carries (``tax``: the loaded taxonomy, whose ids are valid)."""
    sectors = [k for k, v in tax.entries.items() if v["level"] == "sector"]
    return {c.key: c for c in (
        Carried("f_industries", [], _choices([*sectors, *tax.industry_ids]), ",".join),
        Carried("f_categories", [], _choices(settings.FACILITY_CATEGORIES), ",".join),
        Carried("map_search", None, _search, str),
        Carried("color_by", "kind", _choice(["kind", "sector"]), str),
        Carried("map_observed", False, _flag, lambda v: "1"),
        Carried("map_view", None, _map_view, _fmt_map_view),
        Carried("map_change", False, _flag, lambda v: "1"),
        Carried("change_base", None, _register_id, str),
        Carried("tiles", settings.APP_TILE_CHOICES[0], _choice(settings.APP_TILE_CHOICES),
                str),
        Carried("pc_lon", PC_DEFAULT_LON, _number, _fmt_number),
        Carried("pc_lat", PC_DEFAULT_LAT, _number, _fmt_number),
        Carried("pc_crs", "wgs84", _choice(settings.INPUT_CRS_CHOICES), str),
        Carried("pc_industry", tax.industry_ids[0], _choice(tax.industry_ids), str),
    )}


#: The keys each page writes (the sidebar's filters are written on every page).
PAGE_KEYS: dict[str, tuple[str, ...]] = {
    "map": ("map_search", "color_by", "tiles", "map_observed", "map_view",
            "map_change", "change_base"),
    "placement": ("pc_lon", "pc_lat", "pc_crs", "pc_industry"),
}
SIDEBAR_KEYS = ("f_industries", "f_categories")


def first_run() -> bool:
    return _READ_FLAG not in st.session_state


def read_link(tax) -> None:
    """On a session's first run, put the valid values the link carries into session
    state (before any widget with their key is drawn); later runs leave it alone."""
    if not first_run():
        return
    st.session_state[_READ_FLAG] = True
    for key, c in carried(tax).items():
        value = c.parse([str(v) for v in st.query_params.get_all(key)])
        if value is not None:
            st.session_state[key] = value


def snapshot_from_link() -> str | None:
    """The saved register a link names (``?snapshot=<id>``), or None."""
    v = _one(st.query_params.get_all("snapshot"))
    return v if v is not None and re.fullmatch(r"[0-9]{1,12}", v) else None


def write_snapshot(snapshot_id: int | None) -> None:
    """Name the saved register in use in the URL (none: the key is removed)."""
    _set("snapshot", None if snapshot_id is None else str(int(snapshot_id)))


def view_from_link() -> str | None:
    """The saved view a short link names (``?view=<id>``), or None."""
    v = _one(st.query_params.get_all("view"))
    return v if v is not None and re.fullmatch(r"[A-Za-z0-9_\-]{6,43}", v) else None


def open_view(state: dict) -> None:
    """Replace the query string by a saved view's (on a session's first run, before the
    link is read), so the view opens as the link it was saved from."""
    st.query_params.clear()
    for key, value in state.items():
        if isinstance(key, str) and isinstance(value, str | list):
            st.query_params[key] = value


def current_query() -> dict:
    """The query string as a dict (lists for repeated keys): what a saved view keeps."""
    return {k: (v if len(v) > 1 else v[0])
            for k in st.query_params for v in [st.query_params.get_all(k)]}


def page_from_link() -> str:
    """The page a link names (``?page=``), or the default page."""
    v = _choice(PAGES)(st.query_params.get_all("page"))
    return v or DEFAULT_PAGE


def _set(key: str, value: str | None) -> None:
    """Write one query key (``None`` removes it); nothing is sent when unchanged."""
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get_all(key) != [value]:
        st.query_params[key] = value


def write(tax, keys: Iterable[str]) -> None:
    """Write ``keys`` from session state to the URL: a value equal to its default is
    removed, so a plain view keeps a short URL."""
    spec = carried(tax)
    for key in keys:
        c = spec[key]
        value = st.session_state.get(key, c.default)
        if isinstance(value, float) and isinstance(c.default, float):
            same = math.isclose(value, c.default, abs_tol=5e-7)
        else:
            same = value == c.default or value in (None, [], "")
        _set(key, None if same else c.write(value))


def write_page(page: str) -> None:
    """Name the page in the URL (the default page is not named) and drop the keys
    another page wrote."""
    _set("page", None if page == DEFAULT_PAGE else page)
    for other, keys in PAGE_KEYS.items():
        if other != page:
            for key in keys:
                _set(key, None)


def current_page(link_page: str) -> str:
    """The page this run will show: the one the browser asked for (a navigation
    click or rerun names it by its script hash), else the one the link names."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        from streamlit.util import calc_hash

        ctx = get_script_run_ctx()
        wanted = ctx.pages_manager.intended_page_script_hash if ctx else None
        name = ctx.pages_manager.intended_page_name if ctx else None
    except (ImportError, AttributeError):  # Streamlit internals moved: the link decides
        return link_page
    for page, path in PAGES.items():
        url_path = path.rsplit("/", 1)[-1].removesuffix(".py")
        if wanted and wanted == calc_hash(url_path):
            return page
        if name and name == url_path:
            return page
    return link_page
