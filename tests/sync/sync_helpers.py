"""Helpers for the sync tests: "laptops" (data folders), fictional people and referrals, what each side holds."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from laptops import PASSPHRASE, SERVICE_KEY, open_laptop
from sqlmodel import select

from liferooms_tui import referrals
from liferooms_tui.config import DATABASE_FILE, Settings, resolve_paths, save_settings
from liferooms_tui.db.keys import KEYS_FILE
from liferooms_tui.db.models import SYNCED_TABLES, OutboxEntry, Partner
from liferooms_tui.dropin import people
from liferooms_tui.runtime import open_runtime
from liferooms_tui.sync import directory_file, engine, service_key, shared

PULLED = ["partner", "person", "referral", "referralevent", "feedback"]


_TEMPLATES: dict[str, Path] = {}


def _template(kind: str) -> Path:
    """A fresh laptop database (sample directory seeded) and a fresh shared file, made once and copied: a new
    laptop's database holds nothing of the laptop itself, so copies are as good as new ones, and faster."""
    if kind not in _TEMPLATES:
        root = Path(tempfile.mkdtemp(prefix="liferooms-sync-templates-"))
        atexit.register(shutil.rmtree, root, True)
        if kind == "laptop":  # joined: it holds the tests' service key
            rt = open_laptop(root / "laptop")
            with rt.store.session() as session:
                service_key.keep_key(session, rt.actor, SERVICE_KEY)
            rt.close()
            _TEMPLATES[kind] = root / "laptop" / DATABASE_FILE
        else:  # encrypted with the tests' service key, with the directory published beside it for volunteers
            _TEMPLATES[kind] = shared.init_shared(root / "shared.db", key=SERVICE_KEY)
            made = shared.open_shared(_TEMPLATES[kind], key=SERVICE_KEY)
            directory_file.publish(made)
            made.close()
    return _TEMPLATES[kind]


def make_laptop(root: Path, name: str, site: str = "Bootle Hub"):
    """A laptop with its own data folder, laptop id and site (fictional)."""
    paths = resolve_paths(str(root / name))
    save_settings(paths, Settings(advisor=f"Advisor {name}", site=site, laptop_id=f"lap{name}"))
    shutil.copyfile(_template("laptop"), paths.database)
    shutil.copyfile(_template("laptop").with_name(KEYS_FILE), paths.data_dir / KEYS_FILE)
    return open_runtime(str(root / name), passphrase=PASSPHRASE)


class _Backend:
    """The shared store the tests of this worker use now: the file, or (tests run on both) a PostgreSQL server."""

    server = None  # a tests/pgserver.Server while a test runs on PostgreSQL
    template = ""  # a database made once by init_shared, copied for each new store
    made = 0


BACKEND = _Backend()


def use_server(server) -> None:
    BACKEND.server = server


def new_shared(root: Path, name: str = "shared.db") -> Path | str:
    """A new shared file, encrypted with SERVICE_KEY, and its directory for volunteers beside it (copies of ones
    made by init_shared and directory_file.publish; test_sync_push checks init_shared itself); or, while the
    test runs on PostgreSQL, a database of its own (a copy of one made by init_shared), as the URL a laptop
    would have in settings."""
    if BACKEND.server is not None:
        return new_database(BACKEND.server)
    path = root / name
    shutil.copyfile(_template("shared"), path)
    shutil.copyfile(directory_file.directory_path(_template("shared")), directory_file.directory_path(path))
    path.chmod(0o600)
    return path


def new_database(server, *, init: bool = True) -> str:
    """A new database on the test server: a copy of the initialised template (`init`), or empty."""
    if init and not BACKEND.template:
        BACKEND.template = server.create_database(f"lr_template_{os.getpid()}")
        shared.init_shared(server.url(BACKEND.template), key=None)
    BACKEND.made += 1
    name = server.create_database(f"lr_{os.getpid()}_{BACKEND.made}",
                                  template=BACKEND.template if init else "template0")
    return server.url(name)


