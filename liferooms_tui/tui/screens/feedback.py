"""Dialogs for closing the loop on a referral: the person's feedback at a follow-up, and a partner's update.

Each is a ModalScreen[bool] made with a referral id: it saves through liferooms_tui.referrals.feedback (asked from
a worker) and dismisses True when saved, False when the advisor goes back. What cannot be saved is said in one
line, and what was typed stays where it was.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from liferooms_tui.referrals import feedback
from liferooms_tui.tui.widgets.text import literal
from liferooms_tui.tui.work import Answer, AsksServices, Working

YES_NO = [("Yes", True), ("No", False)]


class AboutRead(Answer):
    value: feedback.ReferralAbout


class FeedbackSaved(Answer): ...


class FeedbackDialog(AsksServices, ModalScreen[bool]):
    """The frame both dialogs share: title, one row per question, a one-line error, keys. The referral is read
    and the answers saved in workers; a busy database is said on the error line while it is tried again."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True, id="feedback.save"),
                Binding("escape", "back", "Back", id="feedback.back")]
    DEFAULT_CSS = """
    FeedbackDialog { align: center middle; }
    FeedbackDialog > Vertical { width: 90%; max-width: 96; height: auto; max-height: 100%; border: round $accent;
                                background: $surface; padding: 0 1; }
    FeedbackDialog .row { height: auto; margin-bottom: 1; }
    FeedbackDialog .row Label { width: 30; padding-right: 1; }
    FeedbackDialog .row Input, FeedbackDialog .row Select { width: 1fr; }
    FeedbackDialog #error { height: auto; }
    """
    TITLE_TEXT = ""
    HINT = ""

    def __init__(self, referral_id: str):
        super().__init__()
        self.referral_id = referral_id
        self.about: feedback.ReferralAbout | None = None
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.TITLE_TEXT + "…", style="bold"), id="heading", classes="title")
            yield Static(self.HINT, classes="muted", markup=False)
            yield from self.questions()
            yield Static("", id="error", classes="error", markup=False)
            yield Static("Ctrl+S saves · Tab moves on · Escape goes back without saving", classes="muted",
                         markup=False)

    def questions(self) -> ComposeResult:
        raise NotImplementedError

    def row(self, label: str, widget) -> Horizontal:
        return Horizontal(Label(label, markup=False), widget, classes="row")

    def on_mount(self) -> None:
        self.query(".row > Input, .row > Select").first().focus()
        self.ask(AboutRead, feedback.about_referral, self.referral_id)

    def on_about_read(self, answer: AboutRead) -> None:
        if answer.error:  # no such referral (or not allowed): nothing to answer, only to go back
            self.query(".row").remove()
            self.say(f"{answer.error} Escape goes back.")
            return
        self.about = about = answer.value
        heading = Text(self.TITLE_TEXT + ": ", style="bold")
        heading.append(literal(about.person_name), style="bold")
        heading.append(" and ")
        heading.append(literal(about.partner_name), style="bold")
        self.query_one("#heading", Static).update(heading)

    def say(self, text: str) -> None:
        self.query_one("#error", Static).update(text)

    def on_working(self, message: Working) -> None:
        message.stop()
        message.prevent_default()  # said here, not in a toast
        self.say(message.text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def answer(self, selector: str):
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else value

    def text(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def action_save(self) -> None:
        if not self.query(".row") or self.saving:
            return  # the referral could not be found, or the answers are being saved
        self.saving = True
        self.say("")
        self.save()

    def on_feedback_saved(self, answer: FeedbackSaved) -> None:
        self.saving = False
        if answer.error:
            self.say(answer.error)  # what was typed stays where it was
            return
        self.dismiss(True)

    def save(self) -> None:
        """Ask the service to save the answers: self.ask(FeedbackSaved, ...)."""
        raise NotImplementedError

    def action_back(self) -> None:
        self.dismiss(False)


class PersonFeedbackScreen(FeedbackDialog):
    """The person's word on the partner they were referred to, taken at a follow-up."""

    TITLE_TEXT = "Feedback from"
    HINT = "Ask at the follow-up; leave empty anything they did not answer."

    def questions(self) -> ComposeResult:
        yield self.row("Did they go?", Select(YES_NO, prompt="Not asked", compact=True, id="went"))
        yield self.row("Did it help? 1 (not at all) to 5 (a lot)",
                       Input(placeholder="1-5", restrict=r"[1-5]?", max_length=1, compact=True, id="helped"))
        yield self.row("Would they recommend it?", Select(YES_NO, prompt="Not asked", compact=True, id="recommend"))
        yield self.row("In their words", Input(placeholder="what they said", compact=True, id="comment"))
        yield self.row("Follow-up date", Input(placeholder="DD/MM/YYYY, empty for today", compact=True, id="day"))

    def save(self) -> None:
        self.ask(FeedbackSaved, feedback.record_person_feedback, self.referral_id, went=self.answer("#went"),
                 helped=self.text("#helped"), recommend=self.answer("#recommend"), comment=self.text("#comment"),
                 reported_on=self.text("#day"))


class PartnerUpdateScreen(FeedbackDialog):
    """What a partner said (by phone or email) about how the person is engaging and getting on."""

    TITLE_TEXT = "Update from the partner on"
    HINT = "What the partner told you by phone or email, and the day they said it."

    def questions(self) -> ComposeResult:
        options = [(label, key) for key, label in feedback.ENGAGEMENT.items()]
        yield self.row("Engagement", Select(options, prompt="Not said", compact=True, id="engagement"))
        yield self.row("What they said", Input(placeholder="progress, attendance, next steps", compact=True,
                                               id="note"))
        yield self.row("Day they reported it", Input(placeholder="DD/MM/YYYY, empty for today", compact=True,
                                                     id="day"))

    def save(self) -> None:
        self.ask(FeedbackSaved, feedback.record_partner_update, self.referral_id,
                 engagement=self.answer("#engagement") or "", note=self.text("#note"), reported_on=self.text("#day"))
