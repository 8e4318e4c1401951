"""A throw-away PostgreSQL + PostGIS cluster for the tests: `initdb` in a temporary directory, `pg_ctl start` on
a free loopback port, a database with the postgis extension, and `pg_ctl stop` + removal at the end.

Debian's server packages (`make postgis`, i.e. `apt-get install postgresql postgresql-postgis`) provide the
binaries under /usr/lib/postgresql/<version>/bin. Run as root (CI), the cluster belongs to the `postgres` user,
since PostgreSQL refuses to run as root. `EMAP_TEST_POSTGRES_URL` points the tests at an existing server
instead (a superuser's URL: each test gets its own schema, dropped after)."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

INSTALL_HINT = ("install Debian's PostgreSQL and PostGIS: `make postgis` (= apt-get install postgresql "
                "postgresql-postgis), or point EMAP_TEST_POSTGRES_URL at a server with PostGIS; on a machine "
                "without Debian's packages set EMAP_TEST_NO_POSTGIS=1 to skip the PostGIS tests")
PASSWORD = "emap-test"


class ClusterUnavailable(RuntimeError):
    """The PostgreSQL binaries or the PostGIS extension are missing; the message says how to install them."""


def bindir() -> Path:
    """The directory holding initdb and pg_ctl: $EMAP_PG_BINDIR, else Debian's newest, else the PATH."""
    candidates = [os.environ.get("EMAP_PG_BINDIR", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    candidates += [os.path.dirname(shutil.which("initdb") or "")]
    for candidate in candidates:
        if candidate and all((Path(candidate) / tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(candidate)
    raise ClusterUnavailable(f"PostgreSQL server binaries (initdb, pg_ctl) not found; {INSTALL_HINT}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def cluster():
    """Yield the URL of a fresh database with PostGIS on a throw-away cluster; stop and remove it after."""
    tools = bindir()
    owner = None
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: the cluster belongs to the postgres user
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise ClusterUnavailable(f"running as root and there is no `postgres` user; {INSTALL_HINT}") from None
    top = Path(tempfile.mkdtemp(prefix="emap-pg-"))
    data, log = top / "data", top / "server.log"
    (top / "pw").write_text(PASSWORD)
    if owner:
        for path in (top, top / "pw"):
            os.chown(path, owner.pw_uid, owner.pw_gid)

    def run(*args):
        done = subprocess.run([str(a) for a in args], user=owner.pw_uid if owner else None,
                              capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{' '.join(map(str, args[:2]))} failed:\n{done.stdout}{done.stderr}"
                               + (log.read_text() if log.exists() else ""))

    started = False
    try:
        run(tools / "initdb", "-D", data, "-U", "emap", "--pwfile", top / "pw", "-E", "UTF8", "--locale=C",
            "--auth-local=trust", "--auth-host=scram-sha-256")
        port = free_port()
        options = (f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={top} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        run(tools / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start")
        started = True
        yield database(f"postgresql://emap:{quote(PASSWORD)}@127.0.0.1:{port}/postgres")
    finally:
        if started:
            run(tools / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(top, ignore_errors=True)


def database(admin_url: str) -> str:
    """Create database emap_test with PostGIS on the server at `admin_url`; its URL."""
    import psycopg

    base = admin_url.rsplit("/", 1)[0]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS emap_test")
        conn.execute("CREATE DATABASE emap_test")
    url = f"{base}/emap_test"
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
    except psycopg.Error as exc:
        raise ClusterUnavailable(f"the PostGIS extension is not installed ({exc}); {INSTALL_HINT}") from exc
    return url


@contextlib.contextmanager
def schema_url(url: str, name: str):
    """A URL whose tables go to a new schema `name` (PostGIS stays visible through public); dropped after."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield f"{url}?options={quote(f'-csearch_path={name},public', safe='')}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{name}" CASCADE')
