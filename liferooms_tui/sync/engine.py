"""Sync: push what this laptop queued to the shared file, pull what changed elsewhere, say how it went.

One sync: open the shared file with the service key this laptop was given (shared.py: checks before any
write), take the lease (lease.py), seal a plain shared file from before encryption (sealing.py), upgrade an
older shared file after a backup, push the queue in batches (push.py), publish the directory beside it for
volunteers (directory_file.py), read what changed elsewhere (pull.py), let go of the lease and close the
file, then apply what was read here. A read-only shared file is only pulled from. Every failure is a
SyncError whose message says where it looked, what happened and that the queue is kept; the last sync's time
and result are written for the status line.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from liferooms_tui import __version__, privacy
from liferooms_tui.access import require_advisor
from liferooms_tui.db.outbox import queued_count
from liferooms_tui.sync import directory_file, postgres, sealing
from liferooms_tui.sync import pull as pulling
from liferooms_tui.sync import push as pushing
from liferooms_tui.sync.errors import SyncError
from liferooms_tui.sync.lease import Lease, LeaseBusy, lease_path
from liferooms_tui.sync.schema import BOOKKEEPING_TABLES
from liferooms_tui.sync.service_key import NO_KEY, laptop_key
from liferooms_tui.sync.shared import (
    Error,
    OperationalError,
    SharedFile,
    explain,
    is_locked,
    is_read_only_error,
    open_shared,
)
from liferooms_tui.sync.status import remember_sync

DEFAULT_WAIT = 30.0  # seconds to wait for a busy shared file before giving up
Progress = Callable[[str, int, int], None]  # (what, done, total)


@dataclass
class SyncReport:
    shared: str
    pushed: int = 0
    unchanged: int = 0
    pulled: int = 0
    rejects: list[dict] = field(default_factory=list)
    sealed: bool = False  # a plain shared file from before encryption was encrypted by this sync
    directory_note: str = ""  # why the directory for volunteers could not be written beside the shared file
    conflicts: int = 0
    queued: int = 0  # still queued after the sync
    read_only: bool = False
    upgraded_from: int | None = None
    backup: str | None = None

    @property
    def summary(self) -> str:
        """A few words for the status line."""
        if self.read_only:
            return "read-only, nothing sent"
        return f"ok, {len(self.rejects)} rejected" if self.rejects else "ok"

    @property
    def message(self) -> str:
        """One sentence saying what happened."""
        if self.read_only:
            return (f"The shared file is read-only here: received {self.pulled} changes; {self.queued} stay queued "
                    "until it can be written.")
        words = [f"sent {self.pushed}", f"received {self.pulled}", f"{len(self.rejects)} rejected",
                 f"{self.conflicts} conflicts kept", f"{self.queued} still queued"]
        return "Synced: " + ", ".join(words) + "."

    def as_dict(self) -> dict:
        return {"ok": True, **asdict(self), "message": self.message}


def shared_path_for(runtime, override: str | None = None) -> Path | str:
    """The shared store to sync with: a file's path, or a `postgresql://` URL (kept as written)."""
    chosen = override or runtime.settings.shared_path
    if not chosen:
        raise SyncError("no-path", "No shared file is set: give one with 'liferooms sync --shared PATH', or set it "
                        "in the Sync section (F6, then p). Your queue is kept.")
    return chosen if postgres.is_url(chosen) else Path(chosen).expanduser()


def _retrier(deadline: float, wait: float, path: Path | str, store) -> Callable:
    def retry(work):
        delay = 0.05
        while True:
            try:
                return work()
            except OperationalError as exc:
                if not is_locked(exc):
                    raise
                if time.monotonic() + delay > deadline:
                    with store.session() as session:
                        queued = queued_count(session)
                    raise SyncError("locked", f"The shared file {path} stayed busy (another laptop was writing "
                                    f"it) for {wait:.0f} seconds. Your {queued} queued changes are kept; sync "
                                    "again in a few minutes.") from exc
                time.sleep(delay)
                delay = min(delay * 2, 2.0)
    return retry


