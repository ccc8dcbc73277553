"""One slug for a site (and file names), and one rule for the site a row belongs to (db/sites.py), used by the
reports and the check-ins alike."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from liferooms_tui import referrals
from liferooms_tui.access import Actor
from liferooms_tui.db.models import Referral
from liferooms_tui.db.sites import at_site_sql, site_of_sql
from liferooms_tui.directory.openreferral.read import source_name
from liferooms_tui.dropin import conversations
from liferooms_tui.files import export_path
from liferooms_tui.referrals import feedback
from liferooms_tui.reports import referrals_made
from liferooms_tui.reports.period import make_period
from liferooms_tui.vocabulary import slug
from tests.test_dropin_services import new_partner, new_person


@pytest.mark.parametrize(("text", "expected"), [
    ("Bootle Hub", "bootle-hub"), ("bootle hub", "bootle-hub"), ("  Bootle -- Hub! ", "bootle-hub"),
    ("Netherton community site", "netherton-community-site"), ("", "site"), ("!!!", "site"),
])
def test_one_slug(text, expected):
    assert slug(text) == expected


def test_every_slug_is_that_slug(tmp_path):
    assert Actor("A", "Bootle  Hub!", "advisor", "lap1").origin == "bootle-hub:lap1"
    assert export_path(tmp_path, "Report: Bootle Hub", ".csv", personal=False).name.startswith("report-bootle-hub-")
    assert export_path(tmp_path, "???", ".md", personal=True).name.startswith("PERSONAL-DATA-export-")
    assert source_name(Path("Sefton Services-2026-01.json")) == "sefton"


@pytest.mark.parametrize(("conversation_site", "origin", "site"), [
    ("Bootle Hub", "kirkdale-hub:lap2", "Bootle Hub"),  # made in a conversation: that conversation's site
    ("", "kirkdale-hub:lap2", "kirkdale-hub"),  # an empty site: the laptop's
    (None, "kirkdale-hub:lap2", "kirkdale-hub"),  # no conversation: the laptop's
    (None, "sample", "sample"),
])
def test_the_site_of_a_row(conversation_site, origin, site):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE r (origin_site TEXT)")
    db.execute("CREATE TABLE c (site TEXT)")
    db.execute("INSERT INTO r VALUES (?)", (origin,))
    if conversation_site is not None:
        db.execute("INSERT INTO c VALUES (?)", (conversation_site,))
    query = f"SELECT {site_of_sql('r', 'c')}, {at_site_sql('r', 'c', '?, ?')} FROM r LEFT JOIN c ON 1"
    assert db.execute(query, ("Kirkdale Hub", "kirkdale-hub")).fetchone() == (site, site == "kirkdale-hub")


def test_reports_and_check_ins_agree_on_the_site(session, actor):
    """A referral made on a Kirkdale laptop outside any conversation belongs to Kirkdale, in the Kirkdale report
    and in the check-in list; one made in a Bootle drop-in on the same laptop belongs to Bootle."""
    kirkdale = Actor("K", "Kirkdale Hub", "advisor", "lap2")
    partner, made = new_partner(session), date(2026, 3, 2)
    loose = referrals.create_referral(session, kirkdale, new_person(session, actor).id, partner.id, today=made)
    person = new_person(session, actor, name="Al B. (test)")
    talk = conversations.start_conversation(session, actor, person.id)  # at the actor's site, Bootle Hub
    talk.site = "Bootle Hub"
    in_talk = referrals.create_referral(session, kirkdale, person.id, partner.id, conversation_id=talk.id,
                                        today=made)
    assert session.get(Referral, in_talk.id).origin_site == "kirkdale-hub:lap2"
    for site, expected in (("Kirkdale Hub", 1), ("kirkdale-hub", 1), ("Bootle Hub", 1), ("Toxteth Hub", 0)):
        period = make_period(session, "2026-03-01", "2026-03-31", site, today=date(2026, 4, 1))
        assert referrals_made(session, actor, period).referrals == expected, site
    due = {d.referral_id: d.site for d in feedback.referrals_needing_check_in(session, actor, 2,
                                                                             today=date(2026, 4, 1))}
    assert due == {loose.id: "kirkdale-hub", in_talk.id: "Bootle Hub"}
