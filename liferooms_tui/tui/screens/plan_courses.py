"""The Plan step's courses: c picks a course (CoursePickerScreen) and enrols the person from the plan (what
happened, enrolled or their place on the waiting list, is said at once); then their goal, as for a partner."""

from __future__ import annotations

from liferooms_tui.courses import plan as course_plan
from liferooms_tui.tui.screens.course_picker import CoursePickerScreen
from liferooms_tui.tui.screens.prompt import PromptScreen
from liferooms_tui.tui.work import Answer


class CourseAdded(Answer):
    value: course_plan.Added


def add_course(panel) -> None:
    """Pick a course, enrol them through the plan, then ask their goal (as for a partner)."""
    def chosen(course_id: str | None) -> None:
        if course_id is None:
            return
        if panel.plan_id is None:
            panel.app.notify("The plan is still being read; try again in a moment.", severity="warning")
            return
        panel.ask(CourseAdded, course_plan.add_course_to_plan, panel.plan_id, course_id,
                  offer_days=panel.app.runtime.settings.offer_days)

    panel.app.show(CoursePickerScreen(panel.needs), chosen)


def added(panel, answer: CourseAdded) -> None:
    """On the plan: say what happened (enrolled, or the waiting list and position), then ask their goal."""
    answer.stop()
    if answer.error:
        panel.app.notify(answer.error, severity="error", markup=False)
        return
    item = answer.value.item
    panel.reload(keep=item.id)
    panel.app.notify(answer.value.message, markup=False)
    title = item.activity.removeprefix(course_plan.COURSE_PREFIX)
    panel.app.show(PromptScreen(f"Their goal for {title[:60]}", "What do they want to get from this, in their own "
                                "words?", required=False), lambda goal: panel.set_goal(item.id, goal))


def item_text(panel, item) -> str:
    if item.activity.startswith(course_plan.COURSE_PREFIX):
        return item.activity
    return f"{item.activity} (activity)"
