"""`liferooms courses ...`: the learning offer: list, add, edit, cancel, enrol, withdraw, register, show."""

from __future__ import annotations

import sys

from liferooms_tui import courses
from liferooms_tui.commands.common import plain, print_json
from liferooms_tui.courses import enrolment, views
from liferooms_tui.courses import feedback as course_feedback
from liferooms_tui.courses import register as registers
from liferooms_tui.dropin import records
from liferooms_tui.reports import courses as course_figures
from liferooms_tui.reports.tables import render
from liferooms_tui.typed import parse_day, parse_whole_number
from liferooms_tui.vocabulary import ATTENDANCE_MARKS, COURSE_PLACES, COURSE_STATUSES, HUBS, NEEDS, InvalidValue

PERSON_HELP = "the person's id, or enough of its start to be one (see 'liferooms privacy find NAME')"
COURSE_HELP = "the course's id (or the start of it) or its title"


def _course_fields(parser, *, new: bool) -> None:
    parser.add_argument("--title", required=new, metavar="TEXT")
    parser.add_argument("--what", dest="what_you_do", metavar="TEXT", help="what you will do, in plain words")
    parser.add_argument("--need", dest="needs", action="append", metavar="NEED",
                        help=f"a need it meets (repeat, or comma-separated): {', '.join(NEEDS)}")
    parser.add_argument("--partner", dest="partner_ids", action="append", metavar="ID",
                        help="a co-delivering partner's directory id (repeat for more)")
    parser.add_argument("--facilitator", dest="facilitators", action="append", metavar="NAME", help="(repeat)")
    parser.add_argument("--where", dest="where_kind", choices=list(COURSE_PLACES), default="hub" if new else None)
    parser.add_argument("--hub", metavar="SITE", help=f"the hub or community site: {', '.join(HUBS)} ...")
    parser.add_argument("--room", metavar="TEXT", help="the room, the venue's address, or how to join online")
    parser.add_argument("--postcode", dest="postcode_district", metavar="DISTRICT", help="where it runs, e.g. L20")
    parser.add_argument("--access", dest="access_notes", metavar="TEXT", help="step-free, hearing loop ...")
    parser.add_argument("--starts", dest="starts_on", metavar="DATE", help="the term's first day (DD/MM/YYYY)")
    parser.add_argument("--ends", dest="ends_on", metavar="DATE", help="the term's last day")
    parser.add_argument("--places", metavar="N")
    parser.add_argument("--status", choices=list(COURSE_STATUSES), default="open" if new else None)
    parser.add_argument("--json", action="store_true")


