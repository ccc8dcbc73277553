"""A one-line question in a modal: goals, free-text activities, reasons, notes. Returns the text or None."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class PromptScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Back", id="prompt.back")]
    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical { width: 90%; max-width: 90; height: auto; border: round $accent;
                              background: $surface; padding: 0 1; }
    """

    def __init__(self, title: str, question: str, value: str = "", *, required: bool = True,
                 placeholder: str = ""):
        super().__init__()
        self.title_text, self.question, self.value = title, question, value
        self.required, self.placeholder = required, placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title", markup=False)
            yield Static(self.question, markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="answer")
            yield Static("Enter to save, Escape to go back.", classes="muted", id="prompt-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if self.required and not text:
            self.query_one("#prompt-hint", Static).update("Type something first, or press Escape to go back.")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