def connect_shared(path: Path | str, mode: str = "ro"):
    """A connection to a test shared store: a file opened with the tests' service key (plain files open as they
    are), or a PostgreSQL store (through the same adapter sync uses: sqlite3's execute either way)."""
    if isinstance(path, str) and "://" in path:
        from liferooms_tui.sync.postgres import connect
        return connect(path)
    return shared.connect(path, mode=mode, key=None if shared.is_plain(path) else SERVICE_KEY)


def sync(laptop, path, **kw):
    return engine.run_sync(laptop, str(path), **kw)


def open_partner(session, limited: bool | None = None) -> Partner:
    """A running sample partner anyone can be referred to (no catchment, benefits, age or prior-use rule); `limited`
    asks for one with (True) or without (False) a weekly capacity."""
    order = (Partner.capacity_per_week, Partner.id) if limited else (Partner.id,)
    for partner in session.exec(select(Partner).order_by(*order)):
        if not partner.active or partner.catchment or partner.benefits_required or partner.min_age or partner.max_age:
            continue
        if partner.prior_use_months or (limited is not None and limited != bool(partner.capacity_per_week)):
            continue
        return partner
    raise AssertionError("no open partner in the sample directory")


def add_referral(laptop, name: str = "Sam T. (fictional)", partner_id: str | None = None) -> tuple[str, str]:
    """A fictional person and a referral for them; returns (person id, referral id)."""
    with laptop.store.session() as session:
        person = people.add_person(session, laptop.actor, name, postcode_district="L20", consent_store=True,
                                   consent_share=True, date_of_birth=date(1980, 5, 1))
        partner_id = partner_id or open_partner(session).id
        referral = referrals.create_referral(session, laptop.actor, person.id, partner_id, need="wellbeing",
                                             overrides={"capacity": "Fictional: agreed by phone."})
        return person.id, referral.id


def unsent(laptop) -> list[int]:
    with laptop.store.session() as session:
        return list(session.exec(select(OutboxEntry.seq).where(OutboxEntry.sent_at.is_(None))))


def local_rows(laptop, table: str) -> dict[str, dict]:
    model = next(m for m in SYNCED_TABLES if m.__tablename__ == table)
    with laptop.store.session() as session:
        return {r.id: r.model_dump(mode="json") for r in session.exec(select(model))}


def shared_rows(path: Path | str, table: str) -> dict[str, str]:
    """id -> version of every row of a table in the shared store."""
    conn = connect_shared(path)
    try:
        return dict(conn.execute(f"SELECT id, version FROM {table}").fetchall())
    finally:
        conn.close()


def shared_value(path: Path | str, sql: str, params=()):
    conn = connect_shared(path)
    try:
        return [tuple(row) for row in conn.execute(sql, params).fetchall()]
    finally:
        conn.close()


def shared_state(path: Path | str):
    """Something that changes whenever the shared store is written: the file's bytes, or on PostgreSQL every row
    of its bookkeeping and the row count of every table."""
    if not isinstance(path, str):
        return Path(path).read_bytes()
    tables = [m.__tablename__ for m in SYNCED_TABLES] + ["received", "conflict"]
    return (shared_value(path, "SELECT key, value FROM meta ORDER BY key"),
            shared_value(path, "SELECT * FROM laptop ORDER BY laptop_id"),
            [shared_value(path, f"SELECT count(*) FROM {t}") for t in tables])


def server_sessions(url: str, wait: float = 5.0) -> int:
    """How many other liferooms sessions the server still has open (a closed one may take a moment to go)."""
    deadline = time.monotonic() + wait
    while True:
        (count,), = shared_value(url, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'liferooms' "
                                 "AND pid <> pg_backend_pid()")
        if count == 0 or time.monotonic() > deadline:
            return count
        time.sleep(0.05)
