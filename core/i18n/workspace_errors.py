"""zh/en text of the workspace's refusals (:class:`data.workspace.WorkspaceError`): an
unknown register, view or boundary version, a name taken, a boundary saved over another
editor's, a file that is not a GeoPackage, a database that cannot be reached. Each
``ws.err.*`` message has its fix beside it; the English is the text ``str(error)``
always had (the CLI's and the tests'), the Chinese is what a zh page shows."""

STRINGS: dict[str, dict[str, str]] = {
    # --- boundary versions (data/workspace/boundaries.py)
    "ws.err.not_polygon": {
        "en": "a boundary must be a polygon, not {kind}",
        "zh": "边界必须是多边形，而不是 {kind}"},
    "ws.err.draw_polygon": {
        "en": "draw or import a polygon (EPSG:4326 lon/lat)",
        "zh": "请绘制或导入一个多边形（EPSG:4326 经纬度）"},
    "ws.err.invalid_polygon": {
        "en": "the boundary is not a valid polygon ({reason})",
        "zh": "边界不是有效的多边形（{reason}）"},
    "ws.err.fix_self_intersection": {
        "en": "fix the self-intersection (QGIS: Fix geometries) and save again",
        "zh": "请修正自相交（QGIS：Fix geometries 修复几何）后再保存"},
    "ws.err.empty_boundary": {
        "en": "the boundary is empty",
        "zh": "边界为空"},
    "ws.err.draw_real_polygon": {
        "en": "draw or import a real polygon",
        "zh": "请绘制或导入一个有面积的多边形"},
    "ws.err.not_degrees": {
        "en": "the boundary's coordinates are not lon/lat degrees",
        "zh": "边界的坐标不是经纬度（度）"},
    "ws.err.convert_4326": {
        "en": "convert it to EPSG:4326 first",
        "zh": "请先将其转换为 EPSG:4326"},
    "ws.err.stored_not_gpkg_geometry": {
        "en": "a stored boundary is not a GeoPackage geometry",
        "zh": "已保存的一个边界不是 GeoPackage 几何"},
    "ws.err.restore_workspace": {
        "en": "restore the workspace from a copy",
        "zh": "请从备份恢复工作空间"},
    "ws.err.none_active": {
        "en": "{area_id}: you based your change on version {based}, but no version is "
              "active now",
        "zh": "{area_id}：你的修改基于版本 {based}，但现在没有任何版本是当前版本"},
    "ws.err.save_on_none": {
        "en": "reload the versions and save again based on none (based_on=None)",
        "zh": "请重新载入版本，再以“无”为基础保存（based_on=None）"},
    "ws.err.conflict": {
        "en": "{area_id}: version {active} was made active by {user} at {time} while you "
              "worked on {what}; nothing was saved",
        "zh": "{area_id}：你基于{what}编辑期间，版本 {active} 已被 {user} 于 {time} "
              "设为当前版本；未保存任何内容"},
    "ws.err.built_polygon": {
        "en": "the built polygon",
        "zh": "项目构建的边界"},
    "ws.err.version": {
        "en": "version {id}",
        "zh": "版本 {id} "},
    "ws.err.reload_compare": {
        "en": "reload the versions (`python cli.py boundary-versions {area_id}`), compare "
              "with version {active} and save again based on it",
        "zh": "请重新载入版本（`python cli.py boundary-versions {area_id}`），与版本 "
              "{active} 核对，再以它为基础保存"},
    "ws.err.needs_field": {
        "en": "a boundary version needs its {what}",
        "zh": "边界版本须有{what}"},
    "ws.err.state_field": {
        "en": "state the {what}",
        "zh": "请填写{what}"},
    "ws.err.field_nul": {
        "en": "the {what} holds a NUL character",
        "zh": "{what}含有 NUL 字符"},
    "ws.err.retype_field": {
        "en": "retype the {what}",
        "zh": "请重新输入{what}"},
    "ws.err.field.area_id": {"en": "area id", "zh": "区域编号"},
    "ws.err.field.source": {"en": "source", "zh": "来源"},
    "ws.err.field.author": {"en": "author", "zh": "作者"},
    "ws.err.field.note": {"en": "note", "zh": "说明"},
    "ws.err.unknown_grade": {
        "en": "unknown boundary grade {grade!r}",
        "zh": "未知的边界精度等级 {grade!r}"},
    "ws.err.bad_precision": {
        "en": "precision_m must be a positive number of metres, not {value!r}",
        "zh": "precision_m 须为正的米数，而不是 {value!r}"},
    "ws.err.state_precision": {
        "en": "state the boundary's accuracy in metres",
        "zh": "请以米为单位写明边界的精度"},
    "ws.err.no_version": {
        "en": "no boundary version has the id {id}",
        "zh": "没有编号为 {id} 的边界版本"},
    "ws.err.list_versions": {
        "en": "list them: `python cli.py boundary-versions AREA_ID`",
        "zh": "列出版本：`python cli.py boundary-versions AREA_ID`"},
    "ws.err.different_areas": {
        "en": "versions {old} ({old_area}) and {new} ({new_area}) are of different areas",
        "zh": "版本 {old}（{old_area}）与版本 {new}（{new_area}）属于不同区域"},
    "ws.err.compare_one_area": {
        "en": "compare two versions of one area",
        "zh": "请比较同一区域的两个版本"},
    # --- check records (data/workspace/checks.py)
    "ws.err.check_not_json": {
        "en": "the check's {what} cannot be stored as JSON ({detail})",
        "zh": "核查记录的 {what} 无法存为 JSON（{detail}）"},
    "ws.err.pass_plain_json": {
        "en": "pass plain lists, dicts, text and numbers",
        "zh": "请传入普通的列表、字典、文本和数字"},
    "ws.err.check_not_number": {
        "en": "the check's {what} is not a number ({value!r})",
        "zh": "核查记录的{what}不是数字（{value!r}）"},
    "ws.err.pass_degrees": {
        "en": "pass WGS-84 degrees",
        "zh": "请传入 WGS-84 度数"},
    "ws.err.unknown_check_kind": {
        "en": "unknown check kind {kind!r}",
        "zh": "未知的核查类型 {kind!r}"},
    "ws.err.not_a_date": {
        "en": "{value!r} is not a date",
        "zh": "{value!r} 不是日期"},
    "ws.err.write_date": {
        "en": "write it as YYYY-MM-DD",
        "zh": "请写成 YYYY-MM-DD"},
    # --- stored frames, the store, migrations
    "ws.err.bad_label": {
        "en": "column label {label!r} ({kind}) cannot be stored",
        "zh": "列名 {label!r}（{kind}）无法保存"},
    "ws.err.text_labels": {
        "en": "use text column names (a MultiIndex or object labels are not supported)",
        "zh": "请使用文本列名（不支持 MultiIndex 或对象作列名）"},
    "ws.err.unknown_cell": {
        "en": "unknown stored cell type {kind!r}",
        "zh": "未知的已存单元格类型 {kind!r}"},
    "ws.err.newer_writer": {
        "en": "this workspace was written by a newer version: update the app",
        "zh": "此工作空间由更新版本的应用写入：请更新应用"},
    "ws.err.deleted_meanwhile": {
        "en": "register {id} was deleted meanwhile",
        "zh": "名录 {id} 已在此期间被删除"},
    "ws.err.choose_other_register": {
        "en": "choose another register",
        "zh": "请选择其他名录"},
    "ws.err.no_view_id": {
        "en": "no free view id (hash collision on every length)",
        "zh": "没有可用的视图编号（每种长度都发生哈希冲突）"},
    "ws.err.report_bug": {
        "en": "report this as a bug",
        "zh": "请将此作为程序错误报告"},
    "ws.err.newer_schema": {
        "en": "its schema revision is newer than this version of the app knows ({detail})",
        "zh": "其数据库结构版本比本版应用所知的更新（{detail}）"},
    "ws.err.update_or_other": {
        "en": "update the app, or use another workspace (SZMAP_DATA_DIR / SZMAP_DB_URL)",
        "zh": "请更新应用，或使用另一个工作空间（SZMAP_DATA_DIR / SZMAP_DB_URL）"},
    # --- PostGIS (data/workspace/_postgis.py)
    "ws.err.url_scheme": {
        "en": "unsupported database URL scheme {scheme!r}",
        "zh": "不支持的数据库 URL 协议 {scheme!r}"},
    "ws.err.use_pg_url": {
        "en": "use postgresql://user:password@host:port/database",
        "zh": "请使用 postgresql://user:password@host:port/database 格式（用户、密码、主机、"
              "端口、数据库）"},
    "ws.err.no_postgis": {
        "en": "the database has no PostGIS extension and it could not be created ({detail})",
        "zh": "数据库没有 PostGIS 扩展，且无法创建（{detail}）"},
    "ws.err.create_postgis": {
        "en": "ask the database owner to run `CREATE EXTENSION postgis;` in it (Debian "
              "package postgresql-15-postgis-3 on the server)",
        "zh": "请数据库所有者在其中运行 `CREATE EXTENSION postgis;`（服务器上需安装 Debian "
              "软件包 postgresql-15-postgis-3）"},
    "ws.err.unreachable": {
        "en": "the PostGIS server cannot be reached ({detail})",
        "zh": "无法连接 PostGIS 服务器（{detail}）"},
    "ws.err.start_server": {
        "en": "start the server (Debian: `sudo pg_ctlcluster 15 main start`), check the "
              "host, port, user, password and database in SZMAP_DB_URL, or unset "
              "SZMAP_DB_URL to use the GeoPackage file",
        "zh": "请启动服务器（Debian：`sudo pg_ctlcluster 15 main start`），检查 SZMAP_DB_URL "
              "中的主机、端口、用户、密码和数据库，或取消设置 SZMAP_DB_URL 以使用 GeoPackage "
              "文件"},
    "ws.err.permission": {
        "en": "permission denied ({detail})",
        "zh": "权限不足（{detail}）"},
    "ws.err.grant_rights": {
        "en": "ask the database owner to grant this user CREATE and write rights on the "
              "schema",
        "zh": "请数据库所有者授予此用户在该 schema 上的 CREATE 和写入权限"},
    "ws.err.name_taken_meanwhile": {
        "en": "a register of that name was saved meanwhile by another user",
        "zh": "另一位用户已在此期间以该名称保存了名录"},
    "ws.err.choose_other_name": {
        "en": "choose another name",
        "zh": "请换一个名称"},
    "ws.err.server_disk_full": {
        "en": "the database server's disk is full",
        "zh": "数据库服务器的磁盘已满"},
    "ws.err.free_server_space": {
        "en": "free space on the server and try again",
        "zh": "请释放服务器上的空间后重试"},
    # --- the GeoPackage file (data/workspace/_gpkg.py)
    "ws.err.is_folder": {
        "en": "is a folder, not a GeoPackage file",
        "zh": "是文件夹，不是 GeoPackage 文件"},
    "ws.err.give_gpkg_path": {
        "en": "give a file path ending in .gpkg",
        "zh": "请给出以 .gpkg 结尾的文件路径"},
    "ws.err.cannot_make_folder": {
        "en": "cannot create its folder ({detail})",
        "zh": "无法创建其所在文件夹（{detail}）"},
    "ws.err.writable_folder": {
        "en": "choose a writable folder (SZMAP_DATA_DIR)",
        "zh": "请选择可写的文件夹（SZMAP_DATA_DIR）"},
    "ws.err.unreadable": {
        "en": "cannot be read ({detail})",
        "zh": "无法读取（{detail}）"},
    "ws.err.check_permissions": {
        "en": "check the file's permissions",
        "zh": "请检查文件的权限"},
    "ws.err.not_sqlite": {
        "en": "is not a GeoPackage (not an SQLite database at all)",
        "zh": "不是 GeoPackage（根本不是 SQLite 数据库）"},
    "ws.err.move_or_choose": {
        "en": "move it away or choose another file (SZMAP_DATA_DIR)",
        "zh": "请将其移走，或选择其他文件（SZMAP_DATA_DIR）"},
    "ws.err.other_application": {
        "en": "is an SQLite database of another application (application_id {app_id:#x}), "
              "not a GeoPackage",
        "zh": "是其他应用的 SQLite 数据库（application_id {app_id:#x}），不是 GeoPackage"},
    "ws.err.choose_other_file": {
        "en": "choose another file (SZMAP_DATA_DIR)",
        "zh": "请选择其他文件（SZMAP_DATA_DIR）"},
    "ws.err.sqlite_not_gpkg": {
        "en": "is an SQLite database but not a GeoPackage (tables {tables})",
        "zh": "是 SQLite 数据库，但不是 GeoPackage（含表 {tables}）"},
    "ws.err.journal_held": {
        "en": "is in {mode} journal mode and another program holds it",
        "zh": "处于 {mode} 日志模式，且被另一个程序占用"},
    "ws.err.close_other_reopen": {
        "en": "close the other program (QGIS …) and open it again",
        "zh": "请关闭另一个程序（QGIS 等）后重新打开"},
    "ws.err.locked": {
        "en": "stayed locked by another program for more than {seconds:g} s",
        "zh": "被另一个程序锁定超过 {seconds:g} 秒"},
    "ws.err.close_other_retry": {
        "en": "close the other program using it (another copy of the app, QGIS editing "
              "it) and try again",
        "zh": "请关闭正在使用它的程序（另一个运行中的本应用、正在编辑它的 QGIS）后重试"},
    "ws.err.read_only": {
        "en": "is read-only (the file, or its folder where SQLite writes a journal next "
              "to it)",
        "zh": "是只读的（文件本身，或 SQLite 在其旁写日志文件的所在文件夹）"},
    "ws.err.make_writable": {
        "en": "make both writable, or copy the file to a writable folder and set "
              "SZMAP_DATA_DIR",
        "zh": "请使两者均可写，或将文件复制到可写的文件夹并设置 SZMAP_DATA_DIR"},
    "ws.err.damaged": {
        "en": "is not a GeoPackage or is damaged",
        "zh": "不是 GeoPackage 或已损坏"},
    "ws.err.restore_or_choose": {
        "en": "restore it from a copy, or choose another file",
        "zh": "请从备份恢复，或选择其他文件"},
    "ws.err.cannot_open_write": {
        "en": "cannot be opened for writing",
        "zh": "无法以写入方式打开"},
    "ws.err.folder_writable": {
        "en": "check that its folder exists and is writable",
        "zh": "请检查其所在文件夹是否存在且可写"},
    "ws.err.disk_full": {
        "en": "the disk is full",
        "zh": "磁盘已满"},
    "ws.err.free_space": {
        "en": "free some space and try again",
        "zh": "请释放一些空间后重试"},
    # --- the workspace (data/workspace/workspace.py)
    "ws.err.bad_url": {
        "en": "is not a database URL I can read ({detail})",
        "zh": "不是可读取的数据库 URL（{detail}）"},
    "ws.err.unknown_address": {
        "en": "is not a workspace address I know",
        "zh": "不是可识别的工作空间地址"},
    "ws.err.use_address": {
        "en": "use postgresql://user:password@host:port/database, gpkg:///absolute/path.gpkg "
              "or a path ending in .gpkg",
        "zh": "请使用 postgresql://user:password@host:port/database、"
              "gpkg:///absolute/path.gpkg 或以 .gpkg 结尾的路径"},
    "ws.err.not_dataframe": {
        "en": "a register must be a DataFrame, not {kind}",
        "zh": "名录必须是 DataFrame，而不是 {kind}"},
    "ws.err.pass_read_points": {
        "en": "pass the frame read by data.points_io.read_points",
        "zh": "请传入 data.points_io.read_points 读出的表"},
    "ws.err.no_coord_column": {
        "en": "the frame has no {columns} column",
        "zh": "表中没有 {columns} 列"},
    "ws.err.and": {"en": " and ", "zh": " 和 "},
    "ws.err.save_read_points_adds": {
        "en": "save the frame read by read_points (it adds them)",
        "zh": "请保存 read_points 读出的表（它会加上这些列）"},
    "ws.err.state_not_dict": {
        "en": "a view state must be a dict, not {kind}",
        "zh": "视图状态必须是 dict，而不是 {kind}"},
    "ws.err.pass_state_dict": {
        "en": "pass the state as a dict of JSON values",
        "zh": "请以由 JSON 值组成的 dict 传入状态"},
    "ws.err.no_view": {
        "en": "no saved view has the id {id!r}",
        "zh": "没有编号为 {id!r} 的已保存视图"},
    "ws.err.check_link": {
        "en": "check the link (it may have been deleted); list_views() shows the saved ones",
        "zh": "请检查链接（该视图可能已被删除）；list_views() 列出已保存的视图"},
    "ws.err.list_views": {
        "en": "list_views() shows the saved ones",
        "zh": "list_views() 列出已保存的视图"},
    "ws.err.empty_name": {
        "en": "a register name must be non-empty text, not {name!r}",
        "zh": "名录名称必须是非空文本，而不是 {name!r}"},
    "ws.err.give_name": {
        "en": "give the register a name",
        "zh": "请为名录起一个名称"},
    "ws.err.long_name": {
        "en": "the register name is too long or holds a NUL character ({n} characters)",
        "zh": "名录名称过长或含有 NUL 字符（{n} 个字符）"},
    "ws.err.max_chars": {
        "en": "use at most {max} characters",
        "zh": "最多使用 {max} 个字符"},
    "ws.err.name_taken": {
        "en": "a register named {name!r} already exists",
        "zh": "已有名为 {name!r} 的名录"},
    "ws.err.choose_free_name": {
        "en": "choose another name (e.g. {free!r}), or delete or rename the existing one",
        "zh": "请换一个名称（例如 {free!r}），或删除、重命名已有的名录"},
    "ws.err.not_owner": {
        "en": "only {owner!r}, who saved register {register!r}, may {action} it",
        "zh": "名录 {register!r} 由 {owner!r} 保存，只有其本人可以{action}"},
    "ws.err.action.rename": {"en": "rename", "zh": "重命名"},
    "ws.err.action.delete": {"en": "delete", "zh": "删除"},
    "ws.err.action.share": {"en": "share", "zh": "共享"},
    "ws.err.ask_owner": {
        "en": "ask them, or an administrator",
        "zh": "请联系其本人或管理员"},
    "ws.err.bad_key": {
        "en": "{given!r} is not a register id or name",
        "zh": "{given!r} 不是名录编号或名称"},
    "ws.err.pass_id_or_name": {
        "en": "pass the register's id (int) or name (str)",
        "zh": "请传入名录的编号（int）或名称（str）"},
    "ws.err.no_register": {
        "en": "no register{yours} has the {what}",
        "zh": "{yours}没有{what}的名录"},
    "ws.err.no_register_held": {
        "en": "no register{yours} has the {what}: {held}",
        "zh": "{yours}没有{what}的名录：{held}"},
    "ws.err.visible_to": {
        "en": " that {user!r} may see",
        "zh": "{user!r} 可见的名录中"},
    "ws.err.what_id": {"en": "id {id}", "zh": "编号为 {id} "},
    "ws.err.what_name": {"en": "name {name!r}", "zh": "名称为 {name!r} "},
    "ws.err.holds_none": {
        "en": "the workspace holds none",
        "zh": "工作空间中还没有任何名录"},
    "ws.err.none_shared": {
        "en": "none is shared with them or theirs",
        "zh": "既没有共享给该用户的，也没有其本人的"},
    "ws.err.save_first": {
        "en": "save a register first (数据 page, or cli)",
        "zh": "请先保存一个名录（数据 页面，或命令行）"},
    "ws.err.use_one_of": {
        "en": "use one of: {listed}{more}",
        "zh": "可选：{listed}{more}"},
    "ws.err.and_more": {
        "en": " and {n} more",
        "zh": "，另有 {n} 个"},
    "ws.err.not_json": {
        "en": "the {what} cannot be stored as JSON ({detail})",
        "zh": "{what} 无法存为 JSON（{detail}）"},
    "ws.err.pass_plain_values": {
        "en": "pass plain dicts, lists, text and numbers (e.g. dataclasses.asdict for notes)",
        "zh": "请传入普通的字典、列表、文本和数字（例如说明可用 dataclasses.asdict）"},
    "ws.err.two_coord_columns": {
        "en": "the frame has more than one {name} column",
        "zh": "表中有不止一个 {name} 列"},
    "ws.err.one_coord_column": {
        "en": "keep one coordinate column of each",
        "zh": "每种坐标只保留一列"},
    "ws.err.coords_not_numbers": {
        "en": "{name} holds values that are not numbers ({detail})",
        "zh": "{name} 中有不是数字的值（{detail}）"},
    "ws.err.save_read_points": {
        "en": "save the frame read by read_points",
        "zh": "请保存 read_points 读出的表"},
    "ws.err.report_not_frame": {
        "en": "the {kind} must be a DataFrame (row, column, problem, fix)",
        "zh": "{kind} 必须是 DataFrame（row、column、problem、fix）"},
    "ws.err.pass_report": {
        "en": "pass the report read by read_points",
        "zh": "请传入 read_points 给出的报告"},
    "ws.err.report_columns": {
        "en": "the {kind} has columns {columns}; expected {expected}",
        "zh": "{kind} 的列为 {columns}；应为 {expected}"},
    "ws.err.report_rows": {
        "en": "the {kind} has row numbers that are not whole numbers ({value!r})",
        "zh": "{kind} 中有不是整数的行号（{value!r}）"},
}
