"""A throwaway PostgreSQL 15 server for the tests and the benchmark: initdb in a temporary folder, run as the
`postgres` user (the tests run as root, and PostgreSQL refuses to run as root), listening only on a Unix
socket in that folder (no TCP port to collide on), fast and unsafe (fsync off: it is thrown away).

It has a password (scram) for its superuser and for the roles made with `add_role`, kept in a 0600 passfile
that the URLs name, as a laptop's would be: no password is ever put in a URL.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

BIN = Path(os.environ.get("LIFEROOMS_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "lr_admin"
PORT = 5432  # the socket's name only: nothing listens on TCP


class NoServer(Exception):
    """No PostgreSQL server can be started here (the reason is the message)."""


@dataclass
class Server:
    root: Path
    proc: subprocess.Popen | None = None

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    @property
    def passfile(self) -> Path:
        return self.root / "pgpass"

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return (f"postgresql://{user}@/{database}?host={quote(str(self.socket_dir), safe='')}&port={PORT}"
                f"&passfile={quote(str(self.passfile), safe='')}")

    def _add_password(self, user: str, password: str) -> None:
        with open(self.passfile, "a", encoding="utf-8") as handle:
            handle.write(f"*:*:*:{user}:{password}\n")

    def admin(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(sql)

    def add_role(self, name: str, password: str | None = None, *, in_passfile: bool = True) -> str:
        """A login role (no rights yet); its password goes in the passfile unless told otherwise."""
        password = password or secrets.token_hex(12)
        self.admin(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
        if in_passfile:
            self._add_password(name, password)
        return password

    def create_database(self, name: str, owner: str = SUPERUSER, template: str = "template1") -> str:
        self.admin(f"CREATE DATABASE {name} OWNER {owner} TEMPLATE {template}")
        return name

    def stop(self) -> None:
        """A fast shutdown (open sessions are ended, not waited for), then the folder goes."""
        if self.proc is not None and self.proc.poll() is None:
            subprocess.run([*_as_postgres(), str(BIN / "pg_ctl"), "stop", "-D", str(self.root / "data"), "-m", "fast",
                            "-w", "-t", "20"], capture_output=True)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def _as_postgres() -> list[str]:
    if os.geteuid() != 0:
        return []  # already a normal user: run the server as ourselves
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise NoServer("running as root and there is no 'postgres' user to run the server as") from None
    runuser = shutil.which("runuser")
    if not runuser:
        raise NoServer("running as root and runuser is missing")
    return [runuser, "-u", "postgres", "--"]


def start(timeout: float = 30.0) -> Server:
    """Start a new server; raises NoServer with a one-line reason when it cannot."""
    if not (BIN / "initdb").exists():
        raise NoServer(f"no PostgreSQL at {BIN} (set LIFEROOMS_PG_BIN)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise NoServer("psycopg is not installed (pip install -e '.[postgres]')") from None
    prefix = _as_postgres()
    root = Path(tempfile.mkdtemp(prefix="liferooms-pg-"))
    server = Server(root)
    try:
        (root / "socket").mkdir()
        password = secrets.token_hex(16)
        pwfile = root / "initpw"
        pwfile.write_text(password + "\n")
        if prefix:
            ids = pwd.getpwnam("postgres")
            for path in (root, root / "socket", pwfile):
                os.chown(path, ids.pw_uid, ids.pw_gid)
        server.passfile.write_text("")
        server.passfile.chmod(0o600)
        server._add_password(SUPERUSER, password)
        data = root / "data"
        done = subprocess.run([*prefix, str(BIN / "initdb"), "-D", str(data), "-U", SUPERUSER, "--pwfile",
                               str(pwfile), "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8",
                               "--locale=C", "--no-sync"], capture_output=True, text=True)
        pwfile.unlink()
        if done.returncode:
            raise NoServer(f"initdb failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}")
        options = ["-k", str(root / "socket"), "-p", str(PORT), "-c", "listen_addresses=", "-c", "fsync=off",
                   "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200",
                   "-c", "shared_buffers=64MB"]
        server.proc = subprocess.Popen([*prefix, str(BIN / "postgres"), "-D", str(data), *options],
                                       stdout=subprocess.DEVNULL, stderr=open(root / "server.log", "wb"),
                                       start_new_session=True)
        deadline = time.monotonic() + timeout
        while not (root / "socket" / f".s.PGSQL.{PORT}").exists():
            if server.proc.poll() is not None or time.monotonic() > deadline:
                log = (root / "server.log").read_text(errors="replace").strip().splitlines()[-1:]
                raise NoServer(f"the server did not start: {log}")
            time.sleep(0.05)
        _wait_ready(server, deadline)
        return server
    except BaseException:
        server.stop()
        raise


def _wait_ready(server: Server, deadline: float) -> None:
    import psycopg

    while True:
        try:
            psycopg.connect(server.url(), connect_timeout=2).close()
            return
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                raise NoServer(f"the server does not answer: {exc}") from None
            time.sleep(0.05)
