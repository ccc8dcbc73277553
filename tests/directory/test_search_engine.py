"""The search engine: matching, filters and their combination, why-text, and keeping the index up to date."""

from __future__ import annotations

import pytest

from liferooms_tui.db.models import Partner
from liferooms_tui.directory.matching import Vocabulary, query_words, stem, terms
from liferooms_tui.directory.search import Filters, Hit, PartnerIndex
from liferooms_tui.vocabulary import InvalidValue


def partner(pid: str, name: str, **fields) -> Partner:
    fields.setdefault("needs", [])
    return Partner(id=pid, name=name, **fields)


@pytest.fixture
def partners() -> list[Partner]:
    return [
        partner("tenancy", "Marsh Lane Tenancy Friends", needs=["housing", "wellbeing"],
                keywords=["landlord", "repairs"], catchment=["L20"], hubs=["Bootle Hub"], capacity_per_week=2),
        partner("evict", "Dale Street Renters Clinic", needs=["housing"], services=["Eviction advice"],
                catchment=["L1", "L2"]),
        partner("money", "Bootle Money Matters", needs=["debt"], keywords=["bailiffs", "PIP"],
                description="Debt advice and benefit checks.", hubs=["Bootle Hub", "Kirkdale Hub"]),
        partner("choir", "Bootle Voices Community Choir", needs=["creative", "wellbeing"], keywords=["singing"],
                capacity_per_week=0),
        partner("cv", "Kirkdale CV Clinic", needs=["employment"], services=["CV and interview help"],
                hubs=["Kirkdale Hub"]),
        partner("closed", "Old Housing Project", needs=["housing"], active=False),
    ]


@pytest.fixture
def index(partners) -> PartnerIndex:
    return PartnerIndex.build(partners)


def ids(hits: list[Hit]) -> list[str]:
    return [h.partner.id for h in hits]


def test_words_are_split_stemmed_and_stopwords_dropped():
    assert terms("The Carer's loans and charities") == ["carer", "loan", "charity"]
    assert stem("class") == "class" and stem("bus") == "bus" and stem("bills") == "bill"
    assert terms("Crèche") == ["creche"]
    assert query_words("help with rent arr") == [("help", False), ("rent", False), ("arr", True)]
    assert query_words("rent ") == [("rent", False)]
    assert query_words("rent a") == [("rent", False)], "a lone letter after other words waits for more"


def test_vocabulary_exact_prefix_and_typos():
    vocab = Vocabulary(["housing", "house", "hosting", "debt", "death"])
    assert vocab.lookup("debt", partial=False)[0].how == "exact"
    assert [c.term for c in vocab.lookup("dept", partial=False)] == ["debt"], "one slip; death is two"
    assert {c.term for c in vocab.lookup("hou", partial=True)} == {"housing", "house"}
    assert {c.term for c in vocab.lookup("hou", partial=False)} == set(), "a finished word is not a prefix"
    assert "housing" in {c.term for c in vocab.lookup("hosing", partial=False)}
    assert "housing" in {c.term for c in vocab.lookup("huosing", partial=False)}, "a swap is one slip"
    assert vocab.lookup("pip", partial=False) == [], "no typos in words of three letters"


def test_inactive_partners_are_never_returned(index):
    assert "closed" not in ids(index.search("housing"))
    assert "closed" not in ids(index.search("", Filters(needs=frozenset({"housing"}))))
    assert len(index) == 5


def test_typos_lay_words_and_prefixes_find_the_need(index):
    assert ids(index.search("hosing"))[:2] and {"tenancy", "evict"} <= set(ids(index.search("hosing")))
    assert ids(index.search("bailifs"))[0] == "money"
    assert ids(index.search("choire"))[0] == "choir"
    assert ids(index.search("evicted"))[0] == "evict", "the partner that says 'eviction' comes first"
    assert ids(index.search("emp"))[0] == "cv"


def test_why_says_which_word_and_which_need(index):
    why = {h.partner.id: h.why for h in index.search("hosing")}
    assert 'housing (you typed "hosing")' in why["tenancy"]
    landlord = index.search("landlord")[0]
    assert landlord.partner.id == "tenancy"
    assert '"landlord" in its keywords' in landlord.why and '"landlord" means housing' in landlord.why
    assert '"eviction" in its services (you typed "evicted")' in index.search("evicted")[0].why
    assert "meets debt" in index.search("debt")[0].why


def test_empty_query_with_a_need_lists_that_needs_partners_by_name(index):
    hits = index.search("", Filters(needs=frozenset({"housing"})))
    assert ids(hits) == ["evict", "tenancy"]  # Dale Street..., Marsh Lane...
    assert all(h.score == 0.0 and h.why == "meets housing" for h in hits)
    assert ids(index.search("  ", Filters(needs=frozenset({"housing", "debt"})))) == ["money", "evict", "tenancy"]
    assert len(index.search("")) == 5


