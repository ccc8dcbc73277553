"""A small, fictional service worked out by hand for the report tests (see the figures in test_report_figures.py).

Period under test: 2026-01-01 to 2026-03-31. Sites: Bootle Hub (people P1-P6) and Kirkdale Hub (P7, P8).
Partners: A (creative, capacity 2), B (debt, capacity 10, verified over a year ago), C (learning, no weekly
limit, no key contact), D (inactive), E (never verified). Every row is written directly so every time is exact.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count

from sqlmodel import delete

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

START, END, TODAY = date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 30)
_stamp = count(1)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=UTC) + timedelta(hours=hour)


def _v() -> str:
    return f"{next(_stamp):013d}.00000.test"


def build(session) -> dict[str, str]:
    """Write the fixture; returns ids by short name (A-E, P1-P8, a1 ... referrals)."""
    session.exec(delete(Partner))  # only the fixture's partners
    ids: dict[str, str] = {}

    def add(name, row):
        row.version = row.version or _v()
        session.add(row)
        session.flush()
        ids[name] = row.id
        return row

    add("A", Partner(name="Arts Alpha", needs=["creative"], capacity_per_week=2, contact_name="Ann Artist",
                     contact_phone="0151 496 0001", last_verified=date(2026, 1, 10)))
    add("B", Partner(name="Benefits Beta", needs=["debt"], capacity_per_week=10, contact_name="Bob Benefit",
                     contact_email="bob@example.org", last_verified=date(2024, 12, 1)))
    add("C", Partner(name="Courses Gamma", needs=["learning"], contact_phone="0151 496 0003",
                     last_verified=date(2026, 2, 1)))
    add("D", Partner(name="Dormant Delta", needs=["housing"], active=False))
    add("E", Partner(name="Echo Never", needs=["wellbeing"], contact_name="Eve", contact_phone="0151 496 0005"))
    ons = {  # baseline ONS4 at the first drop-in: satisfied, worthwhile, happy, anxious
        "P1": (4, 5, 6, 8), "P2": (3, 3, 3, 6), "P3": (5, 5, 5, 5), "P4": (5, 5, 5, 5), "P5": (2, 4, 3, 9),
        "P6": (6, 7, 6, 2), "P7": (1, 2, 2, 10), "P8": (None, None, None, None),
    }
    first = {"P1": "2025-12-31", "P2": "2026-01-06", "P3": "2026-01-07", "P4": "2026-01-08", "P5": "2026-01-09",
             "P6": "2026-01-10", "P7": "2026-01-12", "P8": "2026-02-05"}
    for p in ons:
        add(p, Person(display_name=f"Fictional {p}", consent_store=True, consent_share=True))
        conversation(session, add, f"c{p}", p, first[p], "Kirkdale Hub" if p in {"P7", "P8"} else "Bootle Hub",
                     "drop-in", ons[p], ids)
    conversation(session, add, "cP2b", "P2", "2026-02-03", "Bootle Hub", "drop-in", (9, 9, 9, 0), ids)
    # Follow-ups: P1 twice (happy skipped the second time), P4 after the period, P8 with no baseline answers.
    for name, p, day, scores in [
        ("f1", "P1", "2026-02-20", (6, 5, 7, 5)), ("f1b", "P1", "2026-03-20", (7, 6, None, 4)),
        ("f2", "P2", "2026-02-21", (5, 4, 2, 6)), ("f3", "P3", "2026-03-06", (5, 6, 5, 3)),
        ("f5", "P5", "2026-02-22", (4, 4, 4, 7)), ("f6", "P6", "2026-03-01", (6, 7, 5, 4)),
        ("f7", "P7", "2026-03-05", (3, 3, 3, 8)), ("f4", "P4", "2026-04-03", (9, 9, 9, 0)),
        ("f8", "P8", "2026-03-10", (8, 8, 8, 1)),
    ]:
        conversation(session, add, name, p, day, "Bootle Hub", "follow-up", scores, ids)

    # Referrals: name, person, partner, need, made on, events (status, days after, reason).
    plan = [
        ("x1", "P1", "A", "creative", "2025-12-31", []),  # the day before the period
        ("a1", "P1", "A", "creative", "2026-01-05",
         [("sent", 1), ("accepted", 3), ("attended", 10), ("completed", 40)]),
        ("a2", "P2", "A", "creative", "2026-01-06", [("sent", 1), ("accepted", 5), ("attended", 12)]),
        ("a3", "P3", "A", "creative", "2026-01-07", [("sent", 2), ("declined", 4, "Full this month")]),
        ("a4", "P4", "A", "creative", "2026-01-08", [("sent", 1), ("declined", 2, " full this month ")]),
        ("a5", "P5", "A", "creative", "2026-01-09", [("sent", 1), ("accepted", 7), ("did_not_attend", 20)]),
        ("a6", "P6", "A", "creative", "2026-01-10", []),
        ("a7", "P7", "A", "creative", "2026-01-12", [("sent", 2), ("accepted", 2)]),  # same time: version decides
        ("b1", "P1", "B", "debt", "2026-02-02", [("sent", 1), ("declined", 3, "Outside area")]),
        ("b2", "P2", "B", "debt", "2026-02-03", [("sent", 1), ("withdrawn", 5)]),
        ("b3", "P3", "B", "debt", "2026-02-04", [("withdrawn", 70)]),  # withdrawn after the period ends
        ("b8", "P8", "B", "debt", "2026-02-05", [("sent", 1), ("accepted", 4), ("attended", 6)]),
        ("c1", "P1", "C", "learning", "2026-03-02", [("sent", 1), ("declined", 2, "Outside area"), ("reopened", 5),
                                                     ("accepted", 9)]),
        ("x2", "P2", "B", "debt", "2026-04-01", []),  # the day after the period
    ]
    conv_of = {"P2": "cP2"}
    for name, p, partner, need, day, events in plan:
        made = at(day)
        add(name, Referral(person_id=ids[p], partner_id=ids[partner], need=need, created_at=made,
                           conversation_id=ids[conv_of.get(p, f"c{p}")], origin_site="bootle-hub:laptop1"))
        add(f"{name}-q", ReferralEvent(referral_id=ids[name], status="queued", at=made))
        for status, days, *reason in events:
            add(f"{name}-{status}", ReferralEvent(referral_id=ids[name], status=status, at=made + timedelta(days=days),
                                                  reason=reason[0] if reason else ""))
    # Signposting (not an onward referral), made at Bootle in the period.
    add("s4", Referral(person_id=ids["P4"], partner_id=ids["C"], need="learning", signposting=True,
                       created_at=at("2026-03-03"), conversation_id=ids["cP4"]))
    add("s4-s", ReferralEvent(referral_id=ids["s4"], status="signposted", at=at("2026-03-03")))

    # People's feedback (latest per person per partner counts) and partners' updates.
    for name, ref, went, helped, rec, words, day in [
        ("fa1", "a1", True, 5, True, "Loved it", "2026-02-20"),
        ("fa2", "a2", True, 4, True, "", "2026-02-21"),
        ("fa5", "a5", True, 3, True, "Good once I got there", "2026-02-22"),
        ("fa6", "a6", True, 3, False, "Too far", "2026-03-01"),
        ("fa7", "a7", True, 2, True, "Nice people", "2026-03-05"),
        ("fa3", "a3", False, None, None, "", "2026-03-06"),
        ("fa1b", "a1", True, 4, True, "Still going", "2026-03-20"),
        ("fb8", "b8", True, 5, True, "Sorted my debts", "2026-03-10"),
        ("fa2x", "a2", True, 1, False, "late", "2026-04-02"),  # after the period
    ]:
        add(name, Feedback(referral_id=ids[ref], partner_id=session.get(Referral, ids[ref]).partner_id,
                           source="person", went=went, helped=helped, recommend=rec, comment=words,
                           reported_on=date.fromisoformat(day)))
    for name, ref, day in [("ua1", "a1", "2026-01-20"), ("ua2", "a2", "2026-02-01"), ("ub8", "b8", "2026-02-20"),
                           ("ua5", "a5", "2026-04-05"), ("ux2", "x2", "2026-04-20")]:
        add(name, Feedback(referral_id=ids[ref], partner_id=session.get(Referral, ids[ref]).partner_id,
                           source="partner", engagement="engaged", comment="Coming along well",
                           reported_on=date.fromisoformat(day)))

    # Plans: items by need (a removed item and a plan made before the period do not count).
    for name, conv, day, items in [("pr1", "cP2", "2026-01-06", [("creative", False), ("debt", False),
                                                                   ("wellbeing", False), ("creative", True)]),
                                   ("pr2", "cP7", "2026-01-12", [("creative", False)]),
                                   ("pr3", "cP1", "2025-12-31", [("learning", False)]),
                                   ("pr4", "cP3", "2026-01-07", [(None, False)])]:
        person = session.get(Conversation, ids[conv]).person_id
        add(name, Prescription(conversation_id=ids[conv], person_id=person, created_at=at(day)))
        for i, (need, removed) in enumerate(items):
            add(f"{name}-{i}", PrescriptionItem(prescription_id=ids[name], need=need, activity="Fictional activity",
                                                removed=removed, position=i))
    session.flush()
    return ids


def conversation(session, add, name, person, day, site, kind, scores, ids) -> None:
    sat, worth, happy, anx = scores
    add(name, Conversation(person_id=ids[person], site=site, kind=kind, started_at=at(day, 9), ons_satisfied=sat,
                           ons_worthwhile=worth, ons_happy=happy, ons_anxious=anx, origin_site="bootle-hub:laptop1"))
