"""The parts of an Open Referral service that make one partner field each: key contact, schedule, where
it runs, and its catchment (postcode districts named in its service areas)."""

from __future__ import annotations

import re

from liferooms_tui.directory.openreferral.clean import SHORT, Record
from liferooms_tui.vocabulary import InvalidValue, normalise_district

DAYS = {"MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat", "SU": "Sun"}
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?) ?[0-9][A-Z]{2}\b")
_DISTRICT = re.compile(r"\b[A-Z]{1,2}[0-9][0-9A-Z]?\b")
_POSTCODE_WORD = re.compile(r"post ?codes?|districts?", re.I)


def first_phone(rec: Record, holders: list[tuple[dict, str]]) -> str:
    """The first phone number of the first holder (contact, service, location, organization) that has one."""
    for holder, path in holders:
        for index, phone in enumerate(rec.items(holder, "phones", f"{path}.phones")):
            number = rec.text(phone, "number", f"{path}.phones[{index}].number", numbers=True)
            number = number.strip("\"' ")
            if number:
                return number
    return ""


def key_contact(rec: Record, service: dict, organization: dict) -> dict[str, str]:
    """Name, role, phone and email of the service's key contact, falling back to the service's own."""
    contacts = [(c, f"contacts[{i}]") for i, c in enumerate(rec.items(service, "contacts", "contacts"))]
    for i, sal in enumerate(rec.items(service, "service_at_locations", "service_at_locations")):
        contacts += [(c, f"service_at_locations[{i}].contacts[{j}]")
                     for j, c in enumerate(rec.items(sal, "contacts", f"service_at_locations[{i}].contacts"))]
    name = role = email = ""
    contact, path = contacts[0] if contacts else ({}, "contacts[0]")
    if contact:
        name = rec.text(contact, "name", f"{path}.name")
        role = rec.text(contact, "title", f"{path}.title") or rec.text(contact, "department", f"{path}.department")
        email = rec.text(contact, "email", f"{path}.email")
    email = email or rec.text(service, "email", "email") or rec.text(organization, "email", "organization.email")
    holders = [(c, p) for c, p in contacts] + [(service, "service")]
    for i, sal in enumerate(rec.items(service, "service_at_locations", "service_at_locations")):
        location = rec.obj(sal, "location", f"service_at_locations[{i}].location") or {}
        holders.append((location, f"service_at_locations[{i}].location"))
    holders.append((organization, "organization"))
    return {"contact_name": name, "contact_role": role, "contact_email": email,
            "contact_phone": first_phone(rec, holders)}


def _clock(text: str) -> str:
    return text[:5] if re.fullmatch(r"\d\d:\d\d(:\d\d)?([.+-Z].*)?", text) else text


def _weekday(rec: Record, item: dict, path: str) -> str:
    value = item.get("weekday")
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7:
        return WEEKDAYS[value - 1]
    if isinstance(value, str) and value.strip():
        return rec.text(item, "weekday", path)[:3].title()
    return ""


def schedule_text(rec: Record, service: dict) -> str:
    """When the service runs: the schedules' own descriptions, else days and times made into words."""
    schedules = [(s, f"schedules[{i}]") for i, s in enumerate(rec.items(service, "schedules", "schedules"))]
    schedules += [(s, f"regular_schedules[{i}]")
                  for i, s in enumerate(rec.items(service, "regular_schedules", "regular_schedules"))]
    parts: list[str] = []
    for item, path in schedules:
        described = rec.text(item, "description", f"{path}.description")
        if described:
            parts.append(described)
            continue
        byday = rec.text(item, "byday", f"{path}.byday")
        days = ", ".join(DAYS.get(d.strip().upper()[-2:], d.strip()) for d in byday.split(",") if d.strip())
        days = days or _weekday(rec, item, f"{path}.weekday")
        opens = _clock(rec.text(item, "opens_at", f"{path}.opens_at"))
        closes = _clock(rec.text(item, "closes_at", f"{path}.closes_at"))
        times = f"{opens}-{closes}" if opens and closes else opens or closes
        freq = rec.text(item, "freq", f"{path}.freq").lower()
        words = " ".join(w for w in (days, times, "monthly" if freq == "monthly" else "") if w)
        if words:
            parts.append(words)
    return "; ".join(dict.fromkeys(parts))[:SHORT]


def _address_text(rec: Record, address: dict, path: str) -> str:
    pieces = [rec.text(address, key, f"{path}.{key}") for key in ("address_1", "address_2", "city")]
    postcode = rec.text(address, "postal_code", f"{path}.postal_code")
    text = ", ".join(p for p in pieces if p)
    return f"{text} {postcode}".strip() if postcode else text


