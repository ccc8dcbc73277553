"""Hostile text (markup, ANSI escapes, control characters, right-to-left overrides, 100,000 characters) in
partner data and typed fields: stored as given or refused in words, and always shown literally."""

from __future__ import annotations

import io
import json
import unicodedata

from laptops import cli
from rich.console import Console
from textual.widgets import Input

from liferooms_tui import privacy
from liferooms_tui.db.models import Partner
from liferooms_tui.db.outbox import save
from liferooms_tui.dropin import conversations, people
from liferooms_tui.tui.app import create_app
from liferooms_tui.tui.widgets.partner_card import partner_text
from liferooms_tui.tui.widgets.text import safe

MARKUP = "[bold red]x[/]"
LINK = "[link=http://x]y[/link]"
ESC = "\x1b[31m"
RLO = "\u202e"
LONG = "W" * 100_000
HOSTILE_NAME = f"Zzyzx {MARKUP} {ESC}red{RLO}evil {LINK}"
HOSTILE_DESCRIPTION = f"{MARKUP} {LINK} {ESC}[2J\x07\x00 {RLO}gnp.exe {LONG}"


def unsafe_characters(text: str) -> set[str]:
    """Characters a terminal would obey rather than show: control and format characters (newline aside)."""
    return {ch for ch in text if ch != "\n" and unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"}}


def rendered(app) -> str:
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), record=True,
                      force_terminal=True, color_system=None, legacy_windows=False)
    console.print(update)
    return console.export_text()


def printed(renderable, width: int = 100) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None, force_terminal=False)
    console.print(renderable)
    return console.file.getvalue()


def add_hostile_partner(runtime) -> str:
    with runtime.store.session() as session:
        partner = Partner(name=HOSTILE_NAME, description=HOSTILE_DESCRIPTION, needs=["wellbeing"],
                          who_for=MARKUP + ESC, contact_name=RLO + "Bob", contact_phone=ESC + "0151",
                          schedule=LONG, services=[MARKUP, ESC], source="manual")
        save(session, runtime.actor, partner)
        return partner.id


async def test_directory_shows_hostile_partner_text_literally(runtime):
    pid = add_hostile_partner(runtime)
    with runtime.store.session() as session:
        stored = session.get(Partner, pid)
        assert stored.name == HOSTILE_NAME and stored.description == HOSTILE_DESCRIPTION  # stored as given
    app = create_app(runtime, ask_passphrase=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        app.screen.query_one("#query", Input).value = "Zzyzx"  # as if typed, in one go (each key re-renders)
        await pilot.pause()
        screen = rendered(app)
        assert MARKUP in screen  # the markup is shown as typed, not obeyed
        assert "\\x1b[31m" in screen and "\\x202e" in screen  # escapes and overrides made visible
        assert "[link=http://x]y[/link]" in screen
        assert "WWWWWWWWWW" in screen  # the 100,000-character text is there, wrapped, and nothing broke
        assert not unsafe_characters(screen)
        await pilot.press("down", "tab")
        await pilot.pause()
        assert not unsafe_characters(rendered(app))


def test_partner_card_and_cells_never_pass_control_characters():
    partner = Partner(name=HOSTILE_NAME, description=HOSTILE_DESCRIPTION, who_for=ESC, not_for=RLO,
                      contact_email=MARKUP, website=LINK)
    text = partner_text(partner)
    assert MARKUP in text.plain and "\\x1b" in text.plain and not unsafe_characters(text.plain)
    out = printed(text)
    assert MARKUP in out and "\x1b" not in out and not unsafe_characters(out)
    assert printed(safe(HOSTILE_NAME)).strip().startswith("Zzyzx [bold red]x[/] \\x1b[31m")


def test_exports_and_cli_output_show_hostile_typed_text_literally(runtime, tmp_path, capsys):
    with runtime.store.session() as session:
        person = people.add_person(session, runtime.actor, f"Jo {MARKUP} {ESC}{RLO}", consent_store=True,
                                   consent_share=True)
        talk = conversations.start_conversation(session, runtime.actor, person.id)
        conversations.autosave(session, runtime.actor, talk.id, what_matters=HOSTILE_DESCRIPTION)
        json_path, text_path = privacy.export_person(session, runtime.actor, person.id, tmp_path)
    text = text_path.read_text(encoding="utf-8")
    assert MARKUP in text and "\\x1b[31m" in text and "\\x202e" in text and not unsafe_characters(text)
    raw = json_path.read_text(encoding="ascii")  # pure ASCII: \u escapes, nothing a terminal obeys
    assert json.loads(raw)["conversations"][0]["what_matters"] == HOSTILE_DESCRIPTION
    base = ["--data-dir", str(runtime.paths.data_dir)]
    for argv in (["privacy", "find", "Jo"], ["audit"], ["referrals", "list"]):
        assert cli([*base, *argv]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and RLO not in out and not unsafe_characters(out), argv
