"""Golden screens: what a person sees in each section, and in the Talk, Plan and Refer steps of a drop-in, at
80x24 and 160x45, compared exactly with the plain-text files in tests/tui/snapshots/.

A change to what a screen says shows here as a unified diff. When the change is meant, rewrite the files with
    python -m pytest tests/tui/test_snapshots.py --update-snapshots -n 2
and read the diff of tests/tui/snapshots/ before committing it.

Everything shown is made deterministic: the demo people come from a fixed seed, the clock is frozen at a fixed
day and time (freezegun, ticking from it so timers still run) in UTC, the laptop id and shared file are fixed,
and all the people are fictional."""

from __future__ import annotations

import difflib
import os
import random
import shutil
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from freezegun import freeze_time
from laptops import SERVICE_KEY, joined, open_laptop
from sqlmodel import select

from liferooms_tui import demo
from liferooms_tui.config import Settings, resolve_paths, save_settings
from liferooms_tui.db.models import Partner
from liferooms_tui.dropin import conversations, people, prescriptions
from liferooms_tui.partners import changes, partnership
from liferooms_tui.sync import engine, shared
from liferooms_tui.tui.app import Timings, create_app
from liferooms_tui.tui.screens.conversation import ConversationScreen
from liferooms_tui.tui.widgets.status_line import StatusLine

from .screen import settle

SNAPSHOTS = Path(__file__).with_name("snapshots")
TODAY = date(2026, 3, 2)
NOW = "2026-03-02 10:30:00"  # a Monday, mid-morning, during a drop-in
SYNCED_AT = "2026-03-02 09:05:00"  # the morning's sync, before the last two drop-ins
SHARED_FILE = "/srv/liferooms/shared.db"  # shown on the Sync screen; fixed, not where the test's file is
SIZES = [(80, 24), (160, 45)]
# No idle timer (the lock never covers a screen being read), and no timed saves or status refreshes racing the
# last look: what the keys saved is saved by then, and the status line is asked once more just before it.
QUIET = Timings(idle_check=None, autosave=3600.0, status_refresh=3600.0)


@pytest.fixture(autouse=True)
def utc():
    """Times shown in local time are shown for UTC, wherever the tests run."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@contextmanager
def seeded_ids(seed: str):
    """Row ids (uuid4) from a seeded generator: rows that sort equal (same day) are then listed in the same order
    on every run."""
    rng = random.Random(seed)
    real = uuid.uuid4
    uuid.uuid4 = lambda: uuid.UUID(int=rng.getrandbits(128), version=4)
    try:
        yield
    finally:
        uuid.uuid4 = real


def make_laptop(folder: Path) -> None:
    """The demo laptop: the sample directory, 12 fictional people seen over five months (seed 7), a sync this
    morning, then two more drop-ins (so something is queued)."""
    paths = resolve_paths(str(folder))
    save_settings(paths, Settings(advisor="Alex Advisor", site="Bootle Hub", laptop_id="snapshot0001"))
    with seeded_ids("template"), freeze_time(SYNCED_AT):
        runtime = open_laptop(folder)
        with runtime.store.session() as session:
            demo.fill(session, runtime.actor, 12, seed=7, today=TODAY)
        shared_file = shared.init_shared(folder / "shared.db", key=SERVICE_KEY)
        engine.run_sync(joined(runtime), str(shared_file))
    with seeded_ids("later"), freeze_time("2026-03-02 09:40:00"), runtime.store.session() as session:
        demo.fill(session, runtime.actor, 2, seed=8, today=TODAY)
    runtime.settings.shared_path = SHARED_FILE
    save_settings(runtime.paths, runtime.settings)
    runtime.close()


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    """Made once per test process, copied for each test (each may change its copy)."""
    folder = tmp_path_factory.mktemp("snapshot-template") / "laptop"
    make_laptop(folder)
    return folder


def in_a_drop_in(step_key: str):
    """Sam (fictional) came in this morning: a drop-in under way with notes, two needs, scores and a plan."""
    async def go(pilot, runtime) -> None:
        with runtime.store.session() as session:
            sam = people.add_person(session, runtime.actor, "Sam Example (fictional)", postcode_district="L20",
                                    consent_store=True, consent_share=True)
            talk = conversations.start_conversation(session, runtime.actor, sam.id)
            conversations.autosave(session, runtime.actor, talk.id, needs=["wellbeing", "creative"],
                                   what_matters="Moved here last year; would like to meet people and walk more.",
                                   ons_satisfied=5, ons_worthwhile=6, ons_happy=4, ons_anxious=7)
            plan = prescriptions.prescription_for(session, runtime.actor, talk.id)
            partner = session.exec(select(Partner).where(Partner.active == True)  # noqa: E712
                                   .order_by(Partner.name)).first()
            item = prescriptions.add_item(session, runtime.actor, plan.id, partner_id=partner.id,
                                          goal="meet people once a week")
            prescriptions.set_agreed(session, runtime.actor, item.id, True)
            prescriptions.add_item(session, runtime.actor, plan.id, activity="Walk on the prom", goal="feel calmer")
        pilot.app.push_screen(ConversationScreen(talk.id))
        await settle(pilot)
        await pilot.press(step_key)
    return go


def a_register(pilot, runtime):
    """Three fictional people on a sample course running this spring; its register for the latest session."""
    async def go(pilot, runtime) -> None:
        from liferooms_tui import courses
        from liferooms_tui.courses import enrolment, register
        from liferooms_tui.tui.screens.course_register import RegisterScreen

        with runtime.store.session() as session:
            course = courses.find_course(session, "Sing Your Heart Out (fictional)")
            for name in ("Ama B. (fictional)", "Bea C. (fictional)", "Cal D. (fictional)"):
                person = people.add_person(session, runtime.actor, name, consent_store=True, consent_share=True)
                enrolment.enrol(session, runtime.actor, course.id, person.id, today=date(2026, 1, 5))
                register.mark(session, runtime.actor, course.id, 1, {person.id: "present"})
        pilot.app.push_screen(RegisterScreen(course.id))
        await settle(pilot)
        await pilot.press("p", "a")
    return go(pilot, runtime)


@dataclass(frozen=True)
class Case:
    name: str
    go: object  # async (pilot, runtime) -> None: from the app's first screen to the one shown
    volunteer: bool = False


def _section(key: str):
    async def go(pilot, runtime) -> None:
        await pilot.press(key)
    return go


def partner_page():
    """The Partners section's page of the first partner, with an owner, a catch-up, capacity and a check."""
    async def go(pilot, runtime) -> None:
        with runtime.store.session() as session:
            first = session.exec(select(Partner).where(Partner.active == True)  # noqa: E712
                                 .order_by(Partner.name)).first()
            partnership.set_partnership(session, runtime.actor, first.id, owner="Alex Advisor",
                                        agreement_signed_on="01/09/2025", agreement_review_on="01/09/2026")
            partnership.add_catch_up(session, runtime.actor, first.id, met_on="16/02/2026", who_met="Jo (fictional)",
                                     notes="Two places a week from April.", partner_said="Referrals arrive ready.")
            changes.record_capacity(session, runtime.actor, first.id, status="waiting list", waiting_weeks=3,
                                    said_on="23/02/2026", said_by="Jo (fictional)")
            changes.verify(session, runtime.actor, first.id, checked="contact, eligibility")
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("down", "enter")
    return go


