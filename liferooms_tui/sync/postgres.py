"""The shared store on a PostgreSQL server: `shared_path = "postgresql://USER@HOST:PORT/DATABASE?passfile=PATH"`.

Opened here and only here (shared.open_shared hands a URL to open_store); the protocol is the file's, through
pgconn.PgConnection. What differs from the file:
- no lease file: writers take turns on an advisory lock, one push batch at a time (pgconn.py), and pulls read
  a snapshot without waiting for anyone;
- no integrity pragmas: the server keeps its own pages whole;
- a laptop's role may read and write the sync tables but not change the schema: `liferooms shared init URL
  --laptop-role ROLE` (run once, as the owner role) makes the tables and grants the laptops' role its rights.
  A store of an older schema is upgraded by the owner (`liferooms shared init` tells), never by a laptop.
- the password is never in the URL (so never in settings.toml): libpq reads it from the 0600 file named by
  `passfile=` (or ~/.pgpass). A URL with a password in it is refused before anything is sent.
"""

from __future__ import annotations

import os
import stat
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

from liferooms_tui.db.models import utcnow
from liferooms_tui.sync import schema
from liferooms_tui.sync.errors import SyncError

URL_SCHEMES = ("postgresql", "postgres")
APPLICATION = str(schema.APPLICATION_ID)
CONNECT_SECONDS = 10


def is_url(target) -> bool:
    return isinstance(target, str) and target.split("://", 1)[0].lower() in URL_SCHEMES and "://" in target


def shown(url: str) -> str:
    """The URL as said to a person: no query (a passfile's path) and never a password."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    host = netloc[-1]
    user = netloc[0].split(":", 1)[0] + "@" if len(netloc) == 2 else ""
    params = parse_qs(parts.query)
    if not host and params.get("host"):
        host = f"[{params['host'][0]}]"  # a Unix socket's folder
    return urlunsplit((parts.scheme, user + host, parts.path, "", ""))


def check_url(url: str) -> None:
    """Refuse a URL that carries a password, or names a passfile others can read, in one sentence."""
    parts = urlsplit(url)
    params = parse_qs(parts.query)
    if parts.password is not None or "password" in params:
        raise SyncError("password", f"The address of the shared store ({shown(url)}) has a password in it: take "
                        "it out, put it in a file only you can read (chmod 600) and add ?passfile=PATH to the "
                        "address. Nothing was sent; your queue is kept.")
    for passfile in params.get("passfile", []):
        path = Path(passfile).expanduser()
        try:
            mode = path.stat().st_mode
        except OSError:
            raise SyncError("login", f"The password file {path} named in the shared store's address is not "
                            "there: make it (host:port:database:user:password, chmod 600) or fix the address. "
                            "Your queue is kept.") from None
        if stat.S_IMODE(mode) & 0o077:
            raise SyncError("login", f"The password file {path} can be read by others: run 'chmod 600 {path}', "
                            "then sync again. Nothing was sent; your queue is kept.")


def _psycopg():
    try:
        import psycopg
    except ImportError:
        raise SyncError("io", "This liferooms cannot reach a PostgreSQL shared store: install its PostgreSQL "
                        "support (pip install 'liferooms-tui[postgres]'). Your queue is kept.") from None
    return psycopg


def explain(exc: BaseException, url: str) -> SyncError:
    """A PostgreSQL error, met while connecting, reading or writing, in words."""
    psycopg = _psycopg()
    errors = psycopg.errors
    where = shown(url)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    if isinstance(exc, errors.InvalidPassword | errors.InvalidAuthorizationSpecification) or \
            "password authentication failed" in text or "no password supplied" in text:
        return SyncError("login", f"The shared store {where} refused this laptop's login ({text}): check the user "
                         "and the password file with whoever runs the server. Nothing was sent; your queue is kept.")
    if isinstance(exc, errors.InvalidCatalogName) or ("database" in text and "does not exist" in text):
        return SyncError("missing", f"The shared store {where} is not there ({text}): check the address, or ask "
                         "whoever runs the server to make it with 'liferooms shared init'. Your queue is kept.")
    if isinstance(exc, errors.InsufficientPrivilege):
        return SyncError("login", f"The shared store {where} does not let this laptop's role do that ({text}): "
                         "ask whoever runs the server to grant it (liferooms shared init --laptop-role). "
                         "Your queue is kept.")
    if isinstance(exc, errors.LockNotAvailable | errors.QueryCanceled):
        return SyncError("locked", f"The shared store {where} stayed busy (other laptops were writing). Your queue "
                         "is kept; sync again in a few minutes.")
    if isinstance(exc, psycopg.OperationalError):
        return SyncError("down", f"The shared store {where} did not answer ({text}): is the server running and this "
                         "laptop on the network? Your queue is kept; sync again later.")
    return SyncError("io", f"Could not use the shared store {where} ({text}). Your queue is kept.")


class PgShared:
    """An open PostgreSQL shared store, with the SharedFile interface engine.py uses. Close it after each sync."""

    def __init__(self, url: str, conn, writable: bool, version: int, file_id: str):
        self.url, self.conn, self.writable, self.version, self.file_id = url, conn, writable, version, file_id
        self.path = shown(url)

    def check_tables(self, tables) -> None:
        """Nothing to do: the server keeps its pages whole (a file's quick_check has no counterpart here)."""

    def upgrade(self) -> None:
        """A laptop never changes the server's schema; an older store was refused when opened."""
        return None

    def close(self) -> None:
        self.conn.close()


def connect(url: str, wait: float = 30.0):
    """A PgConnection to `url` (autocommit: the sync code's BEGIN/COMMIT are the transactions), waiting at most
    `wait` seconds for the write lock; raises SyncError when the server cannot be used."""
    check_url(url)
    psycopg = _psycopg()
    from liferooms_tui.sync.pgconn import PgConnection

    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_SECONDS,
                              application_name="liferooms")
        raw.execute(f"SET lock_timeout = {max(int(wait * 1000), 1)}")
        raw.execute("SET TIME ZONE 'UTC'")
    except psycopg.Error as exc:
        raise explain(exc, url) from exc
    return PgConnection(raw)


