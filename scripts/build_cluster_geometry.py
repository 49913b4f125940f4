"""Build cluster_defs/areas.geojson from the recipes in cluster_defs/areas/*.toml.

``--readme`` prints instead the published-vs-built table and the share of polygons per
grade, in the form cluster_defs/README.md shows them (a test checks the README's rows).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geopandas as gpd

from build.area_geometry import build_all_areas
from core import settings
from core.settings import AREAS_GEOJSON

KIND_WORD = {"innovation_cluster": "cluster", "strategic_platform": "platform",
             "sub_area": "片区"}


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def readme_table(gdf: gpd.GeoDataFrame) -> str:
    """Markdown: one row per area (built vs published km², the source or the search
    note), then the share of polygons per grade."""
    rows = ["| id | kind | name | grade | ± m | built km² | published km² | built / published "
            "| published source, or what the search found |",
            "|---|---|---|---|---|---|---|---|---|"]
    for _, r in gdf.iterrows():
        pub = r["published_km2"]
        has = pub is not None and pub == pub
        ratio = f"{r['area_km2'] / pub:.2f}" if has else ""
        note = r["published_source"] if has and isinstance(r["published_source"], str) else ""
        extra = r.get("published_note") or ""
        text = "; ".join(t for t in (note, extra) if t) or "not found"
        rows.append(f"| `{r['id']}` | {KIND_WORD[r['kind']]} | {_cell(r['name_zh'])} | "
                    f"{r['grade']} | {int(r['precision_m'])} | {r['area_km2']:.2f} | "
                    f"{pub if has else ''} | {ratio} | {_cell(text)} |")
    counts = gdf["grade"].value_counts()
    rows += ["", "| grade | polygons | share |", "|---|---|---|"]
    rows += [f"| {g} | {int(counts[g])} | {counts[g] / len(gdf):.0%} |"
             for g in settings.PRECISION_GRADES if g in counts]
    return "\n".join(rows)


def main() -> None:
    if "--readme" in sys.argv[1:]:
        print(readme_table(gpd.read_file(AREAS_GEOJSON)))
        return
    gdf = build_all_areas()
    gdf.to_file(AREAS_GEOJSON, driver="GeoJSON", engine="pyogrio", COORDINATE_PRECISION=7)
    print(gdf[["id", "grade", "precision_m", "area_km2", "published_km2", "districts"]]
          .to_string(index=False))
    print(f"wrote {AREAS_GEOJSON}: {len(gdf)} features")


if __name__ == "__main__":
    main()
