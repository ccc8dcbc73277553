"""Adding or correcting a person: name or initials, postcode district, date of birth, benefits, the two consents.

One form for both: PersonFormScreen() adds someone new (checking first for someone who looks alike);
PersonFormScreen(person=...) opens prefilled and saves the corrections through the records service. A bad field
is said in one sentence and the cursor goes to it; nothing is saved until every field is right.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, SelectionList, Static

from liferooms_tui.db.models import Person
from liferooms_tui.dropin import people, records
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.work import Answer, AsksServices
from liferooms_tui.vocabulary import BENEFITS, InvalidValue, normalise_district


class LookAlikesFound(Answer):
    value: list[Person]


class PersonAdded(Answer):
    value: Person


class PersonEdited(Answer):
    value: dict


class FieldError(InvalidValue):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def checked_fields(values: dict) -> dict:
    """The form's values checked in the order they are shown; FieldError names the first field that is wrong."""
    checks = [("name", "display_name", people.clean_name), ("postcode", "postcode_district", normalise_district),
              ("dob", "date_of_birth", people.parse_date_of_birth),
              ("consent-store", "consent_store", lambda v: people.check_consent_to_store(v) or v)]
    clean = {}
    for field, name, check in checks:
        try:
            clean[name] = check(values[field])
        except InvalidValue as exc:
            raise FieldError(field, str(exc)) from exc
    return clean


class PersonFormScreen(AsksServices, ModalScreen[str | None]):
    """Returns the id of the person added or corrected (or an existing one the advisor chose), or None.

    The look-alike check and the saving are asked of the services in workers; while one is under way another
    Ctrl+S does nothing (never two records for one press too many)."""

    BINDINGS = [Binding("escape", "cancel", "Back", id="person.back"),
                Binding("ctrl+s", "save", "Save person", id="person.save")]
    DEFAULT_CSS = """
    PersonFormScreen { align: center middle; }
    PersonFormScreen > VerticalScroll { width: 90%; max-width: 90; height: 95%; border: round $accent;
                                        background: $surface; padding: 0 1; }
    PersonFormScreen Input { margin: 0 0 1 0; }
    PersonFormScreen SelectionList { height: auto; max-height: 6; }
    PersonFormScreen #buttons { height: auto; margin-top: 1; }
    """

    def __init__(self, name: str = "", *, person: Person | None = None):
        super().__init__()
        self.person = person  # None: a new person
        self.typed_name = person.display_name if person else name
        self.busy_with: str | None = None  # "checking" or "saving" while a worker is under way

    def compose(self) -> ComposeResult:
        p = self.person
        with VerticalScroll():
            yield Static("New person" if p is None else "Correct this person's details", classes="title")
            yield Label("Name or initials, as they wish to be known")
            yield Input(self.typed_name, id="name", placeholder="e.g. Jo M.", compact=True)
            yield Label("Postcode district (first half of the postcode)")
            yield Input((p and p.postcode_district) or "", id="postcode", placeholder="e.g. L20", compact=True)
            yield Label("Date of birth (only if a partner will need it)")
            born = f"{p.date_of_birth:%d/%m/%Y}" if p and p.date_of_birth else ""
            yield Input(born, id="dob", placeholder="DD/MM/YYYY, or leave empty", compact=True)
            yield Label("Benefits they receive (space to tick)")
            ticked = set(p.benefits) if p else set()
            yield SelectionList[str](*((label, key, key in ticked) for key, label in BENEFITS.items()),
                                     id="benefits")
            yield Checkbox("They agree to us storing these details", bool(p and p.consent_store),
                           id="consent-store", compact=True)
            yield Checkbox("They agree to sharing their details with partners we refer to",
                           bool(p and p.consent_share), id="consent-share", compact=True)
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

    def show_error(self, message: str, field: str | None = None) -> None:
        error = self.query_one("#form-error", Static)
        error.update(message)
        if field:  # the cursor goes to the field to put right
            self.query_one(f"#{field}").focus()
        self.call_after_refresh(error.scroll_visible)  # at 80x24 it sits below the fold: bring it into view

    def on_working(self, message) -> None:
        message.stop()
        message.prevent_default()
        self.show_error(message.text)

    def values(self) -> dict:
        return {**{i.id: i.value for i in self.query(Input)},
                "consent-store": self.query_one("#consent-store", Checkbox).value,
                "consent-share": self.query_one("#consent-share", Checkbox).value,
                "benefits": sorted(self.query_one("#benefits", SelectionList).selected)}

    def action_save(self) -> None:
        if self.busy_with:
            return
        values = self.values()
        try:
            self.clean = checked_fields(values)
        except FieldError as exc:
            self.show_error(str(exc), exc.field)
            return
        self.clean.update(benefits=values["benefits"], consent_share=values["consent-share"])
        if self.person is not None:
            self.busy_with = "saving"
            self.ask(PersonEdited, records.edit_person, self.person.id, **self.clean)
            return
        self.busy_with = "checking"
        self.ask(LookAlikesFound, people.possible_duplicates, self.clean["display_name"],
                 postcode_district=self.clean["postcode_district"], date_of_birth=self.clean["date_of_birth"])

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
        self.busy_with = "saving"
        self.ask(PersonAdded, people.add_person, **self.clean)

    def on_person_added(self, answer: PersonAdded) -> None:
        answer.stop()
        self.busy_with = None
        if answer.error:  # refused: the form keeps what was typed
            self.show_error(answer.error)
            return
        self.dismiss(answer.value.id)

    def on_person_edited(self, answer: PersonEdited) -> None:
        answer.stop()
        self.busy_with = None
        if answer.error:  # refused (nothing was saved): the form keeps what was typed
            self.show_error(answer.error)
            return
        changed = answer.value["changed"]
        self.app.notify(f"Saved: {', '.join(changed).replace('_', ' ')}." if changed else "Nothing had changed.")
        self.dismiss(self.person.id)


NewPersonScreen = PersonFormScreen  # the name the Drop-in list and older tests use


def duplicate_question(matches) -> ChoiceScreen:
    """'This looks like someone we know': use one of them ("<person id>"), add a new person ("new"), or go back."""
    answers = []
    for person in matches:
        born = f", born {person.date_of_birth:%d/%m/%Y}" if person.date_of_birth else ""
        where = f", {person.postcode_district}" if person.postcode_district else ""
        answers.append((person.id, f"Use {person.display_name}{where}{born}"))
    answers.append(("new", "No: add as a new person (N)"))
    return ChoiceScreen("This looks like someone already recorded. Is it one of them?", answers,
                        cancel="Back to the form (Esc)", keys={"n": "new", "N": "new"}, warning=True)
