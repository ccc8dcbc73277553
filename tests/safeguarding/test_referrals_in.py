"""Referrals into the service: recorded from a partner, a GP or the person; triaged once (accepted needs a person,
redirected needs a reason); an accepted person is expected in the Drop-in and their next drop-in links back; the
referrer's text; figures by source and outcome with each partner's share redirected; bad input in one sentence,
nothing saved."""

from __future__ import annotations

import json

import pytest
from laptops import cli
from sqlmodel import func, select

from liferooms_tui.db.models import OutboxEntry, Partner, ReferralIn
from liferooms_tui.dropin import conversations, people
from liferooms_tui.reports.tables import render
from liferooms_tui.safeguarding import figures, referrals_in
from liferooms_tui.vocabulary import InvalidValue


def partner_name(runtime) -> str:
    with runtime.store.session() as session:
        return session.exec(select(Partner.name).where(Partner.active == True).order_by(Partner.name)).first()  # noqa: E712


def written(runtime) -> tuple[int, int]:
    with runtime.store.session() as session:
        return (session.exec(select(func.count()).select_from(ReferralIn)).one(),
                session.exec(select(func.count()).select_from(OutboxEntry)).one())


@pytest.mark.parametrize(("kwargs", "says"), [
    ({"source": "", "reason": "low mood"}, "Say who referred"),
    ({"source": "gp: Dr K (fictional)", "reason": " "}, "why they referred"),
    ({"source": "No Such Partner Anywhere", "reason": "low mood"}, "No partner called"),
    ({"source": "self", "reason": "low mood", "received_on": "31/02/2026"}, "February has no 31st"),
    ({"source": "self", "reason": "low mood", "person": "Jo New (fictional)"}, "needs their consent"),
])
def test_bad_input_is_one_sentence_and_saves_nothing(runtime, kwargs, says):
    before = written(runtime)
    with runtime.store.session() as session, pytest.raises(InvalidValue, match=says):
        referrals_in.add_referral_in(session, runtime.actor, **kwargs)
    assert written(runtime) == before


def test_accepted_is_expected_in_the_drop_in_and_the_drop_in_links_back(runtime):
    with runtime.store.session() as session:
        referral = referrals_in.add_referral_in(session, runtime.actor, source="gp: Dr Khan (fictional)",
                                                reason="Isolated since moving", person="Jo New (fictional)",
                                                consent=True)
    with runtime.store.session() as session:
        assert referrals_in.expected_people(session, runtime.actor) == []  # not triaged yet
        referrals_in.triage(session, runtime.actor, referral.id, "accepted")
    with runtime.store.session() as session:
        [expected] = referrals_in.expected_people(session, runtime.actor)
        assert expected.person_name == "Jo New (fictional)"
        with pytest.raises(InvalidValue, match="triaged already"):
            referrals_in.triage(session, runtime.actor, referral.id, "signposted")
        talk = conversations.start_conversation(session, runtime.actor, referral.person_id)
    with runtime.store.session() as session:
        assert session.get(ReferralIn, referral.id).conversation_id == talk.id
        assert referrals_in.expected_people(session, runtime.actor) == []
        text = referrals_in.outcome_text(referrals_in.rows_of(session, [session.get(ReferralIn, referral.id)])[0])
    assert text.startswith("Thank you for referring Jo New (fictional) on ") and "we expect them" in text


def test_accepting_needs_a_person_and_redirecting_a_reason(runtime):
    with runtime.store.session() as session:
        referral = referrals_in.add_referral_in(session, runtime.actor, source=partner_name(runtime),
                                                reason="Very unwell, hearing voices (fictional)")
    with runtime.store.session() as session, pytest.raises(InvalidValue, match="Record the person first"):
        referrals_in.triage(session, runtime.actor, referral.id, "accepted")
    with runtime.store.session() as session, pytest.raises(InvalidValue, match="Say why it was redirected"):
        referrals_in.triage(session, runtime.actor, referral.id, "redirected", redirect_kind="secondary_care")
    with runtime.store.session() as session, pytest.raises(InvalidValue, match="not a redirection"):
        referrals_in.triage(session, runtime.actor, referral.id, "redirected", redirect_kind="elsewhere",
                            reason="x")
    with runtime.store.session() as session:
        done = referrals_in.triage(session, runtime.actor, referral.id, "redirected", redirect_kind="secondary_care",
                                   reason="Needs the community mental health team first")
        assert (done.outcome, done.redirect_kind) == ("redirected", "secondary_care")


def test_figures_by_source_and_each_partners_share_redirected(runtime):
    name = partner_name(runtime)
    with runtime.store.session() as session:
        for n in range(10):
            r = referrals_in.add_referral_in(session, runtime.actor, source=name, reason=f"reason {n}")
            referrals_in.triage(session, runtime.actor, r.id, "redirected" if n < 6 else "signposted",
                                redirect_kind="secondary_care", reason="needs secondary care first")
        referrals_in.add_referral_in(session, runtime.actor, source="self", reason="saw a poster")
        sources, partners = figures.referrals_in_tables(session, runtime.actor)
    assert [row[0] for row in sources.rows] == ["A partner", "The person themselves"]
    assert partners.rows[0][0] == name and partners.rows[0][3].part == 6 and partners.rows[0][3].whole == 10
    exported = json.loads(render([sources, partners], [], "json", suppress=True))["tables"]
    assert exported[0]["rows"][0]["Redirected"] == 5 and exported[0]["rows"][1]["All"] == "<5"
    assert exported[1]["rows"][0]["Share redirected"] == 50.0  # worked out from the rounded counts (5 of 10)
    assert "reason" not in render([sources, partners], [], "table", suppress=True)


def run(capsys, *argv):
    code = cli(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_add_triage_list_tell(tmp_path, capsys):
    home = str(tmp_path / "laptop")
    code, out, err = run(capsys, "--data-dir", home, "referrals-in", "add", "--from", "self",
                         "--reason", "Saw a poster (fictional)", "--person", "Jo New (fictional)", "--consent",
                         "--json")
    assert code == 0, err
    added = json.loads(out)
    code, _, err = run(capsys, "--data-dir", home, "referrals-in", "triage", added["id"], "--outcome", "maybe")
    assert code == 2 and "invalid choice" in err
    code, out, err = run(capsys, "--data-dir", home, "referrals-in", "triage", added["id"], "--outcome", "accepted")
    assert code == 0 and "we expect them" in out, err
    code, out, _ = run(capsys, "--data-dir", home, "referrals-in", "list", "--json")
    [listed] = json.loads(out)
    assert listed["outcome"] == "accepted" and listed["person"] == "Jo New (fictional)"
    code, out, _ = run(capsys, "--data-dir", home, "referrals-in", "tell", added["id"])
    assert out.startswith("Thank you for referring Jo New (fictional)")
    code, _, err = run(capsys, "--data-dir", home, "--volunteer", "referrals-in", "list")
    assert code == 1 and "Volunteers' mode" in err


def test_people_records_made_here_are_real_people(runtime):
    with runtime.store.session() as session:
        r = referrals_in.add_referral_in(session, runtime.actor, source="self", reason="x",
                                         person="Jo New (fictional)", consent=True)
        assert people.live_person(session, r.person_id).consent_store
