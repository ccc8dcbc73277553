"""One drop-in conversation: Talk (what matters, needs, ONS4), Plan (the social prescription), Refer.

Everything typed autosaves: needs and scores at once, notes within a couple of seconds and whenever the
advisor leaves the field, the step or the screen. Escape goes back to the Drop-in list and keeps the draft.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static, TabbedContent, TabPane, TextArea

from liferooms_tui.db.models import utcnow
from liferooms_tui.dropin import conversations, people
from liferooms_tui.tui.screens.plan import PlanPanel
from liferooms_tui.tui.screens.refer import ReferPanel
from liferooms_tui.tui.screens.section import SectionScreen
from liferooms_tui.tui.widgets.concern_flag import ConcernFlag
from liferooms_tui.tui.widgets.need_chips import NeedChips
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.vocabulary import ONS4, InvalidValue

AUTOSAVE_SECONDS = 2.0
STEPS = ["talk", "plan", "refer"]


class ConversationScreen(SectionScreen):
    MODE = "dropin"
    SECTION = "Drop-in"
    HELP = ("Talk: type what matters to the person in their words; Tab to the needs and press h d e w c l; "
            "the four ONS wellbeing questions take 0-10 or can be left empty. Plan: add partners or activities, "
            "write the person's goal for each and mark them agreed. Refer: check and queue referrals. "
            "Everything saves as you type.")
    BINDINGS = [
        Binding("f7", "step('talk')", "Talk", show=False),  # shown on the tabs: Talk (F7), Plan (F8), Refer (F9)
        Binding("f8", "step('plan')", "Plan", show=False),
        Binding("f9", "step('refer')", "Refer", show=False),
        Binding("ctrl+n", "next_step", "Next step"),
        Binding("ctrl+f", "finish", "Finish drop-in"),
        Binding("escape", "leave", "Back (keeps draft)"),
    ]
    DEFAULT_CSS = """
    ConversationScreen #person-line { height: 1; padding: 0 1; background: $boost; }
    ConversationScreen TabbedContent { height: 1fr; }
    ConversationScreen TabPane { padding: 0; }
    ConversationScreen #what-matters { height: 6; }
    ConversationScreen .question { padding: 1 1 0 1; }
    ConversationScreen .score { width: 14; }
    ConversationScreen .score-row { height: auto; }
    ConversationScreen .score-hint { padding: 0 1; color: $text-muted; }
    ConversationScreen #autosave { height: 1; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, conversation_id: str):
        super().__init__()
        self.conversation_id = conversation_id
        self.pending: dict[str, object] = {}

    def compose_body(self) -> ComposeResult:
        runtime = self.runtime
        with runtime.store.session() as session:
            self.conversation = conversations.get_conversation(session, runtime.actor, self.conversation_id)
            self.person = people.get_person(session, runtime.actor, self.conversation.person_id)
        yield Static(self.person_line(), id="person-line")
        yield ConcernFlag(self.person.id, id="concern-flag")
        with TabbedContent(initial="talk"):
            with TabPane("Talk (F7)", id="talk"), VerticalScroll():
                yield Label("What matters to you? (in the person's own words)", classes="question")
                yield TextArea(self.conversation.what_matters, id="what-matters", soft_wrap=True,
                               tab_behavior="focus")
                yield Label("Needs: Tab here, then press a letter to choose", classes="question")
                yield NeedChips(self.conversation.needs, id="needs")
                yield Static("ONS4 wellbeing, 0 to 10 each; leave empty to skip a question.", classes="question")
                for key, question in ONS4.items():
                    yield Static(question, classes="question", markup=False)  # wraps: read out in full
                    with Horizontal(classes="score-row"):
                        value = getattr(self.conversation, key)
                        yield Input("" if value is None else str(value), id=key, classes="score", compact=True,
                                    placeholder="0-10", max_length=2, restrict=r"[0-9]*")
                        yield Static("", id=f"{key}-hint", classes="score-hint", markup=False)
            with TabPane("Plan (F8)", id="plan"):
                yield PlanPanel(self.conversation_id, self.person)
            with TabPane("Refer (F9)", id="refer"):
                yield ReferPanel(self.conversation_id, self.person)
        yield Static("", id="autosave")

    def person_line(self):
        p = self.person
        bits = [p.display_name]
        bits.append(p.postcode_district or "no postcode district")
        bits.append("agrees to share" if p.consent_share else "NO consent to share: signposting only")
        return safe(" · ".join(bits), "bold")

    def on_mount(self) -> None:
        self.app.open_conversations[self.conversation_id] = self.app.current_mode
        self.set_interval(AUTOSAVE_SECONDS, self.flush)
        self.query_one("#what-matters", TextArea).focus()

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

    def flush(self) -> bool:
        """Save whatever changed since the last save. Returns True when something was saved."""
        if not self.pending:
            return False
        changes, self.pending = self.pending, {}
        runtime = self.runtime
        try:
            with runtime.store.session() as session:
                saved = conversations.autosave(session, runtime.actor, self.conversation_id, **changes)
        except InvalidValue as exc:
            self.say(str(exc))
            return False
        except Exception:  # e.g. the database busy with a long sync: keep what was typed and try again
            self.pending = {**changes, **self.pending}
            self.say("Not saved yet (the database is busy); trying again in a moment. Nothing typed is lost.")
            return False
        if saved:
            self.say(f"Saved at {utcnow().astimezone():%H:%M:%S}")
        return saved

    def say(self, message: str) -> None:
        for line in self.query("#autosave"):  # gone once the screen is closing
            line.update(message)

    # --- steps ------------------------------------------------------------------------------------

    def action_step(self, step: str) -> None:
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
        self.flush()
        runtime = self.runtime
        with runtime.store.session() as session:
            conversations.finish_conversation(session, runtime.actor, self.conversation_id)
        self.app.notify(f"Drop-in with {self.person.display_name} finished and saved.", markup=False)
        self.dismiss_to_list()

    def dismiss_to_list(self) -> None:
        self.app.pop_screen()

    def on_unmount(self) -> None:
        self.flush()
        self.app.open_conversations.pop(self.conversation_id, None)
