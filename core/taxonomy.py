"""The industry taxonomy (cluster_defs/taxonomy.toml): ids, names, parents, aliases."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from core import settings
from core.i18n import name_col

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
        return self.entries[any_id][name_col(lang)]

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

    @property
    def sector_ids(self) -> list[str]:
        """The strategic emerging sectors, in the taxonomy's order."""
        return [k for k, v in self.entries.items() if v["level"] == "sector"]

    def dominant_sector(self, industry_ids) -> str:
        """The sector holding most of an area's focus industries ("future" for future
        industries; ties go to the sector listed first in the taxonomy)."""
        counts: dict[str, int] = {}
        for i in industry_ids:
            s = self.sector_of(i) or "future"
            counts[s] = counts.get(s, 0) + 1
        if not counts:
            return "future"
        order = [*self.sector_ids, "future"]
        return max(counts, key=lambda s: (counts[s], -order.index(s)))


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


# --- the one term resolver: user text → industry ids ---------------------------------
def resolve_terms(values, taxonomy: Taxonomy) -> tuple[list[list[str]], list[str | None]]:
    """Industry ids per value (a term, or several separated by , ; 、 |) and the
    unrecognised part (None when all recognised or the value is empty). Each distinct
    value is resolved once."""
    codes, uniques = pd.factorize(pd.Series(list(values), dtype=object), use_na_sentinel=True)
    resolved = [_resolve_one(u, taxonomy) for u in uniques]
    empty: tuple[list[str], None] = ([], None)
    ids = [resolved[c][0] if c >= 0 else empty[0] for c in codes]
    bad = [resolved[c][1] if c >= 0 else None for c in codes]
    return ids, bad


def _resolve_one(value, taxonomy: Taxonomy) -> tuple[list[str], str | None]:
    text = str(value).strip()
    whole = taxonomy.expand(text) if text else None
    if whole is not None:  # a name that holds a separator ("Safety, energy saving and …")
        return list(dict.fromkeys(whole)), None
    for sep in ("；", "，", "、", "|", ";"):
        text = text.replace(sep, ",")
    ids: list[str] = []
    bad: list[str] = []
    for term in filter(None, (t.strip() for t in text.split(","))):
        got = taxonomy.expand(term)
        if got is None:
            bad.append(term)
        else:
            ids += got
    return list(dict.fromkeys(ids)), "、".join(bad) or None


def expand_filter(terms: Iterable[str] | None, taxonomy: Taxonomy | None = None) -> list[str]:
    """Industry ids for filter terms (ids, sector ids, names or plan phrases); raises
    ValueError naming the first term that is none of these."""
    if not terms:
        return []
    ids, bad = resolve_terms([t for t in terms if t is not None and str(t).strip()],
                             taxonomy or load_taxonomy())
    for term in bad:
        if term is not None:
            raise ValueError(f"unknown industry {term!r}; use a taxonomy id such as "
                             "'semiconductor_ic', a sector such as 'sector_marine', "
                             "or a name such as '智能机器人'")
    return list(dict.fromkeys(i for group in ids for i in group))
