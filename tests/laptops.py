"""Test laptops: data folders set up the way `liferooms setup` does, with a known passphrase and a cheap scrypt
cost (passed in: production code has no testing switch), and the CLI run with --passphrase-stdin."""

from __future__ import annotations

import io
import sys

import sqlcipher3

from liferooms_tui.commands.main import main
from liferooms_tui.config import load_settings, resolve_paths
from liferooms_tui.db.keys import Cost
from liferooms_tui.db.store import key_pragma
from liferooms_tui.runtime import is_set_up, open_runtime, setup_laptop

PASSPHRASE = "a test passphrase"
SERVICE_KEY = bytes(range(32))  # the tests' service key: opens the tests' shared files (sync_helpers.new_shared)
CHEAP = Cost(n=2**4, r=1, p=1)


def set_up(data_dir, *, role: str = "advisor", advisor: str | None = None, site: str | None = None, **kw):
    """Set up a new data folder (keeping the name and site a settings file there already has)."""
    paths = resolve_paths(str(data_dir))
    saved = load_settings(paths) if paths.settings.exists() else None
    return setup_laptop(str(data_dir), advisor=advisor or (saved.advisor if saved else "Advisor"),
                        site=site or (saved.site if saved else "Bootle Hub"), role=role,
                        passphrase=None if role == "volunteer" else PASSPHRASE, cost=CHEAP, **kw)


def open_laptop(data_dir, *, role: str = "advisor", **kw):
    """Open a test laptop, setting it up first when it is new. `kw`: busy_timeout_ms."""
    if not is_set_up(str(data_dir)):
        return set_up(data_dir, role=role, **kw)
    return open_runtime(str(data_dir), passphrase=PASSPHRASE, **kw)


def joined(runtime):
    """The laptop given the tests' service key, as `liferooms shared join` gives it; returns it."""
    from liferooms_tui.sync import service_key

    with runtime.store.session() as session:
        service_key.keep_key(session, runtime.actor, SERVICE_KEY)
    return runtime


def cli(argv, *, stdin: str = PASSPHRASE + "\n") -> int:
    """`liferooms --passphrase-stdin ARGV` with the test passphrase (then `stdin`'s other lines) as input; the
    --data-dir given is set up first when it is new. With "--volunteer" in ARGV, the command runs on a volunteer's
    laptop set up beside it (FOLDER-volunteer): a laptop's role is set up once, not chosen per command."""
    argv = [str(a) for a in argv]
    volunteer = "--volunteer" in argv  # a volunteer's laptop beside the advisor's: FOLDER-volunteer
    if volunteer:
        argv.remove("--volunteer")
    if "--data-dir" in argv:
        at = argv.index("--data-dir") + 1
        if volunteer:
            argv[at] = argv[at].rstrip("/") + "-volunteer"
        if not is_set_up(argv[at]) and not {"setup", "recover"} & set(argv):
            set_up(argv[at], role="volunteer" if volunteer else "advisor").close()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return main(["--passphrase-stdin", *argv])
    finally:
        sys.stdin = saved


def other_connection(runtime, **kw):
    """A second connection to the laptop's encrypted database, as another window or a sync would open it
    (`kw`: sqlcipher3.connect's, e.g. timeout=0)."""
    conn = sqlcipher3.connect(str(runtime.paths.database), **{"isolation_level": None} | kw)
    conn.execute(f"PRAGMA key={key_pragma(runtime.data_key)}")
    return conn
