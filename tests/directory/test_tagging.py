"""Needs from one vocabulary: tagging a service at import and the search read the same phrases; incidental words
do not tag; each need keeps the phrase that gave it, shown on the partner card."""

from __future__ import annotations

import pytest

from liferooms_tui.db.models import Partner
from liferooms_tui.directory.lay_words import need_matches
from liferooms_tui.directory.matching import query_words
from liferooms_tui.directory.openreferral.needs import needs_from
from liferooms_tui.directory.synonyms import SYNONYMS, TYPED_ONLY
from liferooms_tui.directory.tagging import needs_with_reasons, partner_reasons


@pytest.mark.parametrize(("text", "needs"), [
    ("Gentle chair exercise, with all the health benefits that brings.", ["wellbeing"]),
    ("Anyone can benefit from our friendly Tuesday sessions of knitting.", ["creative"]),
    ("A cafe with good value for money lunches.", []),
    ("We meet at the golf course clubhouse for bird watching.", []),
    ("A social evening held in the lounge of a retirement housing scheme.", []),
    ("Support for adults with learning disabilities to live well.", ["wellbeing"]),
    ("Martial arts for beginners.", ["wellbeing"]),
    ("Run entirely by volunteers since 1990; fitness classes every week.", ["wellbeing"]),
    ("Our films club shows old films on Fridays.", ["creative"]),
    ("Two community choirs and a few ukuleles.", ["creative"]),  # plurals: choir, ukulele
])
def test_phrases_decide_and_incidental_words_do_not_tag(text, needs):
    assert needs_from([], "A service", text) == needs


def test_each_need_keeps_the_phrase_that_gave_it():
    reasons = needs_with_reasons([], "Befriending Hearts", "", "", "Weekly phone calls. Help with rent arrears.")
    assert reasons == {"housing": "rent arrears", "debt": "rent arrears", "wellbeing": "befriending"}


def test_taxonomy_terms_may_use_words_too_loose_for_a_description():
    assert needs_from(["Benefits"], "Drop-in", "") == ["debt"]
    assert needs_from([], "Drop-in", "Benefits") == []


def test_a_word_in_passing_in_a_long_description_does_not_tag():
    opening = "A step class that is good exercise: it works your legs and core and improves balance. " * 3
    assert needs_from([], "Step Up", opening + "All done to music from the eighties.") == ["wellbeing"]
    assert needs_from([], "Step Up", "Exercise done to music.") == ["wellbeing", "creative"]


def test_every_phrase_that_tags_a_service_means_the_same_need_when_typed():
    for phrase, needs in SYNONYMS.items():
        if phrase in TYPED_ONLY:
            continue
        meant = need_matches([(w, False) for w, _ in query_words(phrase + " ")]).reasons
        assert set(needs) <= set(meant), phrase
        assert set(needs_from([], "", phrase)) == set(needs), phrase


def test_the_card_says_why_each_need(tmp_path):
    from liferooms_tui.tui.widgets.partner_card import partner_text

    partner = Partner(name="Befriending Hearts", description="Weekly phone calls and a film club.",
                      needs=["wellbeing", "creative", "learning"])
    assert partner_reasons(partner) == {"wellbeing": "befriending", "creative": "film club", "learning": ""}
    text = partner_text(partner).plain
    assert "Because it says: wellbeing: 'befriending'; creative: 'film club'" in text
