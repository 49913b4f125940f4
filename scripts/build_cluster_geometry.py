"""Build cluster_defs/areas.geojson from the recipes in cluster_defs/areas/*.toml."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build.area_geometry import build_all_areas
from core.settings import AREAS_GEOJSON


def main() -> None:
    gdf = build_all_areas()
    gdf.to_file(AREAS_GEOJSON, driver="GeoJSON", engine="pyogrio", COORDINATE_PRECISION=7)
    print(gdf[["id", "grade", "precision_m", "area_km2", "published_km2", "districts"]]
          .to_string(index=False))
    print(f"wrote {AREAS_GEOJSON}: {len(gdf)} features")


if __name__ == "__main__":
    main()
