"""The agreed plan, for the person to keep: what each item is, where and when, who to ask for, their goal.

Written as plain Markdown (reads well as text too) or as a simple printable HTML page. Every piece of
text is escaped for Markdown or HTML, so partner or imported text never becomes a link, image or markup;
the file is personal data, so its name says so and it is readable by the owner only.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import Conversation, Partner, Person
from liferooms_tui.dropin import prescriptions
from liferooms_tui.dropin.conversations import get_conversation
from liferooms_tui.files import export_path, write_private
from liferooms_tui.privacy import audit
from liferooms_tui.safetext import literal, markdown_text
from liferooms_tui.vocabulary import InvalidValue


@dataclass(frozen=True)
class PlanLine:
    title: str
    what: str
    where: str
    when: str
    contact: str
    goal: str
    agreed: bool
    partner_id: str | None


@dataclass(frozen=True)
class PlanView:
    person_name: str
    made_on: str
    advisor: str
    site: str
    lines: list[PlanLine]


def plan_view(session: Session, actor: Actor, conversation_id: str, *, agreed_only: bool = False) -> PlanView:
    require_advisor(actor)
    conversation = get_conversation(session, actor, conversation_id)
    person = session.get_one(Person, conversation.person_id)
    plan = prescriptions.prescription_for(session, actor, conversation_id)
    lines = []
    for item in prescriptions.items(session, actor, plan.id):
        if agreed_only and not item.agreed:
            continue
        partner = session.get(Partner, item.partner_id) if item.partner_id else None
        if partner:
            contact = ", ".join(x for x in (partner.contact_name, partner.contact_role, partner.contact_phone,
                                            partner.contact_email) if x)
            lines.append(PlanLine(partner.name, partner.description, partner.delivered_at, partner.schedule,
                                  contact, item.goal, item.agreed, partner.id))
        else:
            lines.append(PlanLine(item.activity, "Something to do on your own or with people you know.", "", "",
                                  "", item.goal, item.agreed, None))
    return PlanView(person.display_name, f"{conversation.started_at:%d %B %Y}", conversation.advisor,
                    conversation.site, lines)


def render_markdown(view: PlanView) -> str:
    """The plan as Markdown; every piece of text from people or partners goes through markdown_text, so an
    imported '[Call us](http://...)' stays words on the page, never a link, image, HTML or heading."""
    md = markdown_text
    out = [f"# My plan: {md(view.person_name)}", "",
           f"Made together on {md(view.made_on)} with {md(view.advisor)} at {md(view.site)}.", ""]
    if not view.lines:
        out.append("Nothing agreed yet.")
    for number, line in enumerate(view.lines, 1):
        out += [f"## {number}. {md(line.title)}", "", md(line.what), ""]
        for label, value in (("Where", line.where), ("When", line.when), ("Who to ask for", line.contact),
                             ("My goal", line.goal)):
            if value:
                out.append(f"- **{label}:** {md(value)}")
        out.append("")
    out += ["---", "If something does not work out, come back to the drop-in and we will look again together.", ""]
    return "\n".join(out)


def render_html(view: PlanView) -> str:
    def e(text: str) -> str:
        return html.escape(literal(text))

    items = []
    for number, line in enumerate(view.lines, 1):
        facts = "".join(f"<dt>{label}</dt><dd>{e(value)}</dd>" for label, value in
                        (("Where", line.where), ("When", line.when), ("Who to ask for", line.contact),
                         ("My goal", line.goal)) if value)
        items.append(f"<section><h2>{number}. {e(line.title)}</h2><p>{e(line.what)}</p><dl>{facts}</dl></section>")
    body = "".join(items) or "<p>Nothing agreed yet.</p>"
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>My plan: {e(view.person_name)}</title><style>"
        "body{font-family:sans-serif;font-size:1.25rem;line-height:1.5;max-width:40rem;margin:2rem auto;padding:0 1rem}"
        "h2{margin-top:2rem}dt{font-weight:bold}dd{margin:0 0 .5rem 0}</style></head><body>"
        f"<h1>My plan: {e(view.person_name)}</h1><p>Made together on {e(view.made_on)} with "
        f"{e(view.advisor)} at {e(view.site)}.</p>{body}<hr><p>If something does not work out, come back to the "
        "drop-in and we will look again together.</p></body></html>\n"
    )


def export_plan(session: Session, actor: Actor, folder: Path, conversation_id: str, fmt: str = "md") -> Path:
    """Write the agreed plan to a new private file in `folder`; returns its path. A folder that cannot be written
    is said in a sentence (InvalidValue), and nothing is recorded as exported."""
    view = plan_view(session, actor, conversation_id, agreed_only=True)
    text = render_html(view) if fmt == "html" else render_markdown(view)
    # The file name carries no name: it may sit in a folder listing for a while before it is handed over.
    path = export_path(folder, "plan", ".html" if fmt == "html" else ".md", personal=True)
    person_id = session.get_one(Conversation, conversation_id).person_id
    audit.record(session, actor, "export", "plan", conversation_id, person_id, f"agreed plan as {fmt}")
    try:
        return write_private(path, text)
    except OSError as exc:
        raise InvalidValue(f"The plan could not be saved in {folder} ({exc.strerror or exc}); check the folder and "
                           "the space left on the disk.") from exc
