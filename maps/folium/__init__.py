"""The interactive (folium/Leaflet) maps: one builder, its layers and their popups.

Importing it lets branca take the text a macro has rendered without compiling it as a
template again (:mod:`maps.folium.render_speed`): the same page, a quarter faster.
"""

from maps.folium import render_speed as _render_speed

_render_speed.install()
