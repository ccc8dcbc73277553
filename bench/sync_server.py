"""The shared file beside a PostgreSQL shared store, in the same run (bench/sync.py's "server" section).

- push: 10,000 queued referrals (with 1,000 people and 10,000 first status events) into a new store;
- nothing new: a sync with nothing to send or receive against 1,000, 100,000 and 1,000,000 rows of history made
  at another laptop (the laptop's pull cursor set to the top, as after its first pull: what is timed is the
  store's side, which is what grows); median of 9; target: 1,000,000 within 2x of 1,000;
- 50 laptops at once: 50 processes, each with 20 referrals queued, sync together (then once more each, so
  everyone hears of everyone); p95 and longest sync time, failures, and whether every laptop ends with all
  1,000 referrals (converged) and nothing queued.
The PostgreSQL server is a throwaway one started here (tests/pgserver.py: fsync off, as for the tests; a real
server's commits cost a disk flush each), on the same machine, over a Unix socket.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import pgserver  # noqa: E402
from sqlmodel import select  # noqa: E402

from liferooms_tui.config import Settings, resolve_paths, save_settings  # noqa: E402
from liferooms_tui.db.clock import format_stamp  # noqa: E402
from liferooms_tui.db.keys import Cost  # noqa: E402
from liferooms_tui.db.models import OutboxEntry, Person, Referral, ReferralEvent, SyncMeta  # noqa: E402
from liferooms_tui.runtime import open_runtime, setup_laptop  # noqa: E402
from liferooms_tui.sync import pull as pulling  # noqa: E402
from liferooms_tui.sync import rows, service_key  # noqa: E402
from liferooms_tui.sync.engine import run_sync  # noqa: E402
from liferooms_tui.sync.shared import connect, init_shared, open_shared  # noqa: E402

PASSPHRASE = "bench passphrase (fictional)"
CHEAP = Cost(n=2**4, r=1, p=1)  # the laptops' key derivation is not what is measured here
PER_LAPTOP = 20
SERVICE_KEY = os.urandom(32)  # the file stores are encrypted with it, every bench laptop holds it


class Stores:
    """Makes new stores of either kind: a file in `root`, or a database on the bench's server."""

    def __init__(self, root: Path, server):
        self.root, self.server, self.made = root, server, 0

    def new(self, kind: str, *, seed: bool = True) -> str:
        self.made += 1
        if kind == "file":
            return str(init_shared(self.root / f"store{self.made}.db", key=SERVICE_KEY, seed_directory=seed))
        url = self.server.url(self.server.create_database(f"bench{self.made}"))
        init_shared(url, key=None, seed_directory=seed)
        return url


def cheap_laptop(root: Path, name: str):
    paths = resolve_paths(str(root / name))
    save_settings(paths, Settings(advisor="Bench", site="Bootle Hub", laptop_id=f"bench{name}"))
    rt = setup_laptop(str(root / name), advisor="Bench", site="Bootle Hub", passphrase=PASSPHRASE, cost=CHEAP)
    with rt.store.session() as session:
        service_key.keep_key(session, rt.actor, SERVICE_KEY)
    return rt


def push_time(stores: Stores, kind: str, count: int, queue) -> float:
    rt = cheap_laptop(stores.root, f"push-{kind}-{count}")
    queued = queue(rt, count)
    target = stores.new(kind)
    start = time.perf_counter()
    report = run_sync(rt, target, wait=600)
    seconds = time.perf_counter() - start
    assert report.pushed == queued and report.queued == 0, report
    rt.close()
    return seconds


