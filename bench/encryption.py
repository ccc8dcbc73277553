"""What encryption at rest costs (fictional data): `python bench/encryption.py [--referrals N] [--history N]`.

Each figure is measured twice in the same run: on an encrypted laptop database (SQLCipher 4, as `liferooms setup`
makes it) syncing with a shared file encrypted with the service key (as `liferooms shared init` makes it), and on
a plain SQLite laptop database with a plain shared file (the baseline), with the ratio; the aim is 1.3x or less.
1. Push: a sync that sends 10,000 queued referrals (with their people and first status events).
2. Reports: the report set over every referral of a database of 100,000 (best of 3).
3. App start: opening the data folder (the passphrase's scrypt and the first read), median of 5.
4. First pull: a new laptop's first sync, receiving a shared file's history (people, referrals, events).
5. The shared file alone: reading that history from the shared file (a first pull's read, nothing applied),
   plain and encrypted with the service key, interleaved, median of 5: what the shared file's encryption costs
   apart from the laptop's own (and less swayed by other work on the machine than the whole syncs above).
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import reports as report_bench  # noqa: E402
import sync as sync_bench  # noqa: E402

from liferooms_tui.db.keys import DEFAULT_COST, scrypt, verify_old_hash  # noqa: E402
from liferooms_tui.db.store import Store, encrypt_in_place  # noqa: E402
from liferooms_tui.reports import build_reports  # noqa: E402
from liferooms_tui.reports.period import Period  # noqa: E402
from liferooms_tui.runtime import open_runtime  # noqa: E402
from liferooms_tui.sync import pull as pulling  # noqa: E402
from liferooms_tui.sync.shared import open_shared  # noqa: E402

GOAL = 1.3


def push(root: Path, count: int) -> tuple[float, float]:
    plain, _ = sync_bench.timed_push(root, count, encrypted=False)
    encrypted, _ = sync_bench.timed_push(root, count, encrypted=True)
    return plain, encrypted


def reports(root: Path, count: int, repeat: int) -> tuple[float, float]:
    """The same database, plain and encrypted under a random key (encrypt_in_place, as an upgrade does)."""
    plain_store = report_bench.build(root / "reports-plain", count)
    plain_store.close()
    (root / "reports-encrypted").mkdir()
    copy = root / "reports-encrypted" / "liferooms.db"
    shutil.copyfile(plain_store.path, copy)
    key = os.urandom(32)
    encrypt_in_place(copy, key)
    whole = Period(report_bench.TODAY - timedelta(days=730), report_bench.TODAY)
    figures = []
    for store in (Store(plain_store.path), Store(copy, key=key)):
        with store.session() as session:
            wall, _cpu = report_bench.best_of(repeat, lambda s=session: build_reports(s, report_bench.ACTOR, whole,
                                                                                       today=report_bench.TODAY))
        figures.append(wall)
        store.close()
    return figures[0], figures[1]


def start(root: Path, runs: int = 5) -> tuple[float, float]:
    """Opening a data folder as the app does before its first screen. The baseline is the app before encryption:
    the plain database opened, and the passphrase checked against its scrypt hash at the lock screen (the same
    scrypt cost as now); encrypted, that scrypt unwraps the data key instead."""
    stored = old_hash(sync_bench.PASSPHRASE)
    plain_rt = sync_bench.laptop(root, "start-plain", encrypted=False)
    plain_rt.close()
    sync_bench.laptop(root, "start-encrypted").close()
    plain_times, encrypted_times = [], []
    for _ in range(runs):
        began = time.perf_counter()
        assert verify_old_hash(sync_bench.PASSPHRASE, stored)
        store = Store(plain_rt.paths.database)
        with store.session() as session:
            report_bench.seed_if_empty(session)
        store.close()
        plain_times.append(time.perf_counter() - began)
        began = time.perf_counter()
        open_runtime(str(root / "start-encrypted"), passphrase=sync_bench.PASSPHRASE).close()
        encrypted_times.append(time.perf_counter() - began)
    return statistics.median(plain_times), statistics.median(encrypted_times)


def old_hash(passphrase: str) -> str:
    """The passphrase hash the settings kept before encryption ("scrypt$n$r$p$salt$hash"), at today's cost."""
    salt = os.urandom(16)
    digest = scrypt(passphrase, salt, DEFAULT_COST, 32)
    b64 = base64.b64encode
    return (f"scrypt${DEFAULT_COST.n}${DEFAULT_COST.r}${DEFAULT_COST.p}${b64(salt).decode()}$"
            f"{b64(digest).decode()}")


def first_pull(root: Path, size: int) -> tuple[float, float]:
    plain = sync_bench.history_file(root, size, encrypted=False)
    encrypted = sync_bench.history_file(root, size, encrypted=True)
    return (sync_bench.first_pull(root, plain, "pull-plain", encrypted=False),
            sync_bench.first_pull(root, encrypted, "pull-encrypted", encrypted=True))


def shared_read(root: Path, size: int, runs: int = 5) -> tuple[float, float]:
    root = root / "read"
    root.mkdir()
    files = {False: sync_bench.history_file(root, size, encrypted=False),
             True: sync_bench.history_file(root, size, encrypted=True)}
    rt = sync_bench.laptop(root, "reader")
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(runs):
        for encrypted in (False, True):
            began = time.perf_counter()
            shared = open_shared(files[encrypted], key=sync_bench.SERVICE_KEY if encrypted else None, write=False)
            snap = pulling.read_snapshot(shared.conn, rt.store, 0, rt.actor.laptop_id, True)
            shared.close()
            times[encrypted].append(time.perf_counter() - began)
            assert snap.count >= size
    rt.close()
    return statistics.median(times[False]), statistics.median(times[True])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--push", type=int, default=10_000, help="referrals pushed (default 10,000)")
    parser.add_argument("--referrals", type=int, default=100_000, help="referrals in the reports database")
    parser.add_argument("--history", type=int, default=100_000, help="rows in the shared file's history")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="liferooms-bench-encryption-"))
    try:
        print(f"Seconds: plain SQLite (baseline) and encrypted (SQLCipher 4), same run. {os.cpu_count()} CPUs.")
        print(f"{'':52}{'plain':>9}{'encrypted':>11}{'ratio':>8}")
        for label, (plain, encrypted) in (
                (f"push {args.push:,} referrals (one sync)", push(root, args.push)),
                (f"report set over {args.referrals:,} referrals (best of {args.repeat})",
                 reports(root, args.referrals, args.repeat)),
                ("app start: open the data folder (median of 5)", start(root)),
                (f"first pull of {args.history:,} rows of history", first_pull(root, args.history)),
                (f"shared file alone: read {args.history:,} rows (median of 5)", shared_read(root, args.history))):
            ratio = encrypted / plain
            flag = "" if ratio <= GOAL else f"  over {GOAL}x"
            print(f"{label:52}{plain:>9.3f}{encrypted:>11.3f}{ratio:>7.2f}x{flag}")
        print(f"load average at the end: {os.getloadavg()[0]:.1f} (other work on the machine inflates both columns)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
