"""Which needs a service meets, from its own words, and why: the same vocabulary the search uses (synonyms.py).

A service's name, keywords (who it is for, too), services and description are read as a sequence of words
(plurals folded: "films" is "film"); at each place the longest phrase of the vocabulary that starts there is
taken, so "mental health" is one phrase and "learning disabilities" never reads as learning. Phrases in which
a word is incidental ("health benefits", "value for money", "golf course", "retirement housing") tag nothing;
words too loose in a service's own text ("classes", "volunteers", "home": synonyms.TYPED_ONLY) tag only from
taxonomy terms, which are chosen on purpose. Each need keeps the first phrase that gave it: its reason
("wellbeing: 'befriending'"), shown on the partner card.
"""

from __future__ import annotations

import re
from functools import lru_cache

from liferooms_tui.directory.matching import raw_words, stem
from liferooms_tui.directory.synonyms import INCIDENTAL, SYNONYMS, TYPED_ONLY
from liferooms_tui.vocabulary import NEEDS

_Phrase = tuple[str, ...]
_AMPERSAND = re.compile(r"\s&\s")  # "Coffee & Cake" is "coffee and cake"; "B&B" stays one word


def _words(text: str) -> list[str]:
    return [stem(w) for w in raw_words(text)]


def _table(typed_only: bool) -> dict[str, list[tuple[_Phrase, tuple[str, ...]]]]:
    """First word -> (phrase, needs), longest first; incidental phrases have no needs."""
    table: dict[str, list[tuple[_Phrase, tuple[str, ...]]]] = {}
    for text, needs in SYNONYMS.items():
        if typed_only or text not in TYPED_ONLY:
            phrase = tuple(_words(text))
            if phrase:
                table.setdefault(phrase[0], []).append((phrase, needs))
    for text in INCIDENTAL:
        phrase = tuple(_words(text))
        table.setdefault(phrase[0], []).append((phrase, ()))
    for entries in table.values():
        entries.sort(key=lambda e: (-len(e[0]), bool(e[1])))  # the longest; an incidental one before its equal
    return table


_SERVICE_WORDS = _table(typed_only=False)
_TERMS = _table(typed_only=True)


def _tag(text: str, table, found: dict[str, str], passing: dict[str, str] | None = None) -> None:
    """Add to `found` each need the text's phrases mean, with the first phrase (as written). With `passing`
    (a long description), a need said only once, by one word, past its opening words goes there instead: a
    word in passing ("exercise done to music", "a few walks a year") is not what the service is for."""
    raws = raw_words(_AMPERSAND.sub(" and ", text))
    words = [stem(w) for w in raws]
    said: dict[str, list[tuple[int, int]]] = {}
    i = 0
    while i < len(words):
        for phrase, needs in table.get(words[i], ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                for need in needs:
                    said.setdefault(need, []).append((i, len(phrase)))
                i += len(phrase)
                break
        else:
            i += 1
    for need, places in said.items():
        start, length = places[0]
        shown = " ".join(raws[start:start + length])
        if passing is not None and len(places) == 1 and length == 1 and start >= OPENING_WORDS:
            passing.setdefault(need, shown)
        else:
            found.setdefault(need, shown)


OPENING_WORDS = 40  # a description's opening says what the service is


@lru_cache(maxsize=4096)
def _tagged(terms: tuple[str, ...], texts: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for term in terms:
        _tag(term, _TERMS, found)
    for text in texts[:-1]:
        _tag(text, _SERVICE_WORDS, found)
    if texts:
        _tag(texts[-1], _SERVICE_WORDS, found, passing={})
    return tuple((need, found[need]) for need in NEEDS if need in found)


def needs_with_reasons(terms: list[str], *texts: str) -> dict[str, str]:
    """need -> the phrase that gave it (as written), in NEEDS order, from taxonomy terms and the service's own
    texts (name, keywords, services, description)."""
    return dict(_tagged(tuple(terms), texts))


def partner_reasons(partner) -> dict[str, str]:
    """Why the partner meets each of its needs: the phrase of its own words that means it, or "" for a need
    its words do not say (set by hand, or by its directory)."""
    found = needs_with_reasons(list(partner.taxonomy_terms), partner.name, " ".join(partner.keywords),
                               " ".join(partner.services), partner.description)
    return {need: found.get(need, "") for need in partner.needs}
