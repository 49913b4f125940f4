"""Folium map layers: functions ``add_x(m, gdf, *, lang) -> m``."""