def delivered_at(rec: Record, service: dict) -> str:
    """Where the service runs: its locations' names and first addresses ("Online" for virtual ones)."""
    places: list[str] = []
    for i, sal in enumerate(rec.items(service, "service_at_locations", "service_at_locations")):
        path = f"service_at_locations[{i}].location"
        location = rec.obj(sal, "location", path)
        if not location:
            continue
        name = rec.text(location, "name", f"{path}.name")
        addresses = rec.items(location, "addresses", f"{path}.addresses") or rec.items(
            location, "physical_addresses", f"{path}.physical_addresses")
        address = _address_text(rec, addresses[0], f"{path}.addresses[0]") if addresses else ""
        if not name and not address and location.get("location_type") == "virtual":
            name = "Online"
        place = ", ".join(p for p in (name, address) if p)
        if place:
            places.append(place)
    return "; ".join(dict.fromkeys(places))[:SHORT]


def _districts_in(text: str, whole: bool) -> list[str]:
    """Postcode districts in a service area's text: the whole text when it is a list of districts, full
    postcodes anywhere, and districts named after the word "postcode" or "district"."""
    upper = text.upper()
    if whole:
        tokens = [t for t in re.split(r"[,;/]|\s+AND\s+|\s+", upper) if t]
        try:
            return [d for d in (normalise_district(t) for t in tokens) if d]
        except InvalidValue:
            pass
    found: list[str] = [str(m.group(1)) for m in _POSTCODE.finditer(upper)]
    for match in _POSTCODE_WORD.finditer(text):
        tail = upper[match.end(): match.end() + 200].split(".")[0]
        found += _DISTRICT.findall(tail)
    return found


def catchment(rec: Record, service: dict) -> tuple[list[str], list[str]]:
    """Postcode districts the service covers, and the wording of areas that name no district."""
    districts: list[str] = []
    other: list[str] = []
    for i, area in enumerate(rec.items(service, "service_areas", "service_areas")):
        path = f"service_areas[{i}]"
        texts = [rec.text(area, key, f"{path}.{key}", limit=1000)
                 for key in ("name", "service_area", "description") if isinstance(area.get(key), str)]
        texts = [t for t in texts if t]
        found: list[str] = []
        for index, text in enumerate(texts):
            found += _districts_in(text, whole=index == 0 or len(text) < 40)
        if found:
            districts += found
        elif texts:
            other.append(texts[0][:200])
    return list(dict.fromkeys(districts))[:200], list(dict.fromkeys(other))[:5]


_DELIVERY = {"venue": "venue", "in person": "venue", "face to face": "venue", "physical": "venue",
             "phone": "phone", "telephone": "phone", "online": "online", "virtual": "online",
             "home visit": "home visit", "home visits": "home visit", "outreach": "home visit"}


def audiences(rec: Record, service: dict) -> list[str]:
    """Who a service is for, as the feed says it (OpenPlace feeds: pc_targetAudience[].audienceType; "Sensory
    Impaired>Visually Impaired" becomes "Sensory Impaired: Visually Impaired")."""
    found: list[str] = []
    for i, item in enumerate(rec.items(service, "pc_targetAudience", "pc_targetAudience")):
        text = rec.text(item, "audienceType", f"pc_targetAudience[{i}].audienceType", limit=120)
        text = ": ".join(p.strip() for p in text.split(">") if p.strip())
        if text and text not in found:
            found.append(text)
    return found[:20]


def delivery(rec: Record, service: dict) -> list[str]:
    """How a service is delivered (venue, phone, online, home visit): its attending type (Open Referral UK 1.0)
    and the kinds of its locations (physical, virtual)."""
    said: list[str] = []
    value = service.get("attending_type")
    if isinstance(value, list):
        said += [rec.text({"v": v}, "v", "attending_type") for v in value[:20]]
    else:
        said.append(rec.text(service, "attending_type", "attending_type"))
    for i, sal in enumerate(rec.items(service, "service_at_locations", "service_at_locations")):
        location = rec.obj(sal, "location", f"service_at_locations[{i}].location") or {}
        said.append(rec.text(location, "location_type", f"service_at_locations[{i}].location.location_type"))
    kinds = [_DELIVERY.get(" ".join(s.lower().replace("-", " ").split())) for s in said if s]
    return [k for k in ("venue", "phone", "online", "home visit") if k in kinds]


def districts_at(rec: Record, service: dict) -> list[str]:
    """Postcode districts of the service's locations' addresses."""
    found: list[str] = []
    for i, sal in enumerate(rec.items(service, "service_at_locations", "service_at_locations")):
        path = f"service_at_locations[{i}].location"
        location = rec.obj(sal, "location", path) or {}
        for key in ("addresses", "physical_addresses"):
            for j, address in enumerate(rec.items(location, key, f"{path}.{key}")):
                postcode = rec.text(address, "postal_code", f"{path}.{key}[{j}].postal_code").upper()
                match = _POSTCODE.search(postcode) or _DISTRICT.fullmatch(postcode.strip())
                if match:
                    district = match.group(1) if match.re is _POSTCODE else match.group(0)
                    if district not in found:
                        found.append(district)
    return found[:20]
