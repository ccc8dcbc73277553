"""Drop-in: find a returning person or add a new one, resume a conversation left open, start talking.

Everything here is asked of the services in thread workers (tui/work.py): the people found as the advisor types
(debounced), the drop-ins left open, and the conversation to open. A busy database is said above the status line.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from liferooms_tui.db.models import Conversation, Person
from liferooms_tui.dropin import conversations, people
from liferooms_tui.dropin.people import split_search
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.conversation import ConversationScreen
from liferooms_tui.tui.screens.history import HistoryScreen
from liferooms_tui.tui.screens.merge import MergeScreen
from liferooms_tui.tui.screens.person_form import PersonFormScreen
from liferooms_tui.tui.screens.section import SectionScreen
from liferooms_tui.tui.widgets.expected import ExpectedTable
from liferooms_tui.tui.widgets.table import Table
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.tui.work import Answer
from liferooms_tui.vocabulary import InvalidValue


class DraftsLoaded(Answer):
    value: list[tuple[Conversation, Person]]


class PeopleFound(Answer):
    value: list[Person]


class ConversationReady(Answer):
    value: Conversation


class PeopleTable(Table):
    BINDINGS = [Binding("enter", "start", "Start drop-in", id="dropin.start")]

    def action_start(self) -> None:
        self.screen.start_highlighted()


class DropInScreen(SectionScreen):
    MODE = "dropin"
    SECTION = "Drop-in"
    HELP = ("Find a returning person by name or initials; add a postcode district (L20) or a date of birth "
            "(07/03/1984) to narrow it. Enter starts a drop-in with the highlighted person; Ctrl+N adds someone "
            "new; once the focus is on the lists, e corrects the highlighted person's details, and r or Enter on a "
            "'Left open' row resumes a conversation left open. Two records of one person: m on one, then m on the "
            "other, to merge them; h shows their drop-ins, where c adds a correction to a finished one.")
    # Ctrl+N works while typing in the search box; n and r once the focus is on the lists.
    BINDINGS = [
        Binding("ctrl+n", "new_person", "New person", id="dropin.new_person"),
        Binding("n", "new_person", "New person", show=False, id="dropin.new_person_n"),
        Binding("r", "resume", "Resume", show=False, id="dropin.resume"),
        Binding("e", "edit_person", "Edit person", id="dropin.edit_person"),
        Binding("m", "merge", "Merge records", show=False, id="dropin.merge"),
        Binding("h", "history", "History", show=False, id="dropin.history"),
        Binding("slash", "find", "Find", id="dropin.find"),
    ]
    DEFAULT_CSS = """
    DropInScreen #find-hint { height: auto; max-height: 3; color: $text-muted; padding: 0 1; }
    DropInScreen #drafts { height: auto; max-height: 6; }
    DropInScreen #people { height: 1fr; }
    """

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder="Find a person: name or initials, then L20 or 07/03/1984 to narrow", id="find")
        yield Static("", id="find-hint", markup=False)
        yield Table(id="drafts", cursor_type="row")
        yield ExpectedTable(id="expected")
        yield PeopleTable(id="people", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#drafts", DataTable).add_columns("Left open", "Started")
        self.query_one(PeopleTable).add_columns("Person", "Area", "Born", "Last seen")
        self.found: list[Person] = []
        self.drafts: list[tuple[Conversation, Person]] = []
        self.asked_to_resume = False  # the 'carry on?' question is asked once, at start
        self.searched = ""
        self.marked: Person | None = None  # the first of two records to merge
        self.reload()
        self.query_one("#find", Input).focus()

    def on_screen_resume(self) -> None:
        self.reload()
        self.query_one(ExpectedTable).refresh_expected()

    def reload(self) -> None:
        self.ask(DraftsLoaded, conversations.unfinished_conversations)
        self.search_now()

    def on_drafts_loaded(self, answer: DraftsLoaded) -> None:
        answer.stop()
        if answer.error:
            self.query_one("#find-hint", Static).update(answer.error)
            return
        self.drafts = answer.value
        table = self.query_one("#drafts", DataTable)
        table.clear()
        for conversation, person in self.drafts:
            table.add_row(safe(person.display_name), f"{conversation.started_at.astimezone():%d %b %H:%M}  (r)",
                          key=conversation.id)
        table.display = bool(self.drafts)
        if not self.asked_to_resume:
            self.asked_to_resume = True
            if self.drafts:
                self.app.show(resume_question(self.drafts), self.open_conversation)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "find":
            self.after_typing("find", self.search_now)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.found:
            self.query_one(PeopleTable).focus()
        else:
            self.action_new_person()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "drafts":  # Enter on a drop-in left open carries on with it
            event.stop()
            self.open_conversation(event.row_key.value)

    def on_key(self, event) -> None:
        if event.key == "down" and self.query_one("#find", Input).has_focus:
            self.query_one(PeopleTable).focus()
            event.stop()

    def search_now(self) -> None:
        self.searched = self.query_one("#find", Input).value
        self.ask(PeopleFound, people.search_people, self.searched, limit=50)

    def on_people_found(self, answer: PeopleFound) -> None:
        answer.stop()
        hint = self.query_one("#find-hint", Static)
        if answer.error:  # a date or district that cannot be: what to type instead
            hint.update(answer.error)
            return
        self.found = answer.value
        table = self.query_one(PeopleTable)
        table.clear()
        for person in self.found:
            born_text = f"{person.date_of_birth:%d/%m/%Y}" if person.date_of_birth else ""
            table.add_row(safe(person.display_name), person.postcode_district or "", born_text,
                          f"{person.last_seen_at.astimezone():%d %b %Y}", key=person.id)
        count = len(self.found)
        hint.update(f"{count} {'person' if count == 1 else 'people'} found. Enter: start a drop-in · Ctrl+N: new person"
                    if self.searched.strip() else "Recent people. Type to find someone; Ctrl+N adds a new person.")

    def action_find(self) -> None:
        self.query_one("#find", Input).focus()

    def action_new_person(self) -> None:
        try:
            name = split_search(self.query_one("#find", Input).value).name
        except InvalidValue:
            name = ""
        self.app.show(PersonFormScreen(name), self.start_with)

    def highlighted(self) -> Person | None:
        table = self.query_one(PeopleTable)
        return self.found[table.cursor_row] if self.found and table.cursor_row < len(self.found) else None

    def start_highlighted(self) -> None:
        if person := self.highlighted():
            self.start_with(person.id)

    def action_edit_person(self) -> None:
        person = self.highlighted()
        if person is None:
            self.app.notify("Find the person first, then press e on their row.")
            return
        self.app.show(PersonFormScreen(person=person))  # the list is found again when the form closes

    def action_history(self) -> None:
        person = self.highlighted()
        if person is None:
            self.app.notify("Find the person first, then press h on their row.")
            return
        self.app.show(HistoryScreen(person))

    def action_merge(self) -> None:
        person = self.highlighted()
        hint = self.query_one("#find-hint", Static)
        if person is None:
            hint.update("Find the person first, then press m on one of their records and m on the other.")
        elif self.marked is None or self.marked.id == person.id:
            self.marked = None if self.marked else person
            hint.update(f"Marked {person.display_name}: now press m on their other record."
                        if self.marked else "Unmarked.")
        else:
            first, self.marked = self.marked, None
            self.app.show(MergeScreen(first, person))  # the list is found again when the dialog closes

    def start_with(self, person_id: str | None) -> None:
        if person_id:  # the drop-in left open for them, or a new one (never a second draft)
            self.ask(ConversationReady, conversations.carry_on_or_start, person_id)

    def on_conversation_ready(self, answer: ConversationReady) -> None:
        answer.stop()
        if answer.error:
            self.query_one("#find-hint", Static).update(answer.error)
            return
        self.open_conversation(answer.value.id)

    def action_resume(self) -> None:
        if not self.drafts:
            self.app.notify("No drop-in is left open.")
            return
        table = self.query_one("#drafts", DataTable)
        row = table.cursor_row if len(self.drafts) > 1 and table.has_focus else 0
        self.open_conversation(self.drafts[min(row, len(self.drafts) - 1)][0].id)

    def open_conversation(self, conversation_id: str | None) -> None:
        if not conversation_id:
            return
        mode = self.app.open_conversations.get(conversation_id)
        if mode:  # already open (a follow-up from Referrals, say): one screen per conversation, never two
            self.app.action_section(mode)
            self.app.notify("That conversation is already open: here it is.")
            return
        self.app.show(ConversationScreen(conversation_id))


def resume_question(drafts) -> ChoiceScreen:
    """At start: 'these drop-ins were left open; carry on with one?' Returns a conversation id or None."""
    answers = [(conversation.id, f"Resume {person.display_name} "
                f"(started {conversation.started_at.astimezone():%d %b %H:%M})") for conversation, person in drafts[:5]]
    return ChoiceScreen("A drop-in was left open. Nothing typed was lost. Carry on?", answers, cancel="Not now (Esc)")
