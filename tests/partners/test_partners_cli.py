"""`liferooms partners ...`: a partner looked after from the command line, JSON in and out, one-line errors and
nothing half-saved."""

from __future__ import annotations

import json
from datetime import date, timedelta

from laptops import cli, open_laptop
from sqlmodel import func, select

from liferooms_tui.db.models import OutboxEntry


def run(capsys, data, *argv):
    code = cli(["--data-dir", str(data), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def queued(data) -> int:
    runtime = open_laptop(data)
    try:
        with runtime.store.session() as session:
            return session.exec(select(func.count()).select_from(OutboxEntry)).one()
    finally:
        runtime.close()


def test_a_partner_added_from_json_edited_paused_verified_and_caught_up_with(capsys, tmp_path):
    data = tmp_path / "laptop"
    fields = tmp_path / "partner.json"
    fields.write_text(json.dumps({"name": "Kite Flyers of Crosby (fictional)", "needs": ["wellbeing"],
                                  "catchment": ["L23"], "contact_name": "Kim Example",
                                  "contact_phone": "0151 496 0707", "hubs": ["Bootle Hub"]}))
    code, out, _ = run(capsys, data, "partners", "add", "--from-json", fields, "--min-age", "16", "--json")
    added = json.loads(out)
    assert code == 0 and added["partner"]["min_age"] == 16 and added["partner"]["catchment"] == ["L23"]
    assert added["partner"]["source"] == "manual" and added["induction"][0]["done_on"] is None
    code, out, _ = run(capsys, data, "partners", "edit", "kite flyers", "--contact-email", "kim@example.org")
    assert code == 0 and out.startswith("Saved Kite Flyers of Crosby (fictional): changed email.")
    code, out, _ = run(capsys, data, "partners", "pause", "Kite Flyers", "--reason", "no volunteers",
                       "--until", "2099-01-01")
    assert code == 0 and "until 01/01/2099" in out
    assert run(capsys, data, "partners", "verify", "Kite Flyers", "--checked", "contact, running")[0] == 0
    met, due = date.today() - timedelta(days=2), date.today() + timedelta(days=60)
    code, out, _ = run(capsys, data, "partners", "catch-up", "Kite Flyers", "--on", met.isoformat(), "--notes",
                       "Going well", "--next", f"{due:%d/%m/%Y}")
    assert code == 0 and f"next due {due:%d/%m/%Y}" in out
    code, out, _ = run(capsys, data, "partners", "show", added["partner"]["id"][:8], "--json")
    shown = json.loads(out)
    assert shown["state"] == "paused" and shown["partner"]["contact_email"] == "kim@example.org"
    assert shown["verifications"][0]["checked"] == ["contact", "running"]
    assert shown["catch_ups"][0]["next_due"] == due.isoformat()
    code, out, _ = run(capsys, data, "partners", "review", "--json")
    mine = next(item for item in json.loads(out) if item["partner_id"] == added["partner"]["id"])
    assert [r["key"] for r in mine["reasons"]] == ["no_owner", "capacity_stale"]


def test_bad_input_is_one_line_and_nothing_is_saved(capsys, tmp_path):
    data = tmp_path / "laptop"
    assert run(capsys, data, "partners", "add", "--name", "Plain Partner (fictional)")[0] == 0
    before = queued(data)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json")
    a_list = tmp_path / "list.json"
    a_list.write_text("[1, 2]")
    cases = [
        (["edit", "Plain Partner", "--contact-phone", "call us", "--schedule", "Mondays"],
         "Phone: 'call us' is not a phone number"),
        (["edit", "Plain Partner", "--catchment", "L20, nowhere"], "Catchment: 'nowhere' is not a postcode district"),
        (["edit", "Plain Partner", "--from-json", bad_json], "is not JSON text"),
        (["edit", "Plain Partner", "--from-json", a_list], "should hold one JSON object of fields"),
        (["edit", "No Such Partner Anywhere", "--schedule", "Mondays"], "No partner 'No Such Partner Anywhere'"),
        (["pause", "Plain Partner", "--reason", "x", "--until", "32/01/2027"], "Paused until: '32/01/2027'"),
        (["verify", "Plain Partner", "--checked", "vibes"], "'vibes' is not something to check"),
        (["catch-up", "Plain Partner", "--on", "tomorrow", "--notes", "x"],
         "Met on: 'tomorrow' is not a day: type it as DD/MM/YYYY"),
        (["capacity", "Plain Partner", "--status", "maybe"], "'maybe' is not a capacity"),
        (["add", "--name", "Other (fictional)", "--max-age", "300"], "Maximum age: 300 is out of range"),
    ]
    for argv, sentence in cases:
        code, out, err = run(capsys, data, "partners", *argv)
        assert code != 0 and out == "" and sentence in err, (argv, err)
        assert err.count("\n") == 1 and "Traceback" not in err
    assert queued(data) == before
