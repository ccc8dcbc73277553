"""The words of the service: needs, benefits, sites and referral statuses.

One place for the keys stored in the database and the labels shown to people.
"""

from __future__ import annotations

import re

NEEDS: dict[str, str] = {
    "housing": "Housing",
    "debt": "Money, debt and benefits",
    "employment": "Work, skills and volunteering",
    "wellbeing": "Wellbeing (mental and physical)",
    "creative": "Creative: arts, music, writing, making",
    "learning": "Learning and courses",
}
NEED_SHORT: dict[str, str] = {"housing": "Housing", "debt": "Money & debt", "employment": "Work",
                              "wellbeing": "Wellbeing", "creative": "Creative", "learning": "Learning"}
# The keys an advisor presses to toggle a need, in the order shown.
NEED_KEYS: dict[str, str] = {
    "housing": "h",
    "debt": "d",
    "employment": "e",
    "wellbeing": "w",
    "creative": "c",
    "learning": "l",
}
CREATIVE_NEEDS = {"creative"}
PRACTICAL_NEEDS = {"housing", "debt", "employment", "learning"}

BENEFITS: dict[str, str] = {
    "universal_credit": "Universal Credit",
    "pip": "Personal Independence Payment (PIP)",
    "esa": "Employment and Support Allowance (ESA)",
    "jsa": "Jobseeker's Allowance (JSA)",
    "pension_credit": "Pension Credit",
    "housing_benefit": "Housing Benefit",
    "council_tax_support": "Council Tax Support",
    "carers_allowance": "Carer's Allowance",
    "attendance_allowance": "Attendance Allowance",
}

HUBS = ["Bootle Hub", "Kirkdale Hub", "Toxteth Hub", "Southport Hub"]
COMMUNITY_SITES = ["Netherton community site", "Speke community site", "Crosby community site"]
SITES = HUBS + COMMUNITY_SITES

ROLES = ("advisor", "lead", "volunteer")  # lead: an advisor who is the safeguarding lead

# Referral statuses, in the order a referral usually moves through them.
STATUSES: dict[str, str] = {
    "queued": "Queued",
    "sent": "Sent",
    "accepted": "Accepted",
    "declined": "Declined",
    "attended": "Attended",
    "completed": "Completed",
    "did_not_attend": "Did not attend",
    "withdrawn": "Withdrawn",
    "reopened": "Reopened",
    "signposted": "Signposted (not sent)",
}
# Statuses an advisor records by hand; queued and signposted are set when the referral is made.
RECORDABLE_STATUSES = ["sent", "accepted", "declined", "attended", "completed", "did_not_attend", "withdrawn"]
CLOSED_STATUSES = {"declined", "completed", "did_not_attend", "withdrawn", "signposted"}
# The steps that make sense from each status, in the order the status picker offers them. Any other
# recordable status is a jump (the partner skipped a step, or news came late): asked to confirm, and recorded
# as a jump. A closed referral is reopened first.
NEXT_STEPS: dict[str, list[str]] = {
    "queued": ["sent", "withdrawn"],
    "sent": ["accepted", "declined", "withdrawn"],
    "accepted": ["attended", "did_not_attend", "withdrawn"],
    "attended": ["completed", "did_not_attend", "withdrawn"],
    "reopened": ["sent", "accepted", "attended", "withdrawn"],
}
OPEN_STATUSES = set(STATUSES) - CLOSED_STATUSES

# The learning offer (courses/): a course's status, where it runs, and the marks of its register.
COURSE_STATUSES: dict[str, str] = {"planned": "Planned", "open": "Open for enrolment", "running": "Running",
                                   "finished": "Finished", "cancelled": "Cancelled"}
COURSE_PLACES: dict[str, str] = {"hub": "At a hub", "community": "At a community site", "online": "Online"}
ATTENDANCE_MARKS: dict[str, str] = {"present": "Present", "late": "Late", "left_early": "Left early",
                                    "absent": "Absent", "excused": "Excused"}