def run_sync(runtime, shared_path: str | None = None, *, wait: float = DEFAULT_WAIT,
             progress: Progress | None = None) -> SyncReport:
    """Sync this laptop with the shared file; raises SyncError (nothing lost) when it cannot. A volunteer's
    laptop only receives the partner directory: it sends nothing and receives no personal data."""
    if not runtime.actor.is_volunteer:
        require_advisor(runtime.actor, "the sync queue (it holds personal data)")
    try:
        path = shared_path_for(runtime, shared_path)
        report = _directory_only(runtime, path, wait) if runtime.actor.is_volunteer else \
            _sync(runtime, path, wait, progress)
    except SyncError as exc:
        with runtime.store.session() as session:
            remember_sync(session, f"failed: {exc.short}", ok=False)
        raise
    with runtime.store.session() as session:
        remember_sync(session, report.summary, ok=True)
    return report


def _sync(runtime, path: Path | str, wait: float, progress: Progress | None) -> SyncReport:
    store, actor = runtime.store, runtime.actor
    deadline = time.monotonic() + wait
    retry = _retrier(deadline, wait, path, store)
    report = SyncReport(shared=str(path))
    if isinstance(path, str):  # PostgreSQL: its login is the key; writers take turns per batch on its lock
        return _sync_server(runtime, path, wait, report, retry, progress)
    key = laptop_key(store)
    if key is None:
        raise SyncError("no-key", f"{NO_KEY} Your queue is kept.")
    shared = open_shared(path, key=key, write=True, wait=wait)
    try:
        file_id = shared.file_id
        if shared.writable:
            lease = Lease(lease_path(path), actor.laptop_id)
            try:
                lease.acquire(deadline)
            except LeaseBusy as busy:
                raise SyncError("locked", f"The shared file {path} is being written by {busy}. Your queue is "
                                "kept; sync again in a few minutes.") from None
            with lease:  # read under the lease too: where locks lie, a reader could see a half-written file
                if shared.replaced():  # another laptop sealed it between our opening it and the lease
                    shared.close()
                    shared = open_shared(path, key=key, write=True, wait=wait)
                if not shared.encrypted:
                    shared = sealing.seal(shared, key, retry)
                    report.sealed = True
                sealing.tidy(shared)
                _write_side(runtime, shared, lease, retry, report, progress)
                if not report.read_only:
                    report.directory_note = _publish(shared)
                snap = pulling.fetch(shared.conn, store, file_id, actor.laptop_id, retry)
        else:
            report.read_only = True
            snap = pulling.fetch(shared.conn, store, file_id, actor.laptop_id, retry)
    except Error as exc:
        raise explain(exc, path) from exc
    except OSError as exc:  # the share went away, or its folder refused the lease file
        raise SyncError("io", f"Could not use the shared file {path} ({exc.strerror or exc}): is the share or "
                        "USB stick still connected, and may this laptop write there? Your queue is kept.") from exc
    finally:
        shared.close()  # and the lease is released: what was read is applied here without holding them
    _apply(runtime, snap, file_id, report, progress)
    return report


def _apply(runtime, snap, file_id: str, report: SyncReport, progress: Progress | None) -> None:
    """Apply what was read (after the shared store was closed), then count what is still queued."""
    store, actor = runtime.store, runtime.actor
    if snap is not None:
        try:
            report.pulled = pulling.apply_snapshot(store, snap, file_id, actor.laptop_id,
                                                   _stage(progress, "Receiving"), _eraser(actor))
        except SQLAlchemyError as exc:
            raise SyncError("local", f"What came from the shared file could not be saved on this laptop "
                            f"({exc.__class__.__name__}). Nothing is lost: your queue is kept and the next sync "
                            "tries again; if this repeats, run 'liferooms shared check'.") from exc
    with store.session() as session:
        report.queued = queued_count(session)


def _sync_server(runtime, url: str, wait: float, report: SyncReport, retry, progress: Progress | None) -> SyncReport:
    """The same sync against a PostgreSQL store: push batch by batch (each one server transaction under its
    write lock, then one local one), then read a snapshot (no lock), close, and apply it here."""
    store, actor = runtime.store, runtime.actor
    shared = open_shared(url, write=True, wait=wait)
    report.shared = str(shared.path)
    try:
        if shared.writable:
            _write_side(runtime, shared, NO_LEASE, retry, report, progress)
        else:
            report.read_only = True
        snap = pulling.fetch(shared.conn, store, shared.file_id, actor.laptop_id, retry)
    except postgres.server_errors() as exc:
        raise postgres.explain(exc, url) from exc
    finally:
        shared.close()
    _apply(runtime, snap, shared.file_id, report, progress)
    return report


