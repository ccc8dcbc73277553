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
from liferooms_tui.referrals.feedback import ENGAGEMENT
from liferooms_tui.safetext import literal
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.conversation import ConversationScreen
from liferooms_tui.tui.screens.feedback import PartnerUpdateScreen, PersonFeedbackScreen
from liferooms_tui.tui.screens.prompt import PromptScreen
from liferooms_tui.tui.screens.section import SectionScreen
from liferooms_tui.tui.work import Answer
from liferooms_tui.vocabulary import CLOSED_STATUSES, NEEDS, NEXT_STEPS, STATUSES


class ReferralRead(Answer):
    value: pages.ReferralPage


class StatusRecorded(Answer): ...


class FollowUpStarted(Answer): ...


class StatusPickerScreen(ModalScreen[str | None]):
    """The next steps from the current status first; below a heading, the statuses that skip a step (the
    referral screen asks before recording one of those)."""

    BINDINGS = [Binding("escape", "cancel", "Back", id="referral.status_back")]
    DEFAULT_CSS = """
    StatusPickerScreen { align: center middle; }
    StatusPickerScreen OptionList { width: 40; height: auto; max-height: 90%; border: round $accent; }
    """

    def __init__(self, current: str = "queued"):
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        steps, jumps = referrals.status_choices(self.current)
        shown: list[Option | None] = [Option(STATUSES[s], id=s) for s in steps]
        if jumps:
            if steps:
                shown.append(None)
            shown.append(Option(Text(JUMPS_HEADING, style="italic"), id="jumps-heading", disabled=True))
            shown.extend(Option("  " + STATUSES[s], id=s) for s in jumps)
        options = OptionList(*shown)
        options.border_title = f"What happened? (now {STATUSES[self.current]})"
        yield options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


JUMPS_HEADING = "Other (skips a step)"


def jump_question(current: str, status: str) -> str:
    """'Queued straight to Accepted skips Sent. Record it as a jump?' (the steps skipped, in order)."""
    skipped = skipped_steps(current, status)
    skips = f"skips {' and '.join(STATUSES[s] for s in skipped)}" if skipped else "is not a next step from it"
    return f"{STATUSES[current]} straight to {STATUSES[status]} {skips}. Record it as a jump?"


def skipped_steps(current: str, status: str) -> list[str]:
    """The shortest run of next steps from `current` that reaches `status`, without its ends ([] if none)."""
    paths = [[current]]
    seen = {current}
    while paths:
        path = paths.pop(0)
        for nxt in NEXT_STEPS.get(path[-1], []):
            if nxt == status:
                return path[1:]
            if nxt not in seen:
                seen.add(nxt)
                paths.append([*path, nxt])
    return []


class ReferralDetailScreen(SectionScreen):
    MODE = "referrals"
    SECTION = "Referrals"
    HELP = ("One referral and everything that happened to it. t records what happened (sent, accepted, declined "
            "with a reason, attended, completed, did not attend, withdrawn): the next steps from the current "
            "status come first, and one that skips a step is recorded as a jump once you confirm it; o reopens a "
            "closed referral with a note; "
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
            out.append(f"{day:%d %b %Y}  " + literal(feedback_line(item)) + "\n")
        return out

    def action_record(self) -> None:
        def ask_note(status: str) -> None:
            if status == "declined":
                self.app.show(PromptScreen("Declined", "Why did the partner decline?"),
                              lambda reason: reason and self.record("declined", reason=reason))
            else:
                self.app.show(PromptScreen(STATUSES[status], "A note (optional):", required=False),
                              lambda note: note is not None and self.record(status, note=note))

        def picked(status: str | None) -> None:
            if not status:
                return
            if referrals.is_jump(current, status):
                self.app.show(ChoiceScreen(jump_question(current, status),
                                           [("yes", "Yes, record it as a jump (y)"), ("no", "No, go back (n)")],
                                           keys={"y": "yes", "n": "no"}, warning=True),
                              lambda answer: answer == "yes" and ask_note(status))
            else:
                ask_note(status)

        if self.view is None:
            return  # not read yet (or the database is busy): the page says so
        current = self.view.status
        if current in CLOSED_STATUSES:  # asked before choosing, not refused after typing a note
            self.app.notify(f"This referral is closed ({STATUSES[current]}): press o to reopen it first.",
                            severity="warning", markup=False)
            return
        self.app.show(StatusPickerScreen(current), picked)

    def record(self, status: str, *, reason: str = "", note: str = "") -> None:
        """Record it in a worker; kept and tried again while the database is busy, said when refused."""
        self.ask(StatusRecorded, referrals.record_status, self.referral_id, status, reason=reason, note=note)

    def on_status_recorded(self, answer: StatusRecorded) -> None:
        if answer.error:
            self.app.notify(answer.error, severity="error", markup=False)
        self.load()

    def action_reopen(self) -> None:
        self.app.show(PromptScreen("Reopen", "Why is this referral reopened?"),
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
        self.app.show(ConversationScreen(answer.value.id))

    def action_person_feedback(self) -> None:
        self.app.show(PersonFeedbackScreen(self.referral_id), lambda saved: self.load())

    def action_partner_update(self) -> None:
        self.app.show(PartnerUpdateScreen(self.referral_id), lambda saved: self.load())

    def action_back(self) -> None:
        self.app.pop_screen()


def feedback_line(item) -> str:
    """One piece of feedback in words, leaving out what was not said: 'From the partner: Seen twice.'"""
    if item.source == "person":
        said = [{True: "went", False: "did not go", None: ""}[item.went],
                f"helped {item.helped}/5" if item.helped else "",
                {True: "would recommend", False: "would not recommend", None: ""}[item.recommend]]
        who, answers = "From the person", ", ".join(s for s in said if s)
    else:
        who, answers = "From the partner", ENGAGEMENT.get(item.engagement or "", (item.engagement or "").strip())
    parts = [p.strip().rstrip(".") for p in (answers, item.comment or "") if p and p.strip()]
    return f"{who}: " + (". ".join(parts) + "." if parts else "nothing said.")
