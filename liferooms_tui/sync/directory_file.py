"""The directory beside the shared file, for volunteers' laptops: plain SQLite, the partner directory only.

Why: the shared file holds personal data, so it is encrypted with the service key, and a volunteer's laptop
must never hold a key that opens personal data. So every advisor's sync that writes the shared file also
publishes what volunteers may have, the directory tables (pull.DIRECTORY_TABLES: partners; courses once they
exist), as a plain companion file beside it (NAME.directory.db for NAME.db), and a volunteer's sync reads only
that, read-only. Nothing personal is ever in it: it is built from the directory tables alone.

It is written whole, only when the directory changed: a temporary file (one name: writers hold the lease),
fsynced, then renamed over the old one, so a reader sees the old directory or the new one, never half of one;
a sync killed mid-way leaves only the temporary file, which the next publish overwrites. Its rows keep the
shared file's seq numbers and file id, so a volunteer's laptop pulls from it exactly as from the shared file.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from liferooms_tui.db.models import SYNCED_TABLES, table_name, utcnow
from liferooms_tui.sync import rows, schema
from liferooms_tui.sync.errors import SyncError
from liferooms_tui.sync.pull import DIRECTORY_TABLES
from liferooms_tui.sync.shared import Error, SharedFile, connect, explain

APPLICATION_ID = 0x4C524452  # "LRDR": a liferooms directory published for volunteers


def directory_path(shared_path: str | os.PathLike) -> Path:
    path = Path(shared_path).expanduser()
    return path.with_name(f"{path.stem}.directory{path.suffix}")


def _mark(conn) -> str:
    """What the directory tables hold, in brief: rows and the newest seq of each (changes when they change)."""
    return json.dumps({t: conn.execute(f"SELECT count(*), coalesce(max(seq), 0) FROM {t}").fetchone()
                       for t in DIRECTORY_TABLES})


def _published_mark(target: Path) -> str | None:
    if not target.exists():
        return None
    try:
        conn = connect(target)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        finally:
            conn.close()
    except Error:
        return None  # unreadable: written again
    return f"{meta.get('file_id')} {meta.get('mark')}"


def publish(shared: SharedFile) -> bool:
    """Write the directory beside the shared file if it changed since it was last published; True if written.
    The caller holds the lease. Raises OSError or the driver's Error when the folder cannot take it."""
    conn, target = shared.conn, directory_path(shared.path)
    mark = _mark(conn)
    if _published_mark(target) == f"{shared.file_id} {mark}":
        return False
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.unlink(missing_ok=True)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IMODE(shared.path.stat().st_mode)))
    try:
        out = connect(tmp, mode="rw")
        try:
            out.execute("PRAGMA journal_mode=OFF")  # a new file nobody reads yet: fsynced whole before the rename
            out.execute("PRAGMA foreign_keys=OFF")  # the tables a directory row points to are not all published
            out.execute("BEGIN")
            out.execute("CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)")
            for model in SYNCED_TABLES:
                if table_name(model) in DIRECTORY_TABLES:
                    for statement in schema.table_sql(model):
                        out.execute(statement)
            top = conn.execute("SELECT value FROM meta WHERE key='seq'").fetchone()[0]
            for table in DIRECTORY_TABLES:
                marks = ", ".join("?" * (len(rows.NAMES[table]) + 1))
                found = conn.execute(f"SELECT {rows.quoted(table)}, seq FROM {table}").fetchall()
                out.executemany(f"INSERT INTO {table} ({rows.quoted(table)}, seq) VALUES ({marks})", found)
            out.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                            [("file_id", shared.file_id), ("seq", top), ("mark", mark),
                             ("published_at", utcnow().isoformat(timespec="seconds"))])
            out.execute(f"PRAGMA application_id={APPLICATION_ID}")
            out.execute(f"PRAGMA user_version={shared.version}")
            out.execute("COMMIT")
        finally:
            out.close()
        _swap(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return True


def _swap(tmp: Path, target: Path) -> None:
    """The new directory, on disk whole, takes the old one's place at once."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)


def open_directory(shared_path: Path) -> SharedFile:
    """The directory published beside the shared file, opened read-only, as a volunteer's sync reads it."""
    target = directory_path(shared_path)
    if not target.exists():
        if not Path(shared_path).exists():
            raise SyncError("missing", f"The shared file {shared_path} was not found: connect the share or USB "
                            "stick, or set the right path.")
        raise SyncError("missing", f"No directory is published beside the shared file yet ({target}): it is "
                        "written by the next sync from an advisor's laptop; sync again after that.")
    conn = None
    try:
        conn = connect(target)
        app_id, version = (conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("application_id", "user_version"))
        if app_id != APPLICATION_ID:
            raise SyncError("foreign", f"{target} is not a liferooms directory: it is written beside the shared file "
                            "by advisors' syncs; move the other file away.")
        if version > schema.SCHEMA_VERSION:
            raise SyncError("newer", f"The directory {target} was written by a newer liferooms: update liferooms on "
                            "this laptop, then sync again.")
        return SharedFile(target, conn, False, version)
    except (*Error, SyncError) as exc:
        if conn is not None:
            conn.close()
        if isinstance(exc, SyncError):
            raise
        raise explain(exc, target) from exc
