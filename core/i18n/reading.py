"""The catalogue's messages of reading and checking input files: the point reader
(data/points_io.py), the layer checks (data/loaders.py) and boundary imports. A
parameter written ``{x!r}`` is quoted as Python writes it, in both languages."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # --- the file itself
    "read.file_not_found": {"en": "file not found", "zh": "文件不存在"},
    "read.check_path": {"en": "check the path", "zh": "检查路径"},
    "read.not_regular": {
        "en": "is not a regular file (a pipe, device or folder never ends or cannot be "
              "sized)",
        "zh": "不是普通文件（管道、设备或文件夹没有尽头或无法确定大小）"},
    "read.save_to_file": {"en": "save the data to a file and read that",
                          "zh": "先将数据保存为文件再读取"},
    "read.too_big": {
        "en": "is {size:,} bytes, more than the limit of {limit:,} "
              "(settings.MAX_INPUT_BYTES)",
        "zh": "大小为 {size:,} 字节，超过上限 {limit:,} 字节（settings.MAX_INPUT_BYTES）"},
    "read.unpacks_too_big": {
        "en": "unpacks to {size:,} bytes, more than the limit of {limit:,} "
              "(settings.MAX_INPUT_BYTES)",
        "zh": "解压后为 {size:,} 字节，超过上限 {limit:,} 字节（settings.MAX_INPUT_BYTES）"},
    "read.too_many_rows": {
        "en": "has more than {limit:,} data rows (read {rows:,}; settings.MAX_INPUT_ROWS)",
        "zh": "数据行超过 {limit:,} 行（已读 {rows:,} 行；settings.MAX_INPUT_ROWS）"},
    "read.split_or_raise": {"en": "split the file, or raise {setting} in core/settings.py",
                            "zh": "拆分文件，或在 core/settings.py 中调高 {setting}"},
    "read.unsupported": {"en": "unsupported file type {suffix!r}",
                         "zh": "不支持的文件类型 {suffix!r}"},
    "read.supported_types": {"en": "use CSV, XLSX, GeoJSON, GPKG, SHP or a .zip of a shapefile",
                             "zh": "请使用 CSV、XLSX、GeoJSON、GPKG、SHP 或 shapefile 的 .zip 压缩包"},
    "read.xls": {"en": "is an old Excel 97–2003 workbook (.xls), which is not read",
                 "zh": "是旧版 Excel 97–2003 工作簿（.xls），无法读取"},
    "read.xls_fix": {"en": "open it in Excel or WPS and save it as .xlsx (or CSV UTF-8)",
                     "zh": "用 Excel 或 WPS 打开，另存为 .xlsx（或 CSV UTF-8）"},
    "read.not_vector": {"en": "cannot be read as a vector file ({detail})",
                        "zh": "无法作为矢量文件读取（{detail}）"},
    "read.reexport_vector": {
        "en": "open it in QGIS or a text editor and re-export it as GeoJSON/GPKG",
        "zh": "用 QGIS 或文本编辑器打开，重新导出为 GeoJSON/GPKG"},
    "read.not_csv": {"en": "cannot be read as CSV ({detail})", "zh": "无法作为 CSV 读取（{detail}）"},
    "read.check_delimiter": {"en": "check the delimiter and quoting", "zh": "检查分隔符与引号"},
    "read.not_excel": {"en": "cannot be read as Excel ({detail})",
                       "zh": "无法作为 Excel 读取（{detail}）"},
    "read.not_xlsx_workbook": {"en": "not an .xlsx workbook",
                               "zh": "不是 .xlsx 工作簿"},
    "read.resave_xlsx": {"en": "save it again as .xlsx or CSV", "zh": "另存为 .xlsx 或 CSV"},
    "read.not_parquet": {"en": "cannot be read as Parquet ({detail})",
                         "zh": "无法作为 Parquet 读取（{detail}）"},
    "read.rewrite_parquet": {"en": "write the file again (pandas/geopandas to_parquet), or "
                                   "save it as CSV",
                             "zh": "请重新写出该文件（pandas/geopandas 的 to_parquet），或另存为 CSV"},
    "read.rewrite_parquet_short": {"en": "write the file again, or save it as CSV",
                                   "zh": "请重新写出该文件，或另存为 CSV"},
    "read.bad_geo_metadata": {"en": "cannot be read as GeoParquet (its 'geo' metadata is "
                                    "invalid)",
                              "zh": "无法作为 GeoParquet 读取（其 'geo' 元数据无效）"},
    "read.rewrite_geo": {"en": "write the file again with geopandas or GDAL",
                         "zh": "请用 geopandas 或 GDAL 重新写出该文件"},
    "read.geometry_not_wkb": {"en": "cannot be read as GeoParquet (geometry encoded as "
                                    "{encoding!r}, not WKB)",
                              "zh": "无法作为 GeoParquet 读取（几何编码为 {encoding!r}，不是 WKB）"},
    "read.rewrite_geo_wkb": {"en": "write the file again with geopandas (to_parquet) or GDAL",
                             "zh": "请用 geopandas（to_parquet）或 GDAL 重新写出该文件"},
    "read.shapefile_missing": {"en": "shapefile {stem}.shp has no {missing} beside it",
                               "zh": "shapefile {stem}.shp 旁缺少 {missing}"},
    "read.shapefile_zip": {
        "en": "a shapefile is several files: put {stem}.shp, .shx, .dbf, .prj (and .cpg) "
              "together in one .zip and upload that",
        "zh": "shapefile 由多个文件组成：将 {stem}.shp、.shx、.dbf、.prj（及 .cpg）一起压缩为一个 "
              ".zip 再上传"},
    # --- text encoding
    "read.where": {"en": "byte {offset:,} (line {line:,})", "zh": "第 {offset:,} 字节（第 {line:,} 行）"},
    "read.utf16": {"en": "text encoding is UTF-16 (Excel's 'Unicode text')",
                   "zh": "文本编码为 UTF-16（Excel 的“Unicode 文本”）"},
    "read.save_csv_utf8_excel": {"en": "save it from Excel as 'CSV UTF-8 (comma delimited)'",
                                 "zh": "在 Excel 中另存为“CSV UTF-8（逗号分隔）”"},
    "read.mixed_utf8": {
        "en": "mixed text encodings: UTF-8 up to {where}, where byte 0x{byte} is not UTF-8 "
              "(a cell pasted from a GBK or Latin-1 file?)",
        "zh": "文本编码混杂：直到{where}都是 UTF-8，该处字节 0x{byte} 不是 UTF-8（是否从 GBK 或 "
              "Latin-1 文件粘贴了单元格？）"},
    "read.mixed_gbk": {"en": "mixed text encodings: GBK, but the line at {where} is UTF-8",
                       "zh": "文本编码混杂：文件为 GBK，但{where}处的一行是 UTF-8"},
    "read.fix_row_or_resave": {"en": "fix that row, or re-save the whole file as CSV UTF-8",
                               "zh": "修正该行，或将整个文件重新另存为 CSV UTF-8"},
    "read.not_utf8_gbk": {"en": "text encoding is neither UTF-8 nor GBK (at {where})",
                          "zh": "文本编码既不是 UTF-8 也不是 GBK（{where}）"},
    "read.save_csv_utf8": {"en": "save the file as CSV UTF-8", "zh": "将文件另存为 CSV UTF-8"},
    "read.encoding.utf8": {"en": "UTF-8{bom}: every byte of the file is UTF-8",
                           "zh": "UTF-8{bom}：文件每个字节都是 UTF-8"},
    "read.encoding.bom": {"en": " with BOM", "zh": "（带 BOM）"},
    "read.encoding.gbk": {
        "en": "GBK/GB18030: not UTF-8 from {where} on, and the whole file decodes as GB18030",
        "zh": "GBK/GB18030：自{where}起不是 UTF-8，且整个文件可按 GB18030 解码"},
    "read.dbf.not_shapefile": {"en": "not a shapefile",
                               "zh": "不是 shapefile"},
    "read.dbf.has_cpg": {"en": "the shapefile has a .cpg file naming its encoding",
                         "zh": "shapefile 附有注明编码的 .cpg 文件"},
    "read.dbf.code_page": {"en": "the .dbf declares its code page (language byte {byte:#04x})",
                           "zh": ".dbf 声明了代码页（语言字节 {byte:#04x}）"},
    "read.dbf.ascii": {"en": "the .dbf text is plain ASCII",
                       "zh": ".dbf 中的文本均为 ASCII"},
    "read.dbf.decodes_as": {"en": "the .dbf has no .cpg and decodes as {encoding}",
                            "zh": ".dbf 没有 .cpg 文件，按 {encoding} 可正确解码"},
    "read.dbf.latin1": {"en": "the .dbf has no .cpg and is neither UTF-8 nor GBK; read as "
                              "Latin-1",
                        "zh": ".dbf 没有 .cpg 文件，且既不是 UTF-8 也不是 GBK；已按 Latin-1 读取"},
    # --- notes on how the file was read
    "read.note.encoding": {"en": "text encoding: {reason}", "zh": "文本编码：{reason}"},
    "read.note.dbf": {"en": "attribute text{label}: {reason}", "zh": "属性文本{label}：{reason}"},
    "read.note.delimiter": {"en": "cells are separated by {found!r}, not {expected!r}",
                            "zh": "单元格以 {found!r} 分隔，而不是 {expected!r}"},
    "read.note.blank_lines": {"en": "{n} blank line(s) before the header skipped",
                              "zh": "已跳过表头前的 {n} 个空行"},
    "read.note.empty_rows": {"en": "{n:,} empty row(s){label} skipped{rows}{trailing}",
                             "zh": "已跳过 {n:,} 个空行{label}{rows}{trailing}"},
    "read.note.empty_rows.rows": {"en": " (rows {rows})", "zh": "（第 {rows} 行）"},
    "read.note.empty_rows.trailing": {"en": ", {n:,} of them after the last data row",
                                      "zh": "，其中 {n:,} 个在最后一行数据之后"},
    "read.nothing_to_do": {"en": "nothing to do; delete them to silence this note",
                           "zh": "无需处理；删除这些空行即可不再提示"},
    "read.note.merged": {"en": "{n} merged cell range(s){label} filled with their value "
                               "({ranges})",
                         "zh": "{n} 个合并单元格区域{label}已按其值填充（{ranges}）"},
    "read.note.titles": {"en": "{n} title row(s){label} above the header skipped (sheet rows "
                               "{rows})",
                         "zh": "已跳过表头上方的 {n} 个标题行{label}（工作表第 {rows} 行）"},
    "read.note.role": {"en": "{role} read from column {column!r}; the file also has {others}",
                       "zh": "{role}取自列 {column!r}；文件中还有 {others}"},
    "read.choose_role": {"en": "if that is the wrong column, choose it ({option})",
                         "zh": "如用错了列，请指定（{option}）"},
    "read.role.longitude": {"en": "longitude", "zh": "经度"},
    "read.role.latitude": {"en": "latitude", "zh": "纬度"},
    "read.role.name": {"en": "name", "zh": "名称"},
    "read.role.industry": {"en": "industry", "zh": "行业"},
    # sheets and layers: " in sheet 'a'" / " (layer 'a')" after what they qualify
    "read.kind.sheet": {"en": "sheet", "zh": "工作表"},
    "read.kind.layer": {"en": "layer", "zh": "图层"},
    "read.label.sheet": {"en": " in sheet {name!r}", "zh": "（工作表 {name!r}）"},
    "read.label.layer": {"en": " (layer {name!r})", "zh": "（图层 {name!r}）"},
    "read.no_part": {"en": "has no {kind} {name!r}", "zh": "没有{kind} {name!r}"},
    "read.choose_part": {"en": "choose one of the {kind}s: {names}",
                         "zh": "请从以下{kind}中选择：{names}"},
    "read.parts_differ": {"en": "has {n} {kind}s with different columns: {listed}",
                          "zh": "有 {n} 个列不同的{kind}：{listed}"},
    "read.part_columns": {"en": "{name!r} ({rows} rows: {columns})",
                          "zh": "{name!r} （{rows} 行：{columns}）"},
    "sep.parts": {"en": "; ", "zh": "; "},
    "read.choose_part_to_read": {
        "en": "choose the {kind} to read (app: the {kind} list; Python: "
              "read_points(..., {column}=name)), or give them the same columns to read them "
              "all",
        "zh": "请选择要读取的{kind}（应用中在{kind}列表里选择；Python：read_points(..., "
              "{column}=名称)），或使它们的列相同以全部读取"},
    "read.note.same_parts": {
        "en": "{n} {kind}s with the same columns read ({names}); the '{column}' column names "
              "each row's {kind} and rows are numbered through the {kind}s in order",
        "zh": "已读取列相同的 {n} 个{kind}（{names}）；“{column}”列注明每行所属{kind}，行号按顺序连续编号"},
    "read.read_one_part": {"en": "to read one {kind}, choose it", "zh": "如只读取一个{kind}，请选择它"},
    "read.empty_no_header": {"en": "is empty (no header row)", "zh": "为空（没有表头行）"},
    "read.empty_no_sheet": {"en": "is empty (no sheet has a header row)",
                            "zh": "为空（没有任何工作表有表头行）"},
    "read.export_with_header": {"en": "export the table with a header row", "zh": "导出带表头的表格"},
    "read.ragged_row": {"en": "has {cells} cells but the header has {expected} (line {line:,}: "
                              "{text!r})",
                        "zh": "有 {cells} 个单元格，但表头有 {expected} 列（第 {line:,} 行：{text!r}）"},
    "read.quote_cells": {
        "en": "quote cells that contain the delimiter (\"a,b\"), or fix the row; the whole "
              "file is refused so that no row is misread",
        "zh": "含分隔符的单元格请加引号（\"a,b\"），或修正该行；为避免误读任何一行，整个文件未被读取"},
    # --- headers and columns
    "read.header_repeated_coordinate": {
        "en": "header {name!r} appears {n} times (columns {columns})",
        "zh": "表头 {name!r} 出现 {n} 次（第 {columns} 列）"},
    "read.dedupe_coordinate": {
        "en": "rename or delete the extra copies so that one column holds the coordinate",
        "zh": "重命名或删除多余的同名列，使坐标只在一列中"},
    "read.note.header_renamed": {
        "en": "header {name!r} is repeated; the copy in column {column} was renamed {new!r}",
        "zh": "表头 {name!r} 重复；第 {column} 列已改名为 {new!r}"},
    "read.unique_headers": {"en": "give every column its own header", "zh": "为每一列设置不同的表头"},
    "read.note.reserved_renamed": {
        "en": "column {name!r} was renamed {new!r} (the results add a column of that name)",
        "zh": "列 {name!r} 已改名为 {new!r}（结果中会新增同名列）"},
    "read.keep_own_name": {"en": "rename the column in the file to keep your own name",
                           "zh": "如需保留原列名，请在文件中改名"},
    "read.column_not_found": {"en": "column for {role} not found", "zh": "未找到 {role} 列"},
    "read.file_has": {"en": "the file has: {columns}", "zh": "文件中的列：{columns}"},
    "read.no_coordinate_column": {"en": "no coordinate column found", "zh": "未找到坐标列"},
    "read.name_coordinates_or_address": {
        "en": "name them lon/lat or 经度/纬度, or pass --lon-col/--lat-col, or give an "
              "address column (注册地址, 地址 …; --address-col); the file has: {columns}",
        "zh": "将坐标列命名为 lon/lat 或 经度/纬度，或提供地址列（注册地址、地址等）；文件中的列：{columns}"},
    "read.column_missing": {"en": "required column is missing", "zh": "缺少必需的列"},
    "read.add_column": {"en": "add it; the file has: {columns}", "zh": "请补充；文件中的列：{columns}"},
    "read.no_columns": {"en": "no columns",
                        "zh": "没有任何列"},
    "read.is_empty": {"en": "is empty", "zh": "为空"},
    # --- coordinate systems
    "read.unknown_crs": {"en": "unknown coordinate system {crs!r}", "zh": "未知坐标系 {crs!r}"},
    "read.use_one_of": {"en": "use one of: {choices}", "zh": "可选：{choices}"},
    "read.no_crs": {"en": "the file declares no coordinate system", "zh": "文件未声明坐标系"},
    "read.declare_wgs84": {"en": "declare EPSG:4326, or import it with its CRS stated",
                           "zh": "声明 EPSG:4326，或导入时说明其坐标系"},
    "read.crs_not_wgs84": {"en": "coordinate system is {crs}, expected EPSG:4326",
                           "zh": "坐标系为 {crs}，应为 EPSG:4326"},
    "read.reproject": {"en": "reproject to WGS-84 (EPSG:4326) or import it with its CRS stated",
                       "zh": "投影转换到 WGS-84（EPSG:4326），或导入时说明其坐标系"},
    "read.note.crs_assumed": {
        "en": "the file{label} declares no coordinate system; read as {crs}, the one chosen",
        "zh": "文件{label}未声明坐标系；已按所选的 {crs} 读取"},
    "read.choose_right_crs": {"en": "if that is wrong, choose the right one",
                              "zh": "如不正确，请选择正确的坐标系"},
    "read.note.crs_converted": {"en": "the file{label} declares {crs}; converted to WGS-84 with it",
                                "zh": "文件{label}声明坐标系 {crs}；已据此转换为 WGS-84"},
    "read.note.crs_not_4547": {
        "en": "the file{label} declares {crs}, not EPSG:4547; the file's was used",
        "zh": "文件{label}声明的坐标系为 {crs}，不是 EPSG:4547；已按文件声明的坐标系读取"},
    "read.its_own_crs": {"en": "its own CRS",
                         "zh": "其自身的坐标系"},
    "read.note.crs_as_chosen": {
        "en": "coordinates{label} read as {crs}, as chosen (the file says WGS-84)",
        "zh": "坐标{label}已按所选的 {crs} 读取（文件声明为 WGS-84）"},
    # --- geometry (points of a vector file, polygons of a layer)
    "read.table_no_geometry": {"en": "holds a table without geometry{label}, not point features",
                               "zh": "是不含几何的表格{label}，不是点要素"},
    "read.upload_unzipped": {
        "en": "upload a CSV or XLSX as it is (not zipped); zip only shapefiles",
        "zh": "CSV 或 XLSX 请直接上传（不要压缩）；只有 shapefile 需要压缩为 .zip"},
    "read.expected_points": {"en": "expected points{label}, found {found}",
                             "zh": "应为点要素{label}，实际为 {found}"},
    "read.export_points": {"en": "export point features", "zh": "导出点要素"},
    "geom.empty": {"en": "geometry is empty", "zh": "几何为空"},
    "geom.draw_or_remove": {"en": "draw the polygon or remove the feature",
                            "zh": "绘制该多边形或删除该要素"},
    "geom.not_polygon": {"en": "geometry is a {type}, expected a polygon",
                         "zh": "几何类型为 {type}，应为多边形"},
    "geom.export_polygons": {"en": "export polygons only", "zh": "只导出多边形"},
    "geom.invalid": {"en": "invalid polygon ({reason})", "zh": "无效多边形（{reason}）"},
    "geom.repair": {"en": "repair it (QGIS 'Fix geometries' or shapely.make_valid)",
                    "zh": "修复几何（QGIS“修复几何”或 shapely.make_valid）"},
    "geom.swapped": {"en": "coordinates look swapped ({detail})", "zh": "坐标疑似填反（{detail}）"},
    "geom.swapped_detail": {"en": "x={x:.4f}, y={y:.4f} is lat/lon",
                            "zh": "x={x:.4f}, y={y:.4f} 为纬度/经度"},
    "geom.x_is_lon": {"en": "write longitude as x and latitude as y", "zh": "x 应为经度，y 应为纬度"},
    "geom.outside": {"en": "lies outside Shenzhen and 深汕 ({detail})",
                     "zh": "位于深圳及深汕之外（{detail}）"},
    "geom.extent": {"en": "extent {x0:.4f},{y0:.4f} – {x1:.4f},{y1:.4f}",
                    "zh": "范围 {x0:.4f},{y0:.4f} – {x1:.4f},{y1:.4f}"},
    "read.repeated_value": {"en": "value {value!r} is repeated", "zh": "值 {value!r} 重复"},
    "read.ids_unique": {"en": "ids must be unique", "zh": "id 必须唯一"},
    # --- point coordinates, row by row
    "point.not_a_number": {"en": "not a number: {value}", "zh": "不是数字：{value}"},
    "point.no_value": {"en": "no value", "zh": "没有填写"},
    "point.decimal_degrees": {"en": "give decimal degrees, e.g. 113.94",
                              "zh": "请填写十进制度数，例如 113.94"},
    "point.swapped": {"en": "longitude and latitude look swapped ({detail})",
                      "zh": "经度与纬度疑似填反（{detail}）"},
    "point.exchange": {"en": "exchange the two columns", "zh": "交换这两列"},
    "point.outside": {"en": "point ({point}) lies outside Shenzhen and 深汕",
                      "zh": "点（{point}）位于深圳及深汕之外"},
    "point.check_crs": {"en": "check the coordinates and their declared CRS",
                        "zh": "检查坐标及所声明的坐标系"},
    "point.outside_land": {"en": "point ({point}) lies outside Shenzhen's land boundary "
                                 "(in {place}?)",
                           "zh": "点（{point}）不在深圳陆域范围内（位于{place}？）"},
    "point.check_crs_declared": {
        "en": "check the coordinates and their declared CRS (GCJ-02/BD-09 from Amap or Baidu "
              "must be declared)",
        "zh": "检查坐标及所声明的坐标系（高德/百度的 GCJ-02/BD-09 坐标须如实声明）"},
    "place.shanwei_huizhou": {"en": "Shanwei/Huizhou", "zh": "汕尾或惠州"},
    "place.hong_kong": {"en": "Hong Kong", "zh": "香港"},
    "place.estuary": {"en": "the Pearl River estuary", "zh": "珠江口海域"},
    "place.dongguan": {"en": "Dongguan", "zh": "东莞"},
    "place.huizhou": {"en": "Huizhou", "zh": "惠州"},
    "place.neighbour": {"en": "a neighbouring city", "zh": "邻近城市"},
    # --- boundary files (build/boundary_import.py)
    "boundary.table": {"en": "is a table without geometry, not a map layer",
                       "zh": "是不含几何的表格，不是地图图层"},
    "boundary.give_polygons": {"en": "give a GeoJSON, GeoPackage or (zipped) Shapefile with "
                                     "polygons; a table of points goes to `python cli.py "
                                     "check`",
                               "zh": "请提供含面要素的 GeoJSON、GeoPackage 或（压缩为 .zip 的）Shapefile；"
                                     "点位表格请用 `python cli.py check` 检查"},
    "boundary.no_features": {"en": "has no features (an empty layer)",
                             "zh": "没有任何要素（空图层）"},
    "boundary.export_again": {"en": "export the polygons again; check the layer and any "
                                    "filter in your GIS",
                              "zh": "请重新导出这些面；检查 GIS 中所选的图层及筛选条件"},
    "boundary.crs_choices": {"en": "use wgs84, gcj02, bd09, epsg4547 or EPSG:nnnn",
                             "zh": "请使用 wgs84、gcj02、bd09、epsg4547 或 EPSG:nnnn"},
    "boundary.state_crs": {"en": "state it (--crs wgs84|gcj02|bd09|epsg4547|EPSG:nnnn)",
                           "zh": "请说明其坐标系（--crs wgs84|gcj02|bd09|epsg4547|EPSG:nnnn）"},
    "boundary.no_source": {"en": "no source given",
                           "zh": "未注明来源"},
    "boundary.name_authority": {"en": "name the authority and document",
                                "zh": "请注明发布机关及文件"},
    "boundary.bad_precision": {"en": "precision {value!r} m",
                               "zh": "精度 {value!r} 米"},
    "boundary.positive_metres": {"en": "give a positive number of metres",
                                 "zh": "请给出正的米数"},
    "boundary.use_cli_id": {"en": "use an id from `python cli.py areas`",
                            "zh": "请使用 `python cli.py areas` 列出的 id"},
    "boundary.no_area": {"en": "the polygons have no area",
                         "zh": "这些面的面积为零"},
    "boundary.export_real": {"en": "export the real boundary polygons",
                             "zh": "请导出真实的边界面"},
    "boundary.implausible": {"en": "does not look like {id}: {concern}",
                             "zh": "看起来不像 {id} 的边界：{concern}"},
    "boundary.check_or_force": {"en": "check the file, the area id and the CRS (--crs); if "
                                      "the boundary is right, run again with --force",
                                "zh": "请检查文件、区域 id 和坐标系（--crs）；如边界无误，请加 --force 重新运行"},
}
