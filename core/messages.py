"""Problem messages in the page language.

The loaders write each :class:`core.errors.Problem` in English (the CLI's language and
the one the tests pin). The app shows them in Chinese by default: :func:`localize`
maps the known messages and fixes to Chinese pattern by pattern, keeping the values
they quote (row values, coordinates, column names); an unknown text is shown as it is.
"""

from __future__ import annotations

import re

from core.errors import DataValidationError, Problem, list_problems

#: (English pattern, Chinese template) — ``\\1``… keep the quoted values.
_ZH: list[tuple[re.Pattern, str]] = [(re.compile(p), z) for p, z in [
    # point coordinates
    (r"^not a number: (.*)$", r"不是数字：\1"),
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


def localize(text: str, lang: str) -> str:
    """``text`` (an English problem message or fix) in ``lang``; unknown texts and
    English pass through unchanged."""
    if lang != "zh" or not isinstance(text, str):
        return text
    for pattern, template in _ZH:
        if pattern.match(text):
            return pattern.sub(template, text)
    return text


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
