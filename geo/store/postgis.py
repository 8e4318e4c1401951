"""The server store: every layer a table in a PostgreSQL database with PostGIS, for several users and app
instances at once. Chosen when `EMAP_DATA` is a URL, `postgresql://user:password@host:port/dbname`.

- One table per layer in the first schema of the connection's search_path (`?options=-csearch_path%3Demap,public`
  picks another schema than `public`), columns typed from geo/schema.py, geometry as `geometry(<type>, 4326)`,
  the layer's key as primary key, and `emap_fid` keeping the rows in the order they were written.
- A table `emap_meta` holds a counter that every writing transaction bumps (with a random generation, so a
  database rebuilt from scratch never repeats a version): `version()` is that, a cheap cache key.
- Writers run in one database transaction holding an advisory lock (per schema) for the whole block: two
  imports at the same moment land one after the other, and what a block wrote lands at COMMIT or not at all.
  Readers are never blocked for long: a replaced layer is truncated and refilled inside the transaction."""

from __future__ import annotations

import contextlib
import os
import threading

import geopandas as gpd
import numpy as np
import pandas as pd
import psycopg
import shapely
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from geo import schema
from geo.store.base import LOCK_TIMEOUT, StoreError, Transaction, Writes, checked, layer_of, no_layer

_LOCK_CLASS = 0x656D6170  # "emap": the advisory lock's first key; the second is the schema's hash
_FID = "emap_fid"
_SQL_TYPES = {"str": "text", "int": "bigint", "float": "double precision", "bool": "boolean",
              "date": "date", "datetime": "timestamp"}

_shared: dict[tuple[int, str], psycopg.Connection] = {}  # one autocommit connection per process and URL, for reads
_shared_locks: dict[tuple[int, str], threading.Lock] = {}
_guard = threading.Lock()


class PostGISStore(Writes):
    """All layers in a PostgreSQL + PostGIS database; same behaviour as GeoPackageStore."""

    def __init__(self, url: str, lock_timeout: float = LOCK_TIMEOUT, connect_timeout: int = 5):
        self.url = url
        try:
            self._params = conninfo_to_dict(url)
        except psycopg.Error as exc:
            raise StoreError("EMAP_DATA 中的数据库地址格式不对；应为 postgresql://用户名:密码@主机:端口/数据库名") from exc
        self.lock_timeout = lock_timeout
        self.connect_timeout = connect_timeout

    def __repr__(self) -> str:
        return f"PostGISStore({self.describe()!r})"

    def describe(self) -> str:
        p = self._params
        host = p.get("host") or p.get("hostaddr") or "本机"
        where = f"{host}:{p['port']}" if p.get("port") else host
        return f"PostgreSQL 数据库 {p.get('dbname') or p.get('user') or os.environ.get('USER', '')}（{where}）"

    def location(self) -> str:
        return self.url

    # -- reading ------------------------------------------------------------------------------------------

    def exists(self) -> bool:
        return bool(self.layers())

    def layers(self) -> list[str]:
        rows = self._query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        present = {row[0] for row in rows}
        return [name for name in schema.LAYERS if name in present]

    def version(self) -> str:
        """Changes with every writing transaction (the counter in emap_meta); 'empty' before the first."""
        rows = self._query("SELECT to_regclass('emap_meta') IS NOT NULL")
        if not rows[0][0]:
            return "empty"
        generation, counter = self._query("SELECT generation, version FROM emap_meta WHERE id = 1")[0]
        return f"{generation}-{counter}"

    def read(self, name: str) -> pd.DataFrame:
        layer_of(name)
        with self._shared_connection() as conn:
            fetched = _fetch(self, conn, name)
        return _frame(self, name, *fetched)

    # -- writing ------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self):
        """One database transaction under the writers' advisory lock: reads in the block see what is stored
        now plus what the block staged; at the end the staged layers are written and the version bumped, all
        committed at once; on an error everything is rolled back."""
        with self._errors(), self._connect() as conn, conn.transaction():
            wait = sql.Literal(f"{int(self.lock_timeout * 1000)}ms")
            conn.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(wait))
            conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))", (_LOCK_CLASS,))
            conn.execute("SET LOCAL lock_timeout = 0")
            _ensure_postgis(self, conn)
            tx = _PostGISTransaction(self, conn)
            yield tx
            if tx.staged:
                for name, frame in tx.replaced.items():
                    _replace_table(self, conn, name, frame)
                for name, frame in tx.added.items():
                    _create_table(self, conn, name, replace=False)
                    _copy_rows(conn, name, frame)
                _bump_version(conn)

    # -- connections and errors ----------------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection:
        extra = {} if "connect_timeout" in self._params else {"connect_timeout": self.connect_timeout}
        try:
            return psycopg.connect(self.url, autocommit=True, application_name="emap", **extra)
        except psycopg.Error as exc:
            raise self._explain(exc) from exc

    @contextlib.contextmanager
    def _shared_connection(self):
        """The process's read connection for this URL, opened on first use and reopened once if it broke
        (a restarted server); used under a lock, one query at a time."""
        key = (os.getpid(), self.url)
        with _guard:
            lock = _shared_locks.setdefault(key, threading.Lock())
        with lock, self._errors():
            conn = _shared.get(key)
            if conn is not None and (conn.closed or conn.broken):
                conn = None
            if conn is not None:
                try:
                    conn.execute("SELECT 1")
                except psycopg.OperationalError:
                    conn.close()
                    conn = None
            if conn is None:
                conn = _shared[key] = self._connect()
            yield conn

    def _query(self, query: str, params=()) -> list[tuple]:
        with self._shared_connection() as conn:
            return conn.execute(query, params).fetchall()

    @contextlib.contextmanager
    def _errors(self):
        try:
            yield
        except psycopg.Error as exc:
            raise self._explain(exc) from exc

    def _explain(self, exc: psycopg.Error) -> StoreError:
        """A psycopg error as a Chinese message naming the database (never the password or a socket path)."""
        name, state = self.describe(), getattr(exc, "sqlstate", None) or _connect_state(str(exc))
        if state in ("28P01", "28000"):
            return StoreError(f"{name} 拒绝登录：用户名或密码不对，或该用户无权从本机连接。"
                              "请检查 EMAP_DATA 中的用户名和密码，或请数据库管理员授权")
        if state == "3D000":
            return StoreError(f"{name} 不存在；请数据库管理员创建该数据库并执行 CREATE EXTENSION postgis，"
                              "或检查 EMAP_DATA 中的数据库名")
        if state == "55P03":
            return StoreError(f"{name} 正由另一个写入（导入）占用，等待 {self.lock_timeout:g} 秒仍未结束，"
                              "本次未写入任何内容；请稍后重试")
        if state in ("53300", "57P03"):
            return StoreError(f"{name} 暂时不接受连接（连接数已满或正在启动）；请稍后重试")
        if state == "FATAL":
            return StoreError(f"{name} 拒绝连接；请检查 EMAP_DATA 中的用户名、密码和数据库名，或联系数据库管理员")
        if state is None or state.startswith("08") or state in ("57P01", "57P02"):
            return StoreError(f"无法连接 {name}：数据库服务器未启动、已停止或网络不通。"
                              "请确认数据库服务器在运行、EMAP_DATA 中的主机和端口正确，或联系数据库管理员")
        detail = exc.diag.message_primary or type(exc).__name__
        return StoreError(f"{name} 读写失败：{detail}（SQLSTATE {state}）；请联系数据库管理员")


