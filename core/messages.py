"""Problem messages in the page language.

The loaders write each :class:`core.errors.Problem` in English (the CLI's language and
the one the tests pin). The app shows them in Chinese by default: :func:`localize`
maps the known messages and fixes to Chinese pattern by pattern, keeping the values
they quote (row values, coordinates, column names); an unknown text is shown as it is.
"""

from __future__ import annotations

import re

from core.errors import DataValidationError, Problem, list_problems

#: (English pattern, Chinese template or function of the match) — ``\\1``… keep the
#: quoted values.
_ZH: list[tuple[re.Pattern, object]] = [(re.compile(p), z) for p, z in [
    # point coordinates
    (r"^not a number: (.*)$", r"不是数字：\1"),
    (r"^no value$", "没有填写"),
    (r"^give decimal degrees, e\.g\. (.*)$", r"请填写十进制度数，例如 \1"),
    (r"^longitude and latitude look swapped \((.*)\)$", r"经度与纬度疑似填反（\1）"),
    (r"^exchange the two columns$", "交换这两列"),
    (r"^point \((.*)\) lies outside Shenzhen and 深汕$", r"点（\1）位于深圳及深汕之外"),
    (r"^check the coordinates and their declared CRS$", "检查坐标及所声明的坐标系"),
    (r"^coordinates look swapped \((.*)\)$", r"坐标疑似填反（\1）"),
    (r"^write longitude as x and latitude as y$", "x 应为经度，y 应为纬度"),
    (r"^lies outside Shenzhen and 深汕 \((.*)\)$", r"位于深圳及深汕之外（\1）"),
    # files
    (r"^file not found$", "文件不存在"),
    (r"^check the path$", "检查路径"),
    (r"^cannot be read as a vector file \((.*)\)$", r"无法作为矢量文件读取（\1）"),
    (r"^open it in QGIS or a text editor and re-export it as GeoJSON/GPKG$",
     "用 QGIS 或文本编辑器打开，重新导出为 GeoJSON/GPKG"),
    (r"^cannot be read as CSV \((.*)\)$", r"无法作为 CSV 读取（\1）"),
    (r"^check the delimiter and quoting$", "检查分隔符与引号"),
    (r"^cannot be read as Excel \((.*)\)$", r"无法作为 Excel 读取（\1）"),
    (r"^save it again as \.xlsx or CSV$", "另存为 .xlsx 或 CSV"),
    (r"^text encoding is neither UTF-8 nor GBK$", "文本编码既不是 UTF-8 也不是 GBK"),
    (r"^save the file as UTF-8$", "将文件另存为 UTF-8"),
    (r"^is empty$", "为空"),
    (r"^export the table with a header row$", "导出带表头的表格"),
    (r"^unsupported file type (.*)$", r"不支持的文件类型 \1"),
    (r"^use CSV, XLSX, GeoJSON, GPKG or SHP$", "请使用 CSV、XLSX、GeoJSON、GPKG 或 SHP"),
    (r"^unknown coordinate system (.*)$", r"未知坐标系 \1"),
    (r"^use one of: (.*)$", r"可选：\1"),
    (r"^expected points, found (.*)$", r"应为点要素，实际为 \1"),
    (r"^export point features$", "导出点要素"),
    (r"^no coordinate column found$", "未找到坐标列"),
    (r"^name them lon/lat or 经度/纬度, or pass --lon-col/--lat-col; the file has: (.*)$",
     r"将坐标列命名为 lon/lat 或 经度/纬度；文件中的列：\1"),
    (r"^column for (.*) not found$", r"未找到 \1 列"),
    (r"^the file has: (.*)$", r"文件中的列：\1"),
    (r"^required column is missing$", "缺少必需的列"),
    (r"^add it; the file has: (.*)$", r"请补充；文件中的列：\1"),
    (r"^the file declares no coordinate system$", "文件未声明坐标系"),
    (r"^declare EPSG:4326, or import it with its CRS stated$",
     "声明 EPSG:4326，或导入时说明其坐标系"),
    (r"^coordinate system is (.*), expected EPSG:4326$", r"坐标系为 \1，应为 EPSG:4326"),
    (r"^reproject to WGS-84 \(EPSG:4326\) or import it with its CRS stated$",
     "投影转换到 WGS-84（EPSG:4326），或导入时说明其坐标系"),
    # polygons
    (r"^geometry is empty$", "几何为空"),
    (r"^draw the polygon or remove the feature$", "绘制该多边形或删除该要素"),
    (r"^geometry is a (.*), expected a polygon$", r"几何类型为 \1，应为多边形"),
    (r"^export polygons only$", "只导出多边形"),
    (r"^invalid polygon \((.*)\)$", r"无效多边形（\1）"),
    (r"^repair it \(QGIS 'Fix geometries' or shapely\.make_valid\)$",
     "修复几何（QGIS“修复几何”或 shapely.make_valid）"),
    (r"^value (.*) is repeated$", r"值 \1 重复"),
    (r"^ids must be unique$", "id 必须唯一"),
]]


