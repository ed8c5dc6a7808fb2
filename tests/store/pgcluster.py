"""A throw-away PostgreSQL cluster for tests and benchmarks (127.0.0.1 only).

``PgCluster`` runs ``initdb`` and ``pg_ctl`` from the PostgreSQL binaries found on PATH or
under /usr/lib/postgresql/*/bin, in a fresh temporary directory, listening on a free port
of 127.0.0.1 with its unix socket in that directory.  initdb refuses to run as root, so
as root the binaries run as the ``postgres`` user (created by the Debian package).
``ExternalServer`` uses a server you give as a URL instead (``POLEMOS_TEST_PG_URL``).
Both hand out fresh databases with ``new_database()``.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ENV_URL = "POLEMOS_TEST_PG_URL"
SERVICE_USER = "postgres"
SUPERUSER = "polemos"
FAST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


def find_bindir() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``, or None when not installed."""
    on_path = shutil.which("pg_ctl")
    candidates = [Path(on_path).resolve().parent] if on_path else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for directory in candidates:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` instead."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


class _Databases:
    """Fresh databases on a server reachable through ``admin_url``."""

    admin_url: str
    _names = itertools.count()

    def new_database(self) -> str:
        name = f"polemos_test_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return with_database(self.admin_url, name)

    def drop_database(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class ExternalServer(_Databases):
    """A running server given by URL; databases made here are dropped after use."""

    owned = False

    def __init__(self, url: str) -> None:
        self.admin_url = url

    def stop(self) -> None:
        return None


class PgCluster(_Databases):
    """A private cluster in a temporary directory, stopped and deleted by ``stop``."""

    owned = True

    def __init__(self, bindir: Path, *, fast: bool = True) -> None:
        self.bindir = bindir
        self.fast = fast
        self.port = free_port()
        self.base = Path(tempfile.mkdtemp(prefix="polemos-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.admin_url = f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/postgres"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            self._as_user = ["runuser", "-u", SERVICE_USER, "--"]
            user = pwd.getpwnam(SERVICE_USER)
            os.chown(self.base, user.pw_uid, user.pw_gid)

    def _run(self, *args: str) -> None:
        command = [*self._as_user, str(self.bindir / args[0]), *args[1:]]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = self.log.read_text("utf-8", "replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed ({done.returncode}): {done.stderr or done.stdout}"
                f"\n{log}"
            )

    def start(self) -> PgCluster:
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        options = [
            "-c listen_addresses=127.0.0.1", f"-p {self.port}",
            f"-c unix_socket_directories={self.base}", "-c max_connections=60",
            *(f"-c {setting}" for setting in (FAST_SETTINGS if self.fast else ())),
        ]  # fmt: skip
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                  "-o", " ".join(options), "start")  # fmt: skip
        return self

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


def start_server(*, fast: bool = True) -> ExternalServer | PgCluster | None:
    """The server named by ``POLEMOS_TEST_PG_URL``, else a fresh private cluster, else None
    when no PostgreSQL binaries are installed."""
    if os.environ.get(ENV_URL):
        return ExternalServer(os.environ[ENV_URL])
    bindir = find_bindir()
    if bindir is None:
        return None
    cluster = PgCluster(bindir, fast=fast)
    try:
        return cluster.start()
    except BaseException:
        cluster.stop()
        raise
