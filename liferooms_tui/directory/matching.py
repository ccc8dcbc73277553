"""Words for the directory search: splitting text into terms, and finding the terms a typed word may mean.

A typed word matches a term exactly, as the start of a longer term while it is still being typed ("hou" ->
"housing"), or with a small typo ("hosing" -> "housing", "dept" -> "debt"). Typo tolerance grows with the
word's length: none up to 3 letters, one slip (a wrong, missing, extra or swapped letter) up to 7, two up to 9,
three beyond.
Fuzzy matching runs over the distinct words of the directory (a few thousand), never over every partner.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

STOPWORDS = frozenset(
    "a an the and or of to in on for with at by from is are be we our you your it its who that this as "
    "i me my im ive into than then them they their there here has have had was were will would can could "
    "do does did not no but if so very just also any some all since been get got want need needs like "
    "really more what when how where".split()
)
ROOT_SUFFIXES = ("ing", "ion", "ed", "er")
RELATED_QUALITY = 0.7
PREFIX_MAX = 8  # prefixes up to this length are tabled; longer typed prefixes are checked against the table
_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = str.maketrans("", "", "'\u2019`")


@dataclass(frozen=True)
class Candidate:
    """A vocabulary term a typed word may mean, how sure we are (0-1], and how it matched."""

    term: str
    quality: float
    how: str  # "exact", "prefix" (still being typed), "typo" or "related" (same root)


def raw_words(text: str) -> list[str]:
    """Lower-case words of a text, apostrophes and accents dropped ("Carer's" -> "carers", "crèche" -> "creche")."""
    text = text.lower().translate(_APOSTROPHES)
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _WORD.findall(text)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light plural-folding stem, the same for the index and the query: loans -> loan, charities -> charity."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def is_stopword(word: str) -> bool:
    return word in STOPWORDS or stem(word) in STOPWORDS  # "wants" as well as "want"


def terms(text: str) -> list[str]:
    """The index terms of a text: words without stopwords, stemmed."""
    return [stem(w) for w in raw_words(text) if not is_stopword(w)]


def query_words(query: str) -> list[tuple[str, bool]]:
    """The words of a query that count, each with whether it is still being typed (the last, with no space
    after it). Stopwords are dropped unless still being typed; a word still being typed after others counts
    once it has three letters and is not a stopword so far ("rent a" -> "rent", "rent arr" -> "rent", "arr")."""
    raws = raw_words(query)
    still_typing = bool(query) and (query[-1].isalnum() or query[-1] in "'\u2019")
    words = [(w, still_typing and i == len(raws) - 1) for i, w in enumerate(raws)]
    words = [(w, p) for w, p in words if p or not is_stopword(w)]
    if len(words) > 1 and words[-1][1] and (len(words[-1][0]) <= 2 or is_stopword(words[-1][0])):
        words.pop()
    return words


def max_typos(length: int) -> int:
    """Slips forgiven in a word of this length: none up to 3 letters, one up to 7, two up to 9, three beyond
    ("counciling" is three slips from "counselling")."""
    return 0 if length <= 3 else 1 if length <= 7 else 2 if length <= 9 else 3


def prefix_quality(typed_length: int, term: str) -> float:
    return 0.55 + 0.4 * min(1.0, typed_length / max(len(term), 1))


def typo_quality(distance: int) -> float:
    return 0.85 - 0.15 * (distance - 1)


class Vocabulary:
    """The distinct terms of the directory (or of the synonym list), with a prefix table, and buckets by first
    letter and length for typos (a slip in the very first letter is not looked for: people rarely make it)."""

    def __init__(self, words: Iterable[str] = ()):
        self.words: set[str] = set()
        self._buckets: dict[tuple[str, int], list[str]] = {}
        self._prefixes: dict[str, list[str]] = {}
        self._prefix_keys: dict[tuple[str, int], list[str]] = {}
        for word in words:
            self.add(word)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def add(self, word: str) -> None:
        if not word or word in self.words:
            return
        self.words.add(word)
        self._buckets.setdefault((word[0], len(word)), []).append(word)
        for n in range(1, min(len(word), PREFIX_MAX) + 1):
            key = word[:n]
            bucket = self._prefixes.get(key)
            if bucket is None:
                self._prefixes[key] = [word]
                self._prefix_keys.setdefault((word[0], n), []).append(key)
            else:
                bucket.append(word)

    def completions(self, prefix: str) -> list[str]:
        if len(prefix) <= PREFIX_MAX:
            return self._prefixes.get(prefix, [])
        return [w for w in self._prefixes.get(prefix[:PREFIX_MAX], []) if w.startswith(prefix)]

    def typos(self, word: str, limit: int = 6) -> list[tuple[str, int]]:
        """Whole terms within the typo allowance of `word` (not the word itself), closest first."""
        allowed = max_typos(len(word))
        if not allowed:
            return []
        found: list[tuple[str, int]] = []
        for n in range(len(word) - allowed, len(word) + allowed + 1):
            bucket = self._buckets.get((word[0], n))
            if bucket:
                found += [(w, int(d)) for w, d, _ in
                          process.extract(word, bucket, scorer=OSA.distance, score_cutoff=allowed, limit=limit)]
        found = [f for f in found if f[1] > 0 and (f[1] <= 2 or abs(len(f[0]) - len(word)) <= 1)]  # a third slip
        return sorted(found, key=lambda f: (f[1], f[0]))[:limit]  # only for a word of about the same length

    def prefix_typos(self, typed: str, limit: int = 4) -> list[tuple[str, int]]:
        """Tabled prefixes one slip away from what has been typed so far ("hosin" -> "housi")."""
        head = typed[:PREFIX_MAX]
        if len(head) < 5:
            return []
        found: list[tuple[str, int]] = []
        for n in (len(head) - 1, len(head), len(head) + 1):
            keys = self._prefix_keys.get((head[0], n))
            if keys:
                found += [(k, int(d)) for k, d, _ in
                          process.extract(head, keys, scorer=OSA.distance, score_cutoff=1, limit=limit)]
        return [f for f in found if f[1] > 0]

    def lookup(self, word: str, partial: bool, rank: Callable[[str], float] | None = None,
               completions: int = 10) -> list[Candidate]:
        """The terms `word` may mean. `partial`: the word is still being typed, so longer terms it starts also
        count. `rank` orders completions (most useful first); at most `completions` of them are kept."""
        best: dict[str, Candidate] = {}

        def offer(term: str, quality: float, how: str) -> None:
            if term not in best or best[term].quality < quality:
                best[term] = Candidate(term, quality, how)

        def top(terms: list[str], n: int) -> list[str]:
            return heapq.nlargest(n, terms, key=rank) if rank else sorted(terms, key=len)[:n]

        stemmed = stem(word)
        for form in {word, stemmed}:
            if form in self.words:
                offer(form, 1.0, "exact")
        if partial:  # longer words it starts; less likely when it is a whole word already ("job" -> "jobcentre")
            damp = 0.75 if best else 1.0
            for term in top(self.completions(word), completions):
                offer(term, damp * prefix_quality(len(word), term), "prefix")
            for head, _distance in self.prefix_typos(word) if not best else ():
                longer = [t for t in self.completions(head) if len(t) >= len(word) - 1]  # "council" is not a
                for term in top(longer, max(3, completions // 3)):  # completion of "counciling"
                    offer(term, 0.8 * prefix_quality(len(word), term), "typo")
        if not any(c.how == "exact" for c in best.values()):
            for term, distance in self.typos(stemmed):
                offer(term, typo_quality(distance), "typo")
        if len(best) < 3 and not any(c.how == "typo" for c in best.values()):  # a word of the same root:
            # "evicted" -> "eviction", "training" -> "trainee"; not for a misspelt word ("counciling" is not council)
            for suffix in ROOT_SUFFIXES:
                root = stemmed[: -len(suffix)]
                if stemmed.endswith(suffix) and len(root) >= 5:
                    for term in top(self.completions(root), 5):
                        offer(term, RELATED_QUALITY, "related")
                    break
        return sorted(best.values(), key=lambda c: (-c.quality, c.term))
