"""Everything one run of liferooms needs, opened once: paths, settings, the local store, who is acting.

A data folder is set up once (`setup_laptop`: `liferooms setup`, or the app's first-run dialog): the advisor's
name and site, the laptop's role, and for an advisor the passphrase that opens the encrypted database. The role is
kept in the keys file and cannot be changed afterwards: a volunteer's laptop never holds personal data.
"""

from __future__ import annotations

from dataclasses import dataclass

from liferooms_tui.access import Actor
from liferooms_tui.config import Paths, Settings, load_settings, resolve_paths, save_settings
from liferooms_tui.courses import sample as sample_courses
from liferooms_tui.db import keys as keyring
from liferooms_tui.db.keys import DEFAULT_COST, Cost, KeyProblem, check_new_passphrase
from liferooms_tui.db.store import (
    BUSY_TIMEOUT_MS,
    Store,
    StoreError,
    encrypt_in_place,
    finish_encryption,
    is_plain_sqlite,
)
from liferooms_tui.directory.sample import seed_if_empty
from liferooms_tui.vocabulary import ROLES, SITES, InvalidValue

MAX_NAME = 80  # an advisor's name, as shown in the header and the history of each change


class NotSetUp(StoreError):
    def __init__(self, paths: Paths):
        super().__init__(f"The data folder {paths.data_dir} is not set up yet: run 'liferooms setup --advisor NAME "
                         "--site SITE' (or start the app, which asks the same).")


class PassphraseNeeded(StoreError):
    def __init__(self) -> None:
        super().__init__("This laptop's data is encrypted: give the passphrase (typed when asked at a terminal, or "
                         "on the first line of input with --passphrase-stdin).")


@dataclass
class Runtime:
    paths: Paths
    settings: Settings
    store: Store
    actor: Actor
    keys: keyring.Keys
    data_key: bytes | None = None
    recovery_key: str | None = None  # set once, when this run made one (an upgraded folder): show it, then forget

    def close(self) -> None:
        self.store.close()


def is_set_up(data_dir: str | None = None) -> bool:
    paths = resolve_paths(data_dir)
    return keyring.keys_path(paths.data_dir).exists() or paths.database.exists()


def role_of(data_dir: str | None = None) -> str | None:
    """The role the folder was set up with ("advisor", "volunteer"), or None when not set up (or set up before
    roles were kept: those are advisors' folders, opened and encrypted with their passphrase)."""
    try:
        kept = keyring.read_keys(resolve_paths(data_dir).data_dir)
    except KeyProblem:
        return None
    return kept.role if kept else None


