"""The catalogue's texts of the placement check (analysis/placement.py): why a point
got its verdict and how sure it is."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "placement.reason.match": {"zh": "产业属于{areas}的重点方向",
                               "en": "the industry is in the focus of {areas}"},
    "placement.reason.partial": {
        "zh": "所属领域（{sectors}）与{areas}的重点方向一致，但细分产业不在其中",
        "en": "its sector ({sectors}) is in the focus of {areas}, the industry itself is not"},
    "placement.reason.no": {"zh": "所在的{areas}不以该产业或其领域为重点",
                            "en": "{areas} focus on neither the industry nor its sector"},
    "placement.reason.outside": {"zh": "不在任何创新集群区、战略平台或片区内",
                                 "en": "in no innovation cluster, strategic platform or 片区"},
    "placement.reason.unknown_missing": {"zh": "未提供产业", "en": "no industry given"},
    "placement.reason.unknown_term": {"zh": "无法识别的产业：{term}",
                                      "en": "industry not in the taxonomy: {term}"},
    "placement.note.near_boundary": {
        "zh": "边界附近，需核实：距{area}边界 {d:,.0f} 米，小于该边界的误差 ±{p:,.0f} 米",
        "en": "near the boundary, verify: {d:,.0f} m from the edge of {area}, within "
              "that boundary's error bound of ±{p:,.0f} m"},
    "placement.note.near_boundary_located": {
        "zh": "边界附近，需核实：距{area}边界 {d:,.0f} 米，小于该边界误差 ±{p:,.0f} 米与"
              "该点定位误差 ±{q:,.0f} 米之和",
        "en": "near the boundary, verify: {d:,.0f} m from the edge of {area}, within "
              "that boundary's error bound of ±{p:,.0f} m plus the point's own "
              "±{q:,.0f} m"},
    "placement.note.possibly": {
        "zh": "可能：{areas}的边界为外包范围（偏大），实际范围更小，该点可能在其外",
        "en": "possibly: {areas} have envelope boundaries (they overstate the area); "
              "the point may lie outside the true area"},
}
