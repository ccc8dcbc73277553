"""Feedback from people and updates from partners: validated, queued for sync, and flagging check-ins."""

from __future__ import annotations

from datetime import date

import pytest
from report_fixture import TODAY, build

from liferooms_tui.access import Actor, NotAllowed
from liferooms_tui.db.models import OutboxEntry
from liferooms_tui.referrals import feedback
from liferooms_tui.vocabulary import InvalidValue


@pytest.fixture
def ids(session):
    return build(session)


def test_person_feedback_is_saved_and_queued(session, actor, ids):
    row = feedback.record_person_feedback(session, actor, ids["a6"], went=True, helped="4", recommend=False,
                                          comment="  Friendly, but a long bus ride \n", reported_on="21/04/2026",
                                          today=TODAY)
    assert (row.source, row.helped, row.comment, row.reported_on) == ("person", 4, "Friendly, but a long bus ride",
                                                                      date(2026, 4, 21))
    assert row.partner_id == ids["A"] and row.by == actor.name
    queued = session.exec(OutboxEntry.__table__.select().where(OutboxEntry.row_id == row.id)).all()
    assert len(queued) == 1 and queued[0].table_name == "feedback"
    history = feedback.feedback_for(session, actor, ids["a6"])
    assert [f.id for f in history] == [ids["fa6"], row.id]  # oldest first


@pytest.mark.parametrize(("kwargs", "says"), [
    ({"helped": "7"}, "out of range"),
    ({"helped": "0"}, "out of range"),
    ({"helped": "lots"}, "not a score"),
    ({}, "at least one answer"),
    ({"went": True, "reported_on": "2026-05-01"}, "in the future"),
    ({"went": True, "reported_on": "31/02/2026"}, "not a follow-up date"),
    ({"went": True, "reported_on": "1/1/99999999999999999999"}, "not a follow-up date"),
])
def test_person_feedback_refuses_what_it_cannot_use(session, actor, ids, kwargs, says):
    with pytest.raises(InvalidValue, match=says):
        feedback.record_person_feedback(session, actor, ids["a1"], today=TODAY, **kwargs)


def test_partner_update_and_its_rules(session, actor, ids):
    row = feedback.record_partner_update(session, actor, ids["a6"], engagement="some", note="Came once, will try again",
                                         reported_on=date(2026, 4, 29), today=TODAY)
    assert (row.source, row.engagement, row.reported_on) == ("partner", "some", date(2026, 4, 29))
    # News on 29 April: a6 no longer needs a check-in.
    due = feedback.referrals_needing_check_in(session, actor, 4, today=TODAY)
    assert ids["a6"] not in {d.referral_id for d in due}
    with pytest.raises(InvalidValue, match="Type what the partner said"):
        feedback.record_partner_update(session, actor, ids["a6"], note="   ", today=TODAY)
    with pytest.raises(InvalidValue, match="not a word for engagement"):
        feedback.record_partner_update(session, actor, ids["a6"], note="ok", engagement="keen", today=TODAY)
    with pytest.raises(InvalidValue, match="before the referral was made"):
        feedback.record_partner_update(session, actor, ids["a6"], note="ok", reported_on="2026-01-01", today=TODAY)
    with pytest.raises(InvalidValue, match="signposting"):
        feedback.record_partner_update(session, actor, ids["s4"], note="ok", today=TODAY)
    with pytest.raises(InvalidValue, match="No referral"):
        feedback.record_partner_update(session, actor, "nope", note="ok", today=TODAY)


def test_check_in_weeks_is_a_setting(session, actor, ids):
    assert len(feedback.referrals_needing_check_in(session, actor, 4, today=TODAY)) == 6
    # With 16 weeks (cut-off 8 January) only x1, no news since 31 December, is overdue; a6 (10 January) is not.
    assert [d.partner_name for d in feedback.referrals_needing_check_in(session, actor, 16, today=TODAY)] == [
        "Arts Alpha"]
    with pytest.raises(InvalidValue, match="check_in_weeks"):
        feedback.referrals_needing_check_in(session, actor, 0, today=TODAY)


def test_volunteers_cannot_see_or_record_feedback(session, ids):
    volunteer = Actor(name="V", site="Bootle Hub", role="volunteer", laptop_id="v1")
    with pytest.raises(NotAllowed):
        feedback.record_person_feedback(session, volunteer, ids["a1"], went=True)
    with pytest.raises(NotAllowed):
        feedback.record_partner_update(session, volunteer, ids["a1"], note="ok")
    with pytest.raises(NotAllowed):
        feedback.feedback_for(session, volunteer, ids["a1"])
    with pytest.raises(NotAllowed):
        feedback.referrals_needing_check_in(session, volunteer, 4)
