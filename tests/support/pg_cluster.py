"""A throwaway PostgreSQL cluster for the studio tests: made in a temporary folder, listening on
a Unix socket there and on no network address, stopped and removed afterwards.

PostgreSQL refuses to run as root, and CI runs as root: the server programs then run as the
``postgres`` user (``runuser``), in a folder that user owns. Every role, the superuser included,
logs in with a scram-sha-256 password, as a studio's would.

``KILN_PG_BIN`` names the folder of ``initdb``/``pg_ctl``; by default the newest
``/usr/lib/postgresql/<version>/bin`` (Debian's ``postgresql`` package, which ``make test``
installs).
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

logger = logging.getLogger(__name__)

SUPERUSER = "postgres"
PORT = 5433  # only the socket's file name: nothing listens on a network port


def server_bin() -> Path | None:
    """The folder of the PostgreSQL server programs, or None when none is installed."""
    override = os.environ.get("KILN_PG_BIN")
    if override:
        return Path(override)
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return found[-1].parent if found else None


class Cluster:
    """One PostgreSQL cluster in its own temporary folder."""

    def __init__(self) -> None:
        bindir = server_bin()
        if bindir is None:
            raise RuntimeError(
                "PostgreSQL's server programs are missing: install Debian's postgresql package "
                "(make system-deps does) or set KILN_PG_BIN"
            )
        self.bin = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="kiln-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.password = secrets.token_hex(12)
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.folder, user="postgres")
        self.folder.chmod(0o700)

    # -- running the server programs --------------------------------------------------------

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)

    def init(self) -> Cluster:
        """Create the cluster (UTF-8, C.UTF-8 so pg_trgm reads Chinese as letters)."""
        pwfile = self.folder / "pw"
        pwfile.write_text(self.password + "\n")
        if self._as_postgres:
            shutil.chown(pwfile, user="postgres")
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=scram-sha-256",
            f"--pwfile={pwfile}", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )
        pwfile.unlink()
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                "\nlisten_addresses = ''\n"
                f"unix_socket_directories = '{self.folder}'\n"
                f"port = {PORT}\n"
                "fsync = on\n"  # the fault tests stop the server mid-sync: keep commits real
                "max_connections = 100\n"
                "shared_buffers = 32MB\n"
            )
        return self

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``immediate``: as if the machine lost power; no clean shutdown)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def remove(self) -> None:
        """Stop the server if it runs and delete the folder."""
        if self.data.exists() and self.running():
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- addresses ----------------------------------------------------------------------------

    def url(self, database: str = "postgres", user: str = SUPERUSER,
            password: str | None = None) -> str:
        """A SQLAlchemy URL reaching ``database`` through the Unix socket as ``user``."""
        secret = self.password if password is None and user == SUPERUSER else password
        auth = quote(user, safe="") + (f":{quote(secret, safe='')}" if secret else "")
        return (
            f"postgresql://{auth}@/{database}?host={quote(str(self.folder), safe='')}"
            f"&port={PORT}"
        )

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run ``sql`` as the superuser (for test setup only)."""
        env = dict(os.environ, PGPASSWORD=self.password)
        result = subprocess.run(
            [str(self.bin / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
             "-h", str(self.folder), "-p", str(PORT), "-U", SUPERUSER, "-d", database,
             "-c", sql],
            capture_output=True, text=True, env=env, timeout=60,
        )
        if result.returncode != 0:
            raise RuntimeError(result.stderr.strip())
        return result.stdout.strip()

    def new_database(self, name: str) -> str:
        """Create an empty database owned by the superuser; returns its superuser URL."""
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)
