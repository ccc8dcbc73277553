"""`liferooms directory import` and `directory export` from the command line."""

from __future__ import annotations

import io
import json

import pytest
from laptops import cli

from liferooms_tui.commands.openreferral import TextProgress


def run(capsys, *argv):
    code = cli(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def services(n: int, **extra) -> list[dict]:
    return [{"id": f"s{i}", "name": f"Fictional Service {i}", "status": "active", **extra} for i in range(n)]


def test_dry_run_then_import_then_export(tmp_path, capsys):
    data = str(tmp_path / "laptop")
    feed = tmp_path / "council.json"
    feed.write_text(json.dumps(services(3, description="Benefits advice")))
    code, out, err = run(capsys, "--data-dir", data, "directory", "import", str(feed), "--dry-run")
    assert code == 0, err
    assert "Would add 3, update 0, deactivate 0; 0 unchanged, 0 rejected." in out and "Dry run" in out
    code, out, _ = run(capsys, "--data-dir", data, "directory", "import", str(feed), "--json")
    summary = json.loads(out)
    assert code == 0 and summary["counts"]["added"] == 3 and summary["source"] == "council"
    code, out, _ = run(capsys, "--data-dir", data, "directory", "list", "--need", "debt", "--json")
    assert {p["name"] for p in json.loads(out)} >= {"Fictional Service 0", "Fictional Service 2"}
    code, out, err = run(capsys, "--data-dir", data, "directory", "export", "--format", "oruk-json",
                         str(tmp_path / "out.json"))
    assert code == 0, err
    assert "readable by you only" in out
    exported = json.loads((tmp_path / "out.json").read_text())
    assert exported["total_items"] >= 162
    code, out, _ = run(capsys, "--data-dir", data, "directory", "export", "--format", "hsds-csv",
                       str(tmp_path / "out.zip"), "--json")
    assert code == 0 and json.loads(out)["partners"] >= 162


@pytest.mark.parametrize("argv,says", [
    (["directory", "import", "/no/such/file.json"], "does not exist"),
    (["directory", "import", "f.json", "--source", "manual"], "kept for partners added here"),
    (["directory", "export", "--format", "xml", "x"], "invalid choice: 'xml'"),
    (["directory", "export", "out.json"], "required: --format"),
    (["--volunteer", "directory", "import", "f.json"], "Volunteers' mode cannot"),
])
def test_errors_are_one_line(tmp_path, capsys, argv, says):
    code, out, err = run(capsys, "--data-dir", str(tmp_path), *argv)
    assert code in (1, 2) and says in err and err.count("\n") == 1 and "Traceback" not in err


def test_rejections_are_listed_with_id_and_field(tmp_path, capsys):
    feed = tmp_path / "mixed.json"
    feed.write_text(json.dumps([*services(1), {"id": "bad", "name": ["x"]}, {"name": "no id"}]))
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "l"), "directory", "import", str(feed), "--source", "m")
    assert code == 0
    assert "Added 1" in out and "service bad, name: should be text, not a list" in out
    assert "service #3, id: missing" in out


def test_text_progress_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    quiet = io.StringIO()
    TextProgress(quiet)(5, 10)
    assert quiet.getvalue() == ""
    terminal = Terminal()
    bar = TextProgress(terminal)
    for done in range(0, 11):
        bar(done, 10)
    bar.finish()
    shown = terminal.getvalue()
    assert "\rChecking services [" in shown and " 100% 10/10" in shown and shown.endswith("\r")