_PLACES_ZH = {"Hong Kong": "香港", "Dongguan": "东莞", "Huizhou": "惠州",
              "Shanwei/Huizhou": "汕尾或惠州", "the Pearl River estuary": "珠江口海域",
              "a neighbouring city": "邻近城市"}
_KINDS_ZH = {"sheet": "工作表", "layer": "图层"}
_ROLES_ZH = {"longitude": "经度", "latitude": "纬度", "name": "名称", "industry": "行业"}


def _where_zh(text: str) -> str:
    """"byte 1,234 (line 5)" → "第 1,234 字节（第 5 行）"."""
    return re.sub(r"byte ([\d,]+) \(line ([\d,]+)\)", r"第 \1 字节（第 \2 行）", text)


def _label_zh(text: str) -> str:
    """" in sheet 'a'" / " (layer 'a')" / "" → "（工作表 'a'）" / "（图层 'a'）" / ""."""
    m = re.fullmatch(r" (?:in |\()(sheet|layer) (.*?)\)?", text or "")
    return f"（{_KINDS_ZH[m.group(1)]} {m.group(2)}）" if m else text


def _encoding_reason_zh(text: str) -> str:
    for pattern, template in _REASONS_ZH:
        if pattern.match(text):
            return pattern.sub(template, text)
    return text


_REASONS_ZH = [(re.compile(p), z) for p, z in [
    (r"^UTF-8( with BOM)?: every byte of the file is UTF-8$",
     lambda m: "UTF-8" + ("（带 BOM）" if m.group(1) else "") + "：文件每个字节都是 UTF-8"),
    (r"^GBK/GB18030: not UTF-8 from (.*) on, and the whole file decodes as GB18030$",
     lambda m: f"GBK/GB18030：自{_where_zh(m.group(1))}起不是 UTF-8，且整个文件可按 GB18030 解码"),
    (r"^the \.dbf has no \.cpg and decodes as (.*)$", r".dbf 没有 .cpg 文件，按 \1 可正确解码"),
]]

