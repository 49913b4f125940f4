"""zh/en strings for everything the map and app write."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "district": {"zh": "区", "en": "District"},
    "subdistrict": {"zh": "街道", "en": "Sub-district"},
    "districts": {"zh": "行政区", "en": "Districts"},
    "subdistricts": {"zh": "街道", "en": "Sub-districts (街道)"},
    "shenshan": {"zh": "深汕特别合作区（近似边界）", "en": "Shenzhen-Shanwei zone (approximate)"},
    "precision": {"zh": "边界精度", "en": "Boundary precision"},
    "method": {"zh": "边界来源方法", "en": "Boundary method"},
    "source": {"zh": "来源", "en": "Source"},
    "app_title": {"zh": "深圳创新集群地图", "en": "Shenzhen Innovation-Cluster Map"},
    "map_page": {"zh": "地图", "en": "Map"},
    "language": {"zh": "语言", "en": "Language"},
    "base_map": {"zh": "底图", "en": "Base map"},
    "metres": {"zh": "米", "en": "m"},
}


def t(key: str, lang: str = "zh") -> str:
    """The string ``key`` in ``lang`` ("zh" or "en"); the key itself if unknown."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["zh"]
