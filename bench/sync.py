"""Sync benchmark (fictional data): `python bench/sync.py`.

1. Push: time to sync 10,000 queued referrals (with their 1,000 people and 10,000 first status events) into a
   new shared file; baseline in the same run: the same with 1,000 referrals, and a bare sqlite3 executemany
   of the same rows (the floor: no checks, no conflict handling, no outbox).
2. Nothing new: time of a sync with nothing to send or receive, against a shared file holding 1,000 and
   100,000 rows of history (made at another laptop, already pulled); the second should stay within 2x.
3. Write lock during a first pull of 100,000 rows, applied in chunks (as sync does) and, the baseline in the
   same run, as one transaction (chunk size = everything, as before): the longest local write-lock hold,
   measured twice: each local transaction of the pull timed from BEGIN to COMMIT, and a probe in another
   process that takes the write lock (BEGIN IMMEDIATE ... COMMIT) over and over on the laptop's database
   and records its longest wait. Target: no hold over 250 ms.

4. The shared file beside a PostgreSQL store, in the same run (bench/sync_server.py): push of 10,000 referrals,
   a sync with nothing new at 1,000, 100,000 and 1,000,000 rows of history, and 50 laptops syncing at once.

    python bench/sync.py                 # all four
    python bench/sync.py --only lock     # just the third
    python bench/sync.py --only server --sizes 1000,100000 --laptops 10   # a quicker fourth
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import sqlcipher3

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import select  # noqa: E402

from liferooms_tui.access import Actor  # noqa: E402
from liferooms_tui.config import Settings, load_settings, resolve_paths, save_settings  # noqa: E402
from liferooms_tui.db.clock import format_stamp  # noqa: E402
from liferooms_tui.db.keys import Keys, keys_path  # noqa: E402
from liferooms_tui.db.models import Partner, Person, Referral, ReferralEvent, utcnow  # noqa: E402
from liferooms_tui.db.outbox import save  # noqa: E402
from liferooms_tui.db.store import Store, key_pragma  # noqa: E402
from liferooms_tui.directory.sample import seed_if_empty  # noqa: E402
from liferooms_tui.runtime import Runtime, setup_laptop  # noqa: E402
from liferooms_tui.sync import pull as pulling  # noqa: E402
from liferooms_tui.sync import rows, sealing, service_key  # noqa: E402
from liferooms_tui.sync.engine import run_sync  # noqa: E402
from liferooms_tui.sync.shared import connect, init_shared, open_shared  # noqa: E402

PASSPHRASE = "bench passphrase (fictional)"
SERVICE_KEY = os.urandom(32)  # every bench laptop is given it; the shared files are encrypted with it


@contextlib.contextmanager
def plain_shared_file():
    """The baseline of bench/encryption.py: syncs with a plain shared file left plain, as before it was
    encrypted (a sync with a key seals a plain file first; here that step is skipped)."""
    real = sealing.seal
    sealing.seal = lambda shared, key, retry: shared
    try:
        yield
    finally:
        sealing.seal = real


def laptop(root: Path, name: str, encrypted: bool = True):
    """An advisor's laptop as set up by `liferooms setup` (encrypted); `encrypted=False`: the same on a plain
    SQLite database, the baseline of bench/encryption.py."""
    paths = resolve_paths(str(root / name))
    save_settings(paths, Settings(advisor="Bench", site="Bootle Hub", laptop_id=f"bench{name}"))
    if encrypted:
        rt = setup_laptop(str(root / name), advisor="Bench", site="Bootle Hub", passphrase=PASSPHRASE)
    else:
        store = Store(paths.database)
        with store.session() as session:
            seed_if_empty(session)
        settings = load_settings(paths)
        actor = Actor(name=settings.advisor, site=settings.site, role="advisor", laptop_id=settings.laptop_id)
        rt = Runtime(paths, settings, store, actor, Keys(keys_path(paths.data_dir), "advisor"))
    with rt.store.session() as session:
        service_key.keep_key(session, rt.actor, SERVICE_KEY)
    return rt


def queue_referrals(rt, count: int) -> int:
    """Queue `count` referrals (one person per ten) the way the services do: through the outbox."""
    with rt.store.session() as session:
        partners = [p.id for p in session.exec(select(Partner).limit(50))]
        person = None
        for n in range(count):
            if n % 10 == 0:
                person = save(session, rt.actor, Person(display_name=f"Bench {n // 10} (fictional)",
                                                        postcode_district="L20", consent_store=True,
                                                        consent_share=True))
            referral = save(session, rt.actor, Referral(person_id=person.id, partner_id=partners[n % len(partners)],
                                                        need="wellbeing", consent_share=True, created_by="Bench"))
            save(session, rt.actor, ReferralEvent(referral_id=referral.id, status="queued", by="Bench"))
    return count + count // 10 + count


def timed_push(root: Path, count: int, encrypted: bool = True) -> tuple[float, int]:
    rt = laptop(root, f"push{count}{'' if encrypted else 'plain'}", encrypted)
    queued = queue_referrals(rt, count)
    path = init_shared(root / f"push{count}{'' if encrypted else 'plain'}.db", key=SERVICE_KEY if encrypted else None)
    with contextlib.nullcontext() if encrypted else plain_shared_file():
        start = time.perf_counter()
        report = run_sync(rt, str(path))
        seconds = time.perf_counter() - start
    assert report.pushed == queued and report.queued == 0, report
    rt.close()
    return seconds, queued


def bare_insert(root: Path, count: int) -> float:
    """The floor: the same rows written by executemany into the same schema, nothing else."""
    rt = laptop(root, f"bare{count}")
    queue_referrals(rt, count)
    with rt.store.session() as session:
        from liferooms_tui.db.models import OutboxEntry
        entries = [(e.table_name, e.payload) for e in session.exec(select(OutboxEntry).order_by(OutboxEntry.seq))]
    path = init_shared(root / f"bare{count}.db", key=SERVICE_KEY)
    conn = connect(path, mode="rw", key=SERVICE_KEY)
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    for seq, (table, payload) in enumerate(entries, 1):
        values = rows.encode(table, {k: payload.get(k) for k in rows.NAMES[table]})
        marks = ", ".join("?" * (len(values) + 1))
        conn.execute(f"INSERT OR REPLACE INTO {table} ({rows.quoted(table)}, seq) VALUES ({marks})", [*values, seq])
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    rt.close()
    return seconds


def history_file(root: Path, size: int, encrypted: bool = True) -> Path:
    """A shared file with `size` rows made at another laptop: people, referrals and status events (1:2:2)."""
    key = SERVICE_KEY if encrypted else None
    path = init_shared(root / f"history{size}{'' if encrypted else 'plain'}.db", key=key)
    conn = connect(path, mode="rw", key=key)
    partners = [r[0] for r in conn.execute("SELECT id FROM partner LIMIT 50")]
    conn.execute("BEGIN")
    seq = int(conn.execute("SELECT value FROM meta WHERE key='seq'").fetchone()[0])
    base = int(time.time() * 1000) - 10_000_000
    now = utcnow()

    def put(table: str, model) -> None:
        nonlocal seq
        seq += 1
        model.origin_site, model.version = "kirkdale-hub:benchother", format_stamp(base + seq, 0, "benchother")
        payload = model.model_dump(mode="json")
        marks = ", ".join("?" * (len(rows.NAMES[table]) + 1))
        conn.execute(f"INSERT INTO {table} ({rows.quoted(table)}, seq) VALUES ({marks})",
                     [*rows.encode(table, payload), seq])
        conn.execute("INSERT INTO received VALUES (?, ?, ?)", (table, payload["id"], payload["version"]))

    for n in range(size // 5):
        person = Person(display_name=f"History {n} (fictional)", postcode_district="L4", consent_store=True,
                        consent_share=True)
        put("person", person)
        for k in range(2):
            referral = Referral(person_id=person.id, partner_id=partners[(n + k) % len(partners)], need="housing",
                                consent_share=True, created_at=now - timedelta(days=n % 300))
            put("referral", referral)
            put("referralevent", ReferralEvent(referral_id=referral.id, status="sent", at=referral.created_at))
    conn.execute("UPDATE meta SET value=? WHERE key='seq'", (str(seq),))
    conn.execute("COMMIT")
    conn.close()
    return path


def first_pull(root: Path, path: Path, name: str, encrypted: bool = True) -> float:
    """Seconds of a new laptop's first sync, which receives the whole history of the shared file."""
    rt = laptop(root, name, encrypted)
    with contextlib.nullcontext() if encrypted else plain_shared_file():
        start = time.perf_counter()
        report = run_sync(rt, str(path))
        seconds = time.perf_counter() - start
    assert report.pulled > 0, report
    rt.close()
    return seconds