def register(subparsers) -> None:
    parser = subparsers.add_parser("courses", help="the learning offer: courses, enrolments, registers")
    sub = parser.add_subparsers(dest="courses_command", metavar="COMMAND", required=True)
    listing = sub.add_parser("list", help="courses by term (anyone, volunteers too)")
    listing.add_argument("--need", choices=list(NEEDS))
    listing.add_argument("--term", metavar="TERM", help="such as 'Spring 2027'")
    listing.add_argument("--hub", metavar="SITE")
    listing.add_argument("--has-places", action="store_true", help="only courses open with places free")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=list_command)
    add = sub.add_parser("add", help="a new course with its sessions")
    _course_fields(add, new=True)
    add.add_argument("--session", dest="sessions", action="append", metavar="'DD/MM/YYYY HH:MM-HH:MM'",
                     help="one session (repeat for each)")
    add.add_argument("--weekly", metavar="HH:MM-HH:MM", help="a session every week from --starts to --ends")
    add.set_defaults(func=add_command)
    edit = sub.add_parser("edit", help="correct a course (only the fields given change)")
    edit.add_argument("course", metavar="COURSE", help=COURSE_HELP)
    _course_fields(edit, new=False)
    edit.set_defaults(func=edit_command)
    cancel = sub.add_parser("cancel", help="cancel a course")
    cancel.add_argument("course", metavar="COURSE", help=COURSE_HELP)
    cancel.set_defaults(func=cancel_command)
    show = sub.add_parser("show", help="a course: places, who is enrolled, the waiting list in order, offers")
    show.add_argument("course", metavar="COURSE", help=COURSE_HELP)
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=show_command)
    enrol = sub.add_parser("enrol", help="enrol someone (the waiting list when full; takes a place offered)")
    enrol.add_argument("course", metavar="COURSE", help=COURSE_HELP)
    enrol.add_argument("person", metavar="PERSON", help=PERSON_HELP)
    enrol.add_argument("--need", choices=list(NEEDS), help="the need it meets for them")
    enrol.add_argument("--goal", default="", metavar="TEXT", help="their own goal, in their words")
    enrol.add_argument("--json", action="store_true")
    enrol.set_defaults(func=enrol_command)
    withdraw = sub.add_parser("withdraw", help="take someone off a course or its waiting list")
    withdraw.add_argument("course", metavar="COURSE", help=COURSE_HELP)
    withdraw.add_argument("person", metavar="PERSON", help=PERSON_HELP)
    withdraw.add_argument("--reason", required=True, metavar="TEXT")
    withdraw.add_argument("--json", action="store_true")
    withdraw.set_defaults(func=withdraw_command)
    marks = sub.add_parser("register", help="mark one session's register")
    marks.add_argument("course", metavar="COURSE", help=COURSE_HELP)
    marks.add_argument("--session", required=True, metavar="N", help="the session's number (1 is the first)")
    for key in ATTENDANCE_MARKS:
        marks.add_argument(f"--{key.replace('_', '-')}", dest=key, default="", metavar="P1,P2",
                           help=f"people marked {ATTENDANCE_MARKS[key].lower()} (ids or their starts)")
    marks.set_defaults(func=register_command)
    said = sub.add_parser("feedback", help="at the end: would they recommend it, what changed, wellbeing before/after")
    said.add_argument("course", metavar="COURSE", help=COURSE_HELP)
    said.add_argument("person", metavar="PERSON", help=PERSON_HELP)
    said.add_argument("--recommend", metavar="1-5", help="would they recommend it (1 not at all, 5 certainly)")
    said.add_argument("--changed", default="", metavar="TEXT", help="what changed for them, in their words")
    said.add_argument("--before", metavar="S,W,H,A", help="the four ONS scores (0-10) before, e.g. 5,6,4,7")
    said.add_argument("--after", metavar="S,W,H,A", help="... and after")
    said.set_defaults(func=feedback_command)
    report = sub.add_parser("report", help="the learning offer's figures (counts of 1 to 4 shown as <5, others "
                            "rounded to 5)")
    report.add_argument("--from", dest="start", required=True, metavar="DATE", help="courses starting from this day")
    report.add_argument("--to", dest="end", required=True, metavar="DATE", help="... to this day")
    report.add_argument("--format", choices=["table", "csv", "json"], default="table")
    report.set_defaults(func=report_command)


def _fields(args) -> dict:
    out = {}
    for key in ("what_you_do", "where_kind", "hub", "room", "postcode_district", "access_notes", "starts_on",
                "ends_on", "status", "partner_ids", "facilitators"):
        value = getattr(args, key, None)
        if value is not None:
            out[key] = value
    if args.needs is not None:
        out["needs"] = [n.strip() for part in args.needs for n in part.split(",") if n.strip()]
    if args.places is not None:
        out["places"] = parse_whole_number(args.places, "places", low=0, high=500)
    return out


def _print_row(row: courses.CourseRow) -> None:
    c = row.course
    print(f"{c.id[:8]}  {row.term:12}  {plain(c.title)[:36]:36}  {plain(courses.where_text(c))[:24]:24}  "
          f"{row.enrolled}/{c.places} enrolled, {row.waiting} waiting  {COURSE_STATUSES[c.status]}")


def list_command(runtime, args) -> int:
    with runtime.store.session() as session:
        rows = courses.list_courses(session, runtime.actor, need=args.need, term=args.term, hub=args.hub,
                                    has_places=args.has_places)
    if args.json:
        print_json([courses.course_summary(r) for r in rows])
        return 0
    for row in rows:
        _print_row(row)
    print(f"{len(rows)} course{'s' * (len(rows) != 1)}")
    return 0


def add_command(runtime, args) -> int:
    fields = _fields(args)
    sessions = [courses.parse_session(s) for s in args.sessions or []]
    with runtime.store.session() as session:
        if args.weekly:
            first, last = (parse_day(fields.get(k), "the term's first or last day") for k in ("starts_on", "ends_on"))
            if first is None or last is None:
                raise InvalidValue("--weekly makes a session each week from --starts to --ends: give both days.")
            sessions += courses.weekly(first, last, args.weekly)
        course = courses.add_course(session, runtime.actor, title=args.title, sessions=sessions, **fields)
        [row] = courses.list_courses(session, runtime.actor, ids=[course.id])
    print_json(courses.course_summary(row)) if args.json else print(
        f"Course {course.id} added: '{plain(course.title)}', {row.sessions} sessions, {course.places} places.")
    return 0


