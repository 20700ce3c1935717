"""A throwaway PostgreSQL 15 server for tests and benchmarks.

Each sandbox gets its own temp directory (data dir, unix socket, log) and a free
TCP port on 127.0.0.1, so several can run side by side and nothing touches a
system cluster. Durability is switched off: the data is disposable.

    with PostgresSandbox() as pg:
        pg.create_database("litellm")
        os.environ.update(pg.env("litellm"))

CLI: `python -m litellm_spend_dev.pg_sandbox` starts one and prints `export` lines.
"""

from __future__ import annotations

import atexit
import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

from litellm_spend.warehouse import settings as spend_settings

PG_MAJOR = "15"
_DEFAULT_BINDIR = Path(f"/usr/lib/postgresql/{PG_MAJOR}/bin")
_OS_USER = "postgres"  # initdb refuses to run as root, so root delegates to this user


def find_bindir() -> Path:
    """Directory holding initdb/pg_ctl/postgres for PostgreSQL 15."""
    candidates = [_DEFAULT_BINDIR]
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True)
        candidates.append(Path(out.stdout.strip()))
    except (OSError, subprocess.CalledProcessError):
        pass
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).parent)
    for cand in candidates:
        if (cand / "initdb").is_file() and (cand / "pg_ctl").is_file():
            return cand
    raise RuntimeError(
        f"PostgreSQL {PG_MAJOR} server binaries (initdb, pg_ctl) not found in "
        f"{', '.join(map(str, candidates))}: run `apt-get install postgresql-{PG_MAJOR}`"
    )


def _free_port() -> int:
    # Tiny race between closing and postgres binding, acceptable for a test helper.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresSandbox:
    def __init__(self, startup_timeout: float = 60.0, shared_buffers: str = "256MB", work_mem: str = "64MB"):
        self.bindir = find_bindir()
        self.startup_timeout = startup_timeout
        self.shared_buffers = shared_buffers
        self.work_mem = work_mem
        self._tmp: Path | None = None
        self._port: int | None = None
        self._running = False
        self._as_root = os.geteuid() == 0

    # -- connection info ---------------------------------------------------
    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("sandbox not started")
        return self._port

    @property
    def user(self) -> str:
        return "postgres"

    @property
    def datadir(self) -> Path:
        assert self._tmp is not None
        return self._tmp / "data"

    @property
    def logfile(self) -> Path:
        assert self._tmp is not None
        return self._tmp / "server.log"

    def dsn(self, dbname: str = "postgres") -> str:
        return f"host={self.host} port={self.port} user={self.user} dbname={dbname}"

    def env(self, dbname: str) -> dict[str, str]:
        """Environment variables read by our dbt profile (profiles.yml) and litellm_spend.warehouse.settings."""
        return {
            spend_settings.ENV_PG_HOST: self.host,
            spend_settings.ENV_PG_PORT: str(self.port),
            spend_settings.ENV_PG_USER: self.user,
            spend_settings.ENV_PG_PASSWORD: "",
            spend_settings.ENV_PG_DATABASE: dbname,
        }

    def create_database(self, name: str, template: str | None = None, file_copy: bool = False) -> None:
        """Creates a database, as a copy of `template` when given (far faster than replaying
        LiteLLM's migrations into every test database). file_copy: copy the template's files
        after a checkpoint instead of reading it through shared buffers (PostgreSQL 15's
        default): for a template of millions of rows, which the default copied with "buffer
        is pinned in InvalidateBuffer" twice in the benchmark."""
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        if file_copy:
            statement += sql.SQL(" STRATEGY FILE_COPY")
        self._outside_a_transaction(statement)

    def drop_database(self, name: str) -> None:
        self._outside_a_transaction(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def _outside_a_transaction(self, statement) -> None:
        conn = psycopg2.connect(self.dsn())
        try:
            conn.autocommit = True  # CREATE and DROP DATABASE cannot run in a transaction
            with conn.cursor() as cur:
                cur.execute(statement)
        finally:
            conn.close()

    # -- lifecycle -----------------------------------------------------------
    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(a) for a in args]
        if self._as_root:
            cmd = ["runuser", "-u", _OS_USER, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=check, cwd=self._tmp)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def start(self) -> "PostgresSandbox":
        if self._running:
            return self
        self._tmp = Path(tempfile.mkdtemp(prefix="pg_sandbox_"))
        # Register before anything can fail so a half-started server is still cleaned up.
        atexit.register(self.stop)
        if self._as_root:
            pw = pwd.getpwnam(_OS_USER)
            os.chown(self._tmp, pw.pw_uid, pw.pw_gid)
        try:
            self._run(
                self.bindir / "initdb", "-D", self.datadir, "--auth=trust", "-U", self.user,
                "--encoding=UTF8", "--locale=C", "--no-sync",
            )
        except subprocess.CalledProcessError as e:
            self.stop()
            raise RuntimeError(f"initdb failed:\n{e.stdout}\n{e.stderr}") from e

        self._port = _free_port()
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self._port),
            "unix_socket_directories": f"'{self._tmp}'",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "shared_buffers": self.shared_buffers,
            "work_mem": self.work_mem,
            "max_connections": "100",
        }
        # Appending as root keeps the file's postgres ownership; later entries win.
        with open(self.datadir / "postgresql.conf", "a") as f:
            f.write("\n# pg_sandbox overrides\n")
            f.writelines(f"{k} = {v}\n" for k, v in settings.items())

        self._running = True  # from here on stop() must try pg_ctl stop
        proc = self._run(
            self.bindir / "pg_ctl", "-D", self.datadir, "-l", self.logfile,
            "-w", "-t", str(int(self.startup_timeout)), "start", check=False,
        )
        if proc.returncode != 0:
            tail = self.log_tail()
            self.stop()
            raise RuntimeError(f"pg_ctl start failed ({proc.stdout}{proc.stderr}); server log tail:\n{tail}")
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        # pg_ctl -w already waits, but double-check over TCP, which is what clients use.
        deadline = time.monotonic() + self.startup_timeout
        while True:
            try:
                psycopg2.connect(self.dsn(), connect_timeout=2).close()
                return
            except psycopg2.OperationalError as e:
                if time.monotonic() > deadline:
                    tail = self.log_tail()
                    self.stop()
                    raise RuntimeError(f"postgres not accepting connections on {self.host}:{self._port}: {e}\n"
                                       f"server log tail:\n{tail}") from e
                time.sleep(0.1)

    def stop(self) -> None:
        """Idempotent; safe from atexit and after partial startup failures."""
        if self._running:
            self._running = False
            try:
                res = self._run(self.bindir / "pg_ctl", "-D", self.datadir, "-m", "fast", "-w", "-t", "30", "stop",
                                check=False)
                if res.returncode != 0:
                    self._kill_postmaster()
            except OSError:
                self._kill_postmaster()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        try:
            atexit.unregister(self.stop)
        except Exception:
            pass

    def _kill_postmaster(self) -> None:
        # Last resort: the first line of postmaster.pid is the postmaster's pid.
        try:
            pid = int((self.datadir / "postmaster.pid").read_text().splitlines()[0])
            os.kill(pid, signal.SIGQUIT)  # immediate shutdown
        except (OSError, ValueError, IndexError):
            pass

    def __enter__(self) -> "PostgresSandbox":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    pg = PostgresSandbox().start()

    def _terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    try:
        for k, v in pg.env("postgres").items():
            print(f"export {k}={shlex.quote(v)}")
        print(f"# dsn: {pg.dsn()}   (Ctrl-C to stop)", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        pg.stop()


if __name__ == "__main__":
    main()
