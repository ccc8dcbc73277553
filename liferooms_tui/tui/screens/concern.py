"""The concern form (F10 on a drop-in, or on a person highlighted in the Drop-in list): what was said or seen in
their words, what kind of concern, the action taken at once, urgency, and who told the safeguarding lead, when
and how. Ctrl+S saves (refused, in one sentence, until the lead was told); Ctrl+D keeps it as a draft; Escape
twice leaves without saving. Returns the concern's id, or None."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Select, SelectionList, Static, TextArea

from liferooms_tui.safeguarding import concerns
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.tui.work import Answer, AsksServices
from liferooms_tui.vocabulary import CONCERN_CATEGORIES, CONCERN_URGENCIES


class ConcernSaved(Answer):
    pass


def person_on_screen(screen: Screen) -> tuple[str, str] | None:
    """(id, name) of the person a screen is about: a drop-in's person, or the one highlighted in the Drop-in."""
    person = getattr(screen, "person", None)
    if person is not None and getattr(person, "id", None):
        return person.id, person.display_name
    found = getattr(screen, "found", None)
    if found:
        try:
            table = screen.query_one("#people", DataTable)
        except Exception:  # noqa: BLE001  (a screen without the people list)
            return None
        if 0 <= table.cursor_row < len(found):
            return found[table.cursor_row].id, found[table.cursor_row].display_name
    return None


class ConcernScreen(AsksServices, ModalScreen[str | None]):
    SECTION = "Safeguarding concern"
    HELP = ("Write what was said or seen in their words, tick what kind of concern it is (space), the action you "
            "took at once and how urgent it is. A concern is saved once you have told the safeguarding lead: say "
            "who, when (empty for today) and how. Until then, Ctrl+D keeps it as a draft. F12 shows the crisis "
            "contacts without losing anything typed here.")
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="concern.save"),
        Binding("ctrl+d", "save_draft", "Save as draft", priority=True, id="concern.draft"),
        Binding("escape", "leave", "Back", id="concern.back"),
    ]
    DEFAULT_CSS = """
    ConcernScreen { align: center middle; }
    ConcernScreen > VerticalScroll { width: 100%; max-width: 100; height: 100%; border: round $error;
                                     background: $surface; padding: 0 1; }
    ConcernScreen TextArea { height: 4; }
    ConcernScreen SelectionList { height: auto; max-height: 7; }
    ConcernScreen Horizontal { height: auto; }
    ConcernScreen Horizontal > Input { width: 1fr; }
    ConcernScreen .label { color: $text-muted; height: 1; }
    ConcernScreen #concern-message { color: $error; height: auto; min-height: 1; }
    """

    def __init__(self, person_id: str, person_name: str):
        super().__init__()
        self.person_id, self.person_name = person_id, person_name
        self.saving = False
        self.leave_asked = False

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(safe(f"Safeguarding concern: {self.person_name}", "bold"))
            yield Static("What was said or seen, in their words", classes="label")
            yield TextArea(id="what", soft_wrap=True)
            yield Static("What kind (space ticks)", classes="label")
            yield SelectionList[str](*((label, key) for key, label in CONCERN_CATEGORIES.items()), id="categories",
                                     compact=True)
            yield Input(id="action", placeholder="Action taken at once (e.g. stayed with them, called 111)",
                        compact=True)
            yield Select([(label, key) for key, label in CONCERN_URGENCIES.items()], value="routine",
                         allow_blank=False, id="urgency", compact=True)
            yield Static("Safeguarding lead informed: who, when, how", classes="label")
            with Horizontal():
                yield Input(id="lead-who", placeholder="who", compact=True)
                yield Input(id="lead-on", placeholder="when (empty: today)", compact=True)
                yield Input(id="lead-how", placeholder="how: phone, in person", compact=True)
            yield Static("", id="concern-message", markup=False)
            yield Static("Ctrl+S save · Ctrl+D save as draft · F12 crisis contacts · Esc back", classes="muted")

    def on_mount(self) -> None:
        self.query_one("#what", TextArea).focus()

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def _typed(self) -> bool:
        return bool(self.query_one("#what", TextArea).text.strip() or self._value("#action").strip()
                    or self.query_one(SelectionList).selected)

    def _save(self, draft: bool) -> None:
        if self.saving:
            return
        self.saving = True
        self.say("Saving...")
        urgency = self.query_one("#urgency", Select).value
        self.ask(ConcernSaved, concerns.record_from_form, self.person_id,
                 what=self.query_one("#what", TextArea).text, categories=list(self.query_one(SelectionList).selected),
                 action_taken=self._value("#action"), urgency=str(urgency), lead_who=self._value("#lead-who"),
                 lead_on=self._value("#lead-on"), lead_how=self._value("#lead-how"), draft=draft)

    def action_save(self) -> None:
        self._save(draft=False)

    def action_save_draft(self) -> None:
        self._save(draft=True)

    def on_concern_saved(self, answer: ConcernSaved) -> None:
        self.saving = False
        if answer.error:
            self.say(answer.error)
            return
        concern = answer.value
        told = "kept as a draft: tell the safeguarding lead" if concern.status == "draft" else "recorded"
        self.app.notify(f"Safeguarding concern {told}.", markup=False)
        self.dismiss(concern.id)

    def on_working(self, message) -> None:
        message.stop()
        self.say(message.text)

    def say(self, text: str) -> None:
        self.query_one("#concern-message", Static).update(text)

    def action_leave(self) -> None:
        if self._typed() and not self.leave_asked:
            self.leave_asked = True
            self.say("Nothing is saved yet: Escape again leaves without saving; Ctrl+D keeps it as a draft.")
            return
        self.dismiss(None)
