"""`liferooms report` and `liferooms contacts` as a person uses them, on `liferooms demo` data."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from laptops import cli


def run(capsys, *argv):
    code = cli(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    assert cli(["--data-dir", str(folder), "demo", "--people", "20", "--seed", "1"]) == 0
    return folder


def test_demo_data_gives_every_report_something(demo_dir, capsys):
    code, out, err = run(capsys, "--data-dir", str(demo_dir), "report", "--format", "json")
    assert code == 0, err
    tables = {t["table"]: t["rows"] for t in json.loads(out)["tables"]}
    for key in ("referrals_by_need", "referrals_by_partner", "outcomes", "declined_reasons", "partner_load",
                "person_feedback", "wellbeing_change", "offer_balance", "partners_to_check"):
        assert tables[key], key
    assert all(row["People"] not in (0, None) for row in tables["wellbeing_change"])
    summary = {r["Measure"]: r["Value"] for r in tables["summary"]}
    assert summary["Onward referrals made"] not in (0, "<5") and summary["Feedback from people"] != 0
    assert summary["Updates from partners"] != 0


def test_report_csv_opens_as_a_spreadsheet(demo_dir, capsys):
    code, out, err = run(capsys, "--data-dir", str(demo_dir), "report", "--format", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["table", "row", "column", "value"] and all(len(r) == 4 for r in rows)
    assert "\x1b" not in out and "[bold" not in out and "[/" not in out  # no escapes, no rich markup
    about = {r[1]: r[3] for r in rows if r[0] == "about"}
    assert len(about["from"]) == 10 and about["from"][4] == "-"  # ISO dates


def test_report_out_writes_a_private_file(demo_dir, tmp_path, capsys):
    target = tmp_path / "r.csv"
    code, out, err = run(capsys, "--data-dir", str(demo_dir), "report", "--site", "bootle hub", "--from",
                         "2026-01-01", "--format", "csv", "--out", str(target))
    assert code == 0 and out == "" and str(target) in err
    assert os.stat(target).st_mode & 0o777 == 0o600
    code, _, err = run(capsys, "--data-dir", str(demo_dir), "report", "--out", str(tmp_path / "folder") + "/")
    files = list((tmp_path / "folder").iterdir())
    assert code == 0 and len(files) == 1 and files[0].suffix == ".txt"


@pytest.mark.parametrize(("argv", "says"), [
    (["report", "--from", "2026-02-30"], "'2026-02-30' is not a day for --from: February has no 30th; type it as"),
    (["report", "--to", "03/2026"], "'03/2026' is not a day for --to: type it as DD/MM/YYYY (or YYYY-MM-DD)"),
    (["report", "--from", "2026-03-01", "--to", "2026-02-01"], "after it ends"),
    (["report", "--site", "Atlantis"], "not a site we know"),
    (["report", "--format", "xlsx"], "invalid choice: 'xlsx'"),
    (["--volunteer", "report"], "Volunteers' mode"),
])
def test_report_errors_are_one_line(demo_dir, capsys, argv, says):
    code, out, err = run(capsys, "--data-dir", str(demo_dir), *argv)
    assert code != 0 and says in err and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_contacts_for_volunteers_search_and_csv(demo_dir, tmp_path, capsys):
    code, out, err = run(capsys, "--data-dir", str(demo_dir), "--volunteer", "contacts", "--search", "woodwork",
                         "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [r["Partner"] for r in rows] == ["Chisel Sisters Woodwork"] and rows[0]["Phone"].startswith("0151")
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "contacts", "--format", "json")
    assert code == 0 and len(json.loads(out)) >= 120
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "contacts", "--search", "zzzz-nothing")
    assert code == 0 and "0 partners" in out
    code, _, err = run(capsys, "--data-dir", str(demo_dir), "contacts", "--format", "csv", "--out",
                       str(tmp_path / "who.csv"))
    assert code == 0 and os.stat(tmp_path / "who.csv").st_mode & 0o777 == 0o600
