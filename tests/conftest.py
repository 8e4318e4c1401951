"""Shared fixtures. The demo data set is built in code once per test session and written to a temporary
GeoPackage, which the page and browser tests point the app at through EMAP_DATA."""

from __future__ import annotations

import contextlib

import pytest

from geo.demo.build import build
from geo.store import GeoPackageStore


@pytest.fixture(scope="session")
def demo() -> dict:
    """The demo layers as frames, straight from the generator."""
    return build()


@pytest.fixture(scope="session")
def demo_store(demo, tmp_path_factory) -> GeoPackageStore:
    store = GeoPackageStore(tmp_path_factory.mktemp("store") / "demo.gpkg")
    store.write_all(demo)
    return store


@pytest.fixture(scope="session")
def stored(demo_store) -> dict:
    """The demo layers as read back from the GeoPackage (what the app sees)."""
    return {name: demo_store.read(name) for name in demo_store.layers()}


@pytest.fixture()
def app_env(demo_store, monkeypatch):
    monkeypatch.setenv("EMAP_DATA", str(demo_store.path))
    return demo_store


# --- PostGIS: a throw-away cluster for the session, one schema per test (tests/pg_cluster.py) --------------

@pytest.fixture(scope="session")
def postgis_database():
    """The URL of a database with PostGIS on a cluster started for this session (or EMAP_TEST_POSTGRES_URL's
    server). Missing binaries FAIL the tests that need it, with the install command, unless
    EMAP_TEST_NO_POSTGIS=1 says this machine has no Debian packages: then those tests are skipped."""
    import os

    from tests import pg_cluster

    if os.environ.get("EMAP_TEST_NO_POSTGIS") == "1":
        pytest.skip("EMAP_TEST_NO_POSTGIS=1: PostGIS tests skipped on this machine")
    if os.environ.get("EMAP_TEST_POSTGRES_URL"):
        yield pg_cluster.database(os.environ["EMAP_TEST_POSTGRES_URL"])
        return
    running = contextlib.ExitStack()
    try:
        url, problem = running.enter_context(pg_cluster.cluster()), None
    except pg_cluster.ClusterUnavailable as exc:
        problem = str(exc)
    if problem:
        pytest.fail(problem, pytrace=False)
    with running:
        yield url


@pytest.fixture()
def postgis_url(postgis_database, request):
    """A URL for an empty store of its own: a fresh schema in the session's PostGIS database, dropped after."""
    import re

    from tests import pg_cluster

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    with pg_cluster.schema_url(postgis_database, name) as url:
        yield url


@pytest.fixture(params=["gpkg", "postgis"])
def store_location(request, tmp_path):
    """Where an empty store lives, once per backend: a .gpkg path, then a postgresql:// URL."""
    if request.param == "gpkg":
        return str(tmp_path / "s.gpkg")
    return request.getfixturevalue("postgis_url")
