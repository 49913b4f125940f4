"""zh/en text of the 边界 Boundaries page (issue 20 item 1): an area's boundary drawn,
edited or imported in the app and saved as a new version, and any version made active
again; and how 统计 names the boundary versions it counted with."""

STRINGS: dict[str, dict[str, str]] = {
    "boundary_page": {"zh": "边界", "en": "Boundaries"},
    "bp.intro": {"zh": "为一个区域或片区画出、修改或导入边界，保存为新的边界版本（来源、精度等级、"
                       "说明、作者和时间随版本保存，旧版本全部保留）。保存后它成为当前版本，"
                       "统计、选址核查和地图即按它计算。",
                 "en": "Draw, edit or import the boundary of an area or 片区 and save it as a "
                       "new boundary version (kept with its source, grade, note, author and "
                       "time; every older version stays). Once saved it is the version in "
                       "force: statistics, placement checks and the map use it."},
    "bp.area": {"zh": "区域或片区", "en": "Area or 片区"},
    "bp.active": {"zh": "当前版本：{what} · {grade}，±{m} 米 · 来源：{source} · {author} · "
                        "{time} · {km2} km²",
                  "en": "Active version: {what} · {grade}, ±{m} m · source: {source} · "
                        "{author} · {time} · {km2} km²"},
    "bp.history": {"zh": "版本历史", "en": "Version history"},
    "bp.no_versions": {"zh": "工作空间中还没有此区域的边界版本：使用项目构建的边界。",
                       "en": "No boundary version of this area in the workspace yet: the "
                             "project's built polygon is used."},
    "bp.pick_version": {"zh": "要启用的版本", "en": "Version to make active"},
    "bp.make_active": {"zh": "设为当前版本", "en": "Make it active"},
    "bp.activated": {"zh": "版本 #{id} 现为{name}的当前版本。",
                     "en": "Version #{id} is now the active boundary of {name}."},
    "bp.new": {"zh": "新版本", "en": "New version"},
    "bp.input": {"zh": "新边界来自", "en": "New boundary from"},
    "bp.input_draw": {"zh": "在地图上绘制", "en": "Drawn on the map"},
    "bp.input_file": {"zh": "边界文件", "en": "A boundary file"},
    "bp.mode": {"zh": "绘制方式", "en": "What the drawing does"},
    "bp.mode_new": {"zh": "画新多边形（替换当前边界）",
                    "en": "New polygon(s) (replace the active boundary)"},
    "bp.mode_edit": {"zh": "修改当前边界（移动顶点，可再画多边形加入）",
                     "en": "Edit the active boundary (move vertices; polygons drawn are added)"},
    "bp.mode_cut": {"zh": "从当前边界剪去所画部分",
                    "en": "Cut the drawn polygon(s) out of the active boundary"},
    "bp.hint_new": {"zh": "用地图左侧的多边形或矩形工具画出新边界（灰色虚线为当前边界）；"
                          "多边形在第一个顶点上单击即闭合。",
                    "en": "Draw the new boundary with the polygon or rectangle tool on the "
                          "left of the map (the grey dashed line is the active boundary); "
                          "click the first vertex to close a polygon."},
    "bp.hint_edit": {"zh": "点地图左侧的编辑工具，拖动顶点，再点“Save”；也可画多边形加入。",
                     "en": "Click the edit tool on the left of the map, drag the vertices, "
                           "then click Save; polygons drawn are added."},
    "bp.hint_cut": {"zh": "画出要从当前边界剪去的部分。",
                    "en": "Draw the part to cut out of the active boundary."},
    "bp.file": {"zh": "边界文件（GeoJSON、GeoPackage、Shapefile 的 .zip、DXF）",
                "en": "Boundary file (GeoJSON, GeoPackage, zipped Shapefile, DXF)"},
    "bp.crs": {"zh": "文件坐标系", "en": "The file's coordinate system"},
    "bp.crs_file": {"zh": "按文件声明", "en": "as the file declares"},
    "bp.nothing": {"zh": "还没有新边界：请在地图上绘制，或上传边界文件。",
                   "en": "No new boundary yet: draw it on the map or upload a file."},
    "bp.new_km2": {"zh": "新边界面积 km²", "en": "New boundary, km²"},
    "bp.rejected": {"zh": "这个边界不能保存：", "en": "This boundary cannot be saved:"},
    "bp.drawn": {"zh": "绘制的边界", "en": "the drawn boundary"},
    "bp.source": {"zh": "来源", "en": "Source"},
    "bp.source_drawn": {"zh": "在应用中绘制", "en": "drawn in the app"},
    "bp.grade": {"zh": "精度等级", "en": "Grade"},
    "bp.precision": {"zh": "误差范围（米）", "en": "Error bound (m)"},
    "bp.note": {"zh": "说明（必填）", "en": "Note (required)"},
    "bp.save": {"zh": "保存为新版本", "en": "Save as a new version"},
    "bp.saved": {"zh": "已保存为{name}的边界版本 #{id}（{km2} km²），现为当前版本。",
                 "en": "Saved as boundary version #{id} of {name} ({km2} km²); it is now "
                       "the active one."},
    "bp.conflict": {"zh": "未保存：你开始编辑后，另一个版本成为了当前版本。你的边界仍在此页，"
                          "点“载入最新版本”核对后再保存。工作空间的说明：{error}",
                    "en": "Not saved: another version became active after you started. "
                          "Your boundary is still here: click “Reload the versions”, compare, "
                          "and save again. The workspace says: {error}"},
    "bp.reload": {"zh": "载入最新版本", "en": "Reload the versions"},
    "bp.moved": {"zh": "你开始编辑此区域后，另一个版本成为了当前版本：{what}。核对后点“载入最新版本”，"
                       "再保存。",
                 "en": "Another version became active after you started on this area: "
                       "{what}. Compare, click “Reload the versions”, then save."},
    "bp.failed": {"zh": "未能保存：{error}", "en": "Not saved: {error}"},
    "bp.cannot_open": {"zh": "无法打开工作空间，边界版本不能保存：{error}",
                       "en": "The workspace cannot be opened, so no boundary version can be "
                             "saved: {error}"},
    "bp.no_note": {"zh": "说明为空", "en": "the note is empty"},
    "bp.write_note": {"zh": "写明边界依据什么、为何修改", "en": "say what the boundary rests on "
                                                           "and why it changed"},
    "bp.no_source": {"zh": "来源为空", "en": "the source is empty"},
    "bp.name_source": {"zh": "写明边界来自哪份文件或地图", "en": "name the document or map it "
                                                            "comes from"},
    "bp.no_area": {"zh": "剩下的边界没有面积", "en": "what is left has no area"},
    "bp.draw_real": {"zh": "画出一个有面积的多边形", "en": "draw a polygon with an area"},
    "bp.nothing_left": {"zh": "剪去后当前边界什么也不剩", "en": "the cut leaves nothing of the "
                                                             "active boundary"},
    "bp.cut_less": {"zh": "只画要剪去的部分", "en": "draw only the part to cut away"},
    # --- 统计 naming its boundary versions
    "stats.boundaries": {"zh": "边界版本：{list}", "en": "Boundary versions: {list}"},
    "stats.boundary_item": {"zh": "{name}：{version}（{km2} km²）",
                            "en": "{name}: {version} ({km2} km²)"},
    "bp.activate_admin_only": {
        "zh": "将旧版本重新设为当前版本需由管理员操作。",
        "en": "Making an older version active again is an administrator's task."},
}
