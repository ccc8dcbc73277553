"""The Reports screen, the feedback dialogs and who's who, driven with Pilot on fictional demo data."""

from __future__ import annotations

import csv
import io

import pytest
from laptops import open_laptop
from sqlmodel import select

from liferooms_tui import demo
from liferooms_tui.db.models import Feedback, Referral
from liferooms_tui.tui.app import create_app
from liferooms_tui.tui.screens.feedback import PartnerUpdateScreen, PersonFeedbackScreen
from liferooms_tui.tui.screens.reports import SECTIONS, ReportsScreen
from liferooms_tui.tui.screens.whos_who import WhosWhoScreen
from liferooms_tui.tui.widgets.bar_chart import BarChart, bar_cells
from tests.tui.screen import wait_for


@pytest.fixture
def make_app(runtime):
    with runtime.store.session() as session:
        demo.fill(session, runtime.actor, 12, seed=4)

    def make(**kw):
        return create_app(runtime, ask_passphrase=False, **kw)

    return make


async def open_reports(app, pilot):
    await pilot.press("f5")
    return await wait_for(pilot, lambda: isinstance(app.screen, ReportsScreen) and app.screen.report is not None
                          and app.screen)


async def worked_out(pilot, screen, done):
    """Wait until the reports shown are for the period asked for, and done(screen) holds."""
    await wait_for(pilot, lambda: screen.report is not None and screen.report.period == screen.period and done())


def screen_text(screen) -> str:
    """Chart titles and table titles as shown (a table's Static holds a rich Table, or Text when empty)."""
    parts = [chart.title for chart in screen.query(BarChart)]
    parts += [getattr(s.content, "title", None) or str(s.content) for s in screen.query(".report-table")]
    return "\n".join(parts)


async def test_reports_screen_shows_charts_and_tables_at_80x24(make_app, runtime):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reports(app, pilot)
        assert screen.report is not None and screen.report.referrals.referrals > 0
        assert screen.query_one("#need-chart", BarChart).bars
        # Partners with a weekly limit that had referrals made in the last four weeks, the most loaded first.
        limited = [p for p in screen.report.load if p.load is not None and p.recent]
        assert [b.label for b in screen.query_one("#load-chart", BarChart).bars] == [p.name for p in limited[:8]]
        assert not screen.query_one("#report").has_class("wide")
        text = screen_text(screen)
        for title in ("Onward referrals by need", "Partner load", "Outcome of referrals", "People's feedback",
                      "Wellbeing change", "Balance of the offer", "Partners to check"):
            assert title in text, title
        await pilot.press("end")
        await pilot.pause()
        assert screen.query_one("#report").scroll_y > 0  # scrolls to the last table


async def test_period_and_site_keys_and_export(make_app, runtime):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reports(app, pilot)
        first = screen.period
        await pilot.press("p")  # 6 -> 12 months
        await worked_out(pilot, screen, lambda: screen.months == 12)
        assert screen.period.end == first.end and screen.period.start < first.start
        await pilot.press("left_square_bracket")
        await worked_out(pilot, screen, lambda: screen.period.end < first.end)
        await pilot.press("t", "s")
        await worked_out(pilot, screen, lambda: screen.period.site == "Bootle Hub")
        assert screen.report.period.site == "Bootle Hub"
        await pilot.press("x")
        exports = runtime.paths.exports
        await wait_for(pilot, lambda: exports.is_dir() and any(exports.glob("*.csv")))
        [path] = list(exports.iterdir())
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert rows[0] == ["table", "row", "column", "value"] and ["about", "site", "value", "Bootle Hub"] in rows


