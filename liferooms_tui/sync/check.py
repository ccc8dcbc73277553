"""`liferooms shared check`: what is in a shared file, read without writing a byte."""

from __future__ import annotations

from pathlib import Path

from liferooms_tui.db.models import SYNCED_TABLES, table_name
from liferooms_tui.sync import postgres, schema
from liferooms_tui.sync.errors import SyncError
from liferooms_tui.sync.lease import lease_path, read_lease
from liferooms_tui.sync.shared import DatabaseError, open_shared


def check_shared(path: str | Path, key: bytes | None) -> dict:
    """Integrity, schema version, rows per table, laptops seen and their last sync, read with the service `key`;
    raises SyncError when the file cannot be read as a liferooms shared file. A `postgresql://` URL: the same
    report, read from the server (its login is the key)."""
    if postgres.is_url(path):
        return _check_server(str(path))
    path = Path(path).expanduser()
    journal = path.with_name(path.name + "-journal")
    try:
        shared = open_shared(path, key=key, write=False, wait=5.0)
    except SyncError as exc:
        if exc.kind == "io" and journal.exists():
            raise SyncError("io", f"{path} has an unfinished write from a laptop that stopped mid-sync; the next "
                            "sync from a laptop that can write the file will finish undoing it. Check again "
                            "after that.") from exc
        raise
    conn = shared.conn
    try:
        problems: list[str] = []
        problems += _read(conn, lambda: [r[0] for r in conn.execute("PRAGMA integrity_check")], problems) or []
        tables = [table_name(m) for m in SYNCED_TABLES] + (["received", "conflict"] if shared.version >= 2 else [])
        counts = {t: _read(conn, lambda t=t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0], problems)
                  for t in tables}
        meta = _read(conn, lambda: dict(conn.execute("SELECT key, value FROM meta").fetchall()), problems) or {}
        laptops = _read(conn, lambda: [
            dict(zip(["laptop_id", "origin", "site", "app_version", "first_seen_at", "last_sync_at", "rows_pushed"],
                     row, strict=True))
            for row in conn.execute("SELECT laptop_id, origin, site, app_version, first_seen_at, last_sync_at, "
                                    "rows_pushed FROM laptop ORDER BY last_sync_at DESC")
        ], problems) or []
    finally:
        shared.close()
    lease = read_lease(lease_path(path))
    problems = list(dict.fromkeys(p for p in problems if p != "ok")) or ["ok"]
    return {
        "path": str(path),
        "ok": problems == ["ok"],
        "integrity": problems,
        "schema_version": shared.version,
        "schema_version_of_this_app": schema.SCHEMA_VERSION,
        "file_id": meta.get("file_id", ""),
        "created_at": meta.get("created_at", ""),
        "seq": int(meta.get("seq", 0)),
        "rows": counts,
        "laptops": laptops,
        "lease": lease.describe() if lease else None,
        "unfinished_write": journal.exists(),
        "encrypted": shared.encrypted,
    }


def _read(conn, what, problems: list[str]):
    """Read what can be read of a damaged file: a failure is noted as a problem and gives None."""
    try:
        return what()
    except DatabaseError as exc:
        problems.append(f"{exc}")
        return None


def _check_server(url: str) -> dict:
    """What is in a PostgreSQL shared store, read in one snapshot without writing (the server keeps its pages
    whole, so integrity is the schema's: the tables this version has, and every row's seq within the counter)."""
    shared = open_shared(url, write=False, wait=5.0)
    conn = shared.conn
    try:
        conn.execute("BEGIN")
        tables = [table_name(m) for m in SYNCED_TABLES] + ["received", "conflict"]
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        beyond = [t for t in (table_name(m) for m in SYNCED_TABLES)
                  if (conn.execute(f"SELECT max(seq) FROM {t}").fetchone()[0] or 0) > int(meta.get("seq", 0))]
        laptops = [
            dict(zip(["laptop_id", "origin", "site", "app_version", "first_seen_at", "last_sync_at", "rows_pushed"],
                     row, strict=True))
            for row in conn.execute("SELECT laptop_id, origin, site, app_version, first_seen_at, last_sync_at, "
                                    "rows_pushed FROM laptop ORDER BY last_sync_at DESC")
        ]
        conn.execute("COMMIT")
    except postgres.server_errors() as exc:
        raise postgres.explain(exc, url) from exc
    finally:
        shared.close()
    problems = [f"{t}: a row numbered past the counter" for t in beyond] or ["ok"]
    return {
        "path": shared.path,
        "ok": problems == ["ok"],
        "integrity": problems,
        "schema_version": shared.version,
        "schema_version_of_this_app": schema.SCHEMA_VERSION,
        "file_id": meta.get("file_id", ""),
        "created_at": meta.get("created_at", ""),
        "seq": int(meta.get("seq", 0)),
        "rows": counts,
        "laptops": laptops,
        "lease": None,
        "unfinished_write": False,
        "encrypted": None,  # at rest: the server's disks, not this app's key
        "server": True,
    }
