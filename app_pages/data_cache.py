"""Cached, read-only access to the shipped layers and the analysis context."""

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


@st.cache_resource(show_spinner=False)
def display_areas():
    """:func:`areas` as the map draws them (``maps.folium.geometry.for_display``); for
    drawing only, never for measuring."""
    from maps.folium.geometry import for_display

    return for_display(areas())


@st.cache_resource(show_spinner=False)
def areas():
    """The 15 areas and their 片区, validated, EPSG:4326; never mutate."""
    from data.areas import load_areas

    return load_areas()


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


@st.cache_resource(show_spinner=False)
def context():
    """Grid indexes of the areas and the 街道 (built once per server)."""
    from analysis.context import build_context

    return build_context(areas())


def points():
    """Facilities plus the enterprises (the uploaded register, else the sample)."""
    import pandas as pd

    cols = ["lon", "lat", "kind", "category", "industries"]
    return pd.concat([facilities()[cols], enterprises()[0][cols]], ignore_index=True)


@st.cache_resource(show_spinner=False)
def _shipped_join():
    """Points and memberships of the shipped data (facilities + enterprise sample)."""
    from analysis.coverage import join

    pts = points()
    return pts, join(pts, context())


def joined_points():
    """(points, Joined): facilities + enterprises with their area memberships. The join
    runs once per point set — once per server for the shipped data, once per uploaded
    register — so a filter change only takes a subset of it."""
    from analysis.coverage import join

    _, is_sample = enterprises()
    if is_sample:
        return _shipped_join()
    token = st.session_state.get("user_enterprises_token")
    if token and token[0] == "workspace":  # a saved register: joined once per server
        return _saved_join(token, st.session_state["user_enterprises"])
    hit = st.session_state.get("_joined")
    if hit is not None and hit[0] == token:
        return hit[1], hit[2]
    pts = points()
    joined = join(pts, context())
    st.session_state["_joined"] = (token, pts, joined)
    return pts, joined


@st.cache_resource(show_spinner=False, max_entries=4)
def _saved_join(token: tuple, _enterprises):
    """Points and memberships of the facilities plus a saved register (``token``:
    workspace, id, import time — the register's identity; the frame is not hashed)."""
    import pandas as pd

    from analysis.coverage import join

    cols = ["lon", "lat", "kind", "category", "industries"]
    pts = pd.concat([facilities()[cols], _enterprises[cols]], ignore_index=True)
    return pts, join(pts, context())


def filters():
    """(industry terms, categories) chosen in the sidebar (empty = all)."""
    return (st.session_state.get("f_industries", []),
            st.session_state.get("f_categories", []))
