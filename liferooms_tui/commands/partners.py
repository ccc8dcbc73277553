"""`liferooms partners ...`: add and correct partners, pause, close, reopen, verify, record capacity, the
partnership (owner, agreement), catch-ups, induction and partner events; show a partner; what needs attention.
Every change is checked by the same rules as the app and an import; --json prints the partner's page after it."""

from __future__ import annotations

import json
from pathlib import Path

from liferooms_tui.commands import partner_sources
from liferooms_tui.commands.common import plain, print_json
from liferooms_tui.directory.fields import EDITABLE, RULES
from liferooms_tui.partners import changes, edit, page, partnership, review
from liferooms_tui.partners.status import CAPACITY, CHECKS, Rules
from liferooms_tui.vocabulary import InvalidValue

PARTNER_HELP = "the partner's id (or its start) or its name (or a part of it only it has)"
MAX_JSON = 1_000_000


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _json_flag(parser, what: str = "print the partner's page after the change as JSON") -> None:
    parser.add_argument("--json", action="store_true", help=what)


def register(subparsers) -> None:
    parser = subparsers.add_parser("partners", help="add, correct, pause, close, verify partners; the partnership")
    sub = parser.add_subparsers(dest="partners_command", metavar="COMMAND", required=True)
    for name, what in (("add", "add a partner by hand (a name is needed)"),
                       ("edit", "correct a partner's details (only the fields given change)")):
        cmd = sub.add_parser(name, help=what)
        if name == "edit":
            cmd.add_argument("partner", metavar="PARTNER", help=PARTNER_HELP)
        for field in EDITABLE:
            rule = RULES[field]
            cmd.add_argument(_flag(field), metavar="VALUE", dest=field,
                             help=rule.label + (f" (e.g. {rule.example})" if rule.example else ""))
        cmd.add_argument("--from-json", metavar="FILE", help="the fields from a JSON object (the names above, with "
                         "underscores: contact_phone); a flag given as well wins")
        _json_flag(cmd)
        cmd.set_defaults(func=add_command if name == "add" else edit_command)
    pause = sub.add_parser("pause", help="pause a partner: no new referrals until the until day (open ones go on)")
    pause.add_argument("partner", metavar="PARTNER", help=PARTNER_HELP)
    pause.add_argument("--reason", required=True, help="why (funding gap, staff away ...)")
    pause.add_argument("--from", dest="from_on", metavar="DATE", help="first day paused (default today)")
    pause.add_argument("--until", dest="until_on", metavar="DATE", help="the day it takes referrals again")
    _json_flag(pause)
    pause.set_defaults(func=pause_command)
    close = sub.add_parser("close", help="a partner no longer running")
    close.add_argument("partner", metavar="PARTNER", help=PARTNER_HELP)
    close.add_argument("--reason", required=True, help="why (funding ended, service stopped ...)")
    close.add_argument("--on", metavar="DATE", help="the day it closed (default today)")
    _json_flag(close)
    close.set_defaults(func=close_command)
    reopen = sub.add_parser("reopen", help="a closed partner runs again, or a paused one takes referrals again")
    reopen.add_argument("partner", metavar="PARTNER", help=PARTNER_HELP)
    reopen.add_argument("--reason", default="", help="why")
    reopen.add_argument("--on", metavar="DATE", help="the day (default today)")
    _json_flag(reopen)
    reopen.set_defaults(func=reopen_command)
    verify = sub.add_parser("verify", help="verified today: renews last verified")
    verify.add_argument("partner", metavar="PARTNER", help=PARTNER_HELP)
    verify.add_argument("--checked", required=True, metavar="LIST", help=f"what you checked: {', '.join(CHECKS)}")
    verify.add_argument("--note", default="", help="anything to note")
    _json_flag(verify)
    verify.set_defaults(func=verify_command)
    capacity = sub.add_parser("capacity", help="what the partner says about taking referrals")
    capacity.add_argument("partner", metavar="PARTNER", help=PARTNER_HELP)
    capacity.add_argument("--status", required=True, help="yes, waiting list, no or assessment first")
    capacity.add_argument("--places", metavar="N", help="places this week")
    capacity.add_argument("--waiting-weeks", metavar="N", help="how long the waiting list is, in weeks")
    capacity.add_argument("--said-on", metavar="DATE", help="when the partner said it (default today)")
    capacity.add_argument("--said-by", default="", metavar="WHO", help="who at the partner said it")
    _json_flag(capacity)
    capacity.set_defaults(func=capacity_command)
    link = sub.add_parser("partnership", help="the owner in the service, the agreement, how often to catch up")
    link.add_argument("partner", metavar="PARTNER", help=PARTNER_HELP)
    link.add_argument("--owner", metavar="NAME", help="the staff member who looks after this partner")
    link.add_argument("--signed-on", metavar="DATE", help="the day the agreement was signed")
    link.add_argument("--review-by", metavar="DATE", help="the day the agreement is reviewed by")
    link.add_argument("--catch-up-every", metavar="MONTHS", help="months between catch-ups")
    _json_flag(link)
    link.set_defaults(func=partnership_command)
    catch_up = sub.add_parser("catch-up", help="record a catch-up with a partner")
    catch_up.add_argument("partner", metavar="PARTNER", help=PARTNER_HELP)
    catch_up.add_argument("--on", required=True, metavar="DATE", help="the day you met")
    catch_up.add_argument("--notes", required=True, metavar="TEXT", help="what was said and agreed")
    catch_up.add_argument("--next", metavar="DATE", help="the next catch-up (default: in catch_up_months)")
    catch_up.add_argument("--who-met", default="", metavar="NAMES", help="who met")
    catch_up.add_argument("--partner-said", default="", metavar="TEXT",
                          help="what the partner said about working with the service")
    _json_flag(catch_up)
    catch_up.set_defaults(func=catch_up_command)
    induction = sub.add_parser("induction", help="tick an induction item of a partner delivering at a hub")
    induction.add_argument("partner", metavar="PARTNER", help=PARTNER_HELP)
    induction.add_argument("item", metavar="ITEM", help="the item (or the start of its words)")
    induction.add_argument("--on", metavar="DATE", help="the day it was done (default today)")
    induction.add_argument("--undo", action="store_true", help="take the tick back")
    _json_flag(induction)
    induction.set_defaults(func=induction_command)
    event = sub.add_parser("event", help="an event partners were invited to")
    event.add_argument("--on", required=True, metavar="DATE", help="the day it is (or was) held")
    event.add_argument("--title", required=True, metavar="TEXT")
    event.add_argument("--invited", action="append", default=[], metavar="PARTNER", help="repeat for each")
    event.add_argument("--came", action="append", default=[], metavar="PARTNER", help="repeat for each")
    event.add_argument("--notes", default="", metavar="TEXT")
    _json_flag(event, "print the event as JSON")
    event.set_defaults(func=event_command)
    show = sub.add_parser("show", help="a partner's page: details, partnership, capacity, catch-ups, induction")
    show.add_argument("partner", metavar="PARTNER", help=PARTNER_HELP)
    _json_flag(show, "print a JSON object")
    show.set_defaults(func=show_command)
    needing = sub.add_parser("review", help="what needs attention, most urgent first")
    _json_flag(needing, "print a JSON list")
    needing.set_defaults(func=review_command)
    partner_sources.add_subcommands(sub)  # take-source: an imported partner's field back to its source's value