def nothing_new(root: Path, size: int, runs: int = 9) -> tuple[float, float]:
    path = history_file(root, size)
    rt = laptop(root, f"idle{size}")
    start = time.perf_counter()
    first = run_sync(rt, str(path))
    first_seconds = time.perf_counter() - start
    assert first.pulled >= size, first
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        report = run_sync(rt, str(path))
        times.append(time.perf_counter() - start)
        assert report.pushed == report.pulled == 0, report
    rt.close()
    return statistics.median(times), first_seconds


def probe(database: str, key: bytes | None, ready, stop, longest, attempts) -> None:
    """Another program writing the laptop's database: take the write lock over and over, note the longest wait."""
    conn = sqlcipher3.connect(database, timeout=1, isolation_level=None)
    if key is not None:
        conn.execute(f"PRAGMA key={key_pragma(key)}")
    conn.execute("PRAGMA journal_mode=WAL")
    ready.set()
    while not stop.is_set():
        start = time.perf_counter()
        while True:  # a write waits as long as it takes (the app would say "busy" and try again)
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlcipher3.OperationalError:
                longest.value = max(longest.value, time.perf_counter() - start)
        waited = time.perf_counter() - start
        conn.execute("COMMIT")
        longest.value = max(longest.value, waited)
        attempts.value += 1
        time.sleep(0.002)
    conn.close()