def edit_command(runtime, args) -> int:
    with runtime.store.session() as session:
        course = courses.edit_course(session, runtime.actor, args.course, title=args.title, **_fields(args))
        [row] = courses.list_courses(session, runtime.actor, ids=[course.id])
    print_json(courses.course_summary(row)) if args.json else print(f"Course '{plain(course.title)}' saved.")
    return 0


def cancel_command(runtime, args) -> int:
    with runtime.store.session() as session:
        course = courses.cancel_course(session, runtime.actor, args.course)
    print(f"Course '{plain(course.title)}' is cancelled.")
    return 0


def show_command(runtime, args) -> int:
    settings = runtime.settings
    with runtime.store.session() as session:
        view = views.course_view(session, runtime.actor, args.course, offer_days=settings.offer_days)
    if args.json:
        print_json(views.view_summary(view))
        return 0
    c = view.row.course
    print(f"{plain(c.title)} ({COURSE_STATUSES[c.status]}) · {view.row.term} · {plain(courses.where_text(c))}")
    print(f"Places: {c.places}, enrolled {len(view.enrolled)}, free {view.free}, waiting {len(view.waiting)}")
    for m in view.enrolled:
        print(f"  enrolled  {plain(m.name)}")
    for m in view.waiting:
        offer = ""
        if m.offer is not None:
            offer = (f" · offer lapsed {m.offer.until:%d %b}" if m.offer.lapsed else
                     f" · place offered {m.offer.offered_on:%d %b}, until {m.offer.until:%d %b %Y}")
        print(f"  waiting {m.position}. {plain(m.name)}{offer}" + (f" · {plain(m.enrolment.note)}"
                                                                   if m.enrolment.note else ""))
    return 0


def _person(session, runtime, typed: str) -> str:
    return records.person_id_from(session, runtime.actor, typed)


def enrol_command(runtime, args) -> int:
    with runtime.store.session() as session:
        outcome = enrolment.enrol(session, runtime.actor, args.course, _person(session, runtime, args.person),
                                  need=args.need, goal=args.goal, offer_days=runtime.settings.offer_days)
    if args.json:
        print_json({"enrolment_id": outcome.enrolment.id, "state": outcome.enrolment.state,
                    "position": outcome.position, "message": outcome.message})
    else:
        print(outcome.message)
    return 0


def withdraw_command(runtime, args) -> int:
    with runtime.store.session() as session:
        done = enrolment.withdraw(session, runtime.actor, args.course, _person(session, runtime, args.person),
                                  args.reason, offer_days=runtime.settings.offer_days)
    if args.json:
        print_json({"enrolment_id": done.enrolment.id, "message": done.message,
                    "offered": [{"enrolment_id": o.enrolment_id, "name": name, "until": o.until.isoformat()}
                                for o, name in done.offered]})
    else:
        print(done.message)
    return 0


def register_command(runtime, args) -> int:
    number = parse_whole_number(args.session, "the session", low=1, high=500)
    with runtime.store.session() as session:
        marks: dict[str, str] = {}
        for key in ATTENDANCE_MARKS:
            for typed in filter(None, (p.strip() for p in getattr(args, key).split(","))):
                person = _person(session, runtime, typed)
                if person in marks:
                    raise InvalidValue(f"{plain(typed)} is given two marks: give each person one.")
                marks[person] = key
        if not marks:
            raise InvalidValue("Mark someone: --present P1,P2 (or --late, --left-early, --absent, --excused).")
        changed = registers.mark(session, runtime.actor, args.course, number, marks)
    print(f"Session {number}: {changed} mark{'s' * (changed != 1)} saved.")
    return 0


def report_command(runtime, args) -> int:
    start, end = parse_day(args.start, "the first day"), parse_day(args.end, "the last day")
    if start is None or end is None or end < start:
        raise InvalidValue("Give the period as --from DATE --to DATE, the first day not after the last.")
    with runtime.store.session() as session:
        tables = course_figures.course_tables(session, runtime.actor, start, end,
                                              completed_share=runtime.settings.course_completed_share)
    about = [("report", "The learning offer"), ("period", f"courses starting {start:%d/%m/%Y} to {end:%d/%m/%Y}"),
             ("note", "1 to 4 shown as <5; other counts rounded to 5")]
    sys.stdout.write(render(tables, about, args.format, suppress=True))
    return 0


def feedback_command(runtime, args) -> int:
    with runtime.store.session() as session:
        course_feedback.record_feedback(session, runtime.actor, args.course, _person(session, runtime, args.person),
                                        recommend=args.recommend, what_changed=args.changed, before=args.before,
                                        after=args.after)
    print("Feedback saved.")
    return 0