def _meta(conn) -> dict[str, str]:
    found = conn.raw.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()[0]
    if not found:
        return {}
    return dict(conn.raw.execute("SELECT key, value FROM meta").fetchall())


def _identify(conn, url: str) -> tuple[int, str]:
    meta = _meta(conn)
    where = shown(url)
    if not meta:
        tables = conn.raw.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                                  "current_schema()").fetchone()[0]
        what = "an empty database" if not tables else "another program's database"
        raise SyncError("foreign", f"{where} is {what}, not a liferooms shared store: check the address, or make "
                        f"one with 'liferooms shared init {where}'. Nothing was written; your queue is kept.")
    if meta.get("application_id") != APPLICATION:
        raise SyncError("foreign", f"{where} is not a liferooms shared store: check the address. Nothing was "
                        "written; your queue is kept.")
    version = int(meta.get("schema_version", "0"))
    if version > schema.SCHEMA_VERSION:
        raise SyncError("newer", f"The shared store {where} was made by a newer liferooms (schema {version}; this "
                        f"one knows {schema.SCHEMA_VERSION}). Update liferooms on this laptop, then sync again. "
                        "Nothing was written; your queue is kept.")
    if version < schema.SCHEMA_VERSION:
        raise SyncError("older", f"The shared store {where} has an older schema ({version}; this liferooms needs "
                        f"{schema.SCHEMA_VERSION}): whoever runs the server must upgrade it first, with "
                        f"'liferooms shared init {where} --upgrade'. Nothing was written; your queue is kept.")
    return version, meta.get("file_id", where)


def open_store(url: str, *, write: bool = True, wait: float = 30.0) -> PgShared:
    """Open and identify a PostgreSQL shared store (SyncError in words when it cannot be used)."""
    psycopg = _psycopg()
    conn = connect(url, wait)
    try:
        version, file_id = _identify(conn, url)
        writable = write and bool(conn.raw.execute(
            "SELECT has_table_privilege('referral', 'INSERT') AND has_table_privilege('meta', 'UPDATE')").fetchone()[0])
        return PgShared(url, conn, writable, version, file_id)
    except psycopg.Error as exc:
        conn.close()
        raise explain(exc, url) from exc
    except SyncError:
        conn.close()
        raise


def init_store(url: str, *, laptop_role: str | None = None, seed=None, version: int = schema.SCHEMA_VERSION) -> str:
    """Make the shared tables in an empty database, as the owner role in `url`, and let `laptop_role` (if
    given) read and write them, but not change them. Refuses a database that already has a store."""
    psycopg = _psycopg()
    conn = connect(url)
    try:
        if _meta(conn):
            raise SyncError("exists", f"A shared store already exists in {shown(url)}; nothing was changed. Check "
                            "it with 'liferooms shared check'.")
        conn.execute("BEGIN IMMEDIATE")
        schema.migrate(conn, 0, version)
        now = utcnow().isoformat(timespec="seconds")
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                         [("file_id", uuid.uuid4().hex), ("created_at", now)])
        if seed is not None:
            seed(conn)
        if laptop_role:
            grant(conn, laptop_role)
        conn.execute("COMMIT")
    except psycopg.Error as exc:
        raise explain(exc, url) from exc
    finally:
        conn.close()
    return url


def grant(conn, role: str) -> None:
    """The laptops' role: read and write rows of every shared table, nothing else (no DDL, no TRUNCATE)."""
    if not role.replace("_", "").isalnum():
        raise SyncError("login", f"'{role}' is not a role name (letters, digits and _ only).")
    conn.raw.execute('REVOKE CREATE ON SCHEMA public FROM PUBLIC')
    conn.raw.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
    conn.raw.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"')


def passfile_ok(path: str | os.PathLike) -> bool:
    return not stat.S_IMODE(Path(path).stat().st_mode) & 0o077


def server_errors() -> tuple[type[BaseException], ...]:
    """The exceptions a PostgreSQL store raises (none when psycopg is not installed: nothing can raise them)."""
    try:
        import psycopg
    except ImportError:
        return ()
    return (psycopg.Error,)
