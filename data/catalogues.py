"""The point catalogues ``geodata/facilities.csv`` and ``geodata/enterprises.csv``,
read and validated (they are built by :mod:`build.catalogue`, whose docstring says how
each point and its ``precision_m`` were found)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from core import settings
from core.errors import DataValidationError, Problem
from core.i18n import msg
from core.taxonomy import load_taxonomy
from data import loaders

COLUMNS = ("id", "name_zh", "name_en", "category", "industries", "lon", "lat",
           "precision_m", "address", "source", "location_method")
#: Built files also carry ``location_method_zh`` (the same text in Chinese).
BUILT_COLUMNS = (*COLUMNS, "location_method_zh")


def validate_catalogue(df: pd.DataFrame, source: str,
                       categories: dict[str, tuple[str, str]]) -> list[Problem]:
    """Schema, ids, categories, industries, source, precision and location checks."""
    problems = loaders.check_columns(df, COLUMNS, source)
    if problems:
        return problems
    problems += loaders.check_unique(df, "id", source)
    known = set(load_taxonomy().industry_ids)
    for i, r in enumerate(df.to_dict("records"), start=1):
        if r["category"] not in categories:
            problems.append(Problem(source, i, "category",
                                    msg("catalogue.unknown_category", category=r["category"]),
                                    msg("areas.use_one_of", choices=", ".join(categories))))
        for ind in filter(None, str(r["industries"] or "").split(";")):
            if ind not in known:
                problems.append(Problem(source, i, "industries",
                                        msg("catalogue.unknown_industry", id=ind),
                                        msg("catalogue.use_taxonomy_ids")))
        if not str(r["source"] or "").strip() or str(r["source"]) == "nan":
            problems.append(Problem(source, i, "source", msg("read.is_empty"),
                                    msg("catalogue.name_source")))
        p = pd.to_numeric(pd.Series([r["precision_m"]]), errors="coerce").iloc[0]
        if not p > 0:
            problems.append(Problem(source, i, "precision_m", msg("catalogue.precision"),
                                    msg("catalogue.honest_bound")))
    problems += loaders.check_points(df["lon"], df["lat"], source)
    return problems


#: How an area-level row's ``location_method`` starts (a point placed only at the
#: representative point of the unit it is known to lie in).
AREA_LEVEL_PREFIX = "known only to lie in"


def placement_figures(df: pd.DataFrame) -> dict[str, float]:
    """How precisely a catalogue places its points: ``n``, ``median_m`` (median
    ``precision_m``, metres), ``share_le_1km`` (share of rows with ``precision_m``
    ≤ 1,000 m), ``largest_stack`` (most rows on one lon/lat) and
    ``largest_located_stack`` (the same over rows placed from a published coordinate
    or address finer than a unit they are known to lie in, i.e. not area-level)."""
    def stack(rows: pd.DataFrame) -> int:
        return int(rows.groupby(["lon", "lat"]).size().max()) if len(rows) else 0
    located = ~df["location_method"].astype(str).str.startswith(AREA_LEVEL_PREFIX)
    prec = pd.to_numeric(df["precision_m"])
    return {"n": len(df), "median_m": float(prec.median()),
            "share_le_1km": float((prec <= 1000).mean()), "largest_stack": stack(df),
            "largest_located_stack": stack(df[located])}


def validate_facilities(df: pd.DataFrame, source: str) -> list[Problem]:
    """:func:`validate_catalogue` with the facility categories."""
    return validate_catalogue(df, source, settings.FACILITY_CATEGORIES)


_KINDS = {"facility": settings.FACILITY_CATEGORIES,
          "enterprise": settings.ENTERPRISE_CATEGORIES}


@lru_cache(maxsize=4)
def _load(path: str, kind: str) -> pd.DataFrame:
    p = Path(path)
    try:
        df = pd.read_csv(p, dtype={"industries": str, "address": str}, keep_default_na=False)
    except (OSError, pd.errors.ParserError) as exc:
        raise DataValidationError([Problem(p.name, None, None,
                                           msg("catalogue.unreadable", error=str(exc)),
                                           msg("catalogue.rebuild"))]) from None
    loaders.raise_if(validate_catalogue(df, p.name, _KINDS[kind]))
    df["industries"] = df["industries"].map(lambda s: [x for x in str(s).split(";") if x])
    df["kind"] = kind
    return df


def load_facilities(path: Path = settings.FACILITIES_FILE) -> pd.DataFrame:
    """The facility catalogue (WGS-84), validated; ``industries`` as lists, ``kind``
    = "facility" (the point schema the analysis takes)."""
    return _load(str(path), "facility").copy()


def load_enterprises(path: Path = settings.ENTERPRISES_FILE) -> pd.DataFrame:
    """The curated enterprise sample (WGS-84), validated; ``kind`` = "enterprise".
    A sample of notable firms with sources, not a register: counts from it describe
    the sample only."""
    return _load(str(path), "enterprise").copy()


__all__ = ["AREA_LEVEL_PREFIX", "load_enterprises", "load_facilities", "placement_figures",
           "validate_catalogue", "validate_facilities"]
