"""How long the reports take over 100,000 referrals, beside a 10,000-referral database and a naive status lookup.

Builds fictional databases (a liferooms store filled with executemany bulk inserts, indexes made after the rows;
two years of drop-ins at seven sites, about 3.4 status events per referral, feedback, plans), then times the
whole report set (every report, as `liferooms report` and the Reports screen build it) over the whole two years
(every referral in the period), for one site, over the default six months and over a past half-year (statuses
as of its end), and rendering CSV. Beside it: a 10,000-referral database; the statuses and event facts read
from the events at report time, as before the database kept each referral's status (schema 2); and the current
status of every referral worked out from its events without SQL: in Python from ORM rows, and one query per
referral.

    /tmp/venv/bin/python bench/reports.py [--referrals 100000] [--baseline 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import JSON, Boolean
from sqlmodel import select

from liferooms_tui.access import Actor
from liferooms_tui.db import referral_status
from liferooms_tui.db.models import (
    Conversation,
    Feedback,
    Partner,
    Person,
    Prescription,
    PrescriptionItem,
    Referral,
    ReferralEvent,
)
from liferooms_tui.db.store import Store
from liferooms_tui.directory.sample import seed_if_empty
from liferooms_tui.reports import build_reports
from liferooms_tui.reports.facts import referral_facts
from liferooms_tui.reports.layout import render_report
from liferooms_tui.reports.period import Period, period_ending, resolve_site
from liferooms_tui.vocabulary import SITES

TODAY = date(2026, 11, 1)
ACTOR = Actor(name="Bench", site="Bootle Hub", role="advisor", laptop_id="bench")
PROGRESS = [["sent"], ["sent", "accepted"], ["sent", "accepted", "attended"],
            ["sent", "accepted", "attended", "completed"], ["sent", "declined"], ["sent", "accepted", "did_not_attend"]]


def stamp(moment: datetime) -> str:
    """As the store keeps times: naive UTC text, fixed width."""
    return moment.replace(tzinfo=None).isoformat(" ", "microseconds")


class Bulk:
    """Rows gathered per table, then written with one executemany each (missing columns get their defaults)."""

    def __init__(self):
        self.rows: dict[type, list[dict]] = {}
        self.n = 0

    def add(self, model, **values) -> str:
        self.n += 1
        if "id" not in values:  # a random (version 4 style) UUID, as the app makes them
            h = f"{random.getrandbits(128):032x}"
            values["id"] = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:]}"
        values.setdefault("version", f"{self.n:013d}.00000.bench")
        self.rows.setdefault(model, []).append(values)
        return values["id"]

    def write(self, path: Path) -> None:
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA synchronous=OFF")
        # Indexes are faster made once after the rows than kept up row by row: drop them, load, make them again.
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
        for name, _ in indexes:
            conn.execute(f"DROP INDEX {name}")
        referral_status.drop_triggers(conn.execute)  # and the status table is filled once at the end
        for model in (Person, Conversation, Prescription, PrescriptionItem, Referral, ReferralEvent, Feedback):
            columns = [c.name for c in model.__table__.columns]
            defaults = {c.name: _default(c) for c in model.__table__.columns}
            rows = self.rows.get(model, [])
            if model is ReferralEvent:
                rows.sort(key=lambda row: row["at"])  # appended as they happen, not referral by referral
            names = ", ".join(f'"{c}"' for c in columns)
            conn.executemany(f"INSERT INTO {model.__tablename__} ({names}) VALUES ({', '.join('?' * len(columns))})",
                             [tuple(row.get(c, defaults[c]) for c in columns) for row in rows])
        for _, sql in indexes:
            conn.execute(sql)
        referral_status.install(conn.execute)
        conn.commit()
        conn.execute("ANALYZE")
        conn.close()


def _default(column):
    if column.name == "origin_site":
        return "bench:bench"
    if isinstance(column.type, JSON):
        return "[]"
    if column.nullable:
        return None
    return 0 if isinstance(column.type, Boolean) else ""


def build(folder: Path, n_referrals: int, seed: int = 1) -> Store:
    random.seed(seed)
    store = Store(folder / "liferooms.db")
    with store.session() as session:
        seed_if_empty(session)
    with store.session() as session:
        partners = [(p.id, p.needs) for p in session.exec(select(Partner))]
    bulk = Bulk()
    start = datetime.combine(TODAY - timedelta(days=730), datetime.min.time(), tzinfo=UTC)
    people = []
    for _ in range(max(1, n_referrals // 6)):
        person = bulk.add(Person, display_name="Fictional (bench)", consent_store=1, consent_share=1,
                          created_at=stamp(start), last_seen_at=stamp(start))
        site = random.choice(SITES)
        when = start + timedelta(minutes=random.randrange(0, 730 * 24 * 60))
        ons = {k: random.randrange(0, 11) for k in ("ons_satisfied", "ons_worthwhile", "ons_happy", "ons_anxious")}
        drop_in = bulk.add(Conversation, person_id=person, site=site, kind="drop-in", started_at=stamp(when), **ons)
        plan = bulk.add(Prescription, conversation_id=drop_in, person_id=person, created_at=stamp(when))
        if random.random() < 0.3:
            later = when + timedelta(days=random.randrange(20, 90))
            ons = {k: min(10, max(0, v + random.choice([-1, 0, 1, 2]))) for k, v in ons.items()}
            bulk.add(Conversation, person_id=person, site=site, kind="follow-up", started_at=stamp(later), **ons)
        people.append((person, drop_in, plan, when, site))
    for i in range(n_referrals):
        person, drop_in, plan, when, site = random.choice(people)
        partner, needs = random.choice(partners)
        need = random.choice(needs)
        bulk.add(PrescriptionItem, prescription_id=plan, partner_id=partner, need=need, position=i, agreed=1)
        signposting = random.random() < 0.05
        referral = bulk.add(Referral, person_id=person, partner_id=partner, conversation_id=drop_in, need=need,
                            signposting=int(signposting), created_at=stamp(when),
                            origin_site=f"{site.lower().replace(' ', '-')}:bench")
        bulk.add(ReferralEvent, referral_id=referral, status="signposted" if signposting else "queued", at=stamp(when))
        at = when
        for status in [] if signposting else random.choice(PROGRESS):
            at += timedelta(days=random.randrange(1, 10))
            bulk.add(ReferralEvent, referral_id=referral, status=status, at=stamp(at),
                     reason="Full this month" if status == "declined" else "")
        day = (at + timedelta(days=random.randrange(1, 20))).date().isoformat()
        if random.random() < 0.2:
            bulk.add(Feedback, referral_id=referral, partner_id=partner, source="person", went=1,
                     helped=random.randrange(1, 6), recommend=1, comment="fictional", reported_on=day,
                     recorded_at=stamp(at))
        if random.random() < 0.2:
            bulk.add(Feedback, referral_id=referral, partner_id=partner, source="partner", engagement="engaged",
                     comment="fictional", reported_on=day, recorded_at=stamp(at))
    bulk.write(store.path)
    return store


def best_of(repeat: int, work) -> tuple[float, float]:
    """The best wall-clock time of `repeat` runs, and the CPU time of that run (this process)."""
    runs = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(runs)


def measure(store: Store, repeat: int) -> dict[str, tuple[float, float]]:
    whole = Period(TODAY - timedelta(days=730), TODAY)
    with store.session() as session:
        site, names = resolve_site(session, "Bootle Hub")
        cases = {"report set, 2 years (every referral)": whole,
                 "report set, 2 years, one site": Period(whole.start, whole.end, site, names),
                 "report set, last 6 months": period_ending(TODAY, 6),
                 "report set, a past half-year": Period(date(2025, 1, 1), date(2025, 6, 30))}
        figures = {label: best_of(repeat, lambda p=period: build_reports(session, ACTOR, p, today=TODAY))
                   for label, period in cases.items()}
        figures["  of which: statuses and event facts (SQL)"] = best_of(
            repeat, lambda: referral_facts(session, whole, TODAY))
    figures["  baseline: same, from the events (v2)"] = best_of(repeat, lambda: from_events(store))
    with store.session() as session:
        rs = build_reports(session, ACTOR, whole, today=TODAY)
        figures["render the set as CSV"] = best_of(repeat, lambda: render_report(rs, "csv"))
    return figures


# How the reports found each referral's status before the database kept it (schema 2): from its events, at
# report time, in two queries (the second ran alongside the first on another connection).
FROM_EVENTS = ["""SELECT r.id, (SELECT e.status FROM referralevent e WHERE e.referral_id = r.id AND e.at = (
    SELECT MAX(x.at) FROM referralevent x WHERE x.referral_id = r.id) ORDER BY e.version DESC LIMIT 1)
