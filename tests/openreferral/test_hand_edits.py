"""Hand edits survive imports: an advisor's change to an imported partner is kept when the same source is imported
again (needs corrected by hand too), the summary says what the source now says and what was kept, and the
source's value can be taken afterwards (service and CLI)."""

from __future__ import annotations

import json

import pytest
from laptops import cli
from sqlmodel import select

from liferooms_tui.db.models import Partner
from liferooms_tui.db.outbox import save
from liferooms_tui.directory.openreferral import import_directory, import_file
from liferooms_tui.partners.source_values import take_source
from liferooms_tui.vocabulary import InvalidValue


def feed(phone: str, description: str, about: str = "Debt and benefits advice") -> list[dict]:
    return [
        {"id": "s1", "name": "Fictional Money Help", "status": "active", "description": description,
         "contacts": [{"id": "c1", "name": "Sam Example", "phones": [{"id": "p1", "number": phone}]}],
         "attributes": [{"id": "a1", "taxonomy_term": {"id": "t1", "name": about}}]},
        {"id": "s2", "name": "Fictional Walking Group", "status": "active", "description": "Walks in the park"},
    ]


def the_partner(laptop, source_id="s1") -> Partner:
    with laptop.store.session() as session:
        return session.exec(select(Partner).where(Partner.source_id == source_id)).one()


def edit_by_hand(laptop, **fields) -> None:
    with laptop.store.session() as session:
        partner = session.exec(select(Partner).where(Partner.source_id == "s1")).one()
        for name, value in fields.items():
            setattr(partner, name, value)
        save(session, laptop.actor, partner)


def imported(laptop, records):
    with laptop.store.session() as session:
        return import_directory(session, laptop.actor, records, "council")


def test_a_hand_edit_survives_a_reimport_and_the_source_value_can_be_taken(laptop):
    imported(laptop, feed("0151 496 0001", "Advice on debts."))
    assert "debt" in the_partner(laptop).needs
    edit_by_hand(laptop, contact_phone="0151 496 0999", needs=["wellbeing"])

    again = imported(laptop, feed("0151 496 0002", "Advice on debts and bills."))
    partner = the_partner(laptop)
    assert partner.contact_phone == "0151 496 0999" and partner.needs == ["wellbeing"]  # both kept
    assert partner.description == "Advice on debts and bills."  # a field nobody edited follows the source
    assert again.counts()["added"] == 0 and again.counts()["deactivated"] == 0 and again.counts()["kept"] == 1
    assert [c.fields for c in again.updated] == [["description"]]
    lines = "\n".join(again.lines())
    assert ("contact_phone: the source now says '0151 496 0002'; kept your '0151 496 0999'") in lines
    assert "needs" not in lines  # the source's needs did not change: nothing to say about them

    with laptop.store.session() as session:
        done = take_source(session, laptop.actor, partner.id[:8], "contact_phone")
    assert done["changed"] and the_partner(laptop).contact_phone == "0151 496 0002"
    assert the_partner(laptop).needs == ["wellbeing"]

    third = imported(laptop, feed("0151 496 0002", "Advice on debts and bills."))
    assert not third.kept and third.counts()["unchanged"] == 2 and the_partner(laptop).needs == ["wellbeing"]


def test_a_dry_run_reports_kept_edits_and_remembers_nothing(laptop):
    imported(laptop, feed("0151 496 0001", "Advice."))
    edit_by_hand(laptop, contact_phone="0151 496 0999")
    with laptop.store.session() as session:
        dry = import_directory(session, laptop.actor, feed("0151 496 0002", "Advice."), "council", dry_run=True)
    assert dry.counts()["kept"] == 1 and dry.counts()["unchanged"] == 2
    with laptop.store.session() as session:  # the source's last value is still the first file's
        assert take_source(session, laptop.actor, the_partner(laptop).id, "contact_phone")["value"] == "0151 496 0001"


def test_taking_the_source_value_says_what_is_wrong_in_one_sentence(laptop):
    imported(laptop, feed("0151 496 0001", "Advice."))
    with laptop.store.session() as session:
        save(session, laptop.actor, Partner(name="Added By Hand", source="manual"))
    partner = the_partner(laptop)
    cases = [(partner.id, "colour", "is not a partner field"), ("nobody-at-all", "name", "No partner 'nobody-at-all'"),
             ("Added By Hand", "name", "has no source value on this laptop")]
    for who, field, message in cases:
        with laptop.store.session() as session, pytest.raises(InvalidValue, match=message):
            take_source(session, laptop.actor, who, field)
    assert the_partner(laptop).version == partner.version  # nothing changed


def test_take_source_from_the_command_line(tmp_path, capsys):
    data = str(tmp_path / "laptop")
    path = tmp_path / "council.json"
    path.write_text(json.dumps(feed("0151 496 0001", "Advice.")))
    assert cli(["--data-dir", data, "directory", "import", str(path), "--source", "council"]) == 0
    capsys.readouterr()
    assert cli(["--data-dir", data, "partners", "take-source", "Fictional Money Help", "phone"]) == 1
    assert "'phone' is not a partner field" in capsys.readouterr().err
    assert cli(["--data-dir", data, "partners", "take-source", "Fictional Money Help", "contact_phone"]) == 0
    assert "already the source's '0151 496 0001'" in capsys.readouterr().out


def test_a_file_import_keeps_the_edit_too(laptop, tmp_path):
    path = tmp_path / "council.json"
    path.write_text(json.dumps(feed("0151 496 0001", "Advice.")))
    import_file(laptop.store, laptop.actor, path, source="council")
    edit_by_hand(laptop, name="Fictional Money Help (Bootle)")
    path.write_text(json.dumps(feed("0151 496 0001", "Advice.")).replace("Fictional Money Help", "Money Help Ltd"))
    summary = import_file(laptop.store, laptop.actor, path, source="council")
    assert the_partner(laptop).name == "Fictional Money Help (Bootle)"
    assert "name: the source now says 'Money Help Ltd'; kept your 'Fictional Money Help (Bootle)'" in \
        "\n".join(summary.lines())


async def test_the_partner_page_takes_the_source_value_with_t(runtime):
    from textual.widgets import Button

    from liferooms_tui.tui.app import create_app
    from liferooms_tui.tui.screens.choice import ChoiceScreen
    from liferooms_tui.tui.screens.partner_page import PartnerPageScreen
    from tests.tui.screen import wait_for

    imported(runtime, feed("0151 496 0001", "Advice."))
    edit_by_hand(runtime, contact_phone="0151 496 0999")
    imported(runtime, feed("0151 496 0002", "Advice."))
    partner = the_partner(runtime)
    app = create_app(runtime, ask_passphrase=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.show(PartnerPageScreen(partner.id))
        page = await wait_for(pilot, lambda: isinstance(app.screen, PartnerPageScreen) and app.screen.page
                              and app.screen)
        await pilot.press("t")
        choice = await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen) and app.screen)
        label = str(choice.query_one("#answer-0", Button).label)
        assert "contact_phone: the source says '0151 496 0002'; yours is '0151 496 0999'" in label
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is page and "source's value again" in str(
            page.query_one("#page-message").render()))
        await pilot.press("t")
        await wait_for(pilot, lambda: "Nothing here differs" in str(page.query_one("#page-message").render()))
    assert the_partner(runtime).contact_phone == "0151 496 0002" and page.changed
