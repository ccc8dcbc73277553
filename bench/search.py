"""Benchmark: directory search per keystroke, our index against a naive full fuzzy scan, in the same run.

    /tmp/venv/bin/python bench/search.py [--sizes 150 10000 100000] [--queries 300] [--seed 1]

Builds synthetic directories (fictional partners generated from word lists, plain Partner objects, no
database), replays a few hundred realistic queries typed one character at a time (typos included), and prints
p50/p95 latency per keystroke for PartnerIndex.search and for the naive baseline
`rapidfuzz.process.extract(query, all_strings, scorer=fuzz.WRatio)` over one string per partner (its name,
services and keywords: with the description too the baseline is several times slower), with the ratio; plus
index build time and memory (RSS growth) for building each index. Both wall-clock and CPU time are shown, and
the load average, since other programs on the machine slow the wall clock. The naive baseline is sampled at
the larger sizes to keep the run to a few minutes; the output says how many keystrokes each figure used.
Then times `liferooms directory search` from process start to printed results over 10,000 partners
(--cli-sizes), today's way (index built on every call) beside the index kept in a file, and how long the kept
index takes to read and how much memory it takes. Also times the open-referrals-this-week SQL over 100,000
referrals (--referrals 0 to skip). Targets: p95 <= 2 ms at 10,000 and <= 10 ms at 100,000; the index for
100,000 partners ready in <= 3 s and <= 120 MB; a CLI search over 10,000 partners in < 0.5 s.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process  # noqa: E402

from bench.search_data import make_partners, make_queries  # noqa: E402
from liferooms_tui.directory.search import PartnerIndex  # noqa: E402

NAIVE_SAMPLE = {150: None, 10_000: 300, 100_000: 40}  # keystrokes timed for the baseline (None: all)


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


def keystrokes(queries: list[str]) -> list[str]:
    return [q[:n] for q in queries for n in range(1, len(q) + 1)]


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return statistics.median(ordered), p95, ordered[-1]


def time_each(fn, inputs: list[str]) -> tuple[list[float], list[float]]:
    """Milliseconds per call: wall clock (what a person waits) and this thread's CPU time (what the call
    costs, less sensitive to other programs sharing the machine)."""
    wall, cpu = [], []
    for text in inputs:
        start, start_cpu = time.perf_counter(), time.thread_time()
        fn(text)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    return wall, cpu


def bench_size(size: int, typed: list[str], rng: random.Random) -> dict:
    partners = make_partners(size, seed=size)
    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    index = PartnerIndex.build(partners)
    build_s = time.perf_counter() - start
    gc.collect()
    grown = rss_mb() - before
    index.search("warm up", limit=50)
    ours, ours_cpu = time_each(lambda q: index.search(q, limit=50), typed)  # noqa: F821  (del-ed after use)

    strings = [" ".join([p.name, *p.services, *p.keywords]) for p in partners]
    sample = NAIVE_SAMPLE.get(size)
    naive_inputs = typed if sample is None or sample >= len(typed) else rng.sample(typed, sample)
    naive, naive_cpu = time_each(lambda q: process.extract(q, strings, scorer=fuzz.WRatio, limit=50),  # noqa: F821
                                   naive_inputs)
    del index, strings, partners
    return {"size": size, "build_s": build_s, "rss_mb": grown, "ours": percentiles(ours),
            "ours_cpu": percentiles(ours_cpu), "ours_n": len(ours), "naive": percentiles(naive),
            "naive_cpu": percentiles(naive_cpu), "naive_n": len(naive_inputs)}


def bench_capacity(count: int) -> None:
    import tempfile

    from bench.search_data import fill_referrals
    from liferooms_tui.db.store import Store
    from liferooms_tui.directory.capacity import open_referrals_this_week

    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db")
        with store.session() as session:
            today = fill_referrals(session, count)
        with store.session() as session:
            start = time.perf_counter()
            counts = open_referrals_this_week(session, today=today)
            took = (time.perf_counter() - start) * 1000
        store.close()
    print(f"\nopen_referrals_this_week over {count:,} referrals: {took:.1f} ms "
          f"({sum(counts.values())} open this week across {len(counts)} partners)")


def _cli_cpu(argv: list[str]) -> tuple[float, float, str]:
    """(wall s, CPU s of the child process, first line printed) for one `liferooms` run from process start."""
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, (done.stdout.splitlines() or [""])[0]


def bench_cli(size: int, queries: list[str], runs: int) -> None:
    """`liferooms directory search` from process start to printed results, on a volunteer's laptop (no
    passphrase to derive a key from) holding `size` partners: today's way (the index built on every call) beside
    the index kept in a file (directory/index_file.py); then reading the kept index alone, and its size."""
    import tempfile

    from liferooms_tui.directory import index_file
    from liferooms_tui.directory.index_cache import fingerprint
    from liferooms_tui.runtime import setup_laptop

    exe = str(Path(sys.executable).with_name("liferooms"))
    with tempfile.TemporaryDirectory() as folder:
        runtime = setup_laptop(folder, advisor="Bench", site="Bootle Hub", role="volunteer")
        with runtime.store.session() as session:
            session.add_all(make_partners(size, seed=size))
        kept = index_file.path_beside(runtime.paths.database)
        rows = []
        for query in queries[:runs]:
            argv = [exe, "--data-dir", folder, "directory", "search", query, "--limit", "10"]
            kept.unlink(missing_ok=True)
            rebuilt = _cli_cpu(argv)  # builds the index (and keeps it): what every call cost before
            rows.append((query, rebuilt, _cli_cpu(argv)))
        with runtime.store.session() as session:
            now = fingerprint(session)
        gc.collect()
        before, start = rss_mb(), time.perf_counter()
        loaded = index_file.load(kept, now, PartnerIndex)
        ready = time.perf_counter() - start
        grown = rss_mb() - before
        assert loaded is not None
        del loaded
        runtime.close()
        size_mb = kept.stat().st_size / 1e6
    print(f"\n`liferooms directory search` over {size:,} partners, process start to printed results (volunteer laptop)")
    print(f"{'query':>22} | {'index built each call':>24} | {'index kept in a file':>22}")
    for query, (w1, c1, _), (w2, c2, _) in rows:
        print(f"{query!r:>22} | {w1:>6.2f}s wall {c1:>6.2f}s CPU | {w2:>5.2f}s wall {c2:>5.2f}s CPU")
    print(f"kept index: {size_mb:.1f} MB on disk; read in {ready:.2f} s, {grown:.0f} MB in memory (target for "
          "100,000: ready <= 3 s, <= 120 MB); CLI target: < 0.5 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[150, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--cli-sizes", type=int, nargs="*", default=[10_000],
                        help="directories to time `liferooms directory search` over, from process start")
    parser.add_argument("--cli-runs", type=int, default=3, help="queries timed from the command line per size")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    queries = make_queries(args.queries, rng)
    typed = keystrokes(queries)
    print(f"load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{len(queries)} queries typed one character at a time: {len(typed)} keystrokes "
          f"(e.g. {', '.join(repr(q) for q in queries[:6])})")
    print("\nms per keystroke, wall clock (CPU time of the searching thread in brackets)")
    print(f"{'partners':>9} {'build':>7} {'RSS+':>6} | {'ours p50':>14} {'p95':>14} {'max':>6} {'n':>5} | "
          f"{'naive p50':>14} {'p95':>14} {'n':>4} | {'p95 ratio':>9}")
    for size in args.sizes:
        r = bench_size(size, typed, rng)
        (o50, o95, omax), (c50, c95, _) = r["ours"], r["ours_cpu"]
        (n50, n95, _), (m50, m95, _) = r["naive"], r["naive_cpu"]
        print(f"{size:>9,} {r['build_s']:>6.1f}s {r['rss_mb']:>4.0f}MB | {o50:>6.2f} ({c50:>5.2f}) "
              f"{o95:>6.2f} ({c95:>5.2f}) {omax:>6.1f} {r['ours_n']:>5} | {n50:>6.1f} ({m50:>5.1f}) "
              f"{n95:>6.1f} ({m95:>5.1f}) {r['naive_n']:>4} | {n95 / o95:>8.1f}x")
    sampled = [f"{s:,}: {n} keystrokes" for s, n in NAIVE_SAMPLE.items() if n and s in args.sizes]
    if sampled:
        print(f"(naive baseline sampled at random from the same keystrokes: {'; '.join(sampled)})")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    for size in args.cli_sizes:
        bench_cli(size, ["counciling", "rent arrears", "dementia cafe"], args.cli_runs)
    if args.referrals:
        bench_capacity(args.referrals)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
