"""zh/en text of the office records: the check history page, the printed 选址核查意见
and the boundary versions in the app."""

STRINGS: dict[str, dict[str, str]] = {
    # --- the 选址 page keeping its checks
    "history.recorded": {"zh": "已保存为核查记录 #{id}（{user}，{when}），可在“核查记录”页查看、"
                               "导出和打印。",
                         "en": "Saved as check #{id} ({user}, {when}); see, export and print "
                               "it on the Check history page."},
    "history.record_failed": {"zh": "本次核查未能保存到核查记录（核查结果不受影响）：{error}",
                              "en": "This check could not be saved to the check history "
                                    "(the result above stands): {error}"},
    "history.no_workspace": {"zh": "工作空间无法打开", "en": "the workspace cannot be opened"},
    "history.reopened": {"zh": "重新打开的核查 #{id}：{when} 由 {user} 核查，当时结论：{verdict}。"
                               "上方结论按当前数据重新计算。",
                         "en": "Re-opened check #{id}: made {when} by {user}, verdict then: "
                               "{verdict}. The verdict above is worked out again from the "
                               "current data."},
    # --- the history page
    "history_page": {"zh": "核查记录", "en": "Check history"},
    "history.intro": {"zh": "每次在“选址核查”页核查一个点、上传一批或画一块地，都会记录其输入、"
                            "结论、理由、所用数据与边界版本、时间和用户。",
                      "en": "Every check on the Placement check page (a point, a batch, a "
                            "drawn site) is kept with its inputs, verdict, reasons, the data "
                            "and boundary versions it used, the time and the user."},
    "history.user": {"zh": "用户", "en": "User"},
    "history.dates": {"zh": "日期范围（UTC）", "en": "Date range (UTC)"},
    "history.area": {"zh": "区域", "en": "Area"},
    "history.verdict": {"zh": "结论", "en": "Verdict"},
    "history.all": {"zh": "全部", "en": "All"},
    "history.none": {"zh": "没有符合条件的核查记录。", "en": "No check matches."},
    "history.empty": {"zh": "还没有核查记录：在“选址核查”页核查一个点即会记录。",
                      "en": "No check recorded yet: checking a point on the Placement "
                            "check page keeps one."},
    "history.count": {"zh": "共 {n} 条核查记录", "en": "{n} check(s)"},
    "history.bad_dates": {"zh": "日期范围无效：{error}", "en": "Date range not valid: {error}"},
    "history.cannot_open": {"zh": "无法读取核查记录：{error}",
                            "en": "The check history cannot be read: {error}"},
    "history.col_id": {"zh": "编号", "en": "ID"},
    "history.col_time": {"zh": "时间（UTC）", "en": "Time (UTC)"},
    "history.col_user": {"zh": "用户", "en": "User"},
    "history.col_kind": {"zh": "类型", "en": "Kind"},
    "history.col_what": {"zh": "核查对象", "en": "Checked"},
    "history.col_industry": {"zh": "产业", "en": "Industry"},
    "history.col_verdict": {"zh": "结论", "en": "Verdict"},
    "history.col_reasons": {"zh": "理由", "en": "Reasons"},
    "history.col_areas": {"zh": "相关区域", "en": "Areas"},
    "history.col_boundaries": {"zh": "边界版本", "en": "Boundary versions"},
    "history.col_data": {"zh": "数据版本", "en": "Data versions"},
    "history.col_lon": {"zh": "经度（WGS-84）", "en": "Longitude (WGS-84)"},
    "history.col_lat": {"zh": "纬度（WGS-84）", "en": "Latitude (WGS-84)"},
    "history.kind_point": {"zh": "点", "en": "point"},
    "history.kind_site": {"zh": "地块", "en": "site"},
    "history.kind_batch": {"zh": "批量", "en": "batch"},
    "history.batch_result": {"zh": "{n} 个点：{counts}", "en": "{n} points: {counts}"},
    "history.site_result": {"zh": "地块 {km2} km²", "en": "site of {km2} km²"},
    "history.boundaries_built": {"zh": "{n} 个区域为项目构建边界", "en": "{n} areas built by "
                                                                 "the project"},
    "history.download_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "history.download_xlsx": {"zh": "下载 XLSX（含元数据）", "en": "Download XLSX (with metadata)"},
    "history.sheet": {"zh": "核查记录", "en": "Checks"},
    "history.report": {"zh": "选址核查记录", "en": "Placement-check log"},
    "history.filters": {"zh": "筛选", "en": "Filters"},
    "history.pick": {"zh": "选择一条核查", "en": "Choose a check"},
    "history.reopen": {"zh": "在地图上重新打开", "en": "Re-open on the map"},
    "history.reopen_batch": {"zh": "批量核查无法在地图上重新打开：请在“选址核查”页重新上传文件 {name}。",
                             "en": "A batch cannot be re-opened on the map: upload its file "
                                   "{name} again on the Placement check page."},
    "history.make_pdf": {"zh": "生成选址核查意见（PDF）", "en": "Make the placement opinion (PDF)"},
    "history.download_pdf": {"zh": "下载选址核查意见（PDF）",
                             "en": "Download the placement opinion (PDF)"},
    "history.pdf_point_only": {"zh": "选址核查意见只对单点核查打印。",
                               "en": "The placement opinion is printed for point checks only."},
    "history.pdf_failed": {"zh": "无法生成 PDF：{error}", "en": "The PDF could not be made: {error}"},
    # --- boundary versions and the diff view
    "history.versions": {"zh": "边界版本", "en": "Boundary versions"},
    "history.versions_intro": {
        "zh": "工作空间中保存的区域边界版本（导入、绘制或项目构建），每个区域有一个当前版本；"
              "历史版本均保留。选择同一区域的两个版本，叠加比较其范围与面积变化。",
        "en": "The area boundaries saved in the workspace (imported, drawn or built); one is "
              "active per area and every earlier one is kept. Choose two versions of one "
              "area to see them over each other and the change in area."},
    "history.no_versions": {"zh": "工作空间中还没有边界版本：所有区域使用项目构建的边界"
                                  "（可用命令 python cli.py replace-boundary 导入官方边界）。",
                            "en": "No boundary version in the workspace yet: every area uses "
                                  "the project's built polygon (import an official one with "
                                  "python cli.py replace-boundary)."},
    "history.need_two": {"zh": "比较需要同一区域的至少两个版本。",
                         "en": "A comparison needs two versions of one area."},
    "history.v_id": {"zh": "版本号", "en": "Version"},
    "history.v_area": {"zh": "区域", "en": "Area"},
    "history.v_active": {"zh": "当前", "en": "Active"},
    "history.v_source": {"zh": "来源", "en": "Source"},
    "history.v_author": {"zh": "作者", "en": "Author"},
    "history.v_time": {"zh": "时间（UTC）", "en": "Time (UTC)"},
    "history.v_grade": {"zh": "边界等级", "en": "Grade"},
    "history.v_km2": {"zh": "面积 km²", "en": "km²"},
    "history.v_note": {"zh": "备注", "en": "Note"},
    "history.diff_area": {"zh": "比较区域", "en": "Area to compare"},
    "history.diff_old": {"zh": "旧版本", "en": "Older version"},
    "history.diff_new": {"zh": "新版本", "en": "Newer version"},
    "history.diff_same": {"zh": "请选择两个不同的版本。", "en": "Choose two different versions."},
    "history.diff_old_km2": {"zh": "旧版本面积 km²", "en": "Older, km²"},
    "history.diff_new_km2": {"zh": "新版本面积 km²", "en": "Newer, km²"},
    "history.diff_change": {"zh": "面积变化 km²", "en": "Change, km²"},
    "history.diff_parts": {"zh": "两版共有 {kept} km²；新增 {added} km²；移除 {removed} km²"
                                 "（EPSG:4547 量算）。",
                           "en": "In both {kept} km²; added {added} km²; removed {removed} km² "
                                 "(measured in EPSG:4547)."},
    "history.diff_kept": {"zh": "两版共有", "en": "In both"},
    "history.diff_added": {"zh": "新版本新增", "en": "Added by the newer"},
    "history.diff_removed": {"zh": "新版本移除", "en": "Removed by the newer"},
    "history.version_label": {"zh": "#{id} · {time} · {author} · {km2} km²",
                              "en": "#{id} · {time} · {author} · {km2} km²"},
    # --- the printed 选址核查意见 (one A4 page)
    "opinion.kicker": {"zh": "深圳创新集群地图 · 选址核查", "en": "Shenzhen innovation-cluster "
                                                            "map · placement check"},
    "opinion.title": {"zh": "选址核查意见", "en": "Placement-check opinion"},
    "opinion.number": {"zh": "核查编号 #{id}", "en": "Check #{id}"},
    "opinion.h_site": {"zh": "核查对象", "en": "What was checked"},
    "opinion.h_verdict": {"zh": "核查结论", "en": "Verdict"},
    "opinion.h_reasons": {"zh": "理由", "en": "Reasons"},
    "opinion.h_areas": {"zh": "所在区域", "en": "Areas at the point"},
    "opinion.h_versions": {"zh": "所用数据与边界版本", "en": "Data and boundary versions used"},
    "opinion.point": {"zh": "位置：东经 {lon}，北纬 {lat}（WGS-84）",
                      "en": "Location: {lon} E, {lat} N (WGS-84)"},
    "opinion.typed": {"zh": "输入坐标：{x}, {y}（{crs}）", "en": "As entered: {x}, {y} ({crs})"},
    "opinion.industry": {"zh": "拟入驻产业：{name}", "en": "Industry: {name}"},
    "opinion.precision": {"zh": "点位误差：±{m} 米", "en": "Point error bound: ±{m} m"},
    "opinion.no_reasons": {"zh": "（未记录理由）", "en": "(no reason recorded)"},
    "opinion.no_areas": {"zh": "不在任何创新集群区、战略平台或片区内",
                         "en": "in no innovation cluster, strategic platform or 片区"},
    "opinion.area_line": {"zh": "{name}（{kind}；边界 {grade}，±{m} 米；边界版本：{version}）",
                          "en": "{name} ({kind}; boundary {grade}, ±{m} m; boundary "
                                "version: {version})"},
    "opinion.version_built": {"zh": "项目构建", "en": "built by the project"},
    "opinion.version_override": {"zh": "导入的官方边界文件", "en": "imported boundary file"},
    "opinion.version_workspace": {"zh": "工作空间版本 #{id}", "en": "workspace version #{id}"},
    "opinion.other_versions": {"zh": "其余 {n} 个区域的边界：{what}",
                               "en": "The other {n} areas' boundaries: {what}"},
    "opinion.checked": {"zh": "核查时间：{when}（UTC）；核查人：{user}",
                        "en": "Checked {when} (UTC) by {user}"},
    "opinion.printed": {"zh": "打印时间：{when}（UTC）。本意见由核查记录 #{id} 生成，"
                              "可用命令重新打印：python cli.py checks --print {id} --out 意见.pdf",
                        "en": "Printed {when} (UTC) from check record #{id}; print it again "
                              "with: python cli.py checks --print {id} --out opinion.pdf"},
    "opinion.map_note": {"zh": "图中黑点为核查点位；图框约 {km} 公里见方；EPSG:4547 投影。",
                         "en": "The black dot is the checked point; the frame is about "
                               "{km} km across; drawn in EPSG:4547."},
    "opinion.honesty": {"zh": "边界为规划范围的近似（见各区域的边界等级与误差）；距边界小于误差的点"
                              "结论标为“边界附近，需核实”。本意见不替代官方红线核查。",
                        "en": "Boundaries approximate the plan's areas (see each area's grade "
                              "and error bound); a point closer to an edge than its error "
                              "reads \"near the boundary, verify\". This opinion does not "
                              "replace a check against the official red lines."},
    "opinion.reasons_lang": {"zh": "（理由以核查时的语言记录）",
                             "en": "(reasons as recorded, in the language of the check)"},
    "opinion.signature": {"zh": "核查人签字：____________    日期：____________",
                          "en": "Checked by (signature): ____________    Date: ____________"},
}
