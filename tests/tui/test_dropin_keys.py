"""Every key of the Drop-in, the conversation (Talk, Plan, Refer) and their dialogs and widgets has an id of its own,
so a keymap (settings.toml) can move it; and a keymap does move one."""

from __future__ import annotations

from textual.binding import Binding

from liferooms_tui.dropin import conversations, people
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.conversation import ConversationScreen
from liferooms_tui.tui.screens.dropin import DropInScreen, PeopleTable
from liferooms_tui.tui.screens.partner_picker import PartnerPickerScreen
from liferooms_tui.tui.screens.person_form import NewPersonScreen
from liferooms_tui.tui.screens.plan import PlanTable
from liferooms_tui.tui.screens.prompt import PromptScreen
from liferooms_tui.tui.screens.refer import ReferScreen, ReferTable
from liferooms_tui.tui.screens.show_plan import ShowPlanScreen
from liferooms_tui.tui.widgets.need_chips import NeedChips
from liferooms_tui.tui.widgets.partner_search import PartnerResults, PartnerSearch

from .screen import settle, wait_for

KEYED = [DropInScreen, PeopleTable, NewPersonScreen, ConversationScreen, PlanTable, ReferTable, ReferScreen,
         PartnerPickerScreen, ShowPlanScreen, ChoiceScreen, PromptScreen, NeedChips, PartnerSearch, PartnerResults]


def test_every_drop_in_key_has_an_id_of_its_own():
    ids = []
    for keyed in KEYED:
        for binding in keyed.BINDINGS:
            assert isinstance(binding, Binding) and binding.id, (keyed.__name__, binding)
            ids.append(binding.id)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


async def test_a_keymap_moves_agree_on_the_plan(make_app, runtime):
    with runtime.store.session() as session:
        person = people.add_person(session, runtime.actor, "Lee Q. (fictional)", consent_store=True,
                                   consent_share=True)
        conversations.start_conversation(session, runtime.actor, person.id)
    app = make_app()
    app.set_keymap({"plan.agree": "y"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # carry on with the drop-in left open
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.loaded)
        await pilot.press("f8", "a")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press(*"Walk", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen) and "goal" in app.screen.title_text)
        await pilot.press("escape")
        table = app.screen.query_one(PlanTable)
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and table.row_count == 1)
        await pilot.press("space")  # no longer the key for it
        await settle(pilot)
        assert table.get_cell_at((0, 3)) == ""
        await pilot.press("y")
        await wait_for(pilot, lambda: table.get_cell_at((0, 3)) == "yes")
