"""The catalogue's messages of the command line (cli.py): errors, the rows a read
rejected and why, what the addresses gave, the stages of a check and its outcome — in
the language of ``--lang`` (Chinese by default, as the app)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # errors: the command stops and says why (exit status 2)
    "cli.error": {"en": "error: {text}", "zh": "错误：{text}"},
    "cli.os_error": {"en": "error: cannot use{where}: {what} — {fix}; no output file was "
                           "written or changed",
                     "zh": "错误：无法使用{where}：{what}——{fix}；没有写出或改动任何输出文件"},
    "cli.fix_disk": {"en": "free some disk space or write to another disk",
                     "zh": "请腾出磁盘空间，或写到另一块磁盘"},
    "cli.fix_permission": {"en": "choose a file and folder you can write to",
                           "zh": "请选择您有写权限的文件和文件夹"},
    "cli.fix_path": {"en": "check the path and try again", "zh": "请检查路径后重试"},
    "cli.interrupted": {"en": "interrupted, nothing written", "zh": "已中断，未写出任何文件"},
    "cli.terminated": {"en": "terminated, nothing written", "zh": "已终止，未写出任何文件"},
    "cli.warning": {"en": "warning: {text}", "zh": "注意：{text}"},
    # rows a read rejected, and what the addresses gave
    "cli.rows_rejected": {"en": "{source}: {n} row(s) rejected (kept in the output with the "
                                "problem stated):",
                          "zh": "{source}：{n} 行被拒绝（保留在输出中，并写明问题）："},
    "cli.rows_rejected_snapshot": {
        "en": "{source}: {n} row(s) rejected (kept in the snapshot with the problem stated):",
        "zh": "{source}：{n} 行被拒绝（保留在快照中，并写明问题）："},
    "cli.row_problem": {"en": "  row {row}, {column}: {problem} — {fix}",
                        "zh": "  第 {row} 行，列“{column}”：{problem}——{fix}"},
    "cli.row_problem_only": {"en": "  row {row}: {problem}", "zh": "  第 {row} 行：{problem}"},
    "cli.more_in_report": {"en": "  … and {n} more (see the report file)",
                           "zh": "  ……另有 {n} 行（见报告文件）"},
    "cli.more": {"en": "  … and {n} more", "zh": "  ……另有 {n} 行"},
    "cli.more_in_problem_column": {"en": "  … and {n} more (the problem column)",
                                   "zh": "  ……另有 {n} 行（见 problem 列）"},
    # the geocoder's levels as the match_level column writes them (zh: named, then the code)
    "cli.level.point": {"en": "point", "zh": "在线服务的点（point）"},
    "cli.level.road": {"en": "road", "zh": "道路（road）"},
    "cli.level.community": {"en": "community", "zh": "社区（community）"},
    "cli.level.subdistrict": {"en": "subdistrict", "zh": "街道（subdistrict）"},
    "cli.level.district": {"en": "district", "zh": "区（district）"},
    "cli.level.none": {"en": "none", "zh": "未定位（none）"},
    "cli.unmatched_labels": {
        "en": "{source}: industry labels not in the taxonomy (rows): {shown} — map them in "
              "cluster_defs/taxonomy.toml [alias] or fix the labels",
        "zh": "{source}：产业目录中没有的产业标签（行数）：{shown}——请在 "
              "cluster_defs/taxonomy.toml 的 [alias] 中对应，或改正标签"},
    "cli.address_levels": {
        "en": "{source}: placed from the addresses (offline gazetteer; precision_m gives "
              "each point's uncertainty): {shown} — the 'none' rows are in the report",
        "zh": "{source}：按地址定位（离线地名库；precision_m 为每个点的误差范围）：{shown}"
              "——未定位（none）的行见报告"},
    "cli.address_outside": {
        "en": "{source}: {n} point(s) lie outside the 街道 their address names (kept; see "
              "the address_check column):",
        "zh": "{source}：{n} 个点不在其地址所写的街道内（已保留；见 address_check 列）："},
    "cli.override_ignored": {
        "en": "warning: {file} is ignored and the built polygon is used instead: {reason} — "
              "fix or delete the file, or import the boundary again",
        "zh": "注意：{file} 未被采用，改用项目构建的多边形：{reason}——请修正或删除该文件，"
              "或重新导入边界"},
    # the stages of a check, and its outcome
    "cli.stage_open": {"en": "opening {file} (the file checked, its first rows read)",
                       "zh": "打开 {file}（检查文件，读取前几行）"},
    "cli.stage_read": {"en": "reading {file}", "zh": "读取 {file}"},
    "cli.stage_load": {"en": "loading areas and 街道", "zh": "载入区域和街道"},
    "cli.stage_check_write": {"en": "checking and writing {file}, {rows} rows at a time",
                              "zh": "核查并写出 {file}，每次 {rows} 行"},
    "cli.stage_check": {"en": "checking {rows} rows", "zh": "核查 {rows} 行"},
    "cli.stage_write": {"en": "writing {file}", "zh": "写出 {file}"},
    "cli.stage_dask_check": {"en": "checking {rows} rows in {parts} part(s) on Dask and "
                                   "writing {file}",
                             "zh": "在 Dask 上核查 {parts} 个分片共 {rows} 行，并写出 {file}"},
    "cli.stage_geocode": {"en": "geocoding {file} and writing {out}",
                          "zh": "地址定位 {file} 并写出 {out}"},
    "cli.check_outcome": {"en": "{rows_in} rows in, {rows_out} rows out ({n} {what}); "
                                "verdicts: {verdicts}",
                          "zh": "读入 {rows_in} 行，写出 {rows_out} 行（{n} 行{what}）；"
                                "结论：{verdicts}"},
    "cli.not_placed_from_address": {"en": "not placed from their address",
                                    "zh": "无法按地址定位"},
    "cli.with_coordinate_problem": {"en": "with a coordinate problem", "zh": "坐标有问题"},
    "cli.no_verdicts": {"en": "none", "zh": "无"},
    "cli.list_sep": {"en": ", ", "zh": "，"},
    "cli.recorded": {"en": "recorded as check {id} in {location}",
                     "zh": "已记为核查 {id}，存于 {location}"},
    "cli.boundaries_active": {"en": "boundaries: {n} active version(s) from {location}",
                              "zh": "边界：{location} 中有 {n} 个启用的版本"},
    "cli.boundary_version_of": {"en": "; {area} → version {version}",
                                "zh": "；{area} → 版本 {version}"},
    "cli.boundary_version_ignored": {
        "en": "warning: boundary version {version} is ignored: {reason}",
        "zh": "注意：边界版本 {version} 未被采用：{reason}"},
    "cli.geocoded": {"en": "wrote {out}: {rows} rows ({placed} placed from {column}, {how}; "
                           "precision_m gives each point's uncertainty): {shown}",
                     "zh": "已写出 {out}：{rows} 行（{placed} 行按 {column} 列定位，{how}；"
                           "precision_m 为每个点的误差范围）：{shown}"},
    "cli.how_offline": {"en": "offline gazetteer", "zh": "离线地名库"},
    "cli.how_online": {"en": "offline gazetteer, then {note} where it agrees; {n} request(s), "
                             "the rest from the cache",
                       "zh": "先用离线地名库，结果一致处再采用 {note}；请求 {n} 次，其余来自缓存"},
    # a command's options that do not go together (said before any work)
    "cli.err_versions_of_other": {"en": "versions {old} and {new} are versions of {of}, not of "
                                        "{area}",
                                  "zh": "版本 {old} 和 {new} 属于 {of}，不属于 {area}"},
    "cli.err_version_of_other": {"en": "version {version} is a version of {of}, not of {area}",
                                 "zh": "版本 {version} 属于 {of}，不属于 {area}"},
    "cli.err_k": {"en": "--k {k}: give 0 (no facilities) or a positive number",
                  "zh": "--k {k}：请给 0（不列设施）或正整数"},
    "cli.err_print_out": {"en": "--print needs --out FILE.pdf",
                          "zh": "--print 需要 --out 文件.pdf"},
    "cli.err_scheduler": {"en": "--scheduler is for --engine dask; add --engine dask or drop it",
                          "zh": "--scheduler 只用于 --engine dask：请加上 --engine dask，或去掉它"},
    "cli.err_out_in_folder": {"en": "--out {out} is inside the register folder {folder}: write "
                                    "it elsewhere (it would be read as a part next time)",
                              "zh": "--out {out} 在名录文件夹 {folder} 之内：请写到别处"
                                    "（否则下次会被当作名录的一部分读入）"},
    "cli.err_local_only": {"en": "{what} runs on the local engine; drop --engine dask",
                           "zh": "{what} 只能用本机引擎：请去掉 --engine dask"},
    "cli.err_one_register": {"en": "give a register file or --snapshot NAME (one of the two); "
                                   "`python cli.py workspace list` shows the saved ones",
                             "zh": "请给出名录文件或 --snapshot 名称（二者之一）；"
                                   "`python cli.py workspace list` 列出已保存的名录"},
    "cli.err_compare_one": {"en": "--compare takes one register to compare with: --snapshot "
                                  "NAME or one --enterprises FILE (and no --facilities)",
                            "zh": "--compare 只与一个名录比较：--snapshot 名称，或一个 "
                                  "--enterprises 文件（且不给 --facilities）"},
    "cli.err_no_user_list": {"en": "no user list: give --file PATH, or set SZMAP_USERS to the "
                                   "file the app reads (login stays off while it is unset)",
                             "zh": "没有用户名单：请给出 --file 路径，或把 SZMAP_USERS 设为应用读取的"
                                   "文件（未设置时不启用登录）"},
    "cli.err_passwords_differ": {"en": "the two passwords differ: nothing was changed",
                                 "zh": "两次输入的密码不同：未做任何更改"},
    "cli.err_register_or_snapshot": {"en": "give --register FILE or --snapshot NAME, not both",
                                     "zh": "请给出 --register 文件或 --snapshot 名称，不要同时给"},
    "cli.err_unknown_area": {"en": "unknown area id {area}: see `python cli.py areas`",
                             "zh": "未知的区域编号 {area}：见 `python cli.py areas`"},
    "cli.lang_help": {"en": "language of messages (default zh)",
                      "zh": "提示信息的语言（默认 zh）"},
}
