"""Command line for batch work and exports: ``python cli.py --help``.

Every command reads the shipped data (offline) and uses the same functions as the
app. Bad input ends with a clear message and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.errors import DataValidationError


def cmd_info(_args) -> int:
    """Print the shipped layers with feature counts and areas."""
    from core.catalogue import shipped_layers

    print(shipped_layers().to_string(index=False))
    print("\nAreas in km² measured in EPSG:4547. Base layers © OpenStreetMap contributors "
          "(ODbL 1.0); see geodata/SOURCES.md.")
    return 0


def cmd_validate(args) -> int:
    """Validate a polygon file (schema-free): CRS, geometry, bounds."""
    from core import loaders

    path = Path(args.file)
    gdf = loaders.read_vector(path)
    loaders.validate_polygon_layer(gdf, source=path.name, id_column=args.id_column)
    print(f"{path.name}: {len(gdf)} feature(s), all valid and inside Shenzhen/深汕.")
    return 0


def cmd_areas(_args) -> int:
    """List the areas with kind, grade, precision and area."""
    from core.areas import areas_table, load_areas

    t = areas_table(load_areas())
    cols = ["id", "kind", "name_zh", "grade", "precision_m", "area_km2", "published_km2",
            "districts"]
    print(t[cols].to_string(index=False))
    return 0


def cmd_replace_boundary(args) -> int:
    """Swap in an official boundary for one area."""
    from core.boundary_import import replace_boundary

    target = replace_boundary(args.area_id, args.file, source=args.source,
                              declared_crs=args.crs, precision_m=args.precision_m)
    print(f"wrote {target}: {args.area_id} now uses the official boundary (grade 'official').")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python cli.py",
        description="Shenzhen innovation-cluster map: batch checks, statistics and exports "
                    "from the shipped data (offline).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("info", help="list the shipped layers with counts and areas (km²)")
    p.set_defaults(func=cmd_info)
    p = sub.add_parser("validate", help="check a polygon file: CRS, geometry, inside Shenzhen")
    p.add_argument("file", help="GeoJSON, GeoPackage or Shapefile in EPSG:4326")
    p.add_argument("--id-column", default=None,
                   help="column whose values must be unique (default: none)")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("areas", help="list the clusters, platforms and 片区 with their "
                                     "boundary grade, precision and km²")
    p.set_defaults(func=cmd_areas)
    p = sub.add_parser("replace-boundary",
                       help="replace an area's polygon with an official boundary file")
    p.add_argument("area_id", help="id from `python cli.py areas`, e.g. qianhai")
    p.add_argument("file", help="GeoJSON, GeoPackage, Shapefile or zipped Shapefile")
    p.add_argument("--source", required=True,
                   help="the authority and document the boundary comes from")
    p.add_argument("--crs", default=None,
                   help="CRS of the coordinates if the file does not declare it, or if "
                        "they are GCJ-02/BD-09: wgs84, gcj02, bd09, epsg4547 or EPSG:nnnn")
    p.add_argument("--precision-m", type=float, default=10.0,
                   help="stated accuracy of the boundary in metres (default 10)")
    p.set_defaults(func=cmd_replace_boundary)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataValidationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
