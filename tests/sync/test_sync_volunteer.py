"""A volunteer's laptop syncs the partner directory and nothing else: no person, referral or feedback reaches it,
and it never writes the shared file."""

from __future__ import annotations

from laptops import open_laptop
from sqlmodel import select
from sync_helpers import add_referral, local_rows, make_laptop, new_shared, shared_value, sync

from liferooms_tui.db.models import Partner
from liferooms_tui.db.outbox import save


def test_a_volunteer_receives_the_directory_only(tmp_path):
    advisor = make_laptop(tmp_path, "a")
    shared = new_shared(tmp_path)
    add_referral(advisor)
    with advisor.store.session() as session:
        partner = session.exec(select(Partner).order_by(Partner.id)).first()
        partner.description = "Now also on Saturdays."
        save(session, advisor.actor, partner)
    sync(advisor, shared)
    advisor.close()
    before = shared_value(shared, "SELECT value FROM meta WHERE key='seq'")
    volunteer = open_laptop(tmp_path / "v", role="volunteer")
    try:
        report = sync(volunteer, shared)
        assert report.pulled >= 1 and report.pushed == 0
        assert local_rows(volunteer, "partner")[partner.id]["description"] == "Now also on Saturdays."
        for table in ("person", "referral", "referralevent", "feedback"):
            assert local_rows(volunteer, table) == {}, table
    finally:
        volunteer.close()
    assert shared_value(shared, "SELECT value FROM meta WHERE key='seq'") == before  # nothing written
