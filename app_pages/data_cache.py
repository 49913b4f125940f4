"""Cached, read-only access to the shipped layers and the analysis context."""

import streamlit as st

from core import loaders


@st.cache_resource(show_spinner=False)
def base_layers():
    """(districts, subdistricts, shenshan) GeoDataFrames, EPSG:4326; never mutate."""
    return loaders.load_districts(), loaders.load_subdistricts(), loaders.load_shenshan()


@st.cache_resource(show_spinner=False)
def areas():
    """The 15 areas and their 片区, validated, EPSG:4326; never mutate."""
    from core.areas import load_areas

    return load_areas()


@st.cache_resource(show_spinner=False)
def facilities():
    """The facility catalogue (WGS-84); never mutate."""
    from core.facilities import load_facilities

    return load_facilities()


@st.cache_resource(show_spinner=False)
def context():
    """Grid indexes of the areas and the 街道 (built once per server)."""
    from analysis.context import build_context

    return build_context(areas())


def points():
    """Facilities plus the enterprises uploaded this session (Data page)."""
    import pandas as pd

    cols = ["lon", "lat", "kind", "category", "industries"]
    frames = [facilities()[cols]]
    user = st.session_state.get("user_enterprises")
    if user is not None and len(user):
        frames.append(user[cols])
    return pd.concat(frames, ignore_index=True)


def filters():
    """(industry terms, categories) chosen in the sidebar (empty = all)."""
    return (st.session_state.get("f_industries", []),
            st.session_state.get("f_categories", []))
