"""The learning offer through the CLI: a course with 2 places takes 2 enrolments, puts the third on the waiting
list, and offers the place to the third when one withdraws (`courses show --json` says so); one-line errors."""

from __future__ import annotations

import json

from laptops import cli, open_laptop

from liferooms_tui.dropin import people


def _people(folder, names: list[str]) -> list[str]:
    rt = open_laptop(folder)
    try:
        with rt.store.session() as session:
            return [people.add_person(session, rt.actor, name, consent_store=True, consent_share=True).id
                    for name in names]
    finally:
        rt.close()


def _json(capsys, argv) -> dict:
    capsys.readouterr()
    assert cli(argv) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_two_places_two_enrolled_third_waits_and_is_offered_the_place(tmp_path, capsys):
    folder = tmp_path / "laptop"
    a, b, c = _people(folder, ["Ada K. (fictional)", "Ben L. (fictional)", "Cy M. (fictional)"])
    home = ["--data-dir", folder]
    course = _json(capsys, [*home, "courses", "add", "--title", "Clay and conversation (fictional)",
                            "--need", "creative,wellbeing", "--hub", "Bootle Hub", "--room", "Room 2",
                            "--starts", "11/01/2027", "--ends", "01/02/2027", "--weekly", "10:00-12:00",
                            "--places", "2", "--json"])
    assert (course["places"], course["sessions"], course["term"]) == (2, 4, "Spring 2027")
    states = [_json(capsys, [*home, "courses", "enrol", course["id"], who, "--json"]) for who in (a, b, c)]
    assert [s["state"] for s in states] == ["enrolled", "enrolled", "waiting"]
    assert states[2]["position"] == 1 and "position 1" in states[2]["message"]

    shown = _json(capsys, [*home, "courses", "show", course["id"], "--json"])
    assert [m["person_id"] for m in shown["enrolled"]] == [a, b]
    assert [(m["position"], m["person_id"], m["offer"]) for m in shown["waiting"]] == [(1, c, None)]
    assert shown["offers"] == [] and shown["free"] == 0

    done = _json(capsys, [*home, "courses", "withdraw", course["id"], a, "--reason", "Started work (fictional)",
                          "--json"])
    assert [o["enrolment_id"] for o in done["offered"]] == [states[2]["enrolment_id"]]
    assert "offered to Cy M. (fictional)" in done["message"]
    shown = _json(capsys, [*home, "courses", "show", course["id"], "--json"])
    assert [m["person_id"] for m in shown["enrolled"]] == [b]
    assert [(o["person_id"], o["standing"], o["recorded"]) for o in shown["offers"]] == [(c, True, True)]
    assert shown["free"] == 0  # the place is held for the person offered it
    assert [(w["person_id"], w["reason"]) for w in shown["withdrawn"]] == [(a, "Started work (fictional)")]

    took = _json(capsys, [*home, "courses", "enrol", course["id"], c, "--json"])
    assert took["state"] == "enrolled" and "took the place offered" in took["message"]
    shown = _json(capsys, [*home, "courses", "show", course["id"], "--json"])
    assert [m["person_id"] for m in shown["enrolled"]] == [b, c] and shown["waiting"] == []


def test_bad_input_is_one_line(tmp_path, capsys):
    folder = tmp_path / "laptop"
    [a] = _people(folder, ["Dee N. (fictional)"])
    home = ["--data-dir", folder]
    assert cli([*home, "courses", "add", "--title", "Money basics (fictional)", "--need", "debt", "--hub",
                "Bootle Hub", "--session", "12/01/2027 10:00-12:00", "--places", "1"]) == 0
    capsys.readouterr()
    for argv, words in [
        (["courses", "enrol", "No such course", a], "No course 'No such course'"),
        (["courses", "enrol", "Money basics (fictional)", a, "--need", "creative"], "does not meet the need"),
        (["courses", "add", "--title", "X", "--hub", "Nowhere Hub"], "is not a hub"),
        (["courses", "add", "--title", "X", "--hub", "Bootle Hub", "--session", "31/02/2027 10:00-11:00"],
         "February has no 31st"),
        (["courses", "withdraw", "Money basics (fictional)", a, "--reason", "x"], "is not on 'Money basics"),
        (["courses", "register", "Money basics (fictional)", "--session", "3", "--present", a], "has no session 3"),
    ]:
        assert cli([*home, *argv]) != 0
        err = capsys.readouterr().err
        assert words in err and err.count("\n") == 1, err
    assert cli([*home, "courses", "enrol", "Money basics (fictional)", a]) == 0
    capsys.readouterr()
    assert cli([*home, "courses", "enrol", "Money basics (fictional)", a]) == 1
    assert "already enrolled" in capsys.readouterr().err


def test_feedback_at_the_end_is_optional_and_checked(tmp_path, capsys):
    from liferooms_tui.db.courses import CourseFeedback

    folder = tmp_path / "laptop"
    a, b = _people(folder, ["Eve P. (fictional)", "Fin Q. (fictional)"])
    home = ["--data-dir", folder]
    course = _json(capsys, [*home, "courses", "add", "--title", "Feedback Pottery (fictional)", "--need",
                            "creative", "--hub", "Bootle Hub", "--session", "12/01/2027 10:00-12:00", "--places",
                            "3", "--json"])["id"]
    assert cli([*home, "courses", "enrol", course, a]) == 0
    capsys.readouterr()
    assert cli([*home, "courses", "feedback", course, a, "--recommend", "5", "--changed", "I talk to people now",
                "--before", "4,5,,8", "--after", "7,7,6,3"]) == 0
    assert cli([*home, "courses", "feedback", course, a, "--recommend", "9"]) == 1
    assert "1 (not at all) to 5 (certainly)" in capsys.readouterr().err
    assert cli([*home, "courses", "feedback", course, a, "--before", "4,5"]) == 1
    assert "four numbers 0-10" in capsys.readouterr().err
    assert cli([*home, "courses", "feedback", course, b]) == 1  # never enrolled
    assert "never enrolled" in capsys.readouterr().err
    rt = open_laptop(folder)
    try:
        with rt.store.session() as session:
            [row] = session.exec(__import__("sqlmodel").select(CourseFeedback)).all()
            assert (row.recommend, row.what_changed, row.ons_happy_before, row.ons_anxious_after) == (
                5, "I talk to people now", None, 3)
    finally:
        rt.close()
