"""The crisis list (F12 from every screen, the lock screen included): who to turn to at once, and what each is
for. It holds no personal data, so it shows over the lock; closing it goes back to exactly where you were, with
everything typed still there."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from liferooms_tui.safeguarding.crisis import crisis_contacts


class CrisisScreen(ModalScreen[None]):
    SECTION = "Crisis contacts"
    HELP = ("Who to turn to at once when someone is at risk. The local crisis line and the safeguarding lead are "
            "set in settings.toml (local_crisis_line, safeguarding_lead). Escape goes back to where you were.")
    BINDINGS = [Binding("escape,f12,q", "close", "Close", id="crisis.close")]
    DEFAULT_CSS = """
    CrisisScreen { align: center middle; }
    CrisisScreen > Vertical { width: 76; max-width: 98%; height: auto; max-height: 95%; border: round $error;
                              background: $surface; padding: 0 1; }
    CrisisScreen VerticalScroll { height: auto; max-height: 20; }
    CrisisScreen .contact { height: auto; margin-top: 1; }
    CrisisScreen .contact.first { margin-top: 0; }
    CrisisScreen .how { text-style: bold; }
    CrisisScreen .unset { color: $warning; }
    """

    def __init__(self, settings=None):
        """`settings`: where the local line and lead are read before any data is open (the start's lock)."""
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Crisis contacts: at once, any time", classes="title")
            with VerticalScroll():
                settings = self.settings or self.app.runtime.settings  # type: ignore[attr-defined]
                contacts = crisis_contacts(settings)
                for contact in contacts:
                    with Vertical(classes="contact" if contact is not contacts[0] else "contact first"):
                        yield Static(f"{contact.name}: {contact.how}", markup=False,
                                     classes="how" if contact.is_set else "how unset")
                        yield Static(contact.what_for, markup=False)
            yield Static("Escape goes back; nothing typed is lost.", classes="muted")

    def action_close(self) -> None:
        self.dismiss(None)