ATTENDED_MARKS = {"present", "late", "left_early"}  # they came: counts towards completing a course

# Safeguarding concerns: what kind (one or more), how soon the lead must act, where a concern is.
CONCERN_CATEGORIES: dict[str, str] = {
    "self": "Risk to self",
    "others": "Risk from others or abuse",
    "domestic": "Domestic abuse",
    "neglect": "Neglect or self-neglect",
    "exploitation": "Exploitation",
    "other": "Other",
}
CONCERN_URGENCIES: dict[str, str] = {"immediate": "Immediate: today", "soon": "Soon: this week", "routine": "Routine"}
CONCERN_STATUSES: dict[str, str] = {"draft": "Draft (lead not told yet)", "open": "Open",
                                    "under_review": "Under review", "closed": "Closed"}

# Referrals into the service: who sent them, and where triage sent them on.
REFERRAL_IN_SOURCES: dict[str, str] = {"partner": "A partner", "gp": "A GP", "self": "The person themselves",
                                       "other": "Someone else"}
REFERRAL_IN_OUTCOMES: dict[str, str] = {"accepted": "Accepted for a drop-in", "redirected": "Redirected",
                                        "signposted": "Signposted"}
REDIRECT_KINDS: dict[str, str] = {"secondary_care": "Needs secondary mental health care",
                                  "another_service": "Needs another service first", "other": "Other"}

# ONS4 personal wellbeing questions, worded as the ONS asks them, each 0-10.
ONS4: dict[str, str] = {
    "ons_satisfied": "Overall, how satisfied are you with your life nowadays?",
    "ons_worthwhile": "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
    "ons_happy": "Overall, how happy did you feel yesterday?",
    "ons_anxious": "On a scale where 0 is 'not at all anxious' and 10 is 'completely anxious', "
    "overall, how anxious did you feel yesterday?",
}

# Postcode districts of Liverpool and Sefton (and any UK outward code in general).
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


def slug(text: str, empty: str = "site") -> str:
    """'Bootle Hub' -> 'bootle-hub': lower-case letters and digits joined by single hyphens (`empty` when none).
    A site's slug begins every row's origin ('bootle-hub:<laptop>'), so "Bootle Hub", "bootle hub" and
    "bootle-hub" are one site; file names are made the same way."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or empty


class InvalidValue(ValueError):
    """A value a person typed or a file gave that we cannot use; the message says what is expected."""


def normalise_district(text: str | None) -> str | None:
    """'l20 ' -> 'L20'; a full postcode 'L20 3AB' -> 'L20'; '' -> None. Raises InvalidValue when malformed."""
    if text is None:
        return None
    cleaned = text.strip().upper()
    if not cleaned:
        return None
    outward = cleaned.split()[0] if " " in cleaned else cleaned
    if len(outward) > 4 and " " not in cleaned:
        outward = cleaned[:-3]  # a full postcode typed without a space: L203AB
    if not _DISTRICT.match(outward):
        raise InvalidValue(
            f"'{text.strip()}' is not a postcode district: type the first half of a postcode, such as L20 or PR8."
        )
    return outward


def check_need(key: str) -> str:
    key = key.strip().lower()
    if key not in NEEDS:
        raise InvalidValue(f"'{key}' is not a need: use one of {', '.join(NEEDS)}.")
    return key


def check_benefit(key: str) -> str:
    key = key.strip().lower()
    if key not in BENEFITS:
        raise InvalidValue(f"'{key}' is not a benefit we know: use one of {', '.join(BENEFITS)}.")
    return key


IRREGULAR = {"person": "people", "fictional person": "fictional people"}


def plural(n: int, word: str) -> str:
    """'1 referral', '2 referrals', '1,200 referrals', '1 person', '3 people'."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {IRREGULAR.get(word, word + 's')}"
