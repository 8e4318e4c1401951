"""The embedded default: all layers in one GeoPackage file.

Writers take an exclusive lock on a file beside the GeoPackage, so two processes writing at the same moment
both land, one after the other, and neither overwrites the other's rows with a stale copy. A writer that
cannot get the lock within `lock_timeout` seconds gives up with a message instead of hanging."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo import schema
from geo.store.base import LOCK_TIMEOUT, StoreError, Transaction, Writes, checked, layer_of, no_layer

_REMEDY = "请从备份恢复该文件，或把 EMAP_DATA 指向完好的 GeoPackage；示例数据可运行 make demo 重新生成"


class GeoPackageStore(Writes):
    """All layers in one GeoPackage. Every write is validated first and lands whole or not at all:
    it goes to a copy of the file, which then replaces the original in one rename."""

    def __init__(self, path: str | os.PathLike, lock_timeout: float = LOCK_TIMEOUT):
        self.path = Path(path)
        self.lock_timeout = lock_timeout

    def __repr__(self) -> str:
        return f"GeoPackageStore({str(self.path)!r})"

    def describe(self) -> str:
        return f"数据文件 {self.path.name}"

    def location(self) -> str:
        return str(self.path)

    def exists(self) -> bool:
        return self.path.is_file()

    def layers(self) -> list[str]:
        if not self.exists():
            return []
        return [str(row[0]) for row in self._opened(pyogrio.list_layers, self.path)]

    def version(self) -> str:
        """Changes whenever the file changes; used as a cache key."""
        if not self.exists():
            return "missing"
        st = self.path.stat()
        return f"{st.st_mtime_ns}-{st.st_size}"

    def read(self, name: str) -> pd.DataFrame:
        layer = layer_of(name)
        if not self.exists():
            raise StoreError(
                f"{self.describe()} 不存在；示例数据可运行 make demo（或 make run）生成，"
                "已有数据请把 EMAP_DATA 设为该 .gpkg 文件或 PostgreSQL 数据库地址"
            )
        if name not in self.layers():
            raise no_layer(self, name)
        frame = self._opened(pyogrio.read_dataframe, self.path, layer=name, use_arrow=True)
        if layer.geometry is None and "geometry" in frame.columns:
            frame = pd.DataFrame(frame.drop(columns="geometry"))
        return checked(self, name, frame)

    @contextlib.contextmanager
    def transaction(self):
        """Read and write several layers as one change: the writers' lock is held for the whole block, and
        what was written lands when the block ends without an error, all of it in one rename; on an error
        nothing lands."""
        with self._locked():
            tx = _GeoPackageTransaction(self)
            yield tx
            if tx.staged:
                self._replace({**{name: tx.read(name) for name in tx.added}, **tx.replaced})

    def _opened(self, function, *args, **kwargs):
        """Call a pyogrio reader; a file GDAL cannot open becomes a StoreError naming the file, not its path."""
        try:
            return function(*args, **kwargs)
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as exc:
            if not os.access(self.path, os.R_OK):
                raise StoreError(f"{self.describe()} 无法读取（没有读取权限）；请管理员检查该文件的权限") from exc
            raise StoreError(
                f"{self.describe()} 已损坏或不是有效的 GeoPackage（可能是复制中断或磁盘写满），无法打开；{_REMEDY}"
            ) from exc

    @contextlib.contextmanager
    def _locked(self):
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path.with_name(self.path.name + ".lock"), "a")
        except OSError as exc:
            raise StoreError(f"{self.describe()} 所在目录不可写（{os.strerror(exc.errno or errno.EACCES)}），"
                             "无法写入；请管理员检查目录权限") from exc
        with handle:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise StoreError(
                            f"{self.describe()} 正由另一个写入（导入）占用，等待 {self.lock_timeout:g} 秒仍未结束，"
                            "本次未写入任何内容；请稍后重试，若一直如此请管理员检查是否有卡住的导入进程"
                        ) from None
                    time.sleep(0.05)
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
                self._write_layer(Path(tmp), name, frame)
            os.replace(tmp, self.path)
        except OSError as exc:  # a full disk, a read-only directory: nothing landed
            raise StoreError(f"写入 {self.describe()} 失败（{os.strerror(exc.errno or errno.EIO)}），未写入任何内容；"
                             "请管理员检查磁盘空间和目录权限") from exc
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def _write_layer(self, path: Path, name: str, frame: pd.DataFrame) -> None:
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
            detail = str(exc).replace(str(path), self.path.name).replace(str(path.parent), "")
            raise StoreError(f"写入图层“{layer.title}”({name}) 到 {self.describe()} 失败：{detail}") from exc


class _GeoPackageTransaction(Transaction):
    def __init__(self, store: GeoPackageStore):
        super().__init__()
        self._store = store
        self._stored = store.layers()  # the lock is held: nobody else changes the file during the block

    def _stored_layers(self) -> list[str]:
        return self._stored

    def _read_stored(self, name: str) -> pd.DataFrame:
        return self._store.read(name)
