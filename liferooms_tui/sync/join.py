"""A service's shared file and its key: made once by the lead (`shared init`), given to each advisor's laptop
once (`shared join`, or the Sync section when the laptop has none).

`start_shared` makes a new shared file encrypted with a new service key, or seals the plain shared file a
service has used until now (sealing.py); either way the key is kept on this laptop and returned once, to be
shown and handed over. `join` keeps a key typed or read from a file, after checking it opens the shared file
when that file is reachable (a mistyped key is caught by its check letters before that).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from liferooms_tui.access import require_advisor
from liferooms_tui.sync import directory_file, postgres, sealing, service_key
from liferooms_tui.sync.errors import SyncError
from liferooms_tui.sync.lease import Lease, LeaseBusy, lease_path
from liferooms_tui.sync.shared import Error, explain, init_shared, is_plain, open_shared

KEY_WORDS = ("Service key (shown this once): {key}\n"
             "It opens the shared file, for every advisor's laptop of the service. Give it to each advisor's laptop "
             "once ('liferooms shared join', typed or from a file you hand over, or the Sync section asks for it), "
             "keep a copy where the recovery keys are kept, and never give it to a volunteer's laptop: volunteers "
             "get the directory from the file beside the shared file, which holds no personal data.")


@dataclass(frozen=True)
class Started:
    path: Path
    key: str  # the readable form, shown once
    sealed: bool  # an existing plain shared file was encrypted in place (else a new one was made)


def start_shared(runtime, path: str | Path) -> Started:
    """A new shared file at `path` with a new service key, or today's plain shared file there sealed with one;
    the key is kept on this laptop. Raises SyncError saying why not."""
    require_advisor(runtime.actor, "the service key (it opens the shared file's personal data)")
    if postgres.is_url(path):
        raise SyncError("exists", "A shared store on a PostgreSQL server is made once, by its owner: run 'liferooms "
                        "shared init ADDRESS --laptop-role ROLE' with the owner's address. It needs no service key.")
    path = Path(path).expanduser()
    key = service_key.new_service_key()
    with runtime.store.session() as session:  # kept first: a file sealed with a key nobody has would be lost
        before = service_key.kept_key(session)
        service_key.keep_key(session, runtime.actor, key)
    try:
        sealed = path.is_file() and path.stat().st_size > 0 and is_plain(path)
        _make_or_seal(runtime, path, key, sealed)
    except BaseException:
        if not _opens(path, key):  # nothing was made or sealed with the new key: the laptop keeps the one it had
            with runtime.store.session() as session:
                service_key.keep_key(session, runtime.actor, before) if before else service_key.forget_key(session)
        raise
    return Started(path, service_key.readable(key), sealed)


def _opens(path: Path, key: bytes) -> bool:
    try:
        open_shared(path, key=key, write=False, wait=1.0).close()
    except (SyncError, OSError):
        return False
    return True


def _make_or_seal(runtime, path: Path, key: bytes, sealed: bool) -> None:
    try:
        if sealed:
            _seal_existing(runtime, path, key)
            return
        init_shared(path, key=key)
        shared = open_shared(path, key=key)  # nobody else knows of it yet: no lease needed to publish
        try:
            directory_file.publish(shared)
        finally:
            shared.close()
    except OSError as exc:
        raise SyncError("io", f"A shared file cannot be made at {path} ({exc.strerror or exc}); choose another "
                        "place.") from exc
    except Error as exc:
        raise explain(exc, path) from exc


def _seal_existing(runtime, path: Path, key: bytes) -> None:
    shared = open_shared(path, key=None, write=True, wait=5.0)
    try:
        if not shared.writable:
            raise SyncError("io", f"{path} cannot be written from this laptop, so it cannot be encrypted: run this "
                            "where the share is writable.")
        lease = Lease(lease_path(path), runtime.actor.laptop_id)
        lease.acquire(time.monotonic() + 30)
        with lease:
            if shared.replaced():
                shared.close()
                raise SyncError("exists", f"{path} was encrypted by another laptop meanwhile; nothing was changed.")
            shared = sealing.seal(shared, key, lambda work: work())
            directory_file.publish(shared)
    except LeaseBusy as busy:
        raise SyncError("locked", f"The shared file {path} is being written by {busy}; try again in a few "
                        "minutes. Nothing was changed.") from None
    finally:
        shared.close()


def join(session, actor, typed: str, shared_path: str | None) -> bool:
    """Keep the service key `typed` on this laptop (in its encrypted database); True when it replaced another.
    When the shared file is reachable, the key must open it."""
    require_advisor(actor, "the service key (it opens the shared file's personal data)")
    key = service_key.parse(typed)
    if shared_path and Path(shared_path).expanduser().is_file():
        path = Path(shared_path).expanduser()
        try:
            open_shared(path, key=key, write=False, wait=5.0).close()
        except SyncError as exc:
            if exc.kind == "wrong-key":
                raise SyncError("wrong-key", f"That key does not open the shared file {path}: check it against what "
                                "the lead gave you and type it again. Nothing was kept.") from None
            # the file is busy, damaged or elsewhere: the key is kept, the sync will say what is wrong
    return service_key.keep_key(session, actor, key)
