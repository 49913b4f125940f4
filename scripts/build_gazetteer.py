"""Build the Shenzhen address gazetteer ``geodata/gazetteer_*.csv`` (``make gazetteer``).

Every row carries its source. Points are WGS-84; ``precision_m`` is the distance
(EPSG:4547) from the row's point to the farthest vertex of its unit, rounded up to
100 m, so a point placed there is an honest error bound for anything in the unit.

Files written (see geodata/SOURCES.md, "Address gazetteer"):

- ``gazetteer_districts.csv``    the 10 districts + 深汕特别合作区 (approximate)
- ``gazetteer_subdistricts.csv`` the 74 街道
- ``gazetteer_changes.csv``      former names, splits and moves the project can source
- ``gazetteer_communities.csv``  the 241 社区 with polygons, 街道 by spatial join
- ``gazetteer_roads.csv``        named roads of the partial OSM extracts, one row per
                                  (road, 街道) piece and per (road, district)
- ``gazetteer_landmarks.csv``    parks/buildings whose 街道 a filing prints
"""

from __future__ import annotations

import ast
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geopandas as gpd
import pandas as pd
import shapely

from core import settings
from data import loaders

#: The partial OSM road extracts (../shared/data/SOURCES.md, ``osm_roads_partial``).
ROADS_DIR = settings.ROOT.parent / "shared" / "data" / "osm_roads_partial"
ROAD_EXTRACTS = {
    "futian_roadnetsz_wgs84.geojson":
        "zhuliwen/RoadnetSZ (commit 80a27859, SUMO network from OSM)",
    "futian_west_transbigdata_wgs84.geojson":
        "ni1o1/transbigdata (commit 6edcbea2, test G.graphml, OSMnx 2023)",
    "nanshan_kejiyuan_osm2021_wgs84.geojson":
        "wenke727/RoadNetworkCreator (commit a359d2e5, Overpass 2021)",
    "liuxiandong_roadnetsz_wgs84.geojson":
        "zhuliwen/RoadnetSZ (commit 80a27859, SUMO network from OSM)",
}
OSM = "OpenStreetMap (ODbL 1.0, © OpenStreetMap contributors)"
SUBDISTRICT_SOURCE = (f"{OSM} via grumoon/shenzhen-footprint commit ca1be04e "
                      "(geodata/subdistricts.geojson, geodata/raw/sz_subdistricts74_attributes.csv)")
COMMUNITY_SOURCE = (f"{OSM} via grumoon/shenzhen-footprint commit 3833f6bf "
                    "(geodata/raw/sz_communities241_partial_osm_wgs84.geojson)")
ENT = "geodata/enterprises_src.csv"
#: An extract covers the land within this distance of any of its edges (named or
#: not); a road end closer than EDGE_M to the edge of that cover is where the
#: extract was cut, so the road goes on beyond it and its piece there is incomplete.
COVER_M = 250.0
EDGE_M = COVER_M + 50.0
#: Pieces shorter than this that only touch a 街道 (inside its grown outline, but
#: less than MIN_INSIDE_M inside the outline itself) are dropped.
MIN_PIECE_M, MIN_INSIDE_M = 300.0, 50.0
#: Road pieces are cut with the 街道 grown by its boundary error, so a road that
#: runs along a 街道 line belongs to both sides.
ROAD_CUT_BUFFER_M = settings.SUBDISTRICT_PRECISION_M

