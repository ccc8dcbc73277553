"""A lease file next to the shared file, so one laptop writes at a time even where file locks lie.

SQLite's own locks are not to be trusted on some network filesystems (and on synced folders there are none),
so before writing a laptop creates "<shared file>.lease" exclusively (a hard link of a finished file, or
O_CREAT|O_EXCL where links are not supported), holding its host, process id, laptop id, a random token and
an expiry time. Another laptop waits while the lease is live. A lease is stale, and may be broken, when it
has expired, or when it was taken on this host by a process that no longer runs (a sync killed mid-way).
Breaking renames the lease aside first, so two laptops cannot both break the same lease and both write.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

LEASE_SECONDS = 120.0
UNREADABLE_GRACE = 10.0  # a lease file with no readable content, older than this, is stale


@dataclass(frozen=True)
class LeaseInfo:
    token: str
    host: str
    pid: int
    laptop: str
    expires: float  # seconds since the epoch
    mtime: float = 0.0

    def describe(self) -> str:
        if not self.token:
            return "an unfinished lease file"
        until = time.strftime("%H:%M:%S", time.localtime(self.expires))
        return f"laptop {self.laptop} on {self.host} (process {self.pid}, lease until {until})"


class LeaseBusy(Exception):
    def __init__(self, info: LeaseInfo | None):
        super().__init__(info.describe() if info else "another laptop")
        self.info = info


def lease_path(shared: Path) -> Path:
    return shared.with_name(shared.name + ".lease")


def read_lease(path: Path) -> LeaseInfo | None:
    """The lease as written, None when there is none; an unreadable one has an empty token."""
    try:
        mtime = path.stat().st_mtime
        data = json.loads(path.read_text(encoding="utf-8"))
        return LeaseInfo(str(data["token"]), str(data["host"]), int(data["pid"]), str(data["laptop"]),
                         float(data["expires"]), mtime)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        try:
            return LeaseInfo("", "", 0, "", 0.0, path.stat().st_mtime)
        except FileNotFoundError:
            return None


def process_is_running(pid: int) -> bool:
    """Is there a live process with this id on this host? (A zombie, killed but not yet reaped, is not.)"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return True


def is_stale(info: LeaseInfo, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    if not info.token:
        return now - info.mtime > UNREADABLE_GRACE
    if info.expires < now:
        return True
    return info.host == socket.gethostname() and not process_is_running(info.pid)


class Lease:
    """Held with `with Lease(path, laptop).acquire(deadline):`; released on leaving the block."""

    def __init__(self, path: Path, laptop: str, seconds: float = LEASE_SECONDS):
        self.path, self.laptop, self.seconds = Path(path), laptop, seconds
        self.token = uuid.uuid4().hex
        self.held = False

    def _content(self) -> bytes:
        data = {"token": self.token, "host": socket.gethostname(), "pid": os.getpid(), "laptop": self.laptop,
                "expires": time.time() + self.seconds}
        return json.dumps(data).encode("utf-8")

    def _write_tmp(self) -> Path:
        tmp = self.path.with_name(f"{self.path.name}.{self.token}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(self._content())
            handle.flush()
            os.fsync(handle.fileno())
        return tmp

    def _try_create(self) -> bool:
        tmp = self._write_tmp()
        try:
            os.link(tmp, self.path)
            return True
        except FileExistsError:
            return False
        except OSError:  # no hard links here: create exclusively, then fill in
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                return False
            with os.fdopen(fd, "wb") as handle:
                handle.write(self._content())
                handle.flush()
                os.fsync(handle.fileno())
            return True
        finally:
            tmp.unlink(missing_ok=True)

    def _break(self, seen: LeaseInfo) -> None:
        aside = self.path.with_name(f"{self.path.name}.stale-{uuid.uuid4().hex[:8]}")
        try:
            os.rename(self.path, aside)
        except FileNotFoundError:
            return
        moved = read_lease(aside)
        if moved is not None and moved.token != seen.token:  # a fresh lease was taken meanwhile: put it back
            try:
                os.link(aside, self.path)
            except OSError:
                pass
        aside.unlink(missing_ok=True)

    def acquire(self, deadline: float, sleep=time.sleep) -> Lease:
        """Take the lease, waiting (with backoff) until `deadline` (time.monotonic()); LeaseBusy after."""
        delay = 0.02
        while True:
            if self._try_create():
                self.held = True
                return self
            info = read_lease(self.path)
            if info is not None and is_stale(info):
                self._break(info)
                continue
            if time.monotonic() + delay > deadline:
                raise LeaseBusy(info)
            sleep(delay)
            delay = min(delay * 2, 0.25)

    def renew(self) -> None:
        """Push the expiry on during a long sync (only while the lease is still ours)."""
        info = read_lease(self.path)
        if self.held and info is not None and info.token == self.token:
            os.replace(self._write_tmp(), self.path)

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        info = read_lease(self.path)
        if info is not None and info.token == self.token:
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, *exc) -> None:
        self.release()
