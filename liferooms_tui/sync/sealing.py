"""Sealing: a plain shared file from before encryption, encrypted in place under the service key.

Done by the first sync (or `shared init` on the lead's laptop) that has the key and holds the lease, with the
file's write lock taken too (no laptop writes it meanwhile, whatever its version):
1. a byte-for-byte copy of the plain file is kept beside it (NAME.plain-backup, readable by its owner only);
2. an encrypted copy is written beside it (.NAME.sealing, by sqlcipher_export) and verified: integrity check,
   the same tables with the same row counts, the same schema version and application id;
3. the encrypted copy takes the plain file's place (an atomic rename, never a rewrite in place: SQLite refuses
   to write a database file that was moved away, so a laptop that opened the plain file a moment before,
   outside the lease, cannot write into it unseen: it is told the file is read-only and keeps its queue);
4. the backup is removed once the file at the path opens with the key and is a liferooms shared file.
A sync killed at any point leaves the plain file in place (sealed again next time) or the encrypted one
(`tidy` then removes the backup the killed sync left, once the encrypted file has opened with the key).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from liferooms_tui.db.store import key_pragma
from liferooms_tui.sync.errors import SyncError
from liferooms_tui.sync.shared import SharedFile, connect, copy_private, open_shared


def backup_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.plain-backup")


def _facts(conn) -> tuple:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    return (counts, conn.execute("PRAGMA user_version").fetchone()[0],
            conn.execute("PRAGMA application_id").fetchone()[0])


def _fsync(path: Path, flags: int = os.O_RDONLY) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def seal(shared: SharedFile, key: bytes, retry: Callable) -> SharedFile:
    """Encrypt the plain shared file `shared` in place; returns it opened again, encrypted. The caller holds the
    lease. Raises SyncError (nothing changed) when the encrypted copy is not faithful."""
    path, conn = shared.path, shared.conn
    tmp, backup = path.with_name(f".{path.name}.sealing"), backup_path(path)
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal"), backup):
        leftover.unlink(missing_ok=True)  # from a sealing killed before the rename: the plain file is the newer
    retry(lambda: conn.execute("BEGIN IMMEDIATE"))
    replaced = False
    try:
        copy_private(path, backup)
        before = _facts(conn)
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # empty, private from the start
        exporter = connect(path)  # ATTACH is refused inside a transaction: a second connection exports
        try:
            exporter.execute(f"ATTACH DATABASE ? AS sealed KEY {key_pragma(key)}", (str(tmp),))
            exporter.execute("SELECT sqlcipher_export('sealed')")
            exporter.execute(f"PRAGMA sealed.user_version={int(before[1])}")
            exporter.execute(f"PRAGMA sealed.application_id={int(before[2])}")
            exporter.execute("DETACH DATABASE sealed")
        finally:
            exporter.close()
        check = connect(tmp, key=key)
        try:
            faithful = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok" and _facts(check) == before
        finally:
            check.close()
        if not faithful:
            raise SyncError("io", f"Encrypting the shared file {path} did not give a faithful copy, so it was left "
                            "as it was. Your queue is kept; sync again, and tell the lead if this repeats.")
        _fsync(tmp)
        os.replace(tmp, path)
        replaced = True
        _fsync(path.parent)
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        shared.close()
        if not replaced:
            tmp.unlink(missing_ok=True)
            backup.unlink(missing_ok=True)  # the plain file is untouched: no second plain copy on the share
    sealed = open_shared(path, key=key, write=True)
    backup.unlink()
    return sealed


def tidy(shared: SharedFile) -> None:
    """An encrypted shared file, opened with the key: remove the plain backup a killed sealing left beside it."""
    if shared.encrypted:
        backup_path(shared.path).unlink(missing_ok=True)
