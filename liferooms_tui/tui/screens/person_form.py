"""Adding a person: name or initials, postcode district, date of birth, benefits, and the two consents."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, SelectionList, Static

from liferooms_tui.db.models import Person
from liferooms_tui.dropin import people
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.work import Answer, AsksServices
from liferooms_tui.vocabulary import BENEFITS, InvalidValue


class LookAlikesFound(Answer):
    value: list[Person]


class PersonAdded(Answer):
    value: Person


class NewPersonScreen(AsksServices, ModalScreen[str | None]):
    """Returns the id of the person to talk with (new, or an existing one the advisor chose), or None.

    The look-alike check and the saving are asked of the services in workers; while one is under way another
    Ctrl+S does nothing (never two records for one press too many)."""

    BINDINGS = [Binding("escape", "cancel", "Back", id="person.back"),
                Binding("ctrl+s", "save", "Save person", id="person.save")]
    DEFAULT_CSS = """
    NewPersonScreen { align: center middle; }
    NewPersonScreen > VerticalScroll { width: 90%; max-width: 90; height: 95%; border: round $accent;
                                       background: $surface; padding: 0 1; }
    NewPersonScreen Input { margin: 0 0 1 0; }
    NewPersonScreen SelectionList { height: auto; max-height: 6; }
    NewPersonScreen #buttons { height: auto; margin-top: 1; }
    """

    def __init__(self, name: str = ""):
        super().__init__()
        self.typed_name = name
        self.busy_with: str | None = None  # "checking" or "saving" while a worker is under way

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("New person", classes="title")
            yield Label("Name or initials, as they wish to be known")
            yield Input(self.typed_name, id="name", placeholder="e.g. Jo M.", compact=True)
            yield Label("Postcode district (first half of the postcode)")
            yield Input(id="postcode", placeholder="e.g. L20", compact=True)
            yield Label("Date of birth (only if a partner will need it)")
            yield Input(id="dob", placeholder="DD/MM/YYYY, or leave empty", compact=True)
            yield Label("Benefits they receive (space to tick)")
            yield SelectionList[str](*((label, key) for key, label in BENEFITS.items()), id="benefits")
            yield Checkbox("They agree to us storing these details", id="consent-store", compact=True)
            yield Checkbox("They agree to us sharing their details with partners we refer to", id="consent-share",
                           compact=True)
            yield Static("", id="form-error", classes="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary")
                yield Button("Back (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, message: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(message)
        self.call_after_refresh(error.scroll_visible)  # at 80x24 it sits below the fold: bring it into view

    def on_working(self, message) -> None:
        message.stop()
        message.prevent_default()
        self.show_error(message.text)

    def action_save(self) -> None:
        if self.busy_with:
            return
        value = {i.id: i.value for i in self.query(Input)}
        try:
            born = people.parse_date_of_birth(value["dob"])
            name = people.clean_name(value["name"])
        except InvalidValue as exc:
            self.show_error(str(exc))
            return
        self.busy_with, self.born = "checking", born
        self.ask(LookAlikesFound, people.possible_duplicates, name, postcode_district=value["postcode"],
                 date_of_birth=born)

    def on_look_alikes_found(self, answer: LookAlikesFound) -> None:
        answer.stop()
        self.busy_with = None
        if answer.error:
            self.show_error(answer.error)
        elif answer.value:
            self.app.show(duplicate_question(answer.value), self._after_duplicate)
        else:
            self._create()

    def _after_duplicate(self, choice: str | None) -> None:
        if choice == "new":
            self._create()
        elif choice:
            self.dismiss(choice)

    def _create(self) -> None:
        if self.busy_with:
            return
        value = {i.id: i.value for i in self.query(Input)}
        self.busy_with = "saving"
        self.ask(PersonAdded, people.add_person, value["name"], postcode_district=value["postcode"],
                 date_of_birth=self.born, benefits=list(self.query_one("#benefits", SelectionList).selected),
                 consent_store=self.query_one("#consent-store", Checkbox).value,
                 consent_share=self.query_one("#consent-share", Checkbox).value)

    def on_person_added(self, answer: PersonAdded) -> None:
        answer.stop()
        self.busy_with = None
        if answer.error:  # refused (no consent to store, say): the form keeps what was typed
            self.show_error(answer.error)
            return
        self.dismiss(answer.value.id)


def duplicate_question(matches) -> ChoiceScreen:
    """'This looks like someone we know': use one of them ("<person id>"), add a new person ("new"), or go back."""
    answers = []
    for person in matches:
        born = f", born {person.date_of_birth:%d/%m/%Y}" if person.date_of_birth else ""
        where = f", {person.postcode_district}" if person.postcode_district else ""
        answers.append((person.id, f"Use {person.display_name}{where}{born}"))
    answers.append(("new", "No: add as a new person (N)"))
    return ChoiceScreen("This looks like someone already recorded. Is it one of them?", answers,
                        cancel="Back to the form (Esc)", keys={"n": "new"}, warning=True)
