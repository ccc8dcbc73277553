"""One drop-in conversation: Talk (what matters, needs, ONS4), Plan (the social prescription), Refer.

Everything typed autosaves: needs and scores at once, notes within a couple of seconds and whenever the
advisor leaves the field, the step or the screen. Saves go through the services in a worker; a busy database is
said on the autosave line and the save is tried again, keeping everything typed meanwhile. Escape goes back to the
Drop-in list and keeps the draft.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static, TabbedContent, TabPane, TextArea

from liferooms_tui import referrals
from liferooms_tui.db.models import Conversation, Person, utcnow
from liferooms_tui.dropin import conversations, people
from liferooms_tui.referrals import ReferableItem
from liferooms_tui.tui.screens.other_record import merge_with_other_record
from liferooms_tui.tui.screens.person_form import PersonFormScreen
from liferooms_tui.tui.screens.plan import PlanPanel
from liferooms_tui.tui.screens.refer import ReferPanel, finish_question
from liferooms_tui.tui.screens.section import SectionScreen
from liferooms_tui.tui.screens.talk import DraftSaver, StepSaved, TalkPanel
from liferooms_tui.tui.widgets.concern_flag import ConcernFlag
from liferooms_tui.tui.widgets.need_chips import NeedChips
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.tui.work import Answer
from liferooms_tui.vocabulary import ONS4, InvalidValue

STEPS = ["talk", "plan", "refer"]


class ConversationOpened(Answer):
    value: tuple[Conversation, Person]


class DraftSaved(Answer):
    value: bool | None


class UnreferredFound(Answer):
    value: list[ReferableItem]


class PersonReloaded(Answer):
    value: Person


class DropInFinished(Answer):
    value: bool | None


class ConversationSteps(Vertical):
    """The three steps, made once the conversation and the person are loaded."""

    def __init__(self, conversation: Conversation, person: Person):
        super().__init__(id="steps")
        self.conversation, self.person = conversation, person

    def compose(self) -> ComposeResult:
        with TabbedContent(initial="talk"):
            with TabPane("Talk (F7)", id="talk"):
                yield TalkPanel(self.conversation)
            with TabPane("Plan (F8)", id="plan"):
                yield PlanPanel(self.conversation.id, self.person, self.conversation.needs)
            with TabPane("Refer (F9)", id="refer"):
                yield ReferPanel(self.conversation.id, self.person)


class ConversationScreen(SectionScreen):
    MODE = "dropin"
    SECTION = "Drop-in"
    HELP = ("Talk: type what matters to the person in their words; Tab to the needs and press h d e w c l; "
            "the four ONS wellbeing questions take 0-10 or can be left empty. Plan: add partners or activities, "
            "write the person's goal for each and mark them agreed. Refer: check and queue referrals. "
            "Everything saves as you type. Ctrl+E corrects the person's details; Ctrl+O merges a second record of "
            "theirs into this one (or this one into it: the drop-in follows the record kept).")
    BINDINGS = [
        # shown on the tabs: Talk (F7), Plan (F8), Refer (F9)
        # priority: a text box's own F7 (select all) or F6 never takes them
        Binding("f7", "step('talk')", "Talk", show=False, priority=True, id="conversation.talk"),
        Binding("f8", "step('plan')", "Plan", show=False, priority=True, id="conversation.plan"),
        Binding("f9", "step('refer')", "Refer", show=False, priority=True, id="conversation.refer"),
        Binding("ctrl+e", "edit_person", "Edit person", show=False, priority=True, id="conversation.edit_person"),
        Binding("ctrl+o", "merge_person", "Merge with their other record", show=False, priority=True,
                id="conversation.merge_person"),
        Binding("ctrl+n", "next_step", "Next step", id="conversation.next_step"),
        Binding("ctrl+f", "finish", "Finish drop-in", id="conversation.finish"),
        Binding("escape", "leave", "Back", tooltip="Back to the list; the draft is kept", id="conversation.back"),
    ]
    DEFAULT_CSS = """
    ConversationScreen #person-line { height: 1; padding: 0 1; background: $boost; }
    ConversationScreen #steps { height: 1fr; }
    ConversationScreen TabbedContent { height: 1fr; }
    ConversationScreen TabPane { padding: 0; }
    ConversationScreen #autosave { height: 1; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, conversation_id: str):
        super().__init__()
        self.conversation_id = conversation_id
        self.conversation: Conversation | None = None  # once loaded
        self.person: Person | None = None
        self.pending: dict[str, Any] = {}  # typed, not yet handed to a save
        self.saving: dict[str, Any] | None = None  # handed to the save under way (kept until it is written)
        self.finishing = False
        self.saver = DraftSaver(conversation_id)

    def compose_body(self) -> ComposeResult:
        yield Static("Opening the drop-in…", id="person-line", markup=False)
        yield Static("", id="autosave", markup=False)

    def on_mount(self) -> None:
        self.app.open_conversations[self.conversation_id] = self.app.current_mode
        self.set_interval(self.app.timings.autosave, self.flush)  # 2 s as the CLI runs it
        self.ask(ConversationOpened, conversations.conversation_with_person, self.conversation_id)

    async def on_conversation_opened(self, answer: ConversationOpened) -> None:
        answer.stop()
        if answer.error:
            self.say(answer.error)
            return
        self.conversation, self.person = answer.value
        self.query_one("#person-line", Static).update(self.person_line())
        body = self.query_one("#body")
        await body.mount(ConcernFlag(self.person.id, id="concern-flag"), after="#person-line")
        await body.mount(ConversationSteps(self.conversation, self.person), before="#autosave")
        self.query_one("#what-matters", TextArea).focus(scroll_visible=False)  # it is at the top: no scrolling

    def person_line(self):
        p = self.person
        bits = [p.display_name]
        bits.append(p.postcode_district or "no postcode district")
        bits.append("agrees to share" if p.consent_share else "NO consent to share: signposting only")
        return safe(" · ".join(bits), "bold")

    def action_edit_person(self) -> None:
        """Correct the person's details (the same form as a new person's, prefilled); the header follows."""
        if self.person is not None:
            self.flush()
            self.app.show(PersonFormScreen(person=self.person), self.person_edited)

    def action_merge_person(self) -> None:
        if self.person is not None:
            self.flush()
            merge_with_other_record(self.app, self.person, self.person_edited)  # the record kept, reloaded

    def person_edited(self, person_id: str | None) -> None:
        if person_id:
            self.ask(PersonReloaded, people.get_person, person_id)

    def on_person_reloaded(self, answer: PersonReloaded) -> None:
        answer.stop()
        if answer.error:
            self.say(answer.error)
            return
        self.person = answer.value
        for panel in self.query("PlanPanel, ReferPanel"):  # their checks and referrals are for this record now
            panel.person = self.person  # type: ignore[attr-defined]
        self.query_one("#person-line", Static).update(self.person_line())

    @property
    def loaded(self) -> bool:
        return self.conversation is not None

    # --- autosave -------------------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "what-matters":
            self.pending["what_matters"] = event.text_area.text

    def on_descendant_blur(self, event) -> None:
        self.flush()

    def on_need_chips_changed(self, event: NeedChips.Changed) -> None:
        if event.chips.id == "needs":
            self.pending["needs"] = sorted(event.needs)
            self.flush()
            self.query_one(PlanPanel).needs = sorted(event.needs)

    def on_input_changed(self, event: Input.Changed) -> None:
        key = event.input.id
        if key not in ONS4:
            return
        hint = self.query_one(f"#{key}-hint", Static)
        try:
            conversations.check_score(key, event.value)
        except InvalidValue as exc:
            hint.update(str(exc))
            return
        hint.update("")
        self.pending[key] = event.value
        self.flush()

    def flush(self) -> None:
        """Hand whatever changed since the last save to a save in a worker (one at a time, in order)."""
        if not self.pending or self.saving is not None or self.finishing:
            return
        self.saving, self.pending = self.pending, {}
        self.ask_run(DraftSaved, self.saver.save, self.saving, self.saver.number())

    def on_draft_saved(self, answer: DraftSaved) -> None:
        answer.stop()
        if self.finishing:  # the finish carries these changes too
            return
        self.saving = None
        if answer.error:  # refused (a busy database is not: it is tried again by itself); said, not retried
            self.say(answer.error)
        elif answer.value:
            self.say(f"Saved at {utcnow().astimezone():%H:%M:%S}")
        self.flush()

    def on_step_saved(self, message: StepSaved) -> None:
        message.stop()
        self.say(f"Saved at {utcnow().astimezone():%H:%M:%S}")

    def on_working(self, message) -> None:
        """The database is busy: say so where the autosave speaks (not above the status line, as other sections
        do); the save is tried again by itself."""
        message.stop()
        message.prevent_default()
        self.say(f"Not saved yet: {message.text}")

    def say(self, message: str) -> None:
        for line in self.query("#autosave"):  # gone once the screen is closing
            line.update(message)

    # --- steps ------------------------------------------------------------------------------------

    def action_step(self, step: str) -> None:
        if not self.loaded:
            return
        self.flush()
        tabs = self.query_one(TabbedContent)
        tabs.active = step
        if step == "plan":
            self.query_one(PlanPanel).focus_plan()
        elif step == "refer":
            self.query_one(ReferPanel).reload()
            self.query_one(ReferPanel).query_one("#refer-items").focus()
        else:
            self.query_one("#what-matters", TextArea).focus()

    def action_next_step(self) -> None:
        if self.loaded:
            current = self.query_one(TabbedContent).active
            self.action_step(STEPS[min(STEPS.index(current) + 1, len(STEPS) - 1)])

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.flush()
        if event.pane.id == "refer":
            self.query_one(ReferPanel).reload()

    def action_leave(self) -> None:
        self.flush()
        self.dismiss_to_list()

    def action_finish(self) -> None:
        """Ctrl+F: first, any agreed plan item not referred yet is said, with the choice to finish anyway or refer."""
        if self.loaded and not self.finishing:
            self.ask(UnreferredFound, referrals.referable_items, self.conversation_id)

    def on_unreferred_found(self, answer: UnreferredFound) -> None:
        answer.stop()
        waiting = [row.partner.name for row in answer.value or [] if row.referral is None]
        if answer.error or not waiting:  # nothing waiting (or it could not be read: the finish says why if so)
            self.finish_now()
            return
        self.app.show(finish_question(waiting), self.after_finish_question)

    def after_finish_question(self, choice: str | None) -> None:
        if choice == "finish":
            self.finish_now()
        elif choice == "refer":
            self.action_step("refer")

    def finish_now(self) -> None:
        if not self.loaded or self.finishing:
            return
        self.finishing = True  # the last changes go with the finish, in order after any save under way
        changes, self.pending = {**(self.saving or {}), **self.pending}, {}
        self.saving = changes
        self.ask_run(DropInFinished, self.saver.save, changes, self.saver.number(), finish=True)

    def on_drop_in_finished(self, answer: DropInFinished) -> None:
        answer.stop()
        if answer.error:
            self.finishing = False
            self.pending, self.saving = {**(self.saving or {}), **self.pending}, None
            self.say(answer.error)
            return
        self.saving = None
        self.app.notify(f"Drop-in with {self.person.display_name} finished and saved.", markup=False)
        self.dismiss_to_list()

    def dismiss_to_list(self) -> None:
        self.app.pop_screen()

    def on_unmount(self) -> None:
        """Whatever is not written yet (typed since the last save, or a save still waiting for a busy database) is
        saved by a thread that outlives the screen."""
        unsaved = {**(self.saving or {}), **self.pending}
        self.pending, self.saving = {}, None
        if unsaved and not self.finishing:
            self.saver.save_before_closing(self.app.runtime, unsaved)
        self.app.open_conversations.pop(self.conversation_id, None)
