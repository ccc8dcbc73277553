"""Which of our needs an Open Referral service meets, from its taxonomy terms and its own words.

Taxonomy terms (Open Eligibility, esd service types, a council's own list) and the service's name and
description are matched against words advisors and directories use for each need. Words too common to
mean anything on their own ("work", "help") are left out on purpose.
"""

from __future__ import annotations

import re

from liferooms_tui.vocabulary import NEEDS

NEED_WORDS: dict[str, tuple[str, ...]] = {
    "housing": (
        "housing", "homeless", "homelessness", "tenancy", "tenancies", "tenant", "tenants", "landlord",
        "landlords", "eviction", "evictions", "rent arrears", "accommodation", "rough sleeping", "rough sleepers",
        "hostel", "hostels", "sofa surfing", "shelter", "supported living", "repairs",
    ),
    "debt": (
        "debt", "debts", "money advice", "money", "benefit", "benefits", "welfare rights", "welfare",
        "universal credit", "budgeting", "budget", "financial", "finance", "income maximisation", "bills",
        "arrears", "food bank", "foodbank", "grants", "cost of living", "fuel poverty",
    ),
    "employment": (
        "employment", "employability", "job", "jobs", "job search", "jobseekers", "cv", "cvs", "careers",
        "career", "volunteering", "apprenticeship", "apprenticeships", "work experience", "back to work",
        "unemployed", "unemployment", "interview skills", "self-employment",
    ),
    "wellbeing": (
        "wellbeing", "well-being", "mental health", "health", "counselling", "counseling", "anxiety",
        "depression", "loneliness", "lonely", "isolation", "isolated", "befriending", "peer support",
        "physical activity", "exercise", "fitness", "walking", "stress", "bereavement", "addiction",
        "recovery", "social prescribing", "sport", "sports", "gardening",
    ),
    "creative": (
        "art", "arts", "creative", "creativity", "craft", "crafts", "music", "singing", "choir", "drama",
        "theatre", "dance", "painting", "drawing", "creative writing", "poetry", "photography", "pottery",
        "knitting", "film", "heritage",
    ),
    "learning": (
        "learning", "education", "course", "courses", "classes", "literacy", "numeracy", "esol",
        "english language", "english classes", "digital skills", "digital inclusion", "computer", "computers",
        "college", "adult education", "training", "qualifications", "maths", "skills",
    ),
}

_PATTERNS = {
    need: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b")
    for need, words in NEED_WORDS.items()
}


def needs_from(terms: list[str], text: str) -> list[str]:
    """Our needs met by a service with these taxonomy terms and this name and description, in NEEDS order."""
    haystack = (" | ".join(terms) + " | " + text).lower()
    return [need for need in NEEDS if _PATTERNS[need].search(haystack)]