def open_runtime(data_dir: str | None = None, *, passphrase: str | None = None,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Runtime:
    """Open a data folder that was set up: an advisor's needs the passphrase (WrongPassphrase otherwise), a
    volunteer's does not. A folder from before encryption is encrypted in place on this first open, with the
    passphrase it had (a recovery key is made then: runtime.recovery_key, to be shown once).
    `busy_timeout_ms`: how long a write waits for another writer before it is said to be busy."""
    paths = resolve_paths(data_dir)
    finish_encryption(paths.database)
    kept = keyring.read_keys(paths.data_dir)
    if kept is None:
        return _upgrade(paths, passphrase, busy_timeout_ms)
    settings = load_settings(paths)
    data_key = None
    if kept.encrypted:
        if passphrase is None:
            raise PassphraseNeeded()
        data_key = kept.open_with_passphrase(passphrase)
    return _open(paths, settings, kept, data_key, busy_timeout_ms)


def _open(paths: Paths, settings: Settings, kept: keyring.Keys, data_key: bytes | None, busy_timeout_ms: int,
          recovery_key: str | None = None) -> Runtime:
    if data_key is not None and paths.database.exists() and paths.database.stat().st_size \
            and is_plain_sqlite(paths.database):
        encrypt_in_place(paths.database, data_key)
    store = Store(paths.database, key=data_key, busy_timeout_ms=busy_timeout_ms)
    try:
        if settings.sample_directory:  # the fictional sample directory, and the sample courses its partners run
            with store.session() as session:
                seed_if_empty(session)
                sample_courses.seed_if_empty(session)
    except BaseException:
        store.close()
        raise
    role = kept_role(kept, settings.role)
    if settings.role != role:  # the role is the one set up with, whatever the settings file says
        settings.role = role
        save_settings(paths, settings)
    actor = Actor(name=settings.advisor, site=settings.site, role=role, laptop_id=settings.laptop_id)
    return Runtime(paths=paths, settings=settings, store=store, actor=actor, keys=kept, data_key=data_key,
                   recovery_key=recovery_key)


def kept_role(kept: keyring.Keys, in_settings: str) -> str:
    """A volunteer's laptop stays one; an advisor's laptop is an advisor's or the safeguarding lead's (settings
    say which), never a volunteer's: the data on it is encrypted and asked for by passphrase."""
    if kept.role == "volunteer":
        return "volunteer"
    return in_settings if in_settings != "volunteer" else "advisor"


def _upgrade(paths: Paths, passphrase: str | None, busy_timeout_ms: int) -> Runtime:
    """A folder written before encryption: its advisor's passphrase (kept as a hash in the settings) now also
    opens the data, which is encrypted in place."""
    if not paths.database.exists() or not paths.settings.exists():
        raise NotSetUp(paths)
    settings = load_settings(paths)
    if settings.role == "volunteer" or not settings.passphrase_hash:
        raise NotSetUp(paths)
    if passphrase is None:
        raise PassphraseNeeded()
    if not keyring.verify_old_hash(passphrase, settings.passphrase_hash):
        raise keyring.WrongPassphrase()
    kept, data_key, recovery = keyring.new_keys(paths.data_dir, "advisor", passphrase)
    assert data_key is not None
    encrypt_in_place(paths.database, data_key)
    kept.save()
    settings.passphrase_hash = ""  # the keys file checks the passphrase from now on
    save_settings(paths, settings)
    return _open(paths, settings, kept, data_key, busy_timeout_ms, recovery)


DIRECTORY_CHOICES = ("sample", "empty")  # the fictional sample directory (for training), or none


def setup_laptop(data_dir: str | None, *, advisor: str, site: str, role: str = "advisor",
                 passphrase: str | None = None, second: str | None = None, cost: Cost = DEFAULT_COST,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS, directory: str = "sample") -> Runtime:
    """Set up a data folder: name, site, role (kept for good) and, for an advisor, the passphrase. A folder with a
    database from before encryption keeps its data, encrypted in place. Returns the open runtime; for an advisor,
    runtime.recovery_key is the recovery key, to be shown once and kept by the service's lead.
    `directory`: "sample" starts with the fictional sample directory (for training), "empty" with none."""
    paths = resolve_paths(data_dir)
    finish_encryption(paths.database)
    if keyring.read_keys(paths.data_dir) is not None:
        raise InvalidValue(f"The data folder {paths.data_dir} is already set up; nothing was changed. To set up "
                           "this laptop anew, move that folder aside first (its data stays in it).")
    name = " ".join(advisor.split())
    if not name or len(name) > MAX_NAME:
        raise InvalidValue(f"Type your name as colleagues know you (up to {MAX_NAME} characters).")
    if site not in SITES:
        raise InvalidValue(f"Choose where you work: one of {', '.join(SITES)}.")
    if role not in ROLES:
        raise InvalidValue(f"Choose the laptop's role: one of {', '.join(ROLES)}.")
    if directory not in DIRECTORY_CHOICES:
        raise InvalidValue(f"Choose the directory to start with: {' or '.join(DIRECTORY_CHOICES)}.")
    if role == "volunteer":
        if paths.database.exists() and paths.database.stat().st_size:
            raise InvalidValue(f"{paths.database} already holds data: a volunteer's laptop starts from an empty "
                               "data folder; choose another one.")
    else:
        check_new_passphrase(passphrase or "", passphrase or "" if second is None else second)
    settings = load_settings(paths)
    settings.advisor, settings.site, settings.role, settings.passphrase_hash = name, site, role, ""
    settings.sample_directory = directory == "sample"
    kept, data_key, recovery = keyring.new_keys(paths.data_dir, "volunteer" if role == "volunteer" else "advisor",
                                                passphrase, cost)
    if data_key is not None and paths.database.exists() and paths.database.stat().st_size:
        encrypt_in_place(paths.database, data_key)
    kept.save()
    save_settings(paths, settings)
    return _open(paths, settings, kept, data_key, busy_timeout_ms, recovery)


def change_passphrase(runtime: Runtime, first: str, second: str, *, cost: Cost = DEFAULT_COST) -> None:
    """A new passphrase for a runtime opened with the old one: the data key is wrapped again, the database
    is not rewritten."""
    if runtime.data_key is None:
        raise InvalidValue("A volunteer's laptop holds no personal data and has no passphrase.")
    runtime.keys.change_passphrase(runtime.data_key, check_new_passphrase(first, second), cost)


def open_with_recovery_key(data_dir: str | None, recovery_key: str, first: str, second: str, *,
                           cost: Cost = DEFAULT_COST) -> Runtime:
    """A forgotten passphrase: the recovery key opens the data, and a new passphrase is set."""
    paths = resolve_paths(data_dir)
    kept = keyring.read_keys(paths.data_dir)
    if kept is None:
        raise NotSetUp(paths)
    if not kept.encrypted:
        raise InvalidValue("A volunteer's laptop holds no personal data and has no passphrase.")
    new = check_new_passphrase(first, second)
    data_key = kept.open_with_recovery_key(recovery_key)
    kept.change_passphrase(data_key, new, cost)
    return _open(paths, load_settings(paths), kept, data_key, BUSY_TIMEOUT_MS)
