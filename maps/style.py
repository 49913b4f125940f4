"""Colours and line styles shared by the folium map and the static exports."""

from __future__ import annotations

DISTRICT_STYLE = {"color": "#444444", "weight": 2.0, "fill": False, "dashArray": None}
SUBDISTRICT_STYLE = {"color": "#8a8a8a", "weight": 0.7, "fill": True,
                     "fillColor": "#f4f1ea", "fillOpacity": 0.35}
SHENSHAN_STYLE = {"color": "#444444", "weight": 2.0, "fill": True, "fillColor": "#f4f1ea",
                  "fillOpacity": 0.35, "dashArray": "6 4"}
#: Background of the offline map (no tiles): a pale sea colour.
OFFLINE_BACKGROUND = "#dfe9f2"

#: Fill/outline per area kind. Envelope-grade polygons are drawn dashed and paler:
#: they overstate the area.
KIND_COLORS = {
    "strategic_platform": "#c0392b",
    "innovation_cluster": "#1f6fb2",
    "sub_area": "#2e8b57",
}
GRADE_DASH = {"official": None, "admin_derived": None, "digitised": None, "fitted": "4 3",
              "zone_derived": "4 3", "approximate": "6 4", "envelope": "2 4"}
GRADE_FILL_OPACITY = {"official": 0.30, "admin_derived": 0.25, "digitised": 0.25,
                      "fitted": 0.2, "zone_derived": 0.2, "approximate": 0.15, "envelope": 0.08}


def area_style(kind: str, grade: str) -> dict:
    """Leaflet path style of an area polygon by its kind and boundary grade."""
    color = KIND_COLORS.get(kind, "#555555")
    return {"color": color, "weight": 2.5 if kind != "sub_area" else 1.5,
            "fillColor": color, "fillOpacity": GRADE_FILL_OPACITY.get(grade, 0.1),
            "dashArray": GRADE_DASH.get(grade)}

#: Marker colour per facility category (shared with static exports).
CATEGORY_COLORS = {
    "big_science": "#6a3d9a",
    "lab": "#e31a1c",
    "university": "#1f78b4",
    "research_institute": "#33a02c",
    "innovation_carrier": "#ff7f00",
    "service_platform": "#b15928",
    "science_venue": "#17becf",
}

#: Colour per category of the curated enterprise sample (greys and teals, so they
#: do not read as facilities).
ENTERPRISE_COLORS = {
    "listed": "#017374",
    "little_giant": "#4d4d4d",
    "unicorn": "#c51b7d",
    "leading": "#0b3d91",
}

#: Colour per strategic emerging sector (and one for future industries).
SECTOR_COLORS = {
    "sector_electronic_info": "#1f77b4",
    "sector_digital_fashion": "#9467bd",
    "sector_high_end_equipment": "#7f7f7f",
    "sector_green_low_carbon": "#2ca02c",
    "sector_new_materials": "#8c564b",
    "sector_biomed_health": "#d62728",
    "sector_marine": "#17becf",
    "future": "#e377c2",
}


#: Marker colour per placement verdict (batch sites on the placement map).
VERDICT_COLORS = {"match": "#1a9850", "partial": "#91cf60", "no": "#d73027",
                  "outside": "#7f7f7f", "unknown": "#b0b0b0"}

#: Observed concentrations (the 地图 page's "observed vs plan" mode): inside an area
#: whose focus includes their industry, solid dark violet; outside every such area,
#: dashed red (a colour no area kind uses with a dash).
CONCENTRATION_STYLES = {
    "inside": {"color": "#4a148c", "weight": 3, "fillColor": "#7b1fa2",
               "fillOpacity": 0.30, "dashArray": None},
    "outside": {"color": "#d50000", "weight": 3, "fillColor": "#ff1744",
                "fillOpacity": 0.22, "dashArray": "7 5"},
}
