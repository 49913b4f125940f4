"""zh/en text of the per-area statistics: located vs area-level points, points surely
inside vs uncertain, densities that are lower bounds, and the coverage workbook."""

STRINGS: dict[str, dict[str, str]] = {
    # coverage-table columns (analysis.coverage.coverage_table): headers and help
    "col_n_facilities_sure": {"zh": "设施：确定在内", "en": "Facilities surely inside"},
    "col_n_facilities_uncertain": {"zh": "设施：不确定", "en": "Facilities uncertain"},
    "col_n_facilities_area_level": {"zh": "设施：仅知所在区域",
                                    "en": "Facilities area-level"},
    "col_n_enterprises_sure": {"zh": "企业：确定在内", "en": "Enterprises surely inside"},
    "col_n_enterprises_uncertain": {"zh": "企业：不确定", "en": "Enterprises uncertain"},
    "col_n_enterprises_area_level": {"zh": "企业：仅知所在区域",
                                     "en": "Enterprises area-level"},
    "col_density_lower_bound": {"zh": "密度为下限", "en": "Density is a lower bound"},
    "help_n_facilities_sure": {
        "zh": "距区域边界比其自身位置误差（± 米，EPSG:4547 量算）更远的设施，或来源明确写明位于该区域"
              "（或其片区）的设施：无论误差如何都在区域内。确定在内 + 不确定 = 设施数。",
        "en": "Facilities farther from the area's edge than their own location error (± m, "
              "measured in EPSG:4547), or whose source says they lie in this area (or one "
              "of its 片区): inside whatever the error. Surely inside + uncertain = "
              "facilities."},
    "help_n_facilities_uncertain": {
        "zh": "离边界比自身位置误差更近的设施：可能在边界任一侧。",
        "en": "Facilities closer to the edge than their own location error: they may lie "
              "on either side of it."},
    "help_n_facilities_area_level": {
        "zh": "来源只说明位于某区域或某街道/社区/区、置于其代表点的设施（未精确定位）。"
              "在其所在区域中计数是循环的：已定位的设施 = 设施数 − 此数。",
        "en": "Facilities whose sources only say they lie in an area or a 街道/社区/区, "
              "placed at its representative point (not located). Counting them in their "
              "own area is circular: located facilities = facilities − this number."},
    "help_n_enterprises_sure": {
        "zh": "距区域边界比其自身位置误差更远的企业（无误差说明的坐标按原样采用），或来源写明位于该区域的企业。",
        "en": "Enterprises farther from the area's edge than their own location error (a "
              "coordinate stated without one is taken as given), or whose source says "
              "they lie in this area."},
    "help_n_enterprises_uncertain": {
        "zh": "离边界比自身位置误差更近的企业：可能在边界任一侧。",
        "en": "Enterprises closer to the edge than their own location error: they may lie "
              "on either side of it."},
    "help_n_enterprises_area_level": {
        "zh": "只知位于某区域或某街道/社区/区、置于其代表点的企业（未精确定位）。",
        "en": "Enterprises only known to lie in an area or a 街道/社区/区, placed at its "
              "representative point (not located)."},
    "help_density_lower_bound": {
        "zh": "该区域的多边形为“外包范围”（大于真实区域），面积偏大，故设施与企业密度只是下限。",
        "en": "The area's polygon is an envelope (larger than the real area): the area is "
              "overstated, so its facility and enterprise densities are lower bounds."},
    "lower_bound_mark": {"zh": "下限", "en": "lower bound"},
    "stats_honesty_note": {
        "zh": "计数分为“确定在内”（距边界比位置误差更远，或来源写明在该区域）与“不确定”；"
              "“仅知所在区域”的点未精确定位，置于区域代表点。标为“下限”的密度按外包范围计算。",
        "en": "Counts are split into surely inside (farther from the edge than the "
              "location error, or placed in the area by their source) and uncertain; "
              "area-level points are not located but placed at their area's "
              "representative point. Densities marked lower bound are computed on an "
              "envelope."},
    # the CLI's summary line of stats
    "stats_cli_lower_bounds": {
        "zh": "{n} 个区域为外包范围多边形：其密度为下限（见 density_lower_bound 列）",
        "en": "{n} areas are envelope polygons: their densities are lower bounds "
              "(column density_lower_bound)"},
    "stats_cli_area_level": {
        "zh": "全市 {fac} 个设施、{ent} 个企业仅知所在区域（置于区域代表点，未精确定位）",
        "en": "in the city, {fac} facilities and {ent} enterprises are area-level "
              "(placed at their area's representative point, not located)"},
    # the coverage workbook's metadata sheet (exports.report_tables.coverage_metadata)
    "meta_counts": {"zh": "计数说明", "en": "How the counts are split"},
    "meta_fac_files": {"zh": "用户提供的设施文件 {name}，{n} 个",
                       "en": "facility file(s) given by the user, {name}: {n} facilities"},
    # proximity sheet of the coverage workbook (analysis.coverage.proximity_coverage)
    "sheet_proximity": {"zh": "临近设施", "en": "Proximity"},
    "col_share_within": {"zh": "{r} 米内有大科学装置/实验室的企业比例",
                         "en": "Share of enterprises within {r} m of a big-science "
                               "facility or lab"},
    # the map: area-level points, one marker per container (maps.folium.points)
    "area_level_facilities": {"zh": "{n} 个设施仅定位到{place}",
                              "en": "{n} facilities located only to {place}"},
    "area_level_enterprises": {"zh": "{n} 家企业仅定位到{place}",
                               "en": "{n} enterprises located only to {place}"},
    "area_level_place": {"zh": "{name}（{unit}）", "en": "{name} ({unit})"},
    "area_level_note": {
        "zh": "来源只说明位于此区域：各点置于区域代表点，误差为区域半径，并非实际位置。",
        "en": "The sources only say they lie in this area: each is placed at the area's "
              "representative point, with the area's radius as its error; this is not "
              "where they are."},
    "legend_area_level": {"zh": "虚线圈：仅知所在区域的点（数字为个数）",
                          "en": "Dashed ring: points known only to lie in an area (number "
                                "of points)"},
    "legend_located": {"zh": "实心点：已定位的点", "en": "Solid dot: located points"},
}