def lock_hold(root: Path, path: Path, chunked: bool) -> dict:
    """A first pull of the whole history into a new laptop, with the probe running; the figures."""
    rt = laptop(root, f"lock{'chunked' if chunked else 'whole'}")
    shared = open_shared(path, key=SERVICE_KEY, write=False)
    try:
        snap = pulling.fetch(shared.conn, rt.store, shared.file_id, rt.actor.laptop_id, retry=lambda work: work())
        file_id = shared.file_id
    finally:
        shared.close()
    assert snap is not None
    spawn = multiprocessing.get_context("spawn")
    ready, stop = spawn.Event(), spawn.Event()
    longest, attempts = spawn.Value("d", 0.0), spawn.Value("i", 0)
    prober = spawn.Process(target=probe, args=(str(rt.store.path), rt.data_key, ready, stop, longest, attempts))
    prober.start()
    ready.wait(30)
    held: list[float] = []
    start = time.perf_counter()
    written = pulling.apply_snapshot(rt.store, snap, file_id, rt.actor.laptop_id,
                                     chunk_rows=None if chunked else len(snap.order) + 1, held=held)
    seconds = time.perf_counter() - start
    stop.set()
    prober.join(30)
    rt.close()
    held.sort()
    return {"rows": len(snap.order), "written": written, "transactions": len(held), "longest": held[-1],
            "p95": held[int(0.95 * (len(held) - 1))],
            "probe": longest.value, "probes": attempts.value, "seconds": seconds}


def lock_section(root: Path) -> None:
    size = 100_000
    path = history_file(root, size)
    print(f"Local write lock during a first pull of {size:,} rows (people, referrals, status events)")
    print(f"{'applied as':>28} {'rows':>8} {'written':>8} {'transactions':>12} {'BEGIN..COMMIT p95 (ms)':>23} "
          f"{'longest BEGIN..COMMIT (ms)':>27} "
          f"{'probe longest wait (ms)':>24} {'probe writes':>12} {'pull (s)':>8}")
    for chunked, label in ((False, "one transaction (before)"), (True, "chunks of ~50 ms (now)")):
        r = lock_hold(root, path, chunked)
        print(f"{label:>28} {r['rows']:>8,} {r['written']:>8,} {r['transactions']:>12,} {r['p95'] * 1000:>23.0f} "
              f"{r['longest'] * 1000:>27.0f} "
              f"{r['probe'] * 1000:>24.0f} {r['probes']:>12,} {r['seconds']:>8.2f}")
    print(f"target: no local write lock held over 250 ms; load average {os.getloadavg()[0]:.1f} (other programs "
          "on the machine stretch every hold)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["push", "idle", "lock", "server"], help="run one section")
    parser.add_argument("--sizes", default="1000,100000,1000000", help="server section: rows of history")
    parser.add_argument("--laptops", type=int, default=50, help="server section: laptops syncing at once")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="liferooms-bench-sync-"))
    try:
        if args.only in (None, "push"):
            push_section(root)
        if args.only in (None, "idle"):
            idle_section(root)
        if args.only in (None, "lock"):
            lock_section(root)
        if args.only in (None, "server"):
            from sync_server import server_section
            server_section(root, queue_referrals, tuple(int(n) for n in args.sizes.split(",")), args.laptops)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def push_section(root: Path) -> None:
    print("Push of queued referrals (each with a first status event; one person per ten referrals)")
    print(f"{'referrals':>10} {'rows':>7} {'sync (s)':>9} {'ms/1000 rows':>13} {'bare insert (s)':>16}")
    for count in (1_000, 10_000):
        seconds, queued = timed_push(root, count)
        bare = bare_insert(root, count)
        print(f"{count:>10,} {queued:>7,} {seconds:>9.2f} {seconds / queued * 1e6:>13.1f} {bare:>16.2f}")
    print()


def idle_section(root: Path) -> None:
    print("Sync with nothing new (median of 9), after a first sync that pulled the history")
    print(f"{'history rows':>13} {'nothing new (ms)':>17} {'first pull (s)':>15}")
    results = {}
    for size in (1_000, 100_000):
        idle, first = nothing_new(root, size)
        results[size] = idle
        print(f"{size:>13,} {idle * 1000:>17.1f} {first:>15.2f}")
    ratio = results[100_000] / results[1_000]
    print(f"ratio 100,000 / 1,000: {ratio:.2f}x ({'within' if ratio <= 2 else 'NOT within'} 2x)")
    print()


if __name__ == "__main__":
    main()
