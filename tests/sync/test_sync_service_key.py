"""The shared file is encrypted with the service key: what a copied file gives away (nothing readable), what a
laptop without the key, with the wrong one, or given a cut-short or foreign file is told (one sentence, its queue
kept), and how a laptop is given the key (`shared join`)."""

from __future__ import annotations

import re
import sqlite3

import pytest
from laptops import PASSPHRASE, SERVICE_KEY, cli, open_laptop
from sqlmodel import select
from sync_helpers import add_referral, make_laptop, new_shared
from test_sync_faults import fails

from liferooms_tui.config import DATABASE_FILE
from liferooms_tui.db.models import Person
from liferooms_tui.sync import directory_file, service_key, shared

OTHER_KEY = bytes(range(1, 33))


def printable_runs(data: bytes) -> str:
    """What `strings` prints: runs of four or more printable characters."""
    return "\n".join(m.decode("ascii") for m in re.findall(rb"[\x20-\x7e]{4,}", data))


def test_after_setup_demo_and_a_sync_no_name_is_readable_anywhere(tmp_path, capsys):
    home, share = tmp_path / "laptop", tmp_path / "share.db"
    assert cli(["--data-dir", home, "setup", "--advisor", "Ann Advisor", "--site", "Bootle Hub"]) == 0
    assert cli(["--data-dir", home, "demo", "--people", "6", "--seed", "3"]) == 0
    assert cli(["--data-dir", home, "shared", "init", share, "--use"]) == 0
    assert cli(["--data-dir", home, "sync"]) == 0
    capsys.readouterr()
    runtime = open_laptop(home)
    with runtime.store.session() as session:
        names = [p.display_name for p in session.exec(select(Person))]
    database, key = runtime.paths.database, service_key.laptop_key(runtime.store)
    runtime.close()
    conn = shared.connect(share, key=key)
    assert len(names) == 6 and conn.execute("SELECT count(*) FROM person").fetchone()[0] == 6  # they reached it
    conn.close()
    files = [share, database, database.with_name(DATABASE_FILE + "-wal"), directory_file.directory_path(share)]
    for path in files:
        if path.exists():
            text = printable_runs(path.read_bytes())
            assert not [name for name in names if name.removesuffix(" (demo)") in text], path  # "Sam T."
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(share).execute("SELECT count(*) FROM person").fetchone()
    assert "Bootle Voices" in printable_runs(directory_file.directory_path(share).read_bytes())  # the directory is


def test_no_key_says_ask_the_lead_and_keeps_the_queue(laptop, tmp_path):
    path = new_shared(tmp_path)
    with laptop.store.session() as session:
        service_key.forget_key(session)
    data = path.read_bytes()
    message = fails(laptop, path, "no-key", "This laptop has no key for the shared file: ask the service's lead for "
                    "it and run 'liferooms shared join'")
    assert message.count(". ") <= 1 and path.read_bytes() == data


def test_a_wrong_key_says_so_and_keeps_the_queue(laptop, tmp_path):
    path = new_shared(tmp_path)
    with laptop.store.session() as session:
        service_key.keep_key(session, laptop.actor, OTHER_KEY)
    data = path.read_bytes()
    fails(laptop, path, "wrong-key", "The service key on this laptop does not open the shared file", str(path),
          "liferooms shared join")
    assert path.read_bytes() == data


@pytest.mark.parametrize("cut", [5000, 4096 * 3])
def test_a_cut_short_shared_file_says_so_and_keeps_the_queue(laptop, tmp_path, cut):
    path = new_shared(tmp_path)
    path.write_bytes(path.read_bytes()[:cut])  # a copy that stopped part-way (mid-page, or at a page boundary)
    data = path.read_bytes()
    if cut % shared.PAGE_SIZE:
        fails(laptop, path, "truncated", "is not a whole liferooms shared file", "cut short")
    else:  # whole pages: it opens, and its missing pages are met as damage
        fails(laptop, path, "corrupt", "damaged", "Restore the shared file from a backup")
    assert path.read_bytes() == data


