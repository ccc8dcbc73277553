"""A partner's page as text: state and what needs attention first, then the partnership, capacity, catch-ups,
induction, events and history, then the directory card. Partner text is shown literally, never as markup."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from liferooms_tui.db.models import Partner
from liferooms_tui.tui.widgets.partner_card import partner_text, shown


def _day(iso: str | None) -> str:
    return date.fromisoformat(iso).strftime("%d %b %Y") if iso else "-"


def page_text(page: dict) -> Text:
    out = Text()

    def line(label: str, value: str, style: str = "") -> None:
        out.append(f"{label}: ", style="bold")
        out.append(shown(value) + "\n", style=style)

    state_style = {"running": "green", "paused": "bold yellow", "closed": "bold red"}[page["state"]]
    line("Now", page["state_words"], state_style)
    for reason in page["attention"]:
        out.append("⚑ ", style="bold yellow")
        out.append(reason["words"] + "\n", style="yellow")
    said = page["capacity"]
    line("Capacity", said["words"] if said else "never recorded (k to record what the partner says)")
    link = page["partnership"]
    line("Owner", link["owner"] or "none yet (w to name one)")
    line("Agreement", f"signed {_day(link['agreement_signed_on'])}, review by {_day(link['agreement_review_on'])}")
    line("Next catch-up", f"{_day(page['next_catch_up'])} (every {link['catch_up_months']} months)"
         if page["next_catch_up"] else f"none recorded (every {link['catch_up_months']} months)")
    if page["induction"] is not None:
        done = sum(1 for item in page["induction"] if item["done_on"])
        out.append(f"Induction ({done} of {len(page['induction'])} done):\n", style="bold")
        for item in page["induction"]:
            mark = f"✓ {_day(item['done_on'])}" if item["done_on"] else "✗ not yet"
            out.append(f"  {mark:14} ", style="green" if item["done_on"] else "yellow")
            out.append(shown(item["item"]) + "\n")
    if page["catch_ups"]:
        out.append("Catch-ups:\n", style="bold")
        for c in page["catch_ups"][:5]:
            who = f" with {c['who_met']}" if c["who_met"] else ""
            out.append(f"  {_day(c['met_on'])}{who}: ", style="dim")
            out.append(shown(c["notes"]) + "\n")
            if c["partner_said"]:
                out.append("    They said: ", style="dim")
                out.append(shown(c["partner_said"]) + "\n")
    if page["verifications"]:
        last = page["verifications"][0]
        line("Last checked", f"{_day(last['on'])} by {last['by']}: {', '.join(last['checked_words'])}")
    for event in page["events"][:3]:
        came = "came" if event["came"] else "invited"
        out.append(f"Event {_day(event['held_on'])} ({came}): ", style="dim")
        out.append(shown(event["title"]) + "\n")
    for item in page["history"][:3]:
        until = f" until {_day(item['until_on'])}" if item["until_on"] else ""
        out.append(f"{item['kind'].capitalize()} {_day(item['from_on'])}{until} by {item['by']}: ", style="dim")
        out.append(shown(item["reason"]) + "\n")
    out.append("\n")
    fields = dict(page["partner"])
    fields.pop("stale", None)
    out.append_text(partner_text(Partner.model_validate(fields)))
    return out
