"""Property-based: any text in any typed field or imported file is stored as given (or refused with an
InvalidValue that says what is expected), never another exception, and always displays literally."""

from __future__ import annotations

import asyncio
import io
import re
import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from laptops import open_laptop
from rich.console import Console
from rich.text import Text
from sqlmodel import select

from liferooms_tui import referrals
from liferooms_tui.db.models import Partner
from liferooms_tui.dropin import conversations, people, prescriptions
from liferooms_tui.dropin.conversations import check_score
from liferooms_tui.referrals import feedback
from liferooms_tui.safetext import literal
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.widgets.partner_card import partner_text
from liferooms_tui.vocabulary import InvalidValue, normalise_district

HOSTILE = ["[bold red]x[/]", "[link=http://x]y[/link]", "\x1b[31m", "\u202e", "\x00", "\r\n", "\t", "[/]", "[",
           "\u2028", "\ufeff", "\x7f", "\u200b", "𝕏", "👩‍👩‍👧", "e\u0301", "\\x1b"]
short_texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(HOSTILE) | st.text(max_size=5), max_size=12).map("".join),
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Co"]), max_size=30),
)
texts = short_texts | st.just("x" * 100_000)
CHECK = settings(derandomize=True, max_examples=60, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
UNSAFE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def unsafe_characters(text: str) -> set[str]:
    return {ch for ch in text if ch != "\n" and unicodedata.category(ch) in UNSAFE}


@pytest.fixture(scope="module")
def laptop(tmp_path_factory):
    rt = open_laptop(tmp_path_factory.mktemp("arbitrary"))
    with rt.store.session() as session:
        person = people.add_person(session, rt.actor, "Arbitrary Person (fictional)", consent_store=True,
                                   consent_share=True)
        talk = conversations.start_conversation(session, rt.actor, person.id)
        plan = prescriptions.prescription_for(session, rt.actor, talk.id)
        partner = next(p for p in session.exec(select(Partner)) if not p.catchment and not p.benefits_required
                       and not p.capacity_per_week and p.min_age is None and p.max_age is None)
        referral = referrals.create_referral(session, rt.actor, person.id, partner.id)
        rt.ids = {"person": person.id, "talk": talk.id, "plan": plan.id, "referral": referral.id}
    yield rt
    rt.close()


def attempt(laptop, work):
    """Run one example in a transaction that is always rolled back; returns the result or the InvalidValue."""
    with laptop.store.session() as session:
        try:
            return work(session)
        except InvalidValue as exc:
            assert str(exc).strip()  # one sentence saying what is expected
            return exc
        finally:
            session.rollback()


def round_trip(session, row):
    session.flush()
    session.expire(row)
    session.refresh(row)
    return row


@CHECK
@given(name=texts)
def test_person_name(laptop, name):
    def work(session):
        person = people.add_person(session, laptop.actor, name, consent_store=True, consent_share=False)
        assert round_trip(session, person).display_name == " ".join(name.split())
        people.find_people(session, laptop.actor, name)
    attempt(laptop, work)


@CHECK
@given(text=texts | st.from_regex(r"\A[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d?[A-Za-z]{0,2}\Z"))
def test_postcode_district(text):
    try:
        district = normalise_district(text)
    except InvalidValue as exc:
        assert "postcode district" in str(exc)
        return
    assert district is None or re.fullmatch(r"[A-Z]{1,2}[0-9][0-9A-Z]?", district)


@CHECK
@given(text=texts | st.from_regex(r"\A\d{1,3}/\d{1,3}/\d{1,6}\Z") | st.from_regex(r"\A\d{4}-\d\d-\d\d\Z"))
def test_date_of_birth(text):
    try:
        born = people.parse_date_of_birth(text)
    except InvalidValue as exc:
        assert "date of birth" in str(exc)
        return
    assert born is None or date(1900, 1, 1) <= born <= date.today()


@pytest.mark.parametrize("parse", [people.parse_date_of_birth, feedback.parse_day], ids=["birth", "feedback-day"])
def test_dates_with_a_huge_year(parse):
    with pytest.raises(InvalidValue):
        parse("1/1/99999999999999999999")


SCORES = [  # (what is scored, how it is checked, lowest, highest, words the refusal must contain)
    ("ONS4", lambda v: check_score("ons_happy", v), 0, 10, ["from 0 to 10"]),
    ("did it help", feedback.parse_score, 1, 5, ["from 1", "to 5"]),
]
typed_numbers = st.integers(-3, 13).flatmap(lambda n: st.sampled_from([n, str(n), f" {n} ", f"+{n}"]))


def ascii_whole_number(value) -> int | None:
    """The whole number a person plainly typed (or passed as an int), else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]{1,6}", value.strip()):
        return int(value.strip())
    return None


@CHECK
@given(value=texts | typed_numbers | st.integers() | st.floats(allow_nan=True) | st.none())
@example(value=-1)
@example(value="0")
@example(value=10)
@example(value="11")
@example(value=1)
@example(value="5")
@example(value=6)
@example(value=" ")
@example(value=2.5)
def test_scores(value):
    for what, check, low, high, words in SCORES:
        number = ascii_whole_number(value)
        try:
            score = check(value)
        except InvalidValue as exc:
            message = str(exc)
            assert all(w in message for w in words), f"{what}: refusal {message!r} does not say the range"
            assert number is None or not low <= number <= high, f"{what}: {value!r} is in range but was refused"
            assert value is not None and (not isinstance(value, str) or value.strip()), f"{what}: blank refused"
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            assert score is None, f"{what}: a blank answer must be skipped, got {score!r}"
            continue
        assert isinstance(score, int) and low <= score <= high, f"{what}: {value!r} accepted as {score!r}"
        assert number is None or score == number, f"{what}: {value!r} stored as {score}"
        assert not isinstance(value, float), f"{what}: {value!r} is not a whole number but was accepted"


@CHECK
@given(words=texts)
def test_what_matters_is_kept_exactly(laptop, words):
    def work(session):
        conversations.autosave(session, laptop.actor, laptop.ids["talk"], what_matters=words)
        talk = conversations.get_conversation(session, laptop.actor, laptop.ids["talk"])
        assert round_trip(session, talk).what_matters == words
    attempt(laptop, work)


@CHECK
@given(activity=texts, goal=texts)
def test_plan_activity_and_goal(laptop, activity, goal):
    def work(session):
        item = prescriptions.add_item(session, laptop.actor, laptop.ids["plan"], activity=activity, goal=goal)
        item = round_trip(session, item)
        assert item.activity == " ".join(activity.split()) and item.goal == goal.strip()
        prescriptions.set_goal(session, laptop.actor, item.id, activity)
    attempt(laptop, work)


@CHECK
@given(note=texts, reason=texts)
def test_referral_notes_and_reasons(laptop, note, reason):
    def work(session):
        event = referrals.record_status(session, laptop.actor, laptop.ids["referral"], "declined", reason=reason,
                                        note=note)
        event = round_trip(session, event)
        assert event.reason == reason.strip()
        # queued -> declined skips "sent": the note keeps the words typed after saying it was a jump
        assert event.note.startswith(referrals.JUMP_MARK) and event.note.endswith(note.strip())
    attempt(laptop, work)


@CHECK
@given(comment=texts, day=texts)
def test_feedback_comment_and_day(laptop, comment, day):
    def work(session):
        row = feedback.record_person_feedback(session, laptop.actor, laptop.ids["referral"], went=True,
                                              comment=comment, reported_on=day or None)
        assert round_trip(session, row).comment == comment.strip()
    attempt(laptop, work)


@CHECK
@given(text=texts)
def test_any_text_displays_literally(text):
    shown = Text(literal(text))
    assert not unsafe_characters(shown.plain)
    console = Console(width=60, file=io.StringIO(), color_system=None)
    console.print(shown)
    assert "\x1b" not in console.file.getvalue()
    partner = Partner(name=text, description=text, who_for=text, contact_name=text, schedule=text, services=[text])
    assert not unsafe_characters(partner_text(partner).plain)


openreferral = pytest.importorskip("liferooms_tui.directory.openreferral.importer")
read = pytest.importorskip("liferooms_tui.directory.openreferral.read")


@CHECK
@given(data=st.binary(max_size=300) | texts.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_importer_reads_any_bytes(data):
    try:
        read.parse_json(data, "feed.json")
    except InvalidValue as exc:
        assert str(exc)


service = st.fixed_dictionaries(
    {"id": texts, "name": texts, "description": texts, "email": texts, "url": texts},
    optional={"organization": st.fixed_dictionaries({"name": texts}), "status": texts,
              "assured_date": texts, "eligibility_description": texts},
)


@CHECK
@given(services=st.lists(service | st.text(max_size=10) | st.integers(), max_size=3))
def test_importer_takes_any_services(laptop, services):
    def work(session):
        summary = openreferral.import_directory(session, laptop.actor, services, "arbitrary")
        session.flush()
        for partner in session.exec(select(Partner).where(Partner.source == "arbitrary")):
            assert not unsafe_characters(partner_text(partner).plain)
        return summary
    attempt(laptop, work)


form_entries = st.tuples(short_texts, short_texts, st.text(max_size=12))


@settings(derandomize=True, max_examples=1, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(entries=st.lists(form_entries, min_size=8, max_size=8))
def test_new_person_form_never_crashes(laptop, entries):
    """One app, several people typed into the form: saved, or refused in words with what was typed kept."""
    person_form = pytest.importorskip("liferooms_tui.tui.screens.person_form")
    from textual.widgets import Checkbox, Input

    from liferooms_tui.tui.app import create_app

    async def run() -> None:
        app = create_app(laptop, ask_passphrase=False)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            for name, postcode, born in entries:
                form = person_form.NewPersonScreen()
                app.push_screen(form)
                await pilot.pause()
                for field, value in (("#name", name), ("#postcode", postcode), ("#dob", born)):
                    form.query_one(field, Input).value = value
                form.query_one("#consent-store", Checkbox).value = True
                await pilot.press("ctrl+s")
                await pilot.pause()
                while app.screen is not form and isinstance(app.screen, ChoiceScreen):
                    await pilot.press("escape")  # "someone like this exists": back to the form
                    await pilot.pause()
                if app.screen is form:  # refused: what was typed is kept
                    assert form.query_one("#name", Input).value == name
                    form.dismiss(None)
                    await pilot.pause()

    asyncio.run(run())
