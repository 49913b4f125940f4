"""Build ``geodata/facilities.csv`` and ``geodata/enterprises.csv`` from their
hand-edited ``*_src.csv`` (what ``make catalogue`` runs).

Each source row says where the facility is known to be:
- ``lon``/``lat`` + ``precision_m`` from a published address or coordinate, or
- ``located_in`` = ``area:<id>`` | ``district:<区>`` | ``subdistrict:<街道>`` |
  ``community:<街道>/<社区>``
  when the source only says it lies in that area/unit. The point is then the
  container's representative point and ``precision_m`` the distance from it to the
  farthest point of the container (rounded up to 100 m): an honest error bound.
- only ``address`` (no ``located_in``, no ``lon``/``lat``): the published address is
  geocoded offline at build time (:func:`data.geocoding.geocode`, shipped gazetteer)
  and placed at the finest unit it names — a road piece inside the 街道, a 社区, a
  街道 or a district — with the geocoder's ``precision_m`` (the farthest point of
  that unit from the point) and a ``location_method`` naming the unit and the
  matched text. An address the geocoder cannot place is refused, naming the row.

Precedence: ``located_in``, then ``lon``/``lat``, then ``address``.

Facilities placed in the same container share one point; they are not scattered,
which would fake a precision the sources do not give. The built files are read back
(and validated) by :mod:`data.catalogues`.
"""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import shapely

from core import settings
from core.errors import Problem
from core.i18n import msg, t
from data import loaders
from data.catalogues import BUILT_COLUMNS


def _containers() -> dict[str, object]:
    """Polygons (EPSG:4547) by container key."""
    from data.areas import load_areas

    m = settings.CRS_METRIC
    out = {f"area:{r.id}": r.geometry for r in load_areas().to_crs(m).itertuples()}
    admin_units = (("district", loaders.load_districts()),
                   # 深汕特别合作区 is administered by Shenzhen but is not one of its
                   # ten districts; it is placed like one.
                   ("district", loaders.load_shenshan()),
                   ("subdistrict", loaders.load_subdistricts()))
    for unit, layer in admin_units:
        out |= {f"{unit}:{r.name_zh}": r.geometry for r in layer.to_crs(m).itertuples()}
    comm = gpd.read_file(settings.RAW_COMMUNITIES).to_crs(m)
    comm["geometry"] = shapely.make_valid(comm.geometry.to_numpy())
    out |= {f"community:{r.street}/{r.name}": r.geometry for r in comm.itertuples()}
    return out


def place_in(container) -> tuple[float, float, float]:
    """(lon, lat, precision_m) for a point known only to lie in ``container``
    (EPSG:4547 polygon): its representative point, and the farthest distance from it
    to the container, rounded up to 100 m."""
    p = container.representative_point()
    far = shapely.hausdorff_distance(shapely.Point(p.x, p.y),
                                     shapely.MultiPoint(shapely.get_coordinates(container)))
    lon, lat = gpd.GeoSeries([p], crs=settings.CRS_METRIC).to_crs(
        settings.CRS_STORAGE).iloc[0].coords[0]
    return round(lon, 6), round(lat, 6), float(math.ceil(far / 100.0) * 100)


def _geocoded(src: pd.DataFrame) -> dict[int, dict]:
    """Geocoder results (by 0-based row position) of the rows to be placed by their
    address: no ``located_in`` and no ``lon``/``lat``."""
    from data.geocoding import geocode

    def blank(col):
        if col not in src:
            return pd.Series(True, index=src.index)
        return src[col].fillna("").astype(str).str.strip().isin(("", "nan"))

    todo = blank("located_in") & blank("lon") & blank("lat") & ~blank("address")
    if not todo.any():
        return {}
    res = geocode(src.loc[todo, "address"].astype(str).reset_index(drop=True))
    positions = [i for i, flag in enumerate(todo.to_numpy()) if flag]
    return dict(zip(positions, res.to_dict("records"), strict=True))


def _road_of(note) -> str:
    """The road the geocoder placed on, read from its ``geo.note.on_road`` note (the
    text as written, with its house number) or ``geo.note.on_road_as`` (the gazetteer's
    name, when the address writes it otherwise: 科技中二路 for 科技中2路); "" if none."""
    parts = getattr(note, "params", {}).get("parts", (note,))
    for part in parts:
        if getattr(part, "key", "") == "geo.note.on_road":
            return str(part.params["road"])
        if getattr(part, "key", "") == "geo.note.on_road_as":
            return str(part.params["name"])
    return ""


def _geocoded_method(g: dict) -> tuple[str, str]:
    """(en, zh) location method of a geocoder result ``g`` (one row of
    :func:`data.geocoding.geocode`)."""
    level = g["match_level"]
    name = {"road": f"{g['subdistrict'] or g['district']} {_road_of(g['note'])}",
            "community": f"{g['subdistrict']}/{g['community']}",
            "subdistrict": g["subdistrict"], "district": g["district"]}[level]
    m = msg("catalogue.method.geocoded", name=name.strip(),
            unit=msg("catalogue.unit." + level), matched=str(g["matched_text"]))
    return m.text("en"), m.text("zh")


def build_catalogue(src: pd.DataFrame, source_name: str) -> pd.DataFrame:
    """Resolve every source row to a WGS-84 point with precision (metres) and method."""
    containers = _containers()
    geocoded = _geocoded(src)
    rows, problems = [], []
    for i, r in enumerate(src.to_dict("records"), start=1):
        where = str(r.get("located_in") or "").strip()
        g = geocoded.get(i - 1)
        if g is not None:
            if g["match_level"] == "none":
                problems.append(Problem(source_name, i, "address",
                                        msg("catalogue.address_unplaced", note=g["note"]),
                                        msg("catalogue.place_otherwise")))
                continue
            lon, lat, prec = round(g["lon"], 6), round(g["lat"], 6), g["precision_m"]
            method, method_zh = _geocoded_method(g)
        elif where:
            if where not in containers:
                problems.append(Problem(source_name, i, "located_in",
                                        msg("catalogue.unknown_container", where=where),
                                        msg("catalogue.container_forms")))
                continue
            lon, lat, prec = place_in(containers[where])
            unit, name = where.split(":", 1)
            located = msg("catalogue.method.located_in", name=name,
                          unit=msg("catalogue.unit." + unit))
            method, method_zh = located.text("en"), located.text("zh")
        else:
            lon, lat, prec = r.get("lon"), r.get("lat"), r.get("precision_m")
            method = t("catalogue.method.published", "en")
            method_zh = t("catalogue.method.published", "zh")
        rows.append({"id": r["id"], "name_zh": r["name_zh"], "name_en": r["name_en"],
                     "category": r["category"], "industries": r.get("industries") or "",
                     "lon": lon, "lat": lat, "precision_m": prec,
                     "address": r.get("address") or "", "source": r["source"],
                     "location_method": method, "location_method_zh": method_zh})
    loaders.raise_if(problems)
    return pd.DataFrame(rows, columns=list(BUILT_COLUMNS))


def build_facilities(src: pd.DataFrame) -> pd.DataFrame:
    """The facility catalogue from ``facilities_src.csv`` rows."""
    return build_catalogue(src, settings.FACILITIES_SRC_FILE.name)


def build_enterprises(src: pd.DataFrame) -> pd.DataFrame:
    """The curated enterprise sample from ``enterprises_src.csv`` rows."""
    return build_catalogue(src, settings.ENTERPRISES_SRC_FILE.name)


__all__ = ["build_catalogue", "build_enterprises", "build_facilities", "place_in"]
