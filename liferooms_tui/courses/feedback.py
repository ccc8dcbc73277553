"""Feedback at the end of a course, all of it optional: would they recommend it (1-5), what changed for them in
their own words, and the four ONS wellbeing questions before and after (0-10 each, reported per item, never
summed). One record per enrolment: saying it again corrects it."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.courses import find_course
from liferooms_tui.courses.enrolment import ACTIVE
from liferooms_tui.db.courses import CourseFeedback, Enrolment
from liferooms_tui.db.models import utcnow
from liferooms_tui.db.outbox import save
from liferooms_tui.privacy import audit
from liferooms_tui.typed import parse_whole_number
from liferooms_tui.vocabulary import InvalidValue

ONS_ITEMS = ("satisfied", "worthwhile", "happy", "anxious")


def parse_scores(text: str | None, when: str) -> dict[str, int | None]:
    """'7,6,5,3' (satisfied, worthwhile, happy, anxious; a blank skips one) -> the four scores."""
    if text is None or not text.strip():
        return {f"ons_{item}_{when}": None for item in ONS_ITEMS}
    parts = text.split(",")
    if len(parts) != 4:
        raise InvalidValue(f"Give the four wellbeing scores {when} as four numbers 0-10, comma-separated (satisfied,"
                           " worthwhile, happy, anxious); leave one blank to skip it: e.g. 7,6,,3.")
    return {f"ons_{item}_{when}": parse_whole_number(part, f"the {item} score {when}", 0, 10)
            for item, part in zip(ONS_ITEMS, parts)}


def record_feedback(session: Session, actor: Actor, typed_course: str, person_id: str, *,
                    recommend: int | str | None = None, what_changed: str = "", before: str | None = None,
                    after: str | None = None) -> CourseFeedback:
    require_advisor(actor, "feedback")
    course = find_course(session, typed_course)
    enrolment = session.exec(select(Enrolment).where(Enrolment.course_id == course.id,
                                                     Enrolment.person_id == person_id,
                                                     col(Enrolment.state).in_([*ACTIVE, "withdrawn"]),
                                                     col(Enrolment.enrolled_on).is_not(None))).first()
    if enrolment is None:
        raise InvalidValue("They were never enrolled on this course: feedback is from people who took part.")
    values: dict[str, Any] = {"recommend": parse_whole_number(recommend, "would they recommend it", 1, 5,
                                              scale="1 (not at all) to 5 (certainly)"),
              "what_changed": " ".join((what_changed or "").split()), **parse_scores(before, "before"),
              **parse_scores(after, "after")}
    row = session.exec(select(CourseFeedback).where(CourseFeedback.enrolment_id == enrolment.id)).first()
    if row is None:
        row = CourseFeedback(enrolment_id=enrolment.id, by=actor.name, **values)
        save(session, actor, row)
    else:
        was = {k: getattr(row, k) for k in values if getattr(row, k) != values[k]}
        for key, value in values.items():
            setattr(row, key, value)
        row.recorded_at, row.by = utcnow(), actor.name
        save(session, actor, row, was=was)
    audit.record(session, actor, "create", "course feedback", row.id, person_id, f"course {course.id}")
    return row
