"""The sample learning offer: about 30 FICTIONAL courses over the hubs, community sites and online, for training
and tests. Every title, facilitator and venue here is invented; the co-delivering partners are sample partners
(themselves fictional). Like the sample directory, each course has a fixed id and an old version, so every
laptop and every new shared file hold the same rows, and any real edit wins."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlmodel import Session, func, select

from liferooms_tui.db.courses import Course, CourseSession

SAMPLE_VERSION = "0000000000000.00000.sample"
NAMESPACE = uuid.UUID("2c8b6a7e-1d3f-4e0a-9b5c-7a1e2f3d4c5b")
TERM_STARTS = {"Spring 2026": date(2026, 1, 12), "Summer 2026": date(2026, 5, 4), "Autumn 2026": date(2026, 9, 14),
               "Spring 2027": date(2027, 1, 11)}
STATUS = {"Spring 2026": "running", "Summer 2026": "open", "Autumn 2026": "open", "Spring 2027": "planned"}
HUB_DISTRICTS = {"Bootle Hub": "L20", "Kirkdale Hub": "L4", "Toxteth Hub": "L8", "Southport Hub": "PR8",
                 "Netherton community site": "L30", "Speke community site": "L24", "Crosby community site": "L23"}
P = {  # sample partners that co-deliver (ids from directory/sample_partners.json)
    "choir": "4b70e58d-95cb-5119-ad6a-80a45202db49", "studio": "527c32ec-331a-5def-bf73-4675096a7997",
    "theatre": "24e091e6-3ec7-549a-a5d2-cb2a5934b799", "clay": "11ecbfcc-98c6-5b62-95c9-af294cb9eef3",
    "band": "04dab26a-9ece-5079-88f3-f44e188af8d0", "photo": "23a2b8fa-5a34-595d-baba-ead72895d33d",
    "stitch": "b9ac01f3-5776-509d-a51d-8d4b15587481", "penny": "59ead0cd-2dda-5078-abd5-122ac8c6c90c",
    "works": "47773c31-4421-5b5c-af84-3fd873a96353", "code": "c04e3e1c-3028-57de-ab8b-99b8d2d93108",
    "sleep": "9e51bdc5-63df-540f-a8c6-0617edfdc0cf", "grow": "c8accd27-ed57-55c2-a6df-2cbd1fdd51a8",
    "keys": "abd3d1ff-4e39-5c15-9d1d-6289719c983b", "plates": "a80a2057-9175-5be7-b972-ee0f879b85e4",
}
STEP_FREE = "Step-free access; hearing loop; accessible toilet."
# title, needs, what you will do, where (a site, or "online"), room, term, weekday (0 = Monday), start, weeks,
# places, partners, facilitator
COURSES = [
    ("Sing Your Heart Out (fictional)", "creative wellbeing", "Warm up, learn simple songs by ear and sing "
     "together; no reading music, no solos unless you want one.", "Bootle Hub", "Main hall", "Spring 2026", 1,
     "10:30", 8, 16, ["choir"], "Maya Orchard (fictional)"),
    ("Clay and Conversation (fictional)", "creative wellbeing", "Make a pinch pot, a tile and a mug with your "
     "hands; tea and chat while the clay dries.", "Kirkdale Hub", "Craft room", "Spring 2026", 2, "13:00", 6, 8,
     ["clay"], "Tom Kiln (fictional)"),
    ("Budgeting Made Bearable (fictional)", "debt learning", "Work out where the money goes, make a plan that "
     "fits your week, and learn which bills come first.", "Bootle Hub", "Room 2", "Spring 2026", 3, "10:00", 5, 12,
     ["penny"], "Ravi Penn (fictional)"),
    ("Computers Without Fear (fictional)", "learning employment", "Switch on, type, use email and find things "
     "online at your own pace, with a helper beside you.", "Toxteth Hub", "IT suite", "Spring 2026", 0, "14:00", 8,
     10, ["code"], "Lena Byte (fictional)"),
    ("Write It Down (fictional)", "creative wellbeing", "Short writing games, poems and memories; share only if "
     "you want to.", "online", "Video call, link sent by text", "Spring 2026", 3, "18:30", 6, 12, [],
     "Iris Quill (fictional)"),
    ("Back to Work Confidence (fictional)", "employment", "Talk about what you are good at, practise an interview "
     "and write a short CV.", "Bootle Hub", "Room 1", "Spring 2026", 4, "10:00", 6, 10, ["works"],
     "Dev Ladder (fictional)"),
    ("Better Sleep, Better Days (fictional)", "wellbeing learning", "Find out what helps sleep and try small "
     "changes, one week at a time.", "Southport Hub", "Garden room", "Spring 2026", 1, "11:00", 4, 15, ["sleep"],
     "Noor Restwell (fictional)"),
    ("Grow Your Own Salad (fictional)", "wellbeing learning", "Sow, plant and pick salad in raised beds; take "
     "seedlings home.", "Kirkdale Hub", "Garden (covered area when wet)", "Summer 2026", 2, "10:00", 8, 10,
     ["grow"], "Bill Furrow (fictional)"),
    ("Orchestra Taster (fictional)", "creative", "Try strings, brass and percussion with players from a "
     "fictional orchestra; instruments lent.", "Toxteth Hub", "Main hall", "Summer 2026", 3, "14:00", 6, 14,
     ["band"], "Sofia Bow (fictional)"),
    ("Stage Ready: Drama for Beginners (fictional)", "creative wellbeing", "Games, voice and short scenes with a "
     "fictional community theatre; a small show for friends at the end.", "Kirkdale Hub", "Studio",
     "Summer 2026", 4, "13:30", 8, 12, ["theatre"], "Jem Curtain (fictional)"),
    ("Cook on a Budget (fictional)", "wellbeing debt learning", "Cook three cheap, filling meals a session and "
     "take the recipes home.", "Speke community site", "Community kitchen, Fictional Lane", "Summer 2026", 1,
     "10:30", 6, 8, ["plates"], "Ada Skillet (fictional)"),
    ("Your First Tenancy (fictional)", "housing learning", "What a tenancy means, rent, repairs and your rights, "
     "in plain words.", "Bootle Hub", "Room 2", "Summer 2026", 0, "13:00", 4, 12, ["keys"],
     "Hal Lease (fictional)"),
    ("Photo Walks (fictional)", "creative wellbeing", "Walk, look and take photos on your phone; a small "
     "exhibition at the hub.", "Crosby community site", "Meet at the library steps", "Summer 2026", 2, "11:00",
     6, 10, ["photo"], "Kit Lens (fictional)"),
    ("Stitch and Natter (fictional)", "creative wellbeing", "Mend, embroider and make; all materials given.",
     "Netherton community site", "Church hall, Fictional Road", "Autumn 2026", 1, "13:30", 8, 12, ["stitch"],
     "Peg Thimble (fictional)"),
    ("Money Talks (fictional)", "debt learning", "Bank accounts, credit, loans and how to spot a scam.",
     "Toxteth Hub", "Room 3", "Autumn 2026", 2, "10:00", 5, 12, ["penny"], "Ravi Penn (fictional)"),
    ("Digital Skills for Jobs (fictional)", "employment learning", "Online job sites, applications and video "
     "interviews.", "Kirkdale Hub", "IT suite", "Autumn 2026", 0, "10:00", 8, 10, ["code", "works"],
     "Lena Byte (fictional)"),
    ("Mindful Mornings (fictional)", "wellbeing", "Gentle breathing, stretching and noticing; chairs for "
     "everyone.", "Southport Hub", "Garden room", "Autumn 2026", 4, "09:30", 6, 14, [], "Sam Stillwater (fictional)"),
    ("Community Choir: Winter Songs (fictional)", "creative wellbeing", "Learn songs for a winter sing-along "
     "at the hub.", "Bootle Hub", "Main hall", "Autumn 2026", 1, "10:30", 10, 20, ["choir"],
     "Maya Orchard (fictional)"),
    ("Open Studio: Painting (fictional)", "creative", "Paint with acrylics and watercolours; no experience "
     "needed.", "Kirkdale Hub", "Craft room", "Autumn 2026", 3, "13:00", 8, 10, ["studio"],
     "Bea Brush (fictional)"),
    ("Confident English (fictional)", "learning employment", "Everyday English for shops, doctors and work, in a "
     "small friendly group.", "Toxteth Hub", "Room 1", "Autumn 2026", 1, "10:00", 10, 12, [],
     "Omar Lexis (fictional)"),
    ("Online Creative Writing Circle (fictional)", "creative", "Write a little each week and hear others' "
     "work; camera off is fine.", "online", "Video call, link sent by text", "Autumn 2026", 2, "19:00", 8, 15, [],
     "Iris Quill (fictional)"),
    ("Walking for Wellbeing (fictional)", "wellbeing", "Short, flat walks with a cuppa after; go at your own "
     "pace.", "Crosby community site", "Meet at the library steps", "Autumn 2026", 0, "11:00", 6, 15, [],
     "Gus Trail (fictional)"),
    ("Housing Rights Basics (fictional)", "housing", "Deposits, repairs, notices and who can help when things "
     "go wrong.", "Southport Hub", "Room 2", "Spring 2027", 2, "10:00", 4, 12, ["keys"], "Hal Lease (fictional)"),
    ("Start a Small Business (fictional)", "employment learning", "Test an idea, cost it and take the first "
     "step.", "Toxteth Hub", "Room 3", "Spring 2027", 3, "13:00", 6, 10, [], "Nia Ledger (fictional)"),
    ("Pottery Wheel Next Steps (fictional)", "creative", "Throw on the wheel, trim and glaze.", "Kirkdale Hub",
     "Craft room", "Spring 2027", 2, "13:00", 6, 6, ["clay"], "Tom Kiln (fictional)"),
    ("Theatre Makers (fictional)", "creative wellbeing", "Make a short play together from your own stories.",
     "Bootle Hub", "Studio", "Spring 2027", 4, "13:30", 10, 12, ["theatre"], "Jem Curtain (fictional)"),
    ("Food Hygiene Certificate (fictional)", "employment learning", "Level 2 food hygiene, a certificate at the "
     "end.", "Speke community site", "Community kitchen, Fictional Lane", "Spring 2027", 1, "10:00", 3, 10,
     ["plates"], "Ada Skillet (fictional)"),
    ("Managing Stress (fictional)", "wellbeing learning", "What stress does to us and small ways to ease it.",
     "online", "Video call, link sent by text", "Spring 2027", 1, "18:00", 6, 20, [], "Sam Stillwater (fictional)"),
    ("Band in a Term (fictional)", "creative", "Form a band, learn three songs and play a short set.",
     "Southport Hub", "Music room", "Spring 2027", 3, "16:00", 10, 8, ["band"], "Sofia Bow (fictional)"),
    ("Volunteering Taster (fictional)", "employment wellbeing", "Try three kinds of volunteering and meet the "
     "people who run them.", "Netherton community site", "Church hall, Fictional Road", "Spring 2027", 0,
     "10:00", 5, 12, [], "Dev Ladder (fictional)"),
]


def _hour_later(start: str, hours: int = 2) -> str:
    h, m = (int(x) for x in start.split(":"))
    return f"{(h + hours) % 24:02d}:{m:02d}"


def sample_courses() -> list[tuple[Course, list[CourseSession]]]:
    out = []
    for title, needs, what, where, room, term, weekday, start, weeks, places, partners, who in COURSES:
        first = TERM_STARTS[term] + timedelta(days=weekday)
        course_id = str(uuid.uuid5(NAMESPACE, title))
        online = where == "online"
        course = Course(id=course_id, title=title, what_you_do=what, needs=needs.split(),
                        partner_ids=[P[p] for p in partners], facilitators=[who],
                        where_kind="online" if online else ("hub" if where.endswith("Hub") else "community"),
                        hub="" if online else where, room=room, postcode_district=HUB_DISTRICTS.get(where, ""),
                        access_notes="Captions on; join by phone if you prefer." if online else STEP_FREE,
                        starts_on=first, ends_on=first + timedelta(weeks=weeks - 1), places=places,
                        status=STATUS[term], source="sample", origin_site="sample", version=SAMPLE_VERSION,
                        created_by="sample")
        sessions = [CourseSession(id=str(uuid.uuid5(NAMESPACE, f"{title}#{n}")), course_id=course_id, number=n,
                                  on=first + timedelta(weeks=n - 1), starts=start, ends=_hour_later(start),
                                  origin_site="sample", version=SAMPLE_VERSION) for n in range(1, weeks + 1)]
        out.append((course, sessions))
    return out


def seed_if_empty(session: Session) -> int:
    """Load the sample courses into an empty course table; returns how many were added."""
    if session.exec(select(func.count()).select_from(Course)).one():
        return 0
    made = sample_courses()
    for course, sessions in made:
        session.add(course)
        session.add_all(sessions)
    return len(made)
