"""Where the layers live, behind one small interface (`geo.store.base.Store`): `read`, `write`, `write_all`,
`append`, `transaction()`, `layers`, `version`, and for people `describe()` (a name without server paths).

- `GeoPackageStore` (geo/store/gpkg.py): one GeoPackage file, the default (`EMAP_DATA=data/demo.gpkg`).
- `PostGISStore` (geo/store/postgis.py): a PostgreSQL + PostGIS database (`EMAP_DATA=postgresql://...`), for
  several users and app instances sharing one store.

Nothing outside this package knows a file path or a connection: open a store with `open_store(location)`."""

from __future__ import annotations

import os

from geo.store.base import LOCK_TIMEOUT, Store, StoreError, Transaction
from geo.store.gpkg import GeoPackageStore

__all__ = ["GeoPackageStore", "LOCK_TIMEOUT", "Store", "StoreError", "Transaction", "is_database_url", "open_store"]


def is_database_url(location: str | os.PathLike) -> bool:
    return str(location).startswith(("postgresql://", "postgres://"))


def open_store(location: str | os.PathLike) -> Store:
    """A store for `location`: a `.gpkg` path, or a `postgresql://` URL for the server store."""
    text = str(location)
    if is_database_url(text):
        from geo.store.postgis import PostGISStore  # psycopg is needed only for the server store

        return PostGISStore(text)
    if not text.lower().endswith(".gpkg"):
        name = os.path.basename(text.rstrip("/")) or text
        raise StoreError(f"数据文件“{name}”不是 GeoPackage（.gpkg）；EMAP_DATA 应为 .gpkg 文件或 postgresql:// 数据库地址")
    return GeoPackageStore(text)
