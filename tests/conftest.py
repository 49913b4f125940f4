"""Shared fixtures: tiny hand-built layers written to a temp folder at run time, and
workspaces on both backends (a GeoPackage file; a real throw-away PostGIS server)."""

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: A small square in 南山 (Shenzhen Bay area), lon/lat degrees.
NANSHAN_SQUARE = [[113.93, 22.52], [113.95, 22.52], [113.95, 22.54], [113.93, 22.54],
                  [113.93, 22.52]]


@pytest.fixture(scope="session", autouse=True)
def _own_workspace(tmp_path_factory):
    """Tests never touch the user's workspace: the default GeoPackage goes to a temp
    folder (a test that wants PostGIS passes its URL)."""
    saved = {k: os.environ.get(k) for k in ("SZMAP_DATA_DIR", "SZMAP_DB_URL")}
    os.environ["SZMAP_DATA_DIR"] = str(tmp_path_factory.mktemp("workspace"))
    os.environ.pop("SZMAP_DB_URL", None)
    yield
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def feature(coords, **props):
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "Polygon", "coordinates": [coords]}}


@pytest.fixture
def write_geojson(tmp_path):
    """Write a FeatureCollection (list of features) to a temp file; return its path."""
    def _write(features, name="layer.geojson", crs=True):
        fc = {"type": "FeatureCollection", "features": features}
        if crs:
            fc["crs"] = {"type": "name",
                         "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
        path = tmp_path / name
        path.write_text(json.dumps(fc, ensure_ascii=False), encoding="utf-8")
        return path
    return _write


#: The workspace backends every storage test runs on.
BACKENDS = ["geopackage", "postgis"]


@pytest.fixture(scope="module")
def postgis_url():
    """A PostgreSQL 15 + PostGIS server for this module (one per xdist worker and file:
    free port, own temporary folder; devtools.postgis, nothing mocked)."""
    from devtools.postgis import postgis_server

    with postgis_server() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def ws_url(request, tmp_path):
    """The URL of a new, empty workspace on each backend."""
    if request.param == "geopackage":
        return f"gpkg://{tmp_path / 'workspace.gpkg'}"
    from devtools.postgis import new_database

    return new_database(request.getfixturevalue("postgis_url"))


def downgrade(ws, revision: str) -> None:
    """Take an open workspace's schema back to ``revision`` by its migrations' downgrade
    steps, with what was saved in it: a workspace as an older version of the app left
    it (saved at head first, because the code saves only at head)."""
    from data.workspace import _migrate

    with ws._store.tx(write=True) as conn:
        _migrate.downgrade(conn, revision)
        assert _migrate.current(conn) == revision


@pytest.fixture
def workspace(ws_url):
    """An open workspace on each backend, closed after the test."""
    from data.workspace import open_workspace

    ws = open_workspace(ws_url)
    yield ws
    ws.close()
