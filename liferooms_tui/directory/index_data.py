"""What the partner search index holds, and keeping it up to date: the data half of search.PartnerIndex.

Each active partner has a slot (a small int). Per term and field (name, keywords, services, who it is for,
description) an array of slots; per need, hub, catchment district, way of delivery and district where it is a set
of slots. A changed or removed partner's slot is marked dead (its old postings stay, skipped at query time) and
the index compacts itself when dead slots pile up. Partners are held as copies not attached to any database session.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from collections.abc import Mapping

from sqlalchemy.orm import instrumentation

from liferooms_tui.db.models import Partner
from liferooms_tui.directory.matching import Vocabulary, is_stopword, raw_words, stem, terms
from liferooms_tui.referrals.eligibility import is_full
from liferooms_tui.vocabulary import SITES, InvalidValue, check_need, normalise_district

FIELDS = ("name", "keywords", "services", "who_for", "description")


def postcode_area(district: str) -> str:
    """The letters a postcode district starts with: "BS5" -> "BS", "l20" -> "L"."""
    district = district.strip().upper()
    return district[: len(district) - len(district.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))]
_NAMES = tuple(Partner.model_fields)
_MANAGER = instrumentation.manager_of_class(Partner)
_ALL_SET = set(_NAMES)


def field_texts(p: Partner) -> tuple[str, str, str, str, str]:
    return (p.name, " ".join([*p.keywords, *p.taxonomy_terms]), " ".join(p.services), p.who_for, p.description)


def detached_copy(partner: Partner) -> Partner:
    """A copy of a partner attached to no session, made the way SQLAlchemy makes a row it loads (fast)."""
    source = partner.__dict__
    values = {n: source[n] for n in _NAMES} if all(n in source for n in _NAMES) else \
        {n: getattr(partner, n) for n in _NAMES}
    for name, value in values.items():
        if isinstance(value, list):
            values[name] = list(value)
    copy = _MANAGER.new_instance()
    copy.__dict__.update(values)
    object.__setattr__(copy, "__pydantic_fields_set__", _ALL_SET)  # every field is set: one set shared by all
    return copy


class IndexData:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._reset()

    def _reset(self) -> None:
        self._partners: list[Partner | None] = []
        self._needs_of: list[tuple[str, ...]] = []
        self._need_mask: list[int] = []  # slot -> one bit per need it meets (bits from _need_bit)
        self._need_bit: dict[str, int] = {}
        self._slot: dict[str, int] = {}
        self._postings: dict[str, list[array | None]] = {}
        self._df: dict[str, int] = {}
        self._display: dict[str, str] = {}
        self._vocab = Vocabulary()
        self._needs: dict[str, set[int]] = {}
        self._hubs: dict[str, set[int]] = {}
        self._at_hub: set[int] = set()
        self._catchment: dict[str, set[int]] = {}
        self._anywhere: set[int] = set()
        self._delivery: dict[str, set[int]] = {}  # venue, phone, online, home visit -> slots
        self._located: dict[str, set[int]] = {}  # postcode district where it is -> slots
        self._located_area: dict[str, set[int]] = {}  # postcode area ("BS", "L") where it is -> slots
        self._has_location: set[int] = set()
        self._capacity: dict[int, int] = {}
        self._live: set[int] = set()
        self._dead: set[int] = set()
        self._by_name: list[int] | None = None
        self._penalty: list[float] = []  # slot -> a tiny amount by name order, so ties go by name
        self._words: OrderedDict = OrderedDict()  # cache of per-word scores, emptied on every change

    def __len__(self) -> int:
        return len(self._live)

    def upsert(self, partner: Partner) -> None:
        """Add a partner, or replace it after a change; a partner made inactive leaves the index."""
        copy = detached_copy(partner)
        with self._lock:
            if copy.id in self._slot:
                self._kill(self._slot[copy.id])
            if copy.active:
                self._add(copy)
            self._changed()

    def remove(self, partner_id: str) -> None:
        with self._lock:
            if partner_id in self._slot:
                self._kill(self._slot[partner_id])
                self._changed()

    def partner(self, partner_id: str) -> Partner | None:
        slot = self._slot.get(partner_id)
        return None if slot is None else self._partners[slot]

    def _add(self, p: Partner) -> None:
        slot = len(self._partners)
        self._partners.append(p)
        self._needs_of.append(tuple(p.needs))
        self._need_mask.append(sum({1 << self._need_bit.setdefault(n, len(self._need_bit)) for n in p.needs}))
        self._slot[p.id] = slot
        self._live.add(slot)
        display, postings, seen = self._display, self._postings, set()
        for field, text in enumerate(field_texts(p)):
            stems = set()
            for word in raw_words(text):
                if is_stopword(word):
                    continue
                term = stem(word)
                stems.add(term)
                shown = display.get(term)  # shown in "why": the shortest way the directory writes the term
                if shown is None or len(word) < len(shown):
                    display[term] = word
            for term in stems:
                lists = postings.get(term)
                if lists is None:
                    lists = postings[term] = [None] * len(FIELDS)
                    self._vocab.add(term)
                slots = lists[field]
                if slots is None:
                    slots = lists[field] = array("i")
                slots.append(slot)
            seen |= stems
        for term in seen:
            self._df[term] = self._df.get(term, 0) + 1
        for need in p.needs:
            self._needs.setdefault(need, set()).add(slot)
        for hub in p.hubs:
            self._hubs.setdefault(hub.casefold(), set()).add(slot)
            self._at_hub.add(slot)
        for district in p.catchment:
            self._catchment.setdefault(district.strip().upper(), set()).add(slot)
        if not p.catchment:
            self._anywhere.add(slot)
        for way in p.delivery:
            self._delivery.setdefault(way, set()).add(slot)
        for district in p.districts:
            self._located.setdefault(district.upper(), set()).add(slot)
            self._located_area.setdefault(postcode_area(district), set()).add(slot)
            self._has_location.add(slot)
        if p.capacity_per_week is not None:
            self._capacity[slot] = p.capacity_per_week
        self._by_name = None

    def _at(self, slot: int) -> Partner:
        """The partner in a live slot (a removed partner's slot holds None until the index is compacted)."""
        partner = self._partners[slot]
        assert partner is not None, slot
        return partner

    def _kill(self, slot: int) -> None:
        p = self._at(slot)
        self._partners[slot] = None
        del self._slot[p.id]
        self._live.discard(slot)
        self._dead.add(slot)
        for term in {t for text in field_texts(p) for t in terms(text)}:
            self._df[term] -= 1
        for group in (*self._needs.values(), *self._hubs.values(), *self._catchment.values(),
                      *self._delivery.values(), *self._located.values(), *self._located_area.values()):
            group.discard(slot)
        self._has_location.discard(slot)
        self._at_hub.discard(slot)
        self._anywhere.discard(slot)
        self._capacity.pop(slot, None)
        self._by_name = None

    def _changed(self) -> None:
        self._words.clear()
        if len(self._dead) > max(256, len(self._live) // 2):  # compact: drop the slots of old versions
            live = [p for p in self._partners if p is not None]
            self._reset()
            for p in live:
                self._add(p)

    def in_area(self, district: str) -> set[int]:
        """Partners for a person in this district: those whose catchment names it, and those with no catchment
        that are where no postcode says, or in the same postcode area (BS5 -> BS)."""
        anywhere = self._anywhere
        return (self._catchment.get(district, set()) | (anywhere - self._has_location)
                | (anywhere & self._located_area.get(postcode_area(district), set())))

    def nearness(self, district: str) -> tuple[set[int], set[int]]:
        """(in the district: its catchment names it or it is there, in the same postcode area)."""
        here = self._catchment.get(district, set()) | self._located.get(district, set())
        return here, self._located_area.get(postcode_area(district), set()) - here

    def _name_order(self) -> list[int]:
        if self._by_name is None:
            self._by_name = sorted(self._live, key=lambda s: (self._at(s).name.casefold(), s))
            self._penalty = [0.0] * len(self._partners)
            for rank, slot in enumerate(self._by_name):
                self._penalty[slot] = rank * 1e-9
        return self._by_name

    def _allowed(self, f, open_referrals: Mapping[str, int]) -> tuple[set[int] | None, set[int]]:
        """The slots the filters allow (None: all), and the slots they rule out (full this week)."""
        groups: list[set[int]] = []
        if f.needs:
            groups.append(set().union(*(self._needs.get(check_need(n), set()) for n in f.needs)))
        if f.hub:
            if f.hub.casefold() not in {s.casefold() for s in SITES}:
                raise InvalidValue(f"'{f.hub}' is not a hub or site: use one of {', '.join(SITES)}.")
            groups.append(self._hubs.get(f.hub.casefold(), set()))
        elif f.at_hub:
            groups.append(self._at_hub)
        if f.postcode:
            district = normalise_district(f.postcode) or ""
            groups.append(self.in_area(district))
        if f.delivery:
            groups.append(set().union(*(self._delivery.get(way, set()) for way in f.delivery)))
        excluded: set[int] = set()
        if f.has_capacity:  # capacity_per_week None means no limit: always has capacity
            for slot, places in self._capacity.items():
                if is_full(places, open_referrals.get(self._at(slot).id, 0)):
                    excluded.add(slot)
        if not groups:
            return None, excluded
        groups.sort(key=len)
        return groups[0].intersection(*groups[1:]), excluded
