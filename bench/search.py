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
Also times the open-referrals-this-week SQL over 100,000 referrals (--referrals 0 to skip).
Targets: p95 <= 5 ms and >= 8x the baseline at 10,000; p95 <= 50 ms at 100,000.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[150, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--referrals", type=int, default=100_000)
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
    if args.referrals:
        bench_capacity(args.referrals)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
