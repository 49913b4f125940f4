"""The catalogue's messages of the project's own data: area definitions and polygons
(data/areas.py), the facility and enterprise catalogues (data/catalogues.py,
build/catalogue.py) and the location methods the catalogue builder writes."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # areas (cluster_defs/)
    "areas.no_such_id": {"en": "no area has id {id!r}",
                         "zh": "没有 id 为 {id!r} 的区域"},
    "areas.use_known_id": {"en": "use an id from cluster_defs/areas.geojson or delete the file",
                           "zh": "请使用 cluster_defs/areas.geojson 中已有的 id，或删除该文件"},
    "areas.no_definition": {"en": "{id!r} has no definition",
                            "zh": "{id!r} 没有定义"},
    "areas.add_definition": {"en": "add it to a cluster_defs/areas/*.toml or rebuild",
                             "zh": "请将其补入 cluster_defs/areas/*.toml，或重新构建"},
    "areas.no_polygon": {"en": "{id!r} has no polygon",
                         "zh": "{id!r} 没有边界多边形"},
    "areas.run_make": {"en": "run `make cluster-geometry`",
                       "zh": "请运行 `make cluster-geometry`"},
    "areas.bad_kind": {"en": "{id}: kind {kind!r}",
                       "zh": "{id}：类型 {kind!r} 无效"},
    "areas.use_one_of": {"en": "use one of {choices}",
                         "zh": "请使用以下之一：{choices}"},
    "areas.text_empty": {"en": "{id}: is empty",
                         "zh": "{id}：此项为空"},
    "areas.quote_plan": {"en": "quote the plan",
                         "zh": "请引用规划原文"},
    "areas.id_problem": {"en": "{id}: {problem}",
                         "zh": "{id}：{problem}"},
    "areas.unknown_phrase": {"en": "phrase {phrase!r} is neither a taxonomy name nor an alias; "
                                   "add it to [alias] in cluster_defs/taxonomy.toml",
                             "zh": "短语 {phrase!r} 既不是产业分类名称，也不是别名；"
                                   "请将其补入 cluster_defs/taxonomy.toml 的 [alias]"},
    "areas.unknown_grade": {"en": "{id}: unknown grade",
                            "zh": "{id}：未知的边界等级"},
    "areas.off_land": {"en": "{id}: {share:.1%} lies more than {margin:.0f} m outside Shenzhen "
                             "and 深汕",
                       "zh": "{id}：{share:.1%} 位于深圳及深汕之外超过 {margin:.0f} 米"},
    "areas.check_crs": {"en": "check the coordinates and their CRS",
                        "zh": "检查坐标及其坐标系"},
    "areas.unknown_parent": {"en": "{id}: unknown parent {parent!r}",
                             "zh": "{id}：未知的上级区域 {parent!r}"},
    "areas.fix_id": {"en": "fix the id",
                     "zh": "请更正 id"},
    "areas.parent_is_subarea": {"en": "{id}: parent {parent!r} is itself a 片区",
                                "zh": "{id}：上级区域 {parent!r} 本身是片区"},
    "areas.outside_parent": {"en": "{id}: {km2:.2f} km² lies outside its parent {parent} "
                                   "(beyond its ±{precision:.0f} m precision)",
                             "zh": "{id}：有 {km2:.2f} km² 位于其上级区域 {parent} 之外"
                                   "（超出其 ±{precision:.0f} 米精度）"},
    "areas.redraw": {"en": "redraw the 片区 or its parent", "zh": "重新绘制该片区或其上级区域"},
    "areas.needs_parent": {"en": "{id}: a 片区 needs a parent",
                           "zh": "{id}：片区须有上级区域"},
    "areas.say_method": {"en": "say how/where the boundary comes from",
                         "zh": "请说明边界的来源及绘制方法"},
    "areas.precision_not_positive": {"en": "must be a positive number of metres, got "
                                           "{value!r}",
                                     "zh": "须为正的米数，实际为 {value!r}"},
    "areas.honest_bound": {"en": "give an honest error bound in metres",
                           "zh": "请如实给出以米计的误差范围"},
    # catalogues (geodata/facilities.csv, enterprises.csv)
    "catalogue.unknown_category": {"en": "unknown category {category!r}",
                                   "zh": "未知类别 {category!r}"},
    "catalogue.unknown_industry": {"en": "unknown industry id {id!r}",
                                   "zh": "未知产业 id {id!r}"},
    "catalogue.use_taxonomy_ids": {"en": "use ids from cluster_defs/taxonomy.toml",
                                   "zh": "请使用 cluster_defs/taxonomy.toml 中的 id"},
    "catalogue.name_source": {"en": "name the document/section or page",
                              "zh": "请注明出处文件/章节或页码"},
    "catalogue.precision": {"en": "must be a positive number of metres",
                            "zh": "须为正的米数"},
    "catalogue.honest_bound": {"en": "give an honest error bound",
                               "zh": "请如实给出误差范围"},
    "catalogue.unreadable": {"en": "cannot be read ({error})",
                             "zh": "无法读取（{error}）"},
    "catalogue.rebuild": {"en": "rebuild it with `make catalogue`",
                          "zh": "请用 `make catalogue` 重新生成"},
    "catalogue.unknown_container": {"en": "unknown container {where!r}",
                                    "zh": "未知的所在范围 {where!r}"},
    "catalogue.container_forms": {"en": "use area:<id>, district:<区>, subdistrict:<街道> or "
                                        "community:<街道>/<社区>",
                                  "zh": "请使用 area:<id>、district:<区>、subdistrict:<街道> 或 "
                                        "community:<街道>/<社区>"},
    # location methods written into the catalogue (its location_method[_zh] columns)
    "catalogue.method.located_in": {
        "en": "known only to lie in {name} ({unit}); placed at its representative point; "
              "precision = farthest point of that {unit} from it",
        "zh": "仅知位于{name}（{unit}）；置于其代表点；精度 = 该{unit}内距此点最远的距离"},
    "catalogue.method.geocoded": {
        "en": "geocoded offline from the published address (see source) to {name} "
              "({unit}), matched “{matched}”; precision = farthest point of that {unit} "
              "from the point",
        "zh": "由公开地址离线地理编码（见来源）至{name}（{unit}），匹配“{matched}”；"
              "精度 = 该{unit}内距此点最远的距离"},
    "catalogue.address_unplaced": {"en": "the address cannot be placed: {note}",
                                   "zh": "地址无法定位：{note}"},
    "catalogue.place_otherwise": {
        "en": "correct the address, or give located_in or a published lon/lat instead",
        "zh": "请更正地址，或改填 located_in 或公开的经纬度"},
    "catalogue.method.published": {"en": "published address/coordinate (see source)",
                                   "zh": "公开地址/坐标（见来源）"},
    "catalogue.unit.area": {"en": "area", "zh": "集群区/平台"},
    "catalogue.unit.district": {"en": "district", "zh": "区"},
    "catalogue.unit.subdistrict": {"en": "subdistrict", "zh": "街道"},
    "catalogue.unit.community": {"en": "community", "zh": "社区"},
    "catalogue.unit.road": {"en": "road piece", "zh": "路段"},
}