#: Messages of hostile-input checks (files, encodings, headers, limits, land test).
_ZH += [(re.compile(p), z) for p, z in [
    (r"^point \((.*)\) lies outside Shenzhen's land boundary \(in (.*)\?\)$",
     lambda m: f"点（{m.group(1)}）不在深圳陆域范围内（位于"
               f"{_PLACES_ZH.get(m.group(2), m.group(2))}？）"),
    (r"^check the coordinates and their declared CRS \(GCJ-02/BD-09 from Amap or Baidu "
     r"must be declared\)$", "检查坐标及所声明的坐标系（高德/百度的 GCJ-02/BD-09 坐标须如实声明）"),
    (r"^shapefile (.*)\.shp has no (.*) beside it$", r"shapefile \1.shp 旁缺少 \2"),
    (r"^a shapefile is several files: put (.*)\.shp, \.shx, \.dbf, \.prj \(and \.cpg\) "
     r"together in one \.zip and upload that$",
     r"shapefile 由多个文件组成：将 \1.shp、.shx、.dbf、.prj（及 .cpg）一起压缩为一个 .zip 再上传"),
    (r"^text encoding is UTF-16 \(Excel's 'Unicode text'\)$",
     "文本编码为 UTF-16（Excel 的“Unicode 文本”）"),
    (r"^save it from Excel as 'CSV UTF-8 \(comma delimited\)'$",
     "在 Excel 中另存为“CSV UTF-8（逗号分隔）”"),
    (r"^mixed text encodings: UTF-8 up to (.*), where byte (0x[0-9a-f]+) is not UTF-8 "
     r"\(a cell pasted from a GBK or Latin-1 file\?\)$",
     lambda m: f"文本编码混杂：直到{_where_zh(m.group(1))}都是 UTF-8，该处字节 {m.group(2)} "
               "不是 UTF-8（是否从 GBK 或 Latin-1 文件粘贴了单元格？）"),
    (r"^mixed text encodings: GBK, but the line at (.*) is UTF-8$",
     lambda m: f"文本编码混杂：文件为 GBK，但{_where_zh(m.group(1))}处的一行是 UTF-8"),
    (r"^fix that row, or re-save the whole file as CSV UTF-8$",
     "修正该行，或将整个文件重新另存为 CSV UTF-8"),
    (r"^text encoding is neither UTF-8 nor GBK \(at (.*)\)$",
     lambda m: f"文本编码既不是 UTF-8 也不是 GBK（{_where_zh(m.group(1))}）"),
    (r"^save the file as CSV UTF-8$", "将文件另存为 CSV UTF-8"),
    (r"^text encoding: (.*)$", lambda m: "文本编码：" + _encoding_reason_zh(m.group(1))),
    (r"^attribute text(.*?): (.*)$",
     lambda m: f"属性文本{_label_zh(m.group(1))}：{_encoding_reason_zh(m.group(2))}"),
    (r"^is empty \(no header row\)$", "为空（没有表头行）"),
    (r"^is empty \(no sheet has a header row\)$", "为空（没有任何工作表有表头行）"),
    (r"^(\d+) blank line\(s\) before the header skipped$", r"已跳过表头前的 \1 个空行"),
    (r"^header (.*) appears (\d+) times \(columns (.*)\)$",
     r"表头 \1 出现 \2 次（第 \3 列）"),
    (r"^rename or delete the extra copies so that one column holds the coordinate$",
     "重命名或删除多余的同名列，使坐标只在一列中"),
    (r"^header (.*) is repeated; the copy in column (\d+) was renamed (.*)$",
     r"表头 \1 重复；第 \2 列已改名为 \3"),
    (r"^give every column its own header$", "为每一列设置不同的表头"),
    (r"^column (.*) was renamed (.*) \(the results add a column of that name\)$",
     r"列 \1 已改名为 \2（结果中会新增同名列）"),
    (r"^rename the column in the file to keep your own name$", "如需保留原列名，请在文件中改名"),
    (r"^([\d,]+) empty row\(s\)(.*?) skipped(?: \(rows (.*?)\))?(?:, ([\d,]+) of them after "
     r"the last data row)?$",
     lambda m: f"已跳过 {m.group(1)} 个空行{_label_zh(m.group(2))}"
               + (f"（第 {m.group(3)} 行）" if m.group(3) else "")
               + (f"，其中 {m.group(4)} 个在最后一行数据之后" if m.group(4) else "")),
    (r"^(\d+) title row\(s\)(.*?) above the header skipped \(sheet rows (.*)\)$",
     lambda m: f"已跳过表头上方的 {m.group(1)} 个标题行{_label_zh(m.group(2))}"
               f"（工作表第 {m.group(3)} 行）"),
    (r"^cells are separated by (.*), not (.*)$", r"单元格以 \1 分隔，而不是 \2"),
    (r"^has (\d+) cells but the header has (\d+) \(line ([\d,]+): (.*)\)$",
     r"有 \1 个单元格，但表头有 \2 列（第 \3 行：\4）"),
    (r"^quote cells that contain the delimiter \(\"a,b\"\), or fix the row; the whole file "
     r"is refused so that no row is misread$",
     "含分隔符的单元格请加引号（\"a,b\"），或修正该行；为避免误读任何一行，整个文件未被读取"),
    (r"^(longitude|latitude|name|industry) read from column (.*); the file also has (.*)$",
     lambda m: f"{_ROLES_ZH[m.group(1)]}取自列 {m.group(2)}；文件中还有 {m.group(3)}"),
    (r"^if that is the wrong column, choose it \((.*)\)$", r"如用错了列，请指定（\1）"),
    (r"^holds a table without geometry(.*), not point features$",
     lambda m: f"是不含几何的表格{_label_zh(m.group(1))}，不是点要素"),
    (r"^upload a CSV or XLSX as it is \(not zipped\); zip only shapefiles$",
     "CSV 或 XLSX 请直接上传（不要压缩）；只有 shapefile 需要压缩为 .zip"),
    (r"^nothing to do; delete them to silence this note$", "无需处理；删除这些空行即可不再提示"),
    (r"^is not a regular file \(a pipe, device or folder never ends or cannot be sized\)$",
     "不是普通文件（管道、设备或文件夹没有尽头或无法确定大小）"),
    (r"^save the data to a file and read that$", "先将数据保存为文件再读取"),
    (r"^is ([\d,]+) bytes, more than the limit of ([\d,]+) \(settings\.MAX_INPUT_BYTES\)$",
     r"大小为 \1 字节，超过上限 \2 字节（settings.MAX_INPUT_BYTES）"),
    (r"^unpacks to ([\d,]+) bytes, more than the limit of ([\d,]+) "
     r"\(settings\.MAX_INPUT_BYTES\)$", r"解压后为 \1 字节，超过上限 \2 字节（settings.MAX_INPUT_BYTES）"),
    (r"^split the file, or raise (MAX_INPUT_\w+) in core/settings\.py$",
     r"拆分文件，或在 core/settings.py 中调高 \1"),
    (r"^has more than ([\d,]+) data rows \(read ([\d,]+); settings\.MAX_INPUT_ROWS\)$",
     r"数据行超过 \1 行（已读 \2 行；settings.MAX_INPUT_ROWS）"),
    (r"^is an old Excel 97–2003 workbook \(\.xls\), which is not read$",
     "是旧版 Excel 97–2003 工作簿（.xls），无法读取"),
    (r"^open it in Excel or WPS and save it as \.xlsx \(or CSV UTF-8\)$",
     "用 Excel 或 WPS 打开，另存为 .xlsx（或 CSV UTF-8）"),
    (r"^use CSV, XLSX, GeoJSON, GPKG, SHP or a \.zip of a shapefile$",
     "请使用 CSV、XLSX、GeoJSON、GPKG、SHP 或 shapefile 的 .zip 压缩包"),
    (r"^has no (sheet|layer) (.*)$", lambda m: f"没有{_KINDS_ZH[m.group(1)]} {m.group(2)}"),
    (r"^choose one of the (sheet|layer)s: (.*)$",
     lambda m: f"请从以下{_KINDS_ZH[m.group(1)]}中选择：{m.group(2)}"),
    (r"^has (\d+) (sheet|layer)s with different columns: (.*)$",
     lambda m: f"有 {m.group(1)} 个列不同的{_KINDS_ZH[m.group(2)]}："
               + re.sub(r"\((\d+) rows: ", r"（\1 行：", m.group(3)).replace(")", "）")),
    (r"^choose the (sheet|layer) to read \(app: the .*\), or give them the same columns "
     r"to read them all$",
     lambda m: f"请选择要读取的{_KINDS_ZH[m.group(1)]}（应用中在{_KINDS_ZH[m.group(1)]}列表里"
               f"选择；Python：read_points(..., {m.group(1)}=名称)），或使它们的列相同以全部读取"),
    (r"^(\d+) (sheet|layer)s with the same columns read \((.*)\); the .*$",
     lambda m: f"已读取列相同的 {m.group(1)} 个{_KINDS_ZH[m.group(2)]}（{m.group(3)}）；"
               f"“{m.group(2)}”列注明每行所属{_KINDS_ZH[m.group(2)]}，行号按顺序连续编号"),
    (r"^to read one (sheet|layer), choose it$",
     lambda m: f"如只读取一个{_KINDS_ZH[m.group(1)]}，请选择它"),
    (r"^(\d+) merged cell range\(s\)(.*?) filled with their value \((.*)\)$",
     lambda m: f"{m.group(1)} 个合并单元格区域{_label_zh(m.group(2))}已按其值填充（{m.group(3)}）"),
    (r"^expected points(.+), found (.*)$",
     lambda m: f"应为点要素{_label_zh(m.group(1))}，实际为 {m.group(2)}"),
    (r"^the file(.*?) declares no coordinate system; read as (.*), the one chosen$",
     lambda m: f"文件{_label_zh(m.group(1))}未声明坐标系；已按所选的 {m.group(2)} 读取"),
    (r"^if that is wrong, choose the right one$", "如不正确，请选择正确的坐标系"),
    (r"^the file(.*?) declares (.*); converted to WGS-84 with it$",
     lambda m: f"文件{_label_zh(m.group(1))}声明坐标系 {m.group(2)}；已据此转换为 WGS-84"),
    (r"^the file(.*?) declares (.*), not EPSG:4547; the file's was used$",
     lambda m: f"文件{_label_zh(m.group(1))}声明的坐标系为 {m.group(2)}，不是 EPSG:4547；"
               "已按文件声明的坐标系读取"),
    (r"^coordinates(.*?) read as (.*), as chosen \(the file says WGS-84\)$",
     lambda m: f"坐标{_label_zh(m.group(1))}已按所选的 {m.group(2)} 读取（文件声明为 WGS-84）"),
]]


