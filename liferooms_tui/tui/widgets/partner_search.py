"""The partner search used by the Directory and by the plan: a search box, need filters, results as you type.

Results come from the directory search index (directory/search.py); each says why it matched. The index and this
week's open referrals are read by the services in workers when the search opens (and after an import or a sync);
the search itself runs in memory as the advisor types.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from liferooms_tui.db.models import Partner
from liferooms_tui.directory.capacity import open_referrals_this_week
from liferooms_tui.directory.sample import is_fictional
from liferooms_tui.directory.search import Filters, Hit, PartnerIndex, index_for
from liferooms_tui.partners.current import search_notes
from liferooms_tui.tui.widgets.need_chips import NeedChips
from liferooms_tui.tui.widgets.partner_card import HOW, partner_name
from liferooms_tui.tui.widgets.table import Table
from liferooms_tui.tui.widgets.text import literal, plural, safe
from liferooms_tui.tui.work import Answer, AsksServices
from liferooms_tui.vocabulary import HUBS, NEED_KEYS, NEED_SHORT, NEEDS, InvalidValue, normalise_district

EMPTY = "The directory is empty: import an Open Referral file (Ctrl+Y in the Directory) or add partners."
SHOWN = 300  # partners listed at once (the whole sample directory); typing narrows a bigger one


class IndexRead(Answer):
    value: PartnerIndex


class OpenCountsRead(Answer):
    value: dict[str, int]


class NotesRead(Answer):
    value: dict[str, str]


class PartnerResults(Table):
    BINDINGS = [Binding("enter", "choose", "Choose", show=False, id="partners.choose")]

    def action_choose(self) -> None:
        search = next(a for a in self.ancestors if isinstance(a, PartnerSearch))
        search.choose_highlighted()


class PartnerSearch(AsksServices, Vertical):
    """Type to search; Down to the results; the highlighted partner is posted as it changes."""

    DEFAULT_CSS = """
    PartnerSearch { height: 1fr; }
    PartnerSearch #query { margin: 0; }
    PartnerSearch #filter-line { height: 1; color: $text-muted; padding: 0 1; }
    PartnerSearch PartnerResults { height: 1fr; }
    """
    BINDINGS = [
        Binding("ctrl+t", "cycle_hub", "Hub filter", show=False, id="partners.hub"),
        Binding("ctrl+o", "toggle_capacity", "Has places", id="partners.has_places"),
        Binding("ctrl+g", "focus_needs", "Need filters", id="partners.needs"),
        Binding("ctrl+r", "ask_postcode", "Area", id="partners.area"),
        Binding("ctrl+z", "cycle_delivery", "How delivered", show=False, id="partners.delivery"),
    ]

    class Highlighted(Message):
        def __init__(self, partner: Partner | None, open_referrals: int | None, why: str = "", note: str = ""):
            super().__init__()
            self.partner = partner
            self.open_referrals = open_referrals
            self.why = why
            self.note = note  # paused, or what it said about taking referrals when not a plain yes

    class Chosen(Message):
        def __init__(self, partner: Partner):
            super().__init__()
            self.partner = partner

    def __init__(self, *, needs=(), postcode: str | None = None, id: str | None = None):
        super().__init__(id=id)
        self.filters = Filters(needs=frozenset(needs), postcode=postcode)
        self.hits: list[Hit] = []
        self.index: PartnerIndex | None = None  # once read
        self.open_counts: dict[str, int] = {}
        self.notes: dict[str, str] = {}  # paused, or not a plain yes to referrals: said before why it matched

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Search: type a need, a word the person used, or a partner's name", id="query")
        yield NeedChips(self.filters.needs, id="need-filter")
        yield Static("", id="filter-line", markup=False)
        yield PartnerResults(id="results", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(PartnerResults)
        table.add_column("Partner", key="name")
        table.add_column("Why it matched", key="why")
        self.refresh_index()
        self.query_one("#query", Input).focus()

    def refresh_index(self) -> None:
        """Bring the index up to date (an import or a sync may have changed the directory), keeping the place."""
        self.ask_read(OpenCountsRead, open_referrals_this_week)
        self.ask_read(NotesRead, search_notes)
        self.ask_read(IndexRead, index_for)

    def on_notes_read(self, answer: NotesRead) -> None:
        answer.stop()
        if not answer.error:
            self.notes = answer.value
            self.run_search(keep_place=True)

    def on_open_counts_read(self, answer: OpenCountsRead) -> None:
        answer.stop()
        if not answer.error:  # else the counts stay as they were: capacity is checked again on referring
            self.open_counts = answer.value
            self.run_search(keep_place=True)

    def on_index_read(self, answer: IndexRead) -> None:
        answer.stop()
        if answer.error:
            self.query_one("#filter-line", Static).update(answer.error)
            return
        self.index = answer.value
        self.run_search(keep_place=True)

    def on_working(self, message) -> None:
        message.stop()
        message.prevent_default()
        self.query_one("#filter-line", Static).update(message.text)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "query":
            self.run_search()  # in memory: no database is asked as the advisor types

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "query" and self.hits:
            table = self.query_one(PartnerResults)
            table.focus()

    def on_key(self, event) -> None:
        # Down from the search box, or Down / Enter from the need filters, goes to the results.
        moving = event.key == "down" or (event.key == "enter" and self.query_one(NeedChips).has_focus)
        if moving and (self.query_one("#query", Input).has_focus or self.query_one(NeedChips).has_focus):
            self.query_one(PartnerResults).focus()
            event.stop()

    def on_need_chips_changed(self, event: NeedChips.Changed) -> None:
        event.stop()
        self.filters = Filters(needs=event.needs, hub=self.filters.hub, at_hub=self.filters.at_hub,
                               postcode=self.filters.postcode, has_capacity=self.filters.has_capacity)
        self.run_search()

    def action_focus_needs(self) -> None:
        self.query_one(NeedChips).focus()

    def action_cycle_hub(self) -> None:
        options: list[tuple[str | None, bool]] = [(None, False), (None, True)] + [(h, False) for h in HUBS]
        current = options.index((self.filters.hub, self.filters.at_hub))
        hub, at_hub = options[(current + 1) % len(options)]
        self.filters = Filters(self.filters.needs, hub, at_hub, self.filters.postcode, self.filters.has_capacity)
        self.run_search()

    def action_ask_postcode(self) -> None:
        from liferooms_tui.tui.screens.prompt import PromptScreen

        question = "Only partners that take people from this postcode district (empty for anywhere):"
        self.app.show(PromptScreen("Area", question, self.filters.postcode or "", required=False,
                                          placeholder="e.g. L20"), self.set_postcode)

    def set_postcode(self, typed: str | None) -> None:
        if typed is None:
            return
        try:
            district = normalise_district(typed)
        except InvalidValue as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        f = self.filters
        self.filters = Filters(f.needs, f.hub, f.at_hub, district, f.has_capacity)
        self.run_search()

    def action_cycle_delivery(self) -> None:
        """Any way, then only at a venue, by phone, online, by home visit, and round again."""
        ways = [frozenset(), *(frozenset({w}) for w in HOW)]
        current = ways.index(self.filters.delivery) if self.filters.delivery in ways else 0
        self.filters = replace(self.filters, delivery=ways[(current + 1) % len(ways)])
        self.run_search()

    def action_toggle_capacity(self) -> None:
        f = self.filters
        self.filters = Filters(f.needs, f.hub, f.at_hub, f.postcode, not f.has_capacity)
        self.run_search()

    def describe_filters(self) -> str:
        f = self.filters
        parts = [f"for {' or '.join(NEED_SHORT[n] for n in NEEDS if n in f.needs)}"] if f.needs else []
        if f.postcode:
            parts.append(f"takes {f.postcode}")
        if f.hub:
            parts.append(f"at {f.hub}")
        elif f.at_hub:
            parts.append("at a hub")
        if f.has_capacity:
            parts.append("has capacity this week")
        if f.delivery:
            parts.append(" or ".join(HOW[w] for w in HOW if w in f.delivery))
        keys = " ".join(f"{k.upper()}" for k in NEED_KEYS.values())
        fictional = sum(1 for hit in self.hits if is_fictional(hit.partner))
        kind = "✻ fictional partner" if fictional and fictional == len(self.hits) else "partner"  # the sample
        count = f"the first {SHOWN} {kind}s" if len(self.hits) >= SHOWN else plural(len(self.hits), kind)
        if fictional and kind == "partner":
            count += f" ({fictional} ✻ fictional)"
        shown = count + (f" · {', '.join(parts)}" if parts else "")
        return f"{shown}  (Ctrl+G needs {keys} · Ctrl+R area · Ctrl+T hub · Ctrl+O places)"

    def run_search(self, keep_place: bool = False) -> None:
        if self.index is None:  # still being read: searched as soon as it is
            self.query_one("#filter-line", Static).update("Reading the directory…")
            return
        table = self.query_one(PartnerResults)
        was = self.hits[table.cursor_row].partner.id if keep_place and table.cursor_row < len(self.hits) else None
        query = self.query_one("#query", Input).value
        self.hits = self.index.search(query, self.filters, open_referrals=self.open_counts, limit=SHOWN)
        table.clear()
        for hit in self.hits:
            note = self.notes.get(hit.partner.id)
            why = safe(hit.why, "dim")
            if note:
                why = Text.assemble((literal(note), "yellow"), " · ", why)
            table.add_row(partner_name(hit.partner), why, key=hit.partner.id)
        empty = not self.hits and not query.strip() and self.filters == Filters()
        self.query_one("#filter-line", Static).update(EMPTY if empty else self.describe_filters())
        row = next((i for i, hit in enumerate(self.hits) if hit.partner.id == was), 0)
        table.move_cursor(row=row, animate=False)
        self.post_highlight(row if self.hits else None)

    def post_highlight(self, row: int | None) -> None:
        hit = self.hits[row] if row is not None and row < len(self.hits) else None
        partner = hit.partner if hit else None
        note = self.notes.get(partner.id, "") if partner else ""
        self.post_message(self.Highlighted(partner, self.open_counts.get(partner.id, 0) if partner else None,
                                           hit.why if hit else "", note))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_highlight(event.cursor_row)

    def choose_highlighted(self) -> None:
        table = self.query_one(PartnerResults)
        if self.hits and 0 <= table.cursor_row < len(self.hits):
            self.post_message(self.Chosen(self.hits[table.cursor_row].partner))
