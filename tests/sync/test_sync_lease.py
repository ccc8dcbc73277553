"""The lease file: one writer at a time even where file locks lie; stale leases are broken safely."""

from __future__ import annotations

import json
import os
import socket
import time

import pytest

from liferooms_tui.sync.lease import Lease, LeaseBusy, is_stale, read_lease


def soon() -> float:
    return time.monotonic() + 0.2


def write(path, **fields):
    data = {"token": "theirs", "host": "other-host", "pid": 1, "laptop": "lapz", "expires": time.time() + 60}
    path.write_text(json.dumps({**data, **fields}))


def test_one_holder_at_a_time_and_release_frees_it(tmp_path):
    path = tmp_path / "shared.db.lease"
    first = Lease(path, "lapa").acquire(soon())
    info = read_lease(path)
    assert (info.token, info.laptop, info.host, info.pid) == (first.token, "lapa", socket.gethostname(), os.getpid())
    with pytest.raises(LeaseBusy) as busy:
        Lease(path, "lapb").acquire(soon(), sleep=lambda s: None)
    assert busy.value.info.token == first.token
    first.release()
    assert not path.exists()
    with Lease(path, "lapb").acquire(soon()):
        assert read_lease(path).laptop == "lapb"
    assert not path.exists()


def test_a_lease_is_only_released_by_its_holder(tmp_path):
    path = tmp_path / "shared.db.lease"
    mine = Lease(path, "lapa").acquire(soon())
    write(path, token="someone-else")  # e.g. ours expired and another laptop took over
    mine.release()
    assert read_lease(path).token == "someone-else"


def test_expired_and_orphaned_leases_are_stale_live_ones_are_not(tmp_path):
    path = tmp_path / "l"
    write(path)
    assert not is_stale(read_lease(path))
    write(path, expires=time.time() - 1)
    assert is_stale(read_lease(path))
    write(path, host=socket.gethostname(), pid=os.getpid())
    assert not is_stale(read_lease(path))
    write(path, host=socket.gethostname(), pid=2**22 + 12345)  # no such process
    assert is_stale(read_lease(path))


def test_an_unreadable_lease_is_stale_only_once_it_is_old(tmp_path):
    path = tmp_path / "l"
    path.write_bytes(b"")  # a lease being written right now, on a filesystem without hard links
    assert not is_stale(read_lease(path))
    old = time.time() - 60
    os.utime(path, (old, old))
    assert is_stale(read_lease(path))
    with Lease(path, "lapa").acquire(soon()) as lease:
        assert read_lease(path).token == lease.token


def test_breaking_a_stale_lease_never_breaks_a_fresh_one_taken_meanwhile(tmp_path):
    path = tmp_path / "l"
    write(path, token="stale", expires=time.time() - 1)
    seen = read_lease(path)
    write(path, token="fresh")  # another laptop broke it and took a new lease before we got there
    Lease(path, "lapa")._break(seen)
    assert read_lease(path).token == "fresh"
    assert [p.name for p in tmp_path.iterdir()] == ["l"]


def test_renewing_pushes_the_expiry_on(tmp_path):
    path = tmp_path / "l"
    lease = Lease(path, "lapa", seconds=5).acquire(soon())
    before = read_lease(path).expires
    lease.seconds = 500
    lease.renew()
    assert read_lease(path).expires > before + 100 and read_lease(path).token == lease.token
    lease.release()
