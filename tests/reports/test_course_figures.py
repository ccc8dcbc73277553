"""The learning offer's figures against a fixture computed by hand (see the comments), exact on screen and
suppressed in exports like every other report."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from liferooms_tui import courses
from liferooms_tui.courses import enrolment, register
from liferooms_tui.db.courses import Course, CourseFeedback
from liferooms_tui.db.models import Partner
from liferooms_tui.db.outbox import save
from liferooms_tui.dropin import people
from liferooms_tui.reports.courses import course_tables
from liferooms_tui.reports.tables import cell_value

ENROLLED_ON = date(2027, 1, 4)
TODAY = date(2027, 2, 1)


def _values(table, suppress):
    return {row[0]: [cell_value(c, suppress=suppress) for c in row[1:]] for row in table.rows}


def test_course_figures_match_the_hand_computed_fixture(session, actor):
    for partner in session.exec(select(Partner)):  # only the fixture's partners count
        partner.active = False
    for course in session.exec(select(Course)):  # nor the sample courses
        course.status = "cancelled"
    for name, cap, where in [("Tiny Clay (fictional)", 3, ["L20"]), ("Big Clay (fictional)", 20, []),
                             ("Far Clay (fictional)", 2, ["PR8"])]:
        session.add(Partner(name=name, needs=["creative"], capacity_per_week=cap, catchment=where))
    clay = courses.add_course(session, actor, title="Clay (fictional)", needs=["creative"], hub="Bootle Hub",
                              postcode_district="L20", places=4, status="open",
                              sessions=courses.weekly(date(2027, 1, 11), date(2027, 1, 25), "10:00-12:00"))
    money = courses.add_course(session, actor, title="Money (fictional)", needs=["debt"], hub="Bootle Hub",
                               places=2, status="open", sessions=[courses.parse_session("12/01/2027 10:00-12:00")])
    courses.add_course(session, actor, title="Summer (fictional)", needs=["debt"], hub="Bootle Hub", places=9,
                       status="open", sessions=[courses.parse_session("01/06/2027 10:00-12:00")])  # outside
    who = [people.add_person(session, actor, f"P{i} (fictional)", consent_store=True, consent_share=True).id
           for i in range(1, 7)]
    for p in who[:5]:  # p1-p4 enrolled on Clay (full), p5 waiting
        enrolment.enrol(session, actor, clay.id, p, need="creative", today=ENROLLED_ON)
    enrolment.enrol(session, actor, money.id, who[5], need="debt", today=ENROLLED_ON)
    marks = [["present", "late", "absent", "excused"], ["present", "present", "absent", "present"],
             ["present", "left_early", "absent", "present"]]
    for number, row in enumerate(marks, 1):
        register.mark(session, actor, clay.id, number, dict(zip(who[:4], row)))
    for p, score in ((who[0], 5), (who[1], 4)):
        save(session, actor, CourseFeedback(enrolment_id=enrolment.current_enrolment(session, clay.id, p).id,
                                            recommend=score))

    balance, figures, overlap = course_tables(session, actor, date(2027, 1, 1), date(2027, 3, 31), today=TODAY)
    exact = _values(balance, False)
    assert exact["Creative"] == ["creative", 1, 4] and exact["Money & debt"] == ["practical", 1, 1]
    assert exact["Housing"] == ["practical", 0, 0]
    assert _values(figures, False) == {
        "Courses": [2], "Places": [6], "People enrolled": [5],
        "Fill rate (enrolled of places)": [83.3],  # 5 of 6
        "On a waiting list now": [1],
        "Days waited, by those who got a place from the list": [None],  # nobody yet
        "Attendance (marks present, late or left early)": [66.7],  # 8 of 12 marks
        "Completed": [3],  # p1 3/3, p2 3/3, p4 2/3; p3 0/3; p6 0/1
        "Would recommend (1-5, mean)": [4.5]}
    hidden = _values(figures, True)
    assert hidden["Courses"] == ["<5"] and hidden["Places"] == [5] and hidden["Completed"] == ["<5"]
    assert hidden["Would recommend (1-5, mean)"] == ["n<5"] and hidden["On a waiting list now"] == ["<5"]
    assert [[cell_value(c, suppress=False) for c in row] for row in overlap.rows] == [
        ["Clay (fictional)", "Creative", "L20", "Tiny Clay (fictional)", 1]]
    assert [[cell_value(c, suppress=True) for c in row][-1] for row in overlap.rows] == ["<5"]
