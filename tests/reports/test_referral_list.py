"""What the Referrals section lists: check-ins due, filtered in SQL by the current status (referralstatus), need,
partner and page, and the page of referrals each marked when a check-in is due."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from report_fixture import TODAY, build

from liferooms_tui import referrals
from liferooms_tui.referrals import feedback, pages


@pytest.fixture
def ids(session):
    return build(session)


def due(session, actor, weeks=4, **filters):
    return [c.referral_id for c in feedback.referrals_needing_check_in(session, actor, weeks, TODAY, **filters)]


def test_check_ins_are_filtered_like_the_list(session, actor, ids):
    every = feedback.referrals_needing_check_in(session, actor, 4, TODAY)
    assert len(every) == 6 and len({c.status for c in every}) > 1 and len({c.partner_id for c in every}) > 1
    for status in {c.status for c in every}:
        assert due(session, actor, status=status) == [c.referral_id for c in every if c.status == status]
    for need in {c.need for c in every}:
        assert due(session, actor, need=need) == [c.referral_id for c in every if c.need == need]
    for partner in {c.partner_id for c in every}:
        assert due(session, actor, partner_id=partner) == [c.referral_id for c in every if c.partner_id == partner]
    some = [every[0].referral_id, every[-1].referral_id, ids["s4"]]  # s4: signposting, never due
    assert due(session, actor, ids=some) == [every[0].referral_id, every[-1].referral_id]
    assert due(session, actor, ids=[]) == []


def test_the_status_filter_is_the_current_status(session, actor, ids):
    first = feedback.referrals_needing_check_in(session, actor, 4, TODAY)[0]
    later = "accepted" if first.status != "accepted" else "sent"
    referrals.record_status(session, actor, first.referral_id, later,
                            at=datetime.combine(first.last_news, time(23), tzinfo=UTC))  # no news after: still due
    assert first.referral_id in due(session, actor, status=later)
    assert first.referral_id not in due(session, actor, status=first.status)


def test_due_only_shows_the_longest_waiting_newest_first(session, actor, ids):
    every = feedback.referrals_needing_check_in(session, actor, 4, TODAY)
    page = pages.referrals_to_show(session, actor, check_in_weeks=4, shown=2, due_only=True, today=TODAY)
    longest = {c.referral_id for c in every[:2]}
    assert {r.referral.id for r in page.rows} == longest == page.due
    assert page.waiting == 6 and not page.more
    made = [r.referral.created_at for r in page.rows]
    assert made == sorted(made, reverse=True)
    partner = every[0].partner_id
    narrowed = pages.referrals_to_show(session, actor, check_in_weeks=4, shown=10, due_only=True,
                                           partner_id=partner, today=TODAY)
    assert {r.referral.id for r in narrowed.rows} == {c.referral_id for c in every if c.partner_id == partner}


def test_a_page_marks_the_referrals_due_a_check_in(session, actor, ids):
    every = referrals.list_referrals(session, actor)
    due_ids = set(due(session, actor))
    page = pages.referrals_to_show(session, actor, check_in_weeks=4, shown=len(every), today=TODAY)
    assert [r.referral.id for r in page.rows] == [r.referral.id for r in every] and not page.more
    assert page.due == due_ids
    short = pages.referrals_to_show(session, actor, check_in_weeks=4, shown=3, today=TODAY)
    assert short.more and [r.referral.id for r in short.rows] == [r.referral.id for r in every[:3]]
    assert short.due == due_ids & {r.referral.id for r in every[:3]}
    accepted = pages.referrals_to_show(session, actor, check_in_weeks=4, shown=50, status="accepted",
                                           today=TODAY)
    assert accepted.rows and all(r.status == "accepted" for r in accepted.rows)
