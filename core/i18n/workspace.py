"""zh/en text of the saved work: the workspace on 数据, short links, the change over
time on 统计."""

STRINGS: dict[str, dict[str, str]] = {
    "ws.share_view": {
        "zh": "分享此视图",
        "en": "Share this view"},
    "ws.save_view": {
        "zh": "保存为短链接",
        "en": "Save as a short link"},
    "ws.view_saved": {
        "zh": "短链接（复制后发给同事，打开即为同一视图）：",
        "en": "Short link (copy it to a colleague; it opens this same view):"},
    "ws.view_missing": {
        "zh": "链接中的视图无法打开：{e}",
        "en": "The view in the link cannot be opened: {e}"},
    "ws.workspace_header": {
        "zh": "工作区：已保存的名录",
        "en": "Workspace: saved registers"},
    "ws.workspace_where": {
        "zh": "保存位置：{where}（{backend}）。备份：复制该 GeoPackage 文件；PostGIS 用 pg_dump。",
        "en": "Stored in {where} ({backend}). Back up: copy the GeoPackage file; for PostGIS, pg_dump."},
    "ws.workspace_error": {
        "zh": "工作区不可用：{e}",
        "en": "The workspace is unavailable: {e}"},
    "ws.workspace_empty": {
        "zh": "尚未保存名录。上传名录并勾选“作为企业使用”即保存于此。",
        "en": "No register saved yet. Upload one and tick “use as enterprises”: it is saved here."},
    "ws.save_name": {
        "zh": "保存名称",
        "en": "Name to save it under"},
    "ws.save_as_of": {
        "zh": "数据截至日期（可选）",
        "en": "Data as of (optional)"},
    "ws.choose_saved": {
        "zh": "选择名录",
        "en": "Choose a register"},
    "ws.use_saved": {
        "zh": "使用此名录",
        "en": "Use this register"},
    "ws.rename_to": {
        "zh": "新名称",
        "en": "New name"},
    "ws.rename": {
        "zh": "重命名",
        "en": "Rename"},
    "ws.delete_confirm": {
        "zh": "确认删除（不可恢复）",
        "en": "Yes, delete it (cannot be undone)"},
    "ws.delete": {
        "zh": "删除",
        "en": "Delete"},
    "ws.col_id": {
        "zh": "编号",
        "en": "Id"},
    "ws.col_name": {
        "zh": "名称",
        "en": "Name"},
    "ws.col_file_name": {
        "zh": "文件",
        "en": "File"},
    "ws.col_imported_at": {
        "zh": "导入时间（UTC）",
        "en": "Imported (UTC)"},
    "ws.col_as_of": {
        "zh": "截至日期",
        "en": "As of"},
    "ws.col_source_crs": {
        "zh": "原坐标系",
        "en": "Source CRS"},
    "ws.col_rows": {
        "zh": "行数",
        "en": "Rows"},
    "ws.col_valid_rows": {
        "zh": "有效点",
        "en": "Valid points"},
    "ws.col_owner": {
        "zh": "保存者",
        "en": "Saved by"},
    "ws.col_shared": {
        "zh": "共享",
        "en": "Shared"},
    "ws.col_active": {
        "zh": "使用中",
        "en": "In use"},
    "ws.saved_as": {
        "zh": "已保存到工作区：{name}",
        "en": "Saved in the workspace as {name}"},
    "change.change_header": {
        "zh": "随时间变化（两个已保存名录对比）",
        "en": "Change over time (two saved registers)"},
    "change.change_need_two": {
        "zh": "在“数据”页保存两个名录（如去年与今年的），即可在此对比。",
        "en": "Save two registers on the Data page (say last year's and this year's) to compare them here."},
    "change.change_before": {
        "zh": "之前（基期）",
        "en": "Before (base)"},
    "change.change_after": {
        "zh": "之后",
        "en": "After"},
    "change.change_note": {
        "zh": "按点计数；基期为 0 时增长率不计算。区域与行业筛选同侧栏。",
        "en": "Counts of points; no growth rate where the base is 0. The sidebar's industry filter applies."},
    "change.col_area": {
        "zh": "区域",
        "en": "Area"},
    "change.col_industry": {
        "zh": "产业",
        "en": "Industry"},
    "change.col_before": {
        "zh": "之前",
        "en": "Before"},
    "change.col_after": {
        "zh": "之后",
        "en": "After"},
    "change.col_change": {
        "zh": "变化",
        "en": "Change"},
    "change.col_growth_pct": {
        "zh": "增长率（%）",
        "en": "Growth (%)"},
    "change.all": {
        "zh": "全部",
        "en": "all"},
    "change.city": {
        "zh": "全市（十区与深汕）",
        "en": "Whole city (ten districts and 深汕)"},
    "change.map.toggle": {
        "zh": "显示名录变化",
        "en": "Show register change"},
    "change.map.toggle_help": {
        "zh": "与一个已保存的较早名录比较：两者有共同的唯一编号列（如统一社会信用代码）时标出新增与退出的企业，否则按区域显示数量变化。",
        "en": "Compare with an earlier saved register: where both share a unique id column (e.g. the unified social credit code) the firms that came and went are marked, otherwise each area's count change is shown."},
    "change.map.after": {
        "zh": "之后：{name}",
        "en": "After: {name}"},
    "change.map.before": {
        "zh": "之前（基期）",
        "en": "Before (base)"},
    "change.map.need_two": {
        "zh": "在“数据”页保存两个名录（如去年与今年的），即可在地图上显示变化。",
        "en": "Save two registers on the Data page (say last year's and this year's) to show the change on the map."},
    "change.map.matched": {
        "zh": "按“{key}”列匹配：新增 {entries} 家（绿色实心点，位于新址），退出 {exits} 家（红色空心圈，位于原址）；两者皆有的 {kept} 家不标出。",
        "en": "Matched on the column “{key}”: {entries} entries (filled green dots, at their new place), {exits} exits (red rings, at their old place); the {kept} firms in both are not marked."},
    "change.map.no_key": {
        "zh": "两个名录没有共同的唯一编号列（{headers}），无法判断哪些企业新增或退出：地图按区域显示数量变化（绿色增加，红色减少，灰色不变）。",
        "en": "The two registers share no unique id column ({headers}), so which firms came and went cannot be told: the map shows each area's count change (green more, red fewer, grey the same)."},
    "change.map.too_many": {
        "zh": "新增与退出共 {n} 家，超过逐点绘制的上限 {max} 家：地图按区域显示数量变化（绿色增加，红色减少，灰色不变）。",
        "en": "{n} entries and exits, more than the {max} drawn one by one: the map shows each area's count change (green more, red fewer, grey the same)."},
    "change.map.layer_entry": {
        "zh": "新增企业（{n}）",
        "en": "Entries ({n})"},
    "change.map.layer_exit": {
        "zh": "退出企业（{n}）",
        "en": "Exits ({n})"},
    "change.map.layer_areas": {
        "zh": "区域企业数变化",
        "en": "Change of firms per area"},
    "change.map.status": {
        "zh": "变化",
        "en": "Change"},
    "change.map.entry": {
        "zh": "新增",
        "en": "Entry"},
    "change.map.exit": {
        "zh": "退出",
        "en": "Exit"},
    "change.map.name": {
        "zh": "名称",
        "en": "Name"},
    "change.map.before_n": {
        "zh": "之前",
        "en": "Before"},
    "change.map.after_n": {
        "zh": "之后",
        "en": "After"},
    "change.map.change": {
        "zh": "变化",
        "en": "Change"},
    "change.map.growth": {
        "zh": "增长率",
        "en": "Growth"},
    "change.map.area_tooltip": {
        "zh": "{name}：{before} → {after}（{change}，{growth}）",
        "en": "{name}: {before} → {after} ({change}, {growth})"},
}
