"""The catalogue's messages of writing outputs (core/safe_io.py, data/points_io.py):
refused output paths and outputs too large for their format (English only: the CLI
writes them)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "write.no_name": {"en": "no file name"},
    "write.give_name": {"en": "give a file name ending in {suffixes}"},
    "write.cannot_write": {"en": "cannot write {suffix!r} files"},
    "write.no_extension": {"en": "the file name has no extension"},
    "write.end_name": {"en": "end the name in one of: {suffixes}"},
    "write.reserved_name": {"en": "{name!r} is a reserved or invalid file name on Windows"},
    "write.choose_other_name": {"en": "choose another name"},
    "write.is_folder": {"en": "is an existing folder"},
    "write.name_inside": {"en": "give a file name inside it"},
    "write.no_folder": {"en": "the folder {folder!r} does not exist"},
    "write.create_folder": {"en": "create it first or choose an existing folder"},
    "write.folder_not_writable": {"en": "cannot create files in the folder {folder!r} "
                                        "({reason})"},
    "write.choose_writable": {"en": "choose a folder you can write to"},
    "write.is_input": {"en": "is also an input file; writing it would destroy the input"},
    "write.choose_different": {"en": "choose a different output name"},
    "write.in_shipped": {"en": "is inside the shipped data folder {folder!r}"},
    "write.elsewhere": {"en": "write outputs somewhere else"},
    "write.xlsx_too_big": {"en": "{rows:,} rows × {columns:,} columns do not fit in an Excel "
                                 "sheet (at most {max_rows:,} rows and {max_columns:,} "
                                 "columns)"},
    "write.csv_or_gpkg": {"en": "write .csv or .gpkg instead, or split the input"},
    "write.whole_frame_too_big": {"en": "{rows:,} rows are more than a {suffix} output is "
                                        "written with (at most {limit:,}: it is built whole "
                                        "in memory)"},
    "write.csv_or_parquet": {"en": "write .csv or .parquet instead (written as the rows are "
                                   "checked), or split the input"},
    "write.table_formats": {"en": "use .csv, .parquet, .xlsx, .gpkg or .geojson"},
}
