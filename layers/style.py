"""Colours and line styles shared by the folium map and the static exports."""

from __future__ import annotations

DISTRICT_STYLE = {"color": "#444444", "weight": 2.0, "fill": False, "dashArray": None}
SUBDISTRICT_STYLE = {"color": "#8a8a8a", "weight": 0.7, "fill": True,
                     "fillColor": "#f4f1ea", "fillOpacity": 0.35}
SHENSHAN_STYLE = {"color": "#444444", "weight": 2.0, "fill": True, "fillColor": "#f4f1ea",
                  "fillOpacity": 0.35, "dashArray": "6 4"}
#: Background of the offline map (no tiles): a pale sea colour.
OFFLINE_BACKGROUND = "#dfe9f2"
