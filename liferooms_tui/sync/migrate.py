"""`liferooms shared migrate FROM TO`: a service's shared store moved to a new one (a file into PostgreSQL, or back).

The source is only read (a read-only file connection or a READ ONLY snapshot on the server) and must be of this
liferooms' schema (sync once with it first). The target must be new: a file not there yet, or an empty
database (made by whoever runs the server, as the owner role in the URL); it is made with the same schema and
filled in one transaction: every row of every table (bookkeeping, synced tables, versions received, the conflict
log), with their seq numbers, so the next push and pull behave as they did. It gets a file id of its own (and
`migrated_from`: the source's), so each laptop's first sync with it is a first pull: nothing is skipped even
if someone synced with the old store after the copy. Then both are read again and compared: rows per table and
a checksum per table (SHA-256 over the rows in id order, values as both stores give them). Any difference
stops it with a sentence; the source is never written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from liferooms_tui.db.models import SYNCED_TABLES, table_name
from liferooms_tui.sync import postgres, rows, schema
from liferooms_tui.sync.errors import SyncError
from liferooms_tui.sync.shared import Error, init_shared, open_shared

BOOKKEEPING = {"laptop": ("laptop_id", ["laptop_id", "origin", "site", "app_version", "first_seen_at",
                                       "last_sync_at", "rows_pushed"]),
               "received": ("tbl, id, version", ["tbl", "id", "version"]),
               "conflict": ("tbl, row_id, field, lost_version",
                            ["tbl", "row_id", "field", "kept_value", "kept_version", "lost_value", "lost_version",
                             "laptop_id", "at"])}
CHUNK = 2_000


@dataclass
class Moved:
    source: str
    target: str
    rows: dict[str, int] = field(default_factory=dict)
    checksums: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"ok": True, "source": self.source, "target": self.target, "rows": self.rows,
                "checksums": self.checksums}


def _tables() -> list[tuple[str, str, list[str]]]:
    """(table, order, columns) in the order they are written: parents before the rows that point to them."""
    synced = [(table_name(m), "id", [*rows.NAMES[table_name(m)], "seq"]) for m in SYNCED_TABLES]
    return [("laptop", *BOOKKEEPING["laptop"]), *synced, ("received", *BOOKKEEPING["received"]),
            ("conflict", *BOOKKEEPING["conflict"])]


def _read(conn, table: str, order: str, names: list[str]):
    quoted = ", ".join(f'"{n}"' for n in names)
    return conn.execute(f"SELECT {quoted} FROM {table} ORDER BY {order}")


def _canonical(value):
    return repr(float(value)) if isinstance(value, float) else value


def checksum(conn, table: str, order: str, names: list[str]) -> tuple[int, str]:
    """Rows and a SHA-256 over them (id order; one JSON line a row), the same for a file and a server."""
    digest, count = hashlib.sha256(), 0
    for row in _read(conn, table, order, names):
        digest.update(json.dumps([_canonical(v) for v in row], ensure_ascii=False).encode("utf-8") + b"\n")
        count += 1
    return count, digest.hexdigest()


def _label(target) -> str:
    return postgres.shown(target) if postgres.is_url(target) else str(target)


def _open_target(target: str, key: bytes | None, laptop_role: str | None) -> None:
    if postgres.is_url(target):
        init_shared(target, key=None, seed_directory=False, laptop_role=laptop_role)
    else:
        path = Path(target).expanduser()
        if path.exists():
            raise SyncError("exists", f"{path} already exists; the copy goes into a new file. Nothing was changed.")
        init_shared(path, key=key, seed_directory=False)


def migrate(source: str, target: str, *, key: bytes | None, laptop_role: str | None = None) -> Moved:
    """Copy the shared store `source` into a new store at `target`, check it, leave `source` as it was. A file
    is read and made with the service `key`; on a server, `laptop_role` is let read and write the new store."""
    if str(source) == str(target):
        raise SyncError("exists", "The source and the target are the same store: give a new one to copy into.")
    moved = Moved(_label(source), _label(target))
    src = open_shared(source, key=key, write=False, wait=5.0)
    if src.version != schema.SCHEMA_VERSION:
        src.close()
        raise SyncError("older", f"The shared store {moved.source} has schema {src.version}; sync once with it "
                        f"using this liferooms (schema {schema.SCHEMA_VERSION}) before moving it. Nothing was "
                        "changed.")
    made = False
    try:
        src.conn.execute("BEGIN")
        source_meta = dict(src.conn.execute("SELECT key, value FROM meta").fetchall())
        _open_target(target, key, laptop_role)
        made = True
        dst = open_shared(target, key=key, write=True, wait=30.0)
        try:
            dst.conn.execute("BEGIN IMMEDIATE")
            for table, order, names in _tables():
                _copy(src.conn, dst.conn, table, order, names)
            dst.conn.execute("UPDATE meta SET value = ? WHERE key = 'seq'", (source_meta.get("seq", "0"),))
            dst.conn.execute("INSERT INTO meta (key, value) VALUES ('migrated_from', ?)",
                             (source_meta.get("file_id", ""),))
            dst.conn.execute("COMMIT")
            for table, order, names in _tables():
                want = checksum(src.conn, table, order, names)
                got = checksum(dst.conn, table, order, names)
                if want != got:
                    raise SyncError("corrupt", f"The copy of {table} in {moved.target} differs from the source "
                                    f"({got[0]} rows for {want[0]}, or a checksum differs): do not use it; the "
                                    f"source {moved.source} is untouched.")
                moved.rows[table], moved.checksums[table] = want
        finally:
            dst.close()
        src.conn.execute("COMMIT")
    except Error as exc:
        raise SyncError("io", f"Could not copy {moved.source} into {moved.target} ({exc}); the source is "
                        "untouched" + (", the new store is incomplete: remove it before trying again." if made
                                       else ".")) from exc
    except postgres.server_errors() as exc:
        raise postgres.explain(exc, target if made else source) from exc
    finally:
        src.close()
    return moved


def _copy(src, dst, table: str, order: str, names: list[str]) -> None:
    quoted = ", ".join(f'"{n}"' for n in names)
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(names))})"
    cursor = _read(src, table, order, names)
    while True:
        part = cursor.fetchmany(CHUNK)
        if not part:
            return
        dst.executemany(sql, [tuple(row) for row in part])
