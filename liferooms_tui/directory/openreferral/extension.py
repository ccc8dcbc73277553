"""How our partner fields travel in Open Referral, and the ids we make for what we import and export.

Fields Open Referral has no place for (our needs, a partner's list of services, keywords, benefits
required, prior use, weekly capacity, who it is not for, hubs) travel as HSDS attributes: a taxonomy term of
the taxonomy "liferooms" whose `code` names the field, and the attribute's `value` holds the value (one
attribute per item of a list). Other directories can ignore them; our import reads them back exactly.

Ids are uuid5s, so every laptop importing the same file (or exporting the same directory) makes the same ids.
"""

from __future__ import annotations

import uuid

TAXONOMY = "liferooms"
IMPORTED_TAXONOMY = "liferooms-imported-terms"  # the original terms of an imported service, exported again
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://liferooms.example.org/open-referral")
RESERVED_SOURCES = {"manual", "sample"}  # partners added here by hand, and the fictional sample directory

# code -> (label, kind): kind is "list" (one attribute per item), "int" or "text".
FIELDS: dict[str, tuple[str, str]] = {
    "partner_record": ("Partner record from liferooms (value: where it first came from)", "text"),
    "record_id": ("The partner's id where it came from (when the service id is not that id)", "text"),
    "needs": ("Need met (liferooms need key)", "list"),
    "services": ("Service offered", "list"),
    "keywords": ("Keyword", "list"),
    "benefits_required": ("Benefit required (any one of these)", "list"),
    "prior_use_months": ("Not again within this many months of using it", "int"),
    "capacity_per_week": ("Referrals accepted a week", "int"),
    "not_for": ("Who it is not for", "text"),
    "hubs": ("Runs at this hub", "list"),
    "contact_email": ("Key contact email (when not a plain address)", "text"),
    "website": ("Website (when not a plain web address)", "text"),
    "delivery": ("Delivered (venue, phone, online, home visit)", "list"),
    "districts": ("Postcode district where it is", "list"),
    "from_description": ("Field read from its description", "list"),
}


def partner_id(source: str, source_id: str) -> str:
    """The id of the partner imported from this source with this id: the same on every laptop."""
    return str(uuid.uuid5(NAMESPACE, f"partner\x1f{source}\x1f{source_id}"))


def record_id(source: str, source_id: str | None, own_id: str) -> str:
    """A partner's id where it came from: the publisher's id for an imported partner, else our own id."""
    return source_id if source not in RESERVED_SOURCES and source_id else own_id


def sub_id(*parts: str) -> str:
    """A stable id for a part of an exported service (its organization, contact, an attribute...)."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def as_uuid(value: str) -> str:
    """The value when it is a UUID already, else a uuid5 made from it (Open Referral 3.0 ids are UUIDs)."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return sub_id("id", value)


def taxonomy_id(name: str) -> str:
    return sub_id("taxonomy", name)


def term_id(taxonomy: str, code: str) -> str:
    return sub_id("term", taxonomy, code)