class _NoLease:
    """A server store has no lease file: writers take turns on its lock, batch by batch (pgconn.py)."""

    def renew(self) -> None:
        pass


NO_LEASE = _NoLease()


def _publish(shared: SharedFile) -> str:
    """The directory for volunteers, written beside the shared file; a sentence when it could not be (what was
    sent stays sent: volunteers get the directory from the next sync that can write it)."""
    try:
        directory_file.publish(shared)
    except (OSError, *Error) as exc:
        where = directory_file.directory_path(shared.path)
        return (f"The directory for volunteers' laptops could not be written to {where} "
                f"({getattr(exc, 'strerror', None) or exc}); the next sync tries again.")
    return ""


def _directory_only(runtime, path: Path | str, wait: float) -> SyncReport:
    """A volunteer's sync: the directory published beside the shared file (never written), applied here. It
    holds no personal data, so a volunteer's laptop needs no key for it. On a PostgreSQL store: its partner
    table, read only (the volunteers' role should be let read nothing else)."""
    store, laptop_id = runtime.store, runtime.actor.laptop_id
    report = SyncReport(shared=str(path))
    shared = open_shared(path, write=False, wait=wait) if isinstance(path, str) else \
        directory_file.open_directory(path)
    try:
        file_id = shared.file_id
        snap = pulling.fetch(shared.conn, store, file_id, laptop_id,
                             _retrier(time.monotonic() + wait, wait, path, store), pulling.DIRECTORY_TABLES)
    except Error as exc:
        raise explain(exc, Path(path)) from exc
    except postgres.server_errors() as exc:
        raise postgres.explain(exc, str(path)) from exc
    finally:
        shared.close()
    if snap is not None:
        report.pulled = pulling.apply_snapshot(store, snap, file_id, laptop_id)
    return report


def _eraser(actor):
    def erase_here(session, person_ids: list[str]) -> None:
        """A person erased at another laptop: erase what this laptop holds about them too (and queue it)."""
        for person_id in person_ids:
            privacy.erase_person(session, actor, person_id, erased_elsewhere=True)
    return erase_here


def _write_side(runtime, shared: SharedFile, lease: Lease | _NoLease, retry, report: SyncReport, progress) -> None:
    store, actor = runtime.store, runtime.actor
    version = shared.version
    try:
        backup = retry(shared.upgrade)
    except OperationalError as exc:
        if not is_read_only_error(exc):
            raise
        report.read_only = True
        return
    if backup:
        report.upgraded_from, report.backup = version, str(backup)
    queued_tables = pushing.queued_tables(store)
    shared.check_tables(BOOKKEEPING_TABLES + (["received", "conflict", *queued_tables] if queued_tables else []))
    sender = pushing.Sender(actor.laptop_id, actor.origin, actor.site, __version__)
    with store.session() as session:
        total = queued_count(session)
    done, after = 0, 0
    stage = _stage(progress, "Sending")
    while True:
        entries = pushing.unsent(store, after)
        try:
            outcome = pushing.push_batch(shared.conn, store, entries, sender, retry, _eraser(actor))
        except OperationalError as exc:
            if not is_read_only_error(exc):
                raise
            report.read_only = True
            return
        report.pushed += outcome.pushed
        report.unchanged += outcome.unchanged
        report.conflicts += len(outcome.conflicts)
        report.rejects += [{"table": t, "row_id": r, "reason": why} for _, t, r, why in outcome.rejects]
        done += len(entries)
        if stage:
            stage(done, max(total, done))
        if len(entries) < pushing.BATCH:
            return
        after = entries[-1].seq
        lease.renew()


def _stage(progress: Progress | None, what: str):
    if progress is None:
        return None
    return lambda done, total: progress(what, done, total)