def test_a_foreign_file_says_so_and_keeps_the_queue(laptop, tmp_path):
    path = tmp_path / "holiday.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40)  # not ours, not SQLite
    fails(laptop, path, "truncated", "another kind of file", "Check the path")
    assert path.read_bytes()[:4] == b"\xff\xd8\xff\xe0"


def test_cli_faults_are_one_line_without_sqlcipher_noise(tmp_path, capfd):
    rt = make_laptop(tmp_path, "a")
    add_referral(rt)
    with rt.store.session() as session:
        service_key.keep_key(session, rt.actor, OTHER_KEY)
    rt.close()
    path = new_shared(tmp_path)
    for argv in (["sync", "--shared", path], ["shared", "check", path]):
        code = cli(["--data-dir", tmp_path / "a", *argv])
        out, err = capfd.readouterr()
        assert code == 1 and out == "" and len(err.strip().splitlines()) == 1, err
        assert "does not open the shared file" in err and "hmac" not in err.lower()


def test_join_keeps_the_key_typed_or_from_a_file_and_refuses_a_wrong_one(tmp_path, capsys):
    home = tmp_path / "b"
    assert cli(["--data-dir", home, "setup", "--advisor", "Bo", "--site", "Bootle Hub"]) == 0
    path = new_shared(tmp_path)
    assert cli(["--data-dir", home, "shared", "join"], stdin=f"{PASSPHRASE}\nABCD-EFGH\n") == 1
    assert "not the service key" in capsys.readouterr().err
    other = service_key.readable(OTHER_KEY)
    assert cli(["--data-dir", home, "sync", "--shared", path]) == 1  # no key yet
    runtime = open_laptop(home)
    runtime.settings.shared_path = str(path)
    from liferooms_tui.config import save_settings
    save_settings(runtime.paths, runtime.settings)
    runtime.close()
    capsys.readouterr()
    assert cli(["--data-dir", home, "shared", "join"], stdin=f"{PASSPHRASE}\n{other}\n") == 1
    assert "does not open the shared file" in capsys.readouterr().err  # checked against the file: not kept
    key_file = tmp_path / "service-key.txt"
    key_file.write_text("# from the lead (fictional)\n" + service_key.readable(SERVICE_KEY).lower() + "\n")
    assert cli(["--data-dir", home, "shared", "join", "--key-file", key_file]) == 0
    assert "now has the service key" in capsys.readouterr().out
    assert cli(["--data-dir", home, "sync"]) == 0
    runtime = open_laptop(home)
    with runtime.store.session() as session:
        assert service_key.kept_key(session) == SERVICE_KEY
    runtime.close()
    assert SERVICE_KEY.hex() not in (home / "settings.toml").read_text() + (home / "keys.json").read_text()


def test_a_volunteer_laptop_is_never_given_the_key(tmp_path, capsys):
    volunteer = tmp_path / "v"
    assert cli(["--data-dir", volunteer, "setup", "--advisor", "Val", "--site", "Bootle Hub", "--role",
                "volunteer"]) == 0
    path = new_shared(tmp_path)
    code = cli(["--data-dir", volunteer, "shared", "join"], stdin=service_key.readable(SERVICE_KEY) + "\n")
    assert code == 1 and "Volunteers' mode" in capsys.readouterr().err
    assert cli(["--data-dir", volunteer, "sync", "--shared", path]) == 0  # the directory, from beside it
    code = cli(["--data-dir", volunteer, "shared", "init", tmp_path / "new.db"])
    assert code == 1 and not (tmp_path / "new.db").exists()


def test_the_key_is_shown_in_a_form_that_catches_a_typing_slip():
    key = service_key.new_service_key()
    shown = service_key.readable(key)
    assert len(shown.split("-")) == 14 and service_key.parse(shown.lower().replace("-", " ")) == key
    slipped = ("B" if shown[0] != "B" else "C") + shown[1:]
    with pytest.raises(ValueError, match="not the service key"):
        service_key.parse(slipped)

