"""Safeguarding concerns: the lead must have been told before one is more than a draft; advisors add and see
those about people they can see, only the lead closes; volunteers never reach one; nothing half-saved; concerns
are in a subject-access export and erased with the person by the lead only; figures hide small numbers."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from laptops import cli
from sqlmodel import func, select

from liferooms_tui import privacy
from liferooms_tui.access import NotAllowed
from liferooms_tui.db.models import AuditEvent, Concern, OutboxEntry
from liferooms_tui.dropin import people
from liferooms_tui.reports.tables import render
from liferooms_tui.safeguarding import concerns, figures
from liferooms_tui.vocabulary import InvalidValue

WORDS = "Said 'I can't see a way out' (fictional)"
TOLD = concerns.LeadInformed("Sam Lead (fictional)", date(2026, 12, 1), "phone")


def lead_of(actor):
    return replace(actor, role="lead")


def volunteer_of(actor):
    return replace(actor, role="volunteer")


@pytest.fixture
def person(runtime):
    with runtime.store.session() as session:
        return people.add_person(session, runtime.actor, "Robin Q. (fictional)", consent_store=True,
                                 consent_share=False).id


def counts(runtime) -> tuple[int, int]:
    with runtime.store.session() as session:
        return (session.exec(select(func.count()).select_from(Concern)).one(),
                session.exec(select(func.count()).select_from(OutboxEntry)).one())


def test_not_saved_without_the_lead_informed_but_kept_as_a_draft(runtime, person):
    before = counts(runtime)
    with runtime.store.session() as session, pytest.raises(InvalidValue, match="Say who you told"):
        concerns.raise_concern(session, runtime.actor, person, what=WORDS, categories=["self"])
    assert counts(runtime) == before  # nothing half-saved, nothing queued
    with runtime.store.session() as session:
        draft = concerns.raise_concern(session, runtime.actor, person, what=WORDS, categories=["self"], draft=True)
    assert draft.status == "draft"
    with runtime.store.session() as session:
        done = concerns.raise_concern(session, runtime.actor, person, what=WORDS, categories=["self", "others"],
                                      action_taken="Stayed with them; called 111", lead=TOLD, concern_id=draft.id)
        assert (done.id, done.status, done.lead_informed_who) == (draft.id, "open", "Sam Lead (fictional)")
        assert concerns.open_concern_count(session, runtime.actor, person) == 1


@pytest.mark.parametrize(("kwargs", "says"), [
    ({"what": "  ", "categories": ["self"]}, "what was said or seen"),
    ({"what": WORDS, "categories": []}, "at least one kind"),
    ({"what": WORDS, "categories": ["self", "gossip"]}, "'gossip' is not a kind of concern"),
    ({"what": WORDS, "categories": ["self"], "urgency": "whenever"}, "not an urgency"),
])
def test_bad_input_is_one_sentence_and_saves_nothing(runtime, person, kwargs, says):
    before = counts(runtime)
    with runtime.store.session() as session, pytest.raises(InvalidValue, match=says):
        concerns.raise_concern(session, runtime.actor, person, lead=TOLD, **kwargs)
    assert counts(runtime) == before


@pytest.mark.parametrize(("typed", "says"), [
    ("Sam Lead", "who was told, when and how"),
    ("Sam Lead, 31/11/2026, phone", "November has no 31st"),
    ("Sam Lead, 01/01/2999, phone", "in the future"),
])
def test_the_lead_informed_line_is_checked(typed, says):
    with pytest.raises(InvalidValue, match=says):
        concerns.parse_lead_informed(typed)
    assert concerns.parse_lead_informed("Sam Lead, 01/12/2026, in person, then email").how == "in person, then email"


def test_only_the_lead_closes_and_a_volunteer_reaches_nothing(runtime, person):
    with runtime.store.session() as session:
        concern = concerns.raise_concern(session, runtime.actor, person, what=WORDS, categories=["self"], lead=TOLD)
    advisor, lead, volunteer = runtime.actor, lead_of(runtime.actor), volunteer_of(runtime.actor)
    with runtime.store.session() as session, pytest.raises(NotAllowed, match="Only the safeguarding lead"):
        concerns.close_concern(session, advisor, concern.id, "Referred to the crisis team")
    for call in (lambda s: concerns.list_concerns(s, volunteer),
                 lambda s: concerns.get_concern(s, volunteer, concern.id),
                 lambda s: concerns.raise_concern(s, volunteer, person, what=WORDS, categories=["self"], lead=TOLD),
                 lambda s: concerns.close_concern(s, volunteer, concern.id, "x")):
        with runtime.store.session() as session, pytest.raises(NotAllowed):
            call(session)
    with runtime.store.session() as session, pytest.raises(NotAllowed):
        concerns.open_concern_count(session, volunteer, person)
    with runtime.store.session() as session:
        concerns.start_review(session, advisor, concern.id)
    with runtime.store.session() as session:
        closed = concerns.close_concern(session, lead, concern.id, "Referred to the crisis team")
        assert (closed.status, closed.closed_by) == ("closed", lead.name)
        assert concerns.open_concern_count(session, advisor, person) == 0
        actions = session.exec(select(AuditEvent.detail).where(AuditEvent.entity == "concern",
                                                               AuditEvent.action == "change")).all()
        assert actions == ["concern under review", "concern closed"]
    with runtime.store.session() as session, pytest.raises(InvalidValue, match="closed already"):
        concerns.close_concern(session, lead, concern.id, "again")


def test_subject_access_has_them_and_erasure_is_the_leads(runtime, person):
    with runtime.store.session() as session:
        concerns.raise_concern(session, runtime.actor, person, what=WORDS, categories=["domestic"], lead=TOLD)
    with runtime.store.session() as session:
        data = privacy.subject_access(session, runtime.actor, person)
        assert [c["what"] for c in data["safeguarding_concerns"]] == [WORDS]
        assert "Safeguarding concern 1" in privacy.subject_access_text(data)
    with runtime.store.session() as session, pytest.raises(NotAllowed, match="only the safeguarding lead"):
        privacy.erase_person(session, runtime.actor, person)
    with runtime.store.session() as session:
        assert privacy.inactive_people(session, runtime.actor, 1, today=date(2099, 1, 1)) == []
        assert privacy.inactive_people(session, lead_of(runtime.actor), 1, today=date(2099, 1, 1)) == [person]
        privacy.erase_person(session, lead_of(runtime.actor), person)
    with runtime.store.session() as session:
        concern = session.exec(select(Concern)).one()
        assert concern.what == "" and concern.lead_informed_who == "" and concern.categories == ["domestic"]
        assert concerns.list_concerns(session, runtime.actor) == []  # an advisor no longer sees it
        assert len(concerns.list_concerns(session, lead_of(runtime.actor))) == 1  # the lead still counts it


def test_figures_count_by_kind_and_hide_small_numbers(runtime, person):
    with runtime.store.session() as session:
        for _ in range(6):
            concerns.raise_concern(session, runtime.actor, person, what=WORDS, categories=["self"], lead=TOLD)
        concerns.raise_concern(session, runtime.actor, person, what=WORDS, categories=["neglect"], lead=TOLD)
        concerns.raise_concern(session, runtime.actor, person, what=WORDS, categories=["neglect"], draft=True)
        table = figures.concerns_table(session, runtime.actor)
    exported = json.loads(render([table], [], "json", suppress=True))
    rows = {r["Kind"]: r for r in exported["tables"][0]["rows"]}
    text = render([table], [], "table", suppress=True)
    assert WORDS not in text and "Robin" not in text
    assert [r[0] for r in table.rows] == ["Risk to self", "Neglect or self-neglect"]  # the draft is not counted
    assert table.rows[1][3].n == 1 and "<5" in text
    assert rows["Risk to self"] == {"Kind": "Risk to self", "Open": 5, "Closed": 0, "All": 5}  # 6, rounded
    assert rows["Neglect or self-neglect"]["Open"] == "<5"


def run(capsys, *argv):
    code = cli(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_add_list_close(tmp_path, capsys):
    home = str(tmp_path / "laptop")
    code, out, err = run(capsys, "--data-dir", home, "demo", "--people", "3", "--seed", "2", "--json")
    assert code == 0, err
    code, out, _ = run(capsys, "--data-dir", home, "referrals", "list", "--json")
    person = json.loads(out)[0]["person_id"]
    code, _, err = run(capsys, "--data-dir", home, "concerns", "add", person, "--category", "self",
                       "--what", WORDS)
    assert code == 1 and "Say who you told" in err and "Traceback" not in err
    code, out, err = run(capsys, "--data-dir", home, "concerns", "add", person, "--category", "self,exploitation",
                         "--what", WORDS, "--action", "Called 111 with them",
                         "--lead-informed", "Sam Lead, 01/12/2026, phone", "--json")
    assert code == 0, err
    added = json.loads(out)
    assert added["status"] == "open" and added["categories"] == ["self", "exploitation"]
    code, out, _ = run(capsys, "--data-dir", home, "concerns", "list", "--open", "--json")
    assert [c["id"] for c in json.loads(out)] == [added["id"]]
    code, _, err = run(capsys, "--data-dir", home, "concerns", "close", added["id"], "--outcome", "Seen by GP")
    assert code == 1 and "Only the safeguarding lead" in err
    code, _, err = run(capsys, "--data-dir", home, "--volunteer", "concerns", "list")
    assert code == 1 and "Volunteers' mode cannot see" in err
    settings = tmp_path / "laptop" / "settings.toml"
    settings.write_text(settings.read_text().replace('role = "advisor"', 'role = "lead"'))
    code, out, err = run(capsys, "--data-dir", home, "concerns", "close", added["id"], "--outcome", "Seen by GP")
    assert code == 0, err
    code, out, _ = run(capsys, "--data-dir", home, "concerns", "list", "--open", "--json")
    assert json.loads(out) == []


def test_the_report_set_counts_concerns_raised_in_its_period(runtime, person):
    from liferooms_tui.reports import build_reports
    from liferooms_tui.reports.layout import render_report
    from liferooms_tui.reports.period import Period

    with runtime.store.session() as session:
        concerns.raise_concern(session, runtime.actor, person, what=WORDS, categories=["exploitation"], lead=TOLD)
        today = date.today()
        now = build_reports(session, runtime.actor, Period(today.replace(day=1), today))
        before = build_reports(session, runtime.actor, Period(date(2020, 1, 1), date(2020, 12, 31)))
    kinds = {t.key: t for t in now.safeguarding}
    assert [r[0] for r in kinds["concerns_by_kind"].rows] == ["Exploitation"]
    assert {t.key: t.rows for t in before.safeguarding}["concerns_by_kind"] == []
    text = render_report(now, "table", suppress=True)
    assert "Safeguarding concerns by kind" in text and WORDS not in text and "Robin" not in text
