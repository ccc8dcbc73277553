"""Exports hide small numbers ("<5"), open cleanly as a spreadsheet, and never carry markup or formulas."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date

import pytest
from report_fixture import END, START, TODAY, build

from liferooms_tui import reports
from liferooms_tui.db.models import AuditEvent, Partner
from liferooms_tui.reports.layout import export_report, render_report, tables_for
from liferooms_tui.reports.period import Period
from liferooms_tui.reports.tables import Count, Ratio, Stat, Table, cell_text, cell_value, render_wide_csv, rounded

ALL = Period(START, END)


@pytest.fixture
def report_set(session, actor):
    build(session)
    return reports.build_reports(session, actor, ALL, today=TODAY)


def parse(text: str) -> dict[tuple[str, str, str], str]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["table", "row", "column", "value"]
    assert all(len(r) == 4 for r in rows)
    cells = {(t, r, c): v for t, r, c, v in rows[1:]}
    assert len(cells) == len(rows) - 1  # every (table, row, column) once: it pivots back into grids
    return cells


def test_csv_is_one_clean_long_table_with_small_numbers_hidden(report_set):
    cells = parse(render_report(report_set, "csv"))
    assert cells[("about", "from", "value")] == "2026-01-01" and cells[("about", "to", "value")] == "2026-03-31"
    expected = {
        ("summary", "Onward referrals made", "Value"): "10",  # 12, to the nearest 5
        ("summary", "People referred", "Value"): "10",  # 8
        ("summary", "Signposted (nothing sent)", "Value"): "<5",
        ("summary", "Median days from queued to accepted", "Value"): "4.5",
        ("summary", "Feedback from people", "Value"): "5",  # 7
        ("summary", "Updates from partners", "Value"): "<5",
        ("referrals_by_need", "Creative: arts, music, writing, making", "Referrals"): "5",  # 7
        ("referrals_by_need", "Money, debt and benefits", "People"): "<5",
        ("referrals_by_need", "Housing", "Referrals"): "0",  # nobody to identify in a zero
        ("referrals_by_need", "All needs", "People"): "10",
        ("referrals_by_partner", "Courses Gamma", "Referrals"): "<5",
        ("outcomes", "Queued", "Reached"): "10",
        ("outcomes", "Queued", "Now"): "<5",
        ("outcomes", "Sent", "Now"): "0",
        ("declined_reasons", "Full this month", "Referrals"): None,  # typed words: fewer than 5, left out
        ("declined_reasons", "Other reasons (each given fewer than 5 times)", "Referrals"): "<5",
        ("summary", "Referrals stuck (open over 4 weeks, any partner)", "Value"): "5",  # 4 + 2 + 1 = 7
        ("partner_load", "Arts Alpha", "Places a week"): "2",  # partner data: never hidden
        ("partner_load", "Arts Alpha", "Made in the last 4 weeks"): "0",
        ("partner_load", "Arts Alpha", "Load (of the places)"): "0",
        ("partner_load", "Arts Alpha", "Open now"): "<5",
        ("partner_load", "Arts Alpha", "Stuck (open over 4 weeks)"): "<5",
        ("partner_load", "Courses Gamma", "Places a week"): "no limit",
        ("partner_load", "Courses Gamma", "Load (of the places)"): "",
        ("person_feedback", "Arts Alpha", "People"): "5",  # 6
        ("person_feedback", "Arts Alpha", "Helped (1-5)"): "3.2",
        ("person_feedback", "Arts Alpha", "Went"): "5",
        ("person_feedback", "Arts Alpha", "Recommend"): "<5",
        ("person_feedback", "Arts Alpha", "Recent comments"): "Still going | Nice people | Too far",
        ("person_feedback", "Benefits Beta", "Helped (1-5)"): "n<5",
        ("person_feedback", "Benefits Beta", "Recent comments"): "",  # one person's words: left out
        ("wellbeing_change", "Life satisfaction", "People"): "5",
        ("wellbeing_change", "Life satisfaction", "Before"): "3.5",
        ("wellbeing_change", "Life satisfaction", "Change"): "1.5",
        ("wellbeing_change", "Anxious yesterday (lower is better)", "Change"): "-1.3",  # one place: -1.33 would say 3
        ("wellbeing_change", "Life satisfaction", "Better"): "<5",
        ("wellbeing_change", "Life satisfaction", "Worse"): "0",
        ("offer_balance", "Creative: arts, music, writing, making", "Share"): "50",  # 5 of 10, not 7 of 12
        ("offer_balance", "Money, debt and benefits", "Share"): "n<5",
        ("offer_balance", "All practical", "Referrals"): "5",
        ("offer_balance", "All practical", "Share"): "50",
        ("offer_balance", "Not recorded", "Plan items"): "<5",
        ("partners_to_check", "Benefits Beta", "Last verified"): "2024-12-01",
        ("partners_to_check", "Echo Never", "Last verified"): "never",
        ("partners_to_check", "Courses Gamma", "Why"): "no key contact",
    }
    assert {k: cells.get(k) for k in expected} == expected
    # Every count is "<5" or a multiple of 5: nothing small escapes, and nothing exact to take from a total.
    counted = {"Referrals", "People", "Open now", "Made in the last 4 weeks", "Stuck (open over 4 weeks)", "Reached",
               "Now", "Went", "Recommend", "Better", "Same",
               "Worse", "Plan items"}
    assert not [k for k, v in cells.items() if k[2] in counted and v != "<5" and int(v) % 5]
    assert not [k for k, v in cells.items() if k[0] == "summary" and v.isdigit() and int(v) % 5]


def test_rounding_to_the_nearest_five_hides_what_a_total_would_give_away():
    # 12 referrals: 7 creative, 3 debt, 2 learning. Shown exactly with only the 1 to 4 hidden, the total
    # less the creative would say the two hidden ones add up to 5; rounded, 10 - 5 says nothing.
    assert [rounded(n) for n in (0, 5, 6, 7, 8, 12, 13, 3894)] == [0, 5, 5, 5, 10, 10, 15, 3895]
    assert [cell_value(Count(n), suppress=True) for n in (0, 1, 4, 5, 12)] == [0, "<5", "<5", 5, 10]
    assert cell_value(Count(12), suppress=False) == 12  # the screen: exact
    share = Ratio(7, 12, 100, whole_is_count=True, digits=0)
    assert (cell_value(share, suppress=False), cell_value(share, suppress=True)) == (58, 50)
    assert cell_value(Ratio(3, 12, 100, whole_is_count=True), suppress=True) == "n<5"
    assert cell_value(Ratio(9, 0, 100), suppress=True) is None  # no weekly limit: no load


def test_the_screen_shows_exact_figures(report_set):
    tables = {t.key: t for t in tables_for(report_set)}
    arts = next(r for r in tables["partner_load"].rows if r[0] == "Arts Alpha")
    assert [cell_text(c, suppress=False) for c in arts] == ["Arts Alpha", "2", "0", "0%", "4", "4"]
    assert [cell_text(c, suppress=True) for c in arts] == ["Arts Alpha", "2", "0", "0%", "<5", "<5"]


def test_partner_load_in_an_export_is_worked_out_from_the_rounded_count(session, actor):
    build(session)  # January: Arts Alpha had 7 referrals made in the last 4 weeks, 8 places (2 a week)
    rs = reports.build_reports(session, actor, Period(START, date(2026, 1, 31)), today=TODAY)
    arts = next(r for r in {t.key: t for t in tables_for(rs)}["partner_load"].rows if r[0] == "Arts Alpha")
    assert [cell_text(c, suppress=False) for c in arts] == ["Arts Alpha", "2", "7", "88%", "5", "1"]
    # 7 rounds to 5, and 5 of 8 is 62.5% (to the even 62): 88% would say 7; the 5 open and 1 stuck are hidden.
    assert [cell_text(c, suppress=True) for c in arts] == ["Arts Alpha", "2", "5", "62%", "5", "<5"]


def test_json_and_text_are_suppressed_too(report_set):
    data = json.loads(render_report(report_set, "json"))
    by_key = {t["table"]: t for t in data["tables"]}
    assert by_key["summary"]["rows"][0] == {"Measure": "Onward referrals made", "Value": 10}
    assert by_key["summary"]["rows"][2]["Value"] == "<5"
    assert data["about"]["from"] == "2026-01-01"
    text = render_report(report_set, "table")
    assert "Partner load" in text and "<5" in text and "\x1b" not in text


def test_an_empty_period_exports_cleanly(session, actor):
    build(session)
    rs = reports.build_reports(session, actor, Period(START.replace(year=2020), END.replace(year=2020)), today=TODAY)
    cells = parse(render_report(rs, "csv"))
    assert cells[("summary", "Onward referrals made", "Value")] == "0"
    assert cells[("summary", "Median days from queued to accepted", "Value")] == ""
    assert not any(t == "referrals_by_partner" for t, _, _ in cells)
    assert "(nothing in this period)" in render_report(rs, "table")


def test_untrusted_partner_text_is_not_a_formula_or_an_escape(session, actor):
    build(session)
    partner = session.exec(Partner.__table__.select().where(Partner.name == "Arts Alpha")).first()
    row = session.get(Partner, partner.id)
    row.name = "=HYPERLINK(\"http://x\")\x1b[31m"
    session.add(row)
    session.flush()
    cells = parse(render_report(reports.build_reports(session, actor, ALL, today=TODAY), "csv"))
    names = {r for t, r, _ in cells if t == "referrals_by_partner"}
    assert "'=HYPERLINK(\"http://x\")\\x1b[31m" in names
    wide = render_wide_csv(Table("t", "T", ["A", "B"], [["-1+1", Count(3)], ["ok", Stat(1.5, 9)]]))
    assert list(csv.reader(io.StringIO(wide))) == [["A", "B"], ["'-1+1", "<5"], ["ok", "1.5"]]


def test_export_file_is_private_and_audited(session, actor, tmp_path):
    build(session)
    path = export_report(session, actor, ALL, tmp_path / "exports", today=TODAY)
    assert path.parent == tmp_path / "exports" and path.suffix == ".csv" and "PERSONAL" not in path.name
    assert os.stat(path).st_mode & 0o777 == 0o600
    parse(path.read_text(encoding="utf-8"))
    audit = session.exec(AuditEvent.__table__.select().where(AuditEvent.action == "export")).all()
    assert len(audit) == 1 and audit[0].entity == "report"
