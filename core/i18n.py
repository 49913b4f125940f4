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

STRINGS.update({
    "stats_page": {"zh": "统计", "en": "Coverage"},
    "placement_page": {"zh": "选址核查", "en": "Placement check"},
    "data_page": {"zh": "数据", "en": "Data"},
    "filter_industries": {"zh": "产业筛选（领域/产业/未来产业）", "en": "Industry filter"},
    "filter_categories": {"zh": "设施类别", "en": "Facility categories"},
    "all": {"zh": "全部", "en": "all"},
    "coverage_table": {"zh": "各区覆盖统计", "en": "Coverage by area"},
    "facilities_by_area": {"zh": "各区设施数", "en": "Facilities per area"},
    "lq_table": {"zh": "区位熵（企业，按产业）", "en": "Location quotients (enterprises)"},
    "overlap_table": {"zh": "区域重叠", "en": "Area overlaps"},
    "compare": {"zh": "对比区域（2–15 个）", "en": "Compare areas (2–15)"},
    "download_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "download_xlsx": {"zh": "下载 Excel", "en": "Download Excel"},
    "no_enterprises": {"zh": "尚无企业数据：在“数据”页上传企业名录后，企业统计与区位熵将显示于此。",
                       "en": "No enterprise data yet: upload a register on the Data page to "
                             "see enterprise counts and location quotients."},
    "lon": {"zh": "经度", "en": "Longitude"},
    "lat": {"zh": "纬度", "en": "Latitude"},
    "crs": {"zh": "坐标系", "en": "Coordinate system"},
    "industry": {"zh": "产业", "en": "Industry"},
    "check": {"zh": "核查", "en": "Check"},
    "click_hint": {"zh": "也可在地图上点击选点。", "en": "Or click the map to pick a point."},
    "verdict": {"zh": "结论", "en": "Verdict"},
    "verdict_match": {"zh": "符合", "en": "match"},
    "verdict_partial": {"zh": "部分符合（领域层面）", "en": "partial (sector level)"},
    "verdict_no": {"zh": "不符合", "en": "no"},
    "verdict_outside": {"zh": "不在任何区域内", "en": "outside all areas"},
    "verdict_unknown": {"zh": "未知产业", "en": "unknown industry"},
    "nearest_match": {"zh": "最近的匹配区域", "en": "Nearest matching area"},
    "nearby_facilities": {"zh": "附近设施", "en": "Nearby facilities"},
    "batch": {"zh": "批量核查（上传文件）", "en": "Batch check (upload a file)"},
    "upload": {"zh": "上传名录（CSV/XLSX/GeoJSON/GPKG，≤200 MB）",
               "en": "Upload a register (CSV/XLSX/GeoJSON/GPKG, ≤200 MB)"},
    "rejected_rows": {"zh": "被拒绝的行（保留在结果中并注明原因）",
                      "en": "Rejected rows (kept in the result with the reason)"},
    "use_as_enterprises": {"zh": "作为企业数据用于本次会话的所有页面",
                           "en": "Use as enterprises on every page this session"},
    "sources_header": {"zh": "数据来源、许可与精度", "en": "Sources, licences and precision"},
    "district_label": {"zh": "区", "en": "District"},
})

STRINGS.update({
    "col_name": {"zh": "名称", "en": "Name"},
    "col_kind": {"zh": "类型", "en": "Kind"},
    "col_n_facilities": {"zh": "设施数", "en": "Facilities"},
    "col_n_enterprises": {"zh": "企业数", "en": "Enterprises"},
    "col_facilities_per_km2": {"zh": "设施密度（/km²）", "en": "Facilities per km²"},
    "col_enterprises_per_km2": {"zh": "企业密度（/km²）", "en": "Enterprises per km²"},
    "col_share_city_facilities": {"zh": "占全市设施比例", "en": "Share of city facilities"},
    "col_focus_alignment": {"zh": "重点方向契合度", "en": "Focus alignment"},
})

STRINGS.update({
    "tiles_none": {"zh": "无（离线）", "en": "none (offline)"},
    "tiles_osm": {"zh": "OpenStreetMap", "en": "OpenStreetMap"},
    "tiles_cartodb_light": {"zh": "CartoDB 浅色", "en": "CartoDB light"},
    "search": {"zh": "搜索区域或设施", "en": "Find an area or facility"},
    "legend": {"zh": "图例", "en": "Legend"},
    "enterprises_uploaded": {"zh": "企业（本次上传）", "en": "Enterprises (uploaded)"},
})