_CONNECT_FAILURES = (  # libpq reports a refused connection as text only, without its SQLSTATE
    ("password authentication failed", "28P01"), ("no pg_hba.conf entry", "28000"),
    ("authentication failed", "28P01"), ("role", "28000"), ("database", "3D000"),
    ("starting up", "57P03"), ("too many", "53300"),
)


def _connect_state(message: str) -> str | None:
    """The SQLSTATE a connection failure stands for, from libpq's (English) text; 'FATAL' for another refusal
    by the server, None when no server answered."""
    if "FATAL" not in message:
        return None
    for words, state in _CONNECT_FAILURES:
        if words in message and (words not in ("role", "database") or "does not exist" in message):
            return state
    return "FATAL"


class _PostGISTransaction(Transaction):
    def __init__(self, store: PostGISStore, conn: psycopg.Connection):
        super().__init__()
        self._store, self._conn = store, conn
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()
        self._stored = [name for name in schema.LAYERS if name in {row[0] for row in rows}]

    def _stored_layers(self) -> list[str]:
        return self._stored

    def _read_stored(self, name: str) -> pd.DataFrame:
        return _read(self._store, self._conn, name)

    def _stored_keys(self, name: str) -> pd.Series:
        key = schema.LAYERS[name].key
        rows = self._conn.execute(sql.SQL("SELECT {} FROM {}").format(sql.Identifier(key), sql.Identifier(name)))
        return pd.Series([row[0] for row in rows.fetchall()], dtype=object)


def _columns(conn: psycopg.Connection, name: str) -> list[str]:
    rows = conn.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(quote_ident(%s)) AND attnum > 0 "
        "AND NOT attisdropped ORDER BY attnum", (name,)
    ).fetchall()
    return [row[0] for row in rows]


def _read(store: PostGISStore, conn: psycopg.Connection, name: str) -> pd.DataFrame:
    return _frame(store, name, *_fetch(store, conn, name))


