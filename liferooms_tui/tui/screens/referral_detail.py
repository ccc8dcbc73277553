"""One referral: who, where, why, the checks that were overridden, and its history of status events."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from liferooms_tui import referrals
from liferooms_tui.db.referral_status import passed_by
from liferooms_tui.dropin import conversations
from liferooms_tui.referrals import pages
from liferooms_tui.safetext import literal
from liferooms_tui.tui.screens.conversation import ConversationScreen
from liferooms_tui.tui.screens.feedback import PartnerUpdateScreen, PersonFeedbackScreen
from liferooms_tui.tui.screens.prompt import PromptScreen
from liferooms_tui.tui.screens.section import SectionScreen
from liferooms_tui.tui.work import Answer
from liferooms_tui.vocabulary import CLOSED_STATUSES, NEEDS, RECORDABLE_STATUSES, STATUSES


class ReferralRead(Answer):
    value: pages.ReferralPage


class StatusRecorded(Answer): ...


class FollowUpStarted(Answer): ...


class StatusPickerScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Back", id="referral.status_back")]
    DEFAULT_CSS = """
    StatusPickerScreen { align: center middle; }
    StatusPickerScreen OptionList { width: 40; height: auto; border: round $accent; }
    """

    def compose(self) -> ComposeResult:
        options = OptionList(*(Option(STATUSES[s], id=s) for s in RECORDABLE_STATUSES))
        options.border_title = "What happened?"
        yield options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReferralDetailScreen(SectionScreen):
    MODE = "referrals"
    SECTION = "Referrals"
    HELP = ("One referral and everything that happened to it. t records what happened (sent, accepted, declined "
            "with a reason, attended, completed, did not attend, withdrawn); o reopens a closed referral with a note; "
            "f starts a follow-up conversation, with the wellbeing questions asked again; b records the person's "
            "feedback on the partner; u records an update the partner gave by phone or email.")
    BINDINGS = [
        Binding("t", "record", "Record status", id="referral.record_status"),
        Binding("o", "reopen", "Reopen", id="referral.reopen"),
        Binding("f", "follow_up", "Follow-up", id="referral.follow_up"),
        Binding("b", "person_feedback", "Their feedback", id="referral.person_feedback"),
        Binding("u", "partner_update", "Partner update", id="referral.partner_update"),
        Binding("escape", "back", "Back", id="referral.back"),
    ]

    def __init__(self, referral_id: str):
        super().__init__()
        self.referral_id = referral_id
        self.view: referrals.ReferralView | None = None
        self.feedback: list = []

    def compose_body(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("Opening the referral…", id="detail", markup=False)

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:  # back from another section: a sync may have brought news
        if self.is_mounted:
            self.load()

    def load(self) -> None:
        self.ask(ReferralRead, pages.referral_page, self.referral_id)

    def on_referral_read(self, answer: ReferralRead) -> None:
        if answer.error:
            self.query_one("#detail", Static).update(answer.error)
            return
        self.view, self.feedback = answer.value.view, answer.value.feedback
        self.query_one("#detail", Static).update(self.render_view())

    def render_view(self) -> Text:
        v = self.view
        r = v.referral
        out = Text()
        out.append(literal(f"{v.person_name} → {v.partner_name}") + "\n", style="bold")
        out.append(f"Need: {NEEDS.get(r.need or '', '-')} · Made {r.created_at.astimezone():%d %b %Y %H:%M} "
                   f"by {literal(r.created_by)} · Status: {STATUSES[v.status]}\n")
        passed = passed_by(v.status, {e.status for e in v.events})
        if passed:
            out.append(f"⚠ {STATUSES[passed]} was recorded before this {STATUSES[v.status]}: two laptops may have "
                       "recorded a status without seeing each other's. Check with the partner and record it "
                       "again.\n", style="bold yellow")
        out.append("Consent to share: " + ("yes" if r.consent_share else "no (signposting only)") + "\n")
        if r.note_for_partner:
            out.append("Note for the partner: ", style="bold")
            out.append(literal(r.note_for_partner) + "\n")
        for override in r.overrides:
            out.append("Overridden: ", style="bold yellow")
            out.append(literal(f"{override.get('message', override['check'])} Reason: {override['reason']}") + "\n")
        out.append("\nHistory\n", style="bold underline")
        for event in v.events:
            out.append(f"{event.at.astimezone():%d %b %Y %H:%M}  {STATUSES.get(event.status, event.status):22}")
            extra = " · ".join(x for x in (event.reason, event.note, event.by) if x)
            out.append(literal(extra) + "\n")
        if self.feedback:
            out.append("\nFeedback\n", style="bold underline")
        for item in self.feedback:
            day = item.reported_on or item.recorded_at.date()
            if item.source == "person":
                went = {True: "went", False: "did not go", None: "-"}[item.went]
                helped = f", helped {item.helped}/5" if item.helped else ""
                recommend = {True: ", would recommend", False: ", would not recommend", None: ""}[item.recommend]
                out.append(f"{day:%d %b %Y}  From the person: {went}{helped}{recommend}. ")
            else:
                out.append(f"{day:%d %b %Y}  From the partner: " + literal(item.engagement) + ". ")
            out.append(literal(item.comment) + "\n")
        return out

    def action_record(self) -> None:
        def picked(status: str | None) -> None:
            if status == "declined":
                self.app.push_screen(PromptScreen("Declined", "Why did the partner decline?"),
                                     lambda reason: reason and self.record("declined", reason=reason))
            elif status:
                self.app.push_screen(PromptScreen(STATUSES[status], "A note (optional):", required=False),
                                     lambda note: note is not None and self.record(status, note=note))

        if self.view is None:
            return  # not read yet (or the database is busy): the page says so
        if self.view.status in CLOSED_STATUSES:  # asked before choosing, not refused after typing a note
            self.app.notify(f"This referral is closed ({STATUSES[self.view.status]}): press o to reopen it first.",
                            severity="warning", markup=False)
            return
        self.app.push_screen(StatusPickerScreen(), picked)

    def record(self, status: str, *, reason: str = "", note: str = "") -> None:
        """Record it in a worker; kept and tried again while the database is busy, said when refused."""
        self.ask(StatusRecorded, referrals.record_status, self.referral_id, status, reason=reason, note=note)

    def on_status_recorded(self, answer: StatusRecorded) -> None:
        if answer.error:
            self.app.notify(answer.error, severity="error", markup=False)
        self.load()

    def action_reopen(self) -> None:
        self.app.push_screen(PromptScreen("Reopen", "Why is this referral reopened?"),
                             lambda note: note and self.record("reopened", note=note))

    def action_follow_up(self) -> None:
        if self.view is not None:
            self.ask(FollowUpStarted, conversations.start_conversation, self.view.referral.person_id,
                     kind="follow-up", referral_id=self.referral_id)

    def on_follow_up_started(self, answer: FollowUpStarted) -> None:
        if answer.error:
            self.app.notify("This person's details were erased, so there is nobody to follow up with."
                            if answer.error.startswith("No person") else answer.error, severity="warning",
                            markup=False)
            return
        self.app.push_screen(ConversationScreen(answer.value.id))

    def action_person_feedback(self) -> None:
        self.app.push_screen(PersonFeedbackScreen(self.referral_id), lambda saved: self.load())

    def action_partner_update(self) -> None:
        self.app.push_screen(PartnerUpdateScreen(self.referral_id), lambda saved: self.load())

    def action_back(self) -> None:
        self.app.pop_screen()