#: The geocoder's reasons and notes (data/geocoding.py), the fixes of
#: ``geocode_report`` and the address checks of the point reader. Their groups stop at
#: ";" because the geocoder joins sentences with "; " (see :func:`localize`).
_ZH += [(re.compile(p), z) for p, z in [
    (r"^name them lon/lat or 经度/纬度, or pass --lon-col/--lat-col, or give an address "
     r"column \(注册地址, 地址 …; --address-col\); the file has: ([^;]*)$",
     r"将坐标列命名为 lon/lat 或 经度/纬度，或提供地址列（注册地址、地址等）；文件中的列：\1"),
    (r"^no coordinate columns: points placed from the addresses in column ([^;]*) "
     r"\((?:read as of (\d+)|undated)\) by the offline gazetteer, in WGS-84 \(the "
     r"coordinate system chosen does not apply\); precision_m is each point's "
     r"uncertainty in metres, match_level the unit matched$",
     lambda m: f"没有坐标列：已按列 {m.group(1)} 的地址"
               + (f"（按 {m.group(2)} 年的行政区划）" if m.group(2) else "（地址年份未知）")
               + "用离线地名库定位，坐标为 WGS-84（所选坐标系不适用）；precision_m 为每个点的"
                 "误差范围（米），match_level 为匹配到的单元"),
    (r"^give lon/lat columns for exact points; give the register's year \(--as-of\) to "
     r"resolve re-divided 街道$", "如需精确位置请提供经纬度列；填写地址年份可确定已拆分的街道"),
    (r"^the point lies ([\d,]+) m outside ([^;]*), which the address names"
     r"(?: \(it is in ([^;]*)\))?$",
     lambda m: f"该点位于地址所写的{m.group(2)}之外 {m.group(1)} 米"
               + (f"（实际在{m.group(3)}）" if m.group(3) else "")),
    (r"^check the address or the coordinates$", "请核对地址或坐标"),
    # reasons a row is left unplaced
    (r"^empty address: give the 注册地址 or 经营地址$", "地址为空：请填写注册地址或经营地址"),
    (r"^outside Shenzhen \(the address names ([^;]*)\)$", r"不在深圳（地址写的是\1）"),
    (r"^outside Shenzhen \(Hong Kong, Macao or Taiwan\)$", "不在深圳（香港、澳门或台湾）"),
    (r"^no Shenzhen district, 街道, 社区, road or known park found: check the address or "
     r"place the row by coordinates$",
     "未找到深圳的区、街道、社区、道路或已知园区：请检查地址，或用坐标定位该行"),
    (r"^the address names (\d+) districts \(([^;]*)\): correct it$", r"地址中有 \1 个区（\2）：请更正"),
    (r"^the address names (\d+) 街道 \(([^;]*)\)$", r"地址中有 \1 个街道（\2）"),
    (r"^they lie in different districts: correct it$", "它们位于不同的区：请更正"),
    (r"^([^;]*) is in ([^;]*), but the address names ([^;]*): correct the district or the 街道$",
     r"\1 位于\2，但地址写的是\3：请更正区或街道"),
    (r"^no district or 街道 could be determined$", "无法确定区或街道"),
    # notes (also before a reason, joined by "; ")
    (r"^([^;]*) is the former name of ([^;]*)$", r"\1 是 \2 的旧称"),
    (r"^([^;]*) is the former district of ([^;]*)$", r"\1 是 \2 的原属区"),
    (r"^([^;]*) was in ([^;]*); it is in ([^;]*) today$", r"\1 原属\2，现属\3"),
    (r"^([^;]*) was re-divided in (\d{4}) into ([^;]*) and (the address is written with a former "
     r"name|the address has no date|the address dates from (\d{4})), so today's 街道 is "
     r"not certain$",
     lambda m: f"{m.group(1)} 于 {m.group(2)} 年拆分为 {m.group(3)}，而"
               + {"the address is written with a former name": "地址使用旧名称",
                  "the address has no date": "地址没有日期"}.get(
                   m.group(4), f"地址写于 {m.group(5)} 年")
               + "，无法确定现属街道"),
    (r"^placed in the district: give the register date \(as_of\) or a 社区$",
     "已定位到区：请提供名录日期（地址年份）或社区"),
    (r"^([^;]*) exists in ([^;]*): ambiguous without the 街道 or the district$",
     r"\1 存在于\2：缺少街道或区时无法确定"),
    (r"^([^;]*) is not in the gazetteer for ([^;]*) \(241 社区 polygons exist offline\)$",
     r"地名库中\2没有 \1（离线仅有 241 个社区边界）"),
    (r"^filings place ([^;]*?) in ([^;]*) and in ([^;]*): ambiguous$",
     lambda m: f"备案将 {m.group(1)} 登记在 {m.group(2)} 和 {m.group(3)}：无法确定"),
    (r"^filings place ([^;]*?) in ([^;]*), not (?:in )?([^;]*)$", r"备案将 \1 登记在 \2，而不是 \3"),
    (r"^街道 given by ([^;]*) \(a filing prints ([^;]*) for it, see gazetteer_landmarks\.csv\)$",
     r"街道由 \1 确定（备案登记为 \2，见 gazetteer_landmarks.csv）"),
    (r"^街道 given by ([^;]*), which lies in ([^;]*) only$", r"街道由 \1 确定（该路只在\2）"),
    (r"^(re-divided 街道|街道) given by ([^;]*) \(([^;]*)\)$",
     lambda m: ("已拆分街道" if m.group(1).startswith("re") else "街道")
               + f"由 {m.group(2)} 确定（{m.group(3)}）"),
    (r"^([^;]*) is not used without a district: the same road name can exist in several "
     r"districts$", r"未写区时不使用 \1：同名道路可能在多个区"),
    (r"^([^;]*): no whole piece in ([^;]*) in the partial road extracts$",
     r"\1：局部道路数据中没有该路在\2内的完整路段"),
    (r"^on ([^;]*) inside ([^;]*); the house number is not located \(no address points "
     r"offline\)$", r"位于\2内的\1上；门牌号未定位（离线没有门牌点）"),
    # fixes of geocode_report
    (r"^give the address, or lon/lat$", "请填写地址，或提供经纬度"),
    (r"^check the address: only Shenzhen \(and 深汕\) addresses are placed$",
     "请检查地址：只定位深圳（及深汕）的地址"),
    (r"^add the district and 街道 to the address, or give lon/lat$",
     "在地址中补充区和街道，或提供经纬度"),
    (r"^correct the district or 街道 in the address, or give lon/lat$",
     "更正地址中的区或街道，或提供经纬度"),
]]


