from __future__ import annotations

import json
import subprocess
import sys

import pytest
from laptops import cli

from liferooms_tui import __version__
from liferooms_tui.vocabulary import NEEDS


def run(capsys, *argv):
    code = cli(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_directory_list_json_has_the_sample_directory(tmp_path, capsys):
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "directory", "list", "--json")
    assert code == 0, err
    partners = json.loads(out)
    assert len(partners) >= 120
    assert set().union(*(p["needs"] for p in partners)) == set(NEEDS)
    assert all(p["contact_phone"].startswith("0151 496 0") for p in partners)


def test_directory_list_by_need(tmp_path, capsys):
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "directory", "list", "--need", "creative", "--json")
    assert code == 0 and all("creative" in p["needs"] for p in json.loads(out))


def test_demo_queues_referrals(tmp_path, capsys):
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "demo", "--people", "20", "--seed", "1", "--json")
    assert code == 0, err
    counts = json.loads(out)
    assert counts["people"] == 20 and counts["referrals"] > 0 and counts["queued"] > 0
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "referrals", "list", "--status", "queued", "--json")
    queued = json.loads(out)
    assert len(queued) == counts["queued"]
    assert {"id", "person_id", "partner_id", "need", "status", "created_at", "origin_site"} <= set(queued[0])


def test_demo_is_repeatable_with_a_seed(tmp_path, capsys):
    _, first, _ = run(capsys, "--data-dir", str(tmp_path / "a"), "demo", "--people", "5", "--seed", "7", "--json")
    _, second, _ = run(capsys, "--data-dir", str(tmp_path / "b"), "demo", "--people", "5", "--seed", "7", "--json")
    assert first == second


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["directory", "list", "--need", "money"], "invalid choice: 'money'"),
        (["demo", "--people", "0"], "--people takes a whole number"),
        (["demo"], "required: --people"),
        (["nonsense"], "invalid choice"),
    ],
)
def test_errors_are_one_line(tmp_path, capsys, argv, says):
    code, out, err = run(capsys, "--data-dir", str(tmp_path), *argv)
    assert code != 0 and says in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_volunteer_cannot_list_referrals(tmp_path, capsys):
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "--volunteer", "referrals", "list")
    assert code == 1 and "Volunteers' mode" in err and out == ""


def test_console_script_version_and_help(tmp_path):
    result = subprocess.run([sys.executable, "-m", "liferooms_tui", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"liferooms {__version__}"
    for argv in (["--help"], ["directory", "--help"], ["directory", "list", "--help"], ["demo", "--help"],
                 ["referrals", "list", "--help"]):
        result = subprocess.run([sys.executable, "-m", "liferooms_tui", *argv], capture_output=True, text=True)
        assert result.returncode == 0 and "usage: liferooms" in result.stdout, argv


def test_counts_are_said_in_words():
    from liferooms_tui.vocabulary import plural
    assert [plural(1, "person"), plural(3, "person"), plural(1, "fictional person"), plural(1_200, "referral")] == [
        "1 person", "3 people", "1 fictional person", "1,200 referrals"]
