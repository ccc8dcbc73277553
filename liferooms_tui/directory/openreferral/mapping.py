"""One Open Referral service (UK 3.0 / HSDS 3.0 or UK 1.0, as nested JSON) -> the fields of one partner.

A service with our own "liferooms" attributes (see extension.py) was exported by liferooms: its needs,
keywords and the rest are read back exactly. Any other service gets its needs from its taxonomy terms and
its own words, and keeps its original terms (Partner.taxonomy_terms) so a search finds them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from liferooms_tui.directory import fields as partner_fields
from liferooms_tui.directory.openreferral import described, parts
from liferooms_tui.directory.openreferral.clean import LONG, SHORT, Problem, Record, clean_text
from liferooms_tui.directory.openreferral.extension import FIELDS, TAXONOMY
from liferooms_tui.directory.openreferral.needs import needs_from
from liferooms_tui.vocabulary import BENEFITS, NEEDS

STATUSES = {"active", "inactive", "defunct", "temporarily closed"}
MAX_TERMS = 100

# Every partner field an import sets (all but ids, source and sync stamps).
PARTNER_FIELDS = (
    "name", "description", "needs", "services", "keywords", "catchment", "min_age", "max_age",
    "benefits_required", "prior_use_months", "capacity_per_week", "who_for", "not_for", "contact_name",
    "contact_role", "contact_phone", "contact_email", "delivered_at", "hubs", "schedule", "website",
    "last_verified", "active", "taxonomy_terms", "delivery", "districts", "from_description",
)


@dataclass
class Mapped:
    label: str  # how problems name the record: its id as given, or "#N" (its place in the file)
    source_id: str  # "" when the record has no usable id
    fields: dict[str, Any] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # A liferooms export's service: (where the partner came from, its id there), to find it here again.
    record: tuple[str, str] | None = None

    @property
    def name(self) -> str:
        return self.fields.get("name", "")


def partner_name(service: str, organization: str) -> str:
    """'Citizens Advice Sefton: Debt advice'; just one of them when one contains the other."""
    if not organization or organization.casefold() in service.casefold():
        return service
    if not service or service.casefold() in organization.casefold():
        return organization
    return f"{organization}: {service}"[:200]


def _label(data: dict, position: int) -> str:
    raw = data.get("id")
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return f"#{position}"
    text, _ = clean_text(str(raw) if isinstance(raw, str) or abs(raw) < 10**30 else "?", multiline=False, limit=80)
    return text or f"#{position}"


def _terms(rec: Record, data: dict) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """Original taxonomy term names, extra words for matching needs, and our own attribute values."""
    names: list[str] = []
    words: list[str] = []
    ours: dict[str, list[str]] = {}
    for i, attribute in enumerate(rec.items(data, "attributes", "attributes")):
        path = f"attributes[{i}]"
        term = rec.obj(attribute, "taxonomy_term", f"{path}.taxonomy_term") or {}
        if term.get("taxonomy") == TAXONOMY:
            code = term.get("code")
            if code not in FIELDS:
                rec.warn(f"{path}.taxonomy_term.code", "is not a liferooms field; left out")
                continue
            long_text = code == "not_for"
            value = rec.text(attribute, "value", f"{path}.value", numbers=True,
                             limit=LONG if long_text else SHORT, multiline=long_text)
            ours.setdefault(code, []).append(value)
            continue
        names.append(rec.text(term, "name", f"{path}.taxonomy_term.name", limit=120))
        words.append(rec.text(term, "description", f"{path}.taxonomy_term.description", limit=LONG))
    for i, link in enumerate(rec.items(data, "service_taxonomys", "service_taxonomys")):
        taxonomy = rec.obj(link, "taxonomy", f"service_taxonomys[{i}].taxonomy") or {}
        names.append(rec.text(taxonomy, "name", f"service_taxonomys[{i}].taxonomy.name", limit=120))
    for i, rule in enumerate(rec.items(data, "eligibilitys", "eligibilitys")):
        for j, taxonomy in enumerate(rec.items(rule, "taxonomys", f"eligibilitys[{i}].taxonomys")):
            names.append(rec.text(taxonomy, "name", f"eligibilitys[{i}].taxonomys[{j}].name", limit=120))
    kept = list(dict.fromkeys(n for n in names if n))
    if len(kept) > MAX_TERMS:
        rec.warn("attributes", f"has {len(kept)} taxonomy terms; the first {MAX_TERMS} were kept")
    return kept[:MAX_TERMS], [w for w in words if w], ours


def _ages(rec: Record, data: dict) -> tuple[int | None, int | None, list[str]]:
    low = rec.number(data, "minimum_age", "minimum_age", low=0, high=130)
    high = rec.number(data, "maximum_age", "maximum_age", low=0, high=130)
    words: list[str] = []
    for i, rule in enumerate(rec.items(data, "eligibilitys", "eligibilitys")):  # Open Referral UK 1.0
        lo = rec.number(rule, "minimum_age", f"eligibilitys[{i}].minimum_age", low=0, high=130)
        hi = rec.number(rule, "maximum_age", f"eligibilitys[{i}].maximum_age", low=0, high=130)
        hi = None if hi == 0 else hi  # 1.0 feeds use 0 for "no upper age"
        low = lo if low is None else (low if lo is None else min(low, lo))
        high = hi if high is None else (high if hi is None else max(high, hi))
        words.append(rec.text(rule, "eligibility", f"eligibilitys[{i}].eligibility"))
    if low is not None and high is not None and low > high:
        rec.warn("maximum_age", f"{high} is below the minimum age {low}; ages left out")
        low = high = None
    return low, high, [w for w in words if w]


def _our_int(rec: Record, ours: dict[str, list[str]], code: str) -> int | None:
    values = ours.get(code) or [""]
    if not values[0]:
        return None
    try:
        number = int(values[0])
    except ValueError:
        rec.warn(f"attributes ({code})", "should be a whole number; left out")
        return None
    return number if 0 <= number <= 100_000 else None


def _our_list(rec: Record, ours: dict[str, list[str]], code: str,
              allowed: dict | list | tuple | None = None) -> list[str]:
    values = [v for v in ours.get(code, []) if v]
    if allowed is not None:
        unknown = [v for v in values if v not in allowed]
        for value in unknown:
            rec.warn(f"attributes ({code})", f"'{value}' is not one we know; left out")
        values = [v for v in values if v in allowed]
    return list(dict.fromkeys(values))[:MAX_TERMS]


def _capacity(rec: Record, data: dict) -> int | None:
    for i, item in enumerate(rec.items(data, "capacities", "capacities")):  # HSDS 3.1
        unit = rec.obj(item, "unit", f"capacities[{i}].unit") or {}
        if "week" in rec.text(unit, "name", f"capacities[{i}].unit.name").lower():
            return rec.number(item, "maximum", f"capacities[{i}].maximum", low=0, high=100_000)
    return None


def _description(rec: Record, data: dict, description: str) -> str:
    """A service's description with what an advisor needs to know next to it: alerts, how to apply, fees."""
    extras = [(label, rec.text(data, key, key, multiline=True, limit=1000)) for label, key in (
        ("Alert", "alert"), ("How to get a place", "application_process"), ("Fees", "fees_description"))]
    if not extras[-1][1]:
        extras[-1] = ("Fees", rec.text(data, "fees", "fees", multiline=True, limit=1000))
    return "\n\n".join([description] + [f"{label}: {text}" for label, text in extras if text]).strip()[:LONG]


