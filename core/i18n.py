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

STRINGS.update({
    "kind_strategic_platform": {"zh": "战略平台", "en": "Strategic platform"},
    "kind_innovation_cluster": {"zh": "创新集群区", "en": "Innovation cluster"},
    "kind_sub_area": {"zh": "片区", "en": "Sub-area (片区)"},
    "grade": {"zh": "边界等级", "en": "Boundary grade"},
    "area_km2": {"zh": "面积（km²，EPSG:4547）", "en": "Area (km², EPSG:4547)"},
    "published_km2": {"zh": "公布面积（km²）", "en": "Published area (km²)"},
    "plan_section": {"zh": "规划依据", "en": "Plan section"},
    "focus": {"zh": "产业方向（规划原文）", "en": "Industry focus (plan text)"},
    "industries": {"zh": "产业", "en": "Industries"},
    "districts_in": {"zh": "所在区", "en": "Districts"},
    "grade_official": {"zh": "官方边界", "en": "official"},
    "grade_admin_derived": {"zh": "行政边界推导", "en": "derived from admin units"},
    "grade_digitised": {"zh": "项目数字化", "en": "digitised"},
    "grade_fitted": {"zh": "按公布面积拟合", "en": "fitted to published area"},
    "grade_approximate": {"zh": "粗略近似", "en": "approximate"},
    "grade_envelope": {"zh": "外包范围（偏大）", "en": "envelope (overstates)"},
})

STRINGS.update({
    "facilities": {"zh": "创新设施（规划点名）", "en": "Facilities (named in the plan)"},
    "precision_circles": {"zh": "设施位置精度范围", "en": "Facility location precision"},
    "n_facilities_here": {"zh": "{n} 个设施", "en": "{n} facilities"},
    "location_method": {"zh": "定位方法", "en": "Location method"},
    "category": {"zh": "类别", "en": "Category"},
})

STRINGS.update({
    "export_header": {"zh": "导出打印用地图", "en": "Export a print-ready map"},
    "export_format": {"zh": "格式", "en": "Format"},
    "export_size": {"zh": "纸张", "en": "Paper"},
    "export_orientation": {"zh": "方向", "en": "Orientation"},
    "export_make": {"zh": "生成地图", "en": "Make the map"},
    "export_download": {"zh": "下载", "en": "Download"},
    "portrait": {"zh": "纵向", "en": "portrait"},
    "landscape": {"zh": "横向", "en": "landscape"},
})
