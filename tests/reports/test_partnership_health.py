"""Partnership health (reports/partnership.py) against a small fixture worked out by hand, its export with small
numbers hidden like every other section, and its place on the Reports screen (key 0)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from laptops import set_up

from liferooms_tui.partners import changes, partnership
from liferooms_tui.partners.edit import add_partner
from liferooms_tui.partners.status import Rules
from liferooms_tui.reports.partnership import health_tables, partnership_health
from liferooms_tui.reports.tables import Count, render

TODAY = date(2026, 6, 15)
RULES = Rules(capacity_weeks=4, catch_up_months=3, induction_items=("met the hub team", "fire and evacuation"))
HUB = "Bootle Hub"


def d(month: int, day: int) -> date:
    return date(2026, month, day)


@pytest.fixture
def laptop(tmp_path):
    """Five partners (the sample left out): what each has is in the comments, and the figures follow by hand."""
    runtime = set_up(tmp_path / "laptop", directory="empty")
    actor = runtime.actor
    with runtime.store.session() as session:
        a, b, c, dd, e = (add_partner(session, actor, name=name, hubs=hubs).id for name, hubs in (
            ("Alpha Advice", [HUB]), ("Beta Books", []), ("Gamma Gardens", [HUB]), ("Delta Dance", []),
            ("Epsilon Eats", [])))
        for pid, owner in ((a, "Jo"), (b, "Jo"), (c, "Sam"), (e, "Sam")):  # D has no owner
            partnership.set_partnership(session, actor, pid, today=TODAY, owner=owner)
        # A: caught up in January, next due 10 April (overdue); induction done; said "yes" on 1 June.
        partnership.add_catch_up(session, actor, a, met_on=d(1, 10), notes="Met", next_due=d(4, 10), today=TODAY)
        for item in RULES.induction_items:
            partnership.mark_induction(session, actor, a, item, on=d(2, 1), rules=RULES, today=TODAY)
        changes.record_capacity(session, actor, a, status="yes", said_on=d(6, 1), today=TODAY)
        # B: caught up 20 May, next due 20 August; said "waiting list" on 1 March (stale).
        partnership.add_catch_up(session, actor, b, met_on=d(5, 20), notes="Met", next_due=d(8, 20), today=TODAY)
        changes.record_capacity(session, actor, b, status="waiting list", said_on=d(3, 1), today=TODAY)
        # C: no catch-up; half its induction; verified on the day; never said its capacity.
        partnership.mark_induction(session, actor, c, "met the hub team", on=d(3, 1), rules=RULES, today=TODAY)
        changes.verify(session, actor, c, checked=["contact"], today=TODAY)
        # D: no owner, no catch-up; said "no" on 10 February (its only contact).
        changes.record_capacity(session, actor, dd, status="no", said_on=d(2, 10), today=TODAY)
        # E: closed: not in the partnership any more.
        changes.close(session, actor, e, reason="Funding ended", on=d(5, 1), today=TODAY)
    yield runtime
    runtime.close()


def figures(table) -> list[list]:
    return [[cell.n if isinstance(cell, Count) else cell for cell in row] for row in table.rows]


def test_the_figures_are_the_ones_worked_out_by_hand(laptop):
    with laptop.store.session() as session:
        summary, owners, capacity = health_tables(partnership_health(session, laptop.actor, TODAY, RULES))
    assert figures(summary) == [
        ["Partners (running or paused)", 4],  # A B C D (E is closed)
        ["With an owner in the service", 3],
        ["Without an owner", 1],  # D
        ["Catch-up overdue", 1],  # A
        ["No catch-up recorded", 2],  # C D
        ["Last contact over 3 months ago, or never", 1],  # D: 10 February
        ["Delivering at a hub", 2],  # A C
        ["Delivering at a hub, induction not complete", 1],  # C
        ["Capacity not updated for 4 weeks, or never said", 3],  # B D stale, C never
    ]
    assert figures(owners) == [
        ["Jo", 2, 1, 0, 0, d(5, 20)],  # A (last contact 1 June) and B (20 May)
        ["Sam", 1, 0, 1, 1, d(6, 15)],  # C, verified on the day (E is closed)
        ["No owner", 1, 0, 1, 0, d(2, 10)],  # D
    ]
    assert figures(capacity) == [["taking referrals", 1, 1], ["waiting list", 1, 0], ["not taking referrals", 1, 0],
                                 ["assessment first", 0, 0], ["never said", 1, 0]]


def test_as_of_an_earlier_day_later_facts_are_left_out(laptop):
    with laptop.store.session() as session:
        summary, owners, _ = health_tables(partnership_health(session, laptop.actor, d(5, 15), RULES))
    assert figures(summary)[4] == ["No catch-up recorded", 3]  # B's catch-up of 20 May had not happened
    assert figures(owners)[1][-1] == "never"  # Sam's C had no contact yet


def test_the_export_hides_small_numbers_like_every_section(laptop):
    with laptop.store.session() as session:
        tables = health_tables(partnership_health(session, laptop.actor, TODAY, RULES))
    exported = list(csv.reader(io.StringIO(render(tables, [], "csv", suppress=True))))
    assert ["partnership_health", "Partners (running or paused)", "Partners", "<5"] in exported
    assert ["partners_by_owner", "Jo", "Catch-up overdue", "<5"] in exported
    assert ["capacity_statuses", "assessment first", "Partners", "0"] in exported
    assert not [row for row in exported if row[-1] in {"1", "2", "3", "4"}]
    shown = list(csv.reader(io.StringIO(render(tables, [], "csv", suppress=False))))
    assert ["partnership_health", "Partners (running or paused)", "Partners", "4"] in shown


async def test_the_reports_screen_shows_it_on_key_0(laptop):
    from liferooms_tui.tui.app import create_app
    from liferooms_tui.tui.screens.reports import SECTIONS, ReportsScreen
    from tests.tui.screen import wait_for

    app = create_app(laptop, ask_passphrase=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        screen = await wait_for(pilot, lambda: isinstance(app.screen, ReportsScreen) and app.screen.report
                                is not None and app.screen)
        table = await wait_for(pilot, lambda: getattr(screen.query_one("#t-partnership_health").content, "title", "")
                               .startswith("Partnership health on"))
        await pilot.pause()  # laid out with the tables filled in
        await pilot.press("0")
        await wait_for(pilot, lambda: screen.current_section() == len(SECTIONS) - 1)
        assert table and "0 Partnership" in str(screen.query_one("#contents").content)