def map_service(data: Any, position: int) -> Mapped:
    """The partner fields for one service, with what is wrong with it (errors reject it, warnings do not)."""
    if not isinstance(data, dict):
        label = f"#{position}"
        kind = "a list" if isinstance(data, list) else "text" if isinstance(data, str) else "not an object"
        return Mapped(label, "", errors=[Problem(label, "", f"is {kind}, not a service")])
    rec = Record(_label(data, position))
    source_id = rec.text(data, "id", "id", required=True, numbers=True, limit=200)
    if source_id and isinstance(data["id"], str) and source_id != data["id"].strip():
        rec.error("id", "has control characters, markup or line breaks; an id must be plain text")
    organization = rec.obj(data, "organization", "organization") or {}
    service_name = rec.text(data, "name", "name", required=True, limit=200)
    name = partner_name(service_name, rec.text(organization, "name", "organization.name", limit=200))
    terms, term_words, ours = _terms(rec, data)
    description = rec.text(data, "description", "description", multiline=True, limit=LONG)
    if not ours:
        description = _description(rec, data, description or rec.text(
            organization, "description", "organization.description", multiline=True, limit=LONG))
    status = rec.text(data, "status", "status").lower()
    if status and status not in STATUSES:
        rec.warn("status", f"'{status}' is not an Open Referral status; taken as active")
    min_age, max_age, eligibility = _ages(rec, data)
    catchment, areas = parts.catchment(rec, data)
    audiences = parts.audiences(rec, data)
    who_for = [f"For: {', '.join(audiences)}" if audiences else ""]
    who_for.append(rec.text(data, "eligibility_description", "eligibility_description", multiline=True, limit=LONG))
    who_for.append(f"Eligibility: {', '.join(eligibility)}" if eligibility else "")
    who_for.append(f"Area: {'; '.join(areas)}" if areas else "")
    contact = parts.key_contact(rec, data, organization)
    website = rec.url(data, "url", "url") or rec.url(organization, "website", "organization.website") or rec.url(
        organization, "url", "organization.url")
    assured = rec.date(data, "assured_date", "assured_date")
    modified = rec.date(data, "last_modified", "last_modified")
    fields: dict[str, Any] = {
        "name": name, "description": description, "catchment": catchment, "min_age": min_age, "max_age": max_age,
        "who_for": "\n".join(w for w in who_for if w)[:LONG], "delivered_at": parts.delivered_at(rec, data),
        "schedule": parts.schedule_text(rec, data), "website": website, "active": status in ("", "active"),
        "taxonomy_terms": terms, **contact, "delivery": parts.delivery(rec, data),
        "districts": parts.districts_at(rec, data), "from_description": [],
    }
    if ours:  # exported by liferooms: our fields, exactly
        fields.update(
            needs=_our_list(rec, ours, "needs", NEEDS), services=_our_list(rec, ours, "services"),
            keywords=_our_list(rec, ours, "keywords"), hubs=_our_list(rec, ours, "hubs"),
            benefits_required=_our_list(rec, ours, "benefits_required", BENEFITS),
            prior_use_months=_our_int(rec, ours, "prior_use_months"),
            capacity_per_week=_our_int(rec, ours, "capacity_per_week"),
            not_for=(ours.get("not_for") or [""])[0], last_verified=assured,
        )
        fields.update(delivery=_our_list(rec, ours, "delivery", DELIVERY),
                      districts=_our_list(rec, ours, "districts") or fields["districts"],
                      from_description=_our_list(rec, ours, "from_description"))
        fields["contact_email"] = (ours.get("contact_email") or [fields["contact_email"]])[0]
        fields["website"] = (ours.get("website") or [fields["website"]])[0]
    else:
        alternates = [rec.text(data, "alternate_name", "alternate_name"),
                      rec.text(organization, "alternate_name", "organization.alternate_name"),
                      rec.text(data, "attending_access", "attending_access")]
        deliverable = rec.text(data, "deliverable_type", "deliverable_type")
        fields.update(
            needs=needs_from(terms + term_words, name, " ".join(a for a in alternates if a),
                             deliverable, description),
            services=[deliverable] if deliverable else [],
            keywords=list(dict.fromkeys(a for a in alternates if a)), hubs=[], benefits_required=[],
            prior_use_months=None, capacity_per_week=_capacity(rec, data), not_for="",
            last_verified=assured or modified,
        )
        _read_description(fields, description)
    fields = partner_fields.keep_good(fields, rec.warn)  # the rules an advisor's edit follows (directory/fields.py)
    record = ((ours.get("partner_record") or [""])[0], (ours.get("record_id") or [source_id])[0]) if ours else None
    return Mapped(rec.label, source_id, fields, rec.errors, rec.warnings, record)


DELIVERY = ("venue", "phone", "online", "home visit")


def _read_description(fields: dict[str, Any], description: str) -> None:
    """Ages, a phone number and postcode districts from the description, for the fields the feed left empty;
    each noted in from_description, so the card says "read from the description"."""
    marks: list[str] = fields["from_description"]
    if fields["min_age"] is None and fields["max_age"] is None:
        low, high = described.ages_in(description)
        if low is not None or high is not None:
            fields.update(min_age=low, max_age=high)
            marks.append("ages")
    if not fields["contact_phone"]:
        fields["contact_phone"] = described.phone_in(description)
        if fields["contact_phone"]:
            marks.append("contact_phone")
    if not fields["districts"]:
        fields["districts"] = described.districts_in(description)[:20]
        if fields["districts"]:
            marks.append("districts")

