"""Benchmark: importing a fictional Open Referral UK 3.0 file of 5,000 services.

Prints, side by side: the first import (one transaction), a dry run, a re-import of the same file (nothing
changes), an edited copy (10% of services changed), and the baseline of a naive row-by-row import that commits
each service on its own (timed on a sample and scaled up). Every name, phone and email is invented.

    python bench/import.py [--services 5000] [--naive-sample 300]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from liferooms_tui.access import Actor
from liferooms_tui.db.store import Store
from liferooms_tui.directory.openreferral import import_directory, import_file, load

ACTOR = Actor(name="Bench", site="Bootle Hub", role="advisor", laptop_id="bench")
WORDS = ["Community", "Advice", "Debt", "Housing", "Wellbeing", "Arts", "Learning", "Jobs", "Garden", "Choir",
         "Tenancy", "Money", "Befriending", "Digital", "Walking", "Cafe", "Recovery", "Family", "Youth", "Carers"]
TERMS = ["Housing advice", "Debt advice", "Mental health", "Employment support", "Arts and crafts", "Adult education",
         "Befriending", "Food bank", "Benefits", "Volunteering"]
DISTRICTS = ["L1", "L4", "L5", "L8", "L20", "L21", "L30", "PR8", "PR9", "L23"]


def fictional_services(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    services = []
    for i in range(n):
        sid = f"00000000-0000-4000-8000-{i:012d}"
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}"
        services.append({
            "id": sid, "name": name, "status": "active" if rng.random() > 0.05 else "inactive",
            "description": f"A fictional service: {' '.join(rng.choices(WORDS, k=30)).lower()}.",
            "url": f"https://service-{i}.example.org", "email": f"hello@service-{i}.example.org",
            "minimum_age": rng.choice([None, 16, 18, 50]), "assured_date": f"2026-0{rng.randint(1, 9)}-15",
            "organization": {"id": f"10000000-0000-4000-8000-{i // 3:012d}", "name": f"Fictional Trust {i // 3}",
                             "description": "An invented charity."},
            "contacts": [{"id": f"c-{i}", "name": f"Contact {i}", "title": "Coordinator",
                          "phones": [{"id": f"p-{i}", "number": f"0151 496 0{i % 1000:03d}"}]}],
            "schedules": [{"id": f"s-{i}", "byday": "MO,WE", "opens_at": "10:00", "closes_at": "14:00"}],
            "service_areas": [{"id": f"a-{i}", "name": ", ".join(rng.sample(DISTRICTS, 3))}],
            "service_at_locations": [{"id": f"l-{i}", "location": {
                "id": f"loc-{i}", "location_type": "physical", "name": f"Hall {i}",
                "addresses": [{"id": f"ad-{i}", "address_1": f"{i} Fictional Road", "city": "Liverpool",
                               "postal_code": "L20 3AB"}]}}],
            "attributes": [{"id": f"t-{i}-{k}", "taxonomy_term": {"id": f"term-{k}", "name": term, "description": term}}
                           for k, term in enumerate(rng.sample(TERMS, 2))],
        })
    return services


def page(services: list[dict]) -> dict:
    return {"total_items": len(services), "total_pages": 1, "page_number": 1, "size": len(services),
            "contents": services}


def timed(label: str, fn) -> tuple[str, float, object]:
    start = time.perf_counter()
    result = fn()
    return label, time.perf_counter() - start, result


def naive(store: Store, path: Path, sample: int) -> float:
    """Baseline: each service checked and committed in its own transaction (as a simple loop would)."""
    records = load(path).records[:sample]
    start = time.perf_counter()
    for record in records:
        with store.session() as session:
            import_directory(session, ACTOR, [record], "naive", keep_missing=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--naive-sample", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="liferooms-bench-"))
    services = fictional_services(args.services)
    original = folder / "council.json"
    original.write_text(json.dumps(page(services)))
    edited = copy.deepcopy(services)
    for service in edited[:: 10]:
        service["description"] += " Now also on Fridays."
    (folder / "edited").mkdir()
    (folder / "edited" / "council.json").write_text(json.dumps(page(edited)))
    size_mb = original.stat().st_size / 2**20
    store = Store(folder / "bench.db")
    rows = [
        timed("read and parse the file only", lambda: load(original)),
        timed("dry run (empty directory)", lambda: import_file(store, ACTOR, original, dry_run=True)),
        timed("first import, one transaction", lambda: import_file(store, ACTOR, original)),
        timed("re-import the same file", lambda: import_file(store, ACTOR, original)),
        timed("import an edited copy (10% changed)",
              lambda: import_file(store, ACTOR, folder / "edited" / "council.json")),
    ]
    sample = min(args.naive_sample, args.services)
    naive_seconds = naive(Store(folder / "naive.db"), original, sample) * args.services / sample
    print(f"Open Referral UK 3.0 import: {args.services} fictional services, {size_mb:.1f} MB of JSON "
          f"(python {sys.version.split()[0]})")
    print(f"{'':40} {'seconds':>8}  {'services/s':>10}  result")
    for label, seconds, result in rows:
        counts = result.counts() if hasattr(result, "counts") else {"read": len(result.records)}
        shown = ", ".join(f"{k} {v}" for k, v in counts.items() if v and k != "warnings")
        print(f"{label:40} {seconds:8.2f}  {args.services / seconds:10.0f}  {shown}")
    print(f"{'baseline: row-by-row commit (scaled)':40} {naive_seconds:8.2f}  {args.services / naive_seconds:10.0f}  "
          f"timed on {sample} services, x{args.services / sample:.0f}")
    first = rows[2][1]
    print(f"First import: {first:.2f} s for {args.services} services "
          f"({'under' if first < 10 else 'OVER'} the 10 s target); {naive_seconds / first:.0f}x faster than "
          "committing row by row.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
