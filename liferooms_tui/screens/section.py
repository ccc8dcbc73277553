"""The frame every section shares: header (advisor and site), the section's body, status line, footer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header

from liferooms_tui.widgets.status_line import StatusLine


class SectionScreen(Screen):
    """A section of the app. Subclasses give `compose_body` and their own BINDINGS."""

    SECTION = ""
    HELP = ""  # one or two sentences shown at the top of the help screen

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.compose_body()
        yield StatusLine()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

    @property
    def runtime(self):
        return self.app.runtime

    def on_screen_resume(self) -> None:
        self.sub_title = self.SECTION
        for status in self.query(StatusLine):
            status.refresh_status()
