"""Fictional people, conversations, prescriptions and referrals for training and tests.

Everything here is invented: names are drawn from a short list of first names and initials, postcode
districts are real districts but nobody lives at them in our data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from liferooms_tui import conversations, people, prescriptions, referrals
from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.directory.partners import list_partners
from liferooms_tui.sync.outbox import save
from liferooms_tui.vocabulary import BENEFITS, NEEDS

FIRST_NAMES = ["Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Jamie", "Morgan", "Casey", "Taylor", "Jordan",
               "Frankie", "Charlie", "Ash", "Kit", "Rowan", "Sky", "Dani", "Lee", "Ray", "Bo", "Mo", "Remi", "Nat"]
DISTRICTS = ["L4", "L5", "L6", "L8", "L11", "L13", "L20", "L21", "L22", "L23", "L30", "L31", "PR8", "PR9"]
WORDS = ["feeling less alone", "sorting the rent arrears", "getting out of the house more", "finding work",
         "sleeping better", "learning to read with my grandchildren", "singing again", "paying off the catalogue",
         "meeting people who get it", "a course to get back into work", "something creative to look forward to"]
PROGRESS = [["sent"], ["sent", "accepted"], ["sent", "accepted", "attended"],
            ["sent", "accepted", "attended", "completed"], ["sent", "declined"], ["sent", "accepted", "did_not_attend"]]


@dataclass
class DemoResult:
    people: int = 0
    conversations: int = 0
    items: int = 0
    referrals: int = 0
    queued: int = 0


def fill(session: Session, actor: Actor, people_count: int, seed: int = 0, today: date | None = None) -> DemoResult:
    require_advisor(actor)
    rng = random.Random(seed)
    today = today or date.today()
    partners = list_partners(session)
    result = DemoResult()
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
        conversation = conversations.start_conversation(session, actor, person.id)
        conversation.started_at = datetime.combine(day, time(rng.randrange(9, 16), rng.choice([0, 15, 30, 45]), tzinfo=UTC))
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
    return result


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
