"""Cached, read-only access to the shipped layers and the analysis context.

The areas' polygons are the shipped ones with the workspace's active boundary versions
applied (issue 20): :func:`boundary_token` names the active versions, and the areas,
the context and the joined points are kept per token, so a version saved or made
active (on the 边界 page, or by the CLI: seen within ``BOUNDARY_POLL_S``) is what every
page counts with next.
"""

import streamlit as st

from data import loaders


@st.cache_resource(show_spinner=False)
def base_layers():
    """(districts, subdistricts, shenshan) GeoDataFrames, EPSG:4326; never mutate."""
    return loaders.load_districts(), loaders.load_subdistricts(), loaders.load_shenshan()


@st.cache_resource(show_spinner=False)
def display_base_layers():
    """:func:`base_layers` as the map draws them (simplified by 5 m, rounded:
    ``maps.folium.geometry.for_display``); for drawing only, never for measuring."""
    from maps.folium.geometry import for_display

    return tuple(for_display(g) for g in base_layers())


#: How long (seconds) the workspace's active boundary versions are taken as read before
#: they are read again (a change made outside this server: the CLI, another server).
BOUNDARY_POLL_S = 5.0
#: The token this server process saw last (to notice a change of active versions).
_SEEN_TOKEN: dict[str, tuple | None] = {"token": None}


@st.cache_data(show_spinner=False, ttl=BOUNDARY_POLL_S)
def _active_versions(url: str) -> tuple[tuple[str, int], ...]:
    from app_pages import workspace_state

    try:  # by URL: a cached function keeps off session state
        ws = workspace_state.by_url(url)
    except workspace_state.WorkspaceError:
        return ()
    listing = ws.list_boundary_versions()
    active = listing[listing["active"]]
    return tuple(zip(active["area_id"], active["id"].astype(int), strict=True))


def boundary_token() -> tuple[tuple[str, int], ...]:
    """The workspace's active boundary versions, ((area id, version id), …) sorted;
    empty when it has none or cannot be opened (the shipped polygons are used). When
    it changes, every cached resource of the server is dropped: results cached
    elsewhere from :func:`context` (concentrations, comparisons) were made with the
    old polygons."""
    from core import settings
    from data.workspace import WorkspaceError

    try:
        token = _active_versions(settings.workspace_url())
    except WorkspaceError:
        token = ()
    seen = _SEEN_TOKEN["token"]
    if seen is not None and seen != token:
        st.cache_resource.clear()
    _SEEN_TOKEN["token"] = token
    return token


def boundary_changed() -> None:
    """A boundary version was saved or made active here: read the active versions again
    at the next :func:`boundary_token`."""
    _active_versions.clear()


def display_areas():
    """:func:`areas` as the map draws them (``maps.folium.geometry.for_display``); for
    drawing only, never for measuring."""
    return _display_areas(boundary_token())


@st.cache_resource(show_spinner=False, max_entries=2)
def _display_areas(token: tuple):
    from maps.folium.geometry import for_display

    return for_display(_areas(token))


def areas():
    """The 15 areas and their 片区, validated, EPSG:4326, with the workspace's active
    boundary versions (column ``boundary_version``: ``workspace:<id>``, ``override``
    or ``built``); never mutate."""
    return _areas(boundary_token())


@st.cache_resource(show_spinner=False, max_entries=2)
def _areas(token: tuple):
    """The areas with the versions ``token`` names (their polygons read by id, so a
    change after the token was read does not mix in)."""
    from app_pages import workspace_state
    from core import settings
    from data.areas import load_areas

    if not token:
        return load_areas()
    ws = workspace_state.by_url(settings.workspace_url())  # the token came from it
    return load_areas(versions=ws.boundary_geometries([v for _, v in token]))


@st.cache_resource(show_spinner=False)
def facilities():
    """The facility catalogue (WGS-84); never mutate."""
    from data.catalogues import load_facilities

    return load_facilities()


@st.cache_resource(show_spinner=False)
def enterprise_sample():
    """The shipped, curated enterprise sample (WGS-84); never mutate."""
    from data.catalogues import load_enterprises

    return load_enterprises()


def enterprises():
    """(enterprises, is_sample): the register uploaded this session (Data page) if
    any, else the shipped curated sample."""
    user = st.session_state.get("user_enterprises")
    if user is not None and len(user):
        return user, False
    return enterprise_sample(), True


def context():
    """Grid indexes of the areas and the 街道 (built once per server and set of active
    boundary versions)."""
    return _context(boundary_token())


@st.cache_resource(show_spinner=False, max_entries=2)
def _context(token: tuple):
    from analysis.context import build_context

    return build_context(_areas(token))


def points():
    """Facilities plus the enterprises (the uploaded register, else the sample)."""
    import pandas as pd

    cols = ["lon", "lat", "kind", "category", "industries"]
    return pd.concat([facilities()[cols], enterprises()[0][cols]], ignore_index=True)


@st.cache_resource(show_spinner=False, max_entries=2)
def _shipped_join(boundaries: tuple):
    """Points and memberships of the shipped data (facilities + enterprise sample), with
    the active boundary versions ``boundaries``."""
    from analysis.coverage import join

    pts = points()
    return pts, join(pts, _context(boundaries))


def joined_points():
    """(points, Joined): facilities + enterprises with their area memberships. The join
    runs once per point set — once per server for the shipped data, once per uploaded
    register — so a filter change only takes a subset of it."""
    from analysis.coverage import join

    _, is_sample = enterprises()
    boundaries = boundary_token()
    if is_sample:
        return _shipped_join(boundaries)
    token = st.session_state.get("user_enterprises_token")
    if token and token[0] == "workspace":  # a saved register: joined once per server
        return _saved_join(token, boundaries, st.session_state["user_enterprises"])
    hit = st.session_state.get("_joined")
    if hit is not None and hit[0] == (token, boundaries):
        return hit[1], hit[2]
    pts = points()
    joined = join(pts, _context(boundaries))
    st.session_state["_joined"] = ((token, boundaries), pts, joined)
    return pts, joined


@st.cache_resource(show_spinner=False, max_entries=4)
def _saved_join(token: tuple, boundaries: tuple, _enterprises):
    """Points and memberships of the facilities plus a saved register (``token``:
    workspace, id, import time — the register's identity; the frame is not hashed),
    with the active boundary versions ``boundaries``."""
    import pandas as pd

    from analysis.coverage import join

    cols = ["lon", "lat", "kind", "category", "industries"]
    pts = pd.concat([facilities()[cols], _enterprises[cols]], ignore_index=True)
    return pts, join(pts, _context(boundaries))


def filters():
    """(industry terms, categories) chosen in the sidebar (empty = all)."""
    return (st.session_state.get("f_industries", []),
            st.session_state.get("f_categories", []))
