"""At 80x24 every footer fits: no key is cut or pushed under the palette key, whatever has the focus, in each
section and in the Talk, Plan and Refer steps, and F12 Crisis is always one of the keys shown (issue 13)."""

from __future__ import annotations

from datetime import date

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from liferooms_tui import demo
from liferooms_tui.dropin import conversations, people, prescriptions
from liferooms_tui.tui.screens.conversation import ConversationScreen
from tests.tui.screen import settle
from tests.tui.test_dropin_flow import pick_partners


def footer_problems(app) -> list[str]:
    """What is wrong with the footer on screen: keys that do not fit left of the palette key, a missing F12."""
    footer = app.screen.query_one(Footer)
    keys = [key for key in footer.query(FooterKey) if not key.has_class("-command-palette")]
    palette = [key for key in footer.query(FooterKey) if key.has_class("-command-palette")]
    room = (palette[0].region.x if palette else footer.region.right) - footer.region.x
    problems, used = [], 0
    for key in keys:
        used += key.outer_size.width
        if used > room:
            problems.append(f"{key.key_display} {key.description!r} is cut (needs {used} columns of {room})")
    if not any(key.action == "crisis" for key in keys):
        problems.append("F12 Crisis is not shown")
    return problems


async def check_each_focus(pilot, where: str, failures: list[str]) -> None:
    """Check the footer with the focus on each widget of the screen in turn (Tab order), and with none."""
    screen = pilot.app.screen
    seen = []
    for _ in range(12):
        await settle(pilot)
        focused = screen.focused
        if focused in seen:
            break
        seen.append(focused)
        name = f"{where}, focus on {type(focused).__name__}#{getattr(focused, 'id', None)}"
        failures.extend(f"{name}: {problem}" for problem in footer_problems(pilot.app))
        screen.focus_next()


async def test_every_footer_fits_at_80_columns_and_shows_crisis(make_app, runtime):
    with runtime.store.session() as session:
        demo.fill(session, runtime.actor, 6, seed=3, today=date.today())
        sam = people.add_person(session, runtime.actor, "Sam Example (fictional)", postcode_district="L20",
                                consent_store=True, consent_share=True)
        talk = conversations.start_conversation(session, runtime.actor, sam.id)
        plan = prescriptions.prescription_for(session, runtime.actor, talk.id)
        item = prescriptions.add_item(session, runtime.actor, plan.id, partner_id=pick_partners(session)[0].id)
        prescriptions.set_agreed(session, runtime.actor, item.id, True)
    failures: list[str] = []
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # not now to carrying on with Sam's drop-in, left open
        for key in ("f3", "f4", "f5", "f6", "f2"):
            await pilot.press(key)
            await settle(pilot)
            await check_each_focus(pilot, f"{app.screen.SECTION} ({key.upper()})", failures)
        app.push_screen(ConversationScreen(talk.id))
        for key, step in (("f7", "Talk"), ("f8", "Plan"), ("f9", "Refer")):
            await settle(pilot)
            await pilot.press(key)
            await check_each_focus(pilot, f"the {step} step ({key.upper()})", failures)
    assert not failures, "\n".join(failures)
