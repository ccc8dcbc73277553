"""The fictional sample is a choice: the first run asks for it or an empty directory (the dialog and `setup
--directory`), `directory sample remove` takes it off a laptop (partners with referrals are deactivated, not
deleted, and it says how many of each) and it is not loaded again; sample partners are marked fictional."""

from __future__ import annotations

import json

from laptops import CHEAP, PASSPHRASE, cli, open_laptop
from sqlmodel import func, select

from liferooms_tui.db.models import Partner, Referral
from liferooms_tui.directory.sample import SAMPLE_SOURCE, remove_sample, sample_records
from liferooms_tui.runtime import open_runtime, setup_laptop
from liferooms_tui.tui.screens.lock import RecoveryKeyScreen, SetPassphraseScreen
from liferooms_tui.tui.start import Opening
from liferooms_tui.tui.widgets.partner_card import partner_name, partner_text


def _partners(runtime) -> int:
    with runtime.store.session() as session:
        return session.exec(select(func.count()).select_from(Partner)).one()


async def test_first_run_offers_an_empty_directory(tmp_path):
    folder = tmp_path / "new"
    app = Opening(str(folder))
    app._set_up = lambda name, site, first, second, directory: setup_laptop(
        str(folder), advisor=name, site=site, passphrase=first, second=second, cost=CHEAP, directory=directory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetPassphraseScreen)
        await pilot.press(*"Sam", "enter", "enter", "enter")  # name; the site list opened and kept
        await pilot.pause()
        assert app.screen.query_one("#directory").has_focus
        await pilot.press("enter", "down", "enter")  # the list opened: the empty directory
        await pilot.pause()
        assert str(app.screen.query_one("#directory").value) == "empty"
        await pilot.press(*PASSPHRASE, "enter", *PASSPHRASE, "enter")
        await pilot.pause()
        assert isinstance(app.screen, RecoveryKeyScreen)
        await pilot.press("enter")
        await pilot.pause()
    runtime = app.return_value
    try:
        assert _partners(runtime) == 0 and runtime.settings.sample_directory is False
    finally:
        runtime.close()
    again = open_runtime(str(folder), passphrase=PASSPHRASE)  # an empty directory stays empty
    try:
        assert _partners(again) == 0
    finally:
        again.close()


def test_setup_from_the_command_line_chooses_the_directory(tmp_path, capsys):
    empty, sample = str(tmp_path / "empty"), str(tmp_path / "sample")
    assert cli(["--data-dir", empty, "setup", "--advisor", "Sam", "--site", "Bootle Hub", "--directory", "empty"]) == 0
    assert "an empty directory: import or add partners" in capsys.readouterr().out
    assert cli(["--data-dir", sample, "setup", "--advisor", "Sam", "--site", "Bootle Hub"]) == 0
    capsys.readouterr()
    assert cli(["--data-dir", empty, "directory", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert cli(["--data-dir", sample, "directory", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed and all(p["fictional"] for p in listed)
    assert cli(["--data-dir", empty, "demo", "--people", "3"]) == 1  # never fictional people to real partners
    assert "has none" in capsys.readouterr().err
    assert cli(["--data-dir", str(tmp_path / "x"), "setup", "--advisor", "Sam", "--site", "Bootle Hub",
                "--directory", "none"]) == 2
    assert "invalid choice: 'none'" in capsys.readouterr().err
    assert not (tmp_path / "x" / "liferooms.db").exists()  # nothing half set up


def test_sample_remove_deactivates_partners_with_referrals_and_deletes_the_rest(tmp_path, capsys):
    data = str(tmp_path / "laptop")
    assert cli(["--data-dir", data, "demo", "--people", "6", "--seed", "2"]) == 0
    runtime = open_laptop(data)
    try:
        with runtime.store.session() as session:
            referred = set(session.exec(select(Referral.partner_id)))
            referrals = session.exec(select(func.count()).select_from(Referral)).one()
    finally:
        runtime.close()
    assert referred and referrals
    capsys.readouterr()
    assert cli(["--data-dir", data, "directory", "sample", "remove", "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["deactivated"] >= len(referred) and said["deleted"] + said["deactivated"] == len(sample_records())
    assert f"{said['deleted']} partners deleted" in said["said"] and "deactivated, not deleted" in said["said"]
    assert cli(["--data-dir", data, "directory", "list", "--json"]) == 0
    assert not [p for p in json.loads(capsys.readouterr().out) if p["fictional"] or p["source"] == SAMPLE_SOURCE]
    runtime = open_laptop(data)
    try:
        with runtime.store.session() as session:
            assert session.exec(select(func.count()).select_from(Referral)).one() == referrals  # all kept
            kept = list(session.exec(select(Partner).where(Partner.source == SAMPLE_SOURCE)))
            assert {p.id for p in kept} >= referred and not any(p.active for p in kept)
            assert remove_sample(session, runtime.actor).sentence().startswith("There is no fictional sample")
    finally:
        runtime.close()


def test_a_laptop_without_the_sample_is_not_filled_with_it_again(tmp_path, capsys):
    data = str(tmp_path / "laptop")
    assert cli(["--data-dir", data, "directory", "sample", "remove"]) == 0
    assert f"{len(sample_records())} partners deleted. It is not loaded again." in capsys.readouterr().out
    runtime = open_laptop(data)
    try:
        assert _partners(runtime) == 0 and runtime.settings.sample_directory is False
    finally:
        runtime.close()


def test_sample_partners_are_marked_fictional_on_cards_and_in_lists(runtime):
    with runtime.store.session() as session:
        sample = session.exec(select(Partner).where(Partner.source == SAMPLE_SOURCE)).first()
    real = Partner(name="Real Org", source="council")
    assert partner_name(sample).plain == f"✻ {sample.name}" and partner_name(real).plain == "Real Org"
    assert "Fictional: from the sample directory" in partner_text(sample).plain
    assert "Fictional" not in partner_text(real).plain


async def test_an_empty_directory_says_how_to_fill_it(tmp_path):
    from laptops import set_up
    from textual.widgets import Static

    from liferooms_tui.tui.app import create_app
    from liferooms_tui.tui.widgets.partner_search import EMPTY

    runtime = set_up(tmp_path / "laptop", directory="empty")
    try:
        app = create_app(runtime, ask_passphrase=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f3")
            for _ in range(20):
                await pilot.pause(0.05)
                if str(app.screen.query_one("#filter-line", Static).render()) == EMPTY:
                    break
            assert str(app.screen.query_one("#filter-line", Static).render()) == EMPTY
    finally:
        runtime.close()
