"""`liferooms sync` and `liferooms shared init|check` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from laptops import PASSPHRASE, cli
from sync_helpers import add_referral, make_laptop, new_shared, shared_state

from liferooms_tui.config import load_settings
from liferooms_tui.sync import schema


def run(capsys, *argv):
    code = cli([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def laptop_dir(tmp_path, name="a"):
    rt = make_laptop(tmp_path, name)
    add_referral(rt)
    rt.close()
    return tmp_path / name


def test_sync_json_then_check(tmp_path, capsys):
    home = laptop_dir(tmp_path)
    path = new_shared(tmp_path)
    code, out, err = run(capsys, "--data-dir", home, "sync", "--shared", path, "--json")
    first = json.loads(out)
    assert code == 0 and first["ok"] and first["pushed"] > 0 and first["queued"] == 0, err
    assert set(first) >= {"pushed", "pulled", "rejects", "conflicts", "queued", "message"}
    code, out, _ = run(capsys, "--data-dir", home, "sync", "--shared", path, "--json")
    assert json.loads(out)["pushed"] == 0
    data = shared_state(path)
    code, out, _ = run(capsys, "--data-dir", home, "shared", "check", path, "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["integrity"] == ["ok"]
    assert report["schema_version"] == schema.SCHEMA_VERSION and report["rows"]["referral"] == 1
    assert [lap["laptop_id"] for lap in report["laptops"]] == ["lapa"] and report["laptops"][0]["last_sync_at"]
    assert shared_state(path) == data  # checking writes nothing
    code, out, _ = run(capsys, "--data-dir", home, "shared", "check", path)
    assert code == 0 and "integrity:      ok" in out and "lapa" in out


def test_sync_text_output_and_settings_path(tmp_path, capsys):
    home = laptop_dir(tmp_path)
    path = tmp_path / "team.db"
    code, out, _ = run(capsys, "--data-dir", home, "shared", "init", path, "--use")
    assert code == 0 and "Created the shared file" in out
    assert load_settings(make_paths(home)).shared_path == str(path)
    code, out, err = run(capsys, "--data-dir", home, "sync")
    assert code == 0 and "sent:" in out and "still queued: 0" in out, err


def make_paths(home):
    from liferooms_tui.config import resolve_paths
    return resolve_paths(str(home))


def test_failures_are_one_line_with_a_non_zero_exit(tmp_path, capsys):
    home = laptop_dir(tmp_path)
    missing = tmp_path / "nowhere.db"
    code, out, err = run(capsys, "--data-dir", home, "sync", "--shared", missing)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and str(missing) in err
    code, out, err = run(capsys, "--data-dir", home, "sync", "--shared", missing, "--json")
    answer = json.loads(out)
    assert code == 1 and answer["ok"] is False and answer["error"] == "missing" and answer["queued"] > 0
    path = new_shared(tmp_path)
    code, _, err = run(capsys, "--data-dir", home, "shared", "init", path)
    assert code == 1 and "already exists" in err and "Traceback" not in err
    code, _, err = run(capsys, "--data-dir", home, "shared", "check", missing)
    assert code == 1 and "not found" in err


@pytest.mark.file_only
def test_check_reports_a_damaged_file(tmp_path, capsys):
    home = laptop_dir(tmp_path)
    path = new_shared(tmp_path)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 3: page * 3 + 200] = b"\x00\xff" * 100  # damage inside the file, header intact
    path.write_bytes(bytes(data))
    code, out, err = run(capsys, "--data-dir", home, "shared", "check", path, "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and "malformed" in " ".join(report["integrity"])
    code, out, err = run(capsys, "--data-dir", home, "shared", "check", path)
    assert code == 1 and "integrity:      DAMAGED" in out


def test_as_a_separate_process(tmp_path):
    home = laptop_dir(tmp_path)
    path = new_shared(tmp_path)
    result = subprocess.run([sys.executable, "-m", "liferooms_tui", "--data-dir", str(home), "--passphrase-stdin",
                             "sync", "--shared", str(path), "--json"], input=PASSPHRASE + "\n", capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["pushed"] > 0
