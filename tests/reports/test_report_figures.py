"""Every report's figures against the hand-worked fixture (report_fixture.py), all sites and one site."""

from __future__ import annotations

from datetime import date

import pytest
from report_fixture import END, START, TODAY, build

from liferooms_tui import reports
from liferooms_tui.access import Actor, NotAllowed
from liferooms_tui.referrals import feedback
from liferooms_tui.reports.period import Period, make_period


@pytest.fixture
def ids(session):
    return build(session)


ALL = Period(START, END)


def bootle(session) -> Period:
    return make_period(session, START.isoformat(), END.isoformat(), "bootle-hub")


def test_referrals_made_by_need_and_partner(session, actor, ids):
    made = reports.referrals_made(session, actor, ALL)
    assert (made.referrals, made.people, made.signposted) == (12, 8, 1)
    by_need = {r.key: (r.referrals, r.people) for r in made.by_need}
    assert by_need == {"housing": (0, 0), "debt": (4, 4), "employment": (0, 0), "wellbeing": (0, 0),
                       "creative": (7, 7), "learning": (1, 1)}
    assert [(r.label, r.referrals, r.people) for r in made.by_partner] == [
        ("Arts Alpha", 7, 7), ("Benefits Beta", 4, 4), ("Courses Gamma", 1, 1)]


def test_referrals_made_at_one_site(session, actor, ids):
    made = reports.referrals_made(session, actor, bootle(session))
    assert (made.referrals, made.people, made.signposted) == (10, 6, 1)
    assert [(r.label, r.referrals) for r in made.by_partner] == [
        ("Arts Alpha", 6), ("Benefits Beta", 3), ("Courses Gamma", 1)]


def test_outcomes(session, actor, ids):
    out = reports.outcomes(session, actor, ALL)
    assert out.referrals == 12
    assert out.reached == {"queued": 12, "sent": 10, "accepted": 6, "declined": 4, "attended": 3, "completed": 1,
                           "did_not_attend": 1, "withdrawn": 2, "reopened": 1}
    # a7's 'sent' and 'accepted' share a time: the later version (accepted) is current.
    assert out.now == {"queued": 1, "accepted": 2, "declined": 3, "attended": 2, "completed": 1,
                       "did_not_attend": 1, "withdrawn": 2}
    assert out.still_open == 5
    # Reasons are grouped ignoring case and spaces.
    assert out.declined_reasons == [("Full this month", 2), ("Outside area", 2)]
    # Days queued -> accepted: 2, 3, 4, 5, 7, 9 (c1 counted from queued, through its reopening).
    assert (out.median_days_to_accept, out.accepted_timed) == (4.5, 6)


def test_partner_load_is_the_last_four_weeks_against_four_weeks_of_places(session, actor, ids):
    # January: the four weeks up to the end (made from 4 Jan) hold a1-a7 (5-12 Jan); x1 (31 Dec) is older.
    january = reports.partner_load(session, actor, Period(START, date(2026, 1, 31)))
    assert [(r.name, r.capacity, r.places, r.recent, r.open, r.stuck) for r in january] == [
        # open on 31 Jan: x1 and a6 (queued), a1 and a2 (attended), a7 (accepted); a3, a4 declined, a5 did not
        # attend. Stuck (open over 4 weeks): x1 only, 31 days old; a1 is 27 days old.
        ("Arts Alpha", 2, 8, 7, 5, 1),
    ]
    assert january[0].load == 7 / 8  # 88%, not 5 open / 2 a week = 250%
    # The whole quarter: nothing was made in the last four weeks (from 4 Mar): no load, however many are open.
    # Open at the end: Arts a2, a6, a7, x1; Benefits b3 (withdrawn after the end), b8; Courses c1 (2 Mar).
    # Stuck with 5 check-in weeks (made before 25 Feb): all but c1.
    load = reports.partner_load(session, actor, ALL, check_in_weeks=5)
    assert [(r.name, r.capacity, r.recent, r.open, r.stuck) for r in load] == [
        ("Arts Alpha", 2, 0, 4, 4),  # load 0% for both: the more stuck first
        ("Benefits Beta", 10, 0, 2, 2),
        ("Courses Gamma", None, 0, 1, 0),  # no weekly limit: last
    ]
    assert [r.load for r in load] == [0.0, 0.0, None]
    # With 4 check-in weeks c1 (29.6 days old at the end) is stuck too; at Bootle a7 and b8 (Kirkdale) go.
    at_bootle = reports.partner_load(session, actor, bootle(session))
    assert [(r.name, r.open, r.stuck) for r in at_bootle] == [
        ("Arts Alpha", 3, 3), ("Benefits Beta", 1, 1), ("Courses Gamma", 1, 1)]


