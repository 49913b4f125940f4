"""Change over time: two snapshots of a register (say this year's and last year's)
counted per area and industry, with the change and the growth rate.

Frames in, frame out: both point sets are the statistics' point frame (``lon``/``lat``
WGS-84 degrees, ``kind``, ``category``, ``industries`` lists — see
:func:`analysis.batch.register_points`), joined to the same areas (``ctx``) by the one
join (:func:`analysis.coverage.counts_by`). Counts are of points, so a firm listed twice
in a snapshot counts twice there, as it does in every other statistic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.context import SpatialContext
from analysis.coverage import counts_by, join
from core.taxonomy import expand_filter

#: The ``industry`` value of the rows that count every point of an area.
ALL = "all"
#: The ``area_id`` value of the rows that count the whole city (the ten districts and
#: 深汕; points outside are not counted).
CITY = "city"
COLUMNS = ["area_id", "industry", "before", "after", "change", "growth_pct"]


def _counts(points: pd.DataFrame, ctx: SpatialContext, kind: str | None) -> pd.DataFrame:
    """area_id × industry → count, with an ``all`` row per area and a ``city`` area."""
    pts = points if kind is None else points[points["kind"] == kind]
    pts = pts.reset_index(drop=True)
    joined = join(pts, ctx)  # once, for both counts
    by_ind = counts_by(pts, ctx, by="industry", joined=joined)
    by_area = counts_by(pts, ctx, by="category", joined=joined).groupby(
        "area_id", as_index=False)["count"].sum().assign(key=ALL)
    in_city = joined.in_city
    city_ind = (pts.loc[in_city, "industries"].explode().dropna().value_counts()
                .rename_axis("key").rename("count").reset_index().assign(area_id=CITY))
    city_all = pd.DataFrame({"area_id": [CITY], "key": [ALL], "count": [int(in_city.sum())]})
    out = pd.concat([by_ind, by_area, city_ind, city_all], ignore_index=True)
    return out.rename(columns={"key": "industry"})


def compare_snapshots(before: pd.DataFrame, after: pd.DataFrame, ctx: SpatialContext, *,
                      kind: str | None = "enterprise",
                      industries=None) -> pd.DataFrame:
    """Per area (``ctx.areas`` ids, then ``city``) and industry (ids, then ``all``): the
    points in ``before`` and in ``after``, ``change`` = after − before and
    ``growth_pct`` = 100 · change / before (NaN where ``before`` is 0: a rate from
    nothing is not a number). ``industries``: filter terms (ids, sectors, names) — only
    those industries' rows are kept (the ``all`` rows stay). Rows where both counts are
    0 are left out; areas come in ``ctx.areas`` order."""
    a, b = _counts(before, ctx, kind), _counts(after, ctx, kind)
    out = a.merge(b, on=["area_id", "industry"], how="outer",
                  suffixes=("_before", "_after")).fillna(0)
    out = out.rename(columns={"count_before": "before", "count_after": "after"})
    out[["before", "after"]] = out[["before", "after"]].astype("int64")
    if industries:
        keep = set(expand_filter(industries)) | {ALL}
        out = out[out["industry"].isin(keep)]
    out["change"] = out["after"] - out["before"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["growth_pct"] = np.where(out["before"] > 0,
                                     100.0 * out["change"] / out["before"].where(
                                         out["before"] > 0, 1), np.nan).round(1)
    order = {aid: i for i, aid in enumerate([*ctx.areas["id"], CITY])}
    out = out.assign(_a=out["area_id"].map(order),
                     _i=(out["industry"] != ALL).astype(int))
    out = out.sort_values(["_a", "_i", "industry"], kind="stable")
    return out[COLUMNS].reset_index(drop=True)


#: Column headers that hold a register's own identifier, most specific first (matched
#: case-insensitively, spaces ignored): the unified social credit code, then ids.
ID_HEADERS = ("统一社会信用代码", "社会信用代码", "信用代码", "uscc", "credit_code",
              "企业id", "企业编号", "编号", "id")
#: The ``status`` of a firm in :func:`entries_exits`.
ENTRY, EXIT = "entry", "exit"


def _norm(header) -> str:
    return "".join(str(header).split()).lower()


def _usable_key(values: pd.Series) -> bool:
    text = values.astype("string").str.strip()
    return bool(len(text)) and not text.isna().any() and not (text == "").any() \
        and text.is_unique


def match_key(before: pd.DataFrame, after: pd.DataFrame) -> str | None:
    """The column that identifies a firm in both registers: the first of
    :data:`ID_HEADERS` that both frames have (under the same header) and whose values
    are present and unique in each; None when there is none — then only counts can
    be compared, not which firms came and went."""
    common = {_norm(c): c for c in before.columns if c in set(after.columns)}
    for header in ID_HEADERS:
        col = common.get(_norm(header))
        if col is not None and _usable_key(before[col]) and _usable_key(after[col]):
            return col
    return None


def entries_exits(before: pd.DataFrame, after: pd.DataFrame, key: str) -> pd.DataFrame:
    """The firms that came and went between two registers matched on ``key`` (a column
    of both, e.g. from :func:`match_key`): one row per firm whose key is only in
    ``after`` (``status`` = :data:`ENTRY`, at its new place) or only in ``before``
    (:data:`EXIT`, at its old place), with ``key``, ``lon``/``lat`` (WGS-84 degrees)
    and ``name`` (``_name`` where the frames have it, else empty). Firms in both are
    not listed (:func:`compare_snapshots` counts them)."""
    b = before[key].astype("string").str.strip()
    a = after[key].astype("string").str.strip()

    def rows(frame, keys, keep, status):
        sel = ~keys.isin(keep).to_numpy()
        name = (frame["_name"].astype("string").fillna("").to_numpy()[sel]
                if "_name" in frame else "")
        return pd.DataFrame({"status": status, "key": keys.to_numpy()[sel],
                             "lon": frame["lon"].to_numpy(float)[sel],
                             "lat": frame["lat"].to_numpy(float)[sel], "name": name})
    out = pd.concat([rows(after, a, set(b), ENTRY), rows(before, b, set(a), EXIT)],
                    ignore_index=True)
    return out.astype({"status": "string", "key": "string", "name": "string"})
