"""One rule per partner field, for an advisor's edit and an import alike; and a partner's state from its facts."""

from __future__ import annotations

from datetime import UTC, date, datetime

from liferooms_tui.db.partnership import PartnerStatus
from liferooms_tui.directory.openreferral.mapping import map_service
from liferooms_tui.partners.status import derive


def test_an_import_leaves_out_what_an_edit_would_refuse_and_says_so():
    contact = {"name": "Kim", "phones": [{"number": "0151 496 0123"}]}
    mapped = map_service({"id": "s1", "name": "Test Service (fictional)", "email": "ring first, no email",
                          "url": "javascript:alert(1)", "contacts": [contact]}, 1)
    assert (mapped.fields["contact_email"], mapped.fields["website"]) == ("", "")
    assert mapped.fields["contact_phone"] == "0151 496 0123" and not mapped.errors
    said = {w.field: w.message for w in mapped.warnings}
    assert said["contact_email"].startswith("Email: 'ring first, no email' is not an email address")
    assert said["website"].startswith("Website: 'javascript:alert(1)' is not a web address")


def fact(kind: str, from_on: date, until_on: date | None = None, at: int = 0) -> PartnerStatus:
    return PartnerStatus(partner_id="p", kind=kind, reason=kind, from_on=from_on, until_on=until_on,
                         at=datetime(2026, 1, 1, at, tzinfo=UTC))


def test_a_pause_holds_from_its_first_day_up_to_its_until_day_and_a_reopening_ends_it():
    pause = fact("paused", date(2026, 3, 2), date(2026, 3, 9))
    assert derive([pause], date(2026, 3, 1)).running
    assert derive([pause], date(2026, 3, 2)).pause is not None
    assert derive([pause], date(2026, 3, 8)).pause is not None
    back = derive([pause], date(2026, 3, 9))
    assert back.running and back.ended_pause is not None and back.ended_pause.until_on == date(2026, 3, 9)
    assert derive([pause, fact("reopened", date(2026, 3, 4), at=1)], date(2026, 3, 5)).running
    closed = derive([fact("closed", date(2026, 3, 1)), pause], date(2026, 3, 5))
    assert closed.closed_on == date(2026, 3, 1) and not closed.running
    reopened = [fact("closed", date(2026, 3, 1)), fact("reopened", date(2026, 3, 3), at=1)]
    assert derive(reopened, date(2026, 3, 5)).running
