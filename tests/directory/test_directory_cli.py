"""`liferooms directory search` and `directory list` from the command line."""

from __future__ import annotations

import json

import pytest
from laptops import cli


def run(capsys, tmp_path, *argv):
    code = cli(["--data-dir", str(tmp_path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_best_first_with_why(tmp_path, capsys):
    code, out, err = run(capsys, tmp_path, "directory", "search", "hosing", "--json", "--limit", "5")
    assert code == 0, err
    hits = json.loads(out)
    assert len(hits) == 5
    assert {"id", "name", "needs", "score", "why"} <= set(hits[0])
    assert all("housing" in h["needs"] for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert 'you typed "hosing"' in hits[0]["why"]


def test_search_with_filters(tmp_path, capsys):
    code, out, err = run(capsys, tmp_path, "directory", "search", "--need", "debt", "housing", "--postcode",
                         "l20 3ab", "--hub", "bootle", "--capacity", "--json")
    assert code == 0, err
    hits = json.loads(out)
    assert hits and [h["name"] for h in hits] == sorted(h["name"] for h in hits), "empty query: by name"
    for h in hits:
        assert {"debt", "housing"} & set(h["needs"]) and "Bootle Hub" in h["hubs"]
        assert not h["catchment"] or "L20" in h["catchment"]
    code, out, _ = run(capsys, tmp_path, "directory", "search", "", "--need", "creative", "--need", "learning",
                       "--hub", "any", "--json")
    assert code == 0 and all(h["hubs"] for h in json.loads(out))


def test_search_as_text_and_in_volunteers_mode(tmp_path, capsys):
    code, out, err = run(capsys, tmp_path, "--volunteer", "directory", "search", "choir", "--limit", "3")
    assert code == 0, err
    lines = out.strip().splitlines()
    names = [line for line in lines[:-1] if not line.startswith(" ")]  # a name, then why it matched, indented
    assert len(names) == 3 and "Choir" in names[0] and lines[1].startswith("    ")
    code, out, _ = run(capsys, tmp_path, "--volunteer", "directory", "search", "choir", "--limit", "1000", "--json")
    matched = len(json.loads(out))
    assert matched > 3  # the count is of the partners matched, not the limit (it said "3 partners")
    assert lines[-1] == f"{matched} partners match (the best 3 shown; --limit shows more)"
    code, out, _ = run(capsys, tmp_path, "directory", "search", "zzqqxx")
    assert code == 0 and "No partners match" in out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--need", "money"], "'money' is not a need"),
        (["--postcode", "12345"], "not a postcode district"),
        (["--hub", "Narnia"], "not a hub or site"),
        (["--limit", "0"], "--limit takes a whole number"),
    ],
)
def test_bad_values_are_one_line_errors(tmp_path, capsys, argv, says):
    code, out, err = run(capsys, tmp_path, "directory", "search", "debt", *argv)
    assert code == 1 and says in err and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_list_still_works(tmp_path, capsys):
    code, out, err = run(capsys, tmp_path, "directory", "list", "--need", "housing")
    assert code == 0 and out.strip().splitlines()[-1].endswith("partners")
