"""Reports: what the service can act on, for a period picked by keys and optionally one site.

Ten sections, each reached with its number key (1-9, then 0; n and b: next and previous): the summary and
outcomes first, then partner load, referrals by need and partner, feedback, wellbeing, balance, partners to check,
concerns and referrals in, and the partnership's health (reports/partnership.py). The screen shows exact figures
(advisors only); the CSV export (x) hides small numbers and rounds counts.
Reports over many referrals are worked out in a thread so the screen stays responsive. Narrow terminals get one
column and scroll; wide ones put a section's charts and tables two side by side.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich import box
from rich.table import Table as RichTable
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.widgets import Static

from liferooms_tui.partners.status import Rules
from liferooms_tui.reports import LOAD_WEEKS, ReportSet, build_reports
from liferooms_tui.reports.layout import save_report, tables_for
from liferooms_tui.reports.period import DEFAULT_MONTHS, Period, known_sites, period_ending, resolve_site, shift_period
from liferooms_tui.reports.tables import Count, Ratio, Stat, Table, cell_text
from liferooms_tui.tui.screens.section import SectionScreen
from liferooms_tui.tui.widgets.bar_chart import Bar, BarChart
from liferooms_tui.tui.widgets.text import literal
from liferooms_tui.tui.work import Answer

LENGTHS = [3, 6, 12]  # months, cycled with p
# The report's sections, in order (number keys jump to them): (id, name, charts and tables in it). What a manager
# acts on first, and the long partner tables after it.
SECTIONS: list[tuple[str, str, list[str]]] = [
    ("summary", "Summary", ["t-summary"]),
    ("outcomes", "Outcomes", ["t-outcomes", "t-declined_reasons"]),
    ("load", "Partner load", ["load-chart", "t-partner_load"]),
    ("referrals", "Referrals", ["need-chart", "t-referrals_by_need", "t-referrals_by_partner"]),
    ("feedback", "Feedback", ["t-person_feedback"]),
    ("wellbeing", "Wellbeing", ["t-wellbeing_change"]),
    ("balance", "Balance", ["t-offer_balance"]),
    ("partners", "Partners to check", ["t-partners_to_check"]),
    ("concerns", "Concerns, referrals in", ["t-concerns_by_kind", "t-referrals_in_by_source",
                                            "t-referrals_in_redirected_by_partner"]),
    ("partnership", "Partnership health", ["t-partnership_health", "t-partners_by_owner", "t-capacity_statuses"]),
]
CONTENTS_NAMES = {"load": "Load", "partners": "To check", "concerns": "Concerns",
                  "partnership": "Partnership"}  # in the contents line
WIDE = 140  # columns from which a section puts its charts and tables two side by side


LOAD_TITLE = f"Partner load: made in the last {LOAD_WEEKS} weeks against {LOAD_WEEKS} weeks' places"


class ReportsWorkedOut(Answer):
    value: ReportSet


class SitesKnown(Answer):
    value: list[str]


class SiteResolved(Answer):
    value: tuple[str | None, tuple[str, ...]]


class ReportExported(Answer):
    value: Path


def rich_table(table: Table) -> RichTable | Text:
    """A report table for the screen: exact figures, untrusted text shown literally."""
    if not table.rows:
        return Text.assemble((table.title, "bold"), "\n", ("Nothing in this period.", "dim italic"))
    out = RichTable(title=table.title, title_justify="left", title_style="bold", caption=table.note or None,
                    caption_justify="left", box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    for i, column in enumerate(table.columns):
        numeric = isinstance(table.rows[0][i], (Count, Stat, Ratio, int, float))
        # Figures at most 10 wide (their headings wrap), the words take the rest: a min_width would make Rich
        # crop the last column on a narrow screen instead of wrapping.
        out.add_column(column, justify="right" if numeric else "left", overflow="fold",
                       ratio=None if numeric else 1, max_width=10 if numeric else None)
    for row in table.rows:
        out.add_row(*(Text(literal(cell_text(cell, suppress=False))) for cell in row))
    return out


class ReportsScreen(SectionScreen):
    MODE = "reports"
    SECTION = "Reports"
    HELP = ("Reports for a period and site: referrals by need and partner, outcomes, partner load, people's "
            "feedback, wellbeing change, the balance of creative and practical, partners to check, and the "
            "partnership's health (owners, catch-ups, last contact, induction, capacity). "
            "[ and ] move the period earlier or later, p changes its length, t brings it up to today, s picks a "
            "site, x saves a CSV with small numbers hidden and counts rounded to 5. The number keys 1-9 and 0 go "
            "straight to a section (listed under the period), n and b to the next and previous one; arrow keys "
            "and Page Up/Down scroll.")
    BINDINGS = [
        Binding("left_square_bracket", "shift(-1)", "Earlier", id="reports.earlier"),
        Binding("right_square_bracket", "shift(1)", "Later", id="reports.later"),
        Binding("p", "length", "Length", show=False, id="reports.length"),
        Binding("t", "to_today", "To today", show=False, id="reports.to_today"),
        Binding("s", "site", "Site", show=False, id="reports.site"),
        Binding("x", "export", "Export CSV", id="reports.export"),
        Binding("n", "next_section(1)", "Next section", id="reports.next_section"),
        Binding("b", "next_section(-1)", "Previous section", show=False, id="reports.previous_section"),
        *(Binding(str(i % 10), f"go_to_section({i - 1})", f"Go to {name}", show=False, id=f"reports.section_{key}")
          for i, (key, name, _) in enumerate(SECTIONS, start=1)),  # 1-9, then 0 for the tenth
    ]
    DEFAULT_CSS = """
    ReportsScreen #period { height: 2; padding: 0 1; background: $boost; }
    ReportsScreen #contents { height: auto; padding: 0 1; background: $boost; }
    ReportsScreen #report { height: 1fr; scrollbar-gutter: stable; }
    ReportsScreen .report-section { height: auto; layout: vertical; }
    ReportsScreen #report.wide .report-section { layout: grid; grid-size: 2; grid-rows: auto; grid-gutter: 0 2; }
    ReportsScreen .section-heading { height: 1; padding: 0 1; background: $primary 30%; text-style: bold; }
    ReportsScreen #report.wide .section-heading { column-span: 2; }
    ReportsScreen .report-table { height: auto; padding: 0 1; margin-bottom: 1; }
    ReportsScreen BarChart { margin-bottom: 1; }
    """

    def compose_body(self) -> ComposeResult:
        yield Static("", id="period")
        yield Static(self.contents_text(0), id="contents")
        with VerticalScroll(id="report"):
            for number, (key, name, parts) in enumerate(SECTIONS, start=1):
                with Container(id=f"section-{key}", classes="report-section"):
                    yield Static(f"{number % 10} {name}", classes="section-heading", markup=False)
                    for part in parts:
                        if part == "need-chart":
                            yield BarChart("Onward referrals by need", id=part)
                        elif part == "load-chart":
                            yield BarChart(LOAD_TITLE, id=part)
                        else:
                            yield Static("", id=part, classes="report-table")

    def on_mount(self) -> None:
        self.months = DEFAULT_MONTHS
        self.period: Period = period_ending(date.today(), self.months)
        self.sites: list[str | None] = [None]
        self.report: ReportSet | None = None
        self.ask_read(SitesKnown, known_sites)
        report = self.query_one("#report", VerticalScroll)
        report.focus()
        self.watch(report, "scroll_y", lambda _: self.mark_section(), init=False)
        self.load()

    def on_sites_known(self, answer: SitesKnown) -> None:
        if not answer.error:
            self.sites = [None, *answer.value]

    def on_screen_resume(self) -> None:
        if getattr(self, "report", None) is not None:
            self.load()

    def on_resize(self) -> None:
        self.query_one("#report").set_class(self.size.width >= WIDE, "wide")
        if getattr(self, "report", None) is not None:
            self.draw_charts(self.report)

    # --- Working out the reports -------------------------------------------------------------------------

    def load(self) -> None:
        self.show_period("working out the reports…")
        self.ask(ReportsWorkedOut, build_reports, self.period, check_in_weeks=self.runtime.settings.check_in_weeks,
                 rules=Rules.of(self.runtime.settings))

    def on_reports_worked_out(self, answer: ReportsWorkedOut) -> None:
        if answer.error:
            self.show_period("")
            self.notify(answer.error, severity="error", markup=False)
            return
        self.show(answer.value)

    def show(self, report: ReportSet) -> None:
        if report.period != self.period:
            return  # the period changed while this was worked out; the newer one is on its way
        self.report = report
        self.show_period()
        self.draw_charts(report)
        for table in tables_for(report):
            self.query_one(f"#t-{table.key}", Static).update(rich_table(table))

    def show_period(self, state: str = "") -> None:
        text = Text()
        text.append(f"{self.period.label}", style="bold")
        text.append(f"  ({self.months} months)" + (f"  {state}" if state else ""))
        text.append("\n[ ] earlier/later · p length · t to today · s site · x export CSV", style="dim")
        self.query_one("#period", Static).update(text)

    def draw_charts(self, report: ReportSet) -> None:
        needs = [Bar(r.label, r.referrals, f"{r.referrals} ({r.people} people)") for r in report.referrals.by_need]
        self.query_one("#need-chart", BarChart).set_bars(needs if report.referrals.referrals else [])
        limited = [p for p in report.load if p.load is not None and p.recent]
        show = limited[: 15 if self.size.height >= 40 else 8]
        bars = [Bar(p.name, p.load, f"{p.recent} made / {p.places} places",
                    "bold red" if p.load >= 1 else "bold yellow" if p.load >= 0.75 else "green", marker=1.0)
                for p in show]
        title = LOAD_TITLE + (f" (top {len(show)} of {len(limited)}; │ full)" if limited else "")
        self.query_one("#load-chart", BarChart).set_bars(
            bars, title=title, scale=max([1.0, *(p.load for p in show)]),
            empty=f"No referrals made in the last {LOAD_WEEKS} weeks to a partner with a weekly limit.")

    # --- Moving through the sections -----------------------------------------------------------------------

    def contents_text(self, current: int) -> Text:
        """The sections by number, the one at the top of the report marked (short names: two lines at 80)."""
        text = Text()
        for i, (key, name, _) in enumerate(SECTIONS):
            text.append(f"{(i + 1) % 10} {CONTENTS_NAMES.get(key, name)}", style="bold reverse" if i == current else "")
            text.append("  ")
        text.append("n/b next/previous section", style="dim")
        return text

    def current_section(self) -> int:
        """The section at the top of the scrolled report (the last one starting at or above it)."""
        top = self.query_one("#report", VerticalScroll).scroll_y
        starts = [self.query_one(f"#section-{key}").virtual_region.y for key, _, _ in SECTIONS]
        return max((i for i, y in enumerate(starts) if y <= top + 1), default=0)

    def mark_section(self) -> None:
        self.query_one("#contents", Static).update(self.contents_text(self.current_section()))

    def action_go_to_section(self, index: int) -> None:
        index = max(0, min(index, len(SECTIONS) - 1))
        report = self.query_one("#report", VerticalScroll)
        report.scroll_to(y=self.query_one(f"#section-{SECTIONS[index][0]}").virtual_region.y, animate=False)
        self.query_one("#contents", Static).update(self.contents_text(index))

    def action_next_section(self, step: int) -> None:
        self.action_go_to_section(self.current_section() + step)

    # --- Keys --------------------------------------------------------------------------------------------

    def set_period(self, period: Period) -> None:
        self.period = period
        self.load()

    def action_shift(self, steps: int) -> None:
        moved = shift_period(self.period, self.months, steps)
        if moved.end == self.period.end:
            self.notify("The period already ends today.", markup=False)
            return
        self.set_period(moved)

    def action_length(self) -> None:
        self.months = LENGTHS[(LENGTHS.index(self.months) + 1) % len(LENGTHS)] if self.months in LENGTHS else 6
        self.set_period(period_ending(self.period.end, self.months, self.period.site, self.period.site_names))

    def action_to_today(self) -> None:
        self.set_period(period_ending(date.today(), self.months, self.period.site, self.period.site_names))

    def action_site(self) -> None:
        site = self.sites[(self.sites.index(self.period.site) + 1) % len(self.sites)]
        self.ask_read(SiteResolved, resolve_site, site)

    def on_site_resolved(self, answer: SiteResolved) -> None:
        if answer.error:
            self.notify(answer.error, severity="error", markup=False)
            return
        name, names = answer.value
        self.set_period(Period(self.period.start, self.period.end, name, names))

    def action_export(self) -> None:
        """Save the reports on the screen (small numbers hidden), writing the file in a worker."""
        if self.report is None or self.report.period != self.period:
            self.notify("The reports are still being worked out; press x again in a moment.", markup=False)
            return
        self.ask(ReportExported, save_report, self.report, "csv", self.runtime.paths.exports, folder=True)

    def on_report_exported(self, answer: ReportExported) -> None:
        if answer.error:
            self.notify(f"Could not save the report: {answer.error}", severity="error", markup=False)
            return
        self.notify(f"Saved (small numbers hidden, counts rounded to 5): {answer.value}", title="Report exported",
                    markup=False)
