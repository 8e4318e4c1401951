"""What every store offers, the error it raises, and the transaction both backends share.

A store never shows a server path or a password: `describe()` names it for people ("数据文件 demo.gpkg",
"PostgreSQL 数据库 emap（db.local:5432）") and every StoreError message uses that name."""

from __future__ import annotations

from typing import Iterator, Protocol

import pandas as pd

from geo import schema

LOCK_TIMEOUT = 120.0  # seconds a writer waits for another writer before giving up with a message


class StoreError(RuntimeError):
    """The store cannot be opened, read or written; the message (Chinese) names the store as `describe()` does,
    never a server path, and says what to do."""


class Store(Protocol):
    def describe(self) -> str: ...  # the store's name for people: no server path, no password
    def location(self) -> str: ...  # what open_store() takes to open the same store again (a cache key)
    def exists(self) -> bool: ...
    def layers(self) -> list[str]: ...
    def read(self, name: str) -> pd.DataFrame: ...
    def write(self, name: str, frame: pd.DataFrame) -> None: ...
    def write_all(self, frames: dict[str, pd.DataFrame]) -> None: ...
    def append(self, name: str, frame: pd.DataFrame) -> None: ...
    def transaction(self) -> Iterator["Transaction"]: ...
    def version(self) -> str: ...


class Writes:
    """`write`, `write_all` and `append` for a backend that has `transaction()`."""

    def write(self, name: str, frame: pd.DataFrame) -> None:
        self.write_all({name: frame})

    def write_all(self, frames: dict[str, pd.DataFrame]) -> None:
        """Replace whole layers, all of them or none."""
        with self.transaction() as tx:
            for name, frame in frames.items():
                tx.write(name, frame)

    def append(self, name: str, frame: pd.DataFrame) -> None:
        """Add rows to layer `name` (created when missing). A key already stored is an error naming it;
        rows written by another process since this one last read are kept (the read happens under the lock)."""
        with self.transaction() as tx:
            tx.append(name, frame)


def layer_of(name: str) -> schema.Layer:
    layer = schema.LAYERS.get(name)
    if layer is None:
        raise StoreError(f"未知图层“{name}”，可用：{'、'.join(schema.LAYERS)}")
    return layer


def no_layer(store: Store, name: str) -> StoreError:
    layer = layer_of(name)
    return StoreError(f"{store.describe()} 中没有图层“{layer.title}”({name})；请先运行 make demo 或导入数据")


def checked(store: Store, name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A layer as read from the store, validated; stored data that break the data model (edited by hand, or
    written by an older version) are the store's problem, said so in Chinese."""
    try:
        return schema.validate(name, frame)
    except schema.SchemaError as exc:
        raise StoreError(f"{store.describe()} 中的数据不符合数据模型：{exc}；请修正该数据或重新导入") from exc


class Transaction:
    """What a `transaction()` block sees. Whole layers written (`write`) are staged in `replaced`; rows added to
    a stored layer (`append`) are staged in `added`, so a backend can insert just those. `read` gives the layer
    as it will be when the block lands. A backend supplies `_stored_layers`, `_read_stored` and `_stored_keys`."""

    def __init__(self) -> None:
        self.replaced: dict[str, pd.DataFrame] = {}
        self.added: dict[str, pd.DataFrame] = {}

    @property
    def staged(self) -> bool:
        return bool(self.replaced or self.added)

    def layers(self) -> list[str]:
        return sorted(set(self._stored_layers()) | set(self.replaced) | set(self.added))

    def read(self, name: str) -> pd.DataFrame:
        if name in self.replaced:
            return self.replaced[name].copy()
        if name in self.added:
            if name not in self._stored_layers():
                return self.added[name].copy()
            return schema.validate(name, pd.concat([self._read_stored(name), self.added[name]], ignore_index=True))
        return self._read_stored(name)

    def write(self, name: str, frame: pd.DataFrame) -> None:
        self.replaced[name] = schema.validate(name, frame)
        self.added.pop(name, None)

    def append(self, name: str, frame: pd.DataFrame) -> None:
        """Add rows; a key already stored (or staged) is an error naming it, and nothing of the block lands."""
        new = schema.validate(name, frame)
        layer = schema.LAYERS[name]
        if name in self.replaced:
            held = self.replaced[name]
            taken = new[layer.key].isin(set(held[layer.key]))
        else:
            held = self.added.get(name)
            keys = set(self._stored_keys(name)) if name in self._stored_layers() else set()
            if held is not None:
                keys |= set(held[layer.key])
            taken = new[layer.key].isin(keys)
        if taken.any():
            raise StoreError(
                f"图层“{layer.title}”({name}) 中已有主键 {layer.key}=“{new[layer.key][taken].iloc[0]}”的记录，未写入任何行"
            )
        merged = new if held is None else schema.validate(name, pd.concat([held, new], ignore_index=True))
        (self.replaced if name in self.replaced else self.added)[name] = merged

    # supplied by the backend
    def _stored_layers(self) -> list[str]:
        raise NotImplementedError

    def _read_stored(self, name: str) -> pd.DataFrame:
        raise NotImplementedError

    def _stored_keys(self, name: str) -> pd.Series:
        return self._read_stored(name)[schema.LAYERS[name].key]