#: Former names, splits and moves: (kind, level, name, year, successors, old_parent,
#: new_parent, source). Only what the project's own files state; the year of a
#: rename is not recorded offline ("unknown").
CHANGES = [
    ("renamed", "district", "光明新区", "unknown", "光明区", "", "",
     f"{ENT} e_senior, e_btr, e_refond print 光明新区; the project places them in 光明区"),
    ("renamed", "district", "龙华新区", "unknown", "龙华区", "", "",
     f"{ENT} e_inovance, e_winner_medical print 龙华新区; placed in 龙华区"),
    ("renamed", "district", "坪山新区", "unknown", "坪山区", "", "",
     f"{ENT} e_byd, e_cdl print 坪山新区; placed in 坪山区"),
    ("moved", "district", "光明区", "unknown", "", "宝安区", "光明区",
     f"{ENT} e_refond prints 宝安区光明新区公明办事处"),
    ("moved", "district", "龙华区", "unknown", "", "宝安区", "龙华区",
     f"{ENT} e_envicool prints 宝安区观澜街道…（今属龙华区）, e_kedali 宝安区大浪街道…"
     "（今属龙华区）; e_liande: 大浪街道 part of 龙华区 since 2011/2017"),
    ("moved", "district", "大鹏新区", "unknown", "", "龙岗区", "大鹏新区",
     f"{ENT} e_byd prints 注册地址 龙岗区葵涌镇 (葵涌 is a 街道 of 大鹏新区 today)"),
    ("split", "subdistrict", "西乡街道", "2016", "西乡街道;航城街道", "", "",
     f"{ENT} e_jt_auto: the former 西乡街道, split in 2016 (西乡/航城)"),
    ("split", "subdistrict", "沙井街道", "2016", "沙井街道;新桥街道", "", "",
     f"{ENT} e_kaizhong: 新桥 was split from 沙井 in 2016"),
    ("split", "subdistrict", "松岗街道", "2016", "松岗街道;燕罗街道", "", "",
     f"{ENT} e_rayitek: 松岗街道 was re-divided in 2016 (松岗/燕罗)"),
    ("split", "subdistrict", "坪山街道", "2016", "坪山街道;马峦街道", "", "",
     f"{ENT} e_cdl: the former 坪山办事处, split in 2016 (坪山/马峦)"),
    ("split", "subdistrict", "观澜街道", "2016", "观澜街道;…", "", "",
     "geodata/SOURCES.md (enterprise sample): 观澜 re-divided 2016; "
     "the other successors are not recorded offline"),
    ("split", "subdistrict", "公明街道", "2018", "公明街道;玉塘街道;马田街道", "", "",
     f"{ENT} e_senior, e_refond: the former 公明办事处 was split in 2018 (公明/玉塘/马田)"),
    ("split", "subdistrict", "光明街道", "2018", "光明街道;凤凰街道", "", "",
     f"{ENT} e_suntak: the pre-2018 光明街道 was re-divided into 光明/凤凰"),
]

#: Parks and buildings whose 街道 a filing prints: (name, aliases, 街道 or
#: candidates joined by ';', enterprise ids whose printed address holds both the
#: name and the 街道). A name that filings put in two 街道 is kept as ambiguous.
LANDMARKS = [
    ("高新区中区", "高新技术工业园中区;高新中区", "粤海街道", "e_colibri"),
    ("高新技术产业园区南区", "高新区南区;高新南区;高新技术产业园南区", "粤海街道",
     "e_sinovatio"),
    ("高新区联合总部大厦", "", "粤海街道", "e_orbbec;e_anche;e_aoto"),
    ("深圳湾科技生态园", "", "粤海街道", "e_sunline;e_fastprint"),
    ("飞亚达科技大厦", "", "粤海街道", "e_bob"),
    ("清华大学研究院", "", "粤海街道", "e_topband"),
    ("清华信息港", "", "西丽街道", "e_minglida;e_leaguer"),
    ("百旺信", "", "西丽街道", "e_3onedata;e_sinexcel"),
    ("万科云城", "", "西丽街道", "e_kiwi;e_colorlight"),
    ("南山智园", "", "桃源街道;西丽街道", "e_leadshine;e_dynanonic"),
    ("天安数码城", "", "沙头街道", "e_infogem"),
    ("安托山高科技工业园", "", "沙井街道", "e_hanscnc"),
    ("鸿辉工业园", "", "新安街道", "e_valuehd;e_aoni"),
    ("宝能科技园", "", "龙华街道", "e_xfh"),
    ("清湖", "", "龙华街道", "e_lihexing"),
    ("招商局光明科技园", "", "凤凰街道", "e_yinghe"),
    ("大运软件小镇", "", "园山街道", "e_intellifusion"),
    ("天安云谷", "", "坂田街道", "e_absen"),
]


def _far_m(point, geom) -> float:
    """Farthest distance (m) from ``point`` to the vertices of ``geom`` (EPSG:4547)."""
    return float(shapely.hausdorff_distance(
        point, shapely.MultiPoint(shapely.get_coordinates(geom))))


def _up100(x: float) -> float:
    return float(math.ceil(x / 100.0) * 100)


def _place(geom) -> tuple[object, float]:
    """Representative point of a unit (EPSG:4547) and its farthest distance.
    Polygons: ``representative_point``; lines: the point of the line nearest to its
    centroid (always on the road)."""
    if geom.geom_type in ("LineString", "MultiLineString"):
        p = shapely.ops.nearest_points(geom, geom.centroid)[0]
    else:
        p = geom.representative_point()
    return p, _up100(_far_m(p, geom))


def _lonlat(points) -> tuple[list[float], list[float]]:
    g = gpd.GeoSeries(list(points), crs=settings.CRS_METRIC).to_crs(settings.CRS_STORAGE)
    return [round(v, 6) for v in g.x], [round(v, 6) for v in g.y]


def _placed(frame: pd.DataFrame, geoms) -> pd.DataFrame:
    placed = [_place(g) for g in geoms]
    frame["lon"], frame["lat"] = _lonlat(p for p, _ in placed)
    frame["precision_m"] = [f for _, f in placed]
    return frame


