"""The catalogue's messages of writing outputs (core/safe_io.py, data/points_io.py):
refused output paths and outputs too large for their format (the CLI prints them in
English; the app shows them in the user's language)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "write.no_name": {"en": "no file name",
                      "zh": "没有文件名"},
    "write.give_name": {"en": "give a file name ending in {suffixes}",
                        "zh": "请给出以 {suffixes} 结尾的文件名"},
    "write.cannot_write": {"en": "cannot write {suffix!r} files",
                           "zh": "无法写出 {suffix!r} 文件"},
    "write.no_extension": {"en": "the file name has no extension",
                           "zh": "文件名没有扩展名"},
    "write.end_name": {"en": "end the name in one of: {suffixes}",
                       "zh": "文件名须以下列之一结尾：{suffixes}"},
    "write.reserved_name": {"en": "{name!r} is a reserved or invalid file name on Windows",
                            "zh": "{name!r} 在 Windows 上是保留或无效的文件名"},
    "write.choose_other_name": {"en": "choose another name",
                                "zh": "请换一个文件名"},
    "write.is_folder": {"en": "is an existing folder",
                        "zh": "是已存在的文件夹"},
    "write.name_inside": {"en": "give a file name inside it",
                          "zh": "请给出该文件夹内的文件名"},
    "write.no_folder": {"en": "the folder {folder!r} does not exist",
                        "zh": "文件夹 {folder!r} 不存在"},
    "write.create_folder": {"en": "create it first or choose an existing folder",
                            "zh": "请先创建该文件夹，或选择已存在的文件夹"},
    "write.folder_not_writable": {"en": "cannot create files in the folder {folder!r} "
                                        "({reason})",
                                  "zh": "无法在文件夹 {folder!r} 中创建文件（{reason}）"},
    "write.choose_writable": {"en": "choose a folder you can write to",
                              "zh": "请选择有写入权限的文件夹"},
    "write.is_input": {"en": "is also an input file; writing it would destroy the input",
                       "zh": "同时也是输入文件；写入会毁掉输入"},
    "write.choose_different": {"en": "choose a different output name",
                               "zh": "请换一个输出文件名"},
    "write.in_shipped": {"en": "is inside the shipped data folder {folder!r}",
                         "zh": "位于项目自带的数据文件夹 {folder!r} 内"},
    "write.elsewhere": {"en": "write outputs somewhere else",
                        "zh": "请将输出写到别处"},
    "write.xlsx_too_big": {"en": "{rows:,} rows × {columns:,} columns do not fit in an Excel "
                                 "sheet (at most {max_rows:,} rows and {max_columns:,} "
                                 "columns)",
                           "zh": "{rows:,} 行 × {columns:,} 列超出 Excel 工作表的容量（最多 {max_rows:,} 行、{max_columns:,} 列）"},
    "write.csv_or_gpkg": {"en": "write .csv or .gpkg instead, or split the input",
                          "zh": "请改为写出 .csv 或 .gpkg，或拆分输入"},
    "write.whole_frame_too_big": {"en": "{rows:,} rows are more than a {suffix} output is "
                                        "written with (at most {limit:,}: it is built whole "
                                        "in memory)",
                                  "zh": "{rows:,} 行超过 {suffix} 输出的上限（最多 {limit:,} 行："
                                        "该格式须在内存中整体生成）"},
    "write.csv_or_parquet": {"en": "write .csv or .parquet instead (written as the rows are "
                                   "checked), or split the input",
                             "zh": "请改为写出 .csv 或 .parquet（边检查边写出），或拆分输入"},
    "write.table_formats": {"en": "use .csv, .parquet, .xlsx, .gpkg or .geojson",
                            "zh": "请使用 .csv、.parquet、.xlsx、.gpkg 或 .geojson"},
}