def test_person_feedback_uses_each_persons_latest_word(session, actor, ids):
    rows = reports.person_feedback(session, actor, ALL)
    arts, benefits = rows
    assert (arts.name, arts.people, arts.scored, arts.mean_helped, arts.went, arts.recommend) == (
        "Arts Alpha", 6, 5, 3.2, 5, 4)
    assert arts.comments == ["Still going", "Nice people", "Too far"]
    assert (benefits.name, benefits.people, benefits.mean_helped, benefits.comments) == (
        "Benefits Beta", 1, 5.0, ["Sorted my debts"])
    [at_bootle] = reports.person_feedback(session, actor, bootle(session))
    assert (at_bootle.people, at_bootle.scored, at_bootle.mean_helped, at_bootle.went, at_bootle.recommend) == (
        5, 4, 3.5, 4, 3)


def test_wellbeing_change_item_by_item(session, actor, ids):
    rows = {w.item: w for w in reports.wellbeing_change(session, actor, ALL)}
    assert list(rows) == ["ons_satisfied", "ons_worthwhile", "ons_happy", "ons_anxious"]

    def figures(item):
        w = rows[item]
        return (w.people, round(w.before, 2), round(w.after, 2), round(w.change, 2), w.better, w.same, w.worse)

    assert figures("ons_satisfied") == (6, 3.5, 5.0, 1.5, 4, 2, 0)
    assert figures("ons_worthwhile") == (6, 4.33, 5.0, 0.67, 4, 2, 0)
    assert figures("ons_happy") == (6, 4.17, 4.33, 0.17, 3, 1, 2)  # P1's happy: the follow-up that asked it
    assert figures("ons_anxious") == (6, 6.67, 5.33, -1.33, 4, 1, 1)  # lower anxiety is better
    sat = reports.wellbeing_change(session, actor, bootle(session))[0]
    assert (sat.people, sat.before, sat.after, round(sat.change, 2), sat.better) == (5, 4.0, 5.4, 1.4, 3)


def test_offer_balance_creative_against_practical(session, actor, ids):
    rows = [(b.need, b.group, b.referrals, b.items) for b in reports.offer_balance(session, actor, ALL)]
    assert rows == [("housing", "practical", 0, 0), ("debt", "practical", 4, 1), ("employment", "practical", 0, 0),
                    ("wellbeing", "other", 0, 1), ("creative", "creative", 7, 2), ("learning", "practical", 1, 0),
                    (None, "other", 0, 1)]


def test_partners_to_check(session, actor, ids):
    rows = [(p.name, p.stale, p.no_contact, p.last_verified)
            for p in reports.partners_to_check(session, actor, ALL)]
    assert rows == [("Benefits Beta", True, False, date(2024, 12, 1)), ("Courses Gamma", False, True, date(2026, 2, 1)),
                    ("Echo Never", True, False, None)]  # Dormant Delta is inactive: not listed


def test_check_ins_and_summary(session, actor, ids):
    due = feedback.referrals_needing_check_in(session, actor, 4, today=TODAY)
    names = {v: k for k, v in ids.items()}
    assert [names[d.referral_id] for d in due] == ["x1", "a6", "a7", "a2", "b8", "c1"]  # x2: partner news 20 Apr
    assert (due[0].last_news, due[0].days_since, due[0].partner_name) == (date(2025, 12, 31), 120, "Arts Alpha")
    assert {d.site for d in due} == {"Bootle Hub", "Kirkdale Hub"}
    assert reports.build_reports(session, actor, ALL, today=TODAY).partner_updates == 3
    assert reports.build_reports(session, actor, bootle(session), today=TODAY).partner_updates == 2


def test_an_empty_period(session, actor, ids):
    empty = Period(date(2020, 1, 1), date(2020, 1, 31))
    rs = reports.build_reports(session, actor, empty, today=TODAY)
    assert (rs.referrals.referrals, rs.referrals.people, rs.referrals.by_partner) == (0, 0, [])
    assert all(r.referrals == 0 for r in rs.referrals.by_need)
    assert rs.outcomes.median_days_to_accept is None and rs.outcomes.still_open == 0
    assert rs.load == [] and rs.feedback == []
    assert all(w.people == 0 and w.before is None for w in rs.wellbeing)
    assert all(b.referrals == 0 and b.items == 0 for b in rs.balance)
    assert [p.name for p in rs.partners] == ["Courses Gamma", "Echo Never"]  # B was verified after 2020


def test_volunteers_cannot_run_reports(session, ids):
    volunteer = Actor(name="V", site="Bootle Hub", role="volunteer", laptop_id="v1")
    for report in (reports.referrals_made, reports.outcomes, reports.partner_load, reports.person_feedback,
                   reports.wellbeing_change, reports.offer_balance, reports.partners_to_check, reports.build_reports):
        with pytest.raises(NotAllowed):
            report(session, volunteer, ALL)