def build_districts(m: str) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    d = loaders.load_districts().to_crs(m)
    ren = {c[4]: c[2] for c in CHANGES if c[0] == "renamed" and c[1] == "district"}
    out = pd.DataFrame({"name": d["name_zh"], "name_en": d["name_en"],
                        "former_names": [ren.get(n, "") for n in d["name_zh"]],
                        "kind": "district", "note": ""})
    out = _placed(out, d.geometry)
    out["source"] = d["source"].to_numpy()
    ss = loaders.load_shenshan().to_crs(m).iloc[0]
    p, far = _place(ss.geometry)
    lon, lat = _lonlat([p])
    extra = float(ss["precision_m"])
    out.loc[len(out)] = {
        "name": "深汕特别合作区", "name_en": "Shenzhen-Shanwei Special Cooperation Zone",
        "former_names": "", "kind": "cooperation_zone",
        "note": f"approximate boundary (±{extra:.0f} m) added to precision_m; "
                "alias 深汕合作区",
        "lon": lon[0], "lat": lat[0], "precision_m": _up100(far + extra),
        "source": "geodata/shenshan.geojson (see geodata/SOURCES.md)"}
    return out, d


def build_subdistricts(m: str) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    s = loaders.load_subdistricts().to_crs(m)
    attrs = pd.read_csv(settings.RAW_DIR / "sz_subdistricts74_attributes.csv")
    attrs = attrs.set_index("name")
    splits = {c[2]: f"re-divided {c[3]} into {c[4].replace(';', '/')}"
              for c in CHANGES if c[0] == "split"}
    made = {}
    for c in CHANGES:
        if c[0] == "split":
            for succ in c[4].split(";"):
                if succ not in ("…", c[2]):
                    made[succ] = f"created {c[3]} from {c[2]}"
    out = pd.DataFrame({
        "name": s["name_zh"], "district": s["district_zh"], "osm_id": s["osm_id"],
        "area_km2": [round(g.area / 1e6, 2) for g in s.geometry],
        "history": [splits.get(n) or made.get(n) or "no change recorded offline"
                    for n in s["name_zh"]]})
    assert set(out["name"]) == set(attrs.index), "街道 layer and attribute table differ"
    assert (attrs.loc[out["name"], "district"].to_numpy() == out["district"].to_numpy()).all()
    out = _placed(out, s.geometry)
    out["source"] = SUBDISTRICT_SOURCE
    return out, s


def build_communities(m: str, sub: gpd.GeoDataFrame) -> pd.DataFrame:
    c = gpd.read_file(settings.RAW_COMMUNITIES).to_crs(m)
    c["geometry"] = shapely.make_valid(c.geometry.to_numpy())
    # Two polygons with the same name in the same 街道 (海裕社区) are one unit.
    c = c.dissolve(by=["name", "street"], as_index=False,
                   aggfunc={"district": "first", "osm_id": lambda x: ";".join(map(str, x))})
    c["geometry"] = c.geometry.buffer(0)
    rows = []
    sidx = sub.sindex
    for r in c.itertuples():
        cand = sidx.query(r.geometry, predicate="intersects")
        shares = {sub.iloc[i]["name_zh"]: r.geometry.intersection(sub.iloc[i].geometry).area
                  for i in cand}
        best = max(shares, key=shares.get)
        share = shares[best] / r.geometry.area
        note = "" if best == r.street else f"the OSM tag says {r.street}"
        rows.append({"name": r.name, "subdistrict": best,
                     "district": sub.set_index("name_zh").loc[best, "district_zh"],
                     "share_in_subdistrict": round(share, 3),
                     "osm_street_tag": r.street, "osm_id": r.osm_id, "note": note})
    out = _placed(pd.DataFrame(rows), c.geometry)
    out["source"] = COMMUNITY_SOURCE + "; 街道 by largest overlap with geodata/subdistricts.geojson"
    return out.sort_values(["district", "subdistrict", "name"], ignore_index=True)