def _values(args) -> dict:
    values: dict = {}
    if args.from_json:
        path = Path(args.from_json)
        if path.stat().st_size > MAX_JSON:
            raise InvalidValue(f"{path} is over {MAX_JSON:,} bytes: a partner's fields are much smaller.")
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InvalidValue(f"{path} is not JSON text ({exc.__class__.__name__}): fix it and try again.") from None
        if not isinstance(loaded, dict):
            raise InvalidValue(f"{path} should hold one JSON object of fields, such as {{\"name\": \"...\"}}.")
        values.update(loaded)
    values.update({field: getattr(args, field) for field in EDITABLE if getattr(args, field) is not None})
    return values


def _rules(runtime) -> Rules:
    return Rules.of(runtime.settings)


def _finish(runtime, args, partner_id: str, said: str) -> int:
    with runtime.store.session() as session:
        shown = page.partner_page(session, runtime.actor, partner_id, rules=_rules(runtime))
    if args.json:
        print_json(shown)
    else:
        print(said)
    return 0


def _partner_id(runtime, typed: str) -> str:
    with runtime.store.session() as session:
        return edit.find_partner(session, runtime.actor, typed).id


def add_command(runtime, args) -> int:
    values = _values(args)
    with runtime.store.session() as session:
        partner = edit.add_partner(session, runtime.actor, **values)
        partner_id, name = partner.id, partner.name
    return _finish(runtime, args, partner_id, f"Added {plain(name)} ({partner_id}).")


