"""`liferooms crisis`: the national numbers always, the local line and the lead from settings (or 'ask your
lead'), for every role, and a bad settings value says what to write."""

from __future__ import annotations

import json

from laptops import cli

from liferooms_tui.config import load_settings, resolve_paths, save_settings


def run(capsys, *argv):
    code = cli(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_shipped_numbers_and_the_unset_ones(tmp_path, capsys):
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "--volunteer", "crisis")
    assert code == 0, err
    for text in ("116 123", "text SHOUT to 85258", "111, then choose the mental health option", "999"):
        assert text in out
    assert out.count("not set yet: ask your lead") == 2


def test_settings_fill_the_local_line_and_the_lead(tmp_path, capsys):
    paths = resolve_paths(str(tmp_path))
    settings = load_settings(paths)
    settings.local_crisis_line = "0800 000 0000 (fictional)\x1b[31m"
    settings.safeguarding_lead = "Sam Lead (fictional), 0151 000 0000"
    save_settings(paths, settings)
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "crisis", "--json")
    assert code == 0, err
    by_name = {c["name"]: c for c in json.loads(out)}
    assert by_name["Safeguarding lead"]["how"] == "Sam Lead (fictional), 0151 000 0000"
    assert by_name["Safeguarding lead"]["set"] and by_name["Samaritans"]["set"]
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "crisis")
    assert "not set yet" not in out and "\x1b" not in out  # a control character in settings is shown, not obeyed


def test_a_number_without_quotes_in_settings_is_one_sentence(tmp_path, capsys):
    run(capsys, "--data-dir", str(tmp_path), "crisis")
    settings_file = resolve_paths(str(tmp_path)).settings
    text = settings_file.read_text()
    assert 'local_crisis_line = ""' in text  # written with the others, empty, for the lead to fill
    settings_file.write_text(text.replace('local_crisis_line = ""', "local_crisis_line = 8001456570"))
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "crisis")
    assert code == 1 and "local_crisis_line in settings is text, in quotes" in err and "Traceback" not in err
