"""The catalogue's messages of the offline geocoder (data/geocoding.py) and of registers
placed from or checked against their addresses (data/points_io.py): reasons a row is
left unplaced, notes on how an address was read, what to do. Several notes of one
address are joined by ``sep.sentences`` ("; " / "；")."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # a register placed from its addresses
    "geo.note.placed": {
        "en": "no coordinate columns: points placed from the addresses in column {column!r} "
              "({when}) by the offline gazetteer, in WGS-84 (the coordinate system chosen "
              "does not apply); precision_m is each point's uncertainty in metres, "
              "match_level the unit matched",
        "zh": "没有坐标列：已按列 {column!r} 的地址{when}用离线地名库定位，坐标为 WGS-84（所选坐标系"
              "不适用）；precision_m 为每个点的误差范围（米），match_level 为匹配到的单元"},
    "geo.when.as_of": {"en": "read as of {year}", "zh": "（按 {year} 年的行政区划）"},
    "geo.when.undated": {"en": "undated", "zh": "（地址年份未知）"},
    "geo.fix.placed": {
        "en": "give lon/lat columns for exact points; give the register's year (--as-of) to "
              "resolve re-divided 街道",
        "zh": "如需精确位置请提供经纬度列；填写地址年份可确定已拆分的街道"},
    # a point checked against the 街道 its address names
    "geo.warning.outside_unit": {
        "en": "the point lies {distance:,.0f} m outside {unit}, which the address "
              "names{inside}",
        "zh": "该点位于地址所写的{unit}之外 {distance:,.0f} 米{inside}"},
    "geo.warning.inside": {"en": " (it is in {unit})", "zh": "（实际在{unit}）"},
    "geo.fix.check_address_or_coordinates": {"en": "check the address or the coordinates",
                                             "zh": "请核对地址或坐标"},
    # reasons a row is left unplaced
    "geo.reason.empty": {"en": "empty address: give the 注册地址 or 经营地址",
                         "zh": "地址为空：请填写注册地址或经营地址"},
    "geo.reason.outside_city": {"en": "outside Shenzhen (the address names {where})",
                                "zh": "不在深圳（地址写的是{where}）"},
    "geo.reason.outside_hmt": {"en": "outside Shenzhen (Hong Kong, Macao or Taiwan)",
                               "zh": "不在深圳（香港、澳门或台湾）"},
    "geo.reason.nothing_found": {
        "en": "no Shenzhen district, 街道, 社区, road or known park found: check the address "
              "or place the row by coordinates",
        "zh": "未找到深圳的区、街道、社区、道路或已知园区：请检查地址，或用坐标定位该行"},
    "geo.reason.districts": {"en": "the address names {n} districts ({names}): correct it",
                             "zh": "地址中有 {n} 个区（{names}）：请更正"},
    "geo.reason.different_districts": {"en": "they lie in different districts: correct it",
                                       "zh": "它们位于不同的区：请更正"},
    "geo.reason.conflict": {
        "en": "{subdistrict} is in {district}, but the address names {named}: correct the "
              "district or the 街道",
        "zh": "{subdistrict} 位于{district}，但地址写的是{named}：请更正区或街道"},
    "geo.reason.undetermined": {"en": "no district or 街道 could be determined",
                                "zh": "无法确定区或街道"},
    # notes (also before a reason)
    "geo.note.subdistricts": {"en": "the address names {n} 街道 ({names})",
                              "zh": "地址中有 {n} 个街道（{names}）"},
    "geo.note.former_name": {"en": "{old} is the former name of {new}", "zh": "{old} 是 {new} 的旧称"},
    "geo.note.former_district": {"en": "{old} is the former district of {new}",
                                 "zh": "{old} 是 {new} 的原属区"},
    "geo.note.moved": {"en": "{subdistrict} was in {old}; it is in {new} today",
                       "zh": "{subdistrict} 原属{old}，现属{new}"},
    "geo.note.split": {
        "en": "{subdistrict} was re-divided in {year} into {successors} and {why}, so today's "
              "街道 is not certain",
        "zh": "{subdistrict} 于 {year} 年拆分为 {successors}，而{why}，无法确定现属街道"},
    "geo.why.former_name": {"en": "the address is written with a former name",
                            "zh": "地址使用旧名称"},
    "geo.why.no_date": {"en": "the address has no date", "zh": "地址没有日期"},
    "geo.why.dated": {"en": "the address dates from {year}", "zh": "地址写于 {year} 年"},
    "geo.note.district_only": {"en": "placed in the district: give the register date (as_of) "
                                     "or a 社区",
                               "zh": "已定位到区：请提供名录日期（地址年份）或社区"},
    "geo.note.community_ambiguous": {
        "en": "{name} exists in {subdistricts}: ambiguous without the 街道 or the district",
        "zh": "{name} 存在于{subdistricts}：缺少街道或区时无法确定"},
    "geo.note.community_unknown": {
        "en": "{name} is not in the gazetteer for {unit} (241 社区 polygons exist offline)",
        "zh": "地名库中{unit}没有 {name}（离线仅有 241 个社区边界）"},
    "geo.note.landmark_ambiguous": {"en": "filings place {name} in {places}: ambiguous",
                                    "zh": "备案将 {name} 登记在 {places}：无法确定"},
    "sep.and_in": {"en": " and in ", "zh": " 和 "},
    "geo.note.landmark_elsewhere": {"en": "filings place {name} in {places}, not {where}",
                                    "zh": "备案将 {name} 登记在 {places}，而不是 {where}"},
    "geo.note.landmark_other_district": {"en": "filings place {name} in {place}, not in "
                                               "{district}",
                                         "zh": "备案将 {name} 登记在 {place}，而不是 {district}"},
    "geo.note.by_landmark": {
        "en": "街道 given by {name} (a filing prints {subdistrict} for it, see "
              "gazetteer_landmarks.csv)",
        "zh": "街道由 {name} 确定（备案登记为 {subdistrict}，见 gazetteer_landmarks.csv）"},
    "geo.note.by_community": {"en": "{how} given by {name} ({subdistrict})",
                              "zh": "{how}由 {name} 确定（{subdistrict}）"},
    "geo.how.subdistrict": {"en": "街道", "zh": "街道"},
    "geo.how.redivided": {"en": "re-divided 街道", "zh": "已拆分街道"},
    "geo.note.by_road": {"en": "街道 given by {name}, which lies in {subdistrict} only",
                         "zh": "街道由 {name} 确定（该路只在{subdistrict}）"},
    "geo.note.road_needs_district": {
        "en": "{name} is not used without a district: the same road name can exist in "
              "several districts",
        "zh": "未写区时不使用 {name}：同名道路可能在多个区"},
    "geo.note.road_no_piece": {"en": "{name}: no whole piece in {unit} in the partial road "
                                     "extracts",
                               "zh": "{name}：局部道路数据中没有该路在{unit}内的完整路段"},
    "geo.note.on_road": {"en": "on {road} inside {unit}; the house number is not located (no "
                               "address points offline)",
                         "zh": "位于{unit}内的{road}上；门牌号未定位（离线没有门牌点）"},
    "geo.note.on_road_as": {"en": "on {road} (the gazetteer's {name}) inside {unit}; the "
                                  "house number is not located (no address points offline)",
                            "zh": "位于{unit}内的{road}（地名库作{name}）上；门牌号未定位（离线没有门牌点）"},
    # what to do about a row left unplaced
    "geo.fix.give_address": {"en": "give the address, or lon/lat", "zh": "请填写地址，或提供经纬度"},
    "geo.fix.only_shenzhen": {"en": "check the address: only Shenzhen (and 深汕) addresses are "
                                    "placed",
                              "zh": "请检查地址：只定位深圳（及深汕）的地址"},
    "geo.fix.add_district": {"en": "add the district and 街道 to the address, or give lon/lat",
                             "zh": "在地址中补充区和街道，或提供经纬度"},
    "geo.fix.correct_district": {"en": "correct the district or 街道 in the address, or give "
                                       "lon/lat",
                                 "zh": "更正地址中的区或街道，或提供经纬度"},
}
