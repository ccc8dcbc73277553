"""Files that hold personal data are the owner's only (0600, folders 0700), whatever the umask says."""

from __future__ import annotations

import os
import stat
from datetime import date

import pytest
from laptops import CHEAP, SERVICE_KEY, cli, joined, open_laptop
from sqlmodel import select
from test_erasure import make_person  # noqa: E402  (same folder)

from liferooms_tui import privacy
from liferooms_tui.db.models import Conversation
from liferooms_tui.dropin import prescriptions
from liferooms_tui.runtime import change_passphrase


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """The most careless umask: files would be world-readable unless liferooms says otherwise."""
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.fixture
def laptop(tmp_path, open_umask):
    rt = open_laptop(tmp_path / "laptop")
    yield rt
    rt.close()


def test_database_wal_and_settings_are_private(laptop):
    with laptop.store.session() as session:
        make_person(session, laptop.actor)
    db = laptop.paths.database
    assert mode(laptop.paths.data_dir) == 0o700
    assert mode(db) == 0o600
    for suffix in ("-wal", "-shm"):
        side = db.with_name(db.name + suffix)
        assert side.exists() and mode(side) == 0o600, suffix
    change_passphrase(laptop, "a long passphrase", "a long passphrase", cost=CHEAP)
    assert mode(laptop.paths.settings) == 0o600 and mode(laptop.paths.config_dir) == 0o700
    assert mode(laptop.keys.path) == 0o600


def test_subject_access_exports_are_private_and_say_so(laptop, tmp_path, capsys):
    with laptop.store.session() as session:
        pid = make_person(session, laptop.actor)
        paths = privacy.export_person(session, laptop.actor, pid, laptop.paths.exports)
    assert mode(laptop.paths.exports) == 0o700
    for path in paths:
        assert mode(path) == 0o600 and path.name.startswith("PERSONAL-DATA-")
    chosen = tmp_path / "for-the-person"
    assert cli(["--data-dir", str(laptop.paths.data_dir), "privacy", "export", pid, "--out", str(chosen)]) == 0
    assert "PERSONAL DATA" in capsys.readouterr().err
    assert all(mode(p) == 0o600 for p in chosen.iterdir()) and len(list(chosen.iterdir())) == 2


def test_plan_and_report_exports_are_private(laptop, tmp_path, capsys):
    plan_export = pytest.importorskip("liferooms_tui.dropin.plan_export")
    with laptop.store.session() as session:
        pid = make_person(session, laptop.actor)
        talk = session.exec(select(Conversation).where(Conversation.person_id == pid)).one()
        plan = prescriptions.prescription_for(session, laptop.actor, talk.id)
        for item in prescriptions.items(session, laptop.actor, plan.id):
            prescriptions.set_agreed(session, laptop.actor, item.id, True)
        path = plan_export.export_plan(session, laptop.actor, laptop.paths.exports, talk.id)
    assert mode(path) == 0o600 and path.name.startswith("PERSONAL-DATA-")
    out = tmp_path / "reports"
    code = cli(["--data-dir", str(laptop.paths.data_dir), "report", "--to", str(date.today()), "--format", "csv",
                 "--out", str(out) + "/"])
    assert code == 0, capsys.readouterr().err
    written = list(out.iterdir())
    assert written and all(mode(p) == 0o600 for p in written)


def test_shared_file_and_its_backups_are_private(laptop, tmp_path):
    shared = pytest.importorskip("liferooms_tui.sync.shared")
    engine = pytest.importorskip("liferooms_tui.sync.engine")
    path = shared.init_shared(tmp_path / "shared.db", key=SERVICE_KEY, version=1)  # older: sync backs it up
    assert mode(path) == 0o600
    report = engine.run_sync(joined(laptop), str(path))
    assert report.backup, "an older shared file is backed up before it is upgraded"
    assert mode(report.backup) == 0o600
