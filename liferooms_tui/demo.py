"""Fictional people, conversations, prescriptions and referrals for training and tests.

Everything here is invented: names are drawn from a short list of first names and initials, postcode
districts are real districts but nobody lives at them in our data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from liferooms_tui import referrals
from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.outbox import save
from liferooms_tui.directory.partners import list_partners
from liferooms_tui.directory.sample import is_fictional
from liferooms_tui.dropin import conversations, people, prescriptions
from liferooms_tui.referrals import feedback
from liferooms_tui.vocabulary import BENEFITS, NEEDS, InvalidValue

FIRST_NAMES = ["Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Jamie", "Morgan", "Casey", "Taylor", "Jordan",
               "Frankie", "Charlie", "Ash", "Kit", "Rowan", "Sky", "Dani", "Lee", "Ray", "Bo", "Mo", "Remi", "Nat"]
DISTRICTS = ["L4", "L5", "L6", "L8", "L11", "L13", "L20", "L21", "L22", "L23", "L30", "L31", "PR8", "PR9"]
WORDS = ["feeling less alone", "sorting the rent arrears", "getting out of the house more", "finding work",
         "sleeping better", "learning to read with my grandchildren", "singing again", "paying off the catalogue",
         "meeting people who get it", "a course to get back into work", "something creative to look forward to"]
SAID = ["the group made me feel welcome", "it was hard to get there on the bus", "they sorted my letter out",
        "I have made a friend there", "not really for me", "I look forward to Tuesdays now"]
PARTNER_SAID = ["came to every session so far", "has missed the last two sessions", "taking part more each week",
                "finished the course and is looking at volunteering", "we could not reach them by phone"]
PROGRESS = [["sent"], ["sent", "accepted"], ["sent", "accepted", "attended"],
            ["sent", "accepted", "attended", "completed"], ["sent", "declined"], ["sent", "accepted", "did_not_attend"]]


@dataclass
class DemoResult:
    people: int = 0
    conversations: int = 0
    items: int = 0
    referrals: int = 0
    queued: int = 0
    follow_ups: int = 0
    feedback: int = 0
    partner_updates: int = 0


def fill(session: Session, actor: Actor, people_count: int, seed: int = 0, today: date | None = None) -> DemoResult:
    require_advisor(actor)
    rng = random.Random(seed)
    today = today or date.today()
    partners = [p for p in list_partners(session) if is_fictional(p)]  # never real partners: it all syncs
    if not partners:
        raise InvalidValue("The demo refers its fictional people to the fictional sample partners, and this laptop "
                           "has none: use a training laptop set up with the sample directory "
                           "('liferooms setup --directory sample').")
    result = DemoResult()
    made: list[str] = []  # the people added, in order
    for _ in range(people_count):
        day = today - timedelta(days=rng.randrange(0, 150))
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice('ABCDEFGHJKLMNPRSTW')}. (demo)"
        born = date(rng.randrange(1950, 2006), rng.randrange(1, 13), rng.randrange(1, 29))
        person = people.add_person(
            session, actor, name, postcode_district=rng.choice(DISTRICTS),
            date_of_birth=born if rng.random() < 0.7 else None,
            benefits=rng.sample(list(BENEFITS), rng.choice([0, 1, 1, 2])),
            consent_store=True, consent_share=rng.random() < 0.9,
        )
        result.people += 1
        made.append(person.id)
        conversation = conversations.start_conversation(session, actor, person.id)
        at = time(rng.randrange(9, 16), rng.choice([0, 15, 30, 45]), tzinfo=UTC)
        conversation.started_at = datetime.combine(day, at)
        needs = rng.sample(list(NEEDS), rng.choice([1, 2, 2, 3]))
        conversations.autosave(session, actor, conversation.id, what_matters=rng.choice(WORDS), needs=needs,
                               ons_satisfied=rng.randrange(0, 9), ons_worthwhile=rng.randrange(1, 9),
                               ons_happy=rng.randrange(0, 9), ons_anxious=rng.randrange(2, 11))
        conversation.ended_at = conversation.started_at + timedelta(minutes=rng.randrange(20, 60))
        save(session, actor, conversation)
        result.conversations += 1
        plan = prescriptions.prescription_for(session, actor, conversation.id)
        chosen: set[str] = set()
        for need in needs:
            choices = [p for p in partners if need in p.needs and p.id not in chosen]
            for partner in rng.sample(choices, min(len(choices), 2)):
                chosen.add(partner.id)
                result.referrals += _refer(session, actor, rng, plan.id, person, partner, need, conversation.id,
                                           day, today, result)
    _follow_up(session, actor, random.Random(seed + 1), today, result, made)  # own stream: drop-ins stay as before
    return result


def _follow_up(session, actor, rng, today, result, made: list[str]) -> None:
    """Weeks later: some people are followed up (ONS4 again, their word on each partner); partners send news."""
    by_person: dict[str, list] = {}
    for row in referrals.list_referrals(session, actor):
        by_person.setdefault(row.referral.person_id, []).append(row)
    for person_id in made:  # in a fixed order, so a seed always gives the same data
        rows = sorted(by_person.get(person_id, []), key=lambda r: (r.referral.created_at, r.partner_name))
        for row in rows:
            if row.status in {"accepted", "attended", "completed", "did_not_attend"} and rng.random() < 0.6:
                day = row.status_at.date() + timedelta(days=rng.randrange(0, 10))
                engagement = {"did_not_attend": "not_engaged", "accepted": "not_started"}.get(row.status, "engaged")
                feedback.record_partner_update(session, actor, row.referral.id, engagement=engagement,
                                               note=rng.choice(PARTNER_SAID), reported_on=min(day, today), today=today)
                result.partner_updates += 1
        baseline = conversations.conversations_of(session, actor, person_id)[0]
        day = baseline.started_at.date() + timedelta(days=rng.randrange(28, 70))
        if day > today or rng.random() < 0.3:
            continue
        follow = conversations.start_conversation(session, actor, person_id, kind="follow-up")
        follow.started_at = datetime.combine(day, time(rng.randrange(9, 16), 0, tzinfo=UTC))
        scores = {}
        for key in ("ons_satisfied", "ons_worthwhile", "ons_happy", "ons_anxious"):
            step = rng.choice([-1, 0, 1, 1, 2, 3]) * (-1 if key == "ons_anxious" else 1)  # most feel a bit better
            scores[key] = min(10, max(0, getattr(baseline, key) + step))
        conversations.autosave(session, actor, follow.id, **scores)
        follow.ended_at = follow.started_at + timedelta(minutes=20)
        save(session, actor, follow)
        result.follow_ups += 1
        for row in rows:
            went = row.status in {"attended", "completed"} or rng.random() < 0.2
            feedback.record_person_feedback(
                session, actor, row.referral.id, went=went, helped=rng.randrange(2, 6) if went else None,
                recommend=rng.random() < 0.8 if went else None,
                comment=rng.choice(SAID) if rng.random() < 0.6 else "", reported_on=day, today=today)
            result.feedback += 1


def _refer(session, actor, rng, plan_id, person, partner, need, conversation_id, day, today, result) -> int:
    item = prescriptions.add_item(session, actor, plan_id, partner_id=partner.id, need=need,
                                  goal=rng.choice(WORDS))
    result.items += 1
    prescriptions.set_agreed(session, actor, item.id, True)
    failed = [c for c in referrals.check_referral(session, actor, person.id, partner.id, day) if not c.passed]
    if any(not c.overridable for c in failed) or (failed and rng.random() < 0.7):
        return 0  # the advisor chose another partner
    overrides = {c.key: "Demo: the partner agreed by phone to take this person." for c in failed}
    referral = referrals.create_referral(
        session, actor, person.id, partner.id, need=need, note_for_partner="Demo referral: fictional person.",
        overrides=overrides, conversation_id=conversation_id, prescription_item_id=item.id,
        signposting=not person.consent_share, today=day)
    if referral.signposting:
        return 1
    age = (today - day).days
    steps = rng.choice(PROGRESS) if age > 14 else []
    at = referral.created_at
    for status in steps:
        at += timedelta(days=rng.randrange(1, 10))
        if at.date() > today:
            break
        reason = rng.choice(["Full this month", "Outside area", "Needs not met by our service"])
        referrals.record_status(session, actor, referral.id, status, at=at,
                                reason=reason if status == "declined" else "")
    if not steps:
        result.queued += 1
    return 1
