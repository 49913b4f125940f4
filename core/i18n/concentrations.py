"""zh/en text of the observed concentrations: the map layer, the 地图 page's "observed
vs plan" mode and the concentration report (CLI and downloads)."""

STRINGS: dict[str, dict[str, str]] = {
    "conc.view.toggle": {
        "zh": "显示观测集聚",
        "en": "Show observed concentrations"},
    "conc.view.toggle_help": {
        "zh": "观测集聚 vs 规划：在地图上画出企业实际集聚之处（按产业、基于密度，不受行政边界限制），与规划的集群区和平台对照；地图下方列出对照表并可下载。",
        "en": "Observed vs plan: draws where the firms in use actually concentrate (per industry, density-based, ignoring administrative borders) over the plan's clusters and platforms; the comparison tables and downloads follow below the map."},
    "conc.view.header": {
        "zh": "观测集聚 vs 规划",
        "en": "Observed concentrations vs the plan"},
    "conc.view.runs_all": {
        "zh": "未选择产业：对企业数据中出现的 {n} 个产业逐一计算。在侧栏选择产业可只看其集聚。",
        "en": "No industry chosen: each of the {n} industries the firms carry is computed on its own. Choose industries in the sidebar to see theirs only."},
    "conc.view.runs_some": {
        "zh": "所选产业（领域按其所含产业逐一计算）：{names}",
        "en": "Industries chosen (a sector counts as its industries, each on its own): {names}"},
    "conc.view.method": {
        "zh": "方法：在 EPSG:4547 中以 {scale} 米为尺度的密度聚类（HDBSCAN）；集聚区的密度须达到全市陆域平均的 {ratio:g} 倍，企业数不少于该产业的随机分布阈值（至少 10 家）。",
        "en": "Method: density-based clustering (HDBSCAN) at a {scale} m scale in EPSG:4547; a concentration is at least {ratio:g}× the firms' mean density over the city's land and holds at least the firms an even spread would reach only by chance (10 or more)."},
    "conc.view.left_out": {
        "zh": "{n} 家企业未纳入：其定位误差大于 {scale} 米的尺度（相关企业 {total} 家，纳入 {used} 家）。",
        "en": "{n} firms were left out: their error bound is coarser than the {scale} m scale ({used} of {total} firms used)."},
    "conc.view.none_left_out": {
        "zh": "所有相关企业（{total} 家）的定位误差都不大于 {scale} 米尺度，均已纳入。",
        "en": "Every firm concerned ({total}) is placed within the {scale} m scale and was used."},
    "conc.view.unknown_kept": {
        "zh": "其中 {n} 家未注明定位误差，已按其坐标纳入。",
        "en": "{n} of them state no error bound and were used at their coordinates."},
    "conc.view.mostly_left_out_sample": {
        "zh": "精选样本中的企业大多只按地址所在街道定位（定位误差中位数约 {median} 公里），远粗于 {scale} 米的尺度，所以大部分未纳入，也就找不出集聚——这是诚实的结果，并不说明这些产业没有集聚。要查看观测集聚，请在“数据”页上传带坐标或详细地址的企业名录。",
        "en": "Most firms of the curated sample are placed only by the 街道 of their address (median error bound about {median} km), far coarser than the {scale} m scale: most are left out, so no concentration can be found. That is the honest result, not a sign that these industries do not concentrate. To see observed concentrations, upload a register with coordinates or street addresses on the Data page."},
    "conc.view.mostly_left_out": {
        "zh": "大部分企业因定位误差大于尺度而未纳入，结果只反映其余 {used} 家企业。",
        "en": "Most firms were left out for an error bound coarser than the scale: the result shows only the other {used}."},
    "conc.view.none_found": {
        "zh": "在纳入的企业中没有发现集聚。",
        "en": "No concentration was found among the firms used."},
    "conc.view.found": {
        "zh": "发现 {n} 个集聚区，其中 {outside} 个不在任何以其产业为重点的区域内（地图上以红色虚线表示）。",
        "en": "{n} concentration(s) found, {outside} of them outside every area focused on their industry (dashed red on the map)."},
    "conc.view.large": {
        "zh": "企业数据较大（{n} 家企业）：逐一计算全部 {k} 个产业约需 {s} 秒。可在侧栏选择产业，或：",
        "en": "A large register ({n} firms): computing all its {k} industries one at a time takes about {s} s. Choose industries in the sidebar, or:"},
    "conc.view.large_button": {
        "zh": "计算全部 {k} 个产业",
        "en": "Compute all {k} industries"},
    "conc.view.computing": {
        "zh": "正在计算观测集聚：{name}（{i}/{n}）",
        "en": "Finding concentrations: {name} ({i}/{n})"},
    "conc.view.computed": {
        "zh": "本次计算用时 {s:.1f} 秒（结果已缓存，再次打开无需重算）。",
        "en": "Computed in {s:.1f} s (kept: switching back needs no new run)."},
    "conc.view.h_plan": {
        "zh": "规划与现实（按产业）",
        "en": "Plan vs reality by industry"},
    "conc.view.h_concentrations": {
        "zh": "观测集聚区",
        "en": "Observed concentrations"},
    "conc.view.h_unmatched": {
        "zh": "无对应集聚的重点区域",
        "en": "Focus areas with no concentration of their industry"},
    "conc.view.no_unmatched": {
        "zh": "每个重点区域内都有其重点产业的集聚。",
        "en": "Every focus area holds a concentration of its focus industry."},
    "conc.view.sample_name": {
        "zh": "精选企业样本",
        "en": "curated enterprise sample"},
    "conc.view.csv_help": {
        "zh": "观测集聚区表（含编号、中心坐标与规划对照），文件开头注明参数与数据来源。",
        "en": "The concentrations table (ids, centres and the plan comparison), with the parameters and data sources in its first lines."},
    "conc.view.xlsx_help": {
        "zh": "全部表格：观测集聚区、规划与现实（按产业）、规划区域外的集聚区、无对应集聚的重点区域，以及说明页。",
        "en": "Every table: concentrations, plan vs reality by industry, those outside the plan, focus areas without one, and a sheet saying what the file rests on."},
    "conc.map.layer": {
        "zh": "观测集聚",
        "en": "Observed concentrations"},
    "conc.map.layer_centres": {
        "zh": "观测集聚中心",
        "en": "Observed concentration centres"},
    "conc.map.legend_inside": {
        "zh": "观测集聚：在其重点区域内",
        "en": "Observed concentration: in a focus area"},
    "conc.map.legend_outside": {
        "zh": "观测集聚：在其重点区域外",
        "en": "Observed concentration: outside focus areas"},
    "conc.map.title": {
        "zh": "观测集聚 {id} · {industry}",
        "en": "Observed concentration {id} · {industry}"},
    "conc.map.tooltip": {
        "zh": "{id} · {industry} · {firms} 家企业",
        "en": "{id} · {industry} · {firms} firms"},
    "conc.map.firms": {
        "zh": "企业数",
        "en": "Firms"},
    "conc.map.firms_value": {
        "zh": "{firms}（{sites} 个不同地点）",
        "en": "{firms} ({sites} distinct sites)"},
    "conc.map.area": {
        "zh": "面积",
        "en": "Area"},
    "conc.map.density": {
        "zh": "密度",
        "en": "Density"},
    "conc.map.density_value": {
        "zh": "{d} 家/km²（全市陆域平均的 {r} 倍）",
        "en": "{d} firms/km² ({r}× the city's land mean)"},
    "conc.map.dominant": {
        "zh": "主要产业",
        "en": "Dominant industries"},
    "conc.map.lq": {
        "zh": "区位商",
        "en": "Location quotient"},
    "conc.map.plan": {
        "zh": "与规划",
        "en": "Against the plan"},
    "conc.map.plan_inside": {
        "zh": "位于以该产业为重点的区域内",
        "en": "Inside an area focused on it"},
    "conc.map.plan_outside": {
        "zh": "不在任何以该产业为重点的区域内",
        "en": "Outside every area focused on it"},
    "conc.map.nearest": {
        "zh": "最近的对应区域",
        "en": "Nearest matching area"},
    "conc.map.distance": {
        "zh": "距其边界",
        "en": "Distance to its edge"},
    "conc.map.no_matching_area": {
        "zh": "无以该产业为重点的区域",
        "en": "No area is focused on it"},
    "conc.map.precision": {
        "zh": "成员最大定位误差",
        "en": "Largest member error bound"},
    "conc.map.unknown": {
        "zh": "未注明",
        "en": "not stated"},
    "conc.report.concentration_id": {
        "zh": "集聚区编号",
        "en": "Concentration"},
    "conc.report.industry": {
        "zh": "产业（编号）",
        "en": "Industry (id)"},
    "conc.report.industry_name": {
        "zh": "产业",
        "en": "Industry"},
    "conc.report.firms": {
        "zh": "企业数",
        "en": "Firms"},
    "conc.report.sites": {
        "zh": "不同地点数",
        "en": "Distinct sites"},
    "conc.report.area_km2": {
        "zh": "面积（平方公里）",
        "en": "Area (km²)"},
    "conc.report.density_per_km2": {
        "zh": "密度（家/平方公里）",
        "en": "Density (firms/km²)"},
    "conc.report.density_ratio": {
        "zh": "密度 / 全市陆域平均",
        "en": "Density / city land mean"},
    "conc.report.centre_lon": {
        "zh": "中心经度（WGS-84）",
        "en": "Centre longitude (WGS-84)"},
    "conc.report.centre_lat": {
        "zh": "中心纬度（WGS-84）",
        "en": "Centre latitude (WGS-84)"},
    "conc.report.top_industry": {
        "zh": "最多的产业（编号）",
        "en": "Top industry (id)"},
    "conc.report.top_industry_name": {
        "zh": "最多的产业",
        "en": "Top industry"},
    "conc.report.top_industry_share": {
        "zh": "最多产业的企业占比",
        "en": "Share of firms in top industry"},
    "conc.report.dominant_industries": {
        "zh": "主要产业（编号）",
        "en": "Dominant industries (ids)"},
    "conc.report.dominant_names": {
        "zh": "主要产业",
        "en": "Dominant industries"},
    "conc.report.lq": {
        "zh": "区位商",
        "en": "Location quotient"},
    "conc.report.max_precision_m": {
        "zh": "成员最大定位误差（米）",
        "en": "Largest member error bound (m)"},
    "conc.report.inside": {
        "zh": "位于以该产业为重点的区域内",
        "en": "Inside an area focused on it"},
    "conc.report.nearest_area_id": {
        "zh": "最近的对应区域（编号）",
        "en": "Nearest matching area (id)"},
    "conc.report.nearest_area_name": {
        "zh": "最近的对应区域",
        "en": "Nearest matching area"},
    "conc.report.distance_m": {
        "zh": "距其边界（米）",
        "en": "Distance to its edge (m)"},
    "conc.report.overlap_share": {
        "zh": "与对应区域重叠比例",
        "en": "Share overlapping matching areas"},
    "conc.report.name": {
        "zh": "名称",
        "en": "Name"},
    "conc.report.firms_in_focus_areas": {
        "zh": "位于重点区域内的企业",
        "en": "Firms in focus areas"},
    "conc.report.share_in_focus_areas": {
        "zh": "位于重点区域内的比例",
        "en": "Share in focus areas"},
    "conc.report.focus_areas": {
        "zh": "以其为重点的区域数",
        "en": "Areas focused on it"},
    "conc.report.concentrations": {
        "zh": "集聚区数",
        "en": "Concentrations"},
    "conc.report.concentrations_outside": {
        "zh": "规划区域外的集聚区",
        "en": "Concentrations outside the plan"},
    "conc.report.firms_in_concentrations": {
        "zh": "集聚区内企业",
        "en": "Firms in concentrations"},
    "conc.report.firms_in_concentrations_outside": {
        "zh": "规划区域外集聚区内企业",
        "en": "Firms in concentrations outside the plan"},
    "conc.report.area_id": {
        "zh": "区域编号",
        "en": "Area id"},
    "conc.report.area_name": {
        "zh": "区域",
        "en": "Area"},
    "conc.report.kind": {
        "zh": "类型",
        "en": "Kind"},
    "conc.report.grade": {
        "zh": "边界等级",
        "en": "Boundary grade"},
    "conc.report.concentrations_inside": {
        "zh": "区内集聚区数",
        "en": "Concentrations inside"},
    "conc.report.sheet_concentrations": {
        "zh": "观测集聚区",
        "en": "Concentrations"},
    "conc.report.sheet_plan": {
        "zh": "规划与现实（按产业）",
        "en": "Plan vs reality"},
    "conc.report.sheet_outside": {
        "zh": "规划区域外的集聚区",
        "en": "Outside the plan"},
    "conc.report.sheet_unmatched": {
        "zh": "无对应集聚的重点区域",
        "en": "Areas without one"},
    "conc.report.report": {
        "zh": "观测集聚区与规划对照",
        "en": "Observed concentrations vs the plan"},
    "conc.report.all_firms": {
        "zh": "全部企业",
        "en": "All firms"},
    "conc.report.p_method": {
        "zh": "方法",
        "en": "Method"},
    "conc.report.p_scale_m": {
        "zh": "尺度（米）",
        "en": "Scale (m)"},
    "conc.report.p_min_firms": {
        "zh": "最少企业数",
        "en": "Minimum firms"},
    "conc.report.p_max_precision_m": {
        "zh": "纳入的最大定位误差（米）",
        "en": "Largest error bound used (m)"},
    "conc.report.p_density_ratio": {
        "zh": "密度倍数（相对全市陆域平均）",
        "en": "Density ratio (to the city land mean)"},
    "conc.report.p_land_km2": {
        "zh": "陆域面积（平方公里）",
        "en": "Land area (km²)"},
    "conc.report.n_points": {
        "zh": "读入的点",
        "en": "Points read"},
    "conc.report.n_excluded_precision": {
        "zh": "因定位误差大于尺度而未纳入",
        "en": "Left out: error bound coarser than the scale"},
    "conc.report.n_no_industry": {
        "zh": "无可识别产业",
        "en": "No usable industry"},
    "conc.report.n_precision_unknown": {
        "zh": "未注明定位误差（已纳入）",
        "en": "No error bound stated (kept)"},
    "conc.report.run_summary": {
        "zh": "纳入 {used} 家，{found} 个集聚区；因定位误差大于尺度未纳入 {coarse} 家",
        "en": "{used} firms used, {found} concentration(s); {coarse} left out for an error bound coarser than the scale"},
}
