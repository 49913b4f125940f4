"""Offline geocoding of Shenzhen addresses against the shipped gazetteer.

An address (注册地址/经营地址) is read for the units it names — district (区, including
former names such as 光明新区), 街道 (also written 办事处 or 镇), 社区, a named road
(with its house number), or a park/building whose 街道 a filing prints — and placed
at the **finest unit matched** that agrees with the rest of the address:

- ``road``: the part of the named road inside the matched 街道 (or inside the named
  district when the address names no 街道); only road pieces that the partial OSM
  extracts hold whole are used;
- ``community``: a 社区 polygon (241 exist offline, central Shenzhen only);
- ``subdistrict``: a 街道 (named, or given by its 社区 or by a park a filing places);
- ``district``: a district, or 深汕特别合作区;
- ``none``: outside Shenzhen, nothing matched, or the address contradicts itself.

The point is the unit's representative point (WGS-84) and ``precision_m`` the
distance (EPSG:4547) from it to the farthest vertex of the unit, rounded up to 100 m
(see ``scripts/build_gazetteer.py``), so the true place is within ``precision_m``
whatever it is inside the unit.

Former names are resolved with a note. A 街道 that was re-divided (西乡 2016 → 西乡 /
航城, 公明 2018 → 公明 / 玉塘 / 马田 …) is ambiguous unless the address was written
after the split: pass ``as_of`` (the year the addresses were written, e.g. the date
of a current register). An address still written with a former district (光明新区,
宝安区 for a 街道 now in 龙华区) or 办事处/镇 is treated as written before the
split whatever ``as_of`` says. Ambiguous rows go to the district with the reason,
or to ``none`` when not even the district is certain.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from core import settings

LEVELS = ("road", "community", "subdistrict", "district", "none")
COLUMNS = ("lon", "lat", "precision_m", "match_level", "matched_text", "district",
           "subdistrict", "community", "note")
GAZETTEER_FILES = ("districts", "subdistricts", "changes", "communities", "roads",
                   "landmarks")
_SUB_SUFFIXES = ("街道办事处", "街道办", "街道", "办事处", "镇")
_OLD_SUFFIXES = ("办事处", "镇")
_ZONE_ALIASES = ("深汕特别合作区", "深汕合作区")
_NUMBER = re.compile(r"(\d+(?:-\d+)?号)")
_CITY = re.compile(r"^(?:中国)?(?P<prov>[\u4e00-\u9fff]{2,7}?(?:省|自治区))?"
                   r"(?P<city>[^\W\d_区县镇街路]{2,6}?)市")
_ELSEWHERE = ("香港", "澳门", "台湾")


@dataclass
class Gazetteer:
    """The shipped gazetteer tables and the name index built from them."""

    tables: dict[str, pd.DataFrame]
    tokens: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    lengths: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        t = self.tables
        add = self._add
        for name in t["districts"]["name"]:
            add(name, "district", name)
        for r in t["changes"].itertuples():
            if r.kind == "renamed" and r.level == "district":
                add(r.name, "district_former", r.successors)
        for alias in _ZONE_ALIASES:
            add(alias, "district", "深汕特别合作区")
        for name in t["subdistricts"]["name"]:
            stem = name.removesuffix("街道")
            for suf in _SUB_SUFFIXES:
                add(stem + suf, "subdistrict_old" if suf in _OLD_SUFFIXES else
                    "subdistrict", name)
        for name in t["communities"]["name"].unique():
            add(name, "community", name)
        for name in t["roads"]["name"].unique():
            add(name, "road", name)
        for r in t["landmarks"].itertuples():
            for n in [r.name, *str(r.aliases or "").split(";")]:
                if n and n != "nan":
                    add(n, "landmark", r.name)
        self.lengths = sorted({len(k) for k in self.tokens}, reverse=True)
        self.sub = t["subdistricts"].set_index("name")
        self.dist = t["districts"].set_index("name")
        self.splits = {r.name: r for r in t["changes"].itertuples() if r.kind == "split"}
        self.former_parent = {(r.old_parent, r.new_parent) for r in t["changes"].itertuples()
                              if r.kind == "moved"}
        self.landmarks = t["landmarks"].set_index("name")
        roads = t["roads"]
        self.roads = roads[roads["complete"].astype(bool)]

    def _add(self, text: str, kind: str, key: str) -> None:
        self.tokens.setdefault(text, [])
        if (kind, key) not in self.tokens[text]:
            self.tokens[text].append((kind, key))

    def scan(self, text: str) -> list[tuple[int, str, str, str]]:
        """Leftmost-longest names in ``text``: (start, text, kind, key)."""
        out, i, n = [], 0, len(text)
        while i < n:
            for length in self.lengths:
                hit = self.tokens.get(text[i:i + length])
                if hit is not None and i + length <= n:
                    out.extend((i, text[i:i + length], kind, key) for kind, key in hit)
                    i += length
                    break
            else:
                i += 1
        return out


@lru_cache(maxsize=4)
def _load(directory: str) -> Gazetteer:
    tables = {}
    for name in GAZETTEER_FILES:
        path = Path(directory) / f"gazetteer_{name}.csv"
        tables[name] = pd.read_csv(path, dtype={"year": str}, keep_default_na=False,
                                   na_values={"lon": [""], "lat": [""]})
    return Gazetteer(tables)


def load_gazetteer(directory: str | Path | None = None) -> Gazetteer:
    """The gazetteer ``geodata/gazetteer_*.csv`` (cached; built by ``make gazetteer``)."""
    return _load(str(directory or settings.GEODATA_DIR))


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"\s+", "", text)


def _years(as_of, index) -> pd.Series:
    if as_of is None:
        return pd.Series(np.nan, index=index)
    s = as_of if isinstance(as_of, pd.Series) else pd.Series([as_of] * len(index),
                                                              index=index)
    num = pd.to_numeric(s, errors="coerce")
    dated = pd.to_datetime(s.where(num.isna()), errors="coerce").dt.year
    return num.fillna(dated).reindex(index)


def _unit(row, level: str, **names) -> dict:
    return {"lon": float(row["lon"]), "lat": float(row["lat"]),
            "precision_m": float(row["precision_m"]), "match_level": level, **names}


def _none(reason: str, matched: str = "") -> dict:
    return {"lon": np.nan, "lat": np.nan, "precision_m": np.nan, "match_level": "none",
            "matched_text": matched, "district": "", "subdistrict": "", "community": "",
            "note": reason}


def _geocode_one(address: str, year: float, gz: Gazetteer) -> dict:
    text = _normalise(address)
    if not text or text.lower() == "nan":
        return _none("empty address: give the 注册地址 or 经营地址")
    main = re.sub(r"\([^)]*\)", "", text)
    city = _CITY.match(main)
    if city and (city["city"] != "深圳" or (city["prov"] and city["prov"] != "广东省")):
        where = (city["prov"] or "") + city["city"] + "市"
        return _none(f"outside Shenzhen (the address names {where})", where)
    if main.startswith(_ELSEWHERE) or main.startswith(tuple("中国" + e for e in _ELSEWHERE)):
        return _none("outside Shenzhen (Hong Kong, Macao or Taiwan)")
    hits = gz.scan(main)
    if not hits and main != text:
        hits = gz.scan(text)  # only the bracketed part names a place
    return _resolve(main, hits, year, gz)


def _resolve(text: str, hits, year: float, gz: Gazetteer) -> dict:
    notes: list[str] = []
    matched: list[str] = []
    old_text = False
    districts, subs, comms, roads, marks = [], [], [], [], []
    for start, token, kind, key in hits:
        if kind == "road":
            num = _NUMBER.match(text, start + len(token))
            token += num.group(1) if num else ""
            roads.append((key, token))
        elif kind in ("district", "district_former"):
            districts.append(key)
            if kind == "district_former":
                old_text = True
                notes.append(f"{token} is the former name of {key}")
        elif kind.startswith("subdistrict"):
            subs.append(key)
            old_text |= kind == "subdistrict_old"
        elif kind == "community":
            comms.append(key)
        else:
            marks.append(key)
        if token not in matched:
            matched.append(token)
    matched_text = " ".join(matched)
    if not hits:
        return _none("no Shenzhen district, 街道, 社区, road or known park found: "
                     "check the address or place the row by coordinates")

    # --- district: one current district; a former parent (宝安区 for 龙华区) is kept
    district = ""
    named = list(dict.fromkeys(districts))
    if len(named) > 1:
        moved = [d for d in named if any((d, o) in gz.former_parent for o in named)]
        for d in moved:
            old_text = True
            kept = [o for o in named if (d, o) in gz.former_parent]
            notes.append(f"{d} is the former district of {kept[0]}")
        named = [d for d in named if d not in moved]
    if len(named) > 1:
        return _none(f"the address names {len(named)} districts ({'、'.join(named)}): "
                     "correct it", matched_text)
    district = named[0] if named else ""

    # --- 街道
    subdistrict, candidates = "", []
    named_subs = list(dict.fromkeys(subs))
    if len(named_subs) > 1:
        ds = {gz.sub.loc[s, "district"] for s in named_subs}
        notes.append(f"the address names {len(named_subs)} 街道 ({'、'.join(named_subs)})")
        named_subs = []
        if len(ds) == 1 and (not district or district in ds):
            district = ds.pop()
        elif not district:
            return _none(notes[-1] + " in different districts: correct it", matched_text)
    if named_subs:
        s = named_subs[0]
        ds = gz.sub.loc[s, "district"]
        if district and district != ds:
            if (district, ds) in gz.former_parent:
                notes.append(f"{s} was in {district}; it is in {ds} today")
                old_text = True
            else:
                return _none(f"{s} is in {ds}, but the address names {district}: "
                             "correct the district or the 街道", matched_text)
        district = ds
        split = gz.splits.get(s)
        if split is not None and (old_text or np.isnan(year) or year <= int(split.year)):
            candidates = [c for c in split.successors.split(";") if c in gz.sub.index]
            why = ("the address is written with a former name" if old_text and
                   not np.isnan(year) and year > int(split.year) else
                   "the address has no date" if np.isnan(year) else
                   f"the address dates from {int(year)}")
            notes.append(f"{s} was re-divided in {split.year} into "
                         f"{split.successors.replace(';', '/')} and {why}, so today's 街道 "
                         "is not certain")
        else:
            subdistrict = s

    # --- 社区
    community, comm_row = "", None
    for name in dict.fromkeys(comms):
        rows = gz.tables["communities"]
        rows = rows[rows["name"] == name]
        if subdistrict:
            rows = rows[rows["subdistrict"] == subdistrict]
        elif candidates:
            rows = rows[rows["subdistrict"].isin(candidates)]
        if district:
            rows = rows[rows["district"] == district]
        if len(rows) == 1:
            comm_row = rows.iloc[0]
            community = name
            if not subdistrict:
                subdistrict = comm_row["subdistrict"]
                district = comm_row["district"]
                how = "re-divided 街道" if candidates else "街道"
                notes.append(f"{how} given by {name} ({subdistrict})")
            candidates = []
            break
        if len(rows) > 1:
            where = "、".join(f"{r.subdistrict}" for r in rows.itertuples())
            notes.append(f"{name} exists in {where}: ambiguous without the 街道")
            if not district and len({*rows["district"]}) == 1:
                district = rows["district"].iloc[0]
        elif subdistrict or district:
            notes.append(f"{name} is not in the gazetteer for "
                         f"{subdistrict or district} (241 社区 polygons exist offline)")

    # --- parks and buildings a filing places
    for name in dict.fromkeys(marks):
        lm = gz.landmarks.loc[name]
        cands = lm["subdistrict"].split(";")
        if subdistrict:
            if subdistrict not in cands:
                notes.append(f"filings place {name} in {'/'.join(cands)}, not {subdistrict}")
            continue
        if candidates:
            cands = [c for c in cands if c in candidates] or cands
        if len(cands) > 1:
            notes.append(f"filings place {name} in {' and in '.join(cands)}: ambiguous")
            continue
        c = cands[0]
        if district and gz.sub.loc[c, "district"] != district:
            notes.append(f"filings place {name} in {c}, not in {district}")
            continue
        subdistrict, district, candidates = c, gz.sub.loc[c, "district"], []
        notes.append(f"街道 given by {name} (a filing prints {c} for it, "
                     "see gazetteer_landmarks.csv)")

    if candidates and not subdistrict:
        notes.append("placed in the district: give the register date (as_of) or a 社区")

    # --- the units the address agrees with, finest (smallest precision) wins
    units = []
    if district:
        units.append(_unit(gz.dist.loc[district], "district"))
    if subdistrict:
        units.append(_unit(gz.sub.loc[subdistrict], "subdistrict"))
    if comm_row is not None:
        units.append(_unit(comm_row, "community"))
    road_used = ""
    for name, token in roads:
        r = gz.roads[gz.roads["name"] == name]
        if subdistrict:
            r = r[r["subdistrict"] == subdistrict]
        elif district:
            r = r[(r["subdistrict"] == "") & (r["district"] == district)]
        else:
            notes.append(f"{name} is not used without a district: the same road name "
                         "can exist in several districts")
            continue
        if len(r) == 1:
            units.append(_unit(r.iloc[0], "road"))
            road_used = token
            # every piece of it, whole or not, in one 街道: that is the 街道
            allr = gz.tables["roads"]
            pieces = allr[(allr["name"] == name) & (allr["district"] == district)
                          & (allr["subdistrict"] != "")]
            if not subdistrict and len(pieces) == 1:
                subdistrict = pieces["subdistrict"].iloc[0]
                notes.append(f"街道 given by {name}, which lies in {subdistrict} only")
            break
        notes.append(f"{name}: no whole piece in {subdistrict or district} in the partial "
                     "road extracts")
    if not units:
        return _none("; ".join([*notes, "no district or 街道 could be determined"]),
                     matched_text)
    best = min(units, key=lambda u: (u["precision_m"], LEVELS.index(u["match_level"])))
    if best["match_level"] == "road":
        notes.append(f"on {road_used} inside {subdistrict or district}; the house number "
                     "is not located (no address points offline)")
    return {**best, "matched_text": matched_text, "district": district,
            "subdistrict": subdistrict, "community": community,
            "note": "; ".join(dict.fromkeys(notes))}


def geocode(addresses: pd.Series, *, as_of=None, gazetteer: Gazetteer | None = None
            ) -> pd.DataFrame:
    """Place Shenzhen addresses at the finest gazetteer unit they name.

    Parameters
    ----------
    addresses : pandas.Series of str
        Postal addresses (注册地址/经营地址), any index.
    as_of : int, str, date or pandas.Series, optional
        The year (or date) the addresses were written, scalar or aligned with
        ``addresses``; decides whether a re-divided 街道 name means today's 街道.
        ``None``: unknown, so such names are ambiguous.
    gazetteer : Gazetteer, optional
        Defaults to the shipped ``geodata/gazetteer_*.csv``.

    Returns
    -------
    pandas.DataFrame
        Aligned with ``addresses``: ``lon``, ``lat`` (WGS-84), ``precision_m``
        (metres, EPSG:4547), ``match_level`` (one of ``LEVELS``), ``matched_text``,
        ``district``, ``subdistrict``, ``community``, ``note`` (the reason for
        ``none``, former names resolved, ambiguities). Each distinct
        (address, year) is resolved once.
    """
    gz = gazetteer or load_gazetteer()
    addresses = pd.Series(addresses)
    years = _years(as_of, addresses.index)
    keys = pd.MultiIndex.from_arrays([addresses.astype(str).to_numpy(),
                                      years.fillna(-1).to_numpy()])
    codes, uniques = pd.factorize(keys)
    solved = [_geocode_one(a, np.nan if y < 0 else y, gz) for a, y in uniques]
    table = pd.DataFrame(solved, columns=list(COLUMNS))
    out = table.iloc[codes].set_axis(addresses.index)
    out = out.astype({"lon": float, "lat": float, "precision_m": float})
    return out