def _one(text: str) -> str | None:
    for pattern, template in _ZH:
        if pattern.match(text):
            return pattern.sub(template, text)
    return None


def localize(text: str, lang: str) -> str:
    """``text`` (an English problem message or fix) in ``lang``; unknown texts and
    English pass through unchanged. A template is a replacement string or a function
    of the match (for texts whose parts are translated too). A text of several
    sentences joined by "; " (the geocoder's notes before its reason) is translated
    sentence by sentence (two joined first, for a sentence that holds "; ")."""
    if lang != "zh" or not isinstance(text, str):
        return text
    whole = _one(text)
    if whole is not None or "; " not in text:
        return text if whole is None else whole
    parts, out, i = text.split("; "), [], 0
    while i < len(parts):
        pair = _one("; ".join(parts[i:i + 2])) if i + 1 < len(parts) else None
        if pair is not None:
            out.append(pair)
            i += 2
        else:
            out.append(_one(parts[i]) or parts[i])
            i += 1
    return "；".join(out)


def describe(problem: Problem, lang: str) -> str:
    """One problem as a sentence: where (file, row, column), what, and the fix."""
    if lang != "zh":
        return str(problem)
    return problem.render(row=" 第 {} 行", column="，列“{}”", colon="：", dash=" —— ",
                          text=lambda s: localize(s, lang))


