"""The frame every section shares: header (advisor and site), section bar, the body, a line saying when the
database is busy, status line, footer. Sections ask services through the gateway (tui/work.py)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Static

from liferooms_tui.tui.widgets.footer import KeysFooter
from liferooms_tui.tui.widgets.section_bar import SectionBar
from liferooms_tui.tui.widgets.status_line import StatusLine
from liferooms_tui.tui.work import Answer, AsksServices, Working


class SectionScreen(AsksServices, Screen):
    """A section of the app. Subclasses give MODE, SECTION, HELP, `compose_body` and their own BINDINGS."""

    MODE = ""
    SECTION = ""
    HELP = ""  # one or two sentences shown at the top of the help screen
    DEFAULT_CSS = """
    SectionScreen > #body { height: 1fr; }
    SectionScreen > #working { height: auto; padding: 0 1; background: $warning 20%; display: none; }
    SectionScreen > #working.shown { display: block; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        yield SectionBar()
        with Vertical(id="body"):
            yield from self.compose_body()
        yield Static("", id="working", markup=False)
        yield StatusLine()
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

    @property
    def runtime(self):
        return self.app.runtime

    def on_mount(self) -> None:
        self.title = f"liferooms · {self.SECTION}"

    def on_screen_resume(self) -> None:
        for status in self.query(StatusLine):
            status.refresh_status()

    def on_working(self, message: Working) -> None:
        """The database is busy: say so above the status line while the worker asks again."""
        message.stop()
        message.prevent_default()  # instead of the toast AsksServices shows by default
        self.say_working(message.text)

    @on(Answer)
    def _answered(self, answer: Answer) -> None:
        if not answer.busy:
            self.say_working("")  # the database answered: it is no longer busy

    def say_working(self, text: str) -> None:
        for line in self.query("#working").results(Static):
            line.update(text)
            line.set_class(bool(text), "shown")
