"""Build geodata/facilities.csv and geodata/enterprises.csv from their *_src.csv."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd

from build.catalogue import build_enterprises, build_facilities
from core import settings


def main() -> None:
    for src_path, out_path, build in (
        (settings.FACILITIES_SRC_FILE, settings.FACILITIES_FILE, build_facilities),
        (settings.ENTERPRISES_SRC_FILE, settings.ENTERPRISES_FILE, build_enterprises),
    ):
        src = pd.read_csv(src_path, dtype=str, keep_default_na=False)
        out = build(src)
        out.to_csv(out_path, index=False, encoding="utf-8")
        print(f"wrote {out_path.relative_to(settings.ROOT)}: {len(out)} rows")
        print(out.groupby("category").size().to_string())


if __name__ == "__main__":
    main()
