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
}
