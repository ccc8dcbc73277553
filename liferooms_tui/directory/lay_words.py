"""Which needs a query means, from the lay words and phrases in synonyms.py, with the reason in plain words.

Each typed word is matched against the words of the phrases (exactly, as a start while still being typed, or
with a small typo); a phrase matches when its words follow one another in the query ("rent arrears"). A phrase
still being typed counts a little less ("universal cr" -> "universal credit").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from liferooms_tui.directory.matching import Candidate, Vocabulary, terms
from liferooms_tui.directory.synonyms import SYNONYMS

NEED_WEIGHT = 1.0  # what meeting a need the query means adds: less than a typed word in a partner's name
_UNFINISHED_PHRASE = 0.6

# Each phrase as its terms (stemmed, stopwords dropped), the needs it means and how it is written.
_PHRASES: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}
for _text, _needs in SYNONYMS.items():
    _key = tuple(terms(_text))
    if _key:
        old_needs, shown = _PHRASES.get(_key, ((), _text))
        _PHRASES[_key] = (tuple(dict.fromkeys(old_needs + _needs)), min(shown, _text, key=len))
_STARTING: dict[str, list[tuple[str, ...]]] = {}
for _key in _PHRASES:
    _STARTING.setdefault(_key[0], []).append(_key)
_VOCABULARY = Vocabulary(w for key in _PHRASES for w in key)


@lru_cache(maxsize=4096)
def _candidates(word: str, partial: bool) -> dict[str, Candidate]:
    if partial and len(word) < 3:
        partial = False  # "ho" could be anything: only whole lay words that short
    return {c.term: c for c in _VOCABULARY.lookup(word, partial, completions=12)}


@dataclass(frozen=True)
class NeedsMeant:
    """What the typed words mean. `reasons`: need -> (how sure, 0-1], why in words), the surest kept.
    `meanings`: (where its words start, how sure, needs) for each lay phrase matched. Phrases starting at the
    same word are alternatives ("lea": "leak" or "learn"), so only the best of them counts for a partner;
    a phrase meaning two needs ("rent arrears": housing and debt) counts for each need the partner meets."""

    reasons: dict[str, tuple[float, str]]
    meanings: list[tuple[int, float, tuple[str, ...]]]
    # each lay phrase matched (as listed): (how sure, exactly as typed, where its words start and end)
    phrases: dict[str, tuple[float, bool, int, int]] = field(default_factory=dict)

    def worth(self, met, weight: float = NEED_WEIGHT) -> float:
        """What meeting the needs `met` adds to a partner's score."""
        best: dict[int, float] = {}
        for start, quality, needs in self.meanings:
            value = weight * quality * sum(1 for n in needs if n in met)
            best[start] = max(best.get(start, 0.0), value)
        return sum(best.values())


def need_matches(words: list[tuple[str, bool]], known: Callable[[str], bool] = lambda w: False) -> NeedsMeant:
    """The needs the typed words mean, and why. `known(word)`: the word is itself a word of the directory, so
    it is not taken as a typo of a lay word."""
    reasons: dict[str, tuple[float, str]] = {}
    surest: dict[str, tuple[float, int]] = {}
    meanings: dict[tuple[int, tuple[str, ...]], float] = {}
    phrases: dict[str, tuple[float, bool, int, int]] = {}
    candidates = [_candidates(w, partial) for w, partial in words]
    candidates = [{t: c for t, c in cs.items() if c.how == "exact" or c.how == "prefix" or not known(w)}
                  for cs, (w, _) in zip(candidates, words)]
    for start, first in enumerate(candidates):
        for c in first.values():
            for phrase in _STARTING.get(c.term, ()):
                matched = _match(phrase, start, c, words, candidates)
                if matched is None:
                    continue
                quality, exact, end = matched
                needs, shown = _PHRASES[phrase]
                typed = " ".join(w for w, _ in words[start:end])
                if len(needs) == 1 and phrase == needs:  # the need's own name: a little surer than a word for it
                    quality = min(1.0, quality * 1.1)
                meanings[start, needs] = max(meanings.get((start, needs), 0.0), quality)
                if quality > phrases.get(shown, (0.0,))[0]:
                    phrases[shown] = (quality, exact, start, end)
                for need in needs:
                    if phrase == (need,):
                        said = f'{need} (you typed "{typed}")' if not exact else f"meets {need}"
                    else:
                        said = f'"{typed}" means {need}' if exact else f'"{shown}" means {need} (you typed "{typed}")'
                    if (quality, len(phrase)) > surest.get(need, (0.0, 0)):  # the longer phrase, if as sure
                        surest[need] = (quality, len(phrase))
                        reasons[need] = (quality, said)
    return NeedsMeant(reasons, [(start, q, needs) for (start, needs), q in meanings.items()], phrases)


def _match(phrase, start, first: Candidate, words, candidates) -> tuple[float, bool, int] | None:
    """(quality, every word exact, end position) when the phrase's words follow on from `start`.

    The query may stop inside a phrase whose words so far were typed exactly ("universal" -> "universal
    credit"), unless those words are a lay phrase of their own ("rent" is not taken for "rent arrears")."""
    quality, exact = first.quality, first.how == "exact"
    position = start + 1
    for n, term in enumerate(phrase[1:], start=1):
        if position == len(words):
            if not exact or phrase[:n] in _PHRASES:
                return None
            return quality * _UNFINISHED_PHRASE, False, position
        word, still_typing = words[position]
        c = candidates[position].get(term)
        if c is None and still_typing and term.startswith(word):
            c = Candidate(term, 0.9, "prefix")
        if c is None:
            return None
        quality *= c.quality
        exact = exact and c.how == "exact"
        position += 1
    return quality, exact, position
