"""The passphrase protects the data itself: an advisor's database is encrypted at rest (SQLCipher), opened only by
the passphrase (or the recovery key); a volunteer's laptop holds no personal data; older folders are encrypted in
place, keeping every row."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest
from laptops import CHEAP, PASSPHRASE, cli, open_laptop, set_up
from sqlmodel import select

from liferooms_tui import demo
from liferooms_tui.config import DATABASE_FILE, Settings, load_settings, resolve_paths, save_settings
from liferooms_tui.db import keys
from liferooms_tui.db.models import Person
from liferooms_tui.db.store import SCHEMA_VERSION, Store, StoreError, encrypt_in_place, finish_encryption
from liferooms_tui.runtime import PassphraseNeeded, open_runtime, setup_laptop
from liferooms_tui.vocabulary import InvalidValue

SCHEMA_V1 = Path(__file__).parents[1] / "data" / "schema_v1.sql"
NAME = "Quinta Marlowe (fictional)"


def on_disk(folder: Path) -> bytes:
    """Every byte of the database, its -wal and -shm files, as `strings` would read them."""
    db = folder / DATABASE_FILE
    return b"".join(Path(f"{db}{s}").read_bytes() for s in ("", "-wal", "-shm") if Path(f"{db}{s}").exists())


def plain_readable(path: Path) -> bool:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def demo_names(runtime) -> list[str]:
    with runtime.store.session() as session:
        return [p.display_name for p in session.exec(select(Person))]


def test_after_setup_and_demo_no_name_is_on_disk_and_sqlite_cannot_read_it(tmp_path, capsys):
    folder = tmp_path / "laptop"
    assert cli(["--data-dir", folder, "setup", "--advisor", "Sam A", "--site", "Bootle Hub"]) == 0
    out = capsys.readouterr().out
    assert "Recovery key" in out and "gone for good" in out and PASSPHRASE not in out
    assert cli(["--data-dir", folder, "demo", "--people", "12", "--seed", "3"]) == 0
    runtime = open_runtime(str(folder), passphrase=PASSPHRASE)
    try:
        names = demo_names(runtime)
        assert len(names) == 12
        raw = on_disk(folder)  # read while the -wal file still holds the latest pages
    finally:
        runtime.close()
    assert Path(f"{folder / DATABASE_FILE}-wal").exists() or raw
    for name in names:
        assert name.encode() not in raw, name
    assert b"SQLite format 3" not in raw[:16]
    assert not plain_readable(folder / DATABASE_FILE)


def test_referrals_list_needs_the_passphrase(tmp_path, capsys):
    folder = tmp_path / "laptop"
    assert cli(["--data-dir", folder, "demo", "--people", "5"]) == 0
    capsys.readouterr()
    from liferooms_tui.commands.main import main

    assert main(["--data-dir", str(folder), "referrals", "list"]) == 1  # no terminal, no --passphrase-stdin
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "passphrase" in err
    assert cli(["--data-dir", folder, "referrals", "list"], stdin="not the right one\n") == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "not the passphrase" in err
    assert cli(["--data-dir", folder, "referrals", "list"]) == 0
    assert "(demo)" in capsys.readouterr().out
    assert cli(["--data-dir", folder, "privacy", "export", "nobody"], stdin="\n") == 1  # an empty line is wrong too


def test_a_folder_not_set_up_says_how_and_creates_nothing(tmp_path, capsys):
    from liferooms_tui.commands.main import main

    folder = tmp_path / "new"
    assert main(["--data-dir", str(folder), "referrals", "list"]) == 1
    err = capsys.readouterr().err
    assert "liferooms setup" in err and len(err.strip().splitlines()) == 1
    assert not (folder / DATABASE_FILE).exists() and not keys.keys_path(folder).exists()


def test_changing_the_passphrase_does_not_rewrite_the_database(runtime):
    folder, data_key = str(runtime.paths.data_dir), runtime.data_key
    runtime.close()

    def pages() -> str:  # every page but the first (its header counts each opening)
        return hashlib.sha256(Path(folder, DATABASE_FILE).read_bytes()[4096:]).hexdigest()

    before, kept = pages(), json.loads(keys.keys_path(folder).read_text())
    assert cli(["--data-dir", folder, "privacy", "passphrase"], stdin=f"{PASSPHRASE}\nthe new passphrase\n") == 0
    assert pages() == before
    now = json.loads(keys.keys_path(folder).read_text())
    assert now["recovery"] == kept["recovery"] and now["passphrase"] != kept["passphrase"]
    reopened = open_runtime(folder, passphrase="the new passphrase")
    assert reopened.data_key == data_key
    reopened.close()


def test_the_recovery_key_replaces_a_forgotten_passphrase(tmp_path, capsys):
    folder = tmp_path / "laptop"
    runtime = set_up(folder)
    recovery = runtime.recovery_key
    runtime.close()
    assert cli(["--data-dir", folder, "recover"], stdin="wrong-key\na new passphrase\n") == 1
    assert "not the recovery key" in capsys.readouterr().err
    assert cli(["--data-dir", folder, "recover"], stdin=f"{recovery.lower()}\na new passphrase\n") == 0
    open_runtime(str(folder), passphrase="a new passphrase").close()
    with pytest.raises(keys.WrongPassphrase):
        open_runtime(str(folder), passphrase=PASSPHRASE)


def test_a_volunteer_laptop_keeps_its_role_and_no_personal_data(tmp_path, capsys):
    folder = tmp_path / "volunteer"
    assert cli(["--data-dir", folder, "setup", "--advisor", "Val", "--site", "Bootle Hub", "--role", "volunteer"],
               stdin="") == 0
    assert "Recovery key" not in capsys.readouterr().out
    paths = resolve_paths(str(folder))
    assert load_settings(paths).role == "volunteer"
    runtime = open_runtime(str(folder))  # no passphrase: the partner directory only
    assert runtime.actor.is_volunteer and runtime.data_key is None
    runtime.close()
    settings = load_settings(paths)
    settings.role = "advisor"  # an edited settings file does not make an advisor's laptop
    save_settings(paths, settings)
    runtime = open_runtime(str(folder))
    assert runtime.actor.is_volunteer and load_settings(paths).role == "volunteer"
    runtime.close()
    with pytest.raises(InvalidValue, match="already set up"):
        setup_laptop(str(folder), advisor="Val", site="Bootle Hub", passphrase=PASSPHRASE, cost=CHEAP)
    data = json.loads(keys.keys_path(folder).read_text())
    keys.keys_path(folder).write_text(json.dumps(data | {"role": "advisor"}))  # nor does an edited keys file
    with pytest.raises(keys.KeyProblem, match="set up for a volunteer"):
        open_runtime(str(folder), passphrase=PASSPHRASE)
    assert cli(["--data-dir", folder, "referrals", "list"]) == 1
    assert "set up for a volunteer" in capsys.readouterr().err


def test_a_damaged_or_foreign_database_is_one_sentence_and_kept(tmp_path, capsys):
    folder = tmp_path / "laptop"
    set_up(folder).close()
    db = folder / DATABASE_FILE
    original = db.read_bytes()
    db.write_bytes(original[: len(original) // 3])  # truncated
    assert cli(["--data-dir", folder, "referrals", "list"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "backup" in err
    assert db.read_bytes() == original[: len(original) // 3]  # nothing written over it
    db.write_bytes(os.urandom(8192))  # someone else's encrypted file
    assert cli(["--data-dir", folder, "referrals", "list"]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def old_hash(passphrase: str) -> str:
    """A passphrase hash as settings kept it before the data was encrypted."""
    salt = b"0123456789abcdef"
    digest = keys.scrypt(passphrase, salt, CHEAP, 32)
    b64 = base64.b64encode
    return f"scrypt${CHEAP.n}${CHEAP.r}${CHEAP.p}${b64(salt).decode()}${b64(digest).decode()}"


def old_folder(folder: Path, *, v1: bool) -> None:
    """A data folder from before encryption: a plain database (from the v1 fixture, or today's schema) holding
    one person, and settings with the passphrase's hash."""
    folder.mkdir(mode=0o700)
    db = folder / DATABASE_FILE
    if v1:
        conn = sqlite3.connect(db)
        conn.executescript(SCHEMA_V1.read_text())
        conn.execute("PRAGMA user_version=1")
        conn.commit()
        conn.close()
    store = Store(db)
    with store.session() as session:
        session.add(Person(origin_site="Bootle Hub", display_name=NAME))
    store.close()
    assert NAME.encode() in on_disk(folder)
    save_settings(resolve_paths(str(folder)), Settings(advisor="Old Hand", passphrase_hash=old_hash(PASSPHRASE)))


@pytest.mark.parametrize("v1", [True, False], ids=["schema v1", "today's schema"])
def test_an_older_folder_is_encrypted_in_place_on_the_first_start(tmp_path, capsys, v1):
    folder = tmp_path / "old"
    old_folder(folder, v1=v1)
    with pytest.raises(PassphraseNeeded):
        open_runtime(str(folder))
    with pytest.raises(keys.WrongPassphrase):
        open_runtime(str(folder), passphrase="not the one")
    assert NAME.encode() in on_disk(folder)  # a refused start changed nothing
    assert cli(["--data-dir", folder, "referrals", "list"]) == 0
    err = capsys.readouterr().err
    assert "now encrypted" in err and "Recovery key" in err
    assert NAME.encode() not in on_disk(folder) and not plain_readable(folder / DATABASE_FILE)
    assert sorted(p.name for p in folder.iterdir()) == sorted([DATABASE_FILE, keys.KEYS_FILE, "settings.toml"])
    assert load_settings(resolve_paths(str(folder))).passphrase_hash == ""
    runtime = open_runtime(str(folder), passphrase=PASSPHRASE)
    try:
        assert demo_names(runtime) == [NAME] and runtime.store.schema_version == SCHEMA_VERSION
        assert runtime.actor.name == "Old Hand" and runtime.recovery_key is None
    finally:
        runtime.close()


def test_setup_on_an_older_folder_without_a_passphrase_keeps_its_data(tmp_path):
    folder = tmp_path / "old"
    old_folder(folder, v1=False)
    settings = load_settings(resolve_paths(str(folder)))
    settings.passphrase_hash = ""  # the first-run dialog was never finished
    save_settings(resolve_paths(str(folder)), settings)
    with pytest.raises(StoreError, match="not set up"):
        open_runtime(str(folder), passphrase=PASSPHRASE)
    runtime = set_up(folder)
    try:
        assert demo_names(runtime) == [NAME] and runtime.recovery_key
    finally:
        runtime.close()
    assert NAME.encode() not in on_disk(folder)


def test_a_crash_while_encrypting_leaves_the_plain_file_or_the_verified_copy(tmp_path):
    folder = tmp_path / "old"
    old_folder(folder, v1=False)
    db = folder / DATABASE_FILE
    backup = db.with_name(f"{db.name}.plain-backup")
    plain = db.read_bytes()
    os.replace(db, backup)  # the crash came between the two renames
    finish_encryption(db)
    assert db.read_bytes() == plain and not backup.exists()
    key = os.urandom(32)
    encrypt_in_place(db, key)
    encrypted = db.read_bytes()
    backup.write_bytes(plain)  # the crash came after the encrypted copy took its place
    finish_encryption(db)
    assert db.read_bytes() == encrypted and not backup.exists()
    store = Store(db, key=key)
    with store.session() as session:
        assert [p.display_name for p in session.exec(select(Person))] == [NAME]
    store.close()


def test_a_runtime_from_the_test_fixture_is_encrypted(runtime):
    """The shared test laptop is an encrypted one, so every test runs on what advisors have."""
    assert runtime.store.encrypted and runtime.data_key is not None
    with runtime.store.session() as session:
        demo.fill(session, runtime.actor, 3, seed=1)
    names = demo_names(runtime)
    raw = on_disk(runtime.paths.data_dir)
    assert names and all(n.encode() not in raw for n in names)
    open_laptop(runtime.paths.data_dir).close()  # a second window opens it with the same passphrase
