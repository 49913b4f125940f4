"""Build geodata/facilities.csv from geodata/facilities_src.csv."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd

from core import settings
from core.facilities import build_facilities


def main() -> None:
    src = pd.read_csv(settings.FACILITIES_SRC_FILE, dtype=str, keep_default_na=False)
    out = build_facilities(src)
    out.to_csv(settings.FACILITIES_FILE, index=False, encoding="utf-8")
    print(f"wrote {settings.FACILITIES_FILE}: {len(out)} facilities")
    print(out.groupby("category").size().to_string())


if __name__ == "__main__":
    main()