def edit_command(runtime, args) -> int:
    values = _values(args)
    if not values:
        raise InvalidValue("Nothing to change: give a field, such as --contact-phone '0151 496 0000' (see --help).")
    with runtime.store.session() as session:
        partner = edit.find_partner(session, runtime.actor, args.partner)
        _, changed = edit.edit_partner(session, runtime.actor, partner.id, **values)
        partner_id, name = partner.id, partner.name
    said = (f"Saved {plain(name)}: changed {', '.join(RULES[f].label.lower() for f in changed)}." if changed
            else f"Nothing changed: {plain(name)} already holds those values.")
    return _finish(runtime, args, partner_id, said)


def pause_command(runtime, args) -> int:
    with runtime.store.session() as session:
        partner = edit.find_partner(session, runtime.actor, args.partner)
        row = changes.pause(session, runtime.actor, partner.id, reason=args.reason, from_on=args.from_on,
                            until_on=args.until_on)
        until = f" until {row.until_on:%d/%m/%Y}" if row.until_on else " (no end date yet)"
        said = f"Paused {plain(partner.name)} from {row.from_on:%d/%m/%Y}{until}."
    return _finish(runtime, args, partner.id, said)


def close_command(runtime, args) -> int:
    with runtime.store.session() as session:
        partner = edit.find_partner(session, runtime.actor, args.partner)
        row = changes.close(session, runtime.actor, partner.id, reason=args.reason, on=args.on)
        said = f"Closed {plain(partner.name)} on {row.from_on:%d/%m/%Y}; it is no longer offered for referrals."
    return _finish(runtime, args, partner.id, said)


def reopen_command(runtime, args) -> int:
    with runtime.store.session() as session:
        partner = edit.find_partner(session, runtime.actor, args.partner)
        changes.reopen(session, runtime.actor, partner.id, reason=args.reason, on=args.on)
        said = f"Reopened {plain(partner.name)}: it takes referrals again."
    return _finish(runtime, args, partner.id, said)


def verify_command(runtime, args) -> int:
    with runtime.store.session() as session:
        partner = edit.find_partner(session, runtime.actor, args.partner)
        row = changes.verify(session, runtime.actor, partner.id, checked=args.checked, note=args.note)
        said = f"Verified {plain(partner.name)} today ({', '.join(CHECKS[k] for k in row.checked)})."
    return _finish(runtime, args, partner.id, said)


def capacity_command(runtime, args) -> int:
    with runtime.store.session() as session:
        partner = edit.find_partner(session, runtime.actor, args.partner)
        row = changes.record_capacity(session, runtime.actor, partner.id, status=args.status, places=args.places,
                                      waiting_weeks=args.waiting_weeks, said_on=args.said_on, said_by=args.said_by)
        said = f"{plain(partner.name)}: {CAPACITY[row.status]}, said on {row.said_on:%d/%m/%Y}."
    return _finish(runtime, args, partner.id, said)


def partnership_command(runtime, args) -> int:
    given = {"owner": args.owner, "agreement_signed_on": args.signed_on, "agreement_review_on": args.review_by,
             "catch_up_months": args.catch_up_every}
    values = {name: value for name, value in given.items() if value is not None}
    if not values:
        raise InvalidValue("Nothing to change: give --owner, --signed-on, --review-by or --catch-up-every.")
    with runtime.store.session() as session:
        partner = edit.find_partner(session, runtime.actor, args.partner)
        _, changed = partnership.set_partnership(session, runtime.actor, partner.id, **values)
        said = (f"Saved the partnership with {plain(partner.name)}: changed "
                f"{', '.join(partnership.FIELDS[f].lower() for f in changed)}." if changed
                else f"Nothing changed: the partnership with {plain(partner.name)} already holds those values.")
    return _finish(runtime, args, partner.id, said)


