"""Searching the partner directory as you type: typo-tolerant, lay words understood, filters, and why it matched.

The index is built once (PartnerIndex.build) and kept up to date with upsert/remove (index_data.py). A query
is split into words; each word is matched against the distinct words of the directory (exactly, as the start
of a word still being typed, or with a small typo: matching.py) and against lay words and phrases that mean a
need ("evicted" -> housing: lay_words.py, synonyms.py). Partners are then scored through the inverted index,
so a keystroke costs in proportion to the partners whose words match, not to the size of the directory.

Score: for each typed word, the best field it matched in (name 3, keywords 2.5, services 2, description 1)
times how sure the match is and how rare the word is (or, for a guessed word, how common); plus 2 (times how
sure) for each need the query means that the partner meets (needs that are alternative readings of the same
words count once: lay_words.NeedsMeant). Partners that only meet a need are taken need by need, in name order,
without scoring them one by one. Ties go to the partner whose name comes first. Filters: any of the chosen
needs, and all of hub, area and capacity. Inactive partners are never in the index.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations, compress, filterfalse, islice, repeat
from operator import add, ge, sub

from liferooms_tui.db.models import Partner
from liferooms_tui.directory.index_cache import cached_index
from liferooms_tui.directory.index_data import IndexData, detached_copy
from liferooms_tui.directory.lay_words import NeedsMeant, need_matches
from liferooms_tui.directory.matching import query_words, stem
from liferooms_tui.directory.synonyms import LOOK_FOR
from liferooms_tui.vocabulary import normalise_district

FIELD_WEIGHT = (3.0, 2.5, 2.0, 1.5, 1.0)
ALL_WORDS = 1.0  # a partner matching every typed word, in any field, before one matching some of them
NEAR = 0.5  # a partner in the postcode area asked for (twice that in the district), added to how well it matches
LOOKED_FOR = 0.5  # a word looked for on behalf of a lay phrase ("drink problem" -> alcohol), against a typed one
FIELD_WORDS = ("its name", "its keywords", "its services", "who it is for", "its description")
DESCRIPTION = FIELD_WORDS.index("its description")
WORD_CACHE_SIZE = 12
COMMON_AT, COMMON_SHARE = 1000, 0.08  # a word in more descriptions than both is not looked for in descriptions
MAX_REASONS = 3


@dataclass(frozen=True)
class Filters:
    needs: frozenset[str] = frozenset()  # partners meeting any of these needs
    hub: str | None = None  # a hub name from vocabulary.HUBS, partner.hubs must contain it
    at_hub: bool = False  # delivered at any hub
    postcode: str | None = None  # normalised district: partners for it, those in it first, then its area
    has_capacity: bool = False
    delivery: frozenset[str] = frozenset()  # delivered any of these ways: venue, phone, online, home visit


@dataclass(frozen=True)
class Hit:
    partner: Partner  # a copy attached to no session, safe to read anywhere (treat it as read-only)
    score: float  # higher is better
    why: str  # plain words


class PartnerIndex(IndexData):
    """An in-memory search index over the active partners. Safe to share between threads."""

    @classmethod
    def build(cls, partners: Iterable[Partner]) -> PartnerIndex:
        index = cls()
        with index._lock:
            for partner in partners:
                if partner.active:
                    index._add(detached_copy(partner))
            index._name_order()
        return index

    def search(self, query: str, filters: Filters = Filters(), *, open_referrals: Mapping[str, int] | None = None,
               limit: int = 50) -> list[Hit]:
        """The best partners for a query, best first. An empty query lists the filtered partners by name."""
        limit = max(limit, 0)
        with self._lock:
            allowed, excluded = self._allowed(filters, open_referrals or {})
            if not filters.postcode:
                return self._search(query, filters, allowed, excluded, limit)
            here, area = self.nearness(normalise_district(filters.postcode) or "")
            if query_words(query):  # near adds to how well it matches: a partner named as typed stays first
                hits = self._search(query, filters, allowed, excluded, limit)
                near = {s: NEAR for s in area} | {s: 2 * NEAR for s in here}
                return sorted(hits, key=lambda h: -(h.score + near.get(self._slot[h.partner.id], 0.0)))
            hits = []  # listing: in the district first, then in its area, then the rest
            rest = set(self._live) - here - area
            for tier in (here, area, rest):
                if len(hits) < limit:
                    hits += self._search(query, filters, tier if allowed is None else allowed & tier, excluded,
                                         limit - len(hits))
            return hits

    def _search(self, query: str, filters: Filters, allowed: set[int] | None, excluded: set[int],
                limit: int) -> list[Hit]:
        with self._lock:
            order = self._name_order()
            words = query_words(query)
            if not words:
                slots = filterfalse(excluded.__contains__, order if allowed is None else
                                    filter(allowed.__contains__, order))
                why = f"meets {' or '.join(sorted(filters.needs))}" if filters.needs else "in the directory"
                return [Hit(self._at(s), 0.0, why) for s in islice(slots, limit)]
            needs = need_matches(words, known=lambda w: self._df.get(stem(w), 0) > 0)
            typed = [self._word_part(w, partial) for w, partial in words]
            looked = self._looked_for(needs, words)
            parts, tiers = zip(*(typed + [part for part, _ in looked]))
            covering = [set(scores) for scores, _ in typed]  # per typed word: partners matching it, or what
            for (scores, _), covers in looked:  # a lay phrase over it means
                for position in covers:
                    covering[position] = covering[position] | scores.keys()
            meant = [n for n in needs.reasons if self._needs.get(n)]
            taken = set().union(*parts) - self._dead - excluded
            if allowed is not None:
                taken &= allowed
            best = self._top_by_words(list(taken), parts, covering, needs, meant, limit)
            floor = heapq.nlargest(limit, best)[-1][0] if limit and len(best) >= limit else -1.0
            best += self._top_by_needs(needs, meant, taken, allowed, excluded, limit, floor)
            best = sorted(best, reverse=True)[:limit]
            return [Hit(self._partners[s], round(v + self._penalty[s], 3), self._why(s, parts, tiers, needs))
                    for v, s in best]

    def _top_by_words(self, keys: list[int], parts, covering: list[set[int]], needs: NeedsMeant, meant: list[str],
                      limit: int):
        """(score, slot) of the best partners matching the typed words and those looked for on their behalf,
        plus ALL_WORDS for a partner in every set of `covering` (it matches every typed word, or what the lay
        phrase over it means), plus what their needs add."""
        if not keys or not limit:
            return []
        values = map(parts[0].get, keys, repeat(0.0))  # one lazy chain of C-level maps, made a list once
        for part in parts[1:]:
            values = map(add, values, map(part.get, keys, repeat(0.0)))
        if len(covering) > 1:
            every = dict.fromkeys(covering[0].intersection(*covering[1:]), ALL_WORDS)
            values = map(add, values, map(every.get, keys, repeat(0.0)))
        if meant:  # what the needs add depends only on which needs a partner meets: one sum per mask
            masks = list(map(self._need_mask.__getitem__, keys))
            added = {mask: needs.worth({n for n in meant if mask >> self._need_bit[n] & 1}) for mask in set(masks)}
            values = map(add, values, map(added.__getitem__, masks))
        scores = list(map(sub, values, map(self._penalty.__getitem__, keys)))
        if len(keys) > limit:
            threshold = heapq.nlargest(limit, scores)[-1]
            keep = list(map(ge, scores, repeat(threshold)))
            keys, scores = list(compress(keys, keep)), list(compress(scores, keep))
        return list(zip(scores, keys))

    def _top_by_needs(self, needs: NeedsMeant, meant: list[str], taken: set[int], allowed: set[int] | None,
                      excluded: set[int], limit: int, floor: float):
        """(score, slot) of the first partners by name that meet the needs the query means but match none of
        its words, best combination of needs first; none scoring below `floor` (they could not be shown)."""
        found: list[tuple[float, int]] = []
        groups = [(needs.worth(c), c) for r in range(len(meant), 0, -1) for c in combinations(meant, r)]
        everyone = max(len(self._live), 1)
        for value, chosen in sorted(groups, key=lambda g: -g[0]):
            if len(found) >= limit or value < floor:
                break
            sets = sorted((self._needs[n] for n in chosen), key=len)
            others = [self._needs[n] for n in meant if n not in chosen]
            room = limit - len(found)
            share = math.prod(len(g) / everyone for g in sets)
            if share * everyone > 20 * room:  # common: walk the name order lazily until there are enough
                walk = iter(self._name_order())
                for group in sets:
                    walk = filter(group.__contains__, walk)
                for group in (*others, taken, excluded):
                    walk = filterfalse(group.__contains__, walk)
                if allowed is not None:
                    walk = filter(allowed.__contains__, walk)
                first = list(islice(walk, room))
            else:  # rare: gather them, then take the first by name
                members = sets[0].intersection(*sets[1:]) - taken - excluded
                if others:
                    members = members.difference(*others)
                if allowed is not None:
                    members &= allowed
                first = heapq.nsmallest(room, members, key=self._penalty.__getitem__)
            found += [(value - self._penalty[s], s) for s in first]
        return found

    def _looked_for(self, needs: NeedsMeant, words: list[tuple[str, bool]]):
        """Parts scoring partners by the words services use for what a matched lay phrase says (synonyms.LOOK_FOR:
        "drink problem" -> alcohol; the best of those words per partner), each with the positions of the typed
        words it stands for. Worth LOOKED_FOR of a typed word, or a whole one for a phrase of several words
        typed exactly (what it means matters more than its words)."""
        typed = {stem(w) for w, _ in words}
        groups: dict[tuple[str, ...], tuple[float, str, set[int]]] = {}
        for phrase, (quality, exact, start, end) in needs.phrases.items():
            wanted = tuple(w for w in LOOK_FOR.get(phrase, ()) if stem(w) not in typed)
            if wanted:
                weight = quality * (1.0 if exact and end - start > 1 else LOOKED_FOR)
                old = groups.get(wanted, (0.0, "", set()))
                best = (weight, phrase) if weight > old[0] else old[:2]
                groups[wanted] = (*best, old[2] | set(range(start, end)))
        found = []
        for wanted, (weight, phrase, covers) in groups.items():
            scores: dict[int, float] = {}
            reasons: dict[float, str] = {}
            for word in wanted:
                part, why = self._word_part(word, False)
                for slot, value in part.items():
                    scaled = round(value * weight, 9)
                    if scaled > scores.get(slot, 0.0):
                        scores[slot] = scaled
                        reasons[scaled] = f'{why[value]} (for "{phrase}")'
            if scores:
                found.append(((scores, reasons), covers))
        return found

    def _rank(self, term: str) -> float:
        return self._df.get(term, 0)

    def _word_part(self, word: str, partial: bool) -> tuple[dict[int, float], dict[float, str]]:
        """Each partner's best score for one typed word, and why, by score (cached until the index changes)."""
        key = (word, partial)
        if key in self._words:
            self._words.move_to_end(key)
            return self._words[key]
        n = max(len(self._live), 1)
        short = partial and len(word) <= 2
        fields = len(word) if short else len(FIELD_WEIGHT)  # a letter or two: names (and keywords) only, for now
        common = max(COMMON_AT, COMMON_SHARE * n)  # more descriptions than this: too common to say much there
        found: list[tuple[float, str, int, str]] = []
        candidates = [c for c in self._vocab.lookup(word, partial, rank=self._rank,
                                                      completions=3 if short else 10)
                      if self._df.get(c.term)]
        most = max((self._df[c.term] for c in candidates if c.how != "exact"), default=1)
        for c in candidates:
            df = self._df[c.term]
            if c.how == "exact":  # a rare word says more about a partner than a common one
                rarity = 0.3 + 0.7 * math.log(1 + n / df) / math.log(1 + n)
            else:  # a guess: the commoner of two equally close words is the likelier one
                rarity = 0.45 + 0.1 * df / most
            note = f' (you typed "{word}")' if c.how != "exact" else ""
            for field, slots in enumerate(self._postings[c.term][:fields]):
                if slots and (field < DESCRIPTION or len(slots) <= common):
                    why = f'"{self._display.get(c.term, c.term)}" in {FIELD_WORDS[field]}{note}'
                    found.append((FIELD_WEIGHT[field] * c.quality * rarity, c.term, field, why))
        found.sort()
        scores: dict[int, float] = {}
        reasons: dict[float, str] = {}
        for rank, (value, term, field, why) in enumerate(found):
            value += rank * 1e-7  # one value per match, so a partner's score tells which match it was
            scores.update(zip(self._postings[term][field] or (), repeat(value)))
            reasons[value] = why
        self._words[key] = (scores, reasons)
        if len(self._words) > WORD_CACHE_SIZE:
            self._words.popitem(last=False)
        return scores, reasons

    def _why(self, slot: int, parts, tiers, needs: NeedsMeant) -> str:
        """Which words matched where, then which needs the query means that the partner meets (at least one
        of those when there are any), at most MAX_REASONS."""
        found = list(dict.fromkeys(tier[part[slot]] for part, tier in zip(parts, tiers) if slot in part))
        partner_needs = self._needs_of[slot]
        meant = [why for need, (_q, why) in sorted(needs.reasons.items(), key=lambda i: -i[1][0])
                 if need in partner_needs]
        reasons = found[: MAX_REASONS - min(1, len(meant))] + meant
        return "; ".join(reasons[:MAX_REASONS]) or "matches your search"


def index_from_file(session, database) -> PartnerIndex:
    """The index kept in a file beside `database` (index_file.py) when it was made from the partner table as it
    is now; else built, kept in the file and returned. For a command-line search: one process, one search."""
    from liferooms_tui.directory import index_file
    from liferooms_tui.directory.index_cache import fingerprint

    now = fingerprint(session)
    path = index_file.path_beside(database)
    index = index_file.load(path, now, PartnerIndex)
    if index is None:
        index = index_for(session)
        try:
            index_file.save(index, path, now)
        except OSError:  # a read-only data folder: search on, without keeping the index
            pass
    return index


def index_for(session) -> PartnerIndex:
    """A cached index for this database, rebuilt only when the partner table changed (a cheap SQL fingerprint:
    count, newest version, newest updated_at); changed partners are upserted, removed ones removed. Call it when
    a screen opens or after an edit, not on every keystroke (the fingerprint is a scan of the partner table)."""
    return cached_index(session, PartnerIndex)
