"""Ranking a link worker trusts: a service named for what was typed comes first; typos inside long words are
forgiven; a lay phrase finds the services that use other words for it; the CLI shows whole names and the number
matched. Our own fictional partners, in the shapes real council feeds take."""

from __future__ import annotations

import json

from laptops import cli

from liferooms_tui.db.models import Partner
from liferooms_tui.directory.search import PartnerIndex


def partner(name: str, description: str = "", needs: tuple[str, ...] = ()) -> Partner:
    return Partner(id=name, name=name, description=description, needs=list(needs))


def names(index: PartnerIndex, query: str, limit: int = 10) -> list[str]:
    return [hit.partner.name for hit in index.search(query, limit=limit)]


def test_words_in_a_name_outrank_the_same_words_in_a_description_and_any_need():
    index = PartnerIndex.build([
        partner("Sparkle Domestic Cleaning", "Ovens, carpets and windows made like new.", ("wellbeing",)),
        partner("Riverside Domestic Abuse Service", "Safety planning and refuge referrals."),
        partner("Family Support Hub", "Help for families, including after domestic abuse.", ("wellbeing",)),
        partner("Allotment Friends", "Growing vegetables together.", ("wellbeing",)),
        partner("Hope Centre", "Listening and bereavement support for anyone.", ("wellbeing",)),
        partner("Bereavement Cafe", "Tea on Thursdays."),
    ])
    assert names(index, "domestic abuse")[:3] == [
        "Riverside Domestic Abuse Service",  # both words in its name, though it meets no need
        "Family Support Hub",  # both words, in its description
        "Sparkle Domestic Cleaning",  # one word, however many needs it meets
    ]
    assert names(index, "domestic abuse").index("Allotment Friends") > 2
    assert names(index, "bereavement")[:2] == ["Bereavement Cafe", "Hope Centre"]


def test_typos_inside_long_words_are_forgiven():
    index = PartnerIndex.build([
        partner("Riverside Counselling Rooms", "Talking therapy with a qualified counsellor."),
        partner("Millbrook Town Council Hall", "Room hire and council meetings."),
        partner("Cedar Bereavement Circle", "For anyone grieving."),
        partner("Harbour Alcohol Recovery", "Group and one to one support."),
        partner("Forget-me-not Dementia Group", "Singing and tea."),
    ])
    assert names(index, "counciling")[0] == "Riverside Counselling Rooms"
    assert "Millbrook Town Council Hall" not in names(index, "counciling")  # three slips only at a like length
    assert names(index, "bereavment")[0] == "Cedar Bereavement Circle"
    assert names(index, "alchohol")[0] == "Harbour Alcohol Recovery"
    assert names(index, "dimentia")[0] == "Forget-me-not Dementia Group"


def test_a_lay_phrase_finds_the_services_that_use_other_words_for_it():
    index = PartnerIndex.build([
        partner("Corner Cafe", "Hot drink and a problem-free chat.", ("wellbeing",)),
        partner("Harbour Alcohol Recovery", "Group and one to one support.", ("wellbeing",)),
        partner("Shelter Point Homeless Advice", "Advice before you lose your home.", ("housing",)),
        partner("Aardvark Housing Co-op", "Flats for members.", ("housing",)),
    ])
    assert names(index, "drink problem")[0] == "Harbour Alcohol Recovery"
    hits = index.search("evicted", limit=2)
    assert hits[0].partner.name == "Shelter Point Homeless Advice" and '(for "evicted")' in hits[0].why


def test_the_cli_prints_whole_names_and_the_number_matched(tmp_path, capsys):
    long_names = [f"Fictional Alzheimer's Friends (Riverside & District): Memory Cafe at {place} Library"
                  for place in ("Northgate", "Southgate", "Eastgate")]
    feed = tmp_path / "riverside.json"
    feed.write_text(json.dumps([{"id": f"s{i}", "name": name, "status": "active", "description": "Dementia support"}
                                for i, name in enumerate(long_names)]))
    data = str(tmp_path / "laptop")
    assert cli(["--data-dir", data, "directory", "import", str(feed)]) == 0
    capsys.readouterr()
    assert cli(["--data-dir", data, "directory", "search", "memory cafe library", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    printed = " ".join(line.strip() for line in out.splitlines() if not line.startswith("    needs"))
    assert sum(name in printed for name in long_names) == 2  # whole, however narrow the terminal
    assert cli(["--data-dir", data, "directory", "search", "memory cafe library", "--limit", "1000", "--json"]) == 0
    matched = len(json.loads(capsys.readouterr().out))
    assert matched > 2
    assert out.strip().splitlines()[-1] == f"{matched} partners match (the best 2 shown; --limit shows more)"