def catch_up_command(runtime, args) -> int:
    with runtime.store.session() as session:
        partner = edit.find_partner(session, runtime.actor, args.partner)
        row = partnership.add_catch_up(session, runtime.actor, partner.id, met_on=args.on, notes=args.notes,
                                       next_due=args.next, who_met=args.who_met, partner_said=args.partner_said,
                                       rules=_rules(runtime))
        said = f"Catch-up with {plain(partner.name)} on {row.met_on:%d/%m/%Y} saved; next due {row.next_due:%d/%m/%Y}."
    return _finish(runtime, args, partner.id, said)


def induction_command(runtime, args) -> int:
    with runtime.store.session() as session:
        partner = edit.find_partner(session, runtime.actor, args.partner)
        row = partnership.mark_induction(session, runtime.actor, partner.id, args.item, done=not args.undo,
                                         on=args.on, rules=_rules(runtime))
        said = (f"{plain(partner.name)}: '{row.item}' done on {row.done_on:%d/%m/%Y}." if row.done_on
                else f"{plain(partner.name)}: '{row.item}' is not done.")
    return _finish(runtime, args, partner.id, said)


def event_command(runtime, args) -> int:
    with runtime.store.session() as session:
        invited = [edit.find_partner(session, runtime.actor, p).id for p in args.invited]
        came = [edit.find_partner(session, runtime.actor, p).id for p in args.came]
        row = partnership.add_event(session, runtime.actor, held_on=args.on, title=args.title, invited=invited,
                                    came=came, notes=args.notes)
        shown = row.model_dump(mode="json")
    if args.json:
        print_json(shown)
    else:
        print(f"Event '{plain(row.title)}' on {row.held_on:%d/%m/%Y}: {len(row.invited)} invited, "
              f"{len(row.came)} came.")
    return 0


def _print_page(shown: dict) -> None:
    p = shown["partner"]
    link = shown["partnership"]
    lines = [("Partner", p["name"]), ("Id", p["id"]), ("State", shown["state_words"]),
             ("Key contact", ", ".join(x for x in (p["contact_name"], p["contact_role"], p["contact_phone"],
                                                    p["contact_email"]) if x) or "none"),
             ("Last verified", p["last_verified"] or "never"),
             ("Capacity", shown["capacity"]["words"] if shown["capacity"] else "never recorded"),
             ("Owner", link["owner"] or "none"),
             ("Agreement", f"signed {link['agreement_signed_on'] or '-'}, "
                           f"review by {link['agreement_review_on'] or '-'}"),
             ("Next catch-up", shown["next_catch_up"] or "none recorded")]
    for label, value in lines:
        print(f"{label + ':':16}{plain(str(value))}")
    for c in shown["catch_ups"][:5]:
        print(f"  catch-up {c['met_on']}: {plain(c['notes'])[:100]}")
    for item in shown["induction"] or []:
        print(f"  [{'x' if item['done_on'] else ' '}] {plain(item['item'])} {item['done_on'] or ''}".rstrip())
    for reason in shown["attention"]:
        print(f"  needs attention: {reason['words']}")


def show_command(runtime, args) -> int:
    partner_id = _partner_id(runtime, args.partner)
    with runtime.store.session() as session:
        shown = page.partner_page(session, runtime.actor, partner_id, rules=_rules(runtime))
    print_json(shown) if args.json else _print_page(shown)
    return 0


def review_command(runtime, args) -> int:
    with runtime.store.session() as session:
        found = review.needing_attention(session, runtime.actor, rules=_rules(runtime))
    if args.json:
        print_json([item.as_dict() for item in found])
        return 0
    print(f"{len(found)} partners need attention, most urgent first.")
    for item in found:
        print(f"{plain(item.name)[:50]:52}{'; '.join(r.words for r in item.reasons)}")
    return 0