FROM referral r WHERE +r.created_at < ?""", """SELECT referral_id, group_concat(status),
    MIN(CASE WHEN status = 'accepted' THEN at END), MAX(CASE WHEN status = 'declined' THEN at || reason END)
FROM referralevent NOT INDEXED WHERE status != 'queued' GROUP BY referral_id"""]


def from_events(store: Store) -> None:
    conn = store.engine.raw_connection()
    try:
        conn.execute("PRAGMA cache_size=-65536")
        conn.execute(FROM_EVENTS[0], (TODAY.isoformat(),)).fetchall()
        conn.execute(FROM_EVENTS[1]).fetchall()
    finally:
        conn.close()


def latest_in_python(session, query) -> dict:
    latest = {}
    for event in session.exec(query):
        seen = latest.get(event.referral_id)
        if seen is None or (event.at, event.version) > (seen.at, seen.version):
            latest[event.referral_id] = event
    return latest


def naive(store: Store, sample: int) -> dict[str, float]:
    """Baselines: every current status in Python from ORM rows; and one query per referral (timed on a sample)."""
    with store.session() as session:
        began = time.perf_counter()
        latest_in_python(session, select(ReferralEvent))
        python_orm = time.perf_counter() - began
        ids = list(session.exec(select(Referral.id).limit(sample)))
        began = time.perf_counter()
        for rid in ids:
            latest_in_python(session, select(ReferralEvent).where(ReferralEvent.referral_id == rid))
        per_referral = (time.perf_counter() - began) / len(ids)
    return {"python_orm": python_orm, "per_referral": per_referral}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results, built = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (args.baseline, args.referrals):
            began = time.perf_counter()
            store = build(Path(tmp) / str(n), n)
            built[n] = time.perf_counter() - began
            results[n] = measure(store, args.repeat)
            if n == args.referrals:
                base = naive(store, 1000)
            store.close()
    small, big = results[args.baseline], results[args.referrals]
    print(f"Seconds, best of {args.repeat}: wall clock (CPU of this process). {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at the end.")
    print(f"{'':42}{args.baseline:>10,} referrals{args.referrals:>12,} referrals")
    print(f"{'build the database (bulk inserts)':42}{built[args.baseline]:>20.1f}{built[args.referrals]:>22.1f}")
    for label in small:
        (w1, c1), (w2, c2) = small[label], big[label]
        print(f"{label:42}{w1:>12.3f} ({c1:.3f}){w2:>14.3f} ({c2:.3f})")
    print(f"\nBaseline: the current status of every one of {args.referrals:,} referrals from the events, no SQL")
    print(f"  in Python from ORM rows: {base['python_orm']:.3f} s")
    print(f"  one query per referral: {base['per_referral'] * 1000:.2f} ms each, so "
          f"{base['per_referral'] * args.referrals:.1f} s for all (timed on 1,000)")
    wall, cpu = big["report set, 2 years (every referral)"]
    print(f"\nEvery report over all {args.referrals:,} referrals: {wall:.3f} s wall, {cpu:.3f} s CPU "
          f"({'under' if wall < 2 else 'OVER'} the 2 s target).")


if __name__ == "__main__":
    main()
