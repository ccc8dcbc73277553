"""A hidden small number cannot be worked out from what an export shows beside it (complementary hiding)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from report_fixture import END, START, TODAY, build

from liferooms_tui import demo, reports
from liferooms_tui.report_layout import links_for, tables_for
from liferooms_tui.report_period import Period
from liferooms_tui.report_tables import HIDDEN_OTHER, Count, Links, Stat, Table, cell_value, hide_complements


def shown(cell) -> object:
    return cell_value(cell, suppress=True)


def test_a_lone_hidden_part_takes_the_smallest_other_with_it_and_that_can_cascade():
    parts = Table("t", "T", ["Row", "N", "Share"], [["a", Count(3), Stat(10.0, 3)], ["b", Count(6), Stat(20.0, 6)],
                                                    ["c", Count(9), Stat(30.0, 9)], ["zero", Count(0), Stat(0, 0)],
                                                    ["all", Count(18), Stat(60.0, 18)]])
    other = Table("u", "U", ["Row", "N"], [["b again", Count(6)], ["d", Count(20)], ["b + d", Count(26)]])
    links = Links(sums=[(("t", 4, 1), [("t", i, 1) for i in range(4)]), (("u", 2, 1), [("u", 0, 1), ("u", 1, 1)])],
                  copies=[[("t", 1, 1), ("u", 0, 1)]], follows=[(("t", i, 2), ("t", i, 1)) for i in range(5)])
    t, u = hide_complements([parts, other], links)
    assert [shown(r[1]) for r in t.rows] == ["<5", HIDDEN_OTHER, 9, 0, 18]  # b, not the zero
    assert [shown(r[2]) for r in t.rows] == ["n<5", HIDDEN_OTHER, 30.0, 0, 60.0]  # b's share would give b away
    assert [shown(r[1]) for r in u.rows] == [HIDDEN_OTHER, HIDDEN_OTHER, 26]  # b's copy, then d to cover it
    assert cell_value(t.rows[1][1], suppress=False) == 6  # the screen still shows advisors every figure


def test_nothing_more_is_hidden_when_two_parts_are_already_hidden():
    table = Table("t", "T", ["Row", "N"], [["a", Count(2)], ["b", Count(3)], ["c", Count(9)], ["all", Count(14)]])
    (out,) = hide_complements([table], Links(sums=[(("t", 3, 1), [("t", i, 1) for i in range(3)])]))
    assert [shown(r[1]) for r in out.rows] == ["<5", "<5", 9, 14]


def check_links(rs) -> int:
    """The declared links hold on the exact figures, and after hiding no total gives a lone hidden part away."""
    tables = {t.key: t for t in tables_for(rs)}
    links = links_for(rs)
    hidden = {t.key: t for t in hide_complements(list(tables.values()), links)}

    def n(ref):
        return tables[ref[0]].rows[ref[1]][ref[2]].n

    def is_hidden(ref):
        return shown(hidden[ref[0]].rows[ref[1]][ref[2]]) in ("<5", HIDDEN_OTHER)

    for total, parts in links.sums:
        assert sum(n(p) for p in parts) == n(total), (total, parts)
        if not is_hidden(total):
            assert sum(is_hidden(p) for p in parts) != 1, (total, parts)
    for group in links.copies:
        assert len({n(ref) for ref in group}) == 1, group
        assert len({is_hidden(ref) for ref in group if n(ref)}) <= 1, group
    for figure, count in links.follows:
        assert not is_hidden(count) or shown(hidden[figure[0]].rows[figure[1]][figure[2]]) in (
            "n<5", HIDDEN_OTHER, None), figure
    return sum(shown(c) == HIDDEN_OTHER for t in hidden.values() for row in t.rows for c in row)


def test_the_fixture_hides_the_feedback_that_would_give_one_person_away(session, actor):
    build(session)
    rs = reports.build_reports(session, actor, Period(START, END), today=TODAY)
    assert check_links(rs) == 1  # Arts Alpha's 6 people: with the total of 7, Benefits Beta's 1 would show


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_demo_reports_keep_every_link(session, actor, seed):
    today = date(2026, 11, 1)
    demo.fill(session, actor, 25, seed=seed, today=today)
    for period in (Period(today - timedelta(days=182), today), Period(today - timedelta(days=60), today)):
        check_links(reports.build_reports(session, actor, period, today=today))
