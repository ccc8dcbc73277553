"""`liferooms people show|edit|merge`: one-line errors for bad input, and nothing half-saved."""

from __future__ import annotations

import json

import pytest
from laptops import cli, open_laptop
from sqlmodel import select

from liferooms_tui.db.models import OutboxEntry, Person
from liferooms_tui.dropin import people


def run(capsys, data, *argv):
    code = cli(["--data-dir", str(data), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def add(data, name, **kw) -> str:
    runtime = open_laptop(data)
    try:
        with runtime.store.session() as session:
            return people.add_person(session, runtime.actor, name, consent_store=True, consent_share=True,
                                     postcode_district="L20", **kw).id
    finally:
        runtime.close()


def state(data) -> tuple[list[dict], int]:
    runtime = open_laptop(data)
    try:
        with runtime.store.session() as session:
            found = [p.model_dump(mode="json") for p in session.exec(select(Person).order_by(Person.id))]
            return found, len(session.exec(select(OutboxEntry).where(OutboxEntry.table_name == "person")).all())
    finally:
        runtime.close()


def test_show_by_the_start_of_an_id(tmp_path, capsys):
    person_id = add(tmp_path, "Robin K. (fictional)", benefits=["pip"])
    code, out, err = run(capsys, tmp_path, "people", "show", person_id[:6])
    assert code == 0, err
    assert "Robin K. (fictional)" in out and "Personal Independence Payment (PIP)" in out and person_id in out
    code, out, _ = run(capsys, tmp_path, "people", "show", person_id, "--json")
    shown = json.loads(out)
    assert (shown["id"], shown["postcode"], shown["benefits"], shown["referrals"]) == (person_id, "L20", ["pip"], 0)


def test_edit_saves_what_was_given(tmp_path, capsys):
    person_id = add(tmp_path, "Robin K. (fictional)")
    code, out, err = run(capsys, tmp_path, "people", "edit", person_id[:8], "--postcode", "l21 4ab", "--born",
                         "07/03/1984", "--benefits", "pip,esa", "--consent-share", "no", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert (shown["postcode"], shown["born"], shown["benefits"], shown["consent_share"]) == (
        "L21", "1984-03-07", ["esa", "pip"], False)
    assert shown["changed"] == ["benefits", "consent_share", "date_of_birth", "postcode_district"]
    code, out, _ = run(capsys, tmp_path, "people", "edit", person_id, "--postcode", "L21")
    assert code == 0 and out.startswith("Nothing changed")
    code, out, _ = run(capsys, tmp_path, "people", "edit", person_id, "--benefits", "")
    assert code == 0 and out.startswith("Saved: changed benefits.")


@pytest.mark.parametrize(("flags", "says"), [
    ([], "Nothing to change"),
    (["--name", " "], "Type a name or initials"),
    (["--name", "Robin", "--postcode", "not-a-postcode"], "is not a postcode district"),
    (["--born", "yesterday"], "is not a date of birth"),
    (["--benefits", "pip,lottery"], "'lottery' is not a benefit we know"),
    (["--consent-store", "no"], "has not agreed to us storing their details"),
    (["--consent-share", "perhaps"], "say yes or no"),
])
def test_bad_edits_are_one_line_and_nothing_is_saved(tmp_path, capsys, flags, says):
    person_id = add(tmp_path, "Robin K. (fictional)")
    before = state(tmp_path)
    good = ["--postcode", "L21"] if flags else []  # a good change beside the bad one is not saved either
    code, out, err = run(capsys, tmp_path, "people", "edit", person_id, *good, *flags)
    assert code == 1 and out == "" and says in err and err.count("\n") == 1 and err.startswith("liferooms: ")
    assert state(tmp_path) == before


@pytest.mark.parametrize(("which", "says"), [
    ("zzzz", "No person with an id starting 'zzzz'"),
    ("", "is not a person id"),
])
def test_unknown_people_are_one_line(tmp_path, capsys, which, says):
    add(tmp_path, "Robin K. (fictional)")
    for argv in (["show", which], ["edit", which, "--postcode", "L21"], ["merge", which, which]):
        code, out, err = run(capsys, tmp_path, "people", *argv)
        assert code == 1 and says in err and err.count("\n") == 1, argv


def test_an_ambiguous_start_of_an_id_is_one_line(tmp_path, capsys):
    ids = [add(tmp_path, f"Person {n} (fictional)") for n in range(40)]
    shared = next(a[0] for a in ids if sum(b.startswith(a[0]) for b in ids) > 1)
    code, _, err = run(capsys, tmp_path, "people", "show", shared)
    assert code == 1 and "more than one person's id: type more of it" in err and err.count("\n") == 1


def test_merge_takes_the_chosen_fields_and_the_other_record_goes(tmp_path, capsys):
    keep = add(tmp_path, "Robin K. (fictional)")
    other = add(tmp_path, "Robin Kay (fictional)", date_of_birth=people.parse_date_of_birth("07/03/1984"))
    code, out, err = run(capsys, tmp_path, "people", "merge", keep[:8], other[:8], "--take", "born=other",
                         "--take", "name=keep")
    assert code == 0, err
    assert out.startswith(f"Merged {other} into {keep} (moved 0 drop-ins, 0 plans, 0 referrals; took born from")
    code, out, _ = run(capsys, tmp_path, "people", "show", keep, "--json")
    assert (json.loads(out)["name"], json.loads(out)["born"]) == ("Robin K. (fictional)", "1984-03-07")
    code, _, err = run(capsys, tmp_path, "people", "show", other)
    assert code == 1 and f"was merged into {keep}" in err
    code, out, _ = run(capsys, tmp_path, "privacy", "find", "Robin")
    assert keep in out and other not in out


@pytest.mark.parametrize(("take", "says"), [
    (["--take", "eyes=other"], "'eyes' is not a field to take"),
    (["--take", "born=theirs"], "'theirs' is not a record"),
])
def test_bad_merges_are_one_line_and_nothing_is_saved(tmp_path, capsys, take, says):
    keep, other = add(tmp_path, "Robin K. (fictional)"), add(tmp_path, "Robin Kay (fictional)")
    before = state(tmp_path)
    code, out, err = run(capsys, tmp_path, "people", "merge", keep, other, *take)
    assert code == 1 and out == "" and says in err and err.count("\n") == 1
    assert state(tmp_path) == before
    code, _, err = run(capsys, tmp_path, "people", "merge", keep, keep)
    assert code == 1 and "same record" in err
