"""A course in a person's plan: added like a partner (with their own goal), and enrolled at once with every
check (places, a duplicate, consent, the need it meets); a full course puts them on the waiting list. The plan
item and the enrolment are one transaction: a check that fails adds nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.courses import find_course
from liferooms_tui.courses.enrolment import enrol
from liferooms_tui.db.models import Prescription, PrescriptionItem
from liferooms_tui.dropin import prescriptions
from liferooms_tui.vocabulary import InvalidValue

COURSE_PREFIX = "Course: "  # a course item's text in the plan (the item is an activity linked by its enrolment)


@dataclass(frozen=True)
class Added:
    item: PrescriptionItem
    message: str  # enrolled, or on the waiting list at position N


def add_course_to_plan(session: Session, actor: Actor, prescription_id: str, course_id: str, *,
                       need: str | None = None, offer_days: int = 7) -> Added:
    require_advisor(actor, "plans")
    plan = session.get(Prescription, prescription_id)
    if plan is None:
        raise InvalidValue("The plan is not there any more: go back to the drop-in and open it again.")
    course = find_course(session, course_id)
    title = f"{COURSE_PREFIX}{course.title}"
    if any(i.activity == title for i in prescriptions.items(session, actor, prescription_id)):
        raise InvalidValue("That course is already in the plan.")
    item = prescriptions.add_item(session, actor, prescription_id, activity=title, need=None)
    outcome = enrol(session, actor, course.id, plan.person_id, need=need, prescription_item_id=item.id,
                    offer_days=offer_days)
    item.need = outcome.enrolment.need
    session.add(item)
    return Added(item, outcome.message)