def test_filters_by_hub_postcode_and_capacity(index):
    assert set(ids(index.search("", Filters(hub="Bootle Hub")))) == {"tenancy", "money"}
    assert set(ids(index.search("", Filters(at_hub=True)))) == {"tenancy", "money", "cv"}
    # Catchment: only partners that take L20, or take anyone.
    assert set(ids(index.search("", Filters(postcode="L20")))) == {"tenancy", "money", "choir", "cv"}
    assert set(ids(index.search("", Filters(postcode="l1")))) == {"evict", "money", "choir", "cv"}
    # Capacity: choir has 0 places; tenancy 2 places, 2 open referrals -> full; no limit -> has capacity.
    full = index.search("", Filters(has_capacity=True), open_referrals={"tenancy": 2, "money": 50})
    assert set(ids(full)) == {"evict", "money", "cv"}
    free = index.search("", Filters(has_capacity=True), open_referrals={"tenancy": 1})
    assert "tenancy" in ids(free) and "choir" not in ids(free)


def test_filters_combine_with_each_other_and_with_the_query(index):
    f = Filters(needs=frozenset({"housing"}), postcode="L20", has_capacity=True)
    assert ids(index.search("", f, open_referrals={})) == ["tenancy"]
    assert ids(index.search("", f, open_referrals={"tenancy": 2})) == []
    assert ids(index.search("landlord", Filters(hub="Kirkdale Hub"))) == []
    assert ids(index.search("bootle", Filters(hub="Bootle Hub"))) == ["money"]
    assert set(ids(index.search("clinic", Filters(needs=frozenset({"employment"}))))) == {"cv"}


def test_bad_filter_values_are_clear_errors(index):
    with pytest.raises(InvalidValue, match="not a need"):
        index.search("x", Filters(needs=frozenset({"money"})))
    with pytest.raises(InvalidValue, match="not a postcode district"):
        index.search("x", Filters(postcode="12345"))
    with pytest.raises(InvalidValue, match="not a hub"):
        index.search("x", Filters(hub="Narnia"))


def test_limit_and_ties_in_name_order(index):
    hits = index.search("housing", limit=1)
    assert len(hits) == 1
    tied = index.search("bailiffs debt creative", limit=10)
    assert tied == sorted(tied, key=lambda h: -h.score)
    assert index.search("zzzzqqq") == []


def test_index_follows_added_changed_deactivated_and_removed_partners(index, partners):
    assert index.search("pigeons") == []
    index.upsert(partner("garden", "Crosby Pigeon Fanciers", needs=["wellbeing"], keywords=["lofts"]))
    assert ids(index.search("pigeons")) == ["garden"]
    assert ids(index.search("pigoen")) == ["garden"], "new words join the typo vocabulary"

    changed = partners[2].model_copy(update={"name": "Bootle Pennywise", "keywords": ["budgeting"]})
    index.upsert(changed)
    money = {h.partner.id: h for h in index.search("bailiffs")}["money"]
    assert money.why == '"bailiffs" means debt', "the old keyword is gone; the need stays"
    assert ids(index.search("pennywise")) == ["money"]
    assert len(index) == 6

    index.upsert(partners[4].model_copy(update={"active": False}))
    assert "cv" not in ids(index.search("cv")) and len(index) == 5

    index.remove("tenancy")
    assert "tenancy" not in ids(index.search("landlord")) and len(index) == 4
    index.remove("not-there")  # removing an unknown id is harmless
    assert index.partner("garden").name == "Crosby Pigeon Fanciers"


def test_hits_are_detached_copies(index, partners):
    hit = index.search("choir")[0]
    partners[3].name = "Renamed by the caller"
    assert hit.partner.name == "Bootle Voices Community Choir" and hit.partner is not partners[3]


def test_many_updates_compact_the_index(partners):
    index = PartnerIndex.build(partners)
    for n in range(700):
        index.upsert(partner("churn", f"Churn Group {n}", needs=["learning"], keywords=[f"word{n % 7}"]))
    assert len(index) == 6
    assert ids(index.search("churn")) == ["churn"] and index.search("churn")[0].partner.name == "Churn Group 699"
    assert len(index._partners) < 700, "old versions are dropped, not kept for ever"


def test_needs_from_one_phrase_add_up_and_alternatives_do_not():
    from liferooms_tui.directory.lay_words import need_matches

    arrears = need_matches([("rent", False), ("arrears", True)])  # one phrase, two needs
    assert arrears.worth({"housing", "debt"}) > arrears.worth({"housing"}) > 0
    assert '"rent arrears" means debt' == arrears.reasons["debt"][1]
    lea = need_matches([("lea", True)])  # "leak" (housing) or "learn" (learning): one or the other
    both = lea.worth({"housing", "learning"})
    assert both == max(lea.worth({"housing"}), lea.worth({"learning"})) > 0
    assert need_matches([("universal", True)]).reasons["debt"][1] == \
        '"universal credit" means debt (you typed "universal")'
    assert need_matches([("hosing", False)]).reasons["housing"][1] == 'housing (you typed "hosing")'
    assert need_matches([("hosing", False)], known=lambda w: True).reasons == {}, "a real word is not a typo"
