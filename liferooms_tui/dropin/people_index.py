"""Finding a returning person as you type, in a few milliseconds among thousands.

The rule is find_people's and has not changed: a person is found when the typed text is the start of their
name, of one of its words, or of their initials (score 100), or else when rapidfuzz's WRatio of the typed
text and their name (both lower case) is at least 70; best score first, then the most recently seen.

What makes it fast:
- an index in memory per database (names lower case, their words and initials, district, date of birth,
  last seen): no rows are loaded per keystroke. It holds only what the search needs, never goes to disk, and
  is rebuilt when the person change counter (db/change_counter.py, kept by triggers) has moved;
- starts of names, words and initials are found by bisecting sorted lists, not by looking at everyone;
- WRatio (about 1 microsecond a name) runs only on names that could reach 70. Every part of WRatio is an
  Indel similarity, 2 * LCS / (length of both), between the typed text and the name, their words sorted,
  or a window of the longer one; unless they share a whole word (found through a word index), a score of 70
  needs a longest common subsequence of at least 0.63 of the shorter one, in the text as typed or with both
  sets of words sorted. Those two LCS passes are bit-parallel in rapidfuzz (tens of nanoseconds a name), per
  name length so that the bound is exact for each length, and each distinct name is scored once.
"""

from __future__ import annotations

import heapq
import math
import threading
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from weakref import WeakKeyDictionary

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq
from sqlalchemy import select as sa_select
from sqlmodel import Session

from liferooms_tui.db.change_counter import COUNTER_KEYS
from liferooms_tui.db.models import Person, SyncMeta

THRESHOLD = 70.0
SMALL = 1500  # distinct names left by a district or date of birth: WRatio them all, no LCS passes


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.split())


@dataclass
class _Name:
    """One distinct name (lower case) and the people who have it."""

    text: str
    sorted_words: str
    people: list[int] = field(default_factory=list)


def _needs(query_length: int, length: int, sorted_words: bool) -> int | None:
    """The least LCS with the query that a text of this length needs to be able to reach WRatio >= 70 (None:
    it cannot). WRatio (rapidfuzz 3) on lengths q <= n, or n <= q:
    - n/q < 1.5: max(ratio, 0.95 * token ratio): 70 needs LCS >= 0.35 (q + n) as typed, or 0.3684 (q + n)
      with the words sorted (token_sort; token_set is the same unless they share a word);
    - up to 8: max(ratio, 0.9 * partial_ratio, 0.855 * partial_token_ratio): a partial_ratio of 77.8 against
      a window w of the longer needs 2 LCS / (short + w) >= 0.778 with LCS <= w, so LCS >= 0.636 * short as
      typed; partial_token_ratio 81.9 (no shared word) likewise needs 0.693 * short with the words sorted;
    - past 8: partial scores count 0.6, and ratio is below 0.23: it cannot."""
    short, long = sorted((query_length, length))
    if short == 0 or long > 8 * short:
        return None
    eps = 1e-9
    if long < 1.5 * short:
        share = 0.3684 if sorted_words else 0.35
        return max(1, math.ceil(share * (short + long) - eps))
    if sorted_words:
        return max(1, math.ceil(0.6931 * short - eps))
    return max(1, math.ceil(min(0.35 * (short + long), 0.6363 * short) - eps))


class _ByLength:
    """Texts grouped by length, to find those whose LCS with a query could be enough for WRatio >= 70."""

    def __init__(self, texts: list[tuple[str, int]], sorted_words: bool) -> None:
        groups: dict[int, tuple[list[str], list[int]]] = {}
        for text, slot in texts:
            group = groups.setdefault(len(text), ([], []))
            group[0].append(text)
            group[1].append(slot)
        self.groups = sorted(groups.items())
        self.sorted_words = sorted_words

    def within_reach(self, query: str) -> list[int]:
        """Slots of the texts whose LCS with the query is at least what WRatio >= 70 needs at their length."""
        found = []
        for length, (texts, slots) in self.groups:
            need = _needs(len(query), length, self.sorted_words)
            if need is not None:
                found += [slots[i] for _, _, i in
                          process.extract_iter(query, texts, scorer=LCSseq.similarity, score_cutoff=need)]
        return found