def describe_error(exc: DataValidationError, lang: str, *, limit: int = 20) -> str:
    """Every problem of an error (up to ``limit``), one per line, in ``lang``."""
    if lang != "zh":
        return list_problems(exc.problems, limit=limit)
    return list_problems(exc.problems, limit=limit, line=lambda p: describe(p, lang),
                         heading="发现 {} 个问题：".format, more="……另有 {} 个问题".format)


def localize_report(report, lang: str):
    """A per-row report (row, column, problem, fix) with problem and fix in ``lang``."""
    if lang != "zh" or report is None or not len(report):
        return report
    out = report.copy()
    for col in ("problem", "fix"):
        # each distinct text is translated once (a 10⁶-row report repeats a few texts)
        uniq = {v: localize(v, lang) for v in out[col].dropna().unique()}
        out[col] = out[col].map(uniq)
    return out


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def md_literal(text: str) -> str:
    """``text`` escaped for Streamlit markdown (``st.error``, ``st.success`` …), so a
    file name or cell value is shown as typed: no link, emphasis, LaTeX (``$``), emoji
    or colour directive (``:``), HTML or heading is made of it. Line breaks are kept as
    hard breaks."""
    return "  \n".join(_MD_SPECIAL.sub(r"\\\1", line) for line in str(text).split("\n"))
