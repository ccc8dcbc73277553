"""Another program holds the database's write lock (a long sync, a second window) while the advisor works through a
drop-in: Talk, Plan and Refer each say so in a sentence, the app keeps answering keys, and once the lock is let go
everything typed and done is in the database. (Before the gateway, Space on Plan froze the app for the busy timeout
and then crashed it with OperationalError.)"""

from __future__ import annotations

import pytest
from laptops import open_laptop, other_connection
from sqlmodel import select

from liferooms_tui.db.models import Conversation, PrescriptionItem, Referral
from liferooms_tui.directory.partners import list_partners
from liferooms_tui.dropin import conversations, people, prescriptions
from liferooms_tui.tui.app import create_app
from liferooms_tui.tui.screens.conversation import ConversationScreen
from liferooms_tui.tui.screens.plan import PlanTable
from liferooms_tui.tui.screens.refer import ReferScreen
from liferooms_tui.tui.widgets.need_chips import NeedChips
from tests.tui.screen import settle, wait_for

BUSY = "database is busy"


@pytest.fixture
def laptop(tmp_path):
    """A laptop whose writes give up waiting for the lock after 0.2 s (not 5 s), so the test is quick."""
    runtime = open_laptop(tmp_path / "laptop", busy_timeout_ms=200)
    yield runtime
    runtime.close()


def a_drop_in_left_open(runtime):
    """A person with two partners in their plan: the first already agreed (to refer), the second not yet."""
    with runtime.store.session() as session:
        open_to_all = [p for p in list_partners(session) if p.active and not p.catchment and not p.benefits_required
                       and p.min_age is None and p.max_age is None and not p.prior_use_months
                       and p.capacity_per_week is None]
        person = people.add_person(session, runtime.actor, "Dee Q. (fictional)", consent_store=True,
                                   consent_share=True)
        talk = conversations.start_conversation(session, runtime.actor, person.id)
        plan = prescriptions.prescription_for(session, runtime.actor, talk.id)
        first = prescriptions.add_item(session, runtime.actor, plan.id, partner_id=open_to_all[0].id)
        second = prescriptions.add_item(session, runtime.actor, plan.id, partner_id=open_to_all[1].id)
        prescriptions.set_agreed(session, runtime.actor, first.id, True)
    return talk.id, first, second


class WriteLock:
    """Another connection to the same database file holding its write lock (BEGIN IMMEDIATE) until released."""

    def __init__(self, runtime):
        self.connection = other_connection(runtime)
        self.connection.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.connection.execute("ROLLBACK")
        self.connection.close()


def said(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_a_busy_database_is_said_and_nothing_done_meanwhile_is_lost(laptop):
    talk_id, referred, agreed_now = a_drop_in_left_open(laptop)
    app = create_app(laptop, ask_passphrase=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # carry on with the drop-in left open
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.loaded)
        await settle(pilot)
        screen = app.screen

        lock = WriteLock(laptop)
        try:
            # Talk: what matters and a need, typed while the database is held by someone else.
            await pilot.press(*"rent late", "tab", "h")
            await wait_for(pilot, lambda: BUSY in said(screen, "#autosave"), what="Talk says the database is busy")
            await pilot.press("d")  # the app still answers keys: a second need, while the first waits
            await wait_for(pilot, lambda: screen.query_one(NeedChips).chosen == {"housing", "debt"})

            # Plan: Space agrees the second partner.
            await pilot.press("f8")
            await wait_for(pilot, lambda: len(screen.query_one(PlanTable).rows) == 2, what="the plan is shown")
            await pilot.press("down", "space")
            await wait_for(pilot, lambda: screen.query_one(PlanTable).get_cell_at((1, 3)) == "yes")
            await wait_for(pilot, lambda: BUSY in said(screen, "#plan-hint"), what="Plan says the database is busy")
            await pilot.press("up")  # still answering
            await wait_for(pilot, lambda: screen.query_one(PlanTable).cursor_row == 0)

            # Refer: queue the referral to the partner agreed before.
            await pilot.press("f9")
            await wait_for(pilot, lambda: screen.query_one("#refer-items").row_count >= 1, what="the Refer rows")
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ReferScreen), what="the checks are shown")
            refer = app.screen
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: BUSY in said(refer, "#refer-error"), what="Refer says it is busy")
            assert app.screen is refer and app.is_running
        finally:
            lock.release()

        # Let go: every save that waited goes through by itself.
        await wait_for(pilot, lambda: app.screen is screen, what="the referral is queued and its dialog closes")
        await wait_for(pilot, lambda: not screen.pending and screen.saving is None and BUSY not in said(
            screen, "#autosave") and BUSY not in said(screen, "#plan-hint"), what="the draft and the plan are saved")
        await settle(pilot)

    with laptop.store.session() as session:
        conversation = session.get(Conversation, talk_id)
        assert conversation.what_matters == "rent late" and conversation.needs == ["debt", "housing"]
        assert session.get(PrescriptionItem, agreed_now.id).agreed
        made = session.exec(select(Referral)).all()
        assert [(r.partner_id, r.prescription_item_id) for r in made] == [(referred.partner_id, referred.id)]
