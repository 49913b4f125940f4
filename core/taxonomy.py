"""The industry taxonomy (cluster_defs/taxonomy.toml): ids, names, parents, aliases."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from core import settings

TAXONOMY_FILE: Path = settings.CLUSTER_DEFS_DIR / "taxonomy.toml"


@dataclass(frozen=True)
class Taxonomy:
    """Sectors, the 20 industrial clusters, the 8 future industries and phrase aliases.

    ``entries`` maps every id to a dict with ``name_zh``, ``name_en``, ``level``
    ("sector" | "industry" | "future") and ``parent`` (sector id or None).
    """

    entries: dict[str, dict]
    aliases: dict[str, dict] = field(default_factory=dict)

    @property
    def industry_ids(self) -> list[str]:
        """The 20 cluster ids and 8 future-industry ids (what points and areas carry)."""
        return [k for k, v in self.entries.items() if v["level"] in ("industry", "future")]

    def sector_of(self, industry_id: str) -> str | None:
        """The sector id of a cluster id; None for future industries."""
        return self.entries[industry_id]["parent"]

    def children(self, sector_id: str) -> list[str]:
        return [k for k, v in self.entries.items() if v["parent"] == sector_id]

    def name(self, any_id: str, lang: str = "zh") -> str:
        return self.entries[any_id][f"name_{lang}"]

    def expand(self, term: str) -> list[str] | None:
        """Industry ids for an id, a zh/en name, a sector or an alias phrase; else None."""
        term = term.strip()
        if term in self.entries:
            e = self.entries[term]
            return self.children(term) if e["level"] == "sector" else [term]
        for k, v in self.entries.items():
            if term in (v["name_zh"], v["name_en"]) or term.lower() == v["name_en"].lower():
                return self.children(k) if v["level"] == "sector" else [k]
        if term in self.aliases:
            return list(self.aliases[term]["ids"])
        return None


@lru_cache(maxsize=2)
def load_taxonomy(path: Path = TAXONOMY_FILE) -> Taxonomy:
    """Read and check the taxonomy; raises ValueError naming any broken entry."""
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    entries: dict[str, dict] = {}
    problems = []
    for level, key in (("sector", "sector"), ("industry", "industry"), ("future", "future")):
        for item in raw.get(key, []):
            if item["id"] in entries:
                problems.append(f"duplicate id {item['id']!r}")
            entries[item["id"]] = {"name_zh": item["name_zh"], "name_en": item["name_en"],
                                   "level": level, "parent": item.get("parent")}
    for k, v in entries.items():
        if v["level"] == "industry" and entries.get(v["parent"], {}).get("level") != "sector":
            problems.append(f"industry {k!r} has unknown parent sector {v['parent']!r}")
    aliases = raw.get("alias", {})
    for phrase, a in aliases.items():
        for i in a["ids"]:
            if i not in entries:
                problems.append(f"alias {phrase!r} names unknown id {i!r}")
    if problems:
        raise ValueError(f"{path.name}: " + "; ".join(problems))
    return Taxonomy(entries=entries, aliases=aliases)
