"""Inside a drop-in the advisor realises the person has a second record: Ctrl+O or the palette starts the same
merge as the Drop-in list, and the drop-in follows the record kept (issue 13)."""

from __future__ import annotations

from textual.widgets import Static, TextArea

from liferooms_tui.db.models import Conversation
from liferooms_tui.tui.screens.conversation import ConversationScreen
from liferooms_tui.tui.screens.merge import MergeScreen
from liferooms_tui.tui.screens.other_record import OtherRecordScreen
from liferooms_tui.tui.screens.refer import ReferPanel
from tests.tui.screen import run_from_palette, settle, wait_for
from tests.tui.test_corrections_tui import add, open_list, person


async def test_a_drop_in_merges_the_person_with_their_other_record_and_follows_the_one_kept(make_app, runtime):
    first = add(runtime, "Sam Okafor (fictional)", postcode_district="L8")
    second = add(runtime, "Sam O. (fictional)", postcode_district="L20")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot, "Sam Okafor")
        await pilot.press("enter")
        screen = await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.loaded
                                and app.screen)
        talk_id = screen.conversation.id
        await pilot.press(*"walks")  # typed, not yet autosaved: the merge must not lose it

        await pilot.press("ctrl+o")  # with the cursor in "What matters to you?"
        picker = await wait_for(pilot, lambda: isinstance(app.screen, OtherRecordScreen) and app.screen)
        await wait_for(pilot, lambda: picker.found, what="the picker lists the other Sam")
        assert [p.id for p in picker.found] == [second]  # never the person's own record
        await pilot.press("escape")  # changed their mind: nothing merged
        await wait_for(pilot, lambda: app.screen is screen)
        assert person(runtime, first).merged_into is None

        await run_from_palette(pilot, "merge with", "Merge with their other record")
        picker = await wait_for(pilot, lambda: isinstance(app.screen, OtherRecordScreen) and app.screen)
        await wait_for(pilot, lambda: picker.found)
        await pilot.press("down", "enter")
        dialog = await wait_for(pilot, lambda: isinstance(app.screen, MergeScreen) and app.screen)
        assert (dialog.keep.id, dialog.other.id) == (first, second)  # this drop-in's person first
        await pilot.press("k")  # keep the other record: the drop-in must move to it
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: "Sam O. (fictional)" in str(screen.query_one("#person-line", Static).render()))
        assert screen.person.id == second
        assert screen.query_one(ReferPanel).person.id == second  # its referrals go to the record kept
        assert screen.query_one("#what-matters", TextArea).text == "walks"
        await settle(pilot)
    assert person(runtime, first).merged_into == second
    with runtime.store.session() as session:
        talk = session.get_one(Conversation, talk_id)
        assert talk.person_id == second and talk.what_matters == "walks"
