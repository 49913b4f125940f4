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