def _fetch(store: PostGISStore, conn: psycopg.Connection, name: str) -> tuple[list[str], bool, list[tuple]]:
    """The layer's declared columns present in its table, whether it has a geometry, and its rows in order."""
    layer = layer_of(name)
    present = _columns(conn, name)
    if not present:
        raise no_layer(store, name)
    columns = [c for c in layer.column_names if c in present]
    fields = [sql.Identifier(c) for c in columns]
    geometry = bool(layer.geometry) and "geometry" in present
    if geometry:
        fields.append(sql.SQL("ST_AsBinary({})").format(sql.Identifier("geometry")))
    order = sql.SQL(" ORDER BY {}").format(sql.Identifier(_FID)) if _FID in present else sql.SQL("")
    query = sql.SQL("SELECT {} FROM {}{}").format(sql.SQL(", ").join(fields), sql.Identifier(name), order)
    with conn.cursor(binary=True) as cur:
        return columns, geometry, cur.execute(query).fetchall()


def _frame(store: PostGISStore, name: str, columns: list[str], geometry: bool, rows: list[tuple]) -> pd.DataFrame:
    """Fetched rows as the layer's validated frame (no connection needed: other readers go on meanwhile)."""
    values = list(zip(*rows)) if rows else [()] * (len(columns) + geometry)
    frame = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in zip(columns, values)})
    if geometry:
        geoms = shapely.from_wkb(np.array(values[len(columns)], dtype=object))
        frame = gpd.GeoDataFrame(frame, geometry=geoms, crs=schema.CRS)
    return checked(store, name, frame)


def _ensure_postgis(store: PostGISStore, conn: psycopg.Connection) -> None:
    if conn.execute("SELECT to_regtype('geometry') IS NOT NULL").fetchone()[0]:
        return
    try:
        with conn.transaction():
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    except psycopg.Error as exc:
        raise StoreError(f"{store.describe()} 没有安装 PostGIS 扩展，当前用户也无权安装；"
                         "请数据库管理员在该库中执行 CREATE EXTENSION postgis") from exc


def _create_table(store: PostGISStore, conn: psycopg.Connection, name: str, replace: bool) -> None:
    """Create the layer's table if missing; with `replace`, empty it (or recreate it when its columns differ)."""
    layer = schema.LAYERS[name]
    wanted = [_FID, *layer.column_names, *(["geometry"] if layer.geometry else [])]
    present = _columns(conn, name)
    if present == wanted:
        if replace:
            conn.execute(sql.SQL("TRUNCATE {} RESTART IDENTITY").format(sql.Identifier(name)))
        return
    if present and not replace:
        # an older table: keep its rows, bring it to the declared columns by rewriting it whole
        _replace_table(store, conn, name, _read(store, conn, name))
        return
    conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(name)))
    columns = [sql.SQL("{} bigint GENERATED ALWAYS AS IDENTITY").format(sql.Identifier(_FID))]
    for col in layer.columns:
        null = sql.SQL(" NOT NULL" if col.required else "")
        columns.append(sql.SQL("{} {}{}").format(sql.Identifier(col.name), sql.SQL(_SQL_TYPES[col.dtype]), null))
    if layer.geometry:
        columns.append(sql.SQL("geometry geometry({}, 4326) NOT NULL").format(sql.SQL(layer.geometry)))
    columns.append(sql.SQL("PRIMARY KEY ({})").format(sql.Identifier(layer.key)))
    conn.execute(sql.SQL("CREATE TABLE {} ({})").format(sql.Identifier(name), sql.SQL(", ").join(columns)))


def _replace_table(store: PostGISStore, conn: psycopg.Connection, name: str, frame: pd.DataFrame) -> None:
    _create_table(store, conn, name, replace=True)
    _copy_rows(conn, name, frame)


def _copy_rows(conn: psycopg.Connection, name: str, frame: pd.DataFrame) -> None:
    layer = schema.LAYERS[name]
    columns = list(layer.column_names)
    values = [_python_values(frame[col.name], col.dtype) for col in layer.columns]
    if layer.geometry:
        geoms = np.asarray(frame.geometry.values, dtype=object)
        if layer.geometry.startswith("Multi"):
            single = shapely.get_type_id(geoms) == shapely.GeometryType.POLYGON
            geoms[single] = [shapely.MultiPolygon([g]) for g in geoms[single]]
        values.append(shapely.to_wkb(shapely.set_srid(geoms, 4326), hex=True, include_srid=True).tolist())
        columns.append("geometry")
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(name), sql.SQL(", ").join(map(sql.Identifier, columns)))
    with conn.cursor() as cur, cur.copy(statement) as copy:
        for row in zip(*values):
            copy.write_row(row)


def _python_values(values: pd.Series, dtype: str) -> list:
    """A validated column as plain Python values, None for missing."""
    if dtype == "date":
        return [None if pd.isna(v) else v.date() for v in values]
    if dtype == "datetime":
        return [None if pd.isna(v) else v.to_pydatetime() for v in values]
    return [None if pd.isna(v) else v for v in values.astype(object)]


def _bump_version(conn: psycopg.Connection) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS emap_meta (id int PRIMARY KEY CHECK (id = 1), "
                 "generation uuid NOT NULL, version bigint NOT NULL)")
    conn.execute("INSERT INTO emap_meta VALUES (1, gen_random_uuid(), 1) "
                 "ON CONFLICT (id) DO UPDATE SET version = emap_meta.version + 1")
