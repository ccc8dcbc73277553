"""Starts `liferooms sync` processes for the crash test quickly: imported once, then forked for each sync.

Each child runs exactly what `python -m liferooms_tui --data-dir DIR sync --shared PATH` runs (cli.main),
with its output thrown away. The test kills children with SIGKILL at random times; a child may also kill
itself at a chosen point ("crash point"), so the windows that matter are hit every run, not by luck:
  after-commit  just after a batch is committed to the shared file, before it is marked sent here
  mid-batch     in the middle of settling a batch in the shared file's write transaction
  mid-pull      while pulled rows are being written here
In mode "mark-first" the child carries a deliberate bug (the negative control): it marks a batch sent
before sending it, and its "after-commit" point falls between the two.

Protocol, one JSON line each way: {"runs": [[data_dir, shared, point], ...], "mode": "...", "seed": n}
-> {"pids": [...]} as soon as they run, then {"exits": [...]} when all have ended.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/, for laptops.py

from laptops import PASSPHRASE  # noqa: E402

from liferooms_tui.commands import main as cli  # noqa: E402
from liferooms_tui.sync import push, rows  # noqa: E402


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def install(point: str | None, mode: str, rng: random.Random) -> None:
    if mode == "mark-first":
        def push_batch(conn, store, entries, sender, retry, on_erased=None):
            push.record_outcome(store, push.BatchOutcome(seqs=[e.seq for e in entries]), sender.laptop_id)
            if point == "after-commit":
                die()
            return retry(lambda: push.send_batch(conn, entries, sender))
        push.push_batch = push_batch
    elif point == "after-commit":
        push.record_outcome = lambda *a, **k: die()
    if point == "mid-batch":
        real_settle, left = push._settle, rng.randrange(1, 40)

        def settle(*args):
            nonlocal left
            left -= 1
            if left == 0:
                die()
            return real_settle(*args)
        push._settle = settle
    if point == "mid-pull":
        real_apply = rows.apply_local

        def apply_local(session, table, payloads, **kw):
            written = real_apply(session, table, payloads, **kw)
            if table in ("referral", "referralevent") and written:
                die()
            return written
        rows.apply_local = apply_local


def child(data_dir: str, shared: str, point: str | None, mode: str, seed: int) -> int:
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (fresh objects: no lock inherited from the parent)
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    sys.stdin = io.StringIO(PASSPHRASE + "\n")  # the laptop's data is encrypted: the test passphrase opens it
    install(point, mode, random.Random(seed))
    return cli.main(["--data-dir", data_dir, "--passphrase-stdin", "sync", "--shared", shared, "--wait", "30"])


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        pids = []
        for n, (data_dir, shared, point) in enumerate(request["runs"]):
            pid = os.fork()
            if pid == 0:
                code = 98
                try:
                    code = child(data_dir, shared, point, request["mode"], request["seed"] + n)
                finally:
                    os._exit(code)
            pids.append(pid)
        print(json.dumps({"pids": pids}), flush=True)
        ended = {}
        while len(ended) < len(pids):  # reap each as it ends: a killed child must not linger as a zombie
            pid, status = os.wait()
            ended[pid] = os.waitstatus_to_exitcode(status)
        exits = [ended[pid] for pid in pids]
        print(json.dumps({"exits": exits}), flush=True)


if __name__ == "__main__":
    main()