def fill_history(target: str, size: int) -> None:
    """`size` rows made at another laptop (people, referrals, status events 1:2:2) and their versions received,
    written straight into the store in one transaction (what many syncs from elsewhere would have left)."""
    shared = open_shared(target, write=True) if "://" in target else None
    conn = shared.conn if shared else connect(target, mode="rw", key=SERVICE_KEY)
    partners = [r[0] for r in conn.execute("SELECT id FROM partner ORDER BY id LIMIT 50")]
    conn.execute("BEGIN IMMEDIATE")
    seq = int(conn.execute("SELECT value FROM meta WHERE key='seq'").fetchone()[0])
    base = int(time.time() * 1000) - 10_000_000
    batches: dict[str, list] = {"person": [], "referral": [], "referralevent": [], "received": []}

    def put(table: str, model) -> None:
        nonlocal seq
        seq += 1
        model.origin_site, model.version = "kirkdale-hub:benchother", format_stamp(base + seq, 0, "benchother")
        payload = model.model_dump(mode="json")
        batches[table].append([*rows.encode(table, payload), seq])
        batches["received"].append((table, payload["id"], payload["version"]))

    def flush() -> None:
        for table in ("person", "referral", "referralevent"):
            marks = ", ".join("?" * (len(rows.NAMES[table]) + 1))
            conn.executemany(f"INSERT INTO {table} ({rows.quoted(table)}, seq) VALUES ({marks})", batches[table])
            batches[table].clear()
        conn.executemany("INSERT INTO received VALUES (?, ?, ?)", batches["received"])
        batches["received"].clear()

    for n in range(size // 5):
        person = Person(display_name=f"History {n} (fictional)", postcode_district="L4", consent_store=True,
                        consent_share=True)
        put("person", person)
        for k in range(2):
            referral = Referral(person_id=person.id, partner_id=partners[(n + k) % len(partners)], need="housing",
                                consent_share=True)
            put("referral", referral)
            put("referralevent", ReferralEvent(referral_id=referral.id, status="sent", at=referral.created_at))
        if len(batches["received"]) >= 20_000:
            flush()
    flush()
    conn.execute("UPDATE meta SET value=? WHERE key='seq'", (str(seq),))
    conn.execute("COMMIT")
    conn.close()


def idle_time(stores: Stores, kind: str, size: int, runs: int = 9) -> float:
    target = stores.new(kind)
    fill_history(target, size)
    shared = open_shared(target, key=SERVICE_KEY, write=False)
    file_id, top = shared.file_id, int(shared.conn.execute("SELECT value FROM meta WHERE key='seq'").fetchone()[0])
    shared.close()
    rt = cheap_laptop(stores.root, f"idle-{kind}-{size}")
    with rt.store.session() as session:  # as after its first pull
        session.add(SyncMeta(key=pulling.cursor_key(file_id), value=str(top)))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        report = run_sync(rt, target)
        times.append(time.perf_counter() - start)
        assert report.pushed == report.pulled == 0, report
    rt.close()
    return statistics.median(times)


def one_laptop(data_dir: str, target: str, start_at, results) -> None:
    """A child process: open the laptop, wait for the start, sync; then sync again once all have (convergence)."""
    rt = open_runtime(data_dir, passphrase=PASSPHRASE)
    start_at.wait()
    began = time.perf_counter()
    try:
        run_sync(rt, target, wait=600)
        results.put((data_dir, "first", time.perf_counter() - began, ""))
    except Exception as exc:  # noqa: BLE001 (counted as a failure in the figures)
        results.put((data_dir, "first", time.perf_counter() - began, str(exc)[:120]))
    rt.close()


def many(stores: Stores, kind: str, laptops: int = 50) -> dict:
    target = stores.new(kind)
    dirs = []
    for n in range(laptops):
        rt = cheap_laptop(stores.root, f"many-{kind}-{n}")
        add_referrals(rt, PER_LAPTOP, n)
        dirs.append(str(rt.paths.data_dir))
        rt.close()
    spawn = multiprocessing.get_context("spawn")
    start_at, results = spawn.Barrier(laptops + 1), spawn.Queue()
    procs = [spawn.Process(target=one_laptop, args=(d, target, start_at, results)) for d in dirs]
    for p in procs:
        p.start()
    start_at.wait()
    began = time.perf_counter()
    got = [results.get(timeout=900) for _ in procs]
    wall = time.perf_counter() - began
    for p in procs:
        p.join(60)
    times = sorted(g[2] for g in got)
    failures = [g[3] for g in got if g[3]]
    converged = 0
    for d in dirs:  # a second, quiet sync each, then every laptop should hold every laptop's referrals
        rt = open_runtime(d, passphrase=PASSPHRASE)
        run_sync(rt, target, wait=600)
        with rt.store.session() as session:
            count = len(session.exec(select(Referral.id)).all())
            queued = len(session.exec(select(OutboxEntry.seq).where(OutboxEntry.sent_at.is_(None))).all())
        converged += count == laptops * PER_LAPTOP and queued == 0
        rt.close()
    return {"p95": times[int(0.95 * (len(times) - 1))], "longest": times[-1], "median": statistics.median(times),
            "wall": wall, "failures": failures, "converged": converged, "laptops": laptops}


def add_referrals(rt, count: int, n: int) -> None:
    from datetime import date

    from liferooms_tui import referrals
    from liferooms_tui.dropin import people
    with rt.store.session() as session:
        from liferooms_tui.db.models import Partner
        partner = next(p for p in session.exec(select(Partner).order_by(Partner.id)) if p.active and not (
            p.catchment or p.benefits_required or p.min_age or p.max_age or p.prior_use_months or
            p.capacity_per_week))
        for k in range(count):
            person = people.add_person(session, rt.actor, f"Many {n}-{k} (fictional)", postcode_district="L20",
                                       consent_store=True, consent_share=True, date_of_birth=date(1980, 5, 1))
            referrals.create_referral(session, rt.actor, person.id, partner.id, need="wellbeing")


def server_section(root: Path, queue, sizes=(1_000, 100_000, 1_000_000), laptops: int = 50) -> None:
    try:
        server = pgserver.start()
    except pgserver.NoServer as exc:
        print(f"PostgreSQL: not measured ({exc})")
        return
    try:
        stores = Stores(root, server)
        print("The shared file beside PostgreSQL 15 (same machine, same run)")
        print(f"{'':>38} {'file':>10} {'PostgreSQL':>11}")
        pushes = {kind: push_time(stores, kind, 10_000, queue) for kind in ("file", "postgres")}
        print(f"{'push of 10,000 referrals (s)':>38} {pushes['file']:>10.2f} {pushes['postgres']:>11.2f}")
        idle: dict[str, dict[int, float]] = {"file": {}, "postgres": {}}
        for size in sizes:
            for kind in ("file", "postgres"):
                idle[kind][size] = idle_time(stores, kind, size)
            print(f"{f'nothing new, {size:,} rows of history (ms)':>38} {idle['file'][size] * 1000:>10.1f} "
                  f"{idle['postgres'][size] * 1000:>11.1f}")
        top, low = max(sizes), min(sizes)
        print(f"{f'ratio {top:,} / {low:,}':>38} {idle['file'][top] / idle['file'][low]:>9.2f}x "
              f"{idle['postgres'][top] / idle['postgres'][low]:>10.2f}x   (target: within 2x)")
        crowd = {kind: many(stores, kind, laptops) for kind in ("file", "postgres")}
        for label, key, scale in ((f"{laptops} laptops at once: p95 sync (s)", "p95", 1),
                                  ("longest sync (s)", "longest", 1), ("all done after (s)", "wall", 1)):
            print(f"{label:>38} {crowd['file'][key] * scale:>10.2f} {crowd['postgres'][key] * scale:>11.2f}")
        print(f"{'failed syncs':>38} {len(crowd['file']['failures']):>10} {len(crowd['postgres']['failures']):>11}")
        print(f"{'laptops converged (all referrals)':>38} {crowd['file']['converged']:>10} "
              f"{crowd['postgres']['converged']:>11}")
        for kind in ("file", "postgres"):
            for failure in crowd[kind]["failures"][:3]:
                print(f"  {kind} failure: {failure}")
    finally:
        server.stop()
