"""Offline geocoding of Shenzhen addresses against the shipped gazetteer.

An address (注册地址/经营地址) is read for the units it names — district (区, including
former names such as 光明新区), 街道 (also written 办事处 or 镇), 社区, a named road
(with its house number), or a park/building whose 街道 a filing prints — and placed
at the **finest unit matched** that agrees with the rest of the address (of the
units that agree, the one with the smallest ``precision_m``):

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
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from core import settings
from core.i18n import joined, msg

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
_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")}
#: a Chinese numeral (1–99) right before a road suffix: 泰然九路, 新洲十一街, 科技中二路
_ROAD_NUMERAL = re.compile(r"([一二三四五六七八九十]{1,3})(?=[路道街巷])")
#: Headers of a register's address column, most specific first (for an importer).
ADDRESS_HEADERS = ("注册地址", "经营地址", "办公地址", "住所", "企业地址", "详细地址", "地址",
                   "address", "registered_address")
#: What to do about a row left unplaced (catalogue key), by the start of its reason.
_FIXES = (
    ("empty address", "geo.fix.give_address"),
    ("outside Shenzhen", "geo.fix.only_shenzhen"),
    ("no Shenzhen district", "geo.fix.add_district"),
)
_FIX_DEFAULT = "geo.fix.correct_district"


@dataclass
class Gazetteer:
    """The shipped gazetteer tables and the lookups built from them."""

    tables: dict[str, pd.DataFrame]
    tokens: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

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
            for alias in _road_aliases(name):
                add(alias, "road", name)
        for r in t["landmarks"].itertuples():
            for n in [r.name, *str(r.aliases).split(";")]:
                if n:
                    add(n, "landmark", r.name)
        lengths: dict[str, set[int]] = {}
        for k in self.tokens:
            lengths.setdefault(k[0], set()).add(len(k))
        #: token lengths by first character, longest first (the scan's only lookups)
        self.by_first = {c: sorted(v, reverse=True) for c, v in lengths.items()}

        def records(frame, key):
            return {k: r for k, r in zip(frame[key], frame.to_dict("records"), strict=True)}

        self.sub = records(t["subdistricts"], "name")
        self.dist = records(t["districts"], "name")
        ch = t["changes"]
        self.splits = records(ch[ch["kind"] == "split"], "name")
        self.former_parent = {(r.old_parent, r.new_parent) for r in ch.itertuples()
                              if r.kind == "moved"}
        self.landmark_subs = {r.name: r.subdistrict.split(";")
                              for r in t["landmarks"].itertuples()}
        self.communities: dict[str, list[dict]] = {}
        for r in t["communities"].to_dict("records"):
            self.communities.setdefault(r["name"], []).append(r)
        roads = t["roads"]
        whole = roads["complete"].astype(str) == "True"
        self.road_piece = {(r["name"], r["subdistrict"], r["district"]): r
                           for r in roads[whole].to_dict("records")}
        self.road_subs: dict[tuple[str, str], set[str]] = {}
        for r in roads[roads["subdistrict"] != ""].itertuples():
            self.road_subs.setdefault((r.name, r.district), set()).add(r.subdistrict)

    def _add(self, text: str, kind: str, key: str) -> None:
        self.tokens.setdefault(text, [])
        if (kind, key) not in self.tokens[text]:
            self.tokens[text].append((kind, key))

    def scan(self, text: str) -> list[tuple[int, str, str, str]]:
        """Leftmost-longest names in ``text``: (start, text, kind, key)."""
        out, i, n = [], 0, len(text)
        while i < n:
            for length in self.by_first.get(text[i], ()):
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
        tables[name] = pd.read_csv(path, dtype={"year": str}, keep_default_na=False)
    return Gazetteer(tables)


def load_gazetteer(directory: str | Path | None = None) -> Gazetteer:
    """The gazetteer ``geodata/gazetteer_*.csv`` (cached; built by ``make gazetteer``)."""
    return _load(str(directory or settings.GEODATA_DIR))


def _numeral(text: str) -> int | None:
    """The value of a Chinese numeral from 1 to 99 (九 9, 十一 11, 二十 20, 三十五 35);
    None for anything else."""
    tens, _, units = text.partition("十")
    if "十" not in text:
        return _DIGIT[text] if len(text) == 1 and text in _DIGIT else None
    if len(tens) > 1 or len(units) > 1 or tens == "一":
        return None
    value = (_DIGIT[tens] if tens else 1) * 10 + (_DIGIT[units] if units else 0)
    return value if 0 < value < 100 else None


def _road_aliases(name: str) -> list[str]:
    """The road ``name`` as registers also write it, with Arabic numerals: 科技中二路 →
    科技中2路, 新洲十一街 → 新洲11街 (NFKC has already made full-width digits ASCII)."""
    def arabic(m: re.Match) -> str:
        value = _numeral(m.group(1))
        return m.group(1) if value is None else str(value)

    alias = _ROAD_NUMERAL.sub(arabic, name)
    return [alias] if alias != name else []


def _normalise(text) -> str:
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def _years(as_of, index) -> pd.Series:
    if as_of is None:
        return pd.Series(np.nan, index=index)
    s = as_of if isinstance(as_of, pd.Series) else pd.Series([as_of] * len(index),
                                                              index=index)
    num = pd.to_numeric(s, errors="coerce")
    dated = pd.to_datetime(s.where(num.isna()), errors="coerce", format="mixed").dt.year
    return num.fillna(dated).reindex(index)


def _unit(row: dict, level: str) -> dict:
    return {"lon": float(row["lon"]), "lat": float(row["lat"]),
            "precision_m": float(row["precision_m"]), "match_level": level}


def _none(reason, matched: str = "") -> dict:
    return {"lon": np.nan, "lat": np.nan, "precision_m": np.nan, "match_level": "none",
            "matched_text": matched, "district": "", "subdistrict": "", "community": "",
            "note": reason}


def _geocode_one(address, year: float, gz: Gazetteer) -> dict:
    text = _normalise(address)
    if not text:
        return _none(msg("geo.reason.empty"))
    main = re.sub(r"\([^)]*\)", "", text)
    city = _CITY.match(main)
    if city and "深汕" not in main and (not city["city"].endswith("深圳") or (
            city["prov"] and city["prov"] != "广东省")):
        where = (city["prov"] or "") + city["city"] + "市"
        return _none(msg("geo.reason.outside_city", where=where), where)
    if main.removeprefix("中国").startswith(_ELSEWHERE):
        return _none(msg("geo.reason.outside_hmt"))
    hits = gz.scan(main)
    if not hits and main != text:
        hits = gz.scan(text)  # only the bracketed part names a place
    if not hits:
        return _none(msg("geo.reason.nothing_found"))
    return _Reading(text=main, year=year, gz=gz).resolve(hits)


@dataclass
class _Reading:
    """What one address says, settled level by level (district → 街道 → 社区 →
    park → road); each step may end the reading with a reason. Notes and reasons are
    catalogue messages (:mod:`core.i18n`), joined by "; "."""

    text: str
    year: float
    gz: Gazetteer
    notes: list = field(default_factory=list)
    matched: list[str] = field(default_factory=list)
    old_text: bool = False
    district: str = ""
    subdistrict: str = ""
    candidates: list[str] = field(default_factory=list)
    community: dict | None = None

    def note(self, text) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def fail(self, reason) -> dict:
        return _none(joined([*self.notes, reason]) if self.notes else reason,
                     " ".join(self.matched))

    def resolve(self, hits) -> dict:
        found: dict[str, list] = {"district": [], "subdistrict": [], "community": [],
                                  "road": [], "landmark": []}
        for start, token, kind, key in hits:
            if kind == "road":
                num = _NUMBER.match(self.text, start + len(token))
                token += num.group(1) if num else ""
                key = (key, token)
            elif kind == "district_former":
                self.old_text = True
                self.note(msg("geo.note.former_name", old=token, new=key))
            elif kind == "subdistrict_old":
                self.old_text = True
            found[kind.removesuffix("_former").removesuffix("_old")].append(key)
            if token not in self.matched:
                self.matched.append(token)
        stop = (self._district(list(dict.fromkeys(found["district"])))
                or self._subdistrict(list(dict.fromkeys(found["subdistrict"]))))
        if stop:
            return stop
        self._community(list(dict.fromkeys(found["community"])))
        self._landmarks(list(dict.fromkeys(found["landmark"])))
        if self.candidates and not self.subdistrict:
            self.note(msg("geo.note.district_only"))
        return self._place(found["road"])

    def _district(self, named: list[str]) -> dict | None:
        gz = self.gz
        if len(named) > 1:  # a former parent (宝安区 for 龙华区) is not a second district
            moved = [d for d in named if any((d, o) in gz.former_parent for o in named)]
            for d in moved:
                self.old_text = True
                now = next(o for o in named if (d, o) in gz.former_parent)
                self.note(msg("geo.note.former_district", old=d, new=now))
            named = [d for d in named if d not in moved]
        if len(named) > 1:
            return self.fail(msg("geo.reason.districts", n=len(named), names="、".join(named)))
        self.district = named[0] if named else ""
        return None

    def _subdistrict(self, named: list[str]) -> dict | None:
        gz = self.gz
        if len(named) > 1:
            ds = {gz.sub[s]["district"] for s in named}
            self.note(msg("geo.note.subdistricts", n=len(named), names="、".join(named)))
            if len(ds) > 1 and not self.district:
                return self.fail(msg("geo.reason.different_districts"))
            if len(ds) == 1 and not self.district:
                self.district = ds.pop()
            return None
        if not named:
            return None
        s = named[0]
        ds = gz.sub[s]["district"]
        if self.district and self.district != ds:
            if (self.district, ds) not in gz.former_parent:
                return self.fail(msg("geo.reason.conflict", subdistrict=s, district=ds,
                                     named=self.district))
            self.note(msg("geo.note.moved", subdistrict=s, old=self.district, new=ds))
            self.old_text = True
        self.district = ds
        split = gz.splits.get(s)
        year = self.year
        if split is None or (not self.old_text and not np.isnan(year)
                             and year > int(split["year"])):
            self.subdistrict = s
            return None
        self.candidates = [c for c in split["successors"].split(";") if c in gz.sub]
        why = (msg("geo.why.former_name") if self.old_text else
               msg("geo.why.no_date") if np.isnan(year) else
               msg("geo.why.dated", year=int(year)))
        self.note(msg("geo.note.split", subdistrict=s, year=split["year"],
                      successors=split["successors"].replace(";", "/"), why=why))
        return None

    def _community(self, names: list[str]) -> None:
        for name in names:
            rows = [r for r in self.gz.communities[name]
                    if (not self.subdistrict or r["subdistrict"] == self.subdistrict)
                    and (not self.candidates or r["subdistrict"] in self.candidates)
                    and (not self.district or r["district"] == self.district)]
            if len(rows) == 1:
                self.community = r = rows[0]
                if not self.subdistrict:
                    self.subdistrict, self.district = r["subdistrict"], r["district"]
                    how = msg("geo.how.redivided" if self.candidates else "geo.how.subdistrict")
                    self.note(msg("geo.note.by_community", how=how, name=name,
                                  subdistrict=self.subdistrict))
                self.candidates = []
                return
            if len(rows) > 1:
                self.note(msg("geo.note.community_ambiguous", name=name,
                              subdistricts="、".join(r["subdistrict"] for r in rows)))
                if not self.district and len({r["district"] for r in rows}) == 1:
                    self.district = rows[0]["district"]
            elif self.subdistrict or self.district:
                self.note(msg("geo.note.community_unknown", name=name,
                              unit=self.subdistrict or self.district))

    def _landmarks(self, names: list[str]) -> None:
        gz = self.gz
        for name in names:
            cands = gz.landmark_subs[name]
            if self.subdistrict:
                if self.subdistrict not in cands:
                    self.note(msg("geo.note.landmark_elsewhere", name=name,
                                  places="/".join(cands), where=self.subdistrict))
                continue
            if self.candidates:
                cands = [c for c in cands if c in self.candidates] or cands
            if len(cands) > 1:
                self.note(msg("geo.note.landmark_ambiguous", name=name,
                              places=joined(cands, "sep.and_in")))
                continue
            c = cands[0]
            if self.district and gz.sub[c]["district"] != self.district:
                self.note(msg("geo.note.landmark_other_district", name=name, place=c,
                              district=self.district))
                continue
            self.subdistrict, self.district, self.candidates = c, gz.sub[c]["district"], []
            self.note(msg("geo.note.by_landmark", name=name, subdistrict=c))

    def _road(self, roads) -> tuple[dict, str, str] | None:
        """The whole piece of the first named road inside the 街道 (or district): (unit,
        the text as written, the gazetteer's name)."""
        gz = self.gz
        for name, token in roads:
            if not self.district:
                self.note(msg("geo.note.road_needs_district", name=name))
                continue
            piece = gz.road_piece.get((name, self.subdistrict, self.district))
            if piece is None:
                self.note(msg("geo.note.road_no_piece", name=name,
                              unit=self.subdistrict or self.district))
                continue
            subs = gz.road_subs.get((name, self.district), set())
            if not self.subdistrict and len(subs) == 1:
                self.subdistrict = next(iter(subs))
                self.note(msg("geo.note.by_road", name=name, subdistrict=self.subdistrict))
            return _unit(piece, "road"), token, name
        return None

    def _place(self, roads) -> dict:
        gz = self.gz
        units = []
        road = self._road(roads)
        if self.district:
            units.append(_unit(gz.dist[self.district], "district"))
        if self.subdistrict:
            units.append(_unit(gz.sub[self.subdistrict], "subdistrict"))
        if self.community is not None:
            units.append(_unit(self.community, "community"))
        if road is not None:
            units.append(road[0])
        if not units:
            return self.fail(msg("geo.reason.undetermined"))
        best = min(units, key=lambda u: (u["precision_m"], LEVELS.index(u["match_level"])))
        if road is not None and best is road[0]:
            _, token, name = road
            unit = self.subdistrict or self.district
            self.note(msg("geo.note.on_road", road=token, unit=unit) if token.startswith(name)
                      else msg("geo.note.on_road_as", road=token, name=name, unit=unit))
        return {**best, "matched_text": " ".join(self.matched), "district": self.district,
                "subdistrict": self.subdistrict,
                "community": self.community["name"] if self.community else "",
                "note": joined(self.notes)}


_MEMO: ContextVar[dict | None] = ContextVar("geocode_memo", default=None)


@contextmanager
def remembered():
    """Within this block :func:`geocode` keeps what it solved (a dict, yielded: clear
    it to bound memory), so addresses placed twice — by the reader, then for
    ``cli.py geocode``'s columns — are solved once. Per thread/context; forgotten on
    exit."""
    memo: dict = {}
    token = _MEMO.set(memo)
    try:
        yield memo
    finally:
        _MEMO.reset(token)


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
    texts = [_normalise(a) for a in addresses.to_numpy(dtype=object)]
    keys = pd.MultiIndex.from_arrays([texts, years.fillna(-1).to_numpy()])
    codes, uniques = pd.factorize(keys)
    memo = _MEMO.get()
    if memo is None:
        solved = [_geocode_one(a, np.nan if y < 0 else y, gz) for a, y in uniques]
    else:  # inside remembered(): what was solved before is not solved again
        solved = []
        for a, y in uniques:
            r = memo.get((a, y, id(gz)))
            if r is None:
                r = memo[(a, y, id(gz))] = _geocode_one(a, np.nan if y < 0 else y, gz)
            solved.append(r)
    table = pd.DataFrame(solved, columns=list(COLUMNS))
    # the notes stay catalogue messages (shown in either language), not inferred text
    table["note"] = pd.Series([r["note"] for r in solved], dtype=object)
    out = table.iloc[codes].set_axis(addresses.index)
    out = out.astype({"lon": float, "lat": float, "precision_m": float})
    return out


def geocode_report(result: pd.DataFrame, *, column: str = "address", rows=None
                   ) -> pd.DataFrame:
    """The rows :func:`geocode` left unplaced (``match_level`` "none") as a report like
    :func:`data.loaders.point_problems`: ``row`` (1-based position, or ``rows`` aligned
    with ``result``), ``column``, ``problem`` (the reason), ``fix``. Nothing is dropped:
    the caller keeps every row and lists these beside its bad-coordinate rows."""
    numbers = np.arange(1, len(result) + 1) if rows is None else np.asarray(rows)
    bad = (result["match_level"] == "none").to_numpy()
    problems = result["note"].to_numpy(dtype=object)[bad]
    fixes = {key: msg(key) for key in (*(k for _, k in _FIXES), _FIX_DEFAULT)}
    fix = [fixes[next((k for start, k in _FIXES if p.startswith(start)), _FIX_DEFAULT)]
           for p in problems]
    return pd.DataFrame({"row": numbers[bad], "column": column,
                         "problem": pd.Series(problems, dtype=object),
                         "fix": pd.Series(fix, dtype=object)},
                        columns=["row", "column", "problem", "fix"])
