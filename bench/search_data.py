"""Fictional data for bench/search.py: partner directories of any size, keystroke queries, referrals.

Partners are generated from word lists: invented place names, the service phrases, keywords and description
sentences of the (fictional) sample directory for each need, and street names, so the vocabulary grows with
the directory as a real one would. Nothing here describes a real organisation or person.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from liferooms_tui.db.models import Partner, Person, Referral, ReferralEvent
from liferooms_tui.directory.sample import sample_records
from liferooms_tui.vocabulary import HUBS, NEEDS

STARTS = ("Ash Birk Crow Dun Elm Fern Glen Hazel Ivy King Lark Marsh Nor Oak Pine Rook Sand Thorn Wal Yew Brack "
          "Cole Dray Emble Fox Gorse Hob Iron Kes Lin Moss Nett Orr Pen Quarry Rush Sedge Tarn Ulls Wren").split()
ENDS = "ton field ley by wood side dale brook hurst well bank mere croft gate holme thorpe stead worth".split()
KINDS = ("Project Trust Group Club Hub Centre Network Service Collective Partnership Circle Café Works "
         "Foundation Society Point Place Friends Team Link").split()
STREETS = "Road Street Lane Avenue Way Close Terrace Row Walk".split()
DISTRICTS = [f"L{n}" for n in range(1, 41)] + ["PR8", "PR9", "WA8", "CH41"]


def _word_lists() -> dict[str, dict[str, list[str]]]:
    lists = {need: {"services": [], "keywords": [], "sentences": [], "names": []} for need in NEEDS}
    for record in sample_records():
        for need in record["needs"]:
            found = lists[need]
            found["services"] += record["services"]
            found["keywords"] += record["keywords"]
            found["sentences"] += [s.strip() + "." for s in record["description"].split(".") if s.strip()]
            found["names"] += [w for w in record["name"].split() if len(w) > 3]
    return lists


def make_partners(count: int, seed: int = 0) -> list[Partner]:
    rng = random.Random(seed)
    lists = _word_lists()
    places = [a + b for a in STARTS for b in ENDS]
    partners = []
    for n in range(count):
        needs = rng.sample(list(NEEDS), rng.choice([1, 1, 2, 2, 3]))
        words = lists[needs[0]]
        place = rng.choice(places)
        street = f"{rng.choice(places)} {rng.choice(STREETS)}"
        name = f"{place} {rng.choice(words['names'])} {rng.choice(KINDS)}"
        sentences = [rng.choice(lists[need]["sentences"]) for need in needs for _ in range(rng.randint(1, 2))]
        partners.append(Partner(
            id=f"bench-{seed}-{n}",
            name=name,
            description=" ".join(sentences) + f" Meets at {street}, {place}.",
            needs=needs,
            services=[rng.choice(lists[need]["services"]) for need in needs for _ in range(2)],
            keywords=rng.sample(words["keywords"], min(len(words["keywords"]), rng.randint(3, 7))),
            catchment=rng.sample(DISTRICTS, rng.randint(1, 4)) if rng.random() < 0.5 else [],
            capacity_per_week=rng.randint(2, 40) if rng.random() < 0.6 else None,
            hubs=[rng.choice(HUBS)] if rng.random() < 0.15 else [],
            active=rng.random() < 0.98,
        ))
    return partners


BASE_QUERIES = [
    "hosing", "housing", "evicted", "landlord", "homeless", "sofa surfing", "damp and mould", "section 21",
    "kicked out", "rent arrears", "bailiffs", "PIP", "universal credit", "council tax", "bills", "loan shark",
    "payday loan", "food bank", "skint", "overdraft", "gambling", "dept", "benifits", "CV", "job", "interview",
    "volunteering", "redundancy", "apprenticeship", "warehouse work", "emplyment", "lonely", "grief", "anxious",
    "anxous", "low mood", "stress", "bereavement", "can't sleep", "walking group", "dementia", "choir", "choire",
    "painting", "poetry", "photography", "pottery", "singing", "drama", "ukulele", "knitting", "college", "ESOL",
    "learn english", "computer", "maths", "GCSE", "first aid", "reading", "hou", "emp", "pai", "help with rent",
    "I've been evicted", "my landlord wants me out", "struggling with bills", "they stopped my PIP",
    "feeling low since my husband died", "want to get back to work", "learn to read", "something creative",
    "help with my CV", "no friends since I moved", "money advice bootle", "debt advice", "energy bills",
    "knit and natter", "mens shed", "food parcels", "cooking on a budget", "job club", "art group",
    "mental health", "carers", "veterans", "young people housing", "domestic abuse", "counselling",
    "women's group", "digital skills", "phone help", "english classes", "tenancy support", "furniture",
    "school uniform", "fuel vouchers", "budgeting", "forklift licence", "CSCS card", "kirkdale", "southport",
    "crosby", "toxteth", "bootle hub", "community cafe", "warm space", "allotment", "gardening", "football",
    "swimming", "yoga", "diabetes", "back pain", "menopause", "new mum", "parenting", "hoarding", "scam",
]


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["swap", "drop", "double", "replace"])
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiourstln") + word[i + 1:]


def make_queries(count: int, rng: random.Random) -> list[str]:
    """Base queries, then the same with one typo in a longer word, until there are `count`."""
    queries = list(BASE_QUERIES)
    while len(queries) < count:
        words = rng.choice(BASE_QUERIES).split()
        long = [i for i, w in enumerate(words) if len(w) >= 5]
        if long:
            i = rng.choice(long)
            words[i] = _typo(words[i], rng)
        queries.append(" ".join(words))
    return queries[:count]


def fill_referrals(session, count: int, seed: int = 0) -> date:
    """`count` fictional referrals over 26 weeks to 200 partners, each with 1-3 status events; returns today."""
    rng = random.Random(seed)
    today = date(2026, 3, 11)
    partners = make_partners(200, seed=seed)
    person = Person(display_name="Bench P. (fictional)")
    session.add_all([*partners, person])
    session.flush()
    now = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
    flows = [["queued"], ["queued", "sent"], ["queued", "sent", "completed"], ["queued", "declined"],
             ["signposted"], ["queued", "sent", "withdrawn"]]
    referrals, events = [], []
    for n in range(count):
        created = now - timedelta(minutes=rng.randrange(0, 26 * 7 * 24 * 60))
        flow = rng.choice(flows)
        referral = Referral(id=f"r{n}", person_id=person.id, partner_id=rng.choice(partners).id,
                            signposting=flow == ["signposted"], created_at=created)
        referrals.append(referral.model_dump())
        for step, status in enumerate(flow):
            events.append(ReferralEvent(id=f"e{n}-{step}", referral_id=referral.id, status=status,
                                        at=created + timedelta(hours=step)).model_dump())
    session.execute(insert(Referral), referrals)
    session.execute(insert(ReferralEvent), events)
    return today
