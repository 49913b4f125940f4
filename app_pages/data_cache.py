"""Cached, read-only access to the shipped layers for the app pages."""

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
