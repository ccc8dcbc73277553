"""Opening the shared SQLite file: the one place besides store.py that opens a database file.

- `connect` is the one function that makes a connection to the shared file (every caller, tests and benches
  included, goes through it or through `open_shared`); the error classes every `except` in sync/ names are
  the tuples below, so the driver behind them is chosen here alone. The driver is SQLCipher (sqlcipher3),
  which reads a plain SQLite file too when no key is given.
- Opened with `mode=rw` (never created by accident: `init_shared` creates one, explicitly) or `mode=ro`
  when this laptop cannot write it (then sync only pulls).
- Rollback journal (journal_mode=DELETE), not WAL: WAL needs shared memory, which network filesystems do not
  give. synchronous=FULL, foreign keys on, and a short busy timeout (callers retry with backoff).
- Before anything is written: it must be ours (application id), of a schema version this app knows, have
  the tables that version has, and pass `PRAGMA quick_check` on the tables about to be written (a whole-file
  check would read every page over the network on every sync; `liferooms shared check` does that).
- An older shared file is upgraded step by step (schema.MIGRATIONS), after a private (0600) backup.
- Encrypted with SQLCipher under the service key (service_key.py). A file that is not plain SQLite is opened
  with the key; when the key does not open it, the file's size tells a wrong key (whole pages) from a file cut
  short or of another kind. A plain shared file from before encryption is opened plain and sealed by the sync
  that holds the lease (sealing.py).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
import uuid
from functools import partial
from pathlib import Path
from urllib.request import pathname2url

import sqlcipher3

from liferooms_tui.config import DATABASE_FILE
from liferooms_tui.courses.sample import sample_courses
from liferooms_tui.db.keys import KEYS_FILE
from liferooms_tui.db.models import utcnow
from liferooms_tui.db.store import APPLICATION_ID as LOCAL_APPLICATION_ID
from liferooms_tui.db.store import key_pragma
from liferooms_tui.directory.sample import partner_from_record, sample_records
from liferooms_tui.sync import postgres, rows, schema
from liferooms_tui.sync.errors import SyncError
from liferooms_tui.sync.service_key import NO_KEY

BUSY_TIMEOUT_MS = 1000
PAGE_SIZE = 4096  # SQLCipher 4's: an encrypted shared file is whole pages of it
PLAIN_HEADER = b"SQLite format 3\x00"

# What the shared file's driver raises: every except clause in sync/ catches these, never a driver's own class.
Error = (sqlite3.Error, sqlcipher3.Error)
DatabaseError = (sqlite3.DatabaseError, sqlcipher3.DatabaseError)
OperationalError = (sqlite3.OperationalError, sqlcipher3.OperationalError)
IntegrityError = (sqlite3.IntegrityError, sqlcipher3.IntegrityError)


def is_locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, OperationalError) and ("locked" in text or "busy" in text)


def is_read_only_error(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and "readonly" in str(exc).replace("-", "").replace(" ", "")


def explain(exc: BaseException, path: Path) -> SyncError:
    """A SQLite error met while reading or writing the shared file, in words."""
    text = str(exc).lower()
    if "not a database" in text or "encrypted" in text:
        return SyncError("not-sqlite", f"{path} is not a SQLite file: check the path points at the shared "
                         "liferooms file. Nothing was written; your queue is kept.")
    if "malformed" in text or "corrupt" in text:
        return SyncError("corrupt", f"The shared file {path} is damaged ({exc}). Nothing was written; your "
                         "queue is kept. Restore the shared file from a backup, then sync again.")
    if is_locked(exc):
        return SyncError("locked", f"The shared file {path} is busy: another laptop is writing it. Your queue "
                         "is kept; sync again in a minute.")
    return SyncError("io", f"Could not use the shared file {path} ({exc}): is the share or USB stick still "
                     "connected? Your queue is kept.")


def is_writable(path: Path) -> bool:
    """Can this laptop write the file and create its journal (and lease) next to it?"""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


class SharedFile:
    """An open shared file. Close it after each sync."""

    def __init__(self, path: Path, conn, writable: bool, version: int, *, encrypted: bool = False,
                 identity: tuple[int, int] | None = None):
        self.path, self.conn, self.writable, self.version = path, conn, writable, version
        self.encrypted, self.identity = encrypted, identity

    def replaced(self) -> bool:
        """Has another file taken this one's place since it was opened (another laptop sealed it)?"""
        try:
            return _identity(self.path) != self.identity
        except OSError:
            return True

    @property
    def file_id(self) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key='file_id'").fetchone()
        return row[0] if row else str(self.path)

    def check_tables(self, tables) -> None:
        """PRAGMA quick_check limited to `tables` (and their indexes); raises SyncError when damaged."""
        for table in sorted(set(tables) & schema.expected_tables(self.version)):
            try:
                result = [r[0] for r in self.conn.execute(f"PRAGMA quick_check({table})")]
            except DatabaseError as exc:
                raise explain(exc, self.path) from exc
            if result != ["ok"]:
                raise SyncError("corrupt", f"The shared file {self.path} is damaged (in its {table} table: "
                                f"{result[0][:120]}). Nothing was written; your queue is kept. Restore the "
                                "shared file from a backup, then sync again.")

    def upgrade(self) -> Path | None:
        """Bring an older shared file to this app's schema, after a backup; returns the backup's path."""
        if self.version >= schema.SCHEMA_VERSION:
            return None
        self.check_tables(schema.expected_tables(self.version))
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version >= schema.SCHEMA_VERSION:  # another laptop upgraded it meanwhile
                self.conn.execute("COMMIT")
                self.version = version
                return None
            stamp = utcnow().strftime("%Y%m%d-%H%M%S")
            backup = self.path.with_name(f"{self.path.name}.schema{version}-backup-{stamp}")
            copy_private(self.path, backup)  # as it is on disk (encrypted stays encrypted): no writer can change it now
            schema.migrate(self.conn, version)
            if version < schema.COURSES_VERSION:
                _seed_sample_courses(self.conn)
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.version = schema.SCHEMA_VERSION
        return backup

    def close(self) -> None:
        self.conn.close()


