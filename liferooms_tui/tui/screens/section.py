"""The frame every section shares: header (advisor and site), section bar, the body, status line, footer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header

from liferooms_tui.tui.widgets.section_bar import SectionBar
from liferooms_tui.tui.widgets.status_line import StatusLine


class SectionScreen(Screen):
    """A section of the app. Subclasses give MODE, SECTION, HELP, `compose_body` and their own BINDINGS."""

    MODE = ""
    SECTION = ""
    HELP = ""  # one or two sentences shown at the top of the help screen
    DEFAULT_CSS = """
    SectionScreen > #body { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        yield SectionBar()
        with Vertical(id="body"):
            yield from self.compose_body()
        yield StatusLine()
        yield Footer()

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
