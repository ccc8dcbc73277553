"""Benchmark: finding a returning person in the Drop-in, per keystroke, new search against the old loop.

    python bench/people_search.py [--sizes 1000 10000] [--queries 60] [--seed 1]

Builds a local database of fictional people (names made from syllables, some kept as initials or a first
name and an initial, districts and dates of birth), then types queries one key at a time (names with typos,
initials, first names, some narrowed by district or date of birth) and, for every keystroke, calls
`people.find_people` (a session per call, as the Drop-in screen does) and the old algorithm kept below (load
every person, score each with WRatio in a Python loop), in the same run. Prints p50/p95 per keystroke for
both (and the CPU time of the new one: other programs on the machine slow the wall clock), the speed-up
(old / new, at p50 and at p95), and how many keystrokes found exactly the same people in the same order.
Target: p95 <= 5 ms at 10,000 people and >= 10x the old loop.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from liferooms_tui.access import Actor  # noqa: E402
from liferooms_tui.db.models import Person, utcnow  # noqa: E402
from liferooms_tui.db.store import Store  # noqa: E402
from liferooms_tui.dropin import people  # noqa: E402
from liferooms_tui.vocabulary import normalise_district  # noqa: E402

FIRST = ["Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Jamie", "Morgan", "Casey", "Taylor", "Jordan", "Frankie",
         "Charlie", "Ash", "Kit", "Rowan", "Sky", "Dani", "Lee", "Ray", "Bo", "Mo", "Remi", "Nat", "Aisha", "Bilal",
         "Chen", "Dara", "Esme", "Femi", "Gwen", "Hana", "Ivo", "Jana", "Kofi", "Lena", "Milo", "Nia", "Omar",
         "Pia", "Quinn", "Rhys", "Sara", "Tomas", "Uma", "Vik", "Wren", "Yusuf", "Zara", "Ada", "Ben", "Cleo",
         "Dev", "Eli", "Fay", "Gus", "Hal", "Isla", "Jude", "Kai", "Lou", "Max", "Ned", "Ora", "Pete", "Rosa"]
ONSETS = ["Mah", "Ok", "Bren", "Lew", "Pat", "Kow", "Doy", "Hugh", "Ev", "Mur", "Wal", "Rob", "Kel", "Byr",
          "Has", "Clar", "Fitz", "Mor", "Quig", "Raf", "Sher", "Tier", "Whel", "Yil", "Ab", "Bar", "Car", "Duf",
          "Eg", "Flyn", "Gal", "Hen", "Jaw", "Kea", "Lyn", "Nor", "Pen", "Ston", "Thorn", "Ven"]
ENDINGS = ["ony", "afor", "nan", "is", "el", "alski", "le", "es", "ans", "phy", "sh", "erts", "ly", "ne", "san",
           "ke", "gerald", "an", "ley", "erty", "idan", "ney", "an", "maz", "bott", "ker", "roll", "fy", "an",
           "ton", "wick", "ford", "by", "ham", "ridge", "wood", "field", "more"]
DISTRICTS = ["L4", "L5", "L6", "L8", "L11", "L13", "L20", "L21", "L22", "L23", "L30", "L31", "PR8", "PR9"]
ACTOR = Actor(role="advisor", name="Bench", site="Bootle Hub", laptop_id="bench")


def old_find_people(session: Session, query: str, *, postcode_district: str | None = None,
                    date_of_birth: date | None = None, limit: int = 20) -> list[Person]:
    """The search as it was before the index (dropin/people.py up to issue 12), kept as the baseline."""
    district = normalise_district(postcode_district) if postcode_district else None
    found = session.exec(select(Person).where(Person.erased_at.is_(None)))
    query = " ".join(query.split()).lower()
    scored = []
    for person in found:
        if district and person.postcode_district != district:
            continue
        if date_of_birth and person.date_of_birth != date_of_birth:
            continue
        name = person.display_name.lower()
        initials = "".join(part[0] for part in name.split())
        as_typed = bool(query) and (name.startswith(query) or initials.startswith(query.replace(" ", ""))
                                    or any(word.startswith(query) for word in name.split()))
        score = 100.0 if not query or as_typed else fuzz.WRatio(query, name)
        if score >= 70:
            scored.append((score, person.last_seen_at, person))
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [p for _, _, p in scored[:limit]]


def fictional_name(rng: random.Random) -> str:
    first, surname = rng.choice(FIRST), rng.choice(ONSETS) + rng.choice(ENDINGS)
    form = rng.random()
    if form < 0.08:
        return f"{first[0]}.{surname[0]}."
    if form < 0.25:
        return f"{first} {surname[0]}."
    return f"{first} {surname}"


def build(store: Store, count: int, rng: random.Random) -> list[Person]:
    now = utcnow()
    made = []
    with store.session() as session:
        for n in range(count):
            person = Person(display_name=fictional_name(rng), postcode_district=rng.choice(DISTRICTS),
                            date_of_birth=date(1950, 1, 1) + timedelta(days=rng.randrange(20_000)) if rng.random() < .7
                            else None, consent_store=True, consent_share=True, origin_site="bench:bench",
                            version=f"{1_700_000_000_000 + n:013d}.00000.bench",
                            last_seen_at=now - timedelta(minutes=rng.randrange(500_000)))
            session.add(person)
            made.append(person)
    return made


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    at = rng.randrange(1, len(text) - 1)
    kind = rng.choice(["swap", "drop", "double", "wrong"])
    if kind == "swap":
        return text[:at] + text[at + 1] + text[at] + text[at + 2:]
    if kind == "drop":
        return text[:at] + text[at + 1:]
    if kind == "double":
        return text[:at] + text[at] + text[at:]
    return text[:at] + rng.choice("aeiourstnl") + text[at + 1:]


def make_queries(made: list[Person], count: int, rng: random.Random) -> list[tuple[str, str | None, date | None]]:
    queries = []
    for _ in range(count):
        person = rng.choice(made)
        name = person.display_name
        kind = rng.random()
        if kind < 0.4:
            text = typo(rng, name)
        elif kind < 0.55:
            text = "".join(part[0] for part in name.split()).lower()
        elif kind < 0.7:
            text = name.split()[0]
        else:
            text = name
        district = person.postcode_district if rng.random() < 0.2 else None
        born = person.date_of_birth if rng.random() < 0.1 else None
        queries.append((text, district, born))
    return queries


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(size: int, query_count: int, seed: int) -> None:
    rng = random.Random(seed)
    root = Path(tempfile.mkdtemp(prefix="liferooms-bench-people-"))
    try:
        store = Store(root / "bench.db")
        made = build(store, size, rng)
        queries = make_queries(made, query_count, rng)
        new_times, old_times, new_cpu, same, keys = [], [], [], 0, 0
        start = time.perf_counter()
        with store.session() as session:
            people.find_people(session, ACTOR, "")  # the first search builds the index
        build_ms = (time.perf_counter() - start) * 1000
        for text, district, born in queries:
            for end in range(1, len(text) + 1):
                typed = text[:end]
                keys += 1
                start, cpu = time.perf_counter(), time.thread_time()
                with store.session() as session:
                    new = [p.id for p in people.find_people(session, ACTOR, typed, postcode_district=district,
                                                            date_of_birth=born)]
                new_times.append(time.perf_counter() - start)
                new_cpu.append(time.thread_time() - cpu)
                start = time.perf_counter()
                with store.session() as session:
                    old = [p.id for p in old_find_people(session, typed, postcode_district=district,
                                                         date_of_birth=born)]
                old_times.append(time.perf_counter() - start)
                same += new == old
        store.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    p50n, p95n = percentile(new_times, .5) * 1000, percentile(new_times, .95) * 1000
    p50o, p95o = percentile(old_times, .5) * 1000, percentile(old_times, .95) * 1000
    p95c = percentile(new_cpu, .95) * 1000
    print(f"{size:>8,} {keys:>6} {p50n:>9.2f} {p95n:>9.2f} {p95c:>9.2f} {p50o:>9.1f} {p95o:>9.1f} "
          f"{statistics.median(old_times) / statistics.median(new_times):>8.0f}x {p95o / p95n:>8.0f}x "
          f"{same:>5}/{keys:<5} {build_ms:>8.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}; ms per keystroke, new find_people vs the old loop, same run")
    print(f"{'people':>8} {'keys':>6} {'new p50':>9} {'new p95':>9} {'p95 CPU':>9} {'old p50':>9} {'old p95':>9} "
          f"{'x p50':>9} {'x p95':>9} {'same results':>12} {'build ms':>8}")
    for size in args.sizes:
        run(size, args.queries, args.seed)


if __name__ == "__main__":
    main()
