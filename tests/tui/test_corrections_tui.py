"""Correcting records from the TUI, and the traps taken out of a drop-in (issue 13)."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from liferooms_tui.db.models import Person
from liferooms_tui.dropin import conversations, corrections, people, prescriptions
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.conversation import ConversationScreen
from liferooms_tui.tui.screens.merge import MergeScreen
from liferooms_tui.tui.screens.person_form import PersonFormScreen
from tests.tui.screen import settle
from tests.tui.test_dropin_flow import pick_partners


def add(runtime, name, **kw):
    with runtime.store.session() as session:
        person = people.add_person(session, runtime.actor, name, consent_store=True, consent_share=True, **kw)
        return person.id


def person(runtime, person_id) -> Person:
    with runtime.store.session() as session:
        return session.get_one(Person, person_id)


async def open_list(pilot, name):
    await settle(pilot)
    for letter in name:
        await pilot.press(letter)
    await settle(pilot)
    await pilot.press("down")  # to the people found


async def test_e_on_the_drop_in_list_corrects_the_highlighted_person(make_app, runtime):
    kit = add(runtime, "Kit (fictional)", postcode_district="L8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_list(pilot, "Kit")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonFormScreen) and form.query_one("#postcode", Input).value == "L8"
        form.query_one("#postcode", Input).value = "L20"
        form.query_one("#dob", Input).value = "31/02/1990"  # no such day: said, nothing saved
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.query_one("#dob", Input).has_focus
        assert person(runtime, kit).postcode_district == "L8"
        form.query_one("#dob", Input).value = "07/03/1984"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PersonFormScreen)
    saved = person(runtime, kit)
    assert saved.postcode_district == "L20" and f"{saved.date_of_birth:%d/%m/%Y}" == "07/03/1984"


async def test_ctrl_e_in_a_conversation_corrects_the_person_and_the_header_follows(make_app, runtime):
    kit = add(runtime, "Kit (fictional)")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_list(pilot, "Kit")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen)
        await pilot.press("ctrl+e")  # with the cursor in "What matters to you?"
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonFormScreen)
        form.query_one("#name", Input).value = "Kit M. (fictional)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen)
        assert "Kit M. (fictional)" in str(app.screen.query_one("#person-line").render())
    assert person(runtime, kit).display_name == "Kit M. (fictional)"


async def test_the_new_person_form_moves_to_the_field_in_error(make_app, runtime):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("K", "i", "t", "tab", "l", "8", "tab", "1", "3", "/", "1", "3", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonFormScreen) and app.screen.query_one("#dob", Input).has_focus
        app.screen.query_one("#dob", Input).value = ""
        await pilot.press("ctrl+s")  # no consent to store yet: the cursor goes to that box
        await settle(pilot)
        assert app.screen.query_one("#consent-store").has_focus


async def test_upper_case_n_on_the_duplicate_question_adds_a_new_person(make_app, runtime):
    add(runtime, "Kit", postcode_district="L8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("K", "i", "t", "tab", "l", "8", "tab", "tab", "tab", "space", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("N")
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen)


async def test_f7_in_what_matters_goes_to_talk_and_never_selects_the_text(make_app, runtime):
    add(runtime, "Kit (fictional)")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_list(pilot, "Kit")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r", "e", "n", "t", "f7", "x")
        await settle(pilot)
        assert app.screen.query_one("#what-matters", TextArea).text == "rentx"


async def test_two_records_of_one_person_merge_from_the_drop_in_list(make_app, runtime):
    first = add(runtime, "Sam Okafor (fictional)", postcode_district="L8")
    second = add(runtime, "Sam O. (fictional)", postcode_district="L20")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_list(pilot, "Sam")
        table = app.screen.query_one("#people")
        assert table.row_count == 2
        ids = [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(2)]
        await pilot.press("m", "down", "m")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MergeScreen)
        assert dialog.keep.id == ids[0] and dialog.other.id == ids[1]
        await pilot.press("down", "space")  # the area: the other record's
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MergeScreen)
        assert app.screen.query_one("#people").row_count == 1  # the list shows one person
    kept, merged = person(runtime, ids[0]), person(runtime, ids[1])
    assert merged.merged_into == kept.id and {first, second} == {kept.id, merged.id}
    assert kept.postcode_district == ("L20" if ids[1] == second else "L8")


def drop_in_with_agreed_partner(runtime):
    with runtime.store.session() as session:
        who = people.add_person(session, runtime.actor, "Morgan Q (fictional)", postcode_district="L8",
                                consent_store=True, consent_share=True)
        talk = conversations.start_conversation(session, runtime.actor, who.id)
        plan = prescriptions.prescription_for(session, runtime.actor, talk.id)
        partner = pick_partners(session)[0]
        item = prescriptions.add_item(session, runtime.actor, plan.id, partner_id=partner.id, need="wellbeing")
        prescriptions.set_agreed(session, runtime.actor, item.id, True)
        return talk.id, partner.name


async def test_finishing_names_agreed_items_not_referred_and_can_go_to_refer(make_app, runtime):
    talk_id, partner_name = drop_in_with_agreed_partner(runtime)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # carry on with the drop-in left open
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen) and partner_name in app.screen.question
        await pilot.press("r")  # go to Refer
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen) and app.screen.query_one("TabbedContent").active == "refer"
        await pilot.press("ctrl+f")
        await settle(pilot)
        await pilot.press("F")  # finish anyway
        await settle(pilot)
        assert not isinstance(app.screen, ConversationScreen)
    with runtime.store.session() as session:
        assert conversations.get_conversation(session, runtime.actor, talk_id).ended_at is not None


async def test_saved_at_follows_plan_changes(make_app, runtime):
    drop_in_with_agreed_partner(runtime)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert "Saved at" not in str(app.screen.query_one("#autosave").render())
        await pilot.press("space")  # not agreed after all
        await settle(pilot)
        assert "Saved at" in str(app.screen.query_one("#autosave").render())


async def test_a_finished_drop_in_takes_a_correction_and_the_history_shows_both(make_app, runtime):
    kit = add(runtime, "Kit (fictional)")
    with runtime.store.session() as session:
        talk = conversations.start_conversation(session, runtime.actor, kit)
        conversations.finish_conversation(session, runtime.actor, talk.id, what_matters="the housing worry")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_list(pilot, "Kit")
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        for letter in "debt too":
            await pilot.press("space" if letter == " " else letter)
        await pilot.press("enter")
        text = await settle(pilot)
        assert "the housing worry" in text and "debt too" in text
    with runtime.store.session() as session:
        history = corrections.drop_in_history(session, runtime.actor, talk.id)
        assert history.conversation.what_matters == "the housing worry"
        assert [c.note for c in history.corrections] == ["debt too"]


async def test_help_scrolls_to_its_last_key_at_80x24(make_app, runtime):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        await pilot.press("end")
        text = await settle(pilot)
        for row in ("Reports", "Sync", "Lock", "Open the command palette"):
            assert row in text, row


async def test_a_long_goal_wraps_in_the_plan_at_80x24(make_app, runtime):
    talk_id, _ = drop_in_with_agreed_partner(runtime)
    goal = "get back to the allotment on Tuesdays with a friend from the group"
    with runtime.store.session() as session:
        plan = prescriptions.prescription_for(session, runtime.actor, talk_id)
        item = prescriptions.items(session, runtime.actor, plan.id)[0]
        prescriptions.set_goal(session, runtime.actor, item.id, goal)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f8")
        text = await settle(pilot)
        assert "Tuesdays with a friend from" in text and "the group" in text  # wrapped, all of it


async def test_the_drop_in_search_error_is_said_in_full_at_80x24(make_app, runtime):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in "Bo 99/99/9999":
            await pilot.press("space" if key == " " else key)
        text = " ".join((await settle(pilot)).split())
        hint = str(app.screen.query_one("#find-hint").render())
        assert " ".join(hint.split())[-30:] in text  # its end is on screen, not cut


async def test_the_partner_pickers_count_line_shows_its_area_and_keys_at_80x24(make_app, runtime):
    drop_in_with_agreed_partner(runtime)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f8", "p")
        text = " ".join((await settle(pilot)).split())
        assert "takes L8" in text and "Ctrl+O places" in text


async def test_ctrl_s_without_a_reason_moves_to_the_reason_at_80x24(make_app, runtime):
    from sqlmodel import select

    from liferooms_tui.db.models import Partner
    from liferooms_tui.tui.screens.refer import ReferScreen
    with runtime.store.session() as session:
        who = people.add_person(session, runtime.actor, "Morgan Q (fictional)", postcode_district="PR9",
                                consent_store=True, consent_share=True)
        talk = conversations.start_conversation(session, runtime.actor, who.id)
        plan = prescriptions.prescription_for(session, runtime.actor, talk.id)
        partner = next(p for p in session.exec(select(Partner).where(Partner.active == True))  # noqa: E712
                       if p.catchment and "PR9" not in p.catchment)
        item = prescriptions.add_item(session, runtime.actor, plan.id, partner_id=partner.id, need="wellbeing")
        prescriptions.set_agreed(session, runtime.actor, item.id, True)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReferScreen)
        await pilot.press("tab", "ctrl+s")  # on the note, no reason written
        text = " ".join((await settle(pilot)).split())
        assert "Write why it should go anyway" in text
        assert app.screen.focused.id == "override-catchment"


async def test_an_export_is_said_on_the_plan_and_leaves_refer_uncovered(make_app, runtime):
    drop_in_with_agreed_partner(runtime)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("x")
        text = " ".join((await settle(pilot)).split())
        assert "Plan saved for the person" in text
        await pilot.press("f9")
        await settle(pilot)
        assert not list(app._notifications)  # no toast over the Refer table


async def test_the_keys_listed_for_f7_f8_f9_in_what_matters_are_the_steps(make_app, runtime):
    add(runtime, "Kit (fictional)")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_list(pilot, "Kit")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.focused.id == "what-matters"
        listed = app.screen.active_bindings  # what the palette and the help list
        assert [listed[key].binding.action for key in ("f7", "f8", "f9")] == [
            "step('talk')", "step('plan')", "step('refer')"]


async def test_the_merge_dialog_shows_its_three_columns_at_80x24(make_app, runtime):
    add(runtime, "Sam Okafor (fictional)", benefits=["universal_credit", "pip", "esa"])
    add(runtime, "Sam O. (fictional)", benefits=["universal_credit", "pip", "esa"])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot, "Sam")
        await pilot.press("m", "down", "m")
        text = await settle(pilot)
        assert isinstance(app.screen, MergeScreen) and "Value kept" in text