def copy_private(source: Path, target: Path) -> None:
    """A byte-for-byte copy readable by its owner only (never re-serialised: an encrypted file stays encrypted)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
        shutil.copyfileobj(src, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())


def connect(path: str | os.PathLike, *, mode: str = "ro", key: bytes | None = None):
    """A connection to the shared file (mode "rw", "ro" or "rwc"), keyed with the service key when given: the one
    way anything opens it. Autocommit (callers BEGIN), foreign keys on, secure delete on."""
    uri = f"file:{pathname2url(str(path))}?mode={mode}"
    conn = sqlcipher3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                              check_same_thread=False)
    if key is not None:
        conn.execute("PRAGMA cipher_log_level=NONE")  # a wrong key is said in a sentence, not logged on stderr
        conn.execute(f"PRAGMA key={key_pragma(key)}")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA secure_delete=ON")  # erased personal data is overwritten, not left in free pages
    return conn


def _identify(conn, path: Path) -> int:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if app_id == LOCAL_APPLICATION_ID:
        raise SyncError("foreign", f"{path} is a laptop's own liferooms database, not the shared file: choose "
                        "the shared file (or make one with 'liferooms shared init PATH'). Nothing was written; your "
                        "queue is kept.")
    if app_id != schema.APPLICATION_ID:
        what = "an empty file" if not tables and app_id == 0 else "another program's SQLite database"
        raise SyncError("foreign", f"{path} is {what}, not a liferooms shared file: check the path, or make a "
                        "shared file with 'liferooms shared init PATH'. Nothing was written; your queue is kept.")
    if version > schema.SCHEMA_VERSION:
        raise SyncError("newer", f"The shared file {path} was written by a newer liferooms (schema {version}; "
                        f"this one knows {schema.SCHEMA_VERSION}). Update liferooms on this laptop, then sync "
                        "again. Nothing was written; your queue is kept.")
    missing = schema.expected_tables(version) - tables if version >= 1 else {"meta"}
    if missing:
        raise SyncError("corrupt", f"The shared file {path} is incomplete (no {', '.join(sorted(missing))} "
                        "table). Nothing was written; your queue is kept. Restore it from a backup.")
    return version


def is_plain(path: Path) -> bool:
    """A plain SQLite file (a shared file from before encryption, or another program's database)?"""
    with open(path, "rb") as handle:
        return handle.read(len(PLAIN_HEADER)) == PLAIN_HEADER


def _identity(path: Path) -> tuple[int, int]:
    found = os.stat(path)
    return found.st_dev, found.st_ino


def _cut_short(path: Path) -> SyncError:
    return SyncError("truncated", f"{path} is not a whole liferooms shared file: it is cut short (a copy that did "
                     "not finish?) or another kind of file. Nothing was written; your queue is kept. Check the "
                     "path, or restore the shared file from a backup.")


def _whole_pages(path: Path, plain: bool) -> bool:
    """A database file is whole pages (SQLCipher's, or the page size a plain file's header gives)."""
    size = path.stat().st_size
    if plain:
        with open(path, "rb") as handle:
            header = handle.read(18)
        page = int.from_bytes(header[16:18], "big") if len(header) == 18 else 0
        page = 65536 if page == 1 else page
        return size == 0 or (page >= 512 and size % page == 0)
    return size >= PAGE_SIZE and size % PAGE_SIZE == 0


def _not_opened_by(key: bytes | None, path: Path, exc: BaseException) -> SyncError | None:
    """The sentence for an encrypted-looking file the key does not open (None: some other failure)."""
    if key is None or "not a database" not in str(exc).lower():
        return None
    return SyncError("wrong-key", f"The service key on this laptop does not open the shared file {path}: ask the "
                     "service's lead for the key of this shared file and run 'liferooms shared join' again (or check "
                     "the path). Nothing was written; your queue is kept.")


def open_shared(path: str | os.PathLike, *, key: bytes | None = None, write: bool = True,
                wait: float = 30.0) -> SharedFile:
    """Open and identify the shared file (writable only if `write` and the filesystem lets us): with the service
    key when it is encrypted, plain when it is from before encryption (the caller seals it). A `postgresql://`
    URL is a PostgreSQL shared store (postgres.py, the same interface; its login is the key, so `key` is unused)."""
    if postgres.is_url(path):
        return postgres.open_store(str(path), write=write, wait=wait)  # type: ignore[return-value]
    path = Path(path).expanduser()
    if not path.exists():
        hint = "" if path.parent.is_dir() else f" (the folder {path.parent} is not there either)"
        raise SyncError("missing", f"The shared file {path} was not found{hint}: connect the share or USB stick, "
                        "or set the right path. Your queue is kept. To start a new shared file, run "
                        f"'liferooms shared init {path}'.")
    if not path.is_file():
        raise SyncError("not-sqlite", f"{path} is a folder, not the shared file: give the path of the file.")
    if (path.parent / KEYS_FILE).exists() and path.name == DATABASE_FILE:
        raise SyncError("foreign", f"{path} is a laptop's own liferooms database, not the shared file: choose the "
                        "shared file (or make one with 'liferooms shared init PATH'). Nothing was written; your "
                        "queue is kept.")
    writable = write and is_writable(path)
    try:
        identity, plain = _identity(path), path.stat().st_size == 0 or is_plain(path)
    except OSError as exc:
        raise SyncError("io", f"Could not read the shared file {path} ({exc.strerror or exc}): is the share or USB "
                        "stick still connected? Your queue is kept.") from exc
    if not plain and key is None:
        raise SyncError("no-key", f"{NO_KEY} Your queue is kept.")
    if not _whole_pages(path, plain):
        raise _cut_short(path)
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        conn = None
        try:
            conn = connect(path, mode="rw" if writable else "ro", key=None if plain else key)
            version = _identify(conn, path)
            if writable:
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "delete":
                    conn.execute("PRAGMA journal_mode=DELETE")
                conn.execute("PRAGMA synchronous=FULL")
            return SharedFile(path, conn, writable, version, encrypted=not plain, identity=identity)
        except Error as exc:
            if conn is not None:
                conn.close()
            if (said := _not_opened_by(None if plain else key, path, exc)) is not None:
                raise said from exc
            if not (is_locked(exc) and time.monotonic() + delay < deadline):
                raise explain(exc, path) from exc
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
        except SyncError:
            if conn is not None:
                conn.close()
            raise


def init_shared(path: str | os.PathLike, *, key: bytes | None, version: int = schema.SCHEMA_VERSION,
                laptop_role: str | None = None, seed_directory: bool = True) -> Path:
    """Create a new shared file (0600) with the sample directory in it (unless not `seed_directory`: a store
    about to be filled by `shared migrate`), encrypted with the service `key` (None: plain, as before
    encryption: tests and benches make those). Refuses to touch an existing file. A `postgresql://` URL: the
    tables in that (empty) database, as its owner, `laptop_role` let read and write them (no key: the login is
    the server's); the URL is returned as it was given."""
    seed = partial(_seed_samples, version=version) if seed_directory else None
    if postgres.is_url(path):
        postgres.init_store(str(path), laptop_role=laptop_role, seed=seed, version=version)
        return path  # type: ignore[return-value]
    path = Path(path).expanduser()
    if path.exists():
        raise SyncError("exists", f"{path} already exists; nothing was changed. Check it with "
                        f"'liferooms shared check {path}'.")
    if not path.parent.is_dir():
        raise SyncError("missing", f"The folder {path.parent} does not exist: create it or connect the share.")
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        conn = connect(tmp, mode="rw", key=key)
        try:
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute("BEGIN IMMEDIATE")
            schema.migrate(conn, 0, version)
            now = utcnow().isoformat(timespec="seconds")
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                             [("file_id", uuid.uuid4().hex), ("created_at", now)])
            if seed is not None:
                seed(conn)
            conn.execute("COMMIT")
        finally:
            conn.close()
        try:
            os.link(tmp, path)  # atomic, and fails if someone made the file meanwhile
        except FileExistsError:
            raise SyncError("exists", f"{path} already exists; nothing was changed.") from None
        except OSError:  # no hard links on this filesystem (FAT, some shares)
            if path.exists():
                raise SyncError("exists", f"{path} already exists; nothing was changed.") from None
            os.rename(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _seed_samples(conn, version: int) -> None:
    """What every laptop has from the start: the sample directory, and (from the schema that has them) courses."""
    _seed_sample_directory(conn)
    if version >= schema.COURSES_VERSION:
        _seed_sample_courses(conn)


def _seed_sample_courses(conn) -> None:
    """The sample courses and their sessions every laptop has, so enrolments in them fit (after the seq)."""
    seq = int(conn.execute("SELECT value FROM meta WHERE key='seq'").fetchone()[0])
    for course, sessions in sample_courses():
        for table, row in [("course", course), *(("coursesession", s) for s in sessions)]:
            seq += 1
            marks = ", ".join("?" * (len(rows.NAMES[table]) + 1))
            conn.execute(f"INSERT OR IGNORE INTO {table} ({rows.quoted(table)}, seq) VALUES ({marks})",
                         [*rows.encode(table, row.model_dump(mode="json")), seq])
    conn.execute("UPDATE meta SET value=? WHERE key='seq'", (str(seq),))


def _seed_sample_directory(conn) -> None:
    """The sample partners every laptop has, with the same ids and version, so referrals to them fit."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(partner)")}  # a file made at an older version
    kept = [i for i, name in enumerate(rows.NAMES["partner"]) if name in have]
    names = ", ".join(f'"{rows.NAMES["partner"][i]}"' for i in kept)
    sql = f"INSERT INTO partner ({names}, seq) VALUES ({', '.join('?' * (len(kept) + 1))})"
    seq = 0
    for record in sample_records():
        values = rows.encode("partner", partner_from_record(record).model_dump(mode="json"))
        seq += 1
        conn.execute(sql, [*(values[i] for i in kept), seq])
    conn.execute("UPDATE meta SET value=? WHERE key='seq'", (str(seq),))