def _road_names(value) -> list[str]:
    """Names of one edge: plain, or a stringified list (OSMnx graphml)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if not isinstance(value, str):
        value = list(value)
    elif value.startswith("["):
        value = ast.literal_eval(value)
    names = [value] if isinstance(value, str) else list(value)
    out = []
    for n in names:
        n = str(n).strip()
        if n.endswith("辅路"):
            n = n[: -len("辅路")]
        if any("\u4e00" <= ch <= "\u9fff" for ch in n):
            out.append(n)
    return out


def build_roads(m: str, sub: gpd.GeoDataFrame, dist: gpd.GeoDataFrame) -> pd.DataFrame:
    edges, covers = [], []
    for fname in ROAD_EXTRACTS:
        r = gpd.read_file(ROADS_DIR / fname).to_crs(m)
        covers.append(shapely.union_all(r.geometry.buffer(COVER_M).to_numpy()))
        r = r[~r["highway"].astype(str).str.startswith("railway")]
        for name_value, geom in zip(r["name"], r.geometry, strict=True):
            for n in _road_names(name_value):
                edges.append({"name": n, "extract": fname, "geometry": geom})
    edges = gpd.GeoDataFrame(edges, crs=m)
    coverage_edge = shapely.union_all(covers).boundary
    origin = dict(ROAD_EXTRACTS)
    rows, geoms = [], []
    grown = sub.geometry.buffer(ROAD_CUT_BUFFER_M)
    for name, grp in edges.groupby("name"):
        line = shapely.line_merge(shapely.union_all(grp.geometry.to_numpy()))
        ends = shapely.get_parts(shapely.boundary(shapely.get_parts(line)))
        cut_ends = shapely.union_all([e for e in ends
                                      if e.distance(coverage_edge) < EDGE_M])
        src = "; ".join(sorted({f"{origin[f]} ({f})" for f in grp["extract"]}))
        for level, names, districts, polys in (
                ("subdistrict", sub["name_zh"], sub["district_zh"], grown),
                ("district", [""] * len(dist), dist["name_zh"], dist.geometry)):
            for sd, dn, poly in zip(names, districts, polys, strict=True):
                if not line.intersects(poly):
                    continue
                piece = line.intersection(poly)
                if piece.is_empty or piece.length < 1:
                    continue
                if level == "subdistrict" and piece.length < MIN_PIECE_M and \
                        line.intersection(sub.geometry.iloc[list(names).index(sd)]).length \
                        < MIN_INSIDE_M:
                    continue
                piece = shapely.line_merge(piece) if piece.geom_type == "MultiLineString" \
                    else piece
                if piece.geom_type not in ("LineString", "MultiLineString"):
                    piece = shapely.union_all([g for g in shapely.get_parts(piece)
                                               if g.geom_type.endswith("LineString")])
                complete = bool(cut_ends.is_empty or piece.distance(cut_ends) > 1.0)
                rows.append({"name": name, "subdistrict": sd, "district": dn,
                             "length_m": round(piece.length), "complete": complete,
                             "source": f"{OSM}; {src}"})
                geoms.append(piece)
    out = _placed(pd.DataFrame(rows), geoms)
    wkt = gpd.GeoSeries(geoms, crs=m).to_crs(settings.CRS_STORAGE)
    out["wkt"] = shapely.to_wkt(wkt.to_numpy(), rounding_precision=6)
    cols = ["name", "subdistrict", "district", "length_m", "complete", "lon", "lat",
            "precision_m", "source", "wkt"]
    return out[cols].sort_values(["name", "district", "subdistrict"], ignore_index=True)


def build_landmarks(subs: pd.DataFrame) -> pd.DataFrame:
    ent = pd.read_csv(settings.ENTERPRISES_SRC_FILE, dtype=str, keep_default_na=False)
    ent = ent.set_index("id")
    district_of = dict(zip(subs["name"], subs["district"], strict=True))
    rows = []
    for name, aliases, sd, ids in LANDMARKS:
        cands = sd.split(";")
        cites = []
        for eid in ids.split(";"):
            addr = ent.loc[eid, "address"]
            names = [name, *filter(None, aliases.split(";"))]
            assert any(n in addr for n in names), (eid, name)
            printed = [c for c in cands if c in addr]
            if len(cands) == 1:
                assert printed, (eid, sd)
            cites.append(f"{eid} prints '{addr}'" if printed else
                         f"{eid}: {ent.loc[eid, 'source'][-160:]}")
        rows.append({"name": name, "aliases": aliases, "subdistrict": sd,
                     "district": ";".join(sorted({district_of[c] for c in cands})),
                     "ambiguous": len(cands) > 1,
                     "source": f"{ENT}: " + " | ".join(cites)})
    return pd.DataFrame(rows)


def build_all() -> dict[str, pd.DataFrame]:
    m = settings.CRS_METRIC
    districts, dist = build_districts(m)
    subs, sub = build_subdistricts(m)
    changes = pd.DataFrame(CHANGES, columns=["kind", "level", "name", "year", "successors",
                                             "old_parent", "new_parent", "source"])
    return {"districts": districts, "subdistricts": subs, "changes": changes,
            "communities": build_communities(m, sub),
            "roads": build_roads(m, sub, dist),
            "landmarks": build_landmarks(subs)}


def main() -> None:
    for level, frame in build_all().items():
        path = settings.GEODATA_DIR / f"gazetteer_{level}.csv"
        frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        print(f"wrote {path.relative_to(settings.ROOT)}: {len(frame)} rows")


if __name__ == "__main__":
    main()