async def test_wide_terminal_uses_two_columns(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_reports(app, pilot)
        assert screen.query_one("#report").has_class("wide")
        outcomes, declined = screen.query_one("#t-outcomes"), screen.query_one("#t-declined_reasons")
        await wait_for(pilot, lambda: outcomes.region.y == declined.region.y  # side by side, once laid out
                       and declined.region.x > outcomes.region.x)


async def test_number_keys_and_n_b_move_through_the_sections(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reports(app, pilot)
        report = screen.query_one("#report")
        tops = {key: screen.query_one(f"#section-{key}").virtual_region.y for key, _, _ in SECTIONS}
        # What a manager acts on comes before the long tables of partners.
        assert tops["summary"] < tops["outcomes"] < tops["load"] < tops["referrals"]
        assert screen.query_one("#t-outcomes").virtual_region.y < screen.query_one("#t-partner_load").virtual_region.y

        def showing(part: str) -> bool:  # the start of this chart or table is in view
            top = screen.query_one(part).region.y
            return report.region.y <= top < report.region.bottom

        await pilot.press("2")
        await wait_for(pilot, lambda: showing("#t-outcomes"))
        assert screen.current_section() == 1 and "2 Outcomes" in current(screen)
        await pilot.press("n")
        await wait_for(pilot, lambda: showing("#t-partner_load") and screen.current_section() == 2)
        await pilot.press("8")
        await wait_for(pilot, lambda: showing("#t-partners_to_check") and "8 To check" in current(screen))
        await pilot.press("b")
        await wait_for(pilot, lambda: screen.current_section() == 6 and showing("#t-offer_balance"))
        await pilot.press("1")
        await wait_for(pilot, lambda: report.scroll_y == 0)
        # Every key has an id, and the section keys are in the command palette too.
        ids = {b.id for b in ReportsScreen.BINDINGS}
        assert {"reports.next_section", "reports.previous_section", "reports.section_outcomes"} <= ids
        commands = {c.title for c in app.screen_commands(screen)}
        assert {"Next section", "Previous section", "Go to Outcomes", "Go to Partners to check"} <= commands


def current(screen) -> str:
    """The section marked in the contents line (shown in reverse)."""
    text = screen.query_one("#contents").content
    return "".join(text.plain[s.start:s.end] for s in text.spans if "reverse" in str(s.style))


def test_bar_cells_are_drawn_in_eighths():
    assert bar_cells(1, 1, 4) == "████"
    assert bar_cells(0.5, 1, 3) == "█▌"
    assert bar_cells(0, 1, 10) == "" and bar_cells(5, 0, 10) == ""
    assert bar_cells(3, 1, 4) == "████"  # capped at the scale


def first_referral(runtime, signposting: bool = False) -> str:
    with runtime.store.session() as session:
        return session.exec(select(Referral.id).where(Referral.signposting == signposting)).first()


async def test_person_feedback_dialog_keeps_what_was_typed_on_error(make_app, runtime):
    app = make_app()
    referral_id = first_referral(runtime)
    results = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(PersonFeedbackScreen(referral_id), results.append)
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#helped").value = "4"
        dialog.query_one("#comment").value = "It got me out of the house"
        dialog.query_one("#day").value = "31/02/2026"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "not a follow-up date" in str(dialog.query_one("#error").render()))
        assert app.screen is dialog
        assert dialog.query_one("#comment").value == "It got me out of the house"
        dialog.query_one("#day").value = ""
        dialog.query_one("#went").value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: results == [True])
        assert app.screen is not dialog
    with runtime.store.session() as session:
        saved = session.exec(select(Feedback).where(Feedback.referral_id == referral_id,
                                                    Feedback.comment == "It got me out of the house")).one()
        assert (saved.source, saved.helped, saved.went, saved.recommend) == ("person", 4, True, None)


async def test_partner_update_dialog(make_app, runtime):
    app = make_app()
    referral_id = first_referral(runtime)
    results = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(PartnerUpdateScreen(referral_id), results.append)
        await pilot.pause()
        dialog = app.screen
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Type what the partner said" in str(dialog.query_one("#error").render()))
        dialog.query_one("#engagement").value = "engaged"
        dialog.query_one("#note").focus()
        await pilot.press(*"Came twice, enjoying it", "enter")
        await wait_for(pilot, lambda: results == [True])
        app.push_screen(PartnerUpdateScreen(referral_id), results.append)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert results == [True, False]
    with runtime.store.session() as session:
        saved = session.exec(select(Feedback).where(Feedback.comment == "Came twice, enjoying it")).one()
        assert (saved.source, saved.engagement, saved.referral_id) == ("partner", "engaged", referral_id)


@pytest.mark.parametrize("volunteer", [False, True])
async def test_whos_who_search_and_export(tmp_path, volunteer):
    runtime = open_laptop(tmp_path / "laptop", role="volunteer" if volunteer else "advisor")
    app = create_app(runtime, ask_passphrase=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            app.push_screen(WhosWhoScreen())
            await pilot.pause()
            screen = app.screen
            contacts = screen.query_one("#contacts")
            await wait_for(pilot, lambda: contacts.row_count >= 120)
            await pilot.press(*"woodwork")
            await wait_for(pilot, lambda: contacts.row_count == 1)
            assert "Chisel Sisters Woodwork" in str(screen.query_one("#contact-detail").render())
            await pilot.press("ctrl+s")
            exports = runtime.paths.exports
            await wait_for(pilot, lambda: exports.is_dir() and any(exports.glob("*.csv")))
            [path] = list(exports.iterdir())
            rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
            assert [r["Partner"] for r in rows] == ["Chisel Sisters Woodwork"]
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, WhosWhoScreen)
    finally:
        runtime.close()
