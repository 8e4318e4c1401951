"""Where the layers live. The embedded default is one GeoPackage file; a server database can take its place
behind the same small interface (`read`, `write`, `write_all`, `append`, `layers`, `version`).

Writers take an exclusive lock on a file beside the GeoPackage, so two processes writing at the same moment
both land, one after the other, and neither overwrites the other's rows with a stale copy."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from pathlib import Path
from typing import Protocol

import geopandas as gpd
import pandas as pd
import pyogrio

from geo import schema


class StoreError(RuntimeError):
    """The store cannot be read or written; the message says which file or layer."""


class Store(Protocol):
    def layers(self) -> list[str]: ...
    def read(self, name: str) -> pd.DataFrame: ...
    def write(self, name: str, frame: pd.DataFrame) -> None: ...
    def write_all(self, frames: dict[str, pd.DataFrame]) -> None: ...
    def append(self, name: str, frame: pd.DataFrame) -> None: ...
    def transaction(self): ...
    def version(self) -> str: ...


class GeoPackageStore:
    """All layers in one GeoPackage. Every write is validated first and lands whole or not at all:
    it goes to a copy of the file, which then replaces the original in one rename."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"GeoPackageStore({str(self.path)!r})"

    def exists(self) -> bool:
        return self.path.is_file()

    def layers(self) -> list[str]:
        if not self.exists():
            return []
        return [str(row[0]) for row in pyogrio.list_layers(self.path)]

    def version(self) -> str:
        """Changes whenever the file changes; used as a cache key."""
        if not self.exists():
            return "missing"
        st = self.path.stat()
        return f"{st.st_mtime_ns}-{st.st_size}"

    def read(self, name: str) -> pd.DataFrame:
        layer = schema.LAYERS.get(name)
        if layer is None:
            raise StoreError(f"未知图层“{name}”，可用：{'、'.join(schema.LAYERS)}")
        if name not in self.layers():
            raise StoreError(f"数据库 {self.path} 中没有图层“{layer.title}”({name})；请先运行 make demo 或导入数据")
        frame = pyogrio.read_dataframe(self.path, layer=name, use_arrow=True)
        if layer.geometry is None and "geometry" in frame.columns:
            frame = pd.DataFrame(frame.drop(columns="geometry"))
        return schema.validate(name, frame)

    def write(self, name: str, frame: pd.DataFrame) -> None:
        self.write_all({name: frame})

    def write_all(self, frames: dict[str, pd.DataFrame]) -> None:
        with self.transaction() as tx:
            for name, frame in frames.items():
                tx.write(name, frame)

    def append(self, name: str, frame: pd.DataFrame) -> None:
        """Add rows to layer `name` (created when missing). A key already stored is an error naming it;
        rows written by another process since this one last read are kept (the read happens under the lock)."""
        with self.transaction() as tx:
            tx.append(name, frame)

    @contextlib.contextmanager
    def transaction(self):
        """Read and write several layers as one change: the writers' lock is held for the whole block, and
        what was written lands when the block ends without an error, all of it in one rename; on an error
        nothing lands."""
        with self._locked():
            tx = Transaction(self)
            yield tx
            if tx.staged:
                self._replace(tx.staged)

    @contextlib.contextmanager
    def _locked(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _replace(self, checked: dict[str, pd.DataFrame]) -> None:
        fd, tmp = tempfile.mkstemp(suffix=".gpkg", prefix=f".{self.path.stem}-", dir=self.path.parent)
        os.close(fd)
        os.unlink(tmp)
        try:
            if self.exists():
                shutil.copyfile(self.path, tmp)
            for name, frame in checked.items():
                _write_layer(Path(tmp), name, frame)
            os.replace(tmp, self.path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


class Transaction:
    """What a `transaction()` block sees: reads give the layer as staged so far in the block."""

    def __init__(self, store: GeoPackageStore):
        self._store = store
        self.staged: dict[str, pd.DataFrame] = {}

    def layers(self) -> list[str]:
        return sorted(set(self._store.layers()) | set(self.staged))

    def read(self, name: str) -> pd.DataFrame:
        return self.staged[name].copy() if name in self.staged else self._store.read(name)

    def write(self, name: str, frame: pd.DataFrame) -> None:
        self.staged[name] = schema.validate(name, frame)

    def append(self, name: str, frame: pd.DataFrame) -> None:
        new = schema.validate(name, frame)
        if name in self.layers():
            old = self.read(name)
            key = schema.LAYERS[name].key
            taken = new[key][new[key].isin(set(old[key]))]
            if len(taken):
                layer = schema.LAYERS[name]
                raise StoreError(f"图层“{layer.title}”({name}) 中已有主键 {key}=“{taken.iloc[0]}”的记录，未写入任何行")
            new = pd.concat([old, new], ignore_index=True)
        self.write(name, new)


def _write_layer(path: Path, name: str, frame: pd.DataFrame) -> None:
    layer = schema.LAYERS[name]
    if layer.geometry:
        frame = gpd.GeoDataFrame(frame, geometry="geometry", crs=schema.CRS)
        # Declared type, and polygons promoted to multi, so a layer mixing both is still one GPKG type.
        kwargs = {"geometry_type": layer.geometry, "promote_to_multi": layer.geometry.startswith("Multi")}
    else:
        frame = pd.DataFrame(frame)
        kwargs = {}
    try:
        pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG", **kwargs)
    except Exception as exc:  # pyogrio raises several GDAL error types
        raise StoreError(f"写入图层“{layer.title}”({name}) 到 {path} 失败：{exc}") from exc


def open_store(location: str | os.PathLike) -> Store:
    """A store for `location`: a .gpkg path today; a database URL would select another backend."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        raise StoreError(f"暂不支持数据库地址“{text}”；当前只支持 GeoPackage 文件（.gpkg）")
    if not text.lower().endswith(".gpkg"):
        raise StoreError(f"数据文件“{text}”不是 GeoPackage（.gpkg）")
    return GeoPackageStore(text)
