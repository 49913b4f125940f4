"""Regenerate geodata/{subdistricts,districts,shenshan}.geojson from geodata/raw/."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build.base_layers import build_all


def main() -> None:
    for path, gdf in build_all().items():
        gdf.to_file(path, driver="GeoJSON", engine="pyogrio", COORDINATE_PRECISION=7)
        print(f"wrote {path}: {len(gdf)} features")


if __name__ == "__main__":
    main()
