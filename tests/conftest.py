"""Shared fixtures. The demo data set is built in code once per test session and written to a temporary
GeoPackage, which the page and browser tests point the app at through EMAP_DATA."""

from __future__ import annotations

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
