"""The referralstatus table always agrees with the referral's events, however they are written."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from liferooms_tui import referrals
from liferooms_tui.db import referral_status
from liferooms_tui.db.models import ReferralEvent
from liferooms_tui.referrals import feedback
from liferooms_tui.reports.facts import F, referral_facts
from liferooms_tui.reports.period import Period
from tests.test_dropin_services import new_partner, new_person

STATUSES = ["queued", "sent", "accepted", "declined", "attended", "withdrawn", "reopened"]
START = datetime(2026, 1, 1, tzinfo=UTC)


def expected(events: list[ReferralEvent]) -> tuple | None:
    """The row worked out the slow way, in Python, from the events themselves."""
    if not events:
        return None
    latest = max(events, key=lambda e: (e.at, e.version))
    accepted = [e.at for e in events if e.status == "accepted"]
    declines = [e for e in events if e.status == "declined"]
    return (latest.status, latest.at, {e.status for e in events} - {"queued"},
            min(accepted) if accepted else None, max(declines, key=lambda e: (e.at, e.version)).reason
            if declines else None)


def table_row(session, referral_id: str) -> tuple | None:
    session.flush()
    row = session.connection().exec_driver_sql(
        "SELECT status, at, reached, accepted_at, decline_reason FROM referralstatus WHERE referral_id = ?",
        (referral_id,)).first()
    if row is None:
        return None

    def when(text):
        return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)

    return row[0], when(row[1]), set(filter(None, row[2].split(","))), when(row[3]), row[4]


def test_recorded_statuses_are_kept(session, actor):
    partner = new_partner(session)
    referral = referrals.create_referral(session, actor, new_person(session, actor).id, partner.id, need="wellbeing")
    assert referrals.current_statuses(session, [referral.id])[referral.id].status == "queued"
    referrals.record_status(session, actor, referral.id, "sent")
    referrals.record_status(session, actor, referral.id, "declined", reason="Full this month")
    row = table_row(session, referral.id)
    assert row[0] == "declined" and row[2] == {"sent", "declined"} and row[4] == "Full this month"
    assert [r.status for r in referrals.list_referrals(session, actor)] == ["declined"]


# Events as a sync pull may bring them: any order, moments that tie (then the version decides), some changed
# afterwards (an erasure blanks reasons) and some removed.
event_lists = st.lists(st.tuples(st.sampled_from(STATUSES), st.integers(0, 5), st.integers(0, 99),
                                 st.sampled_from(["", "Full", "Outside area"])), max_size=8)


def test_the_table_follows_any_events(runtime, actor):
    with runtime.store.session() as session:
        partner = new_partner(session)
        person = new_person(session, actor)
        referral = referrals.create_referral(session, actor, person.id, partner.id, need="wellbeing")
        rid = referral.id

    @given(events=event_lists, blank=st.booleans(), drop=st.integers(0, 3))
    @settings(max_examples=120, deadline=None)
    def check(events, blank, drop):
        with runtime.store.session() as session:
            for old in session.exec(select(ReferralEvent).where(ReferralEvent.referral_id == rid)):
                session.delete(old)
            session.flush()
            assert table_row(session, rid) is None
            added = [ReferralEvent(referral_id=rid, status=s, at=START + timedelta(days=day), reason=why,
                                   version=f"{version:013d}.{i:05d}.test")
                     for i, (s, day, version, why) in enumerate(events)]
            for event in added:
                session.add(event)
                session.flush()
                assert table_row(session, rid) == expected(added[:added.index(event) + 1])
            if blank:
                for event in added:
                    event.reason = ""
                    session.add(event)
            for event in added[:drop]:
                session.delete(event)
            kept = added[drop:]
            assert table_row(session, rid) == expected(kept)
            now = referral_status.current_statuses(session, [rid]).get(rid)
            assert (now and (now.status, now.at)) == (expected(kept) and expected(kept)[:2])
            for day in (0, 1, 3, 6):  # where it stood at the end of a past period: the events before then
                end = START + timedelta(days=day)
                before = expected([e for e in kept if e.at < end])
                assert status_before(session, rid, end) == (before[0] if before else "queued"), day
            session.rollback()

    check()



def status_before(session, referral_id: str, end: datetime) -> str:
    sql = (f"SELECT {referral_status.status_before_sql('?')} FROM referral r "
           "LEFT JOIN referralstatus s ON s.referral_id = r.id WHERE r.id = ?")
    # The SQL names the end twice (? is bound in order): as the row's time and as the events' bound.
    at = end.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    return session.connection().exec_driver_sql(sql, (at, at, referral_id)).scalar_one()


def test_every_reader_of_a_status_now_reads_the_table(session, actor):
    """One truth for where a referral stands now: the referralstatus table. Here (only to tell the readers apart)
    the table is written directly to say completed while the events still say queued: every service must say
    completed (a second derivation from the events would say queued)."""
    today = date(2026, 3, 11)
    partner = new_partner(session, capacity_per_week=1)
    person = new_person(session, actor)
    referral = referrals.create_referral(session, actor, person.id, partner.id, need="wellbeing", today=today)
    session.flush()
    session.connection().exec_driver_sql("UPDATE referralstatus SET status = 'completed' WHERE referral_id = ?",
                                         (referral.id,))
    assert referrals.referral_view(session, actor, referral.id).status == "completed"
    assert [r.status for r in referrals.list_referrals(session, actor)] == ["completed"]
    assert referrals.open_referrals_this_week(session, today).get(partner.id, 0) == 0
    history = referrals.history_for(session, person, partner, today)
    assert (history.open_referrals_this_week, history.has_open_referral) == (0, False)
    assert feedback.referrals_needing_check_in(session, actor, 1, today=today + timedelta(weeks=3)) == []
    (fact,) = referral_facts(session, Period(date(2026, 3, 1), date(2026, 3, 31)), date(2026, 4, 2))
    assert (fact[F.STATUS], fact[F.END_STATUS]) == ("completed", "completed")


def test_a_past_periods_status_breaks_a_tie_by_version(session, actor):
    """At the end of a past period the status is the latest event before then; two at the same moment: the
    later version (written here first, so the order they were written in does not decide)."""
    partner = new_partner(session)
    referral = referrals.create_referral(session, actor, new_person(session, actor).id, partner.id, need="wellbeing",
                                         today=date(2026, 1, 5))
    moment = START + timedelta(days=9)
    for status, version, at in (("accepted", 3, moment), ("sent", 2, moment),
                                ("completed", 4, START + timedelta(days=60))):
        session.add(ReferralEvent(referral_id=referral.id, status=status, at=at, version=f"{version:013d}.00000.z"))
        session.flush()
    for end, today, now, then in ((date(2026, 1, 31), date(2026, 4, 1), "completed", "accepted"),
                                  (date(2026, 3, 31), date(2026, 4, 1), "completed", "completed")):
        (fact,) = referral_facts(session, Period(date(2026, 1, 1), end), today)
        assert (fact[F.STATUS], fact[F.END_STATUS]) == (now, then)


def test_passed_by_names_a_later_status_already_reached():
    assert referral_status.passed_by("sent", {"queued", "sent", "accepted"}) == "accepted"
    assert referral_status.passed_by("sent", {"sent", "declined", "accepted"}) in {"declined", "accepted"}
    assert referral_status.passed_by("accepted", {"queued", "sent", "accepted"}) is None
    assert referral_status.passed_by("sent", {"sent", "accepted", "reopened"}) is None  # reopened: any order
    assert referral_status.passed_by("withdrawn", {"accepted", "attended"}) is None  # withdrawing is always fine
    assert referral_status.passed_by("queued", set()) is None


def test_status_steps_and_jumps(session, actor):
    """The picker offers the steps that make sense; anything else is a jump and the history says so."""
    assert referrals.status_choices("queued") == (["sent", "withdrawn"],
                                                  ["accepted", "declined", "attended", "completed", "did_not_attend"])
    assert referrals.status_choices("sent")[0] == ["accepted", "declined", "withdrawn"]
    partner = new_partner(session)
    referral = referrals.create_referral(session, actor, new_person(session, actor).id, partner.id, need="wellbeing")
    step = referrals.record_status(session, actor, referral.id, "sent", note="Emailed")
    assert step.note == "Emailed"
    jump = referrals.record_status(session, actor, referral.id, "completed", note="They finished the course")
    assert jump.note == "Recorded as a jump from Sent. They finished the course"
    reopened = referrals.record_status(session, actor, referral.id, "reopened", note="Wants to go again")
    assert reopened.note == "Wants to go again"