async def _attention(pilot, runtime) -> None:
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("ctrl+f")


CASES = [
    Case("dropin", _section("f2")),
    Case("directory", _section("f3")),
    Case("referrals", _section("f4")),
    Case("reports", _section("f5")),
    Case("sync", _section("f6")),
    Case("volunteer-directory", _section("f3"), volunteer=True),
    Case("dropin-talk", in_a_drop_in("f7")),
    Case("dropin-plan", in_a_drop_in("f8")),
    Case("dropin-refer", in_a_drop_in("f9")),
    Case("crisis", _section("f12")),
    Case("concern-form", in_a_drop_in("f10")),
    Case("partner-page", partner_page()),
    Case("partners-attention", _attention),
    Case("courses", _section("f11")),
    Case("course-register", a_register),
]


def volunteer_laptop(folder: Path):
    """A volunteer's laptop: set up as one (the directory only, nothing personal), with the same name and site."""
    save_settings(resolve_paths(str(folder)), Settings(advisor="Alex Advisor", site="Bootle Hub",
                                                       laptop_id="snapshot0002"))
    return open_laptop(folder, role="volunteer")


def snapshot_file(case: Case, size: tuple[int, int]) -> Path:
    return SNAPSHOTS / f"{case.name}-{size[0]}x{size[1]}.txt"


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_screen_matches_its_snapshot(case, size, template, tmp_path, update_snapshots):
    folder = tmp_path / "laptop"
    shutil.copytree(template, folder)
    with seeded_ids(case.name), freeze_time(NOW, tick=True, real_asyncio=True):
        runtime = volunteer_laptop(tmp_path / "volunteer") if case.volunteer else open_laptop(folder)
        try:
            app = create_app(runtime, timings=QUIET, ask_passphrase=False)
            async with app.run_test(size=size) as pilot:
                await settle(pilot)
                await case.go(pilot, runtime)
                await settle(pilot)
                for line in app.screen.query(StatusLine):
                    line.refresh_status()
                shown = await settle(pilot)
        finally:
            runtime.close()
    path = snapshot_file(case, size)
    if update_snapshots:
        path.parent.mkdir(exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != shown:
            path.write_text(shown, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no snapshot {path.name} yet: run pytest {__file__} --update-snapshots and check it")
    expected = path.read_text(encoding="utf-8")
    if shown != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), shown.splitlines(True),
                                            f"{path.name} (expected)", "the screen now"))
        pytest.fail(f"{case.name} at {size[0]}x{size[1]} differs from its snapshot "
                    f"(rewrite with --update-snapshots if the change is meant):\n{diff}", pytrace=False)