class PeopleIndex:
    """Live (not erased, not merged into another record) people of one database, as the search needs them.
    Read-only once built."""

    def __init__(self, rows) -> None:
        self.ids: list[str] = []
        self.seen: list[datetime] = []
        self.district: list[str | None] = []
        self.born: list[date | None] = []
        self.name_of: list[int] = []  # person -> distinct name
        self.names: list[_Name] = []
        by_text: dict[str, int] = {}
        for person_id, display_name, district, born, seen in rows:
            text = display_name.lower()
            slot = by_text.get(text)
            if slot is None:
                slot = by_text[text] = len(self.names)
                self.names.append(_Name(text, _sorted_words(text)))
            self.names[slot].people.append(len(self.ids))
            self.ids.append(person_id)
            self.seen.append(seen)
            self.district.append(district)
            self.born.append(born)
            self.name_of.append(slot)
        self.recent = sorted(range(len(self.ids)), key=lambda i: self.seen[i], reverse=True)
        self.by_district: dict[str, list[int]] = defaultdict(list)
        self.by_born: dict[date, list[int]] = defaultdict(list)
        for i, (district, born) in enumerate(zip(self.district, self.born, strict=True)):
            if district:
                self.by_district[district].append(i)
            if born:
                self.by_born[born].append(i)
        # starts as typed: (key, name slot) sorted, found by bisecting
        self.starts = sorted({(n.text, s) for s, n in enumerate(self.names)}
                             | {(w, s) for s, n in enumerate(self.names) for w in n.text.split()})
        self.initial_starts = sorted((_initials(n.text), s) for s, n in enumerate(self.names))
        self.words = [tuple(set(n.text.split())) for n in self.names]
        # a name has at most this many keys in `starts` (itself and each of its words)
        self.keys_per_name = max((1 + len(w) for w in self.words), default=1)
        self.by_word: dict[str, list[int]] = defaultdict(list)
        for slot, name in enumerate(self.names):
            for word in set(name.text.split()):
                self.by_word[word].append(slot)
        # for the LCS passes: distinct names, and their words sorted, each ordered by length
        self.as_typed = _ByLength([(n.text, s) for s, n in enumerate(self.names)], sorted_words=False)
        self.as_sorted = _ByLength([(n.sorted_words, s) for s, n in enumerate(self.names)], sorted_words=True)

    @staticmethod
    def _prefixed(keys: list[tuple[str, int]], typed: str) -> set[int]:
        found = set()
        at = bisect_left(keys, (typed, -1))
        while at < len(keys) and keys[at][0].startswith(typed):
            found.add(keys[at][1])
            at += 1
        return found

    def _typed_slots(self, query: str) -> set[int]:
        """Distinct names that start with the query, or have a word or initials that do."""
        return self._prefixed(self.starts, query) | self._prefixed(self.initial_starts, query.replace(" ", ""))

    def _is_typed(self, slot: int, query: str, no_spaces: str) -> bool:
        """The name starts with the query, or one of its words does, or its initials do (as _typed_slots)."""
        name = self.names[slot].text
        return (name.startswith(query) or any(word.startswith(query) for word in self.words[slot])
                or _initials(name).startswith(no_spaces))

    def _many_typed(self, query: str, limit: int) -> list[int] | None:
        """When so many names start with the query (one or two letters, say) that at least `limit` people surely
        do, every one found scores 100 and no fuzzy pass is needed: the `limit` most recently seen of them,
        found by walking everyone from the most recently seen (a few hundred at most); else None."""
        lo = bisect_left(self.starts, (query, -1))
        hi = bisect_left(self.starts, (query + "\U0010ffff", -1), lo)
        if hi - lo < self.keys_per_name * limit:  # fewer keys than that: maybe fewer than `limit` names
            return None
        chosen: list[int] = []
        hits: dict[int, bool] = {}
        no_spaces = query.replace(" ", "")
        for i in self.recent:
            slot = self.name_of[i]
            hit = hits.get(slot)
            if hit is None:
                hit = hits[slot] = self._is_typed(slot, query, no_spaces)
            if hit:
                chosen.append(i)
                if len(chosen) == limit:
                    break
        return chosen

    def _fuzzy_scores(self, query: str, skip: set[int], only: set[int] | None) -> dict[int, float]:
        """WRatio of the query and each distinct name that could reach the threshold (and is in `only`)."""
        if only is not None and len(only) <= SMALL:
            candidates = set(only)
        else:
            candidates = set()
            for word in set(query.split()):
                candidates.update(self.by_word.get(word, ()))
            candidates.update(self.as_typed.within_reach(query))
            candidates.update(self.as_sorted.within_reach(_sorted_words(query)))
            if only is not None:
                candidates &= only
        slots = list(candidates - skip)
        texts = [self.names[slot].text for slot in slots]
        return {slots[at]: score for _, score, at in
                process.extract_iter(query, texts, scorer=fuzz.WRatio, score_cutoff=THRESHOLD)}

    def search(self, query: str, district: str | None, born: date | None, limit: int) -> list[str]:
        """Ids of the people found, best first (the query already lower case with single spaces)."""
        people: list[int] | None = None
        if district:
            people = self.by_district.get(district, [])
        if born:
            people = [i for i in (people if people is not None else self.by_born.get(born, []))
                      if self.born[i] == born]
        if not query:
            chosen = self.recent if people is None else sorted(people, key=lambda i: self.seen[i], reverse=True)
            return [self.ids[i] for i in chosen[:limit]]
        if people is None:
            many = self._many_typed(query, limit)
            if many is not None:  # ranked as below: score 100, then the most recently seen, then the first made
                return [self.ids[i] for i in many]
        only = None if people is None else {self.name_of[i] for i in people}
        typed = self._typed_slots(query)
        if only is not None:
            typed &= only
        wanted = None if people is None else set(people)
        slot_scores = dict.fromkeys(typed, 100.0)
        typed_people = sum(1 for s in typed for i in self.names[s].people if wanted is None or i in wanted)
        if typed_people < limit:
            # a name found as typed scores 100, any other at most 95: enough of those and no other can be in
            slot_scores |= self._fuzzy_scores(query, typed, only)
        scored = ((score, self.seen[i], -i) for slot, score in slot_scores.items() for i in self.names[slot].people
                  if wanted is None or i in wanted)
        return [self.ids[-i] for _, _, i in heapq.nlargest(limit, scored)]


