"""A partner's details: what it offers, who it is for and not for, catchment, capacity, key contact.

Partner text comes from other people's files: it is shown with rich.text.Text, never parsed as markup,
and control characters are made visible rather than obeyed.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from liferooms_tui.db.models import Partner
from liferooms_tui.directory.capacity import is_full
from liferooms_tui.directory.partners import is_stale
from liferooms_tui.directory.sample import is_fictional
from liferooms_tui.directory.tagging import partner_reasons
from liferooms_tui.tui.widgets.text import literal
from liferooms_tui.vocabulary import BENEFITS, NEEDS

HOW = {"venue": "at a venue", "phone": "by phone", "online": "online", "home visit": "home visits"}
SHOWN_CHARACTERS = 2000  # a hostile 100,000-character field would slow every keystroke


def shown(text: str | None) -> str:
    text = literal(text)
    if len(text) <= SHOWN_CHARACTERS:
        return text
    return f"{text[:SHOWN_CHARACTERS]}… ({len(text) - SHOWN_CHARACTERS:,} more characters not shown)"


def read_from(partner: Partner, field: str) -> str:
    """" (read from the description)" when the import took this field from the partner's own text."""
    return " (read from the description)" if field in partner.from_description else ""


FICTIONAL = "✻ "  # before a sample partner's name in a list (where the count says "✻ fictional")


def partner_name(partner: Partner) -> Text:
    """A partner's name for a list: a sample partner is marked fictional (the mark first: a long name is cut)."""
    name = Text(literal(partner.name))
    if is_fictional(partner):
        name = Text(FICTIONAL, style="italic") + name
    return name


def partner_text(partner: Partner, open_referrals: int | None = None, today: date | None = None) -> Text:
    out = Text()

    def line(label: str, value: str, style: str = "") -> None:
        if value:
            out.append(f"{label}: ", style="bold")
            out.append(shown(value) + "\n", style=style)

    out.append(shown(partner.name) + "\n", style="bold underline")
    if is_fictional(partner):
        out.append("Fictional: from the sample directory, for training. Not a real organisation.\n", style="italic")
    if not partner.active:
        out.append("No longer running: not offered for referrals.\n", style="bold red")
    out.append(shown(partner.description) + "\n\n")
    line("Needs", ", ".join(NEEDS.get(n, n) for n in partner.needs))
    reasons = partner_reasons(partner)
    line("Because it says", "; ".join(f"{need}: '{phrase}'" for need, phrase in reasons.items() if phrase))
    line("Services", "; ".join(partner.services))
    line("Who it is for", partner.who_for)
    line("Not for", partner.not_for, "yellow")
    line("Catchment", ", ".join(partner.catchment) or "anywhere")
    ages = ""
    if partner.min_age is not None or partner.max_age is not None:
        ages = f"{partner.min_age or 0}+" if partner.max_age is None else f"{partner.min_age or 0} to {partner.max_age}"
    line("Ages", ages + read_from(partner, "ages"))
    line("Needs benefits", " or ".join(BENEFITS.get(b, b) for b in partner.benefits_required))
    if partner.prior_use_months:
        line("Prior use", f"once in {partner.prior_use_months} months")
    if partner.capacity_per_week is None:
        line("Capacity", "no weekly limit")
    else:
        taken = f", {open_referrals} open referrals this week" if open_referrals is not None else ""
        style = "bold red" if open_referrals is not None and is_full(partner.capacity_per_week, open_referrals) else ""
        line("Capacity", f"{partner.capacity_per_week} a week{taken}", style)
    line("Where", partner.delivered_at)
    line("In", ", ".join(partner.districts) + read_from(partner, "districts"))
    line("How", ", ".join(HOW.get(way, way) for way in partner.delivery))
    line("At the hub", ", ".join(partner.hubs))
    line("When", partner.schedule)
    out.append("\n")
    contact = ", ".join(x for x in (partner.contact_name, partner.contact_role) if x)
    line("Key contact", contact or "none recorded")
    line("Phone", partner.contact_phone + read_from(partner, "contact_phone"))
    line("Email", partner.contact_email)
    line("Website", partner.website)
    verified = partner.last_verified.strftime("%d %b %Y") if partner.last_verified else "never"
    if is_stale(partner, today):
        line("Last verified", f"{verified} (over a year ago: check before referring)", "bold yellow")
    else:
        line("Last verified", verified)
    return out


class PartnerCard(VerticalScroll):
    DEFAULT_CSS = """
    PartnerCard { border: round $primary; padding: 0 1; height: 1fr; }
    PartnerCard > Static { width: 1fr; }
    """

    def compose(self):
        yield Static("Choose a partner to see its details.", id="partner-card-body")

    def show(self, partner: Partner | None, open_referrals: int | None = None, why: str = "", note: str = "") -> None:
        body = self.query_one("#partner-card-body", Static)
        if partner is None:
            body.update("No partner matches. Try fewer words, or clear the filters.")
        else:
            text = partner_text(partner, open_referrals)
            if why:  # the results list may be too narrow to show it
                text = Text.assemble(("Why it matched: ", "bold dim"), (literal(why), "dim"), "\n\n", text)
            if note:  # paused, or not a plain yes to referrals: first
                text = Text.assemble((literal(note[0].upper() + note[1:]) + "\n", "bold yellow"), text)
            body.update(text)
        self.scroll_home(animate=False)