COUNT_SQL = f"SELECT value FROM {SyncMeta.__tablename__} WHERE key = ?"  # a plain read: no ORM per keystroke
_CACHE: WeakKeyDictionary = WeakKeyDictionary()  # engine -> (change count, PeopleIndex)
_LOCK = threading.Lock()


def _writing(session: Session) -> bool:
    """True when this session's transaction has written (what it sees may yet be rolled back)."""
    raw = session.connection().connection.dbapi_connection
    return raw is None or bool(getattr(raw, "in_transaction", True))


def people_index(session: Session) -> PeopleIndex:
    """This database's index, rebuilt first if people changed since it was made (one primary-key read). An
    index built inside a transaction that has written is used once and not kept."""
    engine = session.get_bind()
    session.flush()  # what this session has added or changed counts (as the ORM's own reads autoflush)
    count = session.connection().exec_driver_sql(COUNT_SQL, (COUNTER_KEYS["person"],)).scalar()
    keep = count is not None and not _writing(session)
    with _LOCK:
        cached = _CACHE.get(engine)
        if keep and cached is not None and cached[0] == count:
            return cached[1]
    t = Person.__table__.c  # type: ignore[attr-defined]
    rows = session.connection().execute(sa_select(t.id, t.display_name, t.postcode_district, t.date_of_birth,
                                                  t.last_seen_at).where(t.erased_at.is_(None), t.merged_into.is_(None)))
    index = PeopleIndex(rows)
    if keep:
        with _LOCK:
            _CACHE[engine] = (count, index)
    return index
